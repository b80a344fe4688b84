"""The whole validation loop, as a notebook runs it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codebook import Codebook
from ..coding import code_frames, frame_matches
from .agreement import ALPHA_RELIABLE, ALPHA_TENTATIVE, reliability
from .sheets import coding_sheet, read_coding_sheets, save_sheet
from .validity import dictionary_validity, term_diagnostics

__all__ = ["Validation", "validate_dictionary"]


@dataclass
class Validation:
    """Everything :func:`validate_dictionary` found, with plain-language notes."""

    sheet_path: Path | None
    instructions_path: Path | None
    codes: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None
    validity: pd.DataFrame | None = None
    terms: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

def _reliability_notes(table: pd.DataFrame) -> list[str]:
    notes = [f"Thresholds (Krippendorff 2004): alpha >= {ALPHA_RELIABLE:.3f} reliable; {ALPHA_TENTATIVE:.3f} to "
             f"{ALPHA_RELIABLE:.3f} tentative conclusions only; below {ALPHA_TENTATIVE:.3f} not reliable."]
    for row in table.itertuples():
        if row.frame == "(all frames)":
            continue
        if pd.isna(row.alpha):
            verdict = f"alpha undefined ({row.note})"
        elif row.alpha >= ALPHA_RELIABLE:
            verdict = "reliable"
        elif row.alpha >= ALPHA_TENTATIVE:
            verdict = "tentative: report its comparisons with caution"
        else:
            verdict = "not reliable: its comparisons should not be reported until coders agree"
        alpha = "n/a" if pd.isna(row.alpha) else f"{row.alpha:.3f}"
        notes.append(f"{row.frame}: alpha = {alpha} on {row.n_units} units, {verdict}.")
    return notes

def validate_dictionary(articles: pd.DataFrame, codebook: Codebook, folder: str | Path,
                        coder_sheets: str | Path | Iterable[str | Path] | None = None, *, n: int = 40,
                        seed: int = 1, by: str = "ownership") -> Validation:
    """The whole validation loop for a notebook: export the blank sheet; with filled sheets, measure.

    Only articles in a language the codebook covers are sampled (the others
    are not dictionary-coded). Without ``coder_sheets`` the result holds the
    blank sheet and instructions and a note saying what to do next.
    """
    covered = articles[codebook.covers(articles["language"])] if "language" in articles else articles
    if covered.empty:
        return Validation(None, None, notes=[
            f"None of the {len(articles)} article(s) is in a language the codebook covers "
            f"({', '.join(codebook.languages)}): there is nothing to validate, and no coding sheet was written."])
    expected = coding_sheet(covered, codebook, n, by=by, seed=seed)
    sheet_path, instructions = save_sheet(expected, codebook, folder)
    result = Validation(sheet_path, instructions)
    left_out = len(articles) - len(covered)
    if left_out:
        result.notes.append(f"{left_out} article(s) in languages the codebook does not cover were not sampled.")
    if coder_sheets is None:
        result.notes.append(
            f"No coder sheets yet, so reliability and validity are not measured. Give {sheet_path.name} and "
            f"{instructions.name} (in {folder}) to two or more coders. Then put their filled sheets in one folder, "
            "set coder_sheets to that folder in the notebook's parameters cell and run all cells again "
            "(from the command line: frresearch run --coder-sheets FOLDER).")
        return result
    result.codes = read_coding_sheets(coder_sheets, codebook, expected=expected)
    result.reliability = reliability(result.codes)
    sampled = covered[covered["article_id"].isin(expected["article_id"])]
    result.validity = dictionary_validity(code_frames(sampled, codebook), result.codes)
    result.terms = term_diagnostics(frame_matches(sampled, codebook), result.codes)
    result.notes += _reliability_notes(result.reliability)
    return result
