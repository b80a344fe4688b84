"""Setting up a notebook's kernel: figures shown inline as images, warnings shown as one-line notes."""

from __future__ import annotations

import sys
import warnings
from typing import TextIO

from matplotlib.figure import Figure

from ._figures import png_bytes

__all__ = ["INLINE_DPI", "prepare_notebook"]

INLINE_DPI = 110
"""Resolution of the figures shown in notebooks (the exported files are 300 dpi)."""


_shown_in_cell: set[tuple[type[Warning], str]] = set()  # emptied before each cell runs


def _show_as_note(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Print a warning as one line on stdout, once per cell: no source line, no stderr block."""
    if (category, str(message)) in _shown_in_cell:
        return
    _shown_in_cell.add((category, str(message)))
    source = category.__module__.split(".")[0]
    prefix = "Note" if source == "frresearch" else f"Warning from {source} ({category.__name__})"
    print(f"{prefix}: {message}", file=sys.stdout)


def _new_cell(*_: object) -> None:
    _shown_in_cell.clear()


def prepare_notebook() -> bool:
    """In a Jupyter kernel, show Figures inline as PNG and warnings as notes (each once per cell); elsewhere nothing.

    matplotlib Figures built without pyplot have no image form IPython
    knows; this registers one, so a Figure that ends a cell, or is passed to
    ``display``, appears as an image in the notebook, in its saved file and
    in its HTML export.

    Returns
    -------
    bool
        Whether a kernel was found and set up.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    shell.display_formatter.formatters["image/png"].for_type(Figure, lambda fig: png_bytes(fig, INLINE_DPI))
    warnings.showwarning = _show_as_note
    if _new_cell not in shell.events.callbacks["pre_run_cell"]:
        shell.events.register("pre_run_cell", _new_cell)
    return True
