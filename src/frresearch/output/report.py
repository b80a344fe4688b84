"""Exporting figures and tables for papers: byte-identical reruns, with provenance.

Every figure is written as PNG (300 dpi), SVG and PDF with the time stamps
and random identifiers that matplotlib would otherwise embed removed, and is
listed in ``figures/manifest.json`` with its caption, the notebook that made
it and the hashes of its inputs. Tables are written as CSV beside them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import pandas as pd

from .._version import __version__
from ..corpus import Corpus
from ..frames.codebook import Codebook

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FIGURE_FORMATS", "Provenance", "Report", "save_figure", "default_output_dir"]

FIGURE_FORMATS = ("png", "svg", "pdf")
PNG_DPI = 300
_SVG_SALT = "frresearch"  # fixed seed for the ids matplotlib writes into SVG files


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
    """``reports/`` in the current folder."""
    return Path("reports").resolve()


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
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT, "pdf.compression": 6}):
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
    entries = json.loads(manifest.read_text("utf-8")) if manifest.exists() else []
    entries = [e for e in entries if e.get("figure") != entry["figure"]] + [entry]
    entries.sort(key=lambda e: (e["notebook"], e["figure"]))
    manifest.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", "utf-8")


class Report:
    """Where a notebook writes its figures and tables, with the provenance of its inputs.

    Parameters
    ----------
    out_dir : path or None
        Output folder (``figures/`` and ``tables/`` are made inside); ``None``
        gives the project's ``reports/``.
    corpus, codebook
        The inputs, hashed into every figure's provenance.
    notebook : str
        The notebook's name, recorded in the manifest.
    """

    def __init__(self, out_dir: str | Path | None, corpus: Corpus, codebook: Codebook, notebook: str) -> None:
        self.out_dir = Path(out_dir) if out_dir is not None else default_output_dir()
        self.figures = self.out_dir / "figures"
        self.tables = self.out_dir / "tables"
        self.notebook = notebook
        self.provenance = Provenance.of(corpus, codebook)

    def figure(self, fig: Figure, name: str, caption: str) -> list[Path]:
        """Export ``fig`` in the three formats; see :func:`save_figure`."""
        return save_figure(fig, self.figures, name, caption=caption, notebook=self.notebook,
                           provenance=self.provenance)

    def table(self, frame: pd.DataFrame, name: str) -> Path:
        """Write ``frame`` as ``tables/name.csv`` (UTF-8, ``\\n`` line ends, no index)."""
        self.tables.mkdir(parents=True, exist_ok=True)
        path = self.tables / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        return path
