"""Tone with VADER, and what VADER cannot see in this story.

VADER (Hutto and Gilbert 2014) scores sentences with a lexicon of valenced
words. The lexicon ships inside the ``vaderSentiment`` package, so nothing is
downloaded. Policy vocabulary is mostly absent from it ("surveillance",
"privacy", "regulation" carry no valence), and some is misleading for this
topic: "security" is positive, so "deep security risks" scores positive.
:func:`lexicon_coverage` makes that visible per frame.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .sentences import split_sentences

__all__ = ["vader_scores", "vader_lexicon", "tone"]

_SCORE_COLUMNS = ["negative", "neutral", "positive", "compound"]


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def vader_scores(sentences: list[str]) -> pd.DataFrame:
    """VADER's negative, neutral, positive and compound scores, one row per sentence."""
    analyzer = _analyzer()
    rows = []
    for sentence in sentences:
        score = analyzer.polarity_scores(sentence)
        rows.append((sentence, score["neg"], score["neu"], score["pos"], score["compound"]))
    return pd.DataFrame(rows, columns=["sentence", *_SCORE_COLUMNS])


def tone(articles: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """VADER scores per sentence, averaged per article.

    Sentences are those of :func:`frresearch.text.sentences.split_sentences`,
    the splitter frame coding uses.

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles``.
    language : str
        VADER's lexicon is English: articles in another language are not
        scored (``scored = False``, scores missing), never scored as neutral.
        No Chinese tone lexicon ships with frresearch (none we found has a
        licence that allows it), so Chinese articles are never scored.

    Returns
    -------
    DataFrame
        ``article_id``, ``outlet``, ``ownership``, ``sentences``, the mean
        ``negative``, ``neutral``, ``positive`` and ``compound`` scores,
        ``scored`` and ``not_scored_reason``.
    """
    rows = []
    for article in articles.itertuples(index=False):
        article_language = getattr(article, "language", language)
        scored = article_language == language
        sentences = split_sentences(str(article.text or "")) if scored else []
        means = vader_scores(sentences)[_SCORE_COLUMNS].mean().to_numpy() if sentences else [np.nan] * 4
        reason = "" if sentences else _not_scored_reason(article_language, scored)
        rows.append((article.article_id, getattr(article, "outlet", ""), getattr(article, "ownership", ""),
                     len(sentences), *means, bool(sentences), reason))
    columns = ["article_id", "outlet", "ownership", "sentences", *_SCORE_COLUMNS, "scored", "not_scored_reason"]
    return pd.DataFrame(rows, columns=columns)


def _not_scored_reason(article_language: str, in_language: bool) -> str:
    if in_language:
        return "no sentences"
    if article_language == "zh":
        return "no Chinese tone lexicon ships with frresearch (VADER's lexicon is English)"
    return f"language {article_language!r}: VADER's lexicon is English"


def vader_lexicon() -> dict[str, float]:
    """VADER's lexicon: word -> valence on its -4 to +4 scale."""
    return dict(_analyzer().lexicon)
