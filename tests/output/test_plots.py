"""The figures as a reader sees them: bins, legends, sizes, label overlap, interval levels, plain-text labels."""

from __future__ import annotations

import io
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image

import frresearch as fr
from frresearch.output import plots
from frresearch.output._figures import png_bytes
from frresearch.output.report import Provenance, save_figure

PROVENANCE = Provenance("c" * 64, "b" * 64, "o" * 64, "0.1.0", "3.x")


def _articles(dates: list[str], outlets: list[str], ownership: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"published": pd.to_datetime(dates, utc=True), "outlet": outlets, "ownership": ownership})


def _bars(fig) -> list[Rectangle]:
    ax = fig.axes[0]
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0 and p.get_height() > 0]


@pytest.mark.parametrize(("days", "unit"), [(0, "day"), (92, "day"), (93, "week"), (548, "week"), (549, "month"),
                                            (1400, "month")])
def test_timeline_bin_follows_the_span(days, unit):
    first = pd.Timestamp("2023-08-01")
    assert plots.timeline_bin(first, first + pd.Timedelta(days=days)) == unit


def test_timeline_over_four_years_draws_months_with_dates_and_the_event_behind_the_bars():
    dates = pd.date_range("2021-01-01", periods=1400, freq="D").strftime("%Y-%m-%d").tolist()
    articles = _articles(dates, ["A"] * 1400, ["state"] * 1400)
    fig = plots.plot_timeline(articles, event="2023-08-08", event_label="draft")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "articles per month"
    assert len(_bars(fig)) == 46  # January 2021 to October 2024, one bar per month
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert any(label.isdigit() and len(label) == 4 for label in labels), labels  # years, not day numbers
    event = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(event) == 1 and all(event[0].get_zorder() < bar.get_zorder() for bar in _bars(fig))


def test_timeline_of_two_weeks_draws_days():
    articles = _articles(["2023-08-08", "2023-08-08", "2023-08-20"], ["A", "B", "A"], ["state", "commercial", "state"])
    fig = plots.plot_timeline(articles)
    assert fig.axes[0].get_ylabel() == "articles per day"
    assert sorted(round(bar.get_height()) for bar in _bars(fig)) == [1, 1, 1]


def test_outlets_chart_one_bar_per_outlet_even_with_two_labels_and_legend_outside():
    articles = _articles(["2023-08-08"] * 4, ["Mixed", "Mixed", "Mixed", "Other"],
                         ["state", "commercial", "commercial", "commercial"])
    fig = plots.plot_outlets(articles)
    ax = fig.axes[0]
    bars = _bars(fig)
    assert len(bars) == 3  # Mixed: one state and one commercial segment; Other: one segment
    rows = {round(bar.get_y() + bar.get_height() / 2) for bar in bars}
    assert len(rows) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Other", "Mixed *"]
    assert ax.get_legend() is None and len(fig.legends) == 1  # the legend sits outside the axes
    assert not ax.lines and len(ax.patches) == 4  # no stand-in artists: 2 ownerships x 2 outlets


def test_heatmap_grows_with_its_rows_and_columns():
    def coded(outlets: int) -> pd.DataFrame:
        rows = [(f"a{i}", f"Outlet {i}", frame, i % 2 == 0, True) for i in range(outlets)
                for frame in ("privacy_rights", "state_surveillance")]
        return pd.DataFrame(rows, columns=["article_id", "outlet", "frame", "present", "coded"])

    labels = {"privacy_rights": "Privacy and individual rights of citizens", "state_surveillance": "State surveillance"}
    small, large = plots.plot_frame_heatmap(coded(2), labels=labels), plots.plot_frame_heatmap(coded(45), labels=labels)
    assert large.get_figheight() > small.get_figheight() + 0.3 * 40
    for fig in (small, large):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. "constrained_layout not applied because axes sizes collapsed"
            FigureCanvasAgg(fig).draw()
        box = fig.axes[0].get_window_extent()
        assert box.height / fig.dpi / len(fig.axes[0].get_yticks()) > 0.25  # inches per row: labels leave the cells room
        assert box.width / fig.dpi / 2 > 0.6


def test_fightin_words_labels_do_not_overlap_and_take_the_groups_colours():
    rng = np.random.default_rng(0)
    terms = [f"term{i:03d}" for i in range(200)]
    table = pd.DataFrame({"term": terms, "count_a": rng.integers(1, 50, 200), "count_b": rng.integers(1, 50, 200),
                          "z": np.round(rng.normal(0, 0.4, 200), 1)})  # rounded: many near-identical points
    fig = plots.plot_fightin_words(table, label_top=12, label_a="public", label_b="nonprofit")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    overlaps = [(a.get_text(), b.get_text()) for i, (a, box_a) in enumerate(zip(labels, boxes))
                for b, box_b in list(zip(labels, boxes))[i + 1:] if box_a.overlaps(box_b)]
    assert overlaps == []
    colours = {matplotlib.colors.to_hex(t.get_color()) for t in labels}
    assert colours == {plots.OWNERSHIP_COLORS["public"], plots.OWNERSHIP_COLORS["nonprofit"]}


def test_fightin_words_figure_is_byte_identical_across_reruns(tmp_path):
    table = pd.DataFrame({"term": ["alpha", "beta", "gamma", "delta"], "count_a": [5, 1, 3, 1],
                          "count_b": [1, 5, 3, 2], "z": [1.2, -1.1, 0.0, -0.4]})
    first = save_figure(plots.plot_fightin_words(table), tmp_path / "a", "fw", caption="", notebook="", provenance=PROVENANCE)
    second = save_figure(plots.plot_fightin_words(table), tmp_path / "b", "fw", caption="", notebook="", provenance=PROVENANCE)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def _comparison(seed_dir, confidence: float):
    corpus = fr.load_corpus(seed_dir)
    coded = fr.code_frames(corpus.articles, fr.load_codebook())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the seed's groups are small
        return fr.compare_frames(coded, by="ownership", confidence=confidence)


@pytest.mark.parametrize(("confidence", "shown"), [(0.95, "95%"), (0.9, "90%"), (0.975, "97.5%")])
def test_frame_shares_states_the_level_and_method_used(seed_dir, confidence, shown):
    comparison = _comparison(seed_dir, confidence)
    fig = plots.plot_frame_shares(comparison)
    assert f"with {shown} {comparison.interval_method} intervals" in fig.axes[0].get_xlabel()
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(text.startswith("state (n = ") and "small" in text for text in legend), legend
    assert not any("zero width" in text for text in legend)


def test_zero_width_intervals_are_drawn_open_and_explained(seed_dir):
    comparison = _comparison(seed_dir, 0.95)
    groups = comparison.groups
    first = groups.index[0]
    groups.loc[first, ["share_low", "share_high"]] = groups.loc[first, "share"]
    fig = plots.plot_frame_shares(comparison)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("zero width" in text and "not certainty" in text for text in legend), legend
    open_markers = [line for line in fig.axes[0].lines if line.get_markerfacecolor() in ("white", (1, 1, 1, 1))
                    and len(line.get_xdata())]
    assert len(open_markers) == 1 and len(open_markers[0].get_xdata()) == 1


def test_data_labels_are_never_mathtext(tmp_path):
    weird = r"$\foo$ Times"
    articles = _articles(["2023-08-08", "2023-08-09"], [weird, "50% $cheaper"], ["state", r"$\bar$"])
    for fig in (plots.plot_outlets(articles), plots.plot_timeline(articles, event_label=r"$\alpha")):
        assert all(not t.get_parse_math() for t in fig.findobj(Text) if "$" in t.get_text())
        save_figure(fig, tmp_path, "weird", caption="", notebook="", provenance=PROVENANCE)
        fig.savefig(io.BytesIO(), format="png")  # drawn outside our settings too
    assert weird in [t.get_text() for t in plots.plot_outlets(articles).axes[0].get_yticklabels()]


def test_inline_png_is_small_and_repeatable():
    articles = _articles(["2023-08-08"], ["A"], ["state"])
    first, second = png_bytes(plots.plot_outlets(articles), 110), png_bytes(plots.plot_outlets(articles), 110)
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert image.format == "PNG" and 300 < image.width < 1500
