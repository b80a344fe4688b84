"""The project's own promises: one dependency list, a README with the two commands, a CI script."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_package_through_pip():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert pyproject["project"]["requires-python"] == ">=" + python.split("=", 1)[1]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e .[dev]"]
    conda_packages = {re.split(r"[=<>]", d)[0] for d in env["dependencies"] if isinstance(d, str)}
    assert conda_packages == {"python", "pip"}, "dependencies belong in pyproject.toml, not in environment.yml"


def test_readme_gives_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make analysis" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_seed_is_the_shared_seed_unchanged():
    shared = ROOT.parent / "shared" / "seeds"
    for seed in (ROOT / "seeds").glob("*.txt"):
        if (shared / seed.name).exists():
            assert seed.read_bytes() == (shared / seed.name).read_bytes()
