"""Validating the frame dictionary against human coders.

The loop: export a blind coding sheet for a seeded, stratified sample
(:func:`write_coding_sheet`); read the sheets the coders filled
(:func:`read_coding_sheets`); measure agreement between coders
(:func:`reliability`: Krippendorff's α with nltk's ``AnnotationTask``, percent
agreement, Cohen's κ); measure the dictionary against the coders' majority
(:func:`dictionary_validity`, :func:`term_diagnostics`); and write a revised
codebook without the cue terms the researcher decides to drop
(:func:`revise_codebook`).

Rules, stated once:

- a blank cell is a missing code: it is left out, never read as 0;
- α is computed on units with at least two codes; when every code in a frame
  is the same value, α is undefined (0/0 in Krippendorff's formula) and
  reported as missing with a note, not as 1;
- Cohen's κ is computed for exactly two coders, on the units both coded;
- the human majority of a unit is the value most of its non-blank codes
  give; a tie (e.g. one coder 1, the other 0) has no majority, and the unit
  is left out of precision and recall and counted in ``n_ties``.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from nltk.metrics.agreement import AnnotationTask

from .codebook import Codebook
from .coding import code_frames, frame_matches
from .exceptions import CodingSheetError

__all__ = [
    "SHEET_TEXT_LIMIT", "sample_articles", "coding_sheet", "coding_instructions", "write_coding_sheet",
    "read_coding_sheets", "reliability", "human_majority", "dictionary_validity", "term_diagnostics",
    "revise_codebook", "Validation", "validate_dictionary", "ALPHA_RELIABLE", "ALPHA_TENTATIVE",
]

SHEET_TEXT_LIMIT = 32_000  # spreadsheet programs cut cells near 32,767 characters


def sample_articles(articles: pd.DataFrame, n: int, *, by: str = "ownership", seed: int = 1) -> pd.DataFrame:
    """A seeded sample of ``n`` articles stratified by ``by``, with equal shares per group.

    Each group gets ``n // groups`` articles (fewer if it has fewer; what is
    left goes to the groups that still have articles, largest first), so
    small groups are not swamped by large ones. The same input and seed give
    the same sample.
    """
    if n < 1:
        raise ValueError(f"sample size is {n!r}, expected a positive number of articles")
    if by not in articles.columns:
        raise KeyError(f"column {by!r} is not in the articles table; available: {sorted(articles.columns)}")
    groups = {str(g): part.sort_values("article_id") for g, part in articles.groupby(by, sort=True)}
    quota = {g: 0 for g in groups}
    remaining = min(n, len(articles))
    while remaining:
        open_groups = [g for g in groups if quota[g] < len(groups[g])]
        share = max(1, remaining // len(open_groups))
        for g in sorted(open_groups, key=lambda g: (-len(groups[g]), g)):
            take = min(share, len(groups[g]) - quota[g], remaining)
            quota[g] += take
            remaining -= take
            if not remaining:
                break
    rng = np.random.default_rng(seed)
    parts = [part.iloc[np.sort(rng.choice(len(part), quota[g], replace=False))] for g, part in groups.items()]
    return pd.concat(parts).sort_values([by, "article_id"]).reset_index(drop=True)


def _sample_key(article_ids: Iterable[str], seed: int) -> str:
    joined = "\n".join(sorted(article_ids)) + f"\nseed={seed}"
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def coding_sheet(articles: pd.DataFrame, codebook: Codebook, n: int = 40, *, by: str = "ownership",
                 seed: int = 1) -> pd.DataFrame:
    """A blank coding sheet: one row per sampled article, one empty column per frame, plus ``coder``.

    The dictionary's codes are not on the sheet (coders stay blind), nor is
    the stratifying column. ``sample`` identifies the sample, so sheets from
    another sample are recognised on import.
    """
    sample = sample_articles(articles, n, by=by, seed=seed)
    sample = sample.sample(frac=1, random_state=seed).reset_index(drop=True)  # mix the groups for coders
    key = _sample_key(sample["article_id"], seed)
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
    return _save_sheet(coding_sheet(articles, codebook, n, by=by, seed=seed), codebook, folder)


def _save_sheet(sheet: pd.DataFrame, codebook: Codebook, folder: str | Path) -> tuple[Path, Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sheet_path = folder / "coding_sheet.csv"
    sheet.to_csv(sheet_path, index=False, encoding="utf-8-sig", lineterminator="\n")
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
    frames = codebook.keys
    expected_ids = set(expected["article_id"]) if expected is not None else None
    expected_sample = str(expected["sample"].iloc[0]) if expected is not None and len(expected) else None
    errors: list[str] = []
    rows = []
    coders_seen: dict[str, Path] = {}
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ["article_id", "coder", *frames] if c not in (reader.fieldnames or [])]
            if missing:
                errors.append(f"{path}: missing column(s) {missing}")
                continue
            seen: dict[str, int] = {}
            sheet_coders: set[str] = set()
            for number, row in enumerate(reader, start=2):  # rows as a spreadsheet numbers them (header: 1)
                article_id = (row.get("article_id") or "").strip()
                coder = (row.get("coder") or "").strip() or path.stem
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


def _percent_agreement(units: pd.DataFrame) -> float:
    scores = []
    for _, values in units.groupby("article_id")["code"]:
        values = list(values)
        pairs = list(itertools.combinations(values, 2))
        scores.append(sum(a == b for a, b in pairs) / len(pairs))
    return float(np.mean(scores)) if scores else float("nan")


def _agreement_row(codes: pd.DataFrame, frame: str) -> dict:
    known = codes.dropna(subset=["code"])
    counts = known.groupby("article_id")["code"].transform("size")
    pairable = known[counts >= 2]
    row = {"frame": frame, "coders": codes["coder"].nunique(), "n_units": pairable["article_id"].nunique(),
           "n_codes": len(pairable), "alpha": float("nan"), "percent_agreement": _percent_agreement(pairable),
           "kappa": float("nan"), "n_units_kappa": 0, "note": ""}
    if pairable.empty:
        row["note"] = "no unit has two codes"
        return row
    labels = set(pairable["code"].astype(int))
    data = [(c, f"{a}|{f}", int(v)) for c, a, f, v in pairable[["coder", "article_id", "frame", "code"]]
            .itertuples(index=False)]
    if len(labels) == 1:
        row["note"] = f"every code is {labels.pop()}: alpha and kappa are undefined (no variation)"
    else:
        row["alpha"] = AnnotationTask(data=data).alpha()
    coders = sorted(codes["coder"].unique())
    if len(coders) == 2 and len(labels) > 1:
        both = pairable.groupby(["article_id", "frame"])["coder"].transform("nunique") == 2
        complete = pairable[both]
        row["n_units_kappa"] = complete[["article_id", "frame"]].drop_duplicates().shape[0]
        if row["n_units_kappa"]:
            task = AnnotationTask(data=[(c, f"{a}|{f}", int(v)) for c, a, f, v in
                                        complete[["coder", "article_id", "frame", "code"]].itertuples(index=False)])
            try:
                row["kappa"] = task.kappa()
            except (ValueError, ZeroDivisionError):
                row["note"] = "kappa undefined: one coder gave a single value throughout"
    return row


def reliability(codes: pd.DataFrame) -> pd.DataFrame:
    """Agreement between coders per frame and over all frames.

    Returns
    -------
    DataFrame
        One row per frame and a last row ``frame = "(all frames)"`` with
        units pooled: ``coders``, ``n_units`` (units with two or more codes),
        ``n_codes``, ``alpha`` (Krippendorff, nominal), ``percent_agreement``
        (mean share of agreeing coder pairs per unit), ``kappa`` (Cohen, two
        coders only) with ``n_units_kappa``, and ``note``.
    """
    rows = [_agreement_row(part, str(frame)) for frame, part in codes.groupby("frame", sort=False)]
    pooled = codes.assign(article_id=codes["article_id"] + "|" + codes["frame"])
    rows.append(_agreement_row(pooled, "(all frames)"))
    return pd.DataFrame(rows)


def human_majority(codes: pd.DataFrame) -> pd.DataFrame:
    """Per article and frame: the majority of the non-blank human codes, or missing on a tie or no code."""
    known = codes.dropna(subset=["code"])
    tally = known.groupby(["article_id", "frame"])["code"].agg(ones="sum", n="size").reset_index()
    tally["ones"] = tally["ones"].astype(int)
    zeros = tally["n"] - tally["ones"]
    majority = pd.array(np.where(tally["ones"] > zeros, 1, 0), dtype="Int64")
    majority[(tally["ones"] == zeros).to_numpy()] = pd.NA
    tally["majority"] = majority
    tally["tie"] = (tally["ones"] == zeros).to_numpy()
    return tally[["article_id", "frame", "n", "ones", "majority", "tie"]]


def dictionary_validity(coded: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of the dictionary's presence against the human majority, per frame.

    Returns
    -------
    DataFrame
        ``frame``, ``n_units`` (articles with a human majority), ``n_ties``,
        ``true_pos``, ``false_pos``, ``false_neg``, ``true_neg``,
        ``precision``, ``recall``, ``f1`` (missing when undefined).
    """
    majority = human_majority(codes)
    dictionary = coded[coded["coded"]][["article_id", "frame", "present"]]
    merged = majority.merge(dictionary, on=["article_id", "frame"], how="inner")
    rows = []
    for frame in dict.fromkeys(codes["frame"]):
        part = merged[merged["frame"] == frame]
        decided = part[~part["tie"]]
        gold = decided["majority"].astype(int).to_numpy() == 1
        found = decided["present"].astype(bool).to_numpy()
        tp, fp = int((gold & found).sum()), int((~gold & found).sum())
        fn, tn = int((gold & ~found).sum()), int((~gold & ~found).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if (fp or fn) else float("nan"))
        rows.append({"frame": frame, "n_units": len(decided), "n_ties": int(part["tie"].sum()), "true_pos": tp,
                     "false_pos": fp, "false_neg": fn, "true_neg": tn, "precision": precision, "recall": recall,
                     "f1": f1})
    return pd.DataFrame(rows)


def term_diagnostics(matches: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """How often each cue term fired on articles whose human majority says the frame is absent.

    Returns
    -------
    DataFrame
        ``frame``, ``term``, ``articles_fired`` (validated articles where the
        term matched), ``fired_on_absent`` (of those, majority 0) and
        ``share_on_absent``; worst first. Terms with a high share are
        candidates for :func:`revise_codebook`.
    """
    majority = human_majority(codes).dropna(subset=["majority"])
    fired = matches[["article_id", "frame", "term"]].drop_duplicates()
    merged = fired.merge(majority[["article_id", "frame", "majority"]], on=["article_id", "frame"])
    table = (merged.assign(absent=merged["majority"].astype(int) == 0)
             .groupby(["frame", "term"], sort=True)
             .agg(articles_fired=("article_id", "size"), fired_on_absent=("absent", "sum")).reset_index())
    table["fired_on_absent"] = table["fired_on_absent"].astype(int)
    table["share_on_absent"] = table["fired_on_absent"] / table["articles_fired"]
    return table.sort_values(["share_on_absent", "fired_on_absent", "frame", "term"],
                             ascending=[False, False, True, True]).reset_index(drop=True)


def revise_codebook(codebook: Codebook, drop: Mapping[str, Iterable[str]]) -> Codebook:
    """A copy of ``codebook`` without the cue terms in ``drop`` (frame key -> terms to remove).

    Raises ``KeyError`` for an unknown frame, ``ValueError`` for a term the
    frame does not have or when a frame would be left without terms. Write
    the result with :meth:`Codebook.write`.
    """
    drop = {key: set(terms) for key, terms in drop.items()}
    unknown = sorted(set(drop) - set(codebook.keys))
    if unknown:
        raise KeyError(f"frame(s) {unknown} are not in the codebook; frames are {codebook.keys}")
    frames = []
    for frame in codebook.frames:
        remove = drop.get(frame.key, set())
        absent = sorted(remove - set(frame.terms))
        if absent:
            raise ValueError(f"frame {frame.key!r} has no term(s) {absent}")
        kept = tuple(t for t in frame.terms if t not in remove)
        if not kept:
            raise ValueError(f"dropping {sorted(remove)} would leave frame {frame.key!r} without terms")
        frames.append(replace(frame, terms=kept))
    version = f"{codebook.version}-revised" if codebook.version else "revised"
    return replace(codebook, version=version, frames=tuple(frames))


ALPHA_RELIABLE = 0.800
ALPHA_TENTATIVE = 0.667


@dataclass
class Validation:
    """Everything :func:`validate_dictionary` found, with plain-language notes."""

    sheet_path: Path
    instructions_path: Path
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
    covered = articles[articles["language"].isin(codebook.languages)] if "language" in articles else articles
    expected = coding_sheet(covered, codebook, n, by=by, seed=seed)
    sheet_path, instructions = _save_sheet(expected, codebook, folder)
    result = Validation(sheet_path, instructions)
    left_out = len(articles) - len(covered)
    if left_out:
        result.notes.append(f"{left_out} article(s) in languages the codebook does not cover were not sampled.")
    if coder_sheets is None:
        result.notes.append(f"No coder sheets given. Give {sheet_path.name} and {instructions.name} (in {folder}) "
                            "to two or more coders, then rerun with their filled sheets (--coder-sheets FOLDER).")
        return result
    result.codes = read_coding_sheets(coder_sheets, codebook, expected=expected)
    result.reliability = reliability(result.codes)
    sampled = covered[covered["article_id"].isin(expected["article_id"])]
    result.validity = dictionary_validity(code_frames(sampled, codebook), result.codes)
    result.terms = term_diagnostics(frame_matches(sampled, codebook), result.codes)
    result.notes += _reliability_notes(result.reliability)
    return result
