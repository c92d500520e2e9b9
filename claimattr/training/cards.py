"""Model cards: the README.md of every model folder claimattr trains, in the Hugging Face card
format: YAML metadata (language, licence, library, tags, the data sets the training texts came
from, the metrics reported) above a text saying what the model is, the data it was trained on,
its figures, its limits, and the command that made it."""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Mapping, Sequence

from claimattr.doc import Document
from claimattr.evaluate import Report


def command_line() -> str:
    """The command that is running, quoted for a shell."""
    return " ".join(shlex.quote(a) for a in [os.path.basename(sys.argv[0]), *sys.argv[1:]])


def data_summary(docs: Sequence[Document]) -> str:
    """One line on a training corpus: documents, claims, claims by stance."""
    labels = Counter(c.stance for d in docs for c in d.claims if c.stance)
    n_claims = sum(len(d.claims) for d in docs)
    by_stance = ", ".join(f"{label} {n}" for label, n in labels.most_common())
    return f"{len(docs)} documents, {n_claims} claims" + (f" (stance: {by_stance})" if by_stance else "")


def write_card(folder: Path, title: str, description: str, docs: Sequence[Document], figures: str | None,
               command: str | None = None) -> Path:
    """Write ``folder/README.md`` (see :func:`model_card`) and return ``folder``."""
    (folder / "README.md").write_text(model_card(title, description, docs, figures, command), encoding="utf-8")
    return folder


#: What every card says a claimattr model cannot be trusted for.
LIMITATIONS = (
    "Trained on Arabic news articles and Telegram posts about Iraq (2019-2026); stance is toward the "
    "target of the training corpus (for the shipped corpora: the US military presence in Iraq) and means "
    "nothing for another target. About four claims in five of the corpora are neutral, so the model leans "
    "that way on unfamiliar text. Cross-validated figures are measured by document within the training "
    "corpora, whose rules and guidelines were written while reading them: expect lower figures on other "
    "outlets, dialects and years. Do not use the output to judge individuals without reading the claims.")


def card_metadata(docs: Sequence[Document], figures: str | None) -> dict[str, Any]:
    """The Hugging Face metadata of a card: language, licence, library, tags, the data sets the
    training texts came from (the pool a standoff text was read from, else the project's own
    corpora) and, when figures were measured, their metrics."""
    sources = sorted({Path(str(d.meta["source"])).stem if d.meta.get("source") else "claimattr-corpora"
                      for d in docs})
    metadata: dict[str, Any] = {"language": ["ar"], "license": "apache-2.0", "library_name": "claimattr",
                                "tags": ["claimattr", "arabic", "claim-attribution", "stance-detection"],
                                "datasets": sources}
    if figures is not None:
        metadata["metrics"] = ["f1", "accuracy"]
    return metadata


def front_matter(metadata: Mapping[str, Any]) -> str:
    """YAML front matter (between ``---`` lines) of string and list-of-string fields; values are
    written as JSON strings, which YAML reads as they are."""
    lines = ["---"]
    for key, value in metadata.items():
        if isinstance(value, (list, tuple)):
            lines += [f"{key}:", *(f"- {json.dumps(str(v), ensure_ascii=False)}" for v in value)]
        else:
            lines.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
    return "\n".join([*lines, "---"])


def model_card(title: str, description: str, docs: Sequence[Document], figures: str | None,
               command: str | None = None) -> str:
    """The README.md text of a model folder; ``figures`` is a preformatted table or ``None``."""
    lines = [front_matter(card_metadata(docs, figures)), "", f"# {title}", "", description, "",
             "## Training data", "", data_summary(docs), "", "## Figures", ""]
    if figures is None:
        lines.append("No cross-validation was run for this model (pass `--cv K` to add it).")
    else:
        lines += ["```", figures, "```"]
    lines += ["", "## Limitations", "", LIMITATIONS, "", "## Command", "", "```", command or command_line(), "```", ""]
    return "\n".join(lines)


def comparison_table(reports: Mapping[str, Report]) -> str:
    """Claims, speaker and end-to-end figures of several systems scored on the same documents."""
    rows = [f"{'':10}{'claims P':>9}{'R':>7}{'F1':>7}{'strict F1':>10}{'speaker acc':>12}{'end-to-end F1':>14}"]
    for name, r in reports.items():
        rows.append(f"{name:10}{r.claims.precision:9.3f}{r.claims.recall:7.3f}{r.claims.f1:7.3f}"
                    f"{r.claims_strict.f1:10.3f}{r.speaker_accuracy:12.3f}{r.end_to_end.f1:14.3f}")
    first = next(iter(reports.values()), None)
    if first is not None:
        rows.append(f"({first.documents} documents, {first.claims.gold} gold claims; end to end needs a stance, "
                    "which these systems do not set, so it is 0 here)" if first.end_to_end.correct == 0
                    else f"({first.documents} documents, {first.claims.gold} gold claims)")
    return "\n".join(rows)
