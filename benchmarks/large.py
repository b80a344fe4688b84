"""One million synthetic articles on a Dask LocalCluster: wall time and peak memory per worker.

The corpus is generated and processed in batches (default 100,000 articles),
each batch deleted before the next is written, so disk use stays bounded.
Each batch is read, cleaned and coded as Dask tasks (``load_corpus`` and
``code_frames`` with ``engine="dask"``), without copy detection (it
compares each article with the whole corpus, not one batch); frame counts are
summed over batches. Peak memory per worker is the largest resident set size each worker
reported while the batches ran, sampled every 0.5 s from the scheduler.

    python benchmarks/large.py                      # 1,000,000 articles
    python benchmarks/large.py --articles 200000    # a shorter run
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GiB", help="per worker")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    import frresearch as fr
    from frresearch.corpus.synthetic import make_corpus

    codebook = fr.load_codebook()
    peaks: dict[str, float] = {}
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      memory_limit=args.memory_limit, dashboard_address=None) as cluster, Client(cluster) as client:
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                for address, worker in client.scheduler_info()["workers"].items():
                    peaks[address] = max(peaks.get(address, 0.0), worker["metrics"]["memory"] / 2**20)
                time.sleep(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        totals, done, generating, working = None, 0, 0.0, 0.0
        seed = 1
        while done < args.articles:
            size = min(args.batch, args.articles - done)
            folder = Path(tempfile.mkdtemp(prefix="frresearch-large-"))
            try:
                mark = time.perf_counter()
                make_corpus(folder, size, words=args.words, seed=seed)
                generating += time.perf_counter() - mark
                mark = time.perf_counter()
                corpus = fr.load_corpus(folder, engine="dask", progress=False, copies=False)
                coded = fr.code_frames(corpus.articles, codebook, engine="dask", progress=False)
                counts = coded.groupby(["ownership", "frame"])["hits"].sum()
                totals = counts if totals is None else totals.add(counts, fill_value=0)
                working += time.perf_counter() - mark
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            done += size
            seed += 1
            print(f"{done:>9,} articles: load + coding {working:8.1f} s ({done / working:,.0f} articles/s); "
                  f"generation {generating:.1f} s", flush=True)
        stop.set()
        sampler.join()
    print(f"\n{args.articles:,} articles on {args.workers} Dask workers: load + coding {working:.1f} s wall time")
    for address, peak in sorted(peaks.items()):
        print(f"  worker {address}: peak memory {peak:,.0f} MB (limit {args.memory_limit})")
    if totals is not None:
        print("\nframe hits by ownership (first rows):")
        print(totals.head(8).to_string())


if __name__ == "__main__":
    main()
