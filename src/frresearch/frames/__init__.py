"""Frames: codebooks, coding articles, comparing groups, and validating against human coders."""

from .codebook import Codebook, Frame, load_codebook
from .coding import code_frames, frame_matches
from .comparison import (
    FrameComparison,
    SmallSampleWarning,
    compare_frames,
    compare_measures,
    stack_measures,
    summarize_comparison,
)
from .lexicon import lexicon_coverage
from .measures import MEASURES, dominant_frames, saturated_frames
from .sentences import code_sentences, sentence_coverage, sentence_frames
from .validation import (
    dictionary_validity,
    read_coding_sheets,
    reliability,
    revise_codebook,
    term_diagnostics,
    validate_dictionary,
    write_coding_sheet,
)

__all__ = ["Codebook", "Frame", "load_codebook", "code_frames", "frame_matches", "FrameComparison",
           "SmallSampleWarning", "compare_frames", "compare_measures", "stack_measures", "summarize_comparison",
           "lexicon_coverage",
           "MEASURES", "dominant_frames", "saturated_frames", "code_sentences", "sentence_coverage", "sentence_frames",
           "write_coding_sheet", "read_coding_sheets", "reliability", "dictionary_validity", "term_diagnostics",
           "revise_codebook", "validate_dictionary"]
