from __future__ import annotations

import os
import sqlite3
import warnings

import pandas as pd
import pytest

from frresearch import load_corpus
from frresearch.corpus._cache import CacheWarning
from frresearch.corpus.synthetic import make_corpus


def _assert_same(one, two):
    for name in ("articles", "problems", "documents", "extras", "files"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), check_dtype=False)


def test_rerun_parses_no_file_and_gives_the_same_corpus(tmp_path, seed_dir):
    corpus_dir = tmp_path / "corpus"
    make_corpus(corpus_dir, 12, words=50, related=2, seed=5)
    (corpus_dir / "seed.txt").write_bytes(next(seed_dir.glob("*.txt")).read_bytes())
    (corpus_dir / "broken.txt").write_text("---\ntitle: [\n---\n")
    cache = tmp_path / "cache"
    cold = load_corpus(corpus_dir, cache_dir=cache)
    warm = load_corpus(corpus_dir, cache_dir=cache)
    assert (cold.files_from_cache, warm.files_from_cache) == (0, 14)
    _assert_same(cold, warm)
    assert warm.fingerprint == cold.fingerprint


def test_a_changed_file_invalidates_its_entry_only(tmp_path):
    corpus_dir = tmp_path / "corpus"
    paths = make_corpus(corpus_dir, 5, words=30, seed=2)
    cache = tmp_path / "cache"
    load_corpus(corpus_dir, cache_dir=cache)
    changed = paths[2]
    changed.write_text(changed.read_text().replace("report 3", "report three, revised"))
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 1_000_000))
    again = load_corpus(corpus_dir, cache_dir=cache)
    assert again.files_from_cache == 4
    assert "Facial recognition rules, report three, revised" in set(again.articles["title"])
    _assert_same(again, load_corpus(corpus_dir))


def test_removed_files_leave_the_cache(tmp_path):
    corpus_dir = tmp_path / "corpus"
    paths = make_corpus(corpus_dir, 4, words=30, seed=2)
    cache = tmp_path / "cache"
    load_corpus(corpus_dir, cache_dir=cache)
    paths[0].unlink()
    load_corpus(corpus_dir, cache_dir=cache)
    with sqlite3.connect(cache / "parsed_files.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 3


def test_another_outlet_registry_does_not_reuse_entries(tmp_path):
    corpus_dir = tmp_path / "corpus"
    make_corpus(corpus_dir, 3, words=30, seed=2)
    registry = tmp_path / "outlets.yml"
    registry.write_text("outlets:\n  forbes.com: {name: Forbes, ownership: nonprofit}\n")
    cache = tmp_path / "cache"
    load_corpus(corpus_dir, cache_dir=cache)
    other = load_corpus(corpus_dir, cache_dir=cache, outlets=registry)
    assert other.files_from_cache == 0


def _text_folder(folder, body: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metadata.csv").write_text("file,title,url\na.txt,Title,https://www.reuters.com/2023/a\n")
    (folder / "a.txt").write_text(body)


def test_an_edited_text_folder_body_is_parsed_again_and_changes_the_fingerprint(tmp_path):
    corpus_dir = tmp_path / "corpus"
    _text_folder(corpus_dir, "First version of the body.")
    cache = tmp_path / "cache"
    first = load_corpus(corpus_dir, cache_dir=cache)
    (corpus_dir / "a.txt").write_text("Second version, edited.")
    os.utime(corpus_dir / "metadata.csv", ns=(1, 1))  # the metadata itself looks unchanged to any check
    second = load_corpus(corpus_dir, cache_dir=cache)
    assert second.articles["body"].iloc[0] == "Second version, edited."
    assert second.fingerprint != first.fingerprint


def test_two_corpora_with_equal_names_sizes_and_times_do_not_share_entries(tmp_path):
    one, two = tmp_path / "v1", tmp_path / "v2"
    for folder, title in ((one, "Version one"), (two, "Version two")):
        folder.mkdir()
        (folder / "a.txt").write_text(f"---\ntitle: {title}\nwebUrl: https://www.reuters.com/2023/a\n---\n")
        os.utime(folder / "a.txt", ns=(10**18, 10**18))
    cache = tmp_path / "cache"
    load_corpus(one, cache_dir=cache)
    second = load_corpus(two, cache_dir=cache)
    assert second.articles["title"].iloc[0] == "Version two"
    assert second.files["sha256"].iloc[0] == __import__("hashlib").sha256((two / "a.txt").read_bytes()).hexdigest()


def _damage(cache, how: str) -> None:
    path = cache / "parsed_files.sqlite"
    if how == "garbage":
        cache.mkdir()
        path.write_bytes(b"this is not a database" * 100)
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:1500])
    elif how == "wrong schema":
        path.unlink()
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE entries (id INTEGER, other BLOB)")
    elif how == "bad entries":
        with sqlite3.connect(path) as db:
            db.execute("UPDATE entries SET value = '{\"unexpected\": 1}'")
    elif how == "file instead of folder":
        cache.write_text("a file where the cache folder should be")


@pytest.mark.parametrize("how", ["garbage", "truncated", "wrong schema", "bad entries", "file instead of folder"])
def test_a_damaged_cache_warns_and_the_load_goes_on(tmp_path, seed_dir, how):
    cache = tmp_path / "cache"
    if how in ("truncated", "wrong schema", "bad entries"):
        load_corpus(seed_dir, cache_dir=cache)
    _damage(cache, how)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(seed_dir, cache_dir=cache)
    assert len(corpus.articles) == len(load_corpus(seed_dir).articles)
    if how != "bad entries":  # unreadable entries are parsed again without a word
        assert any(issubclass(w.category, CacheWarning) for w in caught)
    if how != "file instead of folder":
        rebuilt = load_corpus(seed_dir, cache_dir=cache)
        assert rebuilt.files_from_cache == len(corpus.files) + len(corpus.skipped)


def _load_as_nobody(corpus_dir, cache, results) -> None:
    try:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            corpus = load_corpus(corpus_dir, cache_dir=cache)
        results.put((len(corpus.articles), [str(w.message) for w in caught]))
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(repr(exc))


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, to drop to the user nobody")
def test_a_read_only_cache_warns_and_the_load_goes_on(seed_document):
    import multiprocessing
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="frresearch-nobody-"))
    try:
        folder.chmod(0o755)
        corpus_dir = folder / "corpus"
        corpus_dir.mkdir()
        shutil.copy(seed_document, corpus_dir)
        (corpus_dir / "new.txt").write_text("---\ntitle: Not yet cached\nwebUrl: https://www.reuters.com/2023/n\n---\n")
        for path in [corpus_dir, *corpus_dir.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        load_corpus(seed_document, cache_dir=folder / "cache")  # root's cache: nobody may read, not write
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        child = context.Process(target=_load_as_nobody, args=(corpus_dir, folder / "cache", results))
        child.start()
        outcome = results.get(timeout=60)
        child.join(10)
    finally:
        shutil.rmtree(folder)
    count, messages = outcome
    assert count == 5 and any("cannot be written" in m or "cannot be used" in m for m in messages), outcome


def test_cached_publication_times_keep_their_resolution(tmp_path):
    """Unquoted YAML dates are read to the second, quoted times to the microsecond: the cache keeps each."""
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for name, date in (("day.txt", "2023-08-08"), ("minute.txt", "'2023-08-08T05:36:00Z'")):
        (corpus_dir / name).write_text(f"---\ntitle: {name}\ndate: {date}\nwebUrl: https://example.com/{name}\n---\n")
    for only in (["day.txt"], ["day.txt", "minute.txt"]):
        sources = [corpus_dir / name for name in only]
        cache = tmp_path / f"cache{len(only)}"
        cold = load_corpus(sources, cache_dir=cache)
        warm = load_corpus(sources, cache_dir=cache)
        assert warm.files_from_cache == len(only)
        pd.testing.assert_frame_equal(warm.articles, cold.articles)
    assert str(cold.articles["published"].dtype) == "datetime64[us, UTC]"
