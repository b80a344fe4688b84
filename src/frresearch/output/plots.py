"""The notebooks' figures. Each function takes a result table and returns a matplotlib Figure.

Chinese outlet names and terms are drawn with a CJK font found by
:func:`._fonts.use_cjk_font` (a fallback after the default font).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..frames.comparison import FrameComparison
from ._fonts import use_cjk_font

__all__ = [
    "plot_outlets", "plot_timeline", "plot_frame_shares", "plot_frame_heatmap", "plot_story_frames",
    "plot_fightin_words", "plot_tone", "plot_lexicon_coverage", "plot_dominant_frames", "OWNERSHIP_COLORS",
]

OWNERSHIP_COLORS = {"state": "#b2182b", "commercial": "#2166ac", "public": "#1b7837", "nonprofit": "#762a83",
                    "unknown": "#878787"}
_FALLBACK = "#4d4d4d"


def _figure(width: float = 7.0, height: float = 4.0) -> tuple[Figure, Axes]:
    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def _frame_labels(frames: Iterable[str], labels: dict[str, str] | None) -> list[str]:
    """Display labels for frame keys (the key itself where no label is given)."""
    return [(labels or {}).get(frame, frame) for frame in frames]


def _color(group: object) -> str:
    return OWNERSHIP_COLORS.get(str(group), _FALLBACK)


def plot_outlets(articles: pd.DataFrame) -> Figure:
    """Articles per outlet, coloured by ownership."""
    counts = (articles.groupby(["outlet", "ownership"]).size().rename("n").reset_index()
              .sort_values(["ownership", "n", "outlet"], ascending=[True, True, False]))
    fig, ax = _figure(7, max(2.0, 0.35 * len(counts) + 1))
    ax.barh(counts["outlet"], counts["n"], color=[_color(o) for o in counts["ownership"]])
    for ownership in counts["ownership"].unique():
        ax.bar(0, 0, color=_color(ownership), label=ownership)
    ax.set_xlabel("articles")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="ownership", loc="lower right", frameon=False)
    return fig


def plot_timeline(articles: pd.DataFrame, event: str = "2023-08-08", event_label: str = "draft published") -> Figure:
    """Articles per day relative to an event (day 0), stacked by ownership."""
    day0 = pd.Timestamp(event, tz="UTC").normalize()
    dated = articles.dropna(subset=["published"])
    days = ((dated["published"].dt.normalize() - day0).dt.days).rename("day")
    table = pd.crosstab(days, dated["ownership"]) if len(dated) else pd.DataFrame()
    fig, ax = _figure(7, 3.5)
    bottom = np.zeros(len(table))
    for ownership in table.columns:
        ax.bar(table.index, table[ownership], bottom=bottom, color=_color(ownership), label=ownership, width=0.9,
               align="edge")
        bottom += table[ownership].to_numpy()
    ax.axvline(0, color="black", linewidth=0.8, linestyle="--")
    ax.annotate(event_label, (0, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", fontsize=8)
    ax.set_xlabel(f"days since {event} (each bar is one UTC day, starting at its tick)")
    ax.set_ylabel("articles")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    missing = len(articles) - len(dated)
    if missing:
        ax.set_title(f"{missing} article(s) without a date not shown", fontsize=8, loc="right")
    if len(table.columns):
        ax.legend(frameon=False, fontsize=8)
    return fig


def plot_frame_shares(comparison: FrameComparison, labels: dict[str, str] | None = None) -> Figure:
    """Share of articles using each frame per group, with the comparison's intervals and n per group."""
    table = comparison.groups
    by = comparison.by
    groups = list(dict.fromkeys(table[by]))
    frames = list(dict.fromkeys(table["frame"]))
    fig, ax = _figure(7, 0.45 * len(frames) + 1.5)
    offsets = np.linspace(-0.25, 0.25, len(groups)) if len(groups) > 1 else [0.0]
    for offset, group in zip(offsets, groups):
        part = table[table[by] == group].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + offset
        err = np.vstack([part["share"] - part["share_low"], part["share_high"] - part["share"]])
        n = int(part["n_articles"].iloc[0])
        ax.errorbar(part["share"], y, xerr=err, fmt="o", color=_color(group), capsize=2,
                    label=f"{group} (n = {n}{', small' if n < 5 else ''})")
    ax.set_yticks(range(len(frames)), _frame_labels(frames, labels))
    ax.invert_yaxis()
    ax.set_xlim(-0.02, 1.02)
    level = f"{comparison.confidence:.0%} {comparison.interval_method}"
    ax.set_xlabel(f"share of articles using the frame ({level} interval)")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


def plot_frame_heatmap(coded: pd.DataFrame, by: str = "outlet", value: str = "present",
                       labels: dict[str, str] | None = None) -> Figure:
    """Mean of ``value`` (share using the frame, or mean rate) for each ``by`` group and frame."""
    table = coded[coded["coded"]].pivot_table(index=by, columns="frame", values=value, aggfunc="mean",
                                              observed=True, sort=True)
    frames = list(dict.fromkeys(coded["frame"]))
    table = table.reindex(columns=frames).astype("float64")
    n = coded[coded["coded"]].groupby(by)["article_id"].nunique().reindex(table.index)
    fig, ax = _figure(1.0 + 0.75 * len(frames), 1.2 + 0.4 * len(table))
    image = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", vmin=0,
                      vmax=1 if value == "present" else None)
    ax.set_xticks(range(len(frames)), _frame_labels(frames, labels), rotation=40, ha="right")
    ax.set_yticks(range(len(table)), [f"{g} (n = {k})" for g, k in zip(table.index, n)])
    for (i, j), cell in np.ndenumerate(table.to_numpy()):
        if not np.isnan(cell):
            ax.text(j, i, f"{cell:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if cell > 0.6 * np.nanmax(table.to_numpy()) else "black")
    fig.colorbar(image, ax=ax, label="share of articles" if value == "present" else f"mean {value}")
    return fig


def plot_story_frames(coded: pd.DataFrame, story_id: str, labels: dict[str, str] | None = None) -> Figure:
    """Within one story: hits per frame for each outlet that covered it."""
    part = coded[(coded["story_id"] == story_id) & coded["coded"]]
    table = part.pivot_table(index="outlet", columns="frame", values="hits", aggfunc="sum", sort=True)
    frames = list(dict.fromkeys(coded["frame"]))
    table = table.reindex(columns=frames).fillna(0).astype("float64")
    ownership = part.drop_duplicates("outlet").set_index("outlet")["ownership"].reindex(table.index)
    fig, ax = _figure(7, 0.45 * len(frames) + 1.5)
    height = 0.8 / max(1, len(table))
    for i, outlet in enumerate(table.index):
        y = np.arange(len(frames)) + (i - (len(table) - 1) / 2) * height
        ax.barh(y, table.loc[outlet], height=height, color=_color(ownership[outlet]), alpha=0.35 + 0.65 * (
            (i + 1) / len(table)), label=f"{outlet} ({ownership[outlet]})")
    ax.set_yticks(range(len(frames)), _frame_labels(frames, labels))
    ax.invert_yaxis()
    ax.set_xlabel("cue-term hits")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    return fig


def plot_fightin_words(table: pd.DataFrame, label_top: int = 10, label_a: str = "group a",
                       label_b: str = "group b") -> Figure:
    """Fightin' Words: log total frequency against z, the most distinctive terms labelled on their points.

    ``label_top`` terms are labelled on each side; terms with the same counts
    share a point and so share its label.
    """
    total = table["count_a"] + table["count_b"]
    x = np.log10(total.clip(lower=1))
    z = table["z"]
    fig, ax = _figure(7, 5)
    ax.scatter(x, z, s=6, color="#bdbdbd", linewidths=0)
    ranked = table.assign(x=x)
    top_a = ranked.sort_values(["z", "term"], ascending=[False, True]).head(label_top)
    top_b = ranked.sort_values(["z", "term"], ascending=[True, True]).head(label_top)
    for part, color in ((top_a, OWNERSHIP_COLORS["state"]), (top_b, OWNERSHIP_COLORS["commercial"])):
        ax.scatter(part["x"], part["z"], s=14, color=color)
        # Terms with identical counts sit on one point: they share one label there.
        for (px, pz), tied in part.groupby(["x", "z"], sort=True)["term"]:
            names = sorted(tied)
            text = ", ".join(names[:4]) + (f" +{len(names) - 4} more" if len(names) > 4 else "")
            ax.annotate(text, (px, pz), xytext=(4, 3), textcoords="offset points", fontsize=7, color=color)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xlabel("log10 frequency in both groups")
    ax.set_ylabel(f"z (above 0: {label_a}; below: {label_b})")
    return fig


def plot_tone(tone_table: pd.DataFrame, by: str = "ownership") -> Figure:
    """VADER compound score per article, by group, with group means and n."""
    scored = tone_table[tone_table["scored"]]
    groups = sorted(scored[by].astype(str).unique())
    fig, ax = _figure(6, 3.5)
    for i, group in enumerate(groups):
        values = scored.loc[scored[by].astype(str) == group, "compound"].to_numpy()
        jitter = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(np.full(len(values), i) + jitter, values, color=_color(group), s=18, alpha=0.8)
        ax.hlines(values.mean(), i - 0.3, i + 0.3, color="black", linewidth=1.2)
    ax.set_xticks(range(len(groups)), [f"{g}\n(n = {(scored[by].astype(str) == g).sum()})" for g in groups])
    ax.axhline(0, color="#999999", linewidth=0.6, linestyle=":")
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("VADER compound (mean over sentences)")
    return fig


def plot_lexicon_coverage(coverage: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Share of each frame's cue words that VADER's lexicon scores at all."""
    share = coverage.groupby("frame", sort=False)["in_lexicon"].mean()
    fig, ax = _figure(6, 0.4 * len(share) + 1.2)
    ax.barh(_frame_labels(share.index, labels), share.to_numpy(), color="#636363")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of cue words found in the VADER lexicon")
    return fig


def plot_dominant_frames(dominant: pd.DataFrame, frames: list[str], by: str = "ownership",
                         labels: dict[str, str] | None = None) -> Figure:
    """Each group's articles split by dominant frame: one stacked bar per group, n in the labels.

    ``dominant`` is :func:`frresearch.dominant_frames`' table; ``frames`` gives
    the frames in codebook order. Articles without a frame hit form the grey
    "no frame" segment; articles not coded are left out.
    """
    coded = dominant[dominant[by].notna()].copy()
    coded[by] = coded[by].astype(str).replace("", "(missing)")  # e.g. no orientation: not a mainland outlet
    coded["segment"] = coded["dominant_frame"].fillna("(no frame)")
    coded = coded[coded["segment"].isin([*frames, "(no frame)"])]
    shares = pd.crosstab(coded[by].astype(str), coded["segment"], normalize="index")
    segments = [f for f in frames if f in shares.columns] + [s for s in ["(no frame)"] if s in shares.columns]
    shares = shares.reindex(columns=segments).sort_index()
    n = coded[by].astype(str).value_counts().reindex(shares.index)
    palette = [to_hex(colormaps["tab10"](i)) for i in range(10)]
    fig, ax = _figure(7, 0.5 * len(shares) + 2.2)
    left = np.zeros(len(shares))
    for segment in segments:
        color = "#bdbdbd" if segment == "(no frame)" else palette[frames.index(segment) % len(palette)]
        label = "no frame" if segment == "(no frame)" else _frame_labels([segment], labels)[0]
        ax.barh(range(len(shares)), shares[segment].to_numpy(), left=left, color=color, label=label)
        left += shares[segment].to_numpy()
    ax.set_yticks(range(len(shares)), [f"{g} (n = {k}{', small' if k < 5 else ''})" for g, k in n.items()])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of articles by dominant frame (highest share of the article's frame hits)")
    ax.legend(frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3)
    return fig
