"""Hugging Face plumbing shared by the transformer components: local checkpoints only,
``TrainingArguments`` without checkpoints or reporting, and model folders whose ``config.json``
names their claimattr ``kind``."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from claimattr.errors import ModelError

CONFIG = "config.json"


def read_config(folder: Path, kind: str | None = None) -> dict[str, Any]:
    """A model folder's ``config.json``, checked to be of ``kind`` when one is given."""
    try:
        config = json.loads((folder / CONFIG).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{folder} is not a claimattr model folder: no readable {CONFIG} ({exc}); "
                         "train one with `claimattr train`") from exc
    if kind is not None and config.get("kind") != kind:
        raise ModelError(f"{folder}/{CONFIG} has kind {config.get('kind')!r}, expected {kind!r}")
    return config


def checkpoint_folder(path: str | Path) -> Path:
    """A local Hugging Face checkpoint folder, checked (claimattr never downloads one)."""
    folder = Path(path)
    if not (folder / "config.json").is_file():
        raise ModelError(f"{folder} is not a local Hugging Face checkpoint (no config.json); pass the folder "
                         "of a model saved with save_pretrained, e.g. one made by `claimattr train encoder`")
    return folder


def offline_training_args(progress: bool = True, output_dir: str | None = None, **options: Any) -> Any:
    """``TrainingArguments`` for local training: no checkpoints, no reporting, progress bars only
    when ``progress``; the GPU when torch sees one, else the CPU."""
    from transformers import TrainingArguments

    defaults = {"save_strategy": "no", "report_to": [], "logging_steps": 50, "disable_tqdm": not progress,
                "weight_decay": 0.01, "warmup_steps": 0.06}
    defaults.update(options)
    return TrainingArguments(output_dir=output_dir or tempfile.mkdtemp(prefix="claimattr-train-"), **defaults)


def save_model(model: Any, tokenizer: Any, folder: str | Path, kind: str, **settings: Any) -> Path:
    """Save a model and its tokenizer (safetensors) with ``kind`` and ``settings`` in config.json."""
    folder = Path(folder)
    model.config.kind = kind
    for key, value in settings.items():
        setattr(model.config, key, value)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    return folder


def load_model(folder: str | Path, kind: str, auto_class: str) -> tuple[Any, Any]:
    """The model (``transformers.<auto_class>``) and tokenizer of a folder of ``kind``, in eval mode."""
    import transformers

    folder = Path(folder)
    read_config(folder, kind)
    model = getattr(transformers, auto_class).from_pretrained(folder, local_files_only=True)
    tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model.eval()
    return model, tokenizer
