from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.figure import Figure

import frresearch as fr
from frresearch.output.report import Provenance, save_figure

PROVENANCE = Provenance("c" * 64, "b" * 64, "o" * 64, "0.1.0", "3.x")


def _figure() -> Figure:
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 0, 2], label="line")
    ax.set_title("privacy vs surveillance")
    ax.legend()
    return fig


def test_three_formats_valid_and_byte_identical(tmp_path, assert_valid_figure_files):
    first = save_figure(_figure(), tmp_path / "one", "demo", caption="c", notebook="nb", provenance=PROVENANCE)
    second = save_figure(_figure(), tmp_path / "two", "demo", caption="c", notebook="nb", provenance=PROVENANCE)
    assert [p.suffix for p in first] == [".png", ".svg", ".pdf"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert_valid_figure_files(tmp_path / "one", "demo")


def test_manifest_lists_caption_notebook_and_provenance(tmp_path):
    save_figure(_figure(), tmp_path, "b_fig", caption="Second", notebook="02", provenance=PROVENANCE)
    save_figure(_figure(), tmp_path, "a_fig", caption="First", notebook="01", provenance=PROVENANCE)
    save_figure(_figure(), tmp_path, "a_fig", caption="First again", notebook="01", provenance=PROVENANCE)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [e["figure"] for e in manifest] == ["a_fig", "b_fig"]
    assert manifest[0]["caption"] == "First again"
    assert manifest[0]["corpus_sha256"] == "c" * 64 and manifest[0]["files"] == ["a_fig.png", "a_fig.svg", "a_fig.pdf"]


def test_bad_figure_name(tmp_path):
    with pytest.raises(ValueError, match="figure name 'my figure.png'"):
        save_figure(_figure(), tmp_path, "my figure.png", caption="", notebook="", provenance=PROVENANCE)


def test_report_writes_tables_and_provenance(tmp_path, seed_dir):
    corpus, codebook, report = fr.open_analysis(seed_dir, None, None, tmp_path, "test")
    assert report.provenance.corpus_sha256 == corpus.fingerprint
    assert report.provenance.codebook_sha256 == codebook.fingerprint
    path = report.table(pd.DataFrame({"a": [1.5, 2.0], "b": ["x", "人"]}), "demo")
    assert path.read_bytes() == "a,b\n1.5,x\n2.0,人\n".encode()
