"""Input formats as handlers: each says whether it can read a file, then reads it.

A handler is one module with one class: ``name``, ``detect(path, header)``
and ``read(path, source, context, collector)``. :func:`handler_for` asks the
handlers of :data:`HANDLERS` in order, and the first that recognises a file
reads it; seed-format documents are the fallback. Adding a format means one
module here, one entry in :data:`HANDLERS`, and its tests.
"""

from __future__ import annotations

from pathlib import Path

from ...exceptions import DocumentError
from .._reading import open_regular
from ._base import FormatHandler, ReadContext, check_columns
from .front_matter import FrontMatterHandler
from .generic_csv import CsvHandler
from .json_lines import JsonLinesHandler
from .media_cloud import MediaCloudHandler
from .text_folder import TEXT_FOLDER_METADATA, TextFolderHandler, text_folder_members

__all__ = ["FormatHandler", "ReadContext", "HANDLERS", "FORMATS", "handler_for", "check_columns",
           "TEXT_FOLDER_METADATA", "text_folder_members"]

HANDLERS: tuple[FormatHandler, ...] = (
    TextFolderHandler(), MediaCloudHandler(), CsvHandler(), JsonLinesHandler(), FrontMatterHandler(),
)
FORMATS = ("auto", *(handler.name for handler in HANDLERS))


def handler_for(path: Path, format: str = "auto") -> FormatHandler:
    """The handler that reads ``path``: the one named by ``format``, or the first that recognises it.

    Raises
    ------
    ValueError
        When ``format`` names no handler.
    """
    if format != "auto":
        for handler in HANDLERS:
            if handler.name == format:
                return handler
        raise ValueError(f"format is {format!r}, expected one of {FORMATS}")
    header = _csv_header(path) if path.suffix.lower() == ".csv" else None
    return next(handler for handler in HANDLERS if handler.detect(path, header))


def _csv_header(path: Path) -> list[str]:
    import csv

    try:
        with open_regular(path) as handle:
            line = handle.readline(65_536).decode("utf-8-sig", errors="replace")
        return next(csv.reader([line]), [])
    except (DocumentError, OSError, csv.Error):
        return []
