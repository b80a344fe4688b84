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


def test_the_usual_forms_read_without_pandas_give_what_pandas_gives(monkeypatch):
    """ISO 8601 text to the second and datetimes skip pandas; the Timestamp and the warnings are pandas' own."""
    import datetime as dt
    import random

    import pandas as pd

    from frresearch.corpus import _records

    rng = random.Random(6)
    zones = [None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5))]
    values = []
    for _ in range(3000):
        values.append("-".join((rng.choice(["2023", "1899", "1900", "2100", "2101"]), rng.choice(["01", "02", "12", "13"]),
                                rng.choice(["01", "29", "31", "32"])))
                      + rng.choice(["T", " ", "t"]) + rng.choice(["00", "23", "24"]) + rng.choice([":00", ":59", ":60"])
                      + rng.choice([":00", ":59", ":60"]) + rng.choice(["", "Z", "+00:00", "+08:00", "-05:00", "+24:00", "z"]))
        values.append(dt.datetime(rng.choice([1899, 2023, 2101]), rng.randint(1, 12), rng.randint(1, 28),
                                  rng.randint(0, 23), tzinfo=rng.choice(zones)))
        values.append(dt.date(rng.choice([1899, 2023, 2101]), rng.randint(1, 12), rng.randint(1, 28)))

    def read(value):
        warnings: list[str] = []
        stamp = _records.table_time(_records._as_timestamp(value, "date", warnings.append))
        return (None, warnings) if pd.isna(stamp) else ((stamp, stamp.unit, stamp.tz), warnings)

    quick = [read(value) for value in values]
    monkeypatch.setattr(_records, "_plain_utc_time", lambda value: None)
    assert quick == [read(value) for value in values]
    assert sum(result is not None for result, _ in quick) > 1000
