from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "corpus" / "golden"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_document(seed_dir: Path) -> Path:
    """The document this project started from (four articles); seeds/ also holds the coverage list."""
    return seed_dir / "000_dc3f825c542a33ec.txt"


@pytest.fixture(scope="session")
def golden() -> Path:
    return GOLDEN


def _assert_valid_figure_files(folder: Path, name: str) -> None:
    with Image.open(folder / f"{name}.png") as image:
        image.verify()
    with Image.open(folder / f"{name}.png") as image:
        assert image.info.get("dpi", (0, 0))[0] == pytest.approx(300, abs=1)
    assert ET.parse(folder / f"{name}.svg").getroot().tag.endswith("svg")
    pdf = (folder / f"{name}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


@pytest.fixture(scope="session")
def assert_valid_figure_files():
    """Checks that a figure's PNG (300 dpi), SVG and PDF files are valid."""
    return _assert_valid_figure_files


@pytest.fixture(scope="session")
def zh_articles() -> pd.DataFrame:
    """Hand-written Simplified, Traditional and mixed Chinese articles with their expected frame hits."""
    entries = yaml.safe_load((Path(__file__).resolve().parent / "data" / "zh_articles.yml").read_text("utf-8"))
    rows = [{"article_id": e["id"], "text": e["text"], "language": "zh", "outlet": e["outlet"],
             "ownership": e["ownership"], "script": e["script"], "twin": e.get("twin", ""),
             "expected": e["expected"]} for e in entries]
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def executed_seed_run(tmp_path_factory) -> SimpleNamespace:
    """``frresearch run --out reports`` on the seed, from another folder: ``out`` (its folder), ``stdout``, ``stderr``."""
    cwd = tmp_path_factory.mktemp("seed_run")
    result = subprocess.run([sys.executable, "-m", "frresearch", "run", "--out", "reports"], cwd=cwd,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return SimpleNamespace(out=cwd / "reports", stdout=result.stdout, stderr=result.stderr)
