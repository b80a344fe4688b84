"""The package's exceptions: one base class and one subclass per kind of failure."""

from __future__ import annotations

__all__ = [
    "FrresearchError",
    "CorpusError",
    "CodebookError",
    "RegistryError",
    "CodingSheetError",
    "NotebookRunError",
    "DocumentError",
]


class FrresearchError(Exception):
    """Base class of every error raised on purpose by frresearch."""


class CorpusError(FrresearchError):
    """The corpus source cannot be read at all (missing path, no documents)."""


class CodebookError(FrresearchError, ValueError):
    """A frame codebook is malformed; the message names the frame and the field."""


class RegistryError(FrresearchError, ValueError):
    """An outlet registry file is malformed; the message names the entry and the field."""


class CodingSheetError(FrresearchError, ValueError):
    """A filled coding sheet is invalid; the message names the file and the row."""


class NotebookRunError(FrresearchError):
    """A notebook failed while running; the message names the notebook, the cell and the saved output."""


class DocumentError(FrresearchError, ValueError):
    """One input document cannot be read; the loader turns this into a problems row."""
