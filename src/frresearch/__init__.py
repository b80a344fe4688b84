"""frresearch: comparative framing analysis of news coverage.

Subpackages, from lower to upper layer: :mod:`frresearch.text` (tokens,
patterns, vocabulary, tone), :mod:`frresearch.corpus` (reading and
cleaning), :mod:`frresearch.frames` (codebooks, coding, comparison,
validation) and :mod:`frresearch.output` (figures, reports, notebook runs).
"""

from ._version import __version__
from .corpus import (
    Corpus,
    OutletRegistry,
    canonical_url,
    clean_text,
    copy_summary,
    find_copies,
    load_corpus,
    load_outlets,
    one_per_copy_group,
    registrable_domain,
    story_with_most_outlets,
)
from .exceptions import (
    CodebookError,
    CodingSheetError,
    CorpusError,
    DocumentError,
    FrresearchError,
    NotebookRunError,
    RegistryError,
)
from .frames import (
    MEASURES,
    Codebook,
    Frame,
    FrameComparison,
    SmallSampleWarning,
    code_frames,
    code_sentences,
    compare_frames,
    compare_measures,
    dictionary_validity,
    dominant_frames,
    frame_matches,
    lexicon_coverage,
    load_codebook,
    read_coding_sheets,
    reliability,
    revise_codebook,
    saturated_frames,
    sentence_coverage,
    sentence_frames,
    stack_measures,
    summarize_comparison,
    term_diagnostics,
    validate_dictionary,
    write_coding_sheet,
)
from .output import Report, open_analysis, save_figure
from .text import (
    VocabularyComparison,
    collocations,
    compare_vocabulary,
    distinctive_terms,
    fightin_words,
    informative_prior,
    kwic,
    log_likelihood,
    split_sentences,
    tokenize,
    tone,
    topic_prevalence,
    topics,
)

__all__ = [
    "__version__",
    # corpus
    "Corpus", "load_corpus", "story_with_most_outlets", "OutletRegistry", "load_outlets",
    "canonical_url", "clean_text", "registrable_domain", "find_copies", "one_per_copy_group", "copy_summary",
    # framing
    "Codebook", "Frame", "load_codebook", "tokenize", "code_frames", "frame_matches",
    "FrameComparison", "SmallSampleWarning", "compare_frames", "compare_measures", "stack_measures",
    "summarize_comparison",
    "fightin_words", "log_likelihood", "informative_prior", "distinctive_terms", "VocabularyComparison",
    "compare_vocabulary", "kwic", "collocations", "tone", "lexicon_coverage",
    "MEASURES", "dominant_frames", "saturated_frames", "code_sentences", "sentence_coverage", "sentence_frames",
    "split_sentences", "topics", "topic_prevalence",
    # validation
    "write_coding_sheet", "read_coding_sheets", "reliability", "dictionary_validity", "term_diagnostics",
    "revise_codebook", "validate_dictionary",
    # reports
    "Report", "open_analysis", "save_figure",
    # errors
    "FrresearchError", "CorpusError", "CodebookError", "RegistryError", "CodingSheetError", "NotebookRunError",
    "DocumentError",
]
