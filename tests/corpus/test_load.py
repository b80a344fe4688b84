from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
import yaml

import frresearch
from frresearch import CorpusError, load_corpus
from frresearch.corpus.load import ARTICLE_COLUMNS

LOADER = Path(__file__).resolve().parent / "golden" / "loader"
EXPECTED = Path(__file__).resolve().parent / "golden" / "loader_expected"
SEED_DOCUMENT = "000_dc3f825c542a33ec.txt"


def test_seed_document_loads_as_four_articles(seed_dir):
    corpus = load_corpus(seed_dir)
    assert list(corpus.articles.columns) == ARTICLE_COLUMNS
    articles = corpus.articles[corpus.articles["source"] == SEED_DOCUMENT].reset_index(drop=True)
    assert len(articles) == 4
    assert corpus.problems.empty
    assert list(corpus.skipped["source"]) == ["README.md"]  # the seeds' documentation: skipped, not a problem
    assert list(articles["role"]) == ["primary", "related", "related", "related"]
    assert list(articles["outlet"]) == ["China Daily", "Forbes", "Coinspeaker", "International Business Times"]
    assert list(articles["ownership"]) == ["state", "commercial", "commercial", "commercial"]
    assert articles["story_id"].nunique() == 1
    primary = articles.iloc[0]
    assert primary["provider_name"] == "中国日报网"
    assert primary["domain"] == "chinadaily.com.cn"
    assert primary["title"] == "Application of facial recognition tech needs to be strictly regulated"
    assert primary["excerpt"].startswith("Although the technology will improve efficiency and convenience")
    assert primary["url"] == "https://global.chinadaily.com.cn/a/202308/10/WS64d415c7a31035260b81b385.html"
    assert primary["published"] == pd.Timestamp("2023-08-09T23:36:00Z")
    assert str(articles["published"].dt.tz) == "UTC"
    forbes = articles.iloc[1]
    assert forbes["url"].startswith("https://www.forbes.com/sites/johannacostigan/2023/08/09/new-chinese")
    assert forbes["published"] == pd.Timestamp("2023-08-10T00:03:00Z")
    assert articles.iloc[2]["published"] == pd.Timestamp("2023-08-08T09:13:00Z")
    assert articles.iloc[3]["title"].startswith("China Plans To Restrict Use Of Facial Recognition")
    assert set(articles["language"]) == {"en"}


def test_seed_unused_fields_stay_reachable(seed_dir):
    extras = load_corpus(seed_dir).extras
    primary = extras[extras["item"] == "primary"].set_index("field")["value"]
    assert primary["quality"] == "39"
    assert primary["heat"] == "-1"
    assert yaml.safe_load(primary["topics"]) == ["Computer Vision", "AI"]
    assert "images" in primary and "secured" in primary
    assert set(extras[extras["item"] == "related[0]"]["field"]) == {"type", "quality", "images"}


def test_article_ids_are_stable_across_runs(seed_dir):
    first, second = load_corpus(seed_dir), load_corpus(seed_dir)
    pd.testing.assert_frame_equal(first.articles, second.articles)
    assert first.fingerprint == second.fingerprint


def test_loading_a_single_file_and_a_list(seed_dir):
    seed_file = next(seed_dir.glob("*.txt"))
    assert len(load_corpus(seed_file).articles) == 4
    both = load_corpus([seed_file, LOADER / "bom.txt"])
    assert len(both.articles) == 5
    assert set(both.files["source"]) == {"seeds/" + seed_file.name, "tests/corpus/golden/loader/bom.txt"}


def _golden_view(corpus, source: str) -> dict:
    docs = corpus.documents[corpus.documents["source"] == source]
    probs = corpus.problems[corpus.problems["source"] == source]
    arts = corpus.articles[corpus.articles["source"] == source]
    skipped = corpus.skipped[corpus.skipped["source"] == source]
    view = {
        "documents": [[row.item, row.status] for row in docs.itertuples()],
        "problems": [[row.item, row.severity, row.reason] for row in probs.itertuples()],
        "articles": [
            {"item": row.item, "title": row.title[:80], "outlet": row.outlet, "ownership": row.ownership,
             "ownership_source": row.ownership_source, "language": row.language,
             "published": "" if pd.isna(row.published) else row.published.isoformat(), "url": row.url,
             "body": row.body[:120]}
            for row in arts.itertuples()
        ],
    }
    if len(skipped):
        view["skipped"] = list(skipped["reason"])
    return view


@pytest.fixture(scope="module")
def golden_corpus():
    return load_corpus(LOADER)


@pytest.mark.parametrize("name", sorted(p.name for p in LOADER.iterdir()))
def test_bad_input_golden(golden_corpus, name):
    """Each tricky input file beside its expected documents, problems and articles."""
    expected_path = EXPECTED / (name + ".yml")
    actual = _golden_view(golden_corpus, name)
    if os.environ.get("FRRESEARCH_REGENERATE_GOLDEN"):
        expected_path.parent.mkdir(exist_ok=True)
        expected_path.write_text(yaml.safe_dump(actual, allow_unicode=True, sort_keys=False, width=200), "utf-8")
    assert actual == yaml.safe_load(expected_path.read_text("utf-8"))


def test_every_input_document_is_accounted_for(golden_corpus):
    docs = golden_corpus.documents
    assert docs["status"].isin(["loaded", "duplicate", "error"]).all()
    loaded = docs[docs["status"] == "loaded"]
    assert sorted(loaded["article_id"]) == sorted(golden_corpus.articles["article_id"])
    assert set(docs.loc[docs["status"] == "duplicate", "article_id"]) <= set(golden_corpus.articles["article_id"])
    errors = docs[docs["status"] == "error"]
    problem_keys = set(zip(golden_corpus.problems["source"], golden_corpus.problems["item"], golden_corpus.problems["severity"]))
    for row in errors.itertuples():
        assert (row.source, row.item, "error") in problem_keys
    # every file of the folder is either read into documents or reported
    reported = set(docs["source"]) | set(golden_corpus.problems["source"]) | set(golden_corpus.skipped["source"])
    assert set(p.name for p in LOADER.iterdir()) == reported


def test_every_related_item_of_a_file_is_accounted_for(golden_corpus):
    docs = golden_corpus.documents[golden_corpus.documents["source"] == "wrong_types.txt"]
    assert list(docs["item"]) == ["primary", "related[0]", "related[1]", "related[2]"]


def test_same_article_in_two_files_is_one_row_with_both_stories(seed_document):
    corpus = load_corpus([seed_document, LOADER / "duplicate_amp.txt"])
    assert len(corpus.articles) == 4
    forbes = corpus.articles[corpus.articles["outlet"] == "Forbes"].iloc[0]
    assert len(forbes["story_ids"].split(";")) == 2
    dup = corpus.documents[corpus.documents["status"] == "duplicate"]
    assert list(dup["source"]) == ["tests/corpus/golden/loader/duplicate_amp.txt"]
    assert dup.iloc[0]["article_id"] == forbes["article_id"]


def test_user_registry_overrides_default(tmp_path, seed_dir):
    registry = tmp_path / "outlets.yml"
    registry.write_text("outlets:\n  forbes.com: {name: Forbes Magazine, ownership: nonprofit, country: US}\n")
    articles = load_corpus(seed_dir, outlets=registry).articles
    forbes = articles[articles["domain"] == "forbes.com"].iloc[0]
    assert (forbes["outlet"], forbes["ownership"]) == ("Forbes Magazine", "nonprofit")
    assert articles.iloc[0]["outlet"] == "China Daily"


def test_missing_source_gives_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")


def test_empty_folder_gives_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="holds no files"):
        load_corpus(tmp_path)


def test_folder_without_documents_names_the_problems(tmp_path):
    (tmp_path / "notes.md").write_text("# only notes\n")
    with pytest.raises(CorpusError, match="notes.md: no front matter"):
        load_corpus(tmp_path)


def test_oversized_file_is_reported_not_read(tmp_path, seed_dir):
    seed = next(seed_dir.glob("*.txt"))
    (tmp_path / "seed.txt").write_bytes(seed.read_bytes())
    (tmp_path / "big.txt").write_bytes(b"---\ntitle: big\n---\n" + b"x" * 5000)
    corpus = load_corpus(tmp_path, max_file_bytes=4600)
    assert len(corpus.articles) == 4
    row = corpus.problems[corpus.problems["source"] == "big.txt"].iloc[0]
    assert row["severity"] == "error" and "larger than the limit of 4,600" in row["reason"]


def test_summary_counts(seed_dir):
    summary = load_corpus(seed_dir).summary().set_index("measure")["count"]
    coverage_rows = len(pd.read_csv(seed_dir / "coverage.csv"))
    assert summary["input documents"] == 4 + coverage_rows and summary["articles"] == 4 + coverage_rows
    assert summary["problems (error)"] == 0


def test_public_names_are_exported():
    for name in ("load_corpus", "Corpus", "load_outlets", "clean_text", "canonical_url", "CorpusError"):
        assert hasattr(frresearch, name)


def test_links_inside_keep_their_names_links_outside_are_not_followed(tmp_path, seed_document):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("first line of a file that is not part of the corpus\n")
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "2023" / ".hidden").mkdir(parents=True)
    (corpus_dir / "seed.txt").write_bytes(seed_document.read_bytes())
    (corpus_dir / "2023" / "linked.txt").symlink_to(corpus_dir / "seed.txt")
    (corpus_dir / "2023" / "outside.txt").symlink_to(outside / "secret.txt")
    (corpus_dir / "2023" / ".hidden" / "skip.txt").write_text("not read")
    corpus = load_corpus(corpus_dir)
    assert sorted(corpus.files["source"]) == ["2023/linked.txt", "seed.txt"] and len(corpus.articles) == 4
    problem = corpus.problems.set_index("source").loc["2023/outside.txt"]
    assert problem["severity"] == "error" and "outside the corpus folder; not followed" in problem["reason"]
    assert "first line" not in corpus.problems.to_string()


def test_body_in_front_matter(tmp_path):
    (tmp_path / "only_key.txt").write_text("---\ntitle: T\nbody: Text in the front matter.\nwebUrl: https://www.reuters.com/a\n---\n")
    (tmp_path / "both.txt").write_text("---\ntitle: U\nbody: Ignored.\nwebUrl: https://www.reuters.com/b\n---\nText after the fence.\n")
    corpus = load_corpus(tmp_path)
    assert list(corpus.articles["body"]) == ["Text after the fence.", "Text in the front matter."]
    assert list(corpus.problems.loc[corpus.problems["source"] == "both.txt", "reason"]) == [
        "body given both in the front matter and after it; the text after the front matter is used",
        "no provider; outlet taken from the URL"]


def test_an_unforeseen_error_in_one_file_stays_with_that_file(tmp_path, seed_dir, monkeypatch):
    import frresearch.corpus.load as corpus_module

    (tmp_path / "seed.txt").write_bytes(next(seed_dir.glob("*.txt")).read_bytes())
    (tmp_path / "trigger.txt").write_text("---\ntitle: t\n---\n")
    original = corpus_module.handler_for

    def flaky(path, *args):
        if path.name == "trigger.txt":
            raise RuntimeError("boom")
        return original(path, *args)

    monkeypatch.setattr(corpus_module, "handler_for", flaky)
    corpus = load_corpus(tmp_path, workers=1)
    assert len(corpus.articles) == 4
    row = corpus.problems.iloc[0]
    assert (row["source"], row["severity"]) == ("trigger.txt", "error") and "RuntimeError: boom" in row["reason"]


def test_files_whose_primary_has_no_text_do_not_share_a_story(tmp_path):
    for name, url in (("one.txt", "https://www.reuters.com/x"), ("two.txt", "https://www.forbes.com/y")):
        (tmp_path / name).write_text(f"---\ntitle: ''\nrelated:\n  - title: Related of {name}\n    webUrl: {url}\n---\n")
    articles = load_corpus(tmp_path).articles
    assert len(articles) == 2 and articles["story_id"].nunique() == 2
