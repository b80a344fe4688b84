"""frresearch: comparative framing analysis of news coverage."""

from importlib.metadata import PackageNotFoundError, version

from .cleaning import canonical_url, clean_text, registrable_domain
from .corpus import Corpus, load_corpus
from .exceptions import (
    CodebookError,
    CodingSheetError,
    CorpusError,
    DocumentError,
    FrresearchError,
    NotebookRunError,
    RegistryError,
)
from .outlets import OutletRegistry, load_outlets

try:
    __version__ = version("frresearch")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    "Corpus",
    "load_corpus",
    "OutletRegistry",
    "load_outlets",
    "canonical_url",
    "clean_text",
    "registrable_domain",
    "FrresearchError",
    "CorpusError",
    "CodebookError",
    "RegistryError",
    "CodingSheetError",
    "NotebookRunError",
    "DocumentError",
]
