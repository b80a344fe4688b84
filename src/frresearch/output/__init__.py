"""Results for papers: figures, exported figures and tables with provenance, and notebook runs."""

from .report import Report, save_figure
from .runner import open_analysis, run_notebooks

__all__ = ["Report", "save_figure", "open_analysis", "run_notebooks"]
