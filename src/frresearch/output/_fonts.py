"""A CJK font for figures with Chinese outlet names and terms.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs. Since
matplotlib 3.6 a glyph missing from the first family of ``font.family`` is
taken from the next one, so adding Noto Sans CJK after the families in use
draws Chinese without changing how Latin text looks. The font is found by
name in matplotlib's font list, then as a file: ``$FRRESEARCH_CJK_FONT``, then
the places Linux distributions, macOS and Windows install it. On Debian and
Ubuntu: ``apt-get install fonts-noto-cjk`` (SIL Open Font License 1.1).
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

__all__ = ["CJK_FAMILIES", "cjk_font_path", "use_cjk_font"]

# Simplified Chinese shapes first; matplotlib < 3.11 registers only the JP face of the .ttc (same glyph set).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
                "Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Alpine
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/System/Library/Fonts/PingFang.ttc",  # macOS
    "C:/Windows/Fonts/msyh.ttc",  # Windows: Microsoft YaHei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian: fonts-wqy-microhei
)


def _known_family() -> str | None:
    return next((family for family in CJK_FAMILIES if _has_family(family)), None)


def cjk_font_path() -> Path | None:
    """The CJK font file to register: ``$FRRESEARCH_CJK_FONT`` or the first of the usual places that exists."""
    candidates = [os.environ.get("FRRESEARCH_CJK_FONT", ""), *_FONT_FILES]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


@lru_cache(maxsize=1)
def _find_family() -> str | None:
    family = _known_family()
    if family is None and (path := cjk_font_path()) is not None:
        font_manager.fontManager.addfont(str(path))
        family = _known_family()
    return family


def use_cjk_font() -> str | None:
    """Add a CJK font after the current font families, for glyphs they lack; returns its family or None.

    Warns once when no CJK font is installed: Chinese labels would then be drawn as empty boxes.
    """
    family = _find_family()
    if family is None:
        _warn_missing()
        return None
    current = list(matplotlib.rcParams["font.family"])
    if family not in current:
        fallbacks = [f for f in CJK_FAMILIES[:2] if f == family or _has_family(f)]
        matplotlib.rcParams["font.family"] = current + (fallbacks or [family])
    return family


def _has_family(family: str) -> bool:
    try:
        font_manager.findfont(family, fallback_to_default=False)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1)
def _warn_missing() -> None:
    warnings.warn("no CJK font found, so Chinese labels cannot be drawn; install one (Debian/Ubuntu: "
                  "apt-get install fonts-noto-cjk) or set FRRESEARCH_CJK_FONT to a font file", stacklevel=3)
