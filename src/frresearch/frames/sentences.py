"""Frames sentence by sentence: which sentences carry which frame, and which carry none.

Sentences come from :func:`frresearch.text.sentences.sentence_spans` (the
splitter tone uses too). The headline is sentence 0 whatever punctuation it
holds; the sentences after it are numbered from 1. An article without a title
has no sentence 0. Cue terms are matched within each sentence, with the
rules of :mod:`frresearch.frames.coding`; Chinese sentences end at 。！？ and
are segmented into words like whole articles.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..text.sentences import sentence_spans
from ..text.tokens import span_tokens
from .codebook import Codebook, load_codebook
from .coding import FrameMatcher, _coded_mask

__all__ = ["article_sentences", "code_sentences", "sentence_frames", "sentence_coverage"]


def article_sentences(text: str, title: str = "") -> list[tuple[int, int, int]]:
    """``(index, start, end)`` of each sentence of ``text``; the title, when ``text`` opens with it, is 0.

    >>> article_sentences("U.S. rules. Headline\\n\\nMr. Li spoke. He left.", "U.S. rules. Headline")
    [(0, 0, 20), (1, 22, 35), (2, 36, 44)]
    """
    title = (title or "").strip()
    sentences = []
    offset = 0
    if title and text.startswith(title):
        sentences.append((0, 0, len(title)))
        offset = len(title)
    for index, (start, end) in enumerate(sentence_spans(text[offset:]), start=1):
        sentences.append((index, offset + start, offset + end))
    return sentences


def _sentence_hits(text: str, title: str, matcher: FrameMatcher) -> Iterator[tuple[int, int, int, int, list[str]]]:
    """``(sentence, start, end, frame index, terms)`` for each sentence and frame with hits."""
    for index, start, end in article_sentences(text, title):
        _, tokens = span_tokens(text[start:end])
        terms: dict[int, list[str]] = {}
        for frame, _, _, term in matcher.matches(tokens):
            terms.setdefault(frame, []).append(term)
        for frame in sorted(terms):
            yield index, start, end, frame, terms[frame]


def code_sentences(articles: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Code every sentence of every article for every frame of the codebook.

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles`` or any frame with ``article_id``, ``text`` and
        ``language`` (and, for the headline, ``title``) columns.
    codebook : Codebook, optional
        Defaults to :func:`load_codebook` ().

    Returns
    -------
    DataFrame
        One row per sentence and frame with hits: ``article_id``, ``sentence``
        (0 is the headline), ``start`` and ``end`` (character offsets into
        ``text``), ``frame``, ``hits`` and ``terms`` (the cue terms matched, in
        order, joined by ``"; "``). Articles the codebook does not cover have no
        rows, nor do frames without terms in the article's language.
    """
    codebook = codebook or load_codebook()
    matcher = FrameMatcher(codebook)
    coded, _ = _coded_mask(articles, codebook)
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    rows = []
    for article_id, text, title, ok in zip(articles["article_id"], articles["text"].fillna(""), titles.fillna(""),
                                           coded):
        if not ok.any():
            continue
        for index, start, end, frame, terms in _sentence_hits(str(text), str(title), matcher):
            if not ok[frame]:  # the frame has no terms in the article's language
                continue
            rows.append((article_id, index, start, end, codebook.frames[frame].key, len(terms), "; ".join(terms)))
    table = pd.DataFrame(rows, columns=["article_id", "sentence", "start", "end", "frame", "hits", "terms"])
    return table.astype({"sentence": "int64", "start": "int64", "end": "int64", "hits": "int64"})


def sentence_frames(articles: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every sentence with the frames it carries, for reading an article sentence by sentence.

    Returns
    -------
    DataFrame
        One row per sentence of each coded article: ``article_id``,
        ``outlet`` and ``ownership`` (when given), ``sentence`` (0 is the
        headline), ``text`` (the sentence) and ``frames`` (frame keys with
        their hits, ``"privacy_rights (2), regulation_law (1)"``; empty when none).
    """
    codebook = codebook or load_codebook()
    coded, _ = _coded_mask(articles, codebook)
    hits = code_sentences(articles, codebook)
    labels = (hits["frame"] + " (" + hits["hits"].astype(str) + ")").groupby(
        [hits["article_id"], hits["sentence"]]).agg(", ".join)
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    rows = []
    for (_, article), title, ok in zip(articles.iterrows(), titles.fillna(""), coded):
        if not ok.any():
            continue
        text = str(article["text"] or "")
        for index, start, end in article_sentences(text, str(title)):
            rows.append((article["article_id"], article.get("outlet", ""), article.get("ownership", ""), index,
                         text[start:end], labels.get((article["article_id"], index), "")))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "ownership", "sentence", "text", "frames"])


def sentence_coverage(articles: pd.DataFrame, codebook: Codebook | None = None, by: str = "ownership"
                      ) -> pd.DataFrame:
    """The share of sentences no frame covers, by group: what the dictionary does not see.

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles``; ``by`` must be one of its columns.
    codebook : Codebook, optional
        Defaults to :func:`load_codebook` ().
    by : str
        The grouping column.

    Returns
    -------
    DataFrame
        One row per group: ``articles`` (coded), ``sentences`` (headlines
        included), ``uncovered`` (sentences without any frame hit) and
        ``uncovered_share``.
    """
    if by not in articles.columns:
        raise KeyError(f"column {by!r} is not in the articles table; available: {sorted(articles.columns)}")
    codebook = codebook or load_codebook()
    coded, _ = _coded_mask(articles, codebook)
    covered = code_sentences(articles, codebook).drop_duplicates(["article_id", "sentence"])
    covered_per_article = covered.groupby("article_id").size()
    titles = articles["title"] if "title" in articles.columns else pd.Series("", index=articles.index)
    rows = []
    for article_id, text, title, group, ok in zip(articles["article_id"], articles["text"].fillna(""),
                                                  titles.fillna(""), articles[by], coded):
        if ok.any():
            total = len(article_sentences(str(text), str(title)))
            rows.append((group, total, total - int(covered_per_article.get(article_id, 0))))
    table = pd.DataFrame(rows, columns=[by, "sentences", "uncovered"])
    table[by] = table[by].fillna("(missing)").astype(str).replace("", "(missing)")
    result = table.groupby(by, sort=True).agg(articles=("sentences", "size"), sentences=("sentences", "sum"),
                                              uncovered=("uncovered", "sum")).reset_index()
    result["uncovered_share"] = result["uncovered"] / result["sentences"].where(result["sentences"] > 0)
    return result
