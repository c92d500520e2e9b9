"""A small Arabic encoder pretrained from scratch by masked language modelling (MLM).

No pretrained Arabic encoder can be downloaded where claimattr is developed, so this module
makes one from unlabeled text: a WordPiece vocabulary trained with ``tokenizers`` (its normaliser
folds letter variants and drops diacritics and tatweel, like :func:`claimattr.text.normalize`),
then a BERT of a few million parameters trained with ``Trainer`` and
``DataCollatorForLanguageModeling``. The folder it writes (``config.json``, ``model.safetensors``,
tokenizer files, README) is a Hugging Face checkpoint that the stance and span trainers take as
``--base-model``.

It is small on purpose: a few minutes of CPU. It learns Arabic word pieces and local context, far
from what a large pretrained encoder knows; the README of each model says what it reached.
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from claimattr.corpora import read_records, shared_dir
from claimattr.errors import ModelError

log = logging.getLogger(__name__)

#: Unlabeled pools used for pretraining by default (relative to :func:`shared_dir`).
POOLS = ("corpora/telegram_pool.jsonl", "corpora/news2026_pool.jsonl", "corpora/pool.jsonl")
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
#: Arabic diacritics, tatweel and invisible direction marks, removed by the tokenizer.
_DELETED = "[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
_FOLDS = (("[\u0623\u0625\u0622\u0671]", "\u0627"), ("\u0649", "\u064a"), ("\u0629", "\u0647"),
          ("\u06cc", "\u064a"), ("\u06a9", "\u0643"))


def pool_texts(pools: Sequence[str | Path] = POOLS, limit: int | None = None, seed: int = 0) -> list[str]:
    """Texts of unlabeled pools (JSONL with a ``text`` field), shuffled with ``seed``, at most
    ``limit``. A pool path is relative to :func:`shared_dir` unless absolute; missing pools are
    skipped, and none found raises :class:`ModelError`."""
    texts = []
    for pool in pools:
        path = Path(pool) if Path(pool).is_absolute() else shared_dir() / pool
        if not path.is_file():
            log.info("pool %s is not here; skipped", path)
            continue
        texts += [str(r.get("text") or "") for _, r in read_records(path)]
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ModelError(f"no pretraining text: none of {', '.join(map(str, pools))} exists under "
                         f"{shared_dir()}; set CLAIMATTR_SHARED or pass pool files")
    random.Random(seed).shuffle(texts)
    return texts[:limit] if limit else texts


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8000, max_length: int = 128) -> Any:
    """A WordPiece ``PreTrainedTokenizerFast`` (BERT-style specials) trained on ``texts``."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(_DELETED), "")]
        + [normalizers.Replace(Regex(a), b) for a, b in _FOLDS] + [normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS)
    tok.train_from_iterator(texts, trainer=trainer)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    return PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=max_length)


def windows(texts: Iterable[str], tokenizer: Any, max_length: int = 128) -> Iterator[list[int]]:
    """Token-id windows of at most ``max_length`` (specials included) cut from each text."""
    size = max_length - 2
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        for lo in range(0, len(ids), size):
            piece = ids[lo:lo + size]
            if len(piece) >= 8:
                yield [cls, *piece, sep]


def pretrain_encoder(texts: Sequence[str], out: str | Path, vocab_size: int = 8000, hidden: int = 256,
                     layers: int = 4, heads: int = 4, max_length: int = 128, max_steps: int = 2000,
                     batch_size: int = 16, learning_rate: float = 1e-3, seed: int = 0, progress: bool = True,
                     card: str = "") -> Path:
    """Train a tokenizer and a small BERT by MLM on ``texts``; save it to ``out``.

    The masked-token loss on held-out windows (1 in 20) before and after training goes into the
    README, so the card says how far the encoder got.
    """
    import datasets
    from transformers import BertConfig, BertForMaskedLM, DataCollatorForLanguageModeling, Trainer

    from claimattr.training.hf import offline_training_args

    tokenizer = train_tokenizer(texts, vocab_size, max_length)
    ids = list(windows(texts, tokenizer, max_length))
    random.Random(seed).shuffle(ids)
    n_eval = max(1, len(ids) // 20)
    data = datasets.DatasetDict({"train": datasets.Dataset.from_dict({"input_ids": ids[n_eval:]}),
                                 "test": datasets.Dataset.from_dict({"input_ids": ids[:n_eval][:2000]})})
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=hidden * 4,
                        max_position_embeddings=max_length, pad_token_id=tokenizer.pad_token_id)
    model = BertForMaskedLM(config)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15, seed=seed)
    args = offline_training_args(progress=progress, max_steps=max_steps, per_device_train_batch_size=batch_size,
                                 per_device_eval_batch_size=64, learning_rate=learning_rate, seed=seed)
    trainer = Trainer(model=model, args=args, train_dataset=data["train"], eval_dataset=data["test"],
                      data_collator=collator, processing_class=tokenizer)
    before = trainer.evaluate()["eval_loss"]
    trainer.train()
    after = trainer.evaluate()["eval_loss"]
    folder = Path(out)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    stats = {"windows": len(ids), "texts": len(texts), "parameters": model.num_parameters(),
             "mlm_loss_before": round(before, 3), "mlm_loss_after": round(after, 3), "steps": max_steps}
    (folder / "pretraining.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    (folder / "README.md").write_text(encoder_card(stats, card), encoding="utf-8")
    return folder


def encoder_card(stats: dict[str, Any], command: str) -> str:
    """The model card of a pretrained encoder."""
    return "\n".join([
        "# claimattr small Arabic encoder (BERT, masked language modelling from scratch)", "",
        f"{stats['parameters']:,} parameters, trained {stats['steps']} steps on {stats['windows']:,} windows "
        f"cut from {stats['texts']:,} unlabeled texts (the pools the command names; by default the shared "
        "Telegram, news2026 and general news pools, never the evaluation texts).", "",
        f"Masked-token loss on held-out windows: {stats['mlm_loss_before']} before training, "
        f"{stats['mlm_loss_after']} after.", "",
        "It is a base for fine-tuning (`--base-model`), not a general Arabic encoder: it is tiny and "
        "saw only a few minutes of CPU training.", "",
        "## Command", "", "```", command, "```", ""])
