"""Hugging Face plumbing of the learned components: local folders only, never remote code.

Every model folder's ``config.json`` names its claimattr ``kind``. Loading passes
``local_files_only=True`` (no hub) and ``trust_remote_code=False``: a folder whose config asks for
custom code (``auto_map``) loads with the library's own classes or fails with a clear error; it
never runs code of its own and never prompts.
"""

from __future__ import annotations

import json
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
    if not (folder / CONFIG).is_file():
        raise ModelError(f"{folder} is not a local Hugging Face checkpoint (no config.json); pass the folder "
                         "of a model saved with save_pretrained, e.g. one made by `claimattr train encoder`")
    return folder


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
    options = {"local_files_only": True, "trust_remote_code": False}
    try:
        model = getattr(transformers, auto_class).from_pretrained(folder, **options)
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, **options)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{folder} could not be loaded without running code from it ({exc}); claimattr "
                         "loads standard transformers architectures only") from exc
    model.eval()
    return model, tokenizer
