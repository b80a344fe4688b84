"""Publication dates: ISO 8601 and other written dates are read; words, impossible years and ambiguity are said."""

from __future__ import annotations

import pytest

from frresearch import load_corpus


@pytest.mark.parametrize(
    "written, published, warning",
    [
        ("'2023-08-09'", "2023-08-09 00:00:00+00:00", None),
        ("2023-08-09T10:00:00+08:00", "2023-08-09 02:00:00+00:00", None),
        ("'August 9, 2023'", "2023-08-09 00:00:00+00:00", None),
        ("now", "NaT", "is not a date"),
        ("today", "NaT", "is not a date"),
        ("'09/08/2023'", "2023-09-08 00:00:00+00:00", "is ambiguous (day and month could be swapped)"),
        ("'13/08/2023'", "2023-08-13 00:00:00+00:00", None),
        ("0001-01-01", "NaT", "has the year 1, outside 1900-2100"),
        ("'9999-12-31'", "NaT", "has the year 9999, outside 1900-2100"),
    ],
)
def test_dates(tmp_path, written, published, warning):
    (tmp_path / "a.txt").write_text(f"---\ntitle: T\npublishedDateTime: {written}\n"
                                    "webUrl: https://www.reuters.com/2023/a\n"
                                    "provider: {name: Reuters, domain: reuters.com}\n---\n")
    corpus = load_corpus(tmp_path)
    assert str(corpus.articles["published"].iloc[0]) == published
    reasons = corpus.problems["reason"].tolist()
    if warning is None:
        assert reasons == []
    else:
        assert len(reasons) == 1 and warning in reasons[0]
