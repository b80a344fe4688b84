"""The command line as users run it: every notebook end to end, on the seed and on a multi-outlet corpus."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "validation"

EXPECTED_FIGURES = {
    "outlets_by_ownership", "coverage_timeline", "frame_shares_by_ownership", "frame_heatmap_by_outlet",
    "matched_story_frames", "fightin_words", "tone_by_ownership", "vader_lexicon_coverage", "dominant_frame_shares",
}
EXPECTED_TABLES = {
    "problems", "documents", "articles", "coverage_by_period", "codebook", "frame_coding", "frame_matches",
    "frame_comparison_groups", "frame_comparison_differences", "frame_comparison_stratified",
    "distinctive_terms_fightin_words", "distinctive_terms_log_likelihood", "kwic", "collocations", "tone",
    "vader_lexicon_coverage", "frame_saturation", "frame_comparison_by_measure_groups",
    "frame_comparison_by_measure_differences", "dominant_frames", "uncovered_sentences", "topic_terms",
    "topic_prevalence",
}
VALIDATION_TABLES = {"validation_reliability", "validation_validity", "validation_terms"}


def frresearch(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "frresearch", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


@pytest.fixture(scope="module")
def multi_outlet_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(EXAMPLE / "corpus", folder)
    (folder / "chinese.txt").write_text(
        # Japanese (not coded, so the invented coder sheets' sample stays the example corpus's own);
        # a Chinese article would now be coded and change the validation sample.
        "---\ntitle: 顔認証技術の規制について\nexcerpt: 個人情報保護委員会が顔認証の新しい指針を公表しました。\n"
        "webUrl: https://www.news.cn/tech/2023-08/08/c_1.htm\nprovider: {name: 新华网, domain: news.cn}\n---\n",
        encoding="utf-8")
    (folder / "broken.txt").write_text("---\ntitle: [unclosed\n---\n")
    return folder


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for sub in ("figures", "tables") for p in sorted((folder / sub).iterdir())}


def test_run_on_the_seed_from_another_directory(executed_seed_run, assert_valid_figure_files):
    out = executed_seed_run.out
    figures = out / "figures"
    for name in EXPECTED_FIGURES:
        assert_valid_figure_files(figures, name)
    assert {p.stem for p in (out / "tables").glob("*.csv")} == EXPECTED_TABLES
    assert (out / "validation" / "coding_sheet.csv").exists() and (out / "validation" / "coding_instructions.md").exists()
    for stem in ("01_corpus", "02_frames", "03_language", "04_tone", "05_validation", "06_beyond_dictionary"):
        assert (out / "notebooks" / f"{stem}.ipynb").exists() and (out / "notebooks" / f"{stem}.html").exists()
    manifest = json.loads((figures / "manifest.json").read_text())
    assert {entry["figure"] for entry in manifest} == EXPECTED_FIGURES
    assert len({entry["corpus_sha256"] for entry in manifest}) == 1
    executed = (out / "notebooks" / "02_frames.ipynb").read_text()
    # The seed's Chinese state articles are coded: state has 6 (4 English, 2 Chinese; The Star is credited to
    # Xinhua); public (2 Chinese) stays too small.
    assert "state (n = 6) vs commercial (n = 9)" in executed
    assert "group ownership = 'public' has only 2 coded article(s)" in executed


def test_run_prints_one_line_per_notebook_and_no_kernel_warnings(executed_seed_run):
    lines = executed_seed_run.stdout.splitlines()
    notebooks = sorted(p.name for p in (executed_seed_run.out / "notebooks").glob("*.ipynb"))
    assert len(notebooks) >= 5 and lines[:-1] == [f"running {name} ..." for name in notebooks]
    assert lines[-1].startswith(f"done: {len(notebooks)} notebook(s)")
    assert executed_seed_run.stderr == ""


def test_executed_notebooks_and_html_exports_carry_every_figure_as_an_image(executed_seed_run):
    for executed in sorted((executed_seed_run.out / "notebooks").glob("*.ipynb")):
        cells = json.loads(executed.read_text())["cells"]
        figure_cells = [c for c in cells if "report.figure(" in "".join(c["source"])]
        assert all(any("image/png" in o.get("data", {}) for o in c["outputs"]) for c in figure_cells), executed.name
        html = executed.with_suffix(".html").read_text()
        assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == len(figure_cells), executed.name
        # Warnings are one-line notes on stdout, never a stderr block with the source line.
        assert not [o for c in cells if c["cell_type"] == "code" for o in c["outputs"] if o.get("name") == "stderr"]
        shown = json.dumps([c["outputs"] for c in cells if c["cell_type"] == "code"])
        assert "warnings.warn(" not in shown and "Warning:" not in shown.replace("Warning from", ""), executed.name


def test_notebooks_end_no_cell_with_a_path_and_show_kwic_lines_as_lines(executed_seed_run):
    for executed in sorted((executed_seed_run.out / "notebooks").glob("*.ipynb")):
        text = executed.read_text()
        assert "PosixPath(" not in text, executed.name
    kwic = json.loads((executed_seed_run.out / "notebooks" / "03_language.ipynb").read_text())
    shown = [o["data"]["text/html"] for c in kwic["cells"] if "fr.kwic(" in "".join(c["source"]) for o in c["outputs"]]
    assert shown and "\\n" not in "".join(map("".join, shown))


def test_validation_without_coder_sheets_says_what_to_do_in_the_notebook(executed_seed_run):
    cells = json.loads((executed_seed_run.out / "notebooks" / "05_validation.ipynb").read_text())["cells"]
    printed = "".join("".join(o.get("text", "")) for c in cells if c["cell_type"] == "code" for o in c["outputs"])
    assert "set coder_sheets to that folder in the notebook's parameters cell" in printed
    assert "frresearch run --coder-sheets FOLDER" in printed
    # No empty sections: every section (from one "##" heading to the next) with code shows some output.
    sections: list[list[dict]] = [[]]
    for cell in cells:
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith("## "):
            sections.append([])
        sections[-1].append(cell)
    for section in sections[1:]:
        code = [c for c in section if c["cell_type"] == "code"]
        assert not code or any(c["outputs"] for c in code), "".join(section[0]["source"]).splitlines()[0]


def test_rerun_on_a_multi_outlet_corpus_is_byte_identical(tmp_path, multi_outlet_corpus):
    runs = []
    for name in ("first", "second"):
        out = tmp_path / name
        result = frresearch("run", "--corpus", str(multi_outlet_corpus), "--out", str(out),
                            "--coder-sheets", str(EXAMPLE / "sheets"), "--sample-size", "12")
        assert result.returncode == 0, result.stderr[-3000:]
        runs.append(_outputs(out))
    assert runs[0].keys() == runs[1].keys()
    assert [k for k in runs[0] if runs[0][k] != runs[1][k]] == []
    problems = runs[0]["tables/problems.csv"].decode()
    assert "broken.txt" in problems and "not valid YAML" in problems
    groups = runs[0]["tables/frame_comparison_groups.csv"].decode()
    assert "state" in groups and "commercial" in groups and "public" in groups
    assert {f"tables/{name}.csv" for name in VALIDATION_TABLES} <= set(runs[0])
    reliability = runs[0]["tables/validation_reliability.csv"].decode()
    assert reliability.startswith("frame,coders,n_units") and "(all frames)" in reliability


def test_only_runs_the_named_notebook_and_failures_name_the_cell(tmp_path):
    bad = tmp_path / "bad_codebook.yml"
    bad.write_text("frames:\n  f:\n    label: F\n    definition: D\n    dimension: politics\n    terms: [a]\n")
    result = frresearch("run", "--only", "02", "--codebook", str(bad), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "notebook 02_frames.ipynb failed in cell" in result.stderr
    assert "CodebookError" in result.stderr and "field 'dimension' is 'politics'" in result.stderr
    assert str(tmp_path / "out" / "notebooks" / "02_frames.ipynb") in result.stderr
    assert not (tmp_path / "out" / "notebooks" / "01_corpus.ipynb").exists()


def test_missing_corpus_is_a_clear_message(tmp_path):
    result = frresearch("run", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("frresearch: error: corpus") and "Traceback" not in result.stderr


def test_check_prints_summary_and_problems(multi_outlet_corpus):
    result = frresearch("check", str(multi_outlet_corpus))
    assert result.returncode == 0, result.stderr
    assert "input documents" in result.stdout and "broken.txt" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", ""], "frresearch: error: corpus source is an empty path"),
        (["run", "--corpus", "", "--out", "{tmp}/out"], "frresearch: error: corpus source is an empty path"),
        (["run", "--sample-size", "0", "--out", "{tmp}/out"], "argument --sample-size: 0 is not a positive number"),
        (["run", "--out", "{tmp}/a_file"], "is a file, not a folder"),
    ],
)
def test_bad_arguments_are_refused_before_any_notebook_runs(tmp_path, args, message):
    (tmp_path / "a_file").write_text("x")
    result = frresearch(*[arg.format(tmp=tmp_path) for arg in args])
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "notebooks").exists()


def test_ctrl_c_is_a_short_message_not_a_traceback(monkeypatch, capsys, tmp_path):
    from frresearch import cli
    from frresearch.output import runner

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_notebooks", interrupted)
    assert cli.main(["run", "--out", str(tmp_path)]) == 130
    assert "interrupted; the results of this run are incomplete" in capsys.readouterr().err
