"""Validating the frame dictionary against human coders.

The loop: export a blind coding sheet for a seeded, stratified sample
(:func:`write_coding_sheet`); read the sheets the coders filled
(:func:`read_coding_sheets`); measure agreement between coders
(:func:`reliability`: Krippendorff's α with nltk's ``AnnotationTask``, percent
agreement, Cohen's κ); measure the dictionary against the coders' majority
(:func:`dictionary_validity`, :func:`term_diagnostics`); and write a revised
codebook without the cue terms the researcher decides to drop
(:func:`revise_codebook`).

Rules, stated once:

- a blank cell is a missing code: it is left out, never read as 0;
- α is computed on units with at least two codes; when every code in a frame
  is the same value, α is undefined (0/0 in Krippendorff's formula) and
  reported as missing with a note, not as 1;
- Cohen's κ is computed for exactly two coders, on the units both coded;
- the human majority of a unit is the value most of its non-blank codes
  give; a tie (e.g. one coder 1, the other 0) has no majority, and the unit
  is left out of precision and recall and counted in ``n_ties``.
"""

from .agreement import ALPHA_RELIABLE, ALPHA_TENTATIVE, reliability
from .sampling import sample_articles
from .sheets import (
    SHEET_TEXT_LIMIT,
    coding_instructions,
    coding_sheet,
    read_coding_sheets,
    write_coding_sheet,
)
from .validity import (
    dictionary_validity,
    human_majority,
    revise_codebook,
    term_diagnostics,
)
from .workflow import Validation, validate_dictionary

__all__ = [
    "SHEET_TEXT_LIMIT", "sample_articles", "coding_sheet", "coding_instructions", "write_coding_sheet",
    "read_coding_sheets", "reliability", "human_majority", "dictionary_validity", "term_diagnostics",
    "revise_codebook", "Validation", "validate_dictionary", "ALPHA_RELIABLE", "ALPHA_TENTATIVE",
]
