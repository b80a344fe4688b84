"""frresearch: comparative framing analysis of news coverage."""

from importlib.metadata import PackageNotFoundError, version

from .cleaning import canonical_url, clean_text, registrable_domain
from .codebook import Codebook, Frame, load_codebook
from .coding import code_frames, frame_matches
from .compare import FrameComparison, SmallSampleWarning, compare_frames, summarize_comparison
from .corpus import Corpus, load_corpus, story_with_most_outlets
from .exceptions import (
    CodebookError,
    CodingSheetError,
    CorpusError,
    DocumentError,
    FrresearchError,
    NotebookRunError,
    RegistryError,
)
from .keyness import (
    VocabularyComparison,
    compare_vocabulary,
    distinctive_terms,
    fightin_words,
    informative_prior,
    log_likelihood,
)
from .kwic import collocations, kwic
from .outlets import OutletRegistry, load_outlets
from .report import Report, open_analysis, save_figure
from .tokenize import tokenize
from .tone import lexicon_coverage, tone
from .validation import (
    dictionary_validity,
    read_coding_sheets,
    reliability,
    revise_codebook,
    term_diagnostics,
    validate_dictionary,
    write_coding_sheet,
)

try:
    __version__ = version("frresearch")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "__version__",
    # corpus
    "Corpus", "load_corpus", "story_with_most_outlets", "OutletRegistry", "load_outlets",
    "canonical_url", "clean_text", "registrable_domain",
    # framing
    "Codebook", "Frame", "load_codebook", "tokenize", "code_frames", "frame_matches",
    "FrameComparison", "SmallSampleWarning", "compare_frames", "summarize_comparison",
    "fightin_words", "log_likelihood", "informative_prior", "distinctive_terms", "VocabularyComparison",
    "compare_vocabulary", "kwic", "collocations", "tone", "lexicon_coverage",
    # validation
    "write_coding_sheet", "read_coding_sheets", "reliability", "dictionary_validity", "term_diagnostics",
    "revise_codebook", "validate_dictionary",
    # reports
    "Report", "open_analysis", "save_figure",
    # errors
    "FrresearchError", "CorpusError", "CodebookError", "RegistryError", "CodingSheetError", "NotebookRunError",
    "DocumentError",
]
