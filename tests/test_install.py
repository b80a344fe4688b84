"""The package works installed from a wheel, outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the built wheel installed (dependencies come from the test's own)."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(base / "dist")],
                   check=True, capture_output=True)
    env_dir = base / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # The wheel's package comes first; its dependencies are read from this interpreter's site-packages.
    Path(site, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((base / "dist").glob("frresearch-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True)
    return env_dir


def test_the_wheel_ships_the_notebooks_and_the_seed(installed):
    python = installed / "bin" / "python"
    code = ("import frresearch, frresearch.output.runner as r, frresearch.corpus.load as l; "
            "print(frresearch.__file__); print(len(r.list_notebooks())); print(len(frresearch.load_corpus().articles))")
    out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True, cwd=installed).stdout
    location, notebooks, articles = out.split()
    assert location.startswith(str(installed)), "the checkout's package was imported, not the wheel's"
    assert int(notebooks) >= 5 and int(articles) >= 4


def test_run_from_another_folder_with_the_installed_command(installed, tmp_path):
    # Data files of the dependencies (kernel spec, nbconvert templates) live with the test's own environment.
    env = {**os.environ, "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}",
           "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    result = subprocess.run([installed / "bin" / "frresearch", "run", "--corpus", str(ROOT / "seeds"),
                             "--out", str(tmp_path / "out"), "--only", "01"],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "out" / "notebooks" / "01_corpus.ipynb").exists()
    assert (tmp_path / "out" / "figures" / "manifest.json").exists()
