"""The exceptions claimattr raises. Every one is a :class:`ClaimattrError`, so callers can catch
them all at once; each message says what was wrong and how to fix it."""


class ClaimattrError(Exception):
    """Base class of every error claimattr raises on purpose."""


class InputError(ClaimattrError, ValueError):
    """The input text can't be processed as given (HTML, too large, not text)."""


class FormatError(ClaimattrError, ValueError):
    """A record or file is not in the ANNOTATION format (see ANNOTATION.md)."""


class ModelError(ClaimattrError):
    """A model folder is missing, incomplete or of an unknown kind."""
