"""Exporting figures and tables for papers: byte-identical reruns, with provenance.

Every figure is written as PNG (300 dpi), SVG and PDF with the time stamps
and random identifiers that matplotlib would otherwise embed removed, and is
listed in ``figures/manifest.json`` with its caption, the notebook that made
it and the hashes of its inputs. Tables are written as CSV beside them, with
text cells that a spreadsheet would run as formulas neutralised (see
:mod:`frresearch._spreadsheet`).

Every file a notebook writes is listed under its name in the output folder's
``run.json`` (see :func:`record_output`), so that a rerun can remove what the
previous run of that notebook wrote, and a run is marked complete only when
every notebook has run. JSON files are written atomically, and one that was
cut short by an interrupted run is replaced, with a warning.
"""

from __future__ import annotations

import json
import os
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import pandas as pd

from .._spreadsheet import neutralise_formulas
from .._version import __version__
from ..corpus import Corpus
from ..frames.codebook import Codebook
from ._figures import PLAIN_TEXT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FIGURE_FORMATS", "RUN_RECORD", "Provenance", "Report", "save_figure", "default_output_dir",
           "interactive_output_dir", "read_json", "write_json", "record_output"]

FIGURE_FORMATS = ("png", "svg", "pdf")
PNG_DPI = 300
_SVG_SALT = "frresearch"  # fixed seed for the ids matplotlib writes into SVG files
RUN_RECORD = "run.json"


def read_json(path: Path, default: Any) -> Any:
    """The JSON in ``path``; ``default`` when there is none, or (with a warning) when it cannot be read."""
    if not path.exists():
        return default
    try:
        value = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        warnings.warn(f"{str(path)!r} cannot be read ({exc}); it is started afresh", stacklevel=2)
        return default
    return value if isinstance(value, type(default)) else default


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` atomically: readers see the old file or the new one, never a part."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(temporary, path)


def record_output(out_dir: Path, notebook: str, path: Path) -> None:
    """List ``path`` in ``out_dir/run.json`` as written by ``notebook``; the run is incomplete until the runner ends."""
    record = read_json(out_dir / RUN_RECORD, {})
    outputs = record.setdefault("outputs", {})
    name = path.relative_to(out_dir).as_posix()
    outputs[notebook] = sorted(set(outputs.get(notebook, [])) | {name})
    record["complete"] = False
    write_json(out_dir / RUN_RECORD, record)


@dataclass(frozen=True)
class Provenance:
    """What a result was computed from."""

    corpus_sha256: str
    codebook_sha256: str
    outlets_sha256: str
    frresearch_version: str
    matplotlib_version: str

    @classmethod
    def of(cls, corpus: Corpus, codebook: Codebook) -> Provenance:
        return cls(corpus.fingerprint, codebook.fingerprint, corpus.registry.fingerprint, __version__,
                   matplotlib.__version__)


def default_output_dir() -> Path:
    """``reports/`` in the current folder: where ``frresearch run`` writes without ``--out``."""
    return Path("reports").resolve()


def interactive_output_dir(start: str | Path | None = None) -> Path:
    """``reports/lab/`` of the project: where notebooks opened in JupyterLab write by default.

    The project is the nearest folder, from ``start`` (default: the current
    folder, the notebook's own in JupyterLab) upwards, that holds both
    ``pyproject.toml`` and ``notebooks/``; without one, ``start`` itself.
    Interactive runs so never overwrite what ``make analysis`` wrote to ``reports/``.
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    projects = (p for p in (here, *here.parents) if (p / "pyproject.toml").is_file() and (p / "notebooks").is_dir())
    project = next(projects, here)
    return project / "reports" / "lab"


def save_figure(fig: Figure, folder: str | Path, name: str, *, caption: str, notebook: str,
                provenance: Provenance) -> list[Path]:
    """Write ``fig`` as ``name``.png, .svg and .pdf into ``folder`` and list it in the manifest.

    The same figure with the same provenance gives the same bytes on every
    run: creation dates are left out and SVG ids are seeded.

    Returns
    -------
    list of Path
        The three files written.
    """
    if not name or any(c in name for c in "/\\ ."):
        raise ValueError(f"figure name {name!r} must be a plain file stem (no spaces, dots or slashes)")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    description = json.dumps(asdict(provenance), sort_keys=True)
    metadata = {
        "png": {"Title": name, "Description": description, "Software": None},
        "svg": {"Title": name, "Description": description, "Date": None, "Creator": None},
        "pdf": {"Title": name, "Subject": description, "CreationDate": None, "ModDate": None, "Creator": None,
                "Producer": None},
    }
    paths = []
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT, "pdf.compression": 6, **PLAIN_TEXT}):
        for fmt in FIGURE_FORMATS:
            path = folder / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=PNG_DPI if fmt == "png" else None, metadata=metadata[fmt],
                        bbox_inches="tight", pad_inches=0.1)
            paths.append(path)
    _update_manifest(folder, {"figure": name, "files": [p.name for p in paths], "caption": caption,
                              "notebook": notebook, **asdict(provenance)})
    return paths


def _update_manifest(folder: Path, entry: dict) -> None:
    manifest = folder / "manifest.json"
    entries = [e for e in read_json(manifest, []) if isinstance(e, dict) and "figure" in e and "notebook" in e]
    entries = [e for e in entries if e["figure"] != entry["figure"]] + [entry]
    entries.sort(key=lambda e: (str(e["notebook"]), str(e["figure"])))
    write_json(manifest, entries)


class Report:
    """Where a notebook writes its figures and tables, with the provenance of its inputs.

    Parameters
    ----------
    out_dir : path or None
        Output folder (``figures/`` and ``tables/`` are made inside); ``None``
        gives :func:`interactive_output_dir`, the project's ``reports/lab/``.
    corpus, codebook
        The inputs, hashed into every figure's provenance.
    notebook : str
        The notebook's name, recorded in the manifest.
    """

    def __init__(self, out_dir: str | Path | None, corpus: Corpus, codebook: Codebook, notebook: str) -> None:
        self.out_dir = Path(out_dir) if out_dir is not None else interactive_output_dir()
        self.figures = self.out_dir / "figures"
        self.tables = self.out_dir / "tables"
        self.notebook = notebook
        self.provenance = Provenance.of(corpus, codebook)

    def figure(self, fig: Figure, name: str, caption: str) -> list[Path]:
        """Export ``fig`` in the three formats; see :func:`save_figure`."""
        paths = save_figure(fig, self.figures, name, caption=caption, notebook=self.notebook,
                            provenance=self.provenance)
        for path in paths:
            record_output(self.out_dir, self.notebook, path)
        return paths

    def table(self, frame: pd.DataFrame, name: str) -> Path:
        """Write ``frame`` as ``tables/name.csv`` (UTF-8, ``\\n`` line ends, no index), formulas neutralised."""
        self.tables.mkdir(parents=True, exist_ok=True)
        path = self.tables / f"{name}.csv"
        neutralise_formulas(frame).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        record_output(self.out_dir, self.notebook, path)
        return path
