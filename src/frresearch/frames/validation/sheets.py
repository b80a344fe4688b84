"""Blind coding sheets: writing them for coders, and reading them back strictly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..._spreadsheet import neutralise_formulas, restore_formulas
from ...exceptions import CodingSheetError
from ..codebook import Codebook
from .sampling import sample_articles, sample_key

__all__ = ["SHEET_TEXT_LIMIT", "coding_sheet", "coding_instructions", "write_coding_sheet", "save_sheet",
           "read_coding_sheets"]


SHEET_TEXT_LIMIT = 32_000  # spreadsheet programs cut cells near 32,767 characters

def coding_sheet(articles: pd.DataFrame, codebook: Codebook, n: int = 40, *, by: str = "ownership",
                 seed: int = 1) -> pd.DataFrame:
    """A blank coding sheet: one row per sampled article, one empty column per frame, plus ``coder``.

    The dictionary's codes are not on the sheet (coders stay blind), nor is
    the stratifying column. ``sample`` identifies the sample, so sheets from
    another sample are recognised on import.
    """
    sample = sample_articles(articles, n, by=by, seed=seed)
    sample = sample.sample(frac=1, random_state=seed).reset_index(drop=True)  # mix the groups for coders
    key = sample_key(sample["article_id"], seed)
    text = sample["text"].fillna("").astype(str)
    cut = text.str.len() > SHEET_TEXT_LIMIT
    text = text.where(~cut, text.str[:SHEET_TEXT_LIMIT] + " [... text cut; read the rest at the URL]")
    sheet = pd.DataFrame({
        "sample": key, "sample_id": [f"S{i + 1:03d}" for i in range(len(sample))],
        "article_id": sample["article_id"], "outlet": sample.get("outlet", ""),
        "published": sample["published"].dt.strftime("%Y-%m-%d") if "published" in sample else "",
        "url": sample.get("url", ""), "title": sample.get("title", ""), "text": text, "coder": "",
    })
    for frame in codebook.frames:
        sheet[frame.key] = ""
    return sheet

def coding_instructions(codebook: Codebook, sheet: pd.DataFrame) -> str:
    """Instructions for coders, generated from the codebook's frame definitions (Markdown)."""
    lines = [
        f"# Coding instructions: {codebook.name or 'frames'}", "",
        f"Sample `{sheet['sample'].iloc[0] if len(sheet) else ''}`, {len(sheet)} articles.", "",
        "For each article (row) read the title and text, then fill one column per frame:",
        "", "- `1`: the article uses the frame (it presents the issue in this way, even briefly);",
        "- `0`: it does not;", "- leave the cell blank only if you cannot decide.", "",
        "Write your name or initials in the `coder` column. Do not change the other columns or the order "
        "of rows; do not look at other coders' sheets or at the dictionary's codes.", "", "## Frames", ""]
    for frame in codebook.frames:
        lines += [f"### `{frame.key}`: {frame.label}", "", frame.definition, "",
                  f"Policy Frames Codebook dimension: {frame.dimension}.", ""]
    return "\n".join(lines)

def write_coding_sheet(articles: pd.DataFrame, codebook: Codebook, folder: str | Path, n: int = 40, *,
                       by: str = "ownership", seed: int = 1) -> tuple[Path, Path]:
    """Write ``coding_sheet.csv`` (UTF-8 with BOM, which spreadsheet programs need) and ``coding_instructions.md``."""
    return save_sheet(coding_sheet(articles, codebook, n, by=by, seed=seed), codebook, folder)

def save_sheet(sheet: pd.DataFrame, codebook: Codebook, folder: str | Path) -> tuple[Path, Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sheet_path = folder / "coding_sheet.csv"
    neutralise_formulas(sheet).to_csv(sheet_path, index=False, encoding="utf-8-sig", lineterminator="\n")
    instructions = folder / "coding_instructions.md"
    instructions.write_text(coding_instructions(codebook, sheet), encoding="utf-8")
    return sheet_path, instructions

def _sheet_paths(sheets: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(sheets, (str, Path)):
        path = Path(sheets)
        paths = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    else:
        paths = [Path(p) for p in sheets]
    if not paths:
        raise CodingSheetError(f"no coding sheets (.csv) found in {str(sheets)!r}")
    for path in paths:
        if not path.is_file():
            raise CodingSheetError(f"coding sheet {str(path)!r} does not exist")
    return paths

def read_coding_sheets(sheets: str | Path | Iterable[str | Path], codebook: Codebook,
                       expected: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read filled coding sheets from two or more coders, checking every row.

    Parameters
    ----------
    sheets : path or list of paths
        Filled sheets, or a folder of them (every ``.csv`` in it).
    codebook : Codebook
        The frames the sheets must have columns for.
    expected : DataFrame, optional
        The blank sheet the coders were given; when given, every sheet must
        be of its sample and hold only its articles.

    Returns
    -------
    DataFrame
        One row per coder, article and frame: ``coder``, ``article_id``,
        ``frame``, ``code`` (1, 0, or missing for a blank).

    Raises
    ------
    CodingSheetError
        Naming the file and the row (numbered as in a spreadsheet, the header
        being row 1) of every problem found:
        missing columns, unknown article ids, values other than 1, 0 or blank,
        duplicated rows, a sheet from another sample.
    """
    paths = _sheet_paths(sheets)
    frames = codebook.keys()
    expected_ids = set(expected["article_id"]) if expected is not None else None
    expected_sample = str(expected["sample"].iloc[0]) if expected is not None and len(expected) else None
    errors: list[str] = []
    rows = []
    coders_seen: dict[str, Path] = {}
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
                          "spreadsheet programs save 'CSV UTF-8' when asked: save it again that way")
            continue
        with io.StringIO(text, newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ["article_id", "coder", *frames] if c not in (reader.fieldnames or [])]
            if missing:
                errors.append(f"{path}: missing column(s) {missing}")
                continue
            seen: dict[str, int] = {}
            sheet_coders: set[str] = set()
            for number, row in enumerate(reader, start=2):  # rows as a spreadsheet numbers them (header: 1)
                article_id = (row.get("article_id") or "").strip()
                coder = str(restore_formulas((row.get("coder") or "").strip())) or path.stem
                where = f"{path}, row {number}"
                if expected_sample is not None and (row.get("sample") or "").strip() != expected_sample:
                    errors.append(f"{where}: sample {row.get('sample')!r} is not the sample {expected_sample!r} "
                                  f"of the sheet given to coders")
                    continue
                if expected_ids is not None and article_id not in expected_ids:
                    errors.append(f"{where}: unknown article_id {article_id!r}")
                    continue
                if article_id in seen:
                    errors.append(f"{where}: article_id {article_id!r} appears again (first at row {seen[article_id]})")
                    continue
                seen[article_id] = number
                for frame in frames:
                    value = (row.get(frame) or "").strip()
                    if value not in ("1", "0", ""):
                        errors.append(f"{where}: column {frame!r} holds {value!r}, expected 1, 0 or blank")
                        continue
                    rows.append((coder, article_id, frame, int(value) if value else pd.NA))
                sheet_coders.add(coder)
        for coder in sorted(sheet_coders):
            if coder in coders_seen:
                errors.append(f"{path}: coder {coder!r} also coded {coders_seen[coder]}; one sheet per coder")
            coders_seen[coder] = path
    if errors:
        shown = "\n  ".join(errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise CodingSheetError(f"{len(errors)} problem(s) in the coding sheets:\n  {shown}{more}")
    codes = pd.DataFrame(rows, columns=["coder", "article_id", "frame", "code"])
    codes["code"] = codes["code"].astype("Int64")
    if codes["coder"].nunique() < 2:
        raise CodingSheetError(f"reliability needs two or more coders; the sheets name {sorted(set(codes['coder']))}")
    return codes
