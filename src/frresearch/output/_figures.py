"""Plumbing shared by the figures: new figures, group colours, plain-text labels and PNG rendering."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._fonts import use_cjk_font

__all__ = ["OWNERSHIP_COLORS", "PLAIN_TEXT", "new_figure", "group_colors", "plain_text", "png_bytes"]

OWNERSHIP_COLORS = {"state": "#b2182b", "commercial": "#2166ac", "public": "#1b7837", "nonprofit": "#762a83",
                    "unknown": "#878787"}
# Colours for groups that are not ownership labels (outlets, countries...): Okabe-Ito, colour-blind safe.
_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#000000"]

PLAIN_TEXT: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}  # Any: matplotlib types keys as literals
"""Settings under which every label is drawn as written: data labels (``$\\foo$``) are never mathtext or TeX."""

Params = ParamSpec("Params")


def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure with constrained layout and its own Agg canvas (so it can be drawn without pyplot).

    A CJK font is added as a fallback first, so Chinese names and terms have glyphs.
    """
    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def group_colors(groups: Iterable[object]) -> dict[str, str]:
    """A distinct colour per group: the ownership colour where the group is an ownership label, else a palette's."""
    names = list(dict.fromkeys(str(g) for g in groups))
    colors = {name: OWNERSHIP_COLORS[name] for name in names if name in OWNERSHIP_COLORS}
    spare = iter(c for c in _PALETTE if c not in colors.values())
    for name in names:
        if name not in colors:
            colors[name] = next(spare, "#4d4d4d")
    return colors


def plain_text(build: Callable[Params, Figure]) -> Callable[Params, Figure]:
    """Build the figure with :data:`PLAIN_TEXT` and create its tick labels then, so they stay plain when drawn."""

    @functools.wraps(build)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Figure:
        with matplotlib.rc_context(PLAIN_TEXT):
            fig = build(*args, **kwargs)
            for ax in fig.axes:
                ax.get_xticklabels()
                ax.get_yticklabels()
        return fig

    return wrapper


def png_bytes(fig: Figure, dpi: float) -> bytes:
    """``fig`` as PNG bytes, without the software stamp (the same figure gives the same bytes)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(PLAIN_TEXT):
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.1, metadata={"Software": None})
    return buffer.getvalue()
