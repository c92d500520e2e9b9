"""Plots of who says what: stance by speaker, stance over time, speakers by outlet (matplotlib).

Each function takes annotated Documents, draws on ``ax`` (a new figure when ``None``) and returns
the Axes, so plots compose and can be saved with ``ax.figure.savefig(...)``. matplotlib (the
``viz`` extra) and pandas are imported only when a plot is drawn. matplotlib 3.11 (the version
the extra asks for) draws Arabic names joined and right to left; older versions may not. Dates and outlets are read from each document's ``meta`` (``date`` as
ISO 8601, ``outlet``), as pool records and ``nlp(text, meta=...)`` give them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from claimattr.doc import STANCES, Document
from claimattr.errors import ClaimattrError, InputError
from claimattr.render import STANCE_COLORS, as_documents
from claimattr.summary import summarize

if TYPE_CHECKING:
    import pandas
    from matplotlib.axes import Axes


def stance_by_speaker(docs: Document | Iterable[Document], top: int = 15, ax: Axes | None = None) -> Axes:
    """Horizontal stacked bars: the claims of the ``top`` most quoted speakers, by stance."""
    table = summarize(as_documents(docs, "stance_by_speaker()"), by="name").head(top).iloc[::-1]
    if table.empty:
        raise InputError("stance_by_speaker() got no claims: annotate documents first")
    ax = _axes(ax, (8, 0.45 * len(table) + 1.5))
    left = None
    for stance in STANCES:
        ax.barh(table.index, table[stance], left=left, color=STANCE_COLORS[stance], label=stance)
        left = table[stance] if left is None else left + table[stance]
    ax.set_xlabel("claims")
    ax.set_title("Stance toward the US military presence, by speaker")
    ax.legend(loc="lower right")
    return ax


def stance_over_time(docs: Document | Iterable[Document], freq: str = "W", ax: Axes | None = None) -> Axes:
    """Claims of each stance per period (``freq``: a pandas frequency, ``"D"``, ``"W"``,
    ``"MS"``) by the date of their document; documents without a date are left out."""
    import pandas as pd

    frame = _claims(as_documents(docs, "stance_over_time()"))
    frame["date"] = pd.to_datetime(frame["date"], utc=True, errors="coerce", format="ISO8601")
    frame = frame.dropna(subset=["date"])
    if frame.empty:
        raise InputError("stance_over_time() needs dates: no claim's document has an ISO 8601 "
                         "meta['date']; annotate with nlp(text, meta={'date': ...})")
    try:
        grouped = frame.groupby([pd.Grouper(key="date", freq=freq), "stance"]).size()
    except ValueError as exc:
        raise InputError(f"freq={freq!r} is not a pandas frequency; use 'D', 'W' or 'MS'") from exc
    counts = grouped.unstack(fill_value=0).reindex(columns=list(STANCES), fill_value=0)
    ax = _axes(ax, (9, 4))
    for stance in STANCES:
        ax.plot(counts.index, counts[stance], marker="o", color=STANCE_COLORS[stance], label=stance)
    ax.set_ylabel(f"claims per period ({freq})")
    ax.set_title("Stance over time")
    ax.legend()
    ax.figure.autofmt_xdate()
    return ax


def speakers_by_outlet(docs: Document | Iterable[Document], top_speakers: int = 10, top_outlets: int = 10,
                       ax: Axes | None = None) -> Axes:
    """A heat map of claim counts: the most quoted speakers (columns) in the outlets with the
    most claims (rows); documents without ``meta['outlet']`` are left out."""
    import pandas as pd

    frame = _claims(as_documents(docs, "speakers_by_outlet()"))
    frame = frame[frame["outlet"].astype(bool)]
    if frame.empty:
        raise InputError("speakers_by_outlet() needs outlets: no claim's document has "
                         "meta['outlet']; annotate with nlp(text, meta={'outlet': ...})")
    speakers = frame["speaker"].value_counts().index[:top_speakers]
    outlets = frame["outlet"].value_counts().index[:top_outlets]
    table = pd.crosstab(frame["outlet"], frame["speaker"]).reindex(index=outlets, columns=speakers, fill_value=0)
    ax = _axes(ax, (0.8 * len(speakers) + 3, 0.5 * len(outlets) + 2))
    image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(speakers)), speakers, rotation=45, ha="right")
    ax.set_yticks(range(len(outlets)), outlets)
    for (row, col), value in _cells(table):
        ax.text(col, row, str(value), ha="center", va="center",
                color="white" if value > table.to_numpy().max() / 2 else "black")
    ax.figure.colorbar(image, ax=ax, label="claims")
    ax.set_title("Who is quoted where")
    return ax


def _cells(table: pandas.DataFrame) -> list[tuple[tuple[int, int], int]]:
    """The non-zero cells of a count table as ``((row, column), count)``."""
    values = table.to_numpy()
    return [((r, c), int(values[r, c])) for r in range(values.shape[0]) for c in range(values.shape[1])
            if values[r, c]]


def _claims(docs: list[Document]) -> pandas.DataFrame:
    """One row per claim: ``speaker`` (readable name), ``stance``, and the document's ``date``
    and ``outlet`` (empty strings when the meta has none)."""
    import pandas as pd

    rows = [{"speaker": c.speaker.name or c.speaker.entity, "stance": c.stance or "unlabelled",
             "date": str(d.meta.get("date") or ""), "outlet": str(d.meta.get("outlet") or "")}
            for d in docs for c in d.claims]
    return pd.DataFrame(rows, columns=["speaker", "stance", "date", "outlet"])


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of ``size`` inches."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ClaimattrError("plots need matplotlib: pip install 'claimattr[viz]'") from exc
    return plt.subplots(figsize=size, layout="constrained")[1]
