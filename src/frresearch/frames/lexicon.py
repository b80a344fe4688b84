"""What VADER's lexicon knows of a codebook's cue terms."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..text.patterns import parse_term
from ..text.tone import vader_lexicon
from .codebook import Codebook, load_codebook

__all__ = ["lexicon_coverage"]


def lexicon_coverage(codebook: Codebook | None = None) -> pd.DataFrame:
    """Which of each frame's cue words VADER's lexicon knows, and with what valence.

    Returns
    -------
    DataFrame
        One row per frame, term and word of the term: ``in_lexicon``,
        ``lexicon_words`` (the lexicon entries the word matches; a wildcard
        can match several) and ``valence`` (their mean, on VADER's -4 to +4 scale).
    """
    codebook = codebook or load_codebook()
    lexicon = vader_lexicon()
    rows = []
    for frame in codebook.frames:
        for term in frame.terms_in("en"):  # VADER's lexicon is English
            for word in parse_term(term):
                if word.endswith("*"):
                    found = sorted(entry for entry in lexicon if entry.startswith(word[:-1]))
                else:
                    found = [word] if word in lexicon else []
                valence = float(np.mean([lexicon[w] for w in found])) if found else np.nan
                rows.append((frame.key, term, word, bool(found), ", ".join(found), valence))
    return pd.DataFrame(rows, columns=["frame", "term", "word", "in_lexicon", "lexicon_words", "valence"])
