"""``TrainingArguments`` for local fine-tuning: no checkpoints, no reporting, no hub."""

from __future__ import annotations

import tempfile
from typing import Any


def offline_training_args(progress: bool = True, output_dir: str | None = None, **options: Any) -> Any:
    """``TrainingArguments`` for local training: no checkpoints, no reporting, progress bars only
    when ``progress``; the GPU when torch sees one, else the CPU."""
    from transformers import TrainingArguments

    defaults = {"save_strategy": "no", "report_to": [], "logging_steps": 50, "disable_tqdm": not progress,
                "weight_decay": 0.01, "warmup_steps": 0.06}
    defaults.update(options)
    return TrainingArguments(output_dir=output_dir or tempfile.mkdtemp(prefix="claimattr-train-"), **defaults)
