from __future__ import annotations

import os
import sqlite3

import pandas as pd

from frresearch import load_corpus
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
