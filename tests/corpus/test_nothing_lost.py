"""Valid documents are never lost because of a bad value, line, row, key or file beside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from frresearch import RegistryError, load_corpus, load_outlets
from frresearch.corpus.cleaning import canonical_url, identifies_article

HOSTILE = Path(__file__).resolve().parent / "golden" / "hostile"


def _problems(corpus, source: str) -> list[tuple[str, str, str]]:
    rows = corpus.problems[corpus.problems["source"] == source]
    return [tuple(row) for row in rows[["item", "severity", "reason"]].itertuples(index=False)]


def test_a_huge_integer_in_json_lines_loses_no_row():
    corpus = load_corpus(HOSTILE / "huge_int.jsonl")
    assert list(corpus.articles["title"]) == ["Valid before", "Huge number", "Valid after"]
    assert corpus.extras.set_index("field").loc["count", "value"] == '"' + "8" * 5000 + '"'


def test_a_repeated_csv_column_is_a_problem_and_the_first_is_read():
    corpus = load_corpus(HOSTILE / "duplicate_columns.csv")
    assert list(corpus.articles["title"]) == ["First title"]
    assert _problems(corpus, "duplicate_columns.csv") == [
        ("row 1", "warning", "header names the column(s) ['title'] more than once; the first of each is read")]


def test_a_metadata_row_naming_a_file_outside_its_folder_does_not_hide_that_file():
    corpus = load_corpus(HOSTILE / "outside_member")
    assert sorted(corpus.articles["title"]) == ["Inside", "Loose document"]
    assert "lies outside the text folder" in _problems(corpus, "texts/metadata.csv")[0][2]
    assert set(corpus.documents["source"]) == {"texts/metadata.csv", "loose.txt"}


def test_an_unforeseen_error_in_one_row_keeps_the_other_rows(monkeypatch):
    from frresearch.corpus.formats import _base

    original = _base.build_record

    def flaky(entry, *args):
        if entry.item == "line 2":
            raise RuntimeError("boom")
        return original(entry, *args)

    monkeypatch.setattr(_base, "build_record", flaky)
    corpus = load_corpus(HOSTILE / "huge_int.jsonl")
    assert list(corpus.articles["title"]) == ["Valid before", "Valid after"]
    item, severity, reason = _problems(corpus, "huge_int.jsonl")[0]
    assert (item, severity) == ("line 2", "error") and "RuntimeError: boom" in reason


def test_an_unforeseen_error_in_one_related_item_keeps_the_primary(tmp_path, monkeypatch):
    from frresearch.corpus.formats import front_matter

    (tmp_path / "story.txt").write_text(
        "---\ntitle: Primary\nwebUrl: https://www.reuters.com/2023/p\nrelated:\n"
        "  - {title: Bad, webUrl: 'https://www.reuters.com/2023/bad'}\n"
        "  - {title: Good, webUrl: 'https://www.reuters.com/2023/good'}\n---\n")
    original = front_matter.build_record

    def flaky(entry, *args):
        if entry.item == "related[0]":
            raise RuntimeError("boom")
        return original(entry, *args)

    monkeypatch.setattr(front_matter, "build_record", flaky)
    corpus = load_corpus(tmp_path)
    assert list(corpus.articles["title"]) == ["Primary", "Good"]
    assert corpus.documents.set_index("item").loc["related[0]", "status"] == "error"


@pytest.mark.parametrize(
    "url, article",
    [("https://www.reuters.com/", False), ("https://www.reuters.com/world/", False),
     ("https://www.reuters.com/technology", False), ("https://www.reuters.com/2023/x", True),
     ("https://www.reuters.com/china-face-rules", True), ("https://www.reuters.com/?id=5", True),
     ("https://www.reuters.com/app/#!/news/123", True), ("https://www.reuters.com/#!/", False)],
)
def test_home_and_section_pages_do_not_identify_an_article(url, article):
    assert identifies_article(canonical_url(url)) is article


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://www.reuters.com/app/#!/news/123", "https://www.reuters.com/app/#!/news/123"),
        ("https://www.reuters.com/app/#comments", "https://www.reuters.com/app/"),
        ("https://www.reuters.com/tech/story/amp", "https://www.reuters.com/tech/story"),
        ("https://www.reuters.com/tech/story/amp/", "https://www.reuters.com/tech/story/"),
        ("https://amp.dev/documentation/", "https://amp.dev/documentation/"),
        ("https://amp.reuters.com/tech/story", "https://reuters.com/tech/story"),
        ("https://www.reu\u200bters.com/tech/\u200bstory\ufeff", "https://www.reuters.com/tech/story"),
    ],
)
def test_url_identity_cases(raw, expected):
    assert canonical_url(raw) == expected


def test_an_amp_url_without_a_trailing_slash_gives_no_false_warning(tmp_path):
    (tmp_path / "a.txt").write_text("---\ntitle: T\nwebUrl: https://www.reuters.com/tech/story\n"
                                    "ampWebUrl: https://www.reuters.com/tech/story/amp\n"
                                    "provider: {name: Reuters, domain: reuters.com}\n---\n")
    assert load_corpus(tmp_path).problems.empty


def test_registry_domains_given_twice_are_an_error():
    with pytest.raises(RegistryError, match="outlet 'www.example.com': domain 'example.com' is listed twice"):
        load_outlets(HOSTILE / "registry_duplicate.yml")


def test_registry_trailing_dots_are_normalised_and_urls_refused():
    assert load_outlets(HOSTILE / "registry_trailing_dot.yml").lookup("example.net").name == "Dotted"
    with pytest.raises(RegistryError, match="'https://www.example.org/news/' is not a host name"):
        load_outlets(HOSTILE / "registry_url_key.yml")


def test_a_latin1_registry_is_a_clear_error():
    with pytest.raises(RegistryError, match=r"registry_latin1.yml' is not UTF-8 text \(byte 0xe9 on line 2\)"):
        load_outlets(HOSTILE / "registry_latin1.yml")


def test_a_repeated_key_in_a_registry_file_is_an_error(tmp_path):
    path = tmp_path / "outlets.yml"
    path.write_text("outlets:\n  a.com: {name: A, ownership: state}\n  a.com: {name: B, ownership: state}\n")
    with pytest.raises(RegistryError, match="the key 'a.com' is given twice .line 3."):
        load_outlets(path)


@pytest.mark.parametrize("name", ["mediacloud_older.csv", "mediacloud_partial.csv"])
def test_older_and_partial_media_cloud_exports_keep_outlets_and_dates(name):
    corpus = load_corpus(HOSTILE / name)
    article = corpus.articles.iloc[0]
    assert article["provider_name"] == "Reuters"
    if name == "mediacloud_older.csv":
        assert str(article["published"]) == "2023-08-09 08:00:00+00:00"


def test_known_columns_that_go_unused_are_named():
    corpus = load_corpus(HOSTILE / "known_columns_unused.csv")
    (reason,) = corpus.problems.loc[corpus.problems["item"] == "file", "reason"]
    assert reason.startswith("known column(s) headline (the title), link (the URL), publish_date (the publication "
                             "date) are not read as such")
