"""Inter-annotator agreement on the doubly annotated samples, with the metric of `claimattr evaluate`.

Every corpus folder named `*double*` (corpora/annot_double, corpora/double_2026) holds a second,
independent annotation of texts that are also annotated in another corpus (the first annotation).
On the documents both annotated, the first annotation is taken as the reference and the second is
scored against it with claimattr.evaluate.evaluate: claim F1 at Jaccard >= 0.5 and >= 0.8, speaker
and stance agreement over matched claims, end to end. Claim F1 is symmetric, so which side is the
reference only swaps precision and recall.

Usage (from the repository root):
    .venv/bin/python corpora/agreement.py            # print the tables
    .venv/bin/python corpora/agreement.py --write    # also write corpora/AGREEMENT.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimattr.corpora import is_second_annotation, training_corpora
from claimattr.doc import Document
from claimattr.evaluate import Report, evaluate

COMMAND = ".venv/bin/python corpora/agreement.py --write"


def annotations() -> dict[str, tuple[list[Document], list[Document]]]:
    """For each first-annotation corpus that a second annotation repeats, its documents and the
    second annotations of the same ones."""
    corpora = training_corpora()
    second = {doc.doc_id: doc for name, docs in corpora.items() if is_second_annotation(name) for doc in docs}
    out = {}
    for name, docs in corpora.items():
        first = [doc for doc in docs if doc.doc_id in second and not is_second_annotation(name)]
        if first:
            out[name] = (first, [second[doc.doc_id] for doc in first])
    return out


def stance_kappa(report: Report) -> float:
    """Cohen's kappa of the stance labels of matched claims."""
    pairs = [(p.gold.stance, p.pred.stance) for p in report.pairs]
    if not pairs:
        return 0.0
    labels = sorted({label for pair in pairs for label in pair})
    observed = sum(a == b for a, b in pairs) / len(pairs)
    expected = sum((sum(a == l for a, _ in pairs) / len(pairs)) * (sum(b == l for _, b in pairs) / len(pairs))
                   for l in labels)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def exact_counts(report: Report) -> str:
    """How many paired claims agree exactly: span offsets, cue, mention and entity id."""
    pairs = report.pairs
    counts = {
        "span offsets": sum((p.gold.start, p.gold.end) == (p.pred.start, p.pred.end) for p in pairs),
        "cue": sum(p.gold.cue == p.pred.cue for p in pairs),
        "speaker mention": sum(p.gold.speaker.mention == p.pred.speaker.mention for p in pairs),
        "entity id (same string)": sum(p.gold.speaker.entity == p.pred.speaker.entity for p in pairs),
    }
    return "\n".join(f"{'exact ' + what:32}{n:4d}/{len(pairs)}" for what, n in counts.items())


def markdown(parts: dict[str, tuple[list[Document], list[Document]]]) -> str:
    """The AGREEMENT.md text: one table per source and one for all documents."""
    everything = ([d for first, _ in parts.values() for d in first], [d for _, second in parts.values() for d in second])
    lines = [
        "# Inter-annotator agreement", "",
        "Second annotators annotated samples of texts again, independently (the corpora named `*double*`: "
        "`corpora/annot_double` for the first round, `corpora/double_2026` for the corpora added with the dev "
        "split). The first annotation of the same texts is in " + ", ".join(f"`corpora/{n}`" for n in parts) + ". "
        "The figures below score the second annotation against the first with the project's metric "
        "(`claimattr.evaluate.evaluate`, the metric of `claimattr evaluate`), on the documents both "
        "annotated. Claims are paired by character Jaccard >= 0.5; speaker and stance agreement are "
        "over paired claims; end to end needs the span, the speaker and the stance to agree.", "",
        "Reproduce with:", "", "```", COMMAND, "```", ""]
    for title, (first, second) in [*parts.items(), ("all", everything)]:
        report = evaluate(first, second)
        lines += [f"## {title}", "", "```", report.format_table(),
                  f"{'stance kappa':26}{stance_kappa(report):7.3f}", exact_counts(report), "```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write corpora/AGREEMENT.md")
    args = parser.parse_args(argv)
    text = markdown(annotations())
    print(text)
    if args.write:
        (Path(__file__).resolve().parent / "AGREEMENT.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
