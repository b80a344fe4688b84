"""Running chunks of work as Dask tasks, on a cluster or on a local one made for the call."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["ENGINES", "available_cores", "check_engine", "map_on_dask", "WORKER_MEMORY"]

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")
WORKER_MEMORY = "2GiB"  # memory limit of each worker of a local cluster; Dask pauses and spills beyond it


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system reports it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def check_engine(engine: str, scheduler: str | None) -> None:
    """Refuse an unknown engine, or a scheduler address without the Dask engine."""
    if engine not in ENGINES:
        raise ValueError(f"engine is {engine!r}, expected one of {ENGINES}")
    if scheduler is not None and engine != "dask":
        raise ValueError(f"scheduler {scheduler!r} is given, but engine is {engine!r}; use engine='dask'")


@contextmanager
def _client(scheduler: str | None) -> Iterator[Any]:
    """A client of ``scheduler``; else this process's current client; else one of a new local cluster."""
    from distributed import Client, LocalCluster, get_client

    if scheduler is not None:
        with Client(scheduler, set_as_default=False) as client:
            yield client
        return
    try:
        yield get_client()
        return
    except ValueError:  # no client in this process
        pass
    with LocalCluster(n_workers=available_cores(), threads_per_worker=1, processes=True, memory_limit=WORKER_MEMORY,
                      dashboard_address=None) as cluster, Client(cluster, set_as_default=False) as client:
        yield client


def map_on_dask(func: Callable[[Sequence[T]], list[R]], chunks: list[Sequence[T]], scheduler: str | None,
                on_done: Callable[[int], None] | None = None) -> list[list[R]]:
    """``func`` of each chunk as one Dask task; the results in chunk order.

    Each task holds one chunk (at most a fixed number of items), so what a
    worker holds at once is bounded whatever the corpus size. Paths in the
    chunks must be readable from the workers (a shared file system).
    """
    results: list[list[R]] = []
    with _client(scheduler) as client:
        futures = client.map(func, chunks, pure=False)
        for chunk, future in zip(chunks, futures):
            results.append(future.result())
            future.release()  # the worker may drop the chunk's result now
            if on_done is not None:
                on_done(len(chunk))
    return results
