"""Importers: each tricky table input beside the rows and problems expected from it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from frresearch import CorpusError, load_corpus
from frresearch.corpus.formats import handler_for

IMPORTS = Path(__file__).resolve().parent / "golden" / "importers"


def _rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False)]


def test_media_cloud_export():
    corpus = load_corpus(IMPORTS / "mediacloud.csv")
    assert _rows(corpus.articles, "item", "outlet", "ownership", "language") == [
        ("row 2", "Reuters", "commercial", "en"), ("row 3", "Global Times", "state", "en"),
        ("row 5", "Xinhua News Agency", "state", "zh")]
    assert corpus.articles.iloc[0]["published"] == pd.Timestamp("2023-08-08T12:30:00Z")
    assert corpus.articles.iloc[0]["body"].startswith("The Cyberspace Administration of China on Tuesday")
    assert _rows(corpus.documents, "item", "status") == [
        ("row 2", "loaded"), ("row 3", "loaded"), ("row 4", "error"), ("row 5", "loaded"), ("row 6", "duplicate")]
    assert _rows(corpus.problems, "item", "severity") == [
        ("row 4", "error"), ("row 5", "warning"), ("row 6", "warning")]
    assert "row has 7 values, the header has 9 columns" in corpus.problems.iloc[0]["reason"]
    assert "'not-a-date' is not a date" in corpus.problems.iloc[1]["reason"]
    extras = corpus.extras[corpus.extras["item"] == "row 2"].set_index("field")["value"]
    assert extras["id"] == '"101"' and extras["indexed_date"] == '"2023-08-09 10:00:00"'


def test_generic_csv_with_a_column_mapping():
    columns = {"title": "headline", "body": "story", "url": "link", "published": "when", "domain": "source_site",
               "ownership": "owner"}
    corpus = load_corpus(IMPORTS / "generic.csv", columns=columns)
    assert _rows(corpus.articles, "item", "outlet", "ownership", "ownership_source") == [
        ("row 2", "South China Morning Post", "commercial", "registry"),
        ("row 4", "International Business Times", "state", "document")]
    assert corpus.articles.iloc[0]["published"] == pd.Timestamp("2023-08-09T00:00:00Z")
    assert _rows(corpus.problems, "item", "severity", "reason") == [
        ("row 5", "error", "no title, excerpt or body: nothing to analyse")]
    assert set(corpus.extras["field"]) == {"section"}


def test_generic_csv_without_text_columns_names_the_columns():
    with pytest.raises(CorpusError, match=r"no column for title, excerpt or body among \['headline'"):
        load_corpus(IMPORTS / "generic.csv")


def test_unknown_field_in_mapping():
    with pytest.raises(ValueError, match="field 'headline'"):
        load_corpus(IMPORTS / "generic.csv", columns={"headline": "headline"})


def test_json_lines_with_bad_lines():
    corpus = load_corpus(IMPORTS / "articles.jsonl")
    assert _rows(corpus.articles, "item", "outlet", "title") == [
        ("line 1", "TechNode", "Draft rules curb facial recognition"), ("line 5", "CNBC", "42")]
    assert _rows(corpus.problems, "item", "severity") == [("line 2", "error"), ("line 3", "error"),
                                                          ("line 5", "warning")]
    assert "Unterminated string" in corpus.problems.iloc[0]["reason"]
    assert corpus.problems.iloc[1]["reason"] == "line holds a list, expected a JSON object"
    assert corpus.extras.iloc[0]["value"] == '["ai", "china"]'


def test_text_folder_with_metadata():
    corpus = load_corpus(IMPORTS / "textfolder")
    assert len(corpus.articles) == 1
    article = corpus.articles.iloc[0]
    assert (article["outlet"], article["ownership"]) == ("China Daily", "state")
    assert article["body"].startswith("The draft regulation maintains social order")
    assert _rows(corpus.problems, "item", "reason") == [
        ("row 3", "text file 'missing.txt' does not exist"),
        ("row 4", "text file '../generic.csv' lies outside the text folder; not read (it is read on its own "
                     "if it is in the corpus)"),
        ("row 5", "no text file named on this row")]
    # a.txt is read through the metadata, not twice, and listed for provenance
    assert sorted(corpus.files["source"]) == ["a.txt", "metadata.csv"]
    assert corpus.documents["source"].tolist().count("a.txt") == 0


def test_a_folder_mixing_formats_and_the_format_argument(tmp_path, seed_dir):
    (tmp_path / "seed.txt").write_bytes(next(seed_dir.glob("*.txt")).read_bytes())
    (tmp_path / "export.csv").write_bytes((IMPORTS / "mediacloud.csv").read_bytes())
    (tmp_path / "more.jsonl").write_bytes((IMPORTS / "articles.jsonl").read_bytes())
    corpus = load_corpus(tmp_path)
    assert corpus.articles.groupby("source").size().to_dict() == {"export.csv": 3, "more.jsonl": 2, "seed.txt": 4}
    with pytest.raises(CorpusError, match="more.jsonl: no front matter"):
        load_corpus(tmp_path / "more.jsonl", format="frontmatter")
    with pytest.raises(ValueError, match="format is 'xml'"):
        load_corpus(tmp_path, format="xml")


def test_handler_dispatch(tmp_path):
    header = "id,indexed_date,language,media_name,media_url,publish_date,title,url\n"
    files = {"mc.csv": header, "plain.csv": "title\n", "metadata.csv": "file\n", "x.ndjson": "", "doc.txt": "---\n"}
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    found = {name: handler_for(tmp_path / name).name for name in files}
    assert found == {"mc.csv": "mediacloud", "plain.csv": "csv", "metadata.csv": "textfolder", "x.ndjson": "jsonl",
                     "doc.txt": "frontmatter"}


def test_binary_file_named_csv(tmp_path, seed_dir):
    (tmp_path / "seed.txt").write_bytes(next(seed_dir.glob("*.txt")).read_bytes())
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    problems = load_corpus(tmp_path).problems
    assert _rows(problems, "source", "severity", "reason") == [("image.csv", "error", "file is a PNG image, not a text document")]


def test_overlong_json_line_is_skipped_and_reported(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"title": "' + "x" * 5000 + '"}\n{"title": "Short one", "url": "https://www.reuters.com/a"}\n')
    corpus = load_corpus(path, max_file_bytes=1000)
    assert list(corpus.articles["title"]) == ["Short one"]
    assert _rows(corpus.problems, "item", "reason") == [
        ("line 1", "line is longer than the limit of 1,000 characters; not read")]


def test_deeply_nested_json_line(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + '{"title": "Fine", "url": "https://www.reuters.com/f"}\n')
    corpus = load_corpus(path)
    assert list(corpus.articles["title"]) == ["Fine"]
    assert _rows(corpus.problems, "item", "reason") == [("line 1", "line is nested too deeply to read")]


def test_a_text_folder_with_a_mapped_file_column_reads_each_body_once(tmp_path):
    (tmp_path / "metadata.csv").write_text("headline,filename,url\nRules,a.txt,https://www.reuters.com/a\n")
    (tmp_path / "a.txt").write_text("The draft rules on facial recognition were published.\n")
    corpus = load_corpus(tmp_path, columns={"title": "headline", "file": "filename"}, cache_dir=tmp_path / ".cache")
    assert list(corpus.documents["source"]) == ["metadata.csv"]
    assert corpus.problems.empty, corpus.problems
    assert "published" in corpus.articles["body"].iloc[0]
