"""From an annotator's working file to standoff gold, and the checks every corpus must pass.

Annotators write claims as *text fragments* of the article, which is how a person reads it;
the corpus keeps only offsets, kinds and labels (the article's owners never licensed its text
to us). :func:`resolve_record` turns one working record into a standoff gold record, and
:func:`check_corpus` checks a whole corpus against its texts. The command line wraps both:
``claimattr corpora resolve WORK.jsonl -o gold.jsonl`` and ``claimattr corpora check``.

A working record (one JSON object a line; never committed, since it holds article text)::

    {"doc_id": "naya:81649", "source": "corpora/telegram_pool.jsonl",
     "claims": [{"span": "بقاء القوات الأمريكية ||| يمثل احتلالاً", "kind": "indirect",
                 "cue": "وقال", "mention": "هادي العامري",
                 "entity": "hadi-al-amiri", "stance": "oppose"}]}

- ``span``: the claim's exact text, or its first words and last words joined by ``|||``.
  Claims are listed in text order; a span is looked for from the previous claim's start on,
  unless ``occ`` says which occurrence of its (first) words in the whole article it is (1-based,
  counting every match as ``str.find`` finds them).
- ``cue`` / ``mention``: exact text or ``null``. The cue is the nearest occurrence before the
  span (``"cue_after": true``: the first after it, for بحسب/وفقاً after the content); the mention
  the occurrence nearest to the cue, or, without a cue, the nearest before the span (a "Name:"
  header). ``cue_occ`` and ``mention_occ`` pick an occurrence of the whole article instead.
- Without an ``occ``, a fragment is only found where it stands as whole words, or, where it
  never does, beside a proclitic (واشنطن in وواشنطن); قال inside استقال is never found.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from claimattr.corpora import standoff_text
from claimattr.doc import KINDS, STANCES, Document, Span
from claimattr.errors import FormatError

ANCHOR_SEPARATOR = "|||"
_OTHER_ID_RE = re.compile(r"^other:\S(?:.*\S)?$")
_REGISTRY_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (diacritics belong to their letter)."""
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


#: Proclitics that a fragment may leave out (و of وواشنطن before the mention واشنطن) or end
#: with (the ل of "وفقاً لتقرير" in the cue "وفقاً ل").
PROCLITICS = frozenset("و ف ب ل ك وب ول وك فب فل لل ولل بال وبال فال وال".split())


def on_word_boundaries(text: str, start: int, end: int, clitics: bool = True) -> bool:
    """True when ``text[start:end]`` splits no word at either end, except (with ``clitics``)
    after a proclitic at its start or at a proclitic that ends it (see :data:`PROCLITICS`)."""
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        if not clitics:
            return False
        word_start = start
        while word_start > 0 and is_word_char(text[word_start - 1]):
            word_start -= 1
        if text[word_start:start] not in PROCLITICS:
            return False
    if end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        if not clitics:
            return False
        piece_start = end
        while piece_start > start and is_word_char(text[piece_start - 1]):
            piece_start -= 1
        return text[piece_start:end] in PROCLITICS
    return True


def occurrences(text: str, fragment: str) -> list[int]:
    """Every start offset of ``fragment`` in ``text``, as ``str.find`` finds them (what an
    ``occ`` number counts)."""
    out, pos = [], text.find(fragment) if fragment else -1
    while pos >= 0:
        out.append(pos)
        pos = text.find(fragment, pos + 1)
    return out


def _whole(text: str, fragment: str, positions: list[int], prefer_strict: bool = False) -> list[int]:
    """The positions where ``fragment`` stands as whole words or beside a proclitic (واشنطن in
    وواشنطن); with ``prefer_strict``, the latter only where it never stands as whole words. A
    fragment inside a longer word is never taken."""
    end = len(fragment)
    strict = [p for p in positions if on_word_boundaries(text, p, p + end, clitics=False)]
    if prefer_strict and strict:
        return strict
    return [p for p in positions if on_word_boundaries(text, p, p + end)]


def well_formed_entity(entity: str, known: Iterable[str] = ()) -> bool:
    """A registry-style slug (``hadi-al-amiri``), an id of ``known``, or ``other:<name>``."""
    return entity in set(known) or bool(_OTHER_ID_RE.match(entity)) or bool(_REGISTRY_ID_RE.match(entity))


@dataclass(frozen=True)
class _Where:
    """Where a working claim is, for error messages."""

    doc_id: str
    index: int

    def __str__(self) -> str:
        return f"{self.doc_id} claim {self.index}"


def _nth(found: list[int], occ: Any, fragment: str, where: _Where, field: str) -> int:
    if not isinstance(occ, int) or not 1 <= occ <= len(found):
        raise FormatError(f"{where}: {field} occurrence {occ!r} of {fragment!r}: the article has "
                          f"{len(found)} whole-word occurrence(s); give 'occ' between 1 and {len(found)}")
    return found[occ - 1]


def _span(text: str, claim: Mapping[str, Any], cursor: int, where: _Where) -> tuple[int, int]:
    """The claim's offsets from its ``span`` (and ``occ``), searching from ``cursor``."""
    raw = claim.get("span")
    if not isinstance(raw, str) or not raw.strip():
        raise FormatError(f"{where}: 'span' must be the claim's text (or 'first words ||| last words')")
    first, _, last = (part.strip() for part in raw.partition(ANCHOR_SEPARATOR))
    found = occurrences(text, first)
    if "occ" in claim:
        start = _nth(found, claim["occ"], first, where, "span")
    else:
        after = _whole(text, first, [p for p in found if p >= cursor], prefer_strict=True)
        if not after:
            hint = f"it occurs earlier ({len(found)} time(s)): list claims in text order or give 'occ'" \
                if found else "check the spelling, diacritics and invisible marks against the article"
            raise FormatError(f"{where}: span text {first[:40]!r} not found as whole words; {hint}")
        start = after[0]
    if not last:
        return start, start + len(first)
    later = [p for p in occurrences(text, last) if p + len(last) >= start + len(first)]
    ends = [p + len(last) for p in _whole(text, last, later, prefer_strict=True)]
    if not ends:
        raise FormatError(f"{where}: the span's last words {last[:40]!r} are not found after its first words")
    return start, ends[0]


def _fragment(text: str, claim: Mapping[str, Any], field: str, near: int, where: _Where,
              after: int | None = None) -> Span | None:
    """The cue or mention of a claim: ``field``'s text resolved to one occurrence."""
    value = claim.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise FormatError(f"{where}: {field} must be exact text without outer spaces, or null")
    found = occurrences(text, value)
    if f"{field}_occ" in claim:
        pos = _nth(found, claim[f"{field}_occ"], value, where, field)
        return Span(pos, pos + len(value), value)
    found = _whole(text, value, found)
    if not found:
        raise FormatError(f"{where}: {field} {value!r} is not in the article as whole words")
    if after is not None:
        later = [p for p in found if p >= after]
        if not later:
            raise FormatError(f"{where}: {field} {value!r} does not occur after the span")
        pos = later[0]
    else:
        before = [p for p in found if p + len(value) <= near]
        nearest = min(found, key=lambda p: abs(p - near))
        pos = nearest if field == "mention" and claim.get("cue") else (before[-1] if before else nearest)
    return Span(pos, pos + len(value), value)


def _labels(claim: Mapping[str, Any], where: _Where, known: Iterable[str]) -> tuple[str, str, str]:
    kind, stance, entity = claim.get("kind"), claim.get("stance"), claim.get("entity")
    if kind not in KINDS:
        raise FormatError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if stance not in STANCES:
        raise FormatError(f"{where}: stance {stance!r} is not one of {', '.join(STANCES)}")
    if not isinstance(entity, str) or not well_formed_entity(entity, known):
        raise FormatError(f"{where}: entity {entity!r} is neither a registry id nor 'other:<name>'")
    return kind, stance, entity


def resolve_record(record: Mapping[str, Any], text: str, known: Iterable[str] = ()) -> dict[str, Any]:
    """The standoff gold record of one working record whose article is ``text``.

    Raises :class:`FormatError` naming the document and the claim for a fragment that is not in
    the article, is ambiguous in a way the record does not settle, or a bad label.
    """
    doc_id = str(record.get("doc_id") or "")
    if not doc_id:
        raise FormatError("a working record has no 'doc_id'")
    known = tuple(known)
    claims, cursor = [], 0
    for i, raw in enumerate(record.get("claims") or [], 1):
        where = _Where(doc_id, i)
        start, end = _span(text, raw, cursor, where)
        cursor = start + 1
        cue = _fragment(text, raw, "cue", start, where, after=end if raw.get("cue_after") else None)
        mention = _fragment(text, raw, "mention", cue.start if cue else start, where)
        kind, stance, entity = _labels(raw, where, known)
        claims.append({"start": start, "end": end, "kind": kind,
                       "cue": cue.to_dict() if cue else None,
                       "speaker": {"entity": entity, "mention": mention.to_dict() if mention else None},
                       "stance": stance})
    claims.sort(key=lambda c: (c["start"], c["end"]))
    out: dict[str, Any] = {"doc_id": doc_id}
    if record.get("source"):
        out["source"] = record["source"]
    out["claims"] = [{"id": f"c{k}", **c} for k, c in enumerate(claims, 1)]
    return out


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL file."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FormatError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc


def check_document(doc: Document, known: Iterable[str] = ()) -> list[str]:
    """Problems of one gold document beyond :func:`claimattr.corpora.validate`: spans, cues and
    mentions that split words or carry outer white space, and ids that are not well formed."""
    known = tuple(known)
    problems = []
    for claim in doc.claims:
        name = f"{doc.doc_id} claim {claim.id!r}"
        spans = [("span", Span(claim.start, claim.end, claim.text)), ("cue", claim.cue),
                 ("mention", claim.speaker.mention)]
        for label, span in spans:
            if span is None or not 0 <= span.start < span.end <= len(doc.text):
                continue
            if not on_word_boundaries(doc.text, span.start, span.end):
                problems.append(f"{name}: the {label} {span.start}:{span.end} splits a word")
            if span.text != span.text.strip():
                problems.append(f"{name}: the {label} {span.start}:{span.end} has outer white space")
        if claim.speaker.entity and not well_formed_entity(claim.speaker.entity, known):
            problems.append(f"{name}: entity {claim.speaker.entity!r} is neither a registry id nor other:<name>")
    return problems


def resolve(paths: Iterable[str | Path], output: str | Path) -> list[str]:
    """Resolve working files into one standoff gold file (records in the files' order) and
    return the problems: fragments not found, bad labels, and :func:`check_document`'s findings
    on the result. Records with a problem that stops their resolution are left out."""
    from claimattr.corpora import read_corpus
    from claimattr.entities import EntityRegistry

    known = tuple(e.id for e in EntityRegistry.default())
    records, problems = [], []
    for path in paths:
        for n, record in read_jsonl(path):
            try:
                text = standoff_text(record, Path(path).parent / "texts", f"{path}:{n}")
                records.append(resolve_record(record, text, known))
            except FormatError as exc:
                problems.append(f"{path}:{n}: {exc}")
    with open(output, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    problems += [p for doc in read_corpus(output) for p in check_document(doc, known)]
    return problems


@dataclass
class CheckReport:
    """What :func:`check` found: a line per corpus and every problem."""

    lines: list[str]
    problems: list[str]

    def __str__(self) -> str:
        return "\n".join([*self.lines, *self.problems])


def _folders(paths: Iterable[str | Path]) -> dict[str, Path]:
    from claimattr.corpora import corpus_file, corpus_folders

    paths = list(paths)
    if not paths:
        return corpus_folders()
    return {corpus_file(p).parent.name: corpus_file(p).parent for p in paths}


def check(paths: Iterable[str | Path] = ()) -> CheckReport:
    """Check corpora (default: all of them) against their texts: offsets in range, span texts
    equal to the article at their offsets, spans on word boundaries, known kinds and stances,
    well-formed ids, no overlapping claims, and split ids that exist. A corpus whose texts are
    not here is skipped with a line that says so."""
    from claimattr.corpora import available, read_corpus, read_splits, validate_corpus
    from claimattr.entities import EntityRegistry

    known = tuple(e.id for e in EntityRegistry.default())
    lines, problems, seen = [], [], set()
    for name, folder in _folders(paths).items():
        if not available(folder):
            lines.append(f"{name}: skipped: {folder} or the texts it needs are not here "
                         "(set CLAIMATTR_SHARED to the shared data folder)")
            continue
        docs = read_corpus(folder)
        found = validate_corpus(docs) + [p for doc in docs for p in check_document(doc, known)]
        seen.update(doc.doc_id for doc in docs)
        claims = sum(len(doc.claims) for doc in docs)
        lines.append(f"{name}: {len(docs)} documents, {claims} claims: "
                     f"{'ok' if not found else f'{len(found)} problem(s)'}")
        problems += found
    if not list(paths):
        for split, ids in read_splits().items():
            missing = [i for i in ids if i not in seen]
            if missing and seen:
                problems.append(f"splits.json: {len(missing)} {split} id(s) are in no corpus here "
                                f"(first: {missing[0]!r})")
    return CheckReport(lines, problems)


def stats(paths: Iterable[str | Path] = (), as_json: bool = False) -> str:
    """Texts, claims, kinds and stances per corpus, with the dev split's share."""
    from claimattr.corpora import available, read_corpus, read_splits

    dev = set(read_splits().get("dev", []))
    rows = []
    for name, folder in _folders(paths).items():
        if not available(folder):
            continue
        docs = read_corpus(folder)
        claims = [c for d in docs for c in d.claims]
        row = {"corpus": name, "texts": len(docs), "claims": len(claims)}
        row.update({k: sum(c.kind == k for c in claims) for k in KINDS})
        row.update({s: sum(c.stance == s for c in claims) for s in STANCES})
        row["dev_texts"] = sum(d.doc_id in dev for d in docs)
        row["dev_claims"] = sum(len(d.claims) for d in docs if d.doc_id in dev)
        rows.append(row)
    if rows:
        rows.append({"corpus": "total", **{k: sum(r[k] for r in rows) for k in rows[0] if k != "corpus"}})
    if as_json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    header = list(rows[0]) if rows else ["corpus"]
    table = [header] + [[str(r[k]) for k in header] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in table)


def show(paths: Iterable[str | Path], doc_ids: Iterable[str] = ()) -> Iterator[str]:
    """A reading aid for annotators: each claim of the given gold files (or only ``doc_ids``)
    with its kind, stance, speaker, cue, mention and span text, as lines to print."""
    from claimattr.corpora import read_corpus

    wanted = set(doc_ids)
    for name, folder in _folders(paths).items():
        for doc in read_corpus(folder):
            if wanted and doc.doc_id not in wanted:
                continue
            yield f"== {name} {doc.doc_id} ({len(doc.claims)} claims)"
            for c in doc.claims:
                cue = f"{c.cue.text}@{c.cue.start}" if c.cue else "-"
                mention = f"{c.speaker.mention.text}@{c.speaker.mention.start}" if c.speaker.mention else "-"
                yield (f"{c.id} {c.kind} {c.stance} {c.speaker.entity} | cue {cue} | mention {mention}\n"
                       f"   [{c.start}:{c.end}] {c.text}")
