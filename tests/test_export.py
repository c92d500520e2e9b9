"""Label Studio export and import: round trips, corrections, offsets, errors, corpus files."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET

import pytest

from claimattr.corpora import read_corpus, repo_root, validate_corpus
from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.errors import FormatError
from claimattr.export import (
    from_label_studio,
    label_studio_config,
    read_label_studio,
    to_label_studio,
    write_corpus,
    write_label_studio,
)

TEXT = ('قال رئيس الوزراء إن "وجود القوات الأجنبية لم يعد ضروريا"، وأضاف أن الحكومة ستفاوض '
        "على جدول الانسحاب. وأكد الناطق باسم التحالف أن المهمة الاستشارية مستمرة.")


def span(part: str, text: str = TEXT) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def claim(cid: str, content: str, entity: str, mention: str | None, cue: str | None,
          stance: str | None, kind: str = "indirect", text: str = TEXT) -> Claim:
    body = span(content, text)
    return Claim(cid, body.start, body.end, body.text, kind,
                 Speaker(entity, mention=span(mention, text) if mention else None),
                 cue=span(cue, text) if cue else None, stance=stance)


def sample() -> Document:
    return Document(TEXT, doc_id="ls-1", meta={"outlet": "وكالة", "date": "2026-08-01"}, claims=[
        claim("c1", "وجود القوات الأجنبية لم يعد ضروريا", "other:رئيس الوزراء", "رئيس الوزراء", "قال",
              "oppose", "direct"),
        claim("c2", "الحكومة ستفاوض على جدول الانسحاب", "other:رئيس الوزراء", None, "وأضاف", "neutral"),
        claim("c3", "المهمة الاستشارية مستمرة", "coalition-spokesperson", "الناطق باسم التحالف", "وأكد",
              "support"),
    ])


def labels(doc: Document) -> list[tuple]:
    """What an annotation says about each claim (ids and confidences left out)."""
    return [(c.start, c.end, c.text, c.kind, c.speaker.entity, c.speaker.mention, c.cue, c.stance)
            for c in doc.claims]


def exported(docs) -> list[dict]:
    """Tasks as Label Studio stores them: through JSON."""
    return json.loads(json.dumps(to_label_studio(docs), ensure_ascii=False))


def accept(task: dict, result: list[dict] | None = None, **fields) -> dict:
    """The task with an annotation (the prediction's result unless ``result`` is given)."""
    task = copy.deepcopy(task)
    result = copy.deepcopy(task["predictions"][0]["result"] if result is None else result)
    task["annotations"] = [{"id": 7, "result": result, "was_cancelled": False, **fields}]
    return task


def test_round_trip_through_predictions_and_accepted_annotations():
    doc = sample()
    tasks = exported([doc])
    back = from_label_studio(tasks, use_predictions=True)
    assert [d.doc_id for d in back] == ["ls-1"] and back[0].meta == doc.meta
    assert labels(back[0]) == labels(doc)
    assert [c.id for c in back[0].claims] == ["c1", "c2", "c3"]
    assert labels(from_label_studio([accept(tasks[0])])[0]) == labels(doc)
    assert from_label_studio(tasks) == []  # nobody annotated it: not gold


def test_seed_gold_round_trips(tmp_path):
    gold = read_corpus(repo_root() / "corpora" / "seeds")
    path = write_label_studio(gold, tmp_path / "tasks.json")
    assert (tmp_path / "tasks.label_config.xml").read_text(encoding="utf-8") == label_studio_config()
    back = read_label_studio(path, use_predictions=True)
    assert [labels(d) for d in back] == [labels(d) for d in gold]
    assert validate_corpus(back) == []


def test_corrections_are_read_back_as_gold(tmp_path):
    task = exported([sample()])[0]
    result = [r for r in task["predictions"][0]["result"]
              if r.get("id") != "c2" and r.get("to_id") != "c2" and r.get("from_id") != "q2"]
    for item in result:  # the annotator changes c3's stance
        if item.get("id") == "c3" and item["from_name"] == "stance":
            item["value"]["choices"] = ["neutral"]
    new = span("الحكومة ستفاوض")  # and adds a claim with a new region id and a speaker link
    result += [
        {"id": "Xk3_9aB", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": new.start, "end": new.end, "text": new.text, "labels": ["Claim"]}},
        {"id": "Xk3_9aB", "from_name": "kind", "to_name": "text", "type": "choices",
         "value": {"start": new.start, "end": new.end, "choices": ["indirect"]}},
        {"id": "Xk3_9aB", "from_name": "stance", "to_name": "text", "type": "choices",
         "value": {"start": new.start, "end": new.end, "choices": ["neutral"]}},
        {"id": "Xk3_9aB", "from_name": "entity", "to_name": "text", "type": "textarea",
         "value": {"start": new.start, "end": new.end, "text": ["mustafa-al-kadhimi"]}},
        {"from_id": "s1", "to_id": "Xk3_9aB", "type": "relation", "direction": "right", "labels": ["says"]},
    ]
    older = accept(task, None, updated_at="2026-08-01T10:00:00Z")["annotations"][0]
    cancelled = {"id": 9, "result": [], "was_cancelled": True, "updated_at": "2026-08-03T00:00:00Z"}
    task = accept(task, result, updated_at="2026-08-02T10:00:00Z")
    task["annotations"] = [task["annotations"][0], older, cancelled]
    (doc,) = from_label_studio([task])
    assert [(c.id, c.text, c.stance, c.speaker.entity) for c in doc.claims] == [
        ("c1", "وجود القوات الأجنبية لم يعد ضروريا", "oppose", "other:رئيس الوزراء"),
        ("c2", "الحكومة ستفاوض", "neutral", "mustafa-al-kadhimi"),
        ("c3", "المهمة الاستشارية مستمرة", "neutral", "coalition-spokesperson"),
    ]
    assert doc.claims[1].speaker.mention == span("رئيس الوزراء") and doc.claims[1].cue is None
    assert validate_corpus([doc]) == []
    read = read_corpus(write_corpus([doc], tmp_path / "gold.jsonl"))
    assert [labels(d) for d in read] == [labels(doc)] and read[0].meta == doc.meta
    assert validate_corpus(read) == []


def test_missing_labels_are_left_for_validation():
    task = exported([sample()])[0]
    result = [r for r in task["predictions"][0]["result"] if r.get("from_name") not in ("stance", "entity")]
    (doc,) = from_label_studio([accept(task, result)])
    problems = validate_corpus([doc])
    assert sum("stance None" in p for p in problems) == 3
    assert sum("no entity id" in p for p in problems) == 3


def test_utf16_offsets_after_emoji_are_mended():
    text = "🔴 عاجل | قال المتحدث 🇮🇶 إن الانسحاب سيكتمل في أيلول."
    content = "الانسحاب سيكتمل في أيلول"
    start = text.index(content)
    astral = sum(1 for ch in text[:start] if ord(ch) > 0xFFFF)  # each counts twice in UTF-16
    task = {"id": 3, "data": {"text": text, "doc_id": "tg"}, "annotations": [{"result": [
        {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": start + astral, "end": start + astral + len(content), "text": content,
                   "labels": ["Claim"]}}]}]}
    (doc,) = from_label_studio([task])
    assert (doc.claims[0].start, doc.claims[0].text) == (start, content)
    task["annotations"][0]["result"][0]["value"]["text"] = "نص غير موجود"
    with pytest.raises(FormatError, match="not in the text"):
        from_label_studio([task])


def test_structural_errors_say_what_to_fix(tmp_path):
    task = exported([sample()])[0]
    bad_label = copy.deepcopy(task["predictions"][0]["result"])
    bad_label[0]["value"]["labels"] = ["Quote"]
    with pytest.raises(FormatError, match="exactly one of Claim, Speaker, Cue"):
        from_label_studio([accept(task, bad_label)])
    dangling = task["predictions"][0]["result"] + [
        {"from_id": "nowhere", "to_id": "c1", "type": "relation", "labels": ["says"]}]
    with pytest.raises(FormatError, match="relation"):
        from_label_studio([accept(task, dangling)])
    two_speakers = task["predictions"][0]["result"] + [
        {"from_id": "s2", "to_id": "c1", "type": "relation", "labels": ["says"]}]
    with pytest.raises(FormatError, match="2 Speaker regions"):
        from_label_studio([accept(task, two_speakers)])
    (tmp_path / "x.json").write_text("{", encoding="utf-8")
    with pytest.raises(FormatError, match="JSON"):
        read_label_studio(tmp_path / "x.json")


def test_config_declares_the_controls_the_tasks_use():
    root = ET.fromstring(label_studio_config())
    names = {el.get("name") for el in root.iter() if el.get("name")}
    used = {r["from_name"] for r in to_label_studio([sample()])[0]["predictions"][0]["result"] if "from_name" in r}
    assert used <= names and {"Claim", "Speaker", "Cue"} <= {el.get("value") for el in root.iter("Label")}


def test_shared_mentions_are_one_region_and_standoff_corpus_reads_back(tmp_path):
    task = to_label_studio([sample()])[0]
    speakers = [r for r in task["predictions"][0]["result"] if r.get("value", {}).get("labels") == ["Speaker"]]
    assert len(speakers) == 2
    doc = sample()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "ls-1.txt").write_text(doc.text, encoding="utf-8")
    path = write_corpus([doc], tmp_path / "gold.jsonl", include_text=False)
    assert "text" not in json.loads(path.read_text(encoding="utf-8"))
    assert [labels(d) for d in read_corpus(tmp_path)] == [labels(doc)]
