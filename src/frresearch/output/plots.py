"""The notebooks' figures. Each function takes a result table and returns a matplotlib Figure.

Chinese outlet names and terms are drawn with a CJK font found by
:func:`._fonts.use_cjk_font` (a fallback after the default font). Labels
taken from the data are drawn as written, never as mathtext (an outlet called
``$x$`` is shown as ``$x$``). In a notebook opened with
:func:`frresearch.open_analysis`, a figure that ends a cell is shown inline.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..frames.comparison import FrameComparison
from ..settings import EVENT_DATE, EVENT_LABEL, SMALL_GROUP
from ._figures import OWNERSHIP_COLORS, group_colors, new_figure, plain_text

__all__ = [
    "plot_outlets", "plot_timeline", "plot_frame_shares", "plot_frame_heatmap", "plot_story_frames",
    "plot_fightin_words", "plot_tone", "plot_lexicon_coverage", "plot_dominant_frames", "OWNERSHIP_COLORS",
    "timeline_bin",
]

_ROW = 0.3  # inches per bar or heatmap row
_CHAR = 0.075  # inches per character of an 8-point label, a generous average
_BINS = {"day": ("D", "one UTC day"), "week": ("W", "one week, Monday to Sunday (UTC)"),
         "month": ("M", "one calendar month (UTC)")}


def _frame_labels(frames: Iterable[str], labels: dict[str, str] | None) -> list[str]:
    """Display labels for frame keys (the key itself where no label is given)."""
    return [(labels or {}).get(frame, frame) for frame in frames]


def _ownership_order(values: Iterable[object]) -> list[str]:
    """Ownership labels in the registry's order, then any others alphabetically."""
    present = {str(v) for v in values}
    return [o for o in OWNERSHIP_COLORS if o in present] + sorted(present - set(OWNERSHIP_COLORS))


@plain_text
def plot_outlets(articles: pd.DataFrame) -> Figure:
    """Articles per outlet, one bar per outlet split by ownership label.

    An outlet whose articles carry more than one ownership label (a document
    declared its own) gets one bar in segments and a ``*``.
    """
    counts = pd.crosstab(articles["outlet"].astype(str), articles["ownership"].astype(str))
    order = _ownership_order(counts.columns)
    counts = counts[order]
    main = counts.idxmax(axis=1).map(order.index)
    counts = counts.assign(_main=main, _n=counts.sum(axis=1)).sort_values(
        ["_main", "_n"], ascending=[False, True], kind="stable").drop(columns=["_main", "_n"])
    mixed = (counts > 0).sum(axis=1) > 1
    names = [f"{outlet} *" if is_mixed else outlet for outlet, is_mixed in zip(counts.index, mixed)]
    width = 4.5 + _CHAR * max((len(n) for n in names), default=10)
    fig, ax = new_figure(min(width, 11), max(2.2, _ROW * len(counts) + 1.4))
    colors = group_colors(order)
    left = np.zeros(len(counts))
    for ownership in order:
        ax.barh(range(len(counts)), counts[ownership], left=left, color=colors[ownership], height=0.75)
        left += counts[ownership].to_numpy()
    ax.set_yticks(range(len(counts)), names)
    ax.set_ylim(-0.6, len(counts) - 0.4)
    ax.set_xlabel("articles")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(handles=[Patch(color=colors[o], label=o) for o in order], title="ownership",
               loc="outside upper center", ncols=min(len(order), 5), frameon=False)
    if mixed.any():
        ax.set_title("* articles of this outlet carry more than one ownership label", fontsize=7, loc="left")
    return fig


def timeline_bin(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """The bar width a timeline uses for dates from ``first`` to ``last``: day, week or month.

    Up to 92 days (about a quarter) bars are days; up to 548 days (18 months)
    weeks; longer, months. Every choice keeps the bars at most about 90.
    """
    span = (last - first).days
    return "day" if span <= 92 else "week" if span <= 548 else "month"


def _bins(dates: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """Start and length in days of the bin holding each date."""
    periods = dates.dt.to_period(_BINS[unit][0])
    return periods.dt.start_time, (periods.dt.end_time - periods.dt.start_time).dt.days + 1


@plain_text
def plot_timeline(articles: pd.DataFrame, event: str = EVENT_DATE, event_label: str = EVENT_LABEL) -> Figure:
    """Articles per day, week or month (chosen from the span), stacked by ownership, with the event marked.

    Dates are UTC and labelled as dates. The event's dashed line is drawn
    behind the bars, its label above the plot.
    """
    day0 = pd.Timestamp(event).tz_localize(None).normalize()
    dated = articles.dropna(subset=["published"])
    dates = dated["published"].dt.tz_convert("UTC").dt.tz_localize(None)
    fig, ax = new_figure(7.5, 3.6)
    unit = timeline_bin(dates.min(), dates.max()) if len(dates) else "day"
    starts, lengths = _bins(dates, unit)
    table = pd.crosstab(starts, dated["ownership"].astype(str))
    order = _ownership_order(table.columns)
    colors = group_colors(order)
    widths = lengths.groupby(starts).first().reindex(table.index).to_numpy() * 0.9
    bottom = np.zeros(len(table))
    for ownership in order:
        ax.bar(table.index, table[ownership], bottom=bottom, width=widths, align="edge", color=colors[ownership],
               zorder=2)
        bottom += table[ownership].to_numpy()
    if len(table):
        ax.axvline(day0, color="#444444", linewidth=0.8, linestyle="--", zorder=1)
        ax.annotate(f"{event_label} ({day0:%d %b %Y})", (day0, 1), xycoords=("data", "axes fraction"),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize=8)
    locator = AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylabel(f"articles per {unit}")
    missing = len(articles) - len(dated)
    note = f"; {missing} article(s) without a date not shown" if missing else ""
    ax.set_xlabel(f"publication date (each bar is {_BINS[unit][1]}){note}", fontsize=8)
    if order:
        fig.legend(handles=[Patch(color=colors[o], label=o) for o in order], title="ownership",
                   loc="outside right upper", frameon=False, fontsize=8)
    return fig


@plain_text
def plot_frame_shares(comparison: FrameComparison, labels: dict[str, str] | None = None) -> Figure:
    """Share of articles using each frame per group, with the comparison's intervals and n per group.

    The axis label states the interval level the comparison used. An interval
    of zero width (none or all of a group's articles use the frame) is drawn
    as an open marker: it reflects few articles, not certainty.
    """
    table = comparison.groups
    by = comparison.by
    groups = list(dict.fromkeys(table[by].astype(str)))
    frames = list(dict.fromkeys(table["frame"]))
    colors = group_colors(groups)
    fig, ax = new_figure(7.5, 0.45 * len(frames) + 1.8)
    offsets = np.linspace(-0.25, 0.25, len(groups)) if len(groups) > 1 else [0.0]
    handles: list[Line2D] = []
    any_zero = False
    for offset, group in zip(offsets, groups):
        part = table[table[by].astype(str) == group].set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + offset
        err = np.vstack([part["share"] - part["share_low"], part["share_high"] - part["share"]])
        zero = (part["share_high"] - part["share_low"]).abs().to_numpy() < 1e-12
        any_zero |= bool(zero.any())
        ax.errorbar(part["share"][~zero], y[~zero], xerr=err[:, ~zero], fmt="o", color=colors[group], capsize=2)
        ax.plot(part["share"][zero], y[zero], "o", mfc="white", mec=colors[group], mew=1.2)
        n = int(part["n_articles"].iloc[0])
        small = ", small" if bool(part["small_sample"].iloc[0]) else ""
        handles.append(Line2D([], [], marker="o", linestyle="", color=colors[group], label=f"{group} (n = {n}{small})"))
    ax.set_yticks(range(len(frames)), _frame_labels(frames, labels))
    ax.invert_yaxis()
    ax.set_xlim(-0.03, 1.03)
    ax.set_xlabel(f"share of articles using the frame, with {comparison.level} intervals")
    if any_zero:
        handles.append(Line2D([], [], marker="o", linestyle="", mfc="white", mec="#444444",
                              label="interval of zero width: all or none of the\n"
                                    "group's articles use the frame; not certainty"))
    fig.legend(handles=handles, title=by, loc="outside lower center", ncols=min(len(handles), 3), frameon=False,
               fontsize=8)
    return fig


@plain_text
def plot_frame_heatmap(coded: pd.DataFrame, by: str = "outlet", value: str = "present",
                       labels: dict[str, str] | None = None) -> Figure:
    """Mean of ``value`` (share using the frame, or mean rate) for each ``by`` group and frame.

    The figure is sized from its rows and columns, so long labels never squash the cells.
    """
    table = coded[coded["coded"]].pivot_table(index=by, columns="frame", values=value, aggfunc="mean",
                                              observed=True, sort=True)
    frames = list(dict.fromkeys(coded["frame"]))
    table = table.reindex(columns=frames).astype("float64")
    n = coded[coded["coded"]].groupby(by)["article_id"].nunique().reindex(table.index)
    columns = [textwrap.fill(label, 13, break_long_words=False) for label in _frame_labels(frames, labels)]
    rows = [f"{g} (n = {k})" for g, k in zip(table.index, n)]
    label_lines = max((c.count("\n") + 1 for c in columns), default=1)
    width = _CHAR * max((len(r) for r in rows), default=8) + 0.85 * len(frames) + 1.6
    height = _ROW * len(rows) + 0.16 * label_lines + 1.0
    fig, ax = new_figure(width, height)
    values = table.to_numpy()
    image = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=1 if value == "present" else None)
    ax.set_xticks(range(len(frames)), columns, fontsize=7.5)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.tick_params(length=0)
    threshold = 0.6 * (np.nanmax(values) if np.isfinite(values).any() else 1)
    for (i, j), cell in np.ndenumerate(values):
        if not np.isnan(cell):
            ax.text(j, i, f"{cell:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if cell > threshold else "black")
    fig.colorbar(image, ax=ax, label="share of articles" if value == "present" else f"mean {value}",
                 shrink=min(1.0, 3.0 / (_ROW * max(len(rows), 1))))
    return fig


@plain_text
def plot_story_frames(coded: pd.DataFrame, story_id: str, labels: dict[str, str] | None = None) -> Figure:
    """Within one story: hits per frame for each outlet that covered it."""
    part = coded[(coded["story_id"] == story_id) & coded["coded"]]
    table = part.pivot_table(index="outlet", columns="frame", values="hits", aggfunc="sum", sort=True)
    frames = list(dict.fromkeys(coded["frame"]))
    table = table.reindex(columns=frames).fillna(0).astype("float64")
    ownership = part.drop_duplicates("outlet").set_index("outlet")["ownership"].reindex(table.index).astype(str)
    colors = group_colors(table.index)
    fig, ax = new_figure(7.5, 0.5 * len(frames) + 1.6)
    height = 0.8 / max(1, len(table))
    for i, outlet in enumerate(table.index):
        y = np.arange(len(frames)) + (i - (len(table) - 1) / 2) * height
        ax.barh(y, table.loc[outlet], height=height, color=colors[outlet], label=f"{outlet} ({ownership[outlet]})")
    ax.set_yticks(range(len(frames)), _frame_labels(frames, labels))
    ax.invert_yaxis()
    ax.set_xlabel("cue-term hits")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(title="outlet (ownership)", loc="outside lower center", ncols=min(len(table), 3), frameon=False,
               fontsize=7)
    return fig


@plain_text
def plot_fightin_words(table: pd.DataFrame, label_top: int = 10, label_a: str = "group a",
                       label_b: str = "group b") -> Figure:
    """Fightin' Words: log total frequency against z, the most distinctive terms labelled beside their points.

    ``label_top`` terms are labelled on each side, in the colour of the group
    they are typical of; labels are moved apart (adjustText, a fixed number of
    steps, so reruns give the same figure) and joined to their points by a
    line. Terms with the same counts share a point and so share its label.
    """
    total = table["count_a"] + table["count_b"]
    x = np.log10(total.clip(lower=1))
    z = table["z"]
    colors = group_colors([label_a, label_b])
    color_a, color_b = colors[label_a], colors[label_b]
    fig, ax = new_figure(7.5, 5.5)
    ax.scatter(x, z, s=6, color="#bdbdbd", linewidths=0)
    ranked = table.assign(x=x)
    top_a = ranked[ranked["z"] > 0].sort_values(["z", "term"], ascending=[False, True]).head(label_top)
    top_b = ranked[ranked["z"] < 0].sort_values(["z", "term"], ascending=[True, True]).head(label_top)
    texts = []
    for part, color in ((top_a, color_a), (top_b, color_b)):
        ax.scatter(part["x"], part["z"], s=14, color=color)
        # Terms with identical counts sit on one point: they share one label there.
        for (px, pz), tied in part.groupby(["x", "z"], sort=True)["term"]:
            names = sorted(tied)
            text = ", ".join(names[:4]) + (f" +{len(names) - 4} more" if len(names) > 4 else "")
            texts.append(ax.text(px, pz, text, fontsize=7, color=color))
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_xlabel("log10 frequency in both groups")
    ax.set_ylabel(f"z (above 0: typical of {label_a}; below: of {label_b})")
    ax.margins(x=0.08, y=0.1)
    fig.legend(handles=[Line2D([], [], marker="o", linestyle="", color=c, label=f"typical of {g}")
                        for c, g in ((color_a, label_a), (color_b, label_b))],
               loc="outside upper center", ncols=2, frameon=False, fontsize=8)
    if texts:
        fig.canvas.draw()  # settle the layout first, so the labels are placed where they will be drawn
        fig.set_layout_engine("none")
        labelled = pd.concat([top_a, top_b])
        adjust_text(texts, x=labelled["x"].to_numpy(), y=labelled["z"].to_numpy(), ax=ax, iter_lim=300,
                    time_lim=None, arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.5})
    return fig


@plain_text
def plot_tone(tone_table: pd.DataFrame, by: str = "ownership") -> Figure:
    """VADER compound score per article, by group, with group means and n."""
    scored = tone_table[tone_table["scored"]]
    groups = sorted(scored[by].astype(str).unique())
    colors = group_colors(groups)
    fig, ax = new_figure(6, 3.5)
    for i, group in enumerate(groups):
        values = scored.loc[scored[by].astype(str) == group, "compound"].to_numpy()
        jitter = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(np.full(len(values), i) + jitter, values, color=colors[group], s=18, alpha=0.8)
        ax.hlines(values.mean(), i - 0.3, i + 0.3, color="black", linewidth=1.2)
    ax.set_xticks(range(len(groups)), [f"{g}\n(n = {(scored[by].astype(str) == g).sum()})" for g in groups])
    ax.axhline(0, color="#999999", linewidth=0.6, linestyle=":")
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("VADER compound (mean over sentences)")
    return fig


@plain_text
def plot_lexicon_coverage(coverage: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Share of each frame's cue words that VADER's lexicon scores at all."""
    share = coverage.groupby("frame", sort=False)["in_lexicon"].mean()
    fig, ax = new_figure(6, 0.4 * len(share) + 1.2)
    ax.barh(_frame_labels(share.index, labels), share.to_numpy(), color="#636363")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of cue words found in the VADER lexicon")
    return fig


@plain_text
def plot_dominant_frames(dominant: pd.DataFrame, frames: list[str], by: str = "ownership",
                         labels: dict[str, str] | None = None) -> Figure:
    """Each group's articles split by dominant frame: one stacked bar per group, n in the labels.

    ``dominant`` is :func:`frresearch.dominant_frames`' table; ``frames`` gives
    the frames in codebook order. Articles without a frame hit form the grey
    "no frame" segment; articles not coded are left out. The legend sits below the bars.
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
    fig, ax = new_figure(7.5, _ROW * 1.6 * len(shares) + 2.4)
    left = np.zeros(len(shares))
    for segment in segments:
        color = "#bdbdbd" if segment == "(no frame)" else palette[frames.index(segment) % len(palette)]
        label = "no frame" if segment == "(no frame)" else _frame_labels([segment], labels)[0]
        ax.barh(range(len(shares)), shares[segment].to_numpy(), left=left, color=color, label=label)
        left += shares[segment].to_numpy()
    ax.set_yticks(range(len(shares)), [f"{g} (n = {k}{', small' if k < SMALL_GROUP else ''})" for g, k in n.items()])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of articles by dominant frame (highest share of the article's frame hits)")
    fig.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=7)
    return fig
