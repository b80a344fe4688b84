"""The Dask engine gives exactly the single-machine results, on a local cluster of two workers."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

import frresearch as fr
from frresearch._parallel import MAX_CHUNK
from frresearch.corpus.synthetic import make_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="1GiB",
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory, golden):
    folder = tmp_path_factory.mktemp("dask_corpus")
    make_corpus(folder / "synthetic", MAX_CHUNK + 150, words=80, related=1)  # more than one partition
    for path in (golden / "loader").iterdir():  # hostile files: their problems must come back the same
        (folder / "golden" / path.name).parent.mkdir(exist_ok=True)
        (folder / "golden" / path.name).write_bytes(path.read_bytes())
    return folder


def test_load_and_code_on_dask_equal_the_local_results(cluster, corpus_dir, monkeypatch):
    from frresearch.corpus import load

    collector_on = []
    merge = load.merge_duplicates
    monkeypatch.setattr(load, "merge_duplicates", lambda rows: collector_on.append(gc.isenabled()) or merge(rows))
    local = fr.load_corpus(corpus_dir, workers=1)
    remote = fr.load_corpus(corpus_dir, engine="dask", scheduler=cluster)
    assert collector_on == [False, True]  # paused only without Dask, whose scheduler may run in this process
    for name in ("articles", "problems", "documents", "extras", "files", "skipped"):
        pd.testing.assert_frame_equal(getattr(local, name), getattr(remote, name), obj=name)
    codebook = fr.load_codebook()
    pd.testing.assert_frame_equal(fr.code_frames(local.articles, codebook, workers=1),
                                  fr.code_frames(local.articles, codebook, engine="dask", scheduler=cluster))


def test_a_scheduler_needs_the_dask_engine(seed_dir):
    with pytest.raises(ValueError, match="engine is 'local'"):
        fr.load_corpus(seed_dir, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="engine is 'spark'"):
        fr.load_corpus(seed_dir, engine="spark")


def test_run_with_the_dask_engine_writes_the_local_tables(cluster, tmp_path, seed_dir):
    import subprocess
    import sys

    outputs = {}
    for name, extra in (("local", []), ("dask", ["--engine", "dask", "--scheduler", cluster])):
        out = tmp_path / name
        result = subprocess.run([sys.executable, "-m", "frresearch", "run", "--corpus", str(seed_dir), "--out", str(out),
                                 "--only", "01", "02", *extra], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs[name] = {p.name: p.read_bytes() for p in sorted((out / "tables").glob("*.csv"))}
    assert outputs["dask"] == outputs["local"] and outputs["local"]


def test_a_scheduler_without_the_dask_engine_is_refused_by_the_command(tmp_path):
    from frresearch.cli import main

    assert main(["run", "--scheduler", "tcp://127.0.0.1:1", "--out", str(tmp_path)]) == 1
