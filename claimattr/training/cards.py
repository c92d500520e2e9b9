"""Model cards: the README.md of every model folder claimattr trains (what the model is, the data
it was trained on, its figures, and the command that made it)."""

from __future__ import annotations

import os
import shlex
import sys
from collections import Counter
from pathlib import Path
from typing import Mapping, Sequence

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


def model_card(title: str, description: str, docs: Sequence[Document], figures: str | None,
               command: str | None = None) -> str:
    """The README.md text of a model folder; ``figures`` is a preformatted table or ``None``."""
    lines = [f"# {title}", "", description, "", "## Training data", "", data_summary(docs), "",
             "## Figures", ""]
    if figures is None:
        lines.append("No cross-validation was run for this model (pass `--cv K` to add it).")
    else:
        lines += ["```", figures, "```"]
    lines += ["", "## Command", "", "```", command or command_line(), "```", ""]
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
