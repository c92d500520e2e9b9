"""End-to-end tests of the transformer components on CPU: a tiny encoder pretrained for a few
steps, a stance classifier and a span tagger fine-tuned from it, saved and reloaded."""

from __future__ import annotations

import json
import os

import pytest
from tests.training_fixtures import corpus

for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ.setdefault(_var, "1")

pytest.importorskip("transformers")
pytest.importorskip("datasets")

from claimattr.components.span_tagger import SpanTagger  # noqa: E402
from claimattr.doc import Document  # noqa: E402
from claimattr.errors import ModelError  # noqa: E402
from claimattr.pipeline import Pipeline  # noqa: E402
from claimattr.stance import load_stance_model, predict_examples, stance_examples  # noqa: E402
from claimattr.stance.transformer import TransformerStance  # noqa: E402
from claimattr.training.pretrain import pretrain_encoder, train_tokenizer, windows  # noqa: E402
from claimattr.training.spans import fit_span_tagger, mode_pipeline, predict_documents  # noqa: E402
from claimattr.training.stance import fit_stance  # noqa: E402

TINY = {"vocab_size": 400, "hidden": 32, "layers": 1, "heads": 2, "max_length": 64, "max_steps": 3,
        "batch_size": 4, "progress": False}


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    """A tiny BERT pretrained for three MLM steps on the fixture texts."""
    texts = [doc.text for doc in corpus(12)] * 3
    return pretrain_encoder(texts, tmp_path_factory.mktemp("encoder"), card="test", **TINY)


def test_tokenizer_folds_letter_variants_and_diacritics():
    tok = train_tokenizer(["قال الأمين العام إن القوات ستغادر"] * 5, vocab_size=200)
    assert tok.tokenize("الأمين") == tok.tokenize("الامين") == tok.tokenize("الأَمين")
    pieces = list(windows(["قال الأمين العام إن القوات ستغادر " * 10], tok, max_length=16))
    assert pieces and all(len(p) <= 16 and p[0] == tok.cls_token_id and p[-1] == tok.sep_token_id for p in pieces)


def test_encoder_folder_has_safetensors_tokenizer_and_card(encoder):
    assert (encoder / "model.safetensors").is_file() and (encoder / "tokenizer.json").is_file()
    stats = json.loads((encoder / "pretraining.json").read_text())
    assert stats["steps"] == 3 and stats["mlm_loss_after"] > 0
    assert "masked" in (encoder / "README.md").read_text().lower()
    assert not list(encoder.glob("*.bin")) and not list(encoder.glob("*.pkl"))


def test_transformer_stance_trains_saves_and_reloads_the_same(encoder, tmp_path):
    examples = stance_examples(corpus(6))
    model = fit_stance(examples, "transformer", base_model=encoder, epochs=1, batch_size=8, max_length=64)
    before = predict_examples(model, examples[:4])
    folder = model.save(tmp_path / "stance")
    assert json.loads((folder / "config.json").read_text())["kind"] == "transformer-stance"
    again = load_stance_model(folder)
    assert isinstance(again, TransformerStance)
    after = predict_examples(again, examples[:4])
    for a, b in zip(before, after):
        assert set(a) == {"oppose", "support", "neutral"}
        assert a == pytest.approx(b, abs=1e-5)


def test_base_model_must_be_a_local_checkpoint(tmp_path):
    with pytest.raises(ModelError, match="checkpoint"):
        fit_stance(stance_examples(corpus(3)), "transformer", base_model=tmp_path)


class FixedTagger:
    """Stands in for a trained SpanTagger: tags every text with the same ``(tag, start, end)`` spans."""

    def __init__(self, spans):
        self.spans = list(spans)

    def tag(self, text):
        return list(self.spans)


def test_span_tagger_trains_saves_and_reloads_the_same(encoder, tmp_path):
    docs = corpus(6)
    tagger = fit_span_tagger(docs, encoder, epochs=1, batch_size=4, max_words=30, progress=False)
    text = docs[0].text
    spans = tagger.tag(text)
    assert all(tag in ("CLAIM", "CUE", "SPEAKER") and 0 <= s < e <= len(text) for tag, s, e in spans)
    again = SpanTagger.load(tagger.save(tmp_path / "spans"))
    assert again.tag(text) == spans
    for mode in ("learned", "combined"):
        for doc in predict_documents(docs[:2], mode, again):
            assert all(c.text == doc.text[c.start:c.end] for c in doc.claims)
    # the span_tagger component saves its tagger in a pipeline folder and reloads it
    nlp = mode_pipeline("combined", tagger)
    folder = nlp.to_disk(tmp_path / "pipeline")
    assert (folder / "span_tagger" / "config.json").is_file()
    assert Pipeline.from_disk(folder)(text).claims == nlp(text).claims


def test_learned_claims_take_the_nearest_cue_and_mention():
    doc = corpus(1)[0]
    gold, after = doc.claims[0], doc.claims[1]
    spans = [("CUE", gold.cue.start, gold.cue.end), ("SPEAKER", gold.speaker.mention.start, gold.speaker.mention.end),
             ("CLAIM", gold.start, gold.end),
             # the next sentence's cue and mention are after the claim: the ones before it win
             ("CUE", after.cue.start, after.cue.end),
             ("SPEAKER", after.speaker.mention.start, after.speaker.mention.end)]
    [learned] = predict_documents([doc], "learned", FixedTagger(spans))
    [claim] = learned.claims
    assert (claim.id, claim.start, claim.end, claim.text) == ("c1", gold.start, gold.end, gold.text)
    assert claim.cue == gold.cue and claim.speaker.mention == gold.speaker.mention
    assert claim.speaker.entity == gold.speaker.entity


def test_combined_keeps_the_rule_claims_and_adds_learned_ones_that_overlap_none():
    base = corpus(1)[0]
    text = base.text + "ارتفعت أسعار النفط هذا الشهر.\n"
    doc = Document(text=text, doc_id="x")
    [rules] = predict_documents([doc], "rules")
    assert rules.claims
    gold = base.claims[0]
    start = text.index("ارتفعت")
    end = text.index(".", start)
    assert not any(r.start < end and start < r.end for r in rules.claims)
    tagger = FixedTagger([("CLAIM", gold.start, gold.end - 3), ("CLAIM", start, end)])
    [combined] = predict_documents([doc], "combined", tagger)
    # every rule claim is kept; the learned claim that overlaps one is not added twice
    assert [(c.start, c.end) for c in combined.claims] == sorted([(c.start, c.end) for c in rules.claims] + [(start, end)])
    kept = {(c.start, c.end): c for c in combined.claims}
    assert all(kept[(r.start, r.end)].speaker == r.speaker and kept[(r.start, r.end)].cue == r.cue
               for r in rules.claims)
    assert [c.id for c in combined.claims] == [f"c{i}" for i in range(1, len(combined.claims) + 1)]
    assert all(c.text == text[c.start:c.end] for c in combined.claims)


def test_a_tagged_mention_without_a_name_is_no_speaker():
    text = "قال ) إن القوات يجب أن تغادر."
    start = text.index("القوات")
    [doc] = predict_documents([Document(text=text)], "learned",
                              FixedTagger([("SPEAKER", 4, 5), ("CLAIM", start, len(text) - 1)]))
    [claim] = doc.claims
    assert claim.speaker.mention is None and claim.speaker.entity == "unknown"  # the documented unknown id


def test_a_folder_asking_for_custom_code_loads_without_prompting_or_running_it(encoder, tmp_path, monkeypatch):
    import builtins
    import io
    import sys

    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    labels = ["neutral", "oppose", "support"]
    model = AutoModelForSequenceClassification.from_pretrained(
        encoder, local_files_only=True, num_labels=3, id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)})
    folder = TransformerStance(model, AutoTokenizer.from_pretrained(encoder, local_files_only=True)).save(tmp_path / "m")
    marker = tmp_path / "custom-code-ran"
    (folder / "evil.py").write_text(f"open({str(marker)!r}, 'w').close()\n"
                                    "from transformers import BertForSequenceClassification as EvilModel\n")
    for name, key, value in (("config.json", "auto_map", {"AutoModelForSequenceClassification": "evil.EvilModel"}),
                             ("tokenizer_config.json", "auto_map", {"AutoTokenizer": ["evil.EvilModel", None]})):
        config = json.loads((folder / name).read_text(encoding="utf-8"))
        config[key] = value
        (folder / name).write_text(json.dumps(config), encoding="utf-8")

    prompts = []  # what asked the user (transformers catches exceptions raised by input())

    class NoStdin(io.StringIO):
        def read(self, *args):
            prompts.append("stdin read")
            return ""

        readline = read

    def no_input(*args):
        prompts.append(args)
        return "n"

    monkeypatch.setattr(builtins, "input", no_input)
    monkeypatch.setattr(sys, "stdin", NoStdin())
    loaded = load_stance_model(folder)
    assert type(loaded.model).__module__.startswith("transformers.")  # the library's class, not evil.py's
    examples = stance_examples(corpus(1))
    assert set(predict_examples(loaded, examples)[0]) == set(labels)
    # an architecture transformers does not know can only come from the folder's code: refused, clearly
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = "evil-bert"
    config["auto_map"]["AutoConfig"] = "evil.EvilConfig"
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match="without running code from it"):
        load_stance_model(folder)
    assert not marker.exists() and prompts == []
