from __future__ import annotations

import pandas as pd
import pytest

from frresearch.text.topics import topic_prevalence, topics

CAMERAS = "cameras surveillance police cameras monitoring police"
MARKETS = "markets investors shares markets earnings investors"


def test_two_clear_topics_and_their_prevalence():
    texts = [CAMERAS] * 3 + [MARKETS] * 3
    model = topics(texts, n_topics=2, n_terms=3)
    terms = model.top_terms()
    # Equal weights are ordered by term: "monitoring" before "surveillance", "earnings" before "shares".
    assert {frozenset(t.split(", ")) for t in terms} == {frozenset({"cameras", "police", "monitoring"}),
                                                         frozenset({"markets", "investors", "earnings"})}
    camera_topic = next(name for name, t in terms.items() if "cameras" in t)
    assert "markets" not in terms[camera_topic]
    shares = model.weights
    assert shares.sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert (shares.loc[:2, camera_topic] > 0.99).all() and (shares.loc[3:, camera_topic] < 0.01).all()
    prevalence = topic_prevalence(model, ["state"] * 3 + ["commercial"] * 3).set_index(["group", "topic"])
    assert prevalence.loc[("state", camera_topic), "prevalence"] == pytest.approx(1.0, abs=0.01)
    assert prevalence.loc[("commercial", camera_topic), "prevalence"] == pytest.approx(0.0, abs=0.01)
    assert prevalence.loc[("state", camera_topic), "documents"] == 3


def test_seeded_and_deterministic():
    texts = [CAMERAS + " markets", MARKETS + " police", CAMERAS, MARKETS, "cameras investors"]
    first, second = topics(texts, n_topics=2), topics(texts, n_topics=2)
    pd.testing.assert_frame_equal(first.weights, second.weights)
    pd.testing.assert_frame_equal(first.terms, second.terms)


def test_fewer_topics_than_asked_is_said_and_empty_texts_are_left_out():
    model = topics([CAMERAS, MARKETS, "the of and"], n_topics=5)
    assert model.weights.shape[1] == 3 and "3 topic(s) instead of 5" in model.notes[0]
    assert model.weights.iloc[2].isna().all()
    assert topic_prevalence(model, ["a", "b", "c"])["group"].unique().tolist() == ["a", "b"]
    empty = topics(["the and", ""], n_topics=2)
    assert empty.weights.shape == (2, 0) and "no terms" in empty.notes[0]
    with pytest.raises(ValueError, match="2 group labels for 3 documents"):
        topic_prevalence(model, ["a", "b"])
