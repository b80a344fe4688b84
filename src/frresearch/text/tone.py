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

__all__ = ["vader_scores", "vader_lexicon", "tone", "MAX_SENTENCE_WORDS"]

# VADER's time grows faster than the length of a sentence; longer "sentences"
# (unpunctuated text) are scored on their first MAX_SENTENCE_WORDS words.
MAX_SENTENCE_WORDS = 300

_SCORE_COLUMNS = ["negative", "neutral", "positive", "compound"]


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def _capped(sentence: str) -> str:
    words = sentence.split(maxsplit=MAX_SENTENCE_WORDS)
    return " ".join(words[:MAX_SENTENCE_WORDS]) if len(words) > MAX_SENTENCE_WORDS else sentence


def vader_scores(sentences: list[str]) -> pd.DataFrame:
    """VADER's negative, neutral, positive and compound scores, one row per sentence.

    A sentence longer than :data:`MAX_SENTENCE_WORDS` words is scored on its
    first :data:`MAX_SENTENCE_WORDS` words (``cut = True``), which keeps the
    time linear in the length of the text.
    """
    analyzer = _analyzer()
    rows = []
    for sentence in sentences:
        scored = _capped(sentence)
        score = analyzer.polarity_scores(scored)
        rows.append((sentence, score["neg"], score["neu"], score["pos"], score["compound"], scored != sentence))
    return pd.DataFrame(rows, columns=["sentence", *_SCORE_COLUMNS, "cut"])


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
        ``negative``, ``neutral``, ``positive`` and ``compound`` scores, ``scored``,
        ``not_scored_reason``, and ``sentences_cut``: how many sentences were
        longer than :data:`MAX_SENTENCE_WORDS` words and scored on their
        beginning only. Missing text (NaN) has no sentences and is not scored.
    """
    rows = []
    for article in articles.itertuples(index=False):
        article_language = getattr(article, "language", language)
        scored = article_language == language
        text = article.text if isinstance(article.text, str) else ""
        sentences = split_sentences(text) if scored else []
        scores = vader_scores(sentences) if sentences else None
        means = scores[_SCORE_COLUMNS].mean().to_numpy() if scores is not None else [np.nan] * 4
        cut = int(scores["cut"].sum()) if scores is not None else 0
        reason = "" if sentences else _not_scored_reason(article_language, scored)
        rows.append((article.article_id, getattr(article, "outlet", ""), getattr(article, "ownership", ""),
                     len(sentences), *means, bool(sentences), reason, cut))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "ownership", "sentences", *_SCORE_COLUMNS, "scored",
                                       "not_scored_reason", "sentences_cut"])


def _not_scored_reason(article_language: str, in_language: bool) -> str:
    if in_language:
        return "no sentences"
    if article_language == "zh":
        return "no Chinese tone lexicon ships with frresearch (VADER's lexicon is English)"
    return f"language {article_language!r}: VADER's lexicon is English"


def vader_lexicon() -> dict[str, float]:
    """VADER's lexicon: word -> valence on its -4 to +4 scale."""
    return dict(_analyzer().lexicon)
