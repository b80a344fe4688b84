"""Topics the frame dictionary does not name: non-negative matrix factorisation of TF-IDF.

Documents become TF-IDF vectors over their content tokens (the tokens of
:func:`frresearch.text.tokens.tokenize` without stop words, numbers and
one-letter tokens); scikit-learn's NMF factorises that matrix into
document-topic weights and topic-term weights. A topic is read from its top
terms. NMF is seeded (``random_state``) and initialised by NNDSVDa, so the
same texts give the same topics.

Prevalence: each document's topic weights are divided by their sum, so they
are shares of the document; a topic's prevalence in a group is the mean
share over the group's documents. Documents without any content token have
no weights and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from ..settings import SEED
from .tokens import content_tokens, tokenize

__all__ = ["TopicModel", "topics", "topic_prevalence"]


@dataclass
class TopicModel:
    """Result of :func:`topics`.

    Attributes
    ----------
    weights : DataFrame
        One row per document (in input order), one column per topic
        (``topic 1``...): the document's topic shares, summing to 1 (missing
        for a document without content tokens).
    terms : DataFrame
        One row per topic and rank: ``topic``, ``rank`` (1 = heaviest),
        ``term`` and ``weight`` (in the topic-term matrix).
    notes : list of str
        Plain-language caveats, such as fewer topics than asked.
    """

    weights: pd.DataFrame
    terms: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def top_terms(self) -> pd.Series:
        """Each topic's top terms joined by commas, for tables and labels."""
        return self.terms.groupby("topic", sort=False)["term"].agg(", ".join)


def _analyzer(text: str) -> list[str]:
    return content_tokens(tokenize(text))


def topics(texts: Sequence[str], n_topics: int = 6, *, n_terms: int = 10, min_df: int = 1, max_df: float = 0.9,
           seed: int = SEED) -> TopicModel:
    """Topics of ``texts`` by NMF on TF-IDF.

    Parameters
    ----------
    texts : sequence of str
        One text per document.
    n_topics : int
        Topics to find; cut to the number of documents and of distinct terms
        when either is smaller (a note says so).
    n_terms : int
        Top terms kept per topic.
    min_df : int
        A term must occur in at least this many documents.
    max_df : float
        Terms in more than this share of the documents are left out: words
        every article uses ("facial", "recognition") separate no topics.
    seed : int
        NMF's ``random_state``.

    Returns
    -------
    TopicModel
    """
    if n_topics < 1 or n_terms < 1 or min_df < 1:
        raise ValueError(f"n_topics, n_terms and min_df are {n_topics!r}, {n_terms!r}, {min_df!r}; "
                         f"each must be at least 1")
    texts = [str(t or "") for t in texts]
    notes: list[str] = []
    vectorizer = TfidfVectorizer(analyzer=_analyzer, min_df=min_df, max_df=max_df)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no document has a term within min_df and max_df
        matrix = None
    if matrix is None or matrix.nnz == 0:
        notes.append("no terms to model: the texts have no content tokens within min_df and max_df.")
        return TopicModel(pd.DataFrame(index=range(len(texts))),
                          pd.DataFrame(columns=["topic", "rank", "term", "weight"]), notes)
    usable = min(n_topics, matrix.shape[0], matrix.shape[1])
    if usable < n_topics:
        notes.append(f"{usable} topic(s) instead of {n_topics}: only {matrix.shape[0]} document(s) and "
                     f"{matrix.shape[1]} term(s).")
    model = NMF(n_components=usable, init="nndsvda", random_state=seed, max_iter=1000)
    document_weights = model.fit_transform(matrix)
    names = [f"topic {i + 1}" for i in range(usable)]
    totals = document_weights.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(totals > 0, document_weights / totals, np.nan)
    vocabulary = vectorizer.get_feature_names_out()
    rows: list[tuple[str, int, str, float]] = []
    for index, component in enumerate(model.components_):
        # Heaviest first; ties broken by the term, so the order does not depend on the platform's sort.
        order = sorted(range(len(component)), key=lambda j: (-component[j], vocabulary[j]))[:n_terms]
        rows.extend((names[index], rank, str(vocabulary[j]), float(component[j]))
                    for rank, j in enumerate(order, start=1) if component[j] > 0)
    return TopicModel(pd.DataFrame(shares, columns=names), pd.DataFrame(rows, columns=["topic", "rank", "term",
                                                                                         "weight"]), notes)


def topic_prevalence(model: TopicModel, groups: Sequence[str] | pd.Series) -> pd.DataFrame:
    """Each topic's mean share of the documents of each group.

    Parameters
    ----------
    model : TopicModel
        From :func:`topics`.
    groups : sequence
        The group of each document, in the order the texts were given.

    Returns
    -------
    DataFrame
        One row per group and topic: ``group``, ``topic``, ``documents`` (with
        weights), ``prevalence`` and ``top_terms``.
    """
    groups = pd.Series(list(groups), dtype=object).fillna("(missing)").astype(str)
    if len(groups) != len(model.weights):
        raise ValueError(f"{len(groups)} group labels for {len(model.weights)} documents")
    weights = model.weights.assign(group=groups.to_numpy()).dropna()
    if weights.empty or len(model.weights.columns) == 0:
        return pd.DataFrame(columns=["group", "topic", "documents", "prevalence", "top_terms"])
    means = weights.groupby("group", sort=True).mean().stack().rename("prevalence").reset_index()
    means.columns = ["group", "topic", "prevalence"]
    means["documents"] = means["group"].map(weights.groupby("group").size())
    means["top_terms"] = means["topic"].map(model.top_terms())
    return means[["group", "topic", "documents", "prevalence", "top_terms"]]
