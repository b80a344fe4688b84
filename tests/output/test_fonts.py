"""Chinese outlet names and terms in figures: drawn with a CJK font, no missing-glyph warnings."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib
import pandas as pd
import pytest

from frresearch.output import _fonts
from frresearch.output.plots import plot_outlets


def _draw_chinese_figure() -> list[str]:
    articles = pd.DataFrame({"outlet": ["人民日报", "澎湃新闻", "明報私隱", "Reuters"],
                             "ownership": ["state", "commercial", "commercial", "commercial"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plot_outlets(articles)
        fig.suptitle("个人信息 / 個人資料")
        for fmt in ("png", "svg", "pdf"):
            fig.savefig(io.BytesIO(), format=fmt)
    return [str(w.message) for w in caught]


def test_chinese_labels_render_without_missing_glyphs(caplog):
    if _fonts.cjk_font_path() is None and _fonts._known_family() is None:
        pytest.fail("no CJK font installed: run `apt-get install fonts-noto-cjk` (.ci/run does)")
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        messages = _draw_chinese_figure()
    assert not [m for m in messages if "missing from font" in m or "CJK" in m], messages
    assert not caplog.records
    assert _fonts.use_cjk_font() in matplotlib.rcParams["font.family"]


def test_without_a_cjk_font_a_warning_says_how_to_install_one(monkeypatch):
    monkeypatch.setattr(_fonts, "_find_family", lambda: None)
    _fonts._warn_missing.cache_clear()
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert _fonts.use_cjk_font() is None
    _fonts._warn_missing.cache_clear()


def test_font_file_from_environment(monkeypatch, tmp_path):
    font = tmp_path / "my.ttc"
    font.write_bytes(b"")
    monkeypatch.setenv("FRRESEARCH_CJK_FONT", str(font))
    assert _fonts.cjk_font_path() == font


def test_chinese_figure_files_are_byte_identical(tmp_path):
    from frresearch.output.report import Provenance, save_figure

    articles = pd.DataFrame({"outlet": ["人民日报", "澎湃新闻"], "ownership": ["state", "commercial"]})
    provenance = Provenance("c" * 64, "b" * 64, "o" * 64, "0.1.0", "3.x")
    first = save_figure(plot_outlets(articles), tmp_path / "a", "zh", caption="c", notebook="nb", provenance=provenance)
    second = save_figure(plot_outlets(articles), tmp_path / "b", "zh", caption="c", notebook="nb", provenance=provenance)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
