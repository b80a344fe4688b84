"""JupyterLab as ``make lab`` starts it: notebooks are saved without outputs.

``make lab`` passes :func:`strip_outputs` to the Jupyter server as its
``ContentsManager.pre_save_hook``. Running and saving a notebook in the Lab
then leaves the file exactly as committed (outputs live in the kernel's
session and in ``reports/lab/``), so ``git status`` stays clean and the
test that notebooks are committed without outputs keeps passing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["strip_outputs"]

# Cell metadata the Lab and other front ends write as a notebook is used, never part of the analysis.
_VOLATILE_CELL_KEYS = ("execution", "collapsed", "scrolled", "ExecuteTime", "trusted")


def strip_outputs(model: dict[str, Any], **_: Any) -> None:
    """Remove outputs, execution counts and front-end state from a notebook about to be saved.

    Parameters
    ----------
    model : dict
        The Jupyter contents model; only ``type == "notebook"`` is changed,
        in place: outputs and execution counts emptied, volatile cell
        metadata and widget state dropped, ``language_info`` cut to its name
        (as the committed notebooks hold it). Cell ids and sources are kept.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in _VOLATILE_CELL_KEYS:
            cell.get("metadata", {}).pop(key, None)
    metadata = notebook.setdefault("metadata", {})
    metadata.pop("widgets", None)
    if isinstance(metadata.get("language_info"), dict):
        metadata["language_info"] = {"name": metadata["language_info"].get("name", "python")}
