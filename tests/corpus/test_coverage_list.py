"""The shipped coverage list (seeds/coverage.csv): facts only, every row loads, every outlet labelled."""

from __future__ import annotations

import csv

import pandas as pd

from frresearch.corpus import load_corpus

COLUMNS = ["url", "title", "outlet", "domain", "published", "language", "period", "ownership", "source_note"]
PERIOD_YEARS = {"draft-2023": 2023, "final-2025": 2025}


def _rows(seed_dir):
    with (seed_dir / "coverage.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_rows_hold_facts_only_and_are_unique(seed_dir):
    rows = _rows(seed_dir)
    assert len({row["url"] for row in rows}) == len(rows)
    for row in rows:
        assert row["title"] and row["outlet"] and row["domain"] in row["url"]
        assert row["source_note"].startswith("search:pages")  # how the item was verified
        assert pd.Timestamp(row["published"]).year == PERIOD_YEARS[row["period"]]
        assert row["ownership"] in ("", "state", "commercial", "public", "nonprofit")
        assert "utm_" not in row["url"] and len(row["title"]) < 200  # headlines, never article text


def test_every_row_loads_with_its_period_and_a_known_outlet(seed_dir):
    corpus = load_corpus(seed_dir)
    assert not (corpus.problems["severity"] == "error").any()
    listed = corpus.articles[corpus.articles["source"] == "coverage.csv"]
    assert len(listed) == len(_rows(seed_dir))
    assert set(listed["period"]) == set(PERIOD_YEARS)
    assert "unknown" not in set(listed["ownership"])
    assert (listed["body"] == "").all()
    assert set(corpus.extras[corpus.extras["source"] == "coverage.csv"]["field"]) == {"source_note"}
