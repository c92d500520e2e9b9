"""Plots: what each draws from the documents, and the errors when the data lacks dates/outlets."""

from __future__ import annotations

import sys

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from claimattr import plots  # noqa: E402
from claimattr.doc import Claim, Document, Speaker  # noqa: E402
from claimattr.errors import InputError  # noqa: E402
from claimattr.render import STANCE_COLORS  # noqa: E402

SPEAKERS = {"hadi-al-amiri": "هادي العامري", "john-kirby": "جون كيربي", "other:مصدر أمني": ""}


def make_doc(doc_id: str, claims: list[tuple[str, str]], date: str = "", outlet: str = "") -> Document:
    text = "قال المتحدث إن الوضع مستقر. " * len(claims)
    out = []
    for i, (entity, stance) in enumerate(claims):
        start = i * 28 + 15
        out.append(Claim(f"c{i + 1}", start, start + 11, text[start:start + 11], "indirect",
                         Speaker(entity, SPEAKERS[entity]), stance=stance))
    meta = {k: v for k, v in (("date", date), ("outlet", outlet)) if v}
    return Document(text, doc_id=doc_id, claims=out, meta=meta)


@pytest.fixture
def docs() -> list[Document]:
    return [
        make_doc("a", [("hadi-al-amiri", "oppose"), ("hadi-al-amiri", "oppose"), ("john-kirby", "support")],
                 "2026-07-01T08:00:00Z", "شفق نيوز"),
        make_doc("b", [("hadi-al-amiri", "neutral"), ("other:مصدر أمني", "neutral")],
                 "2026-07-15T08:00:00+03:00", "الجزيرة"),
        make_doc("c", [("john-kirby", "support")], "2026-07-16", "شفق نيوز"),
        make_doc("d", [("john-kirby", "oppose")]),  # no date, no outlet
    ]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_stance_by_speaker_stacks_each_speakers_claims(docs):
    ax = plots.stance_by_speaker(docs, top=2)
    names = [t.get_text() for t in ax.get_yticklabels()]
    # bottom to top: the most quoted (Kirby, equal claims but more articles) at the top
    assert names == ["هادي العامري", "جون كيربي"]
    widths = {(p.get_y(), p.get_facecolor()): p.get_width() for p in ax.patches}
    amiri_row = names.index("هادي العامري")
    by_colour = {matplotlib.colors.to_hex(c): w for (y, c), w in widths.items() if round(y + 0.4) == amiri_row}
    assert by_colour == {STANCE_COLORS["oppose"]: 2, STANCE_COLORS["support"]: 0, STANCE_COLORS["neutral"]: 1}


def test_stance_over_time_counts_claims_per_period(docs):
    ax = plots.stance_over_time(docs, freq="MS")
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}
    assert lines == {"oppose": [2], "support": [2], "neutral": [2]}  # doc d has no date
    weekly = plots.stance_over_time(docs, freq="W")
    assert sum(sum(line.get_ydata()) for line in weekly.get_lines()) == 6


def test_speakers_by_outlet_is_a_count_matrix(docs):
    ax = plots.speakers_by_outlet(docs)
    image = ax.get_images()[0].get_array()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert rows == ["شفق نيوز", "الجزيرة"]
    assert image[rows.index("شفق نيوز")][cols.index("هادي العامري")] == 2
    assert image[rows.index("الجزيرة")][cols.index("other:مصدر أمني")] == 1
    assert image.sum() == 6


def test_plots_draw_on_a_given_axes_and_save(docs, tmp_path):
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.stance_by_speaker(docs, ax=left) is left
    assert plots.stance_over_time(docs, ax=right) is right
    fig.savefig(tmp_path / "plots.png")
    assert (tmp_path / "plots.png").stat().st_size > 1000


def test_missing_data_raises_with_a_fix():
    undated = [make_doc("d", [("john-kirby", "oppose")])]
    with pytest.raises(InputError, match="meta=\\{'date'"):
        plots.stance_over_time(undated)
    with pytest.raises(InputError, match="meta=\\{'outlet'"):
        plots.speakers_by_outlet(undated)
    with pytest.raises(InputError, match="no claims"):
        plots.stance_by_speaker([Document("نص", doc_id="e")])
    with pytest.raises(InputError, match="pandas frequency"):
        plots.stance_over_time([make_doc("a", [("john-kirby", "oppose")], "2026-07-01")], freq="fortnight")


def test_importing_claimattr_plots_does_not_import_matplotlib():
    import subprocess

    code = "import claimattr.plots, sys; print('matplotlib' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
