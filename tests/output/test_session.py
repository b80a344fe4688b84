"""Notebook sessions: warnings as one-line notes, saves without outputs, interactive output folder, `make lab`."""

from __future__ import annotations

import json
import os
import subprocess
import warnings
from pathlib import Path

import pytest

from frresearch.frames.comparison import SmallSampleWarning
from frresearch.output import _session
from frresearch.output.lab import strip_outputs
from frresearch.output.report import interactive_output_dir

ROOT = Path(__file__).resolve().parents[2]


def test_warnings_print_as_one_line_notes_on_stdout(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _session._show_as_note
        _session._new_cell()
        for _ in range(3):  # e.g. one comparison per measure
            warnings.warn("group 'state' has only 1 coded article(s)", SmallSampleWarning, stacklevel=1)
        warnings.warn("old API", FutureWarning, stacklevel=1)
        _session._new_cell()
        warnings.warn("old API", FutureWarning, stacklevel=1)  # a new cell shows it again
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.splitlines() == ["Note: group 'state' has only 1 coded article(s)",
                                    "Warning from builtins (FutureWarning): old API",
                                    "Warning from builtins (FutureWarning): old API"]


def test_outside_a_kernel_nothing_is_set_up():
    before = warnings.showwarning
    assert _session.prepare_notebook() is False
    assert warnings.showwarning is before


def test_saving_strips_outputs_and_front_end_state_but_keeps_ids():
    committed = json.loads((ROOT / "notebooks" / "01_corpus.ipynb").read_text("utf-8"))
    run = json.loads(json.dumps(committed))
    run["metadata"]["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "text/x-python"}
    run["metadata"]["widgets"] = {"state": {}}
    for number, cell in enumerate(c for c in run["cells"] if c["cell_type"] == "code"):
        cell.update(execution_count=number + 1, outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}])
        cell["metadata"]["execution"] = {"iopub.status.busy": "2024"}
    model = {"type": "notebook", "content": run}
    strip_outputs(model, path="01_corpus.ipynb", contents_manager=None)
    assert model["content"] == committed
    untouched = {"type": "file", "content": "text"}
    strip_outputs(untouched)
    assert untouched == {"type": "file", "content": "text"}


def test_interactive_runs_write_to_the_projects_reports_lab(tmp_path):
    assert interactive_output_dir(ROOT / "notebooks") == ROOT / "reports" / "lab"
    assert interactive_output_dir(tmp_path) == tmp_path / "reports" / "lab"


@pytest.mark.skipif(os.geteuid() != 0, reason="checks the root case")
def test_make_lab_passes_lab_args_and_allows_root():
    args = "--no-browser --port=8890 --IdentityProvider.token=abc --ServerApp.ip=127.0.0.1"
    result = subprocess.run(["make", "-n", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    command = result.stdout.replace("\\\n", " ")
    assert "jupyter lab notebooks/" in command and "--allow-root" in command and args in command
    assert "--ContentsManager.pre_save_hook=frresearch.output.lab.strip_outputs" in command
    assert "git config filter.nbstripout.clean '.venv/bin/python -m nbstripout --keep-id'" in command
