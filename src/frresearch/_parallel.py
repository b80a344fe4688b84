"""Spreading work over the machine's cores, in order, with an optional progress bar."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from ._distributed import available_cores, check_engine, map_on_dask

__all__ = ["resolve_workers", "map_in_chunks", "iter_chunk_results", "show_progress", "collection_paused"]

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 1000
MAX_CHUNK = 1000  # items per chunk: bounds what is in flight between processes, whatever the corpus size


def resolve_workers(workers: int | None, n_items: int) -> int:
    """How many processes to use: ``workers`` if given, else one per core when there is enough work."""
    if workers is not None:
        if workers < 1:
            raise ValueError(f"workers is {workers!r}, expected a positive number of processes or None")
        return workers
    return max(1, min(available_cores(), n_items // MIN_ITEMS_PER_WORKER))


def show_progress(progress: bool | None, total: int) -> bool:
    """Whether to draw a progress bar: as asked, or (``None``) for long work in a terminal or notebook, not in CI."""
    if progress is not None:
        return progress
    if os.environ.get("CI") or total < 2000:
        return False
    return sys.stderr.isatty() or "ipykernel" in sys.modules


_pauses = 0  # collection_paused blocks running now, in any thread
_collector_was_on = False  # whether the collector was on when the first of them began
_pauses_lock = threading.Lock()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (or decorated function), then restore it.

    Loading makes millions of small tuples, lists and strings that form no
    reference cycles, and each automatic collection walks every container
    still alive: a tenth of the main process's time at 100,000 articles.
    Memory freed by reference counting is freed as usual. The pause holds for
    the whole process, so overlapping blocks (in several threads) share it:
    the collector runs again, if it was on, when the last of them ends,
    however it ends.
    """
    global _pauses, _collector_was_on
    with _pauses_lock:
        if _pauses == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_on:
                gc.enable()


def _worker_started() -> None:
    """In a new worker process: the objects inherited from the parent are left to it (never walked by this
    process's collector), and the collector is on, whatever the parent's state when it forked."""
    gc.freeze()
    gc.enable()


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes for one call; the caller shuts it down."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=_worker_started)


def _bar(progress: bool, total: int, description: str) -> Any:
    if not progress:
        return None
    from tqdm import tqdm  # text bar: renders in terminals and notebooks alike, no widget library needed

    return tqdm(total=total, desc=description, unit="item", file=sys.stderr)


def _chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    size = max(1, -(-len(items) // count))
    return [items[start : start + size] for start in range(0, len(items), size)]


def iter_chunk_results(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, workers: int = 1,
                       progress: bool = False, description: str = "", engine: str = "local",
                       scheduler: str | None = None) -> Iterator[list[R]]:
    """The list ``func`` returns for each consecutive chunk of ``items``, chunk by chunk, in order.

    Each chunk's list comes as soon as it and those before it are done, so
    the caller can work on it while later chunks are still being computed.
    With ``workers > 1`` the chunks run in separate processes, and with
    ``engine="dask"`` as Dask tasks (on the cluster at ``scheduler``, see
    :mod:`frresearch._distributed`); the results are the same as with one
    process, only sooner. Dask's come once all its tasks are done.
    """
    check_engine(engine, scheduler)
    return _chunk_results(func, items, workers, progress, description, engine, scheduler)


def _chunk_results(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int, progress: bool,
                   description: str, engine: str, scheduler: str | None) -> Iterator[list[R]]:
    if not items:
        return
    bar = _bar(progress, len(items), description)
    try:
        if engine == "dask":
            chunks = [items[start : start + MAX_CHUNK] for start in range(0, len(items), MAX_CHUNK)]
            yield from map_on_dask(func, chunks, scheduler, on_done=None if bar is None else bar.update)
            return
        n_chunks = 1 if workers == 1 and not progress else max(workers * 8, -(-len(items) // MAX_CHUNK))
        chunks = _chunks(items, min(n_chunks, len(items)))
        if workers == 1:
            for chunk in chunks:
                yield func(chunk)
                if bar is not None:
                    bar.update(len(chunk))
            return
        with _pool(workers) as pool:
            for chunk, chunk_results in zip(chunks, pool.map(func, chunks)):
                yield chunk_results
                if bar is not None:
                    bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()


def map_in_chunks(func: Callable[[Sequence[T]], list[R]], items: Sequence[T], *, workers: int = 1,
                  progress: bool = False, description: str = "", engine: str = "local",
                  scheduler: str | None = None) -> list[R]:
    """Apply ``func`` to consecutive chunks of ``items`` and concatenate the lists it returns, in order.

    ``func`` maps a chunk to a list (usually one result per item); the
    chunks run as :func:`iter_chunk_results` runs them.
    """
    return [result for part in iter_chunk_results(func, items, workers=workers, progress=progress,
                                                   description=description, engine=engine, scheduler=scheduler)
            for result in part]
