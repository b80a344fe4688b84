"""Running the notebooks on a corpus with papermill, and exporting them as HTML."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from ..corpus import Corpus, load_corpus
from ..exceptions import CorpusError, FrresearchError, NotebookRunError
from ..frames.codebook import Codebook, is_shipped_codebook, load_codebook
from ._session import prepare_notebook
from .report import RUN_RECORD, Report, default_output_dir, interactive_output_dir, read_json, write_json

__all__ = ["notebooks_dir", "list_notebooks", "run_notebooks", "open_analysis"]


def notebooks_dir() -> Path:
    """The notebooks, shipped inside the package (``notebooks/`` of the checkout)."""
    return Path(str(resources.files("frresearch").joinpath("notebooks")))


def list_notebooks(only: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in order; ``only`` keeps those starting with one of its prefixes."""
    folder = folder or notebooks_dir()
    notebooks = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        raise FrresearchError(f"no numbered notebooks (NN_name.ipynb) in {str(folder)!r}")
    if only:
        chosen = [p for p in notebooks if any(p.name.startswith(prefix) for prefix in only)]
        if not chosen:
            raise FrresearchError(f"--only {only} matches none of {[p.name for p in notebooks]}")
        notebooks = chosen
    return notebooks


def _resolve(path: str | os.PathLike | None, what: str) -> str | None:
    if path is None:
        return None
    error = CorpusError if what == "corpus" else FrresearchError
    if not os.fspath(path).strip():
        raise error(f"{what} source is an empty path; name a folder or a file")
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise error(f"{what} {str(path)!r} does not exist")
    return str(resolved)


def _codebook_parameter(codebook: str | os.PathLike | None) -> str | None:
    """A shipped codebook's name as it is (unless a file of that name exists), else the resolved path."""
    if is_shipped_codebook(codebook):
        return codebook
    return _resolve(codebook, "codebook")


def _output_dir(out: str | os.PathLike | None) -> Path:
    """The output folder, made if needed; :class:`FrresearchError` when it is a file or cannot be written."""
    out_dir = Path(out).expanduser().resolve() if out is not None else default_output_dir()
    if out_dir.exists() and not out_dir.is_dir():
        raise FrresearchError(f"--out {str(out_dir)!r} is a file, not a folder; name a folder for the results")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".frresearch-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise FrresearchError(f"--out {str(out_dir)!r} cannot be written ({exc.strerror or exc}); choose another "
                              "folder") from None
    return out_dir


def _clear_previous_outputs(out_dir: Path, names: list[str]) -> None:
    """Remove what the previous run of these notebooks wrote, and mark the run as not complete.

    Only files listed as theirs are removed: in ``run.json``, in the figure
    manifest, and the executed notebooks; other files in the folder are left alone.
    """
    record = read_json(out_dir / RUN_RECORD, {})
    outputs = record.get("outputs", {}) if isinstance(record.get("outputs"), dict) else {}
    owned = [name for notebook in names for name in outputs.pop(notebook, [])]
    manifest_path = out_dir / "figures" / "manifest.json"
    manifest = read_json(manifest_path, [])
    kept = [e for e in manifest if isinstance(e, dict) and e.get("notebook") not in names]
    for entry in manifest:
        if isinstance(entry, dict) and entry not in kept:
            owned += [f"figures/{file}" for file in entry.get("files", []) if isinstance(file, str)]
    if manifest_path.exists():
        write_json(manifest_path, kept)
    owned += [f"notebooks/{notebook}{suffix}" for notebook in names for suffix in (".ipynb", ".html")]
    for name in owned:
        target = (out_dir / name).resolve()
        if target.is_relative_to(out_dir) and target.is_file():
            target.unlink()
    write_json(out_dir / RUN_RECORD, {**record, "outputs": outputs, "complete": False})


def _mark_complete(out_dir: Path, names: list[str]) -> None:
    record = read_json(out_dir / RUN_RECORD, {})
    write_json(out_dir / RUN_RECORD, {**record, "complete": True, "notebooks": names})


def _export_html(notebook: Path) -> Path:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(notebook))
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


def run_notebooks(
    corpus: str | os.PathLike | None = None,
    *,
    codebook: str | os.PathLike | None = None,
    outlets: str | os.PathLike | None = None,
    out: str | os.PathLike | None = None,
    only: list[str] | None = None,
    extra_parameters: dict | None = None,
    log: Callable[[str], object] = print,
) -> list[Path]:
    """Execute the notebooks in order on a corpus and export them.

    Parameters
    ----------
    corpus, codebook, outlets : path or None
        Passed to every notebook's ``parameters`` cell; ``None`` means the
        default (``seeds/``, the default codebook, the default registry).
        ``codebook`` may also name a shipped codebook (``"generic"``).
    out : path or None
        Output folder (default ``reports/``): executed notebooks and their
        HTML in ``notebooks/``, figures in ``figures/``, tables in ``tables/``.
        What an earlier run of the same notebooks wrote there is removed first,
        so no stale figure survives; ``run.json`` says ``"complete": true``
        only once every notebook has run.
    only : list of str, optional
        Run only the notebooks whose names start with these prefixes (``["02"]``).
    extra_parameters : dict, optional
        More parameters for notebooks that declare them (e.g. ``coder_sheets``).

    Returns
    -------
    list of Path
        The executed notebooks.

    Raises
    ------
    NotebookRunError
        When a cell fails: names the notebook, the cell and the saved output.
    """
    notebooks = list_notebooks(only)
    out_dir = _output_dir(out)
    parameters = {
        "corpus_path": _resolve(corpus, "corpus"),
        "codebook_path": _codebook_parameter(codebook),
        "outlets_path": _resolve(outlets, "outlet registry"),
        "out_dir": str(out_dir),
        **(extra_parameters or {}),
    }
    executed_dir = out_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    names = [notebook.stem for notebook in notebooks]
    _clear_previous_outputs(out_dir, names)
    executed = []
    with _own_kernel():
        for notebook in notebooks:
            executed.append(_run_one(notebook, executed_dir, parameters, log))
    _mark_complete(out_dir, names)
    log(f"done: {len(executed)} notebook(s); figures in {out_dir / 'figures'}, tables in {out_dir / 'tables'}")
    return executed


@contextmanager
def _own_kernel() -> Iterator[None]:
    """Within the block, the ``python3`` kernel is the Python running this code, whatever else is installed."""
    previous = os.environ.get("JUPYTER_PATH")
    ours = str(Path(sys.prefix) / "share" / "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (ours, previous) if p)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = previous


# The kernel's own log stays quiet: "running over TCP without encryption" (it only listens on this machine)
# and "KeyboardInterrupt caught" as papermill shuts it down. Failing cells are reported by papermill.
_QUIET_KERNEL = ["--IPKernelApp.log_level=CRITICAL"]


def _run_one(notebook: Path, executed_dir: Path, parameters: dict[str, Any], log: Callable[[str], object]) -> Path:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    target = executed_dir / notebook.name
    log(f"running {notebook.name} ...")
    declared = papermill.inspect_notebook(str(notebook))
    try:
        papermill.execute_notebook(str(notebook), str(target), kernel_name="python3",
                                   parameters={k: v for k, v in parameters.items() if k in declared},
                                   cwd=str(notebook.parent), progress_bar=False, log_output=False,
                                   extra_arguments=_QUIET_KERNEL)
    except PapermillExecutionError as exc:
        raise NotebookRunError(
            f"notebook {notebook.name} failed in cell {exc.cell_index + 1} (execution count {exc.exec_count}): "
            f"{exc.ename}: {exc.evalue}. The executed notebook is saved at {target}"
        ) from None
    _export_html(target)
    return target


def open_analysis(corpus_path: str | Path | None, codebook_path: str | Path | None,
                  outlets_path: str | Path | None, out_dir: str | Path | None,
                  notebook: str, engine: str = "local",
                  scheduler: str | None = None) -> tuple[Corpus, Codebook, Report]:
    """Load the corpus and codebook a notebook's parameters name, and the report it writes to.

    ``out_dir = None`` (a notebook opened in JupyterLab) writes to the
    project's ``reports/lab/`` (:func:`~frresearch.output.report.interactive_output_dir`);
    ``frresearch run`` always passes its output folder. Parsed files are
    cached in the output folder's ``cache/``, so the notebooks after the
    first do not parse the corpus again. ``engine`` and ``scheduler`` are
    passed to :func:`frresearch.load_corpus`. In a Jupyter kernel, figures
    are then shown inline and warnings as one-line notes (see
    :func:`~frresearch.output._session.prepare_notebook`).
    """
    prepare_notebook()
    out = Path(out_dir) if out_dir is not None else interactive_output_dir()
    corpus = load_corpus(corpus_path, outlets=outlets_path, cache_dir=out / "cache", engine=engine,
                         scheduler=scheduler)
    codebook = load_codebook(codebook_path)
    return corpus, codebook, Report(out, corpus, codebook, notebook)
