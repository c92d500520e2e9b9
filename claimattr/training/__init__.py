"""Training and cross-validation of claimattr's learned components.

* :mod:`claimattr.training.datasets`: corpora as training data (folds by document, one dataset per
  task);
* :mod:`claimattr.training.stance`: stance models (linear and transformer) and their
  cross-validation;
* :mod:`claimattr.training.pretrain`: a small Arabic encoder pretrained from scratch (masked
  language modelling) on unlabeled text;
* :mod:`claimattr.training.spans`: a token classifier for claim content, cues and speaker
  mentions;
* :mod:`claimattr.training.speakers`: a learned ranker of candidate speaker mentions.

Nothing heavy is imported here: torch, transformers, datasets and scikit-learn load inside the
functions that need them.
"""
