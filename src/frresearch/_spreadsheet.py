"""CSV cells that spreadsheet programs would run as formulas, neutralised.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (CSV
injection); article titles and outlet names come from the input and could be
written that way. Such text cells get a leading apostrophe, the usual
defence: spreadsheets then show the text as text. Numbers (``-0.25``) and
non-text columns are left as they are.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise_formulas", "restore_formulas"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot be run as spreadsheet formulas.

    >>> neutralise_formulas(pd.DataFrame({"title": ["=HYPERLINK(1)", "-0.5", "fine"]}))["title"].tolist()
    ["'=HYPERLINK(1)", '-0.5', 'fine']
    """
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_object_dtype(safe[column]) or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    safe.columns = [_neutralise(str(name)) for name in safe.columns]
    return safe


def restore_formulas(value: object) -> object:
    """Undo :func:`neutralise_formulas` on one cell read back from a sheet we wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
