"""Keywords in context and collocations: reading what the numbers count."""

from __future__ import annotations

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from .chinese import chinese_stopwords, has_han
from .language import english_stopwords
from .patterns import matches_at, parse_term
from .tokens import span_tokens, tokenize

__all__ = ["kwic", "collocations"]


def kwic(articles: pd.DataFrame, pattern: str | list[str], window: int = 8, chars: int = 20) -> pd.DataFrame:
    """Every occurrence of a word or phrase with ``window`` tokens of context on each side.

    Chinese words are matched on segmented text (Traditional as Simplified),
    and for articles with Chinese characters the context is ``chars``
    characters on each side, as Chinese concordances show it (a Chinese
    word is one to four characters, so token windows would be short and uneven).

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles`` (``article_id``, ``text``, ``outlet``, ``ownership``).
    pattern : str or list of str
        A term in codebook syntax: ``privacy``, ``surveil*``, ``personal information``;
        or several, listed in this order.
    window : int
        Context tokens shown left and right.
    chars : int
        Context characters shown left and right in text with Chinese characters.

    Returns
    -------
    DataFrame
        ``pattern``, ``article_id``, ``outlet``, ``ownership``, ``left``,
        ``match``, ``right``, ``start`` and ``end`` (character offsets into ``text``).
        In ``left`` and ``right`` every run of white space (line and
        paragraph breaks too) is one space, so each line reads as a line.
    """
    if window < 0:
        raise ValueError(f"window is {window!r}, expected a number of tokens >= 0")
    if chars < 0:
        raise ValueError(f"chars is {chars!r}, expected a number of characters >= 0")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    parsed: dict[str, tuple[str, ...]] = {}
    for term in patterns:
        try:
            parsed[term] = parse_term(term)
        except ValueError as exc:
            raise ValueError(f"pattern {term!r} cannot be matched: {exc}") from None
    rows: dict[str, list[tuple]] = {term: [] for term in patterns}
    for article in articles.itertuples(index=False):
        text = str(article.text or "")
        spans, tokens = span_tokens(text)  # once per article, whatever the number of patterns
        chinese = has_han(text)
        for term, term_pattern in parsed.items():
            for i in range(len(tokens)):
                if not matches_at(tokens, i, term_pattern):
                    continue
                j = i + len(term_pattern)
                start, end = spans[i][0], spans[j - 1][1]
                if chinese:
                    left = " ".join(text[max(0, start - chars) : start].split())
                    right = " ".join(text[end : end + chars].split())
                else:
                    left = " ".join(text[spans[max(0, i - window)][0] : start].split()) if window else ""
                    last = min(len(spans), j + window) - 1
                    right = " ".join(text[end : spans[last][1]].split()) if window and j < len(spans) else ""
                rows[term].append((term, article.article_id, getattr(article, "outlet", ""),
                                   getattr(article, "ownership", ""), left, text[start:end], right, start, end))
    columns = ["pattern", "article_id", "outlet", "ownership", "left", "match", "right", "start", "end"]
    return pd.DataFrame([row for term in patterns for row in rows[term]], columns=columns)


def collocations(articles: pd.DataFrame, by: str = "ownership", top: int = 10, min_freq: int = 2) -> pd.DataFrame:
    """Top bigram collocations per group, scored with nltk's likelihood ratio.

    Bigrams with a stop word (English or Chinese), a one-character word, a
    number or fewer than ``min_freq`` occurrences are left out. Bigrams do not
    cross article boundaries. Chinese text is counted in segmented words
    (Simplified), so a Chinese bigram is two adjacent words, shown with a space.

    Returns
    -------
    DataFrame
        ``group``, ``bigram``, ``count`` and ``score`` (log-likelihood ratio),
        ``top`` rows per group at most.
    """
    if by not in articles.columns:
        raise KeyError(f"column {by!r} is not in the articles table; available: {sorted(articles.columns)}")
    stop = english_stopwords() | chinese_stopwords()
    measures = BigramAssocMeasures()
    rows = []
    for group, part in sorted(articles.groupby(by, dropna=False), key=lambda item: str(item[0])):
        documents = [tokenize(str(text)) for text in part["text"].fillna("")]
        finder = BigramCollocationFinder.from_documents(documents)
        finder.apply_freq_filter(min_freq)
        finder.apply_word_filter(lambda w: w in stop or len(w) < 2 or w.isdigit())
        scored = sorted(finder.score_ngrams(measures.likelihood_ratio), key=lambda item: (-item[1], item[0]))
        for bigram, score in scored[:top]:
            rows.append((str(group), " ".join(bigram), finder.ngram_fd[bigram], score))
    return pd.DataFrame(rows, columns=["group", "bigram", "count", "score"])
