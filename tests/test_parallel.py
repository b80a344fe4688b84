"""Two processes give exactly what one gives."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from frresearch import code_frames, load_corpus
from frresearch._parallel import collection_paused, map_in_chunks, resolve_workers, show_progress
from frresearch.corpus.synthetic import make_corpus
from frresearch.text.tokens import count_terms


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel")
    make_corpus(folder, 60, words=80, related=1, seed=9)
    (folder / "bad.txt").write_text("no front matter here")
    return folder


def test_parallel_load_equals_single_process(corpus_dir):
    one = load_corpus(corpus_dir, workers=1)
    two = load_corpus(corpus_dir, workers=2)
    for name in ("articles", "problems", "documents", "extras", "files"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))


def test_parallel_coding_and_counting_equal_single_process(corpus_dir):
    articles = load_corpus(corpus_dir, workers=1).articles
    pd.testing.assert_frame_equal(code_frames(articles, workers=1), code_frames(articles, workers=2))
    assert count_terms(articles["text"], workers=1) == count_terms(articles["text"], workers=2)


def double(chunk):
    return [2 * x for x in chunk]


def test_map_in_chunks_keeps_order():
    assert map_in_chunks(double, list(range(50)), workers=1) == [2 * x for x in range(50)]
    assert map_in_chunks(double, [], workers=2) == []


def test_worker_count_and_progress_rules(monkeypatch):
    assert resolve_workers(3, 10) == 3
    assert resolve_workers(None, 10) == 1
    with pytest.raises(ValueError, match="workers is 0"):
        resolve_workers(0, 10)
    monkeypatch.setenv("CI", "true")
    assert show_progress(None, 100_000) is False
    assert show_progress(True, 10) is True
    monkeypatch.delenv("CI")
    assert show_progress(None, 10) is False


def test_progress_bar_draws_on_stderr(capsys):
    assert map_in_chunks(double, list(range(40)), workers=2, progress=True, description="doubling") == [
        2 * x for x in range(40)]
    assert "doubling" in capsys.readouterr().err


def collector_state(chunk):
    return [gc.isenabled() for _ in chunk]


def test_workers_collect_their_own_garbage_even_when_forked_during_a_pause():
    with collection_paused():
        assert map_in_chunks(collector_state, list(range(20)), workers=2) == [True] * 20
    assert gc.isenabled()


def test_pauses_restore_the_collector_when_the_last_one_ends_however_it_ends():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    outer, inner = collection_paused(), collection_paused()
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)  # overlapping pauses (two threads): the first to end does not end the pause
    assert not gc.isenabled()
    inner.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled(), "a collector the caller had turned off stays off"
    finally:
        gc.enable()


def test_loading_runs_with_the_collector_paused_and_restores_it(corpus_dir, monkeypatch):
    from frresearch.corpus import load

    seen = []
    merge = load.merge_duplicates
    monkeypatch.setattr(load, "merge_duplicates", lambda rows: seen.append(gc.isenabled()) or merge(rows))
    load_corpus(corpus_dir)
    assert seen == [False] and gc.isenabled()
