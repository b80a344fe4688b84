"""The benchmark scripts run end to end on tiny inputs (their figures are measured by hand, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pipeline_benchmark_prints_the_floor_ours_and_the_baseline():
    output = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "pipeline.py"), "--sizes", "60", "--words", "80"],
                            check=True, capture_output=True, text=True, timeout=300).stdout
    rows = [line.split() for line in output.splitlines()[1:]]
    assert [row[1] for row in rows] == ["floor", "frresearch", "baseline"]
    assert "load+coding / floor" in output
