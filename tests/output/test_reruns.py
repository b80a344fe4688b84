"""Reruns into the same output folder: nothing stale survives, manifests are whole, bad folders are clear errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.figure import Figure

import frresearch as fr
from frresearch.exceptions import FrresearchError
from frresearch.output.report import Report
from frresearch.output.runner import _clear_previous_outputs, _mark_complete, _output_dir


@pytest.fixture(scope="module")
def inputs(seed_dir):
    return fr.load_corpus(seed_dir), fr.load_codebook()


def _figure() -> Figure:
    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    return fig


def test_a_rerun_removes_what_the_previous_run_of_that_notebook_wrote(tmp_path, inputs):
    corpus, codebook = inputs
    first = Report(tmp_path, corpus, codebook, "01_x")
    first.figure(_figure(), "old_only", "made by the first run only")
    first.table(pd.DataFrame({"a": [1]}), "old_table")
    other = Report(tmp_path, corpus, codebook, "02_y")
    other.figure(_figure(), "kept", "another notebook's figure")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_x.ipynb").write_text("{}")
    (tmp_path / "mine.txt").write_text("the user's own file")
    _clear_previous_outputs(tmp_path, ["01_x"])
    assert not list((tmp_path / "figures").glob("old_only.*")) and not (tmp_path / "tables" / "old_table.csv").exists()
    assert not (tmp_path / "notebooks" / "01_x.ipynb").exists() and (tmp_path / "mine.txt").exists()
    assert len(list((tmp_path / "figures").glob("kept.*"))) == 3
    manifest = json.loads((tmp_path / "figures" / "manifest.json").read_text())
    assert [entry["figure"] for entry in manifest] == ["kept"]
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["complete"] is False and list(record["outputs"]) == ["02_y"]
    _mark_complete(tmp_path, ["01_x", "02_y"])
    assert json.loads((tmp_path / "run.json").read_text())["complete"] is True


def test_a_truncated_manifest_does_not_break_later_runs(tmp_path, inputs):
    corpus, codebook = inputs
    report = Report(tmp_path, corpus, codebook, "01_x")
    report.figure(_figure(), "one", "first")
    manifest = tmp_path / "figures" / "manifest.json"
    manifest.write_text(manifest.read_text()[:40])  # a run killed while writing, before writes were atomic
    with pytest.warns(UserWarning, match="cannot be read"):
        report.figure(_figure(), "two", "second")
    assert [entry["figure"] for entry in json.loads(manifest.read_text())] == ["two"]
    assert not list(manifest.parent.glob(".*.tmp"))


def test_an_output_folder_that_is_a_file_or_unwritable_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    with pytest.raises(FrresearchError, match="is a file, not a folder"):
        _output_dir(tmp_path / "file")
    with pytest.raises(FrresearchError, match="cannot be written"):
        _output_dir(tmp_path / "file" / "below")


def test_tables_for_spreadsheets_neutralise_formulas(tmp_path, inputs):
    corpus, codebook = inputs
    frame = pd.DataFrame({"outlet": ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1+1", "-x", "\tTab", "Plain"],
                          "difference": [-0.5, 0.1, 0.2, 0.3, 0.4, 0.5], "label": ["-0.25", "a", "b", "c", "d", "e"]})
    path = Report(tmp_path, corpus, codebook, "01_x").table(frame, "t")
    written = pd.read_csv(path, keep_default_na=False)
    assert written["outlet"].tolist() == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'+1+1", "'-x", "'\tTab", "Plain"]
    assert written["difference"].tolist() == [-0.5, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert written["label"].iloc[0] == "-0.25"  # a number in a text column stays a number
