"""Correcting the model's output in Label Studio and reading the corrections back as gold.

:func:`write_label_studio` turns Documents into Label Studio tasks whose *predictions* are the
pipeline's claims; :func:`label_studio_config` is the labelling interface to paste into the
project. Annotators fix spans, speakers, cues and stances, and the project's JSON export is read
back by :func:`read_label_studio` into Documents in the ANNOTATION format, ready for
:func:`claimattr.corpora.validate_corpus` and, written with :func:`write_corpus`, for
:func:`claimattr.corpora.read_corpus` and training.

In the interface a claim is a ``Claim`` region with per-region choices ``kind`` and ``stance`` and
a per-region text ``entity`` (``hadi-al-amiri`` or ``other:<name>``); its speaker mention is a
``Speaker`` region and its cue a ``Cue`` region, each linked to the claim by a relation (speaker
or cue -> claim). Label Studio counts offsets in UTF-16 units in some versions, so read offsets
are checked against the region's text and mended (code points) where they do not fit.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from claimattr.doc import KINDS, STANCES, Claim, Document, Span, Speaker
from claimattr.errors import FormatError

CLAIM, SPEAKER, CUE = "Claim", "Speaker", "Cue"
#: Region id prefixes of the exported tasks, by label.
_PREFIX = {CLAIM: "c", SPEAKER: "s", CUE: "q"}
Task = dict[str, Any]


def label_studio_config() -> str:
    """The Label Studio labelling interface (XML) that the exported tasks are made for."""
    kinds = "".join(f'<Choice value="{k}"/>' for k in KINDS)
    stances = "".join(f'<Choice value="{s}"/>' for s in STANCES)
    return f"""<View>
  <Relations><Relation value="says"/><Relation value="cue"/></Relations>
  <Labels name="label" toName="text">
    <Label value="{CLAIM}" background="#f6c90e"/>
    <Label value="{SPEAKER}" background="#6fa8dc"/>
    <Label value="{CUE}" background="#93c47d"/>
  </Labels>
  <View style="direction: rtl; text-align: right; white-space: pre-wrap; line-height: 2">
    <Text name="text" value="$text"/>
  </View>
  <View visibleWhen="region-selected" whenLabelValue="{CLAIM}">
    <Header value="Claim: kind, stance toward the US military presence, speaker entity id"/>
    <Choices name="kind" toName="text" perRegion="true" choice="single">{kinds}</Choices>
    <Choices name="stance" toName="text" perRegion="true" choice="single">{stances}</Choices>
    <TextArea name="entity" toName="text" perRegion="true" maxSubmissions="1" editable="true"
              placeholder="hadi-al-amiri, or other:NAME for a source outside the registry"/>
  </View>
</View>
"""


# -- export -----------------------------------------------------------------------------------
def to_label_studio(docs: Iterable[Document], model_version: str | None = None) -> list[Task]:
    """One Label Studio task per Document: the article in ``data.text`` (with ``doc_id`` and the
    document's ``meta``) and its claims as a prediction (``model_version`` defaults to
    ``claimattr-<version>``) that annotators correct."""
    if model_version is None:
        from claimattr import __version__

        model_version = f"claimattr-{__version__}"
    return [_task(doc, model_version) for doc in docs]


def write_label_studio(docs: Iterable[Document], path: str | os.PathLike[str]) -> Path:
    """Write :func:`to_label_studio`'s tasks as a JSON file to import into Label Studio, and the
    labelling interface beside it (``<name>.label_config.xml``); returns the tasks file."""
    path = Path(path)
    tasks = to_label_studio(docs)
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    path.with_suffix(".label_config.xml").write_text(label_studio_config(), encoding="utf-8")
    return path


def _task(doc: Document, model_version: str) -> Task:
    result: list[dict[str, Any]] = []
    shared: dict[tuple[str, int, int], str] = {}
    for i, claim in enumerate(doc.claims, start=1):
        region = f"{_PREFIX[CLAIM]}{i}"
        result += _claim_results(doc.text, claim, region)
        for label, span, relation in ((SPEAKER, claim.speaker.mention, "says"), (CUE, claim.cue, "cue")):
            if span is None:
                continue
            key = (label, span.start, span.end)
            if key not in shared:
                shared[key] = f"{_PREFIX[label]}{sum(k[0] == label for k in shared) + 1}"
                result.append(_region(shared[key], "label", doc.text, span.start, span.end,
                                      {"labels": [label]}))
            result.append({"from_id": shared[key], "to_id": region, "type": "relation",
                           "direction": "right", "labels": [relation]})
    confidences = [c.confidence for c in doc.claims]
    score = sum(confidences) / len(confidences) if confidences else 1.0
    data = {"text": doc.text, "doc_id": doc.doc_id, "meta": doc.meta}
    return {"data": data, "predictions": [{"model_version": model_version, "score": round(score, 4),
                                           "result": result}]}


def _claim_results(text: str, claim: Claim, region: str) -> list[dict[str, Any]]:
    """The results of one claim region: its label (with the claim's confidence as score), its
    kind and stance choices and its entity text."""
    s, e = claim.start, claim.end
    out = [_region(region, "label", text, s, e, {"labels": [CLAIM]}) | {"score": round(claim.confidence, 4)}]
    out.append(_region(region, "kind", text, s, e, {"choices": [claim.kind]}, "choices"))
    if claim.stance:
        out.append(_region(region, "stance", text, s, e, {"choices": [claim.stance]}, "choices"))
    if claim.speaker.entity:
        out.append({"id": region, "from_name": "entity", "to_name": "text", "type": "textarea",
                    "value": {"start": s, "end": e, "text": [claim.speaker.entity]}})
    return out


def _region(region: str, control: str, text: str, start: int, end: int,
            value: Mapping[str, Any], kind: str = "labels") -> dict[str, Any]:
    return {"id": region, "from_name": control, "to_name": "text", "type": kind,
            "value": {"start": start, "end": end, "text": text[start:end], **value}}


# -- import -----------------------------------------------------------------------------------
def read_label_studio(path: str | os.PathLike[str], use_predictions: bool = False) -> list[Document]:
    """Read a Label Studio JSON export (see :func:`from_label_studio`)."""
    path = Path(path)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}); export the "
                          "Label Studio project as 'JSON' (not JSON_MIN or CSV)") from exc
    if not isinstance(tasks, list):
        raise FormatError(f"{path}: expected a JSON list of tasks, as Label Studio's 'JSON' export")
    return from_label_studio(tasks, use_predictions=use_predictions)


def from_label_studio(tasks: Sequence[Task], use_predictions: bool = False) -> list[Document]:
    """Documents in the ANNOTATION format from Label Studio tasks (its 'JSON' export).

    Each task gives its latest annotation that was not cancelled; tasks nobody annotated are left
    out, or give their prediction with ``use_predictions=True``. Claims are numbered ``c1``,
    ``c2``... in text order. Missing labels stay empty (``kind`` ``""``, ``stance`` ``None``,
    entity ``""``) for :func:`claimattr.corpora.validate_corpus` to report; structural problems
    (unknown labels, a relation to no region, a span that is not in the text) raise
    :class:`FormatError`.
    """
    docs = []
    for n, task in enumerate(tasks):
        result = _chosen_result(task, use_predictions)
        if result is not None:
            docs.append(_document(task, result, where=f"task {task.get('id', n)}"))
    return docs


def _chosen_result(task: Task, use_predictions: bool) -> list[dict[str, Any]] | None:
    """The result of the task's latest kept annotation (or its prediction), or None."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotations:
        latest = max(enumerate(annotations), key=lambda ia: (str(ia[1].get("updated_at") or ""), ia[0]))[1]
        return list(latest.get("result") or [])
    predictions = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    if use_predictions and predictions:
        return list(predictions[-1].get("result") or [])
    return None


def _document(task: Task, result: list[dict[str, Any]], where: str) -> Document:
    data = task.get("data") or {}
    if not isinstance(data.get("text"), str):
        raise FormatError(f"{where}: data.text is missing; export tasks made by write_label_studio()")
    text = data["text"]
    doc_id = str(data.get("doc_id") or task.get("id") or "")
    regions, links = _regions(text, result, where)
    claims = [_claim(rid, regions, links, where) for rid, r in regions.items() if r.get("label") == CLAIM]
    claims.sort(key=lambda c: (c.start, c.end))
    claims = [replace(c, id=f"c{i}") for i, c in enumerate(claims, start=1)]
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return Document(text=text, doc_id=doc_id, claims=claims, meta=dict(meta))


def _regions(text: str, result: list[dict[str, Any]], where: str) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """The regions of a result by id (label, span, kind, stance, entity) and, for each claim
    region, the ids of the regions linked to it by a relation."""
    regions: dict[str, dict[str, Any]] = defaultdict(dict)
    relations = []
    for item in result:
        if item.get("type") == "relation":
            relations.append(item)
            continue
        region = regions[str(item.get("id"))]
        value = item.get("value") or {}
        control = item.get("from_name")
        if control == "label":
            region["label"] = _label(value, where)
            region["span"] = _span(text, value, where)
        elif control in ("kind", "stance"):
            region[control] = (value.get("choices") or [None])[0]
        elif control == "entity":
            region["entity"] = " ".join(str(t) for t in value.get("text") or []).strip()
    links: dict[str, list[str]] = defaultdict(list)
    for relation in relations:
        ends = [str(relation.get("from_id")), str(relation.get("to_id"))]
        if any(e not in regions or "label" not in regions[e] for e in ends):
            raise FormatError(f"{where}: a relation links {ends[0]!r} and {ends[1]!r}, which are not "
                              "both labelled regions; delete the relation or label its regions")
        for a, b in (ends, ends[::-1]):
            links[a].append(b)
    return regions, links


def _label(value: Mapping[str, Any], where: str) -> str:
    labels = value.get("labels") or []
    if len(labels) != 1 or labels[0] not in _PREFIX:
        raise FormatError(f"{where}: a region has labels {labels!r}; give each region exactly one "
                          f"of {', '.join(_PREFIX)} (see label_studio_config())")
    return str(labels[0])


def _claim(rid: str, regions: Mapping[str, dict], links: Mapping[str, list[str]], where: str) -> Claim:
    region = regions[rid]
    mention = _linked(rid, SPEAKER, regions, links, where)
    cue = _linked(rid, CUE, regions, links, where)
    span = region["span"]
    return Claim(id=rid, start=span.start, end=span.end, text=span.text, kind=region.get("kind") or "",
                 speaker=Speaker(entity=region.get("entity") or "", mention=mention), cue=cue,
                 stance=region.get("stance"))


def _linked(rid: str, label: str, regions: Mapping[str, dict], links: Mapping[str, list[str]],
            where: str) -> Span | None:
    """The span of the one ``label`` region linked to claim ``rid`` (None when there is none)."""
    spans = [regions[other]["span"] for other in links.get(rid, []) if regions[other]["label"] == label]
    if len(spans) > 1:
        raise FormatError(f"{where}: claim region {rid!r} is linked to {len(spans)} {label} regions; "
                          f"keep one {label.lower()} per claim")
    return spans[0] if spans else None


def _span(text: str, value: Mapping[str, Any], where: str) -> Span:
    """The region's span in code points, mended when the tool counted UTF-16 units or the
    offsets drifted: the region's recorded text decides."""
    try:
        start, end = int(value["start"]), int(value["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise FormatError(f"{where}: a labelled region has no integer start/end ({exc})") from exc
    wanted = value.get("text")
    if not isinstance(wanted, str) or text[start:end] == wanted:
        return _checked(text, start, end, where)
    for s, e in (_from_utf16(text, start, end), _nearest(text, wanted, start)):
        if s is not None and text[s:e] == wanted:
            return Span(s, e, wanted)
    raise FormatError(f"{where}: the region {start}:{end} says {wanted!r}, which is not in the text; "
                      "re-label that region in Label Studio")


def _checked(text: str, start: int, end: int, where: str) -> Span:
    if not 0 <= start < end <= len(text):
        raise FormatError(f"{where}: region {start}:{end} is not a non-empty range inside the text "
                          f"of {len(text)} characters; re-label that region")
    return Span.of(text, start, end)


def _from_utf16(text: str, start: int, end: int) -> tuple[int | None, int]:
    """Code point offsets of UTF-16 offsets ``start``/``end`` (None when they split a pair)."""
    units = [0]
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF else 1))
    index = {u: i for i, u in enumerate(units)}
    if start in index and end in index:
        return index[start], index[end]
    return None, 0


def _nearest(text: str, wanted: str, start: int) -> tuple[int | None, int]:
    """The occurrence of ``wanted`` in ``text`` closest to ``start`` (None when absent)."""
    found, at = [], text.find(wanted)
    while at != -1:
        found.append(at)
        at = text.find(wanted, at + 1)
    if not found:
        return None, 0
    best = min(found, key=lambda s: abs(s - start))
    return best, best + len(wanted)


# -- corpus -----------------------------------------------------------------------------------
def write_corpus(docs: Iterable[Document], path: str | os.PathLike[str], include_text: bool = True) -> Path:
    """Write Documents as an ANNOTATION-format JSONL corpus (one record a line, the document's
    ``meta`` kept as extra fields) that :func:`claimattr.corpora.read_corpus` reads back.

    ``include_text=False`` writes standoff records: their articles must then be in
    ``texts/<doc_id>.txt`` beside the file, or in the pool that a ``source`` meta field names.
    """
    path = Path(path)
    lines = [json.dumps({**doc.meta, **doc.to_dict(include_text=include_text)}, ensure_ascii=False, default=str)
             for doc in docs]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path
