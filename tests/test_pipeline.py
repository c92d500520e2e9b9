"""The pipeline end to end: offsets, bad input, many articles, saving and loading, versions, the
installed wheel, and what running it imports."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import claimattr
from claimattr import Document, InputError, ModelError, Pipeline
from claimattr.stance.linear import LinearStance

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ('قال وزير الدفاع إن القوات المسلحة جاهزة لأي طارئ.\n'
           'وأضاف: "لن نسمح بأي اعتداء على حدودنا".\n'
           'وذكرت مصادر محلية أن الهدوء عاد إلى المدينة.')


@pytest.fixture(scope="module")
def nlp():
    stance = LinearStance().fit(["نرفض الوجود الأجنبي", "ندعم التدريب", "افتتاح مدرسة"] * 2,
                                ["oppose", "support", "neutral"] * 2)
    return Pipeline.new(stance=stance)


def test_every_span_is_exact_in_the_original_text(nlp):
    text = "وقالَ الـوزيرُ\u200f إنّ المفاوضات مستمرة، مضيفاً أن \"الاتفاق قريب جداً\"."
    doc = nlp(text)
    assert doc.claims
    for c in doc.claims:
        assert text[c.start:c.end] == c.text
        if c.cue:
            assert text[c.cue.start:c.cue.end] == c.cue.text
        if c.speaker.mention:
            m = c.speaker.mention
            assert text[m.start:m.end] == m.text


def test_claims_have_stance_and_confidence(nlp):
    doc = nlp(ARTICLE)
    assert len(doc.claims) == 3
    for c in doc.claims:
        assert c.stance in claimattr.STANCES and 0 <= c.confidence <= 1
        assert set(c.stance_scores) == set(claimattr.STANCES)


@pytest.mark.parametrize("text", ["", "   \n\t", "Only English text, no Arabic at all.", "12345 !!!"])
def test_empty_and_non_arabic_text_give_no_claims(nlp, text):
    doc = nlp(text)
    assert isinstance(doc, Document) and doc.claims == []


def test_html_is_rejected_or_stripped(nlp):
    html = "<html><body><p>قال الوزير إن الاجتماع ناجح.</p></body></html>"
    with pytest.raises(InputError, match="strip_html"):
        nlp(html)
    stripping = Pipeline(nlp.components, strip_html=True)
    assert stripping(html).claims


def test_oversized_text_is_rejected():
    with pytest.raises(InputError, match="max_chars"):
        Pipeline.new(max_chars=100)("قال " * 100)


def test_long_article_is_annotated(nlp):
    doc = nlp((ARTICLE + "\n") * 2000)
    assert len(doc.claims) == 3 * 2000


def test_pipe_keeps_order_and_ids(nlp):
    docs = list(nlp.pipe([("a", ARTICLE), ("b", ""), ("c", ARTICLE)]))
    assert [d.doc_id for d in docs] == ["a", "b", "c"]
    assert [len(d.claims) for d in docs] == [3, 0, 3]


def test_pipe_takes_records_and_spacy_style_context_pairs_into_meta(nlp):
    records = [{"doc_id": "a", "text": ARTICLE, "date": "2026-07-01", "outlet": "x"},
               {"id": 7, "text": "", "title": "عنوان"}, {"text": ARTICLE}]
    docs = list(nlp.pipe(records))
    assert [(d.doc_id, d.meta) for d in docs] == [("a", {"date": "2026-07-01", "outlet": "x"}),
                                                  ("7", {"title": "عنوان"}), ("2", {})]
    assert len(docs[0].claims) == 3 and docs[0].claims == docs[2].claims
    pairs = [(ARTICLE, {"doc_id": "p1", "url": "https://x.iq/1"}), ("", 42)]
    docs = list(nlp.pipe(pairs, as_tuples=True))
    assert [(d.doc_id, d.meta) for d in docs] == [("p1", {"url": "https://x.iq/1"}), ("1", {"context": 42})]
    assert pairs[0][1] == {"doc_id": "p1", "url": "https://x.iq/1"}  # the caller's context is left alone
    two = list(nlp.pipe(records, n_process=2, batch_size=1))
    assert [(d.doc_id, d.meta, d.claims) for d in two] == [(d.doc_id, d.meta, d.claims) for d in nlp.pipe(records)]
    with pytest.raises(InputError, match="without 'text'"):
        list(nlp.pipe([{"body": ARTICLE}]))
    with pytest.raises(InputError, match="as_tuples"):
        list(nlp.pipe([ARTICLE], as_tuples=True))


def test_to_dict_round_trip(nlp):
    doc = nlp(ARTICLE, doc_id="x")
    again = Document.from_dict(doc.to_dict())
    assert [c.to_dict() for c in again.claims] == [c.to_dict() for c in doc.claims]
    assert all("name" in c["speaker"] and "confidence" in c for c in doc.to_dict()["claims"])


def test_save_and_load_pipeline(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model", card="# test model")
    again = claimattr.load(tmp_path / "model")
    assert [c.to_dict() for c in again(ARTICLE).claims] == [c.to_dict() for c in nlp(ARTICLE).claims]
    assert (tmp_path / "model" / "README.md").read_text() == "# test model"


def test_load_unknown_model_says_what_exists():
    with pytest.raises(ModelError, match="shipped pipeline \\(accurate, default"):
        claimattr.load("no-such-model")


def test_summarize_counts_speakers_by_stance(nlp):
    table = claimattr.summarize([nlp(ARTICLE), nlp(ARTICLE)])
    assert list(table.columns) == ["name", "claims", "articles", "oppose", "support", "neutral"]
    assert table["claims"].sum() == 6 and table["articles"].max() == 2


def test_user_registry_links_new_sources(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"id": "other:سامر النعيمي", "name": "Samer al-Nuaimi", "name_ar": "سامر النعيمي", '
                    '"kind": "person", "aliases": ["رئيس مركز الدراسات"], "family": ["النعيمي"]}\n', encoding="utf-8")
    registry = claimattr.EntityRegistry.default()
    registry.extend(path)
    nlp = claimattr.load(registry=registry)
    claim = nlp("وقال رئيس مركز الدراسات إن الأزمة ستطول.").claims[0]
    assert claim.speaker.entity == "other:سامر النعيمي" and claim.speaker.name == "Samer al-Nuaimi"


def test_the_default_pipeline_ships_in_the_package():
    nlp = claimattr.load()
    assert nlp.pipe_names == ["text", "quotations", "sentences", "cues", "claims", "speakers", "stance"]
    assert nlp.path.parent.name == "pipelines" and nlp.path.parent.parent.name == "claimattr"
    [claim] = nlp("وقال هادي العامري إن بقاء القوات الأمريكية احتلال مرفوض.").claims
    assert claim.speaker.entity == "hadi-al-amiri" and claim.pattern == "verb-first"
    assert claim.stance == "oppose" and claim.stance_rules


def test_pipeline_json_records_version_and_settings_and_is_checked(nlp, tmp_path):
    folder = nlp.to_disk(tmp_path / "p")
    config = json.loads((folder / "pipeline.json").read_text(encoding="utf-8"))
    assert config["claimattr_version"] == claimattr.__version__
    claims = next(c for c in config["components"] if c["name"] == "claims")
    assert claims["factory"] == "claim_patterns" and claims["settings"]["mention_reach"] == 26
    config["claimattr_version"] = "99.0.0"
    (folder / "pipeline.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="newer than this"):
        claimattr.load(folder)
    (folder / "pipeline.json").write_text(json.dumps({"claimattr_pipeline": 1, "stages": []}), encoding="utf-8")
    with pytest.raises(ModelError, match="older pipeline format"):
        claimattr.load(folder)


def test_a_changed_setting_in_pipeline_json_changes_behaviour(nlp, tmp_path):
    folder = nlp.to_disk(tmp_path / "p")
    config = json.loads((folder / "pipeline.json").read_text(encoding="utf-8"))
    for entry in config["components"]:
        if entry["name"] == "speakers":
            entry["settings"]["unknown_speaker"] = "unknown"
    (folder / "pipeline.json").write_text(json.dumps(config), encoding="utf-8")
    orphan = "وأضاف أن الاجتماع انتهى دون اتفاق."  # an implied subject with no source before it
    assert claimattr.load(folder)(orphan).claims[0].speaker.entity == "unknown"


def test_render_is_a_module_and_to_html_its_function():
    import claimattr.render

    assert hasattr(claimattr.render, "save_html") and callable(claimattr.to_html)


def test_running_the_default_pipeline_imports_no_training_code_and_no_torch():
    code = ("import sys, claimattr; nlp = claimattr.load(); list(nlp.pipe(['قال الوزير إن الاجتماع انتهى.'] * 3)); "
            "bad = [m for m in sys.modules if m.startswith(('torch', 'transformers', 'claimattr.training'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_built_wheel_works_installed_outside_the_source_tree(tmp_path):
    """pip builds the wheel, installs it (without dependencies, which this environment has) into a
    folder of its own, and the default pipeline loads and runs from there, in another folder."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("claimattr-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(tmp_path / "site"), str(wheel)],
                   check=True, capture_output=True)
    code = ("import claimattr; doc = claimattr.load()('وقال هادي العامري إن الحوار هو الحل.'); "
            "assert claimattr.__file__.startswith(%r), claimattr.__file__; print(doc.claims[0].speaker.entity)"
            % str(tmp_path / "site"))
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); "
                          + code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "hadi-al-amiri", out.stderr[-2000:]


def test_fewer_collections_raises_the_gc_threshold_only_inside_and_restores_it():
    import gc

    from claimattr.pipeline import GC_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        with fewer_collections():
            assert gc.get_threshold()[0] == max(GC_THRESHOLD, before[0])
            raise RuntimeError("a component failed")
    assert gc.get_threshold() == before
    claimattr.load()("قال الوزير إن الاجتماع عقد اليوم في بغداد.")
    assert gc.get_threshold() == before
