"""The committed notebooks: clean, parameterised, thin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_numbered_analyses_exist():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01_corpus", "02_frames", "03_language", "04_tone", "05_validation",
                     "06_beyond_dictionary"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_and_parameterised(path):
    notebook = json.loads(path.read_text("utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    parameters = "".join(tagged[0]["source"])
    for name in ("corpus_path", "codebook_path", "outlets_path", "out_dir"):
        assert f"{name} = None" in parameters
    # Thin notebooks: narrative and calls into the library, no definitions of their own.
    for cell in code:
        if cell in tagged:
            continue
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source, source
        assert len(source.splitlines()) <= 8, source


def test_nbstripout_finds_nothing_to_strip():
    result = subprocess.run([sys.executable, "-m", "nbstripout", "--verify", "--keep-id", *map(str, NOTEBOOKS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
