"""Speed and memory of the frresearch pipeline against a plain notebook-style baseline.

Generates seeded synthetic corpora in the seed format (default: 10,000, 30,000
and 100,000 articles of about 600 words), then, for each size, runs in fresh
processes:

- frresearch: load_corpus, code_frames, compare_frames, compare_vocabulary;
- the floor: read each file, parse its front matter with PyYAML's C safe
  loader and run one compiled regular expression (the tokenizer's) over the
  text, in one process; the script prints load + coding over the floor;
- a baseline written the way a typical notebook would: per file, split off the
  front matter and parse it with yaml.safe_load, tokenize with nltk's
  RegexpTokenizer, count the codebook's terms in Python (list.count for
  words, loops for wildcards and phrases); then pandas group means and a
  Counter per group. (It counts overlapping matches and is not a reference
  for the results, only for the time.)

It prints wall time per stage, articles per second, the speed-up over the
baseline, the time per article (constant if cost grows linearly with N) and
peak memory (proportional set size of the process and its worker processes,
sampled every 50 ms in a second run of each: sampling slows the run it samples,
so times come from a run without it; the baseline is timed only).

    python benchmarks/pipeline.py                 # 10k, 30k, 100k
    python benchmarks/pipeline.py --sizes 2000    # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path


def run_frresearch(corpus: Path) -> dict:
    import frresearch as fr

    times = {}
    start = time.perf_counter()
    loaded = fr.load_corpus(corpus, progress=False)
    times["load+clean"] = time.perf_counter() - start
    mark = time.perf_counter()
    coded = fr.code_frames(loaded.articles, progress=False)
    times["frame coding"] = time.perf_counter() - mark
    mark = time.perf_counter()
    fr.compare_frames(coded, by="ownership", contrast=("state", "commercial"))
    times["comparison"] = time.perf_counter() - mark
    mark = time.perf_counter()
    fr.compare_vocabulary(loaded.articles, "ownership", "state", "commercial")
    times["vocabulary"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    return {"times": times, "articles": len(loaded.articles)}


def run_floor(corpus: Path) -> dict:
    """The least any loader and coder must do, in one process: read each file, parse its front matter with
    PyYAML's C safe loader, and run one compiled regular expression (the tokenizer's) over its text."""
    import re

    import yaml

    from frresearch.text.tokens import TOKEN_PATTERN

    token = re.compile(TOKEN_PATTERN)
    start = time.perf_counter()
    count = 0
    for path in sorted(corpus.glob("*.txt")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        count += len(token.findall(f"{meta.get('title', '')} {meta.get('excerpt', '')} {body}".lower()))
    return {"times": {"total": time.perf_counter() - start}, "articles": count and len(list(corpus.glob("*.txt")))}


def run_baseline(corpus: Path) -> dict:
    import pandas as pd
    import yaml
    from nltk.tokenize import RegexpTokenizer

    import frresearch as fr

    codebook = fr.load_codebook()
    tokenizer = RegexpTokenizer(r"\w+")
    registry = fr.load_outlets()
    start = time.perf_counter()
    rows, group_counts = [], {}
    for path in sorted(corpus.glob("*.txt")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        text = f"{meta.get('title', '')} {meta.get('excerpt', '')} {body}".lower()
        tokens = tokenizer.tokenize(text)
        outlet = registry.lookup(meta["provider"]["domain"])
        ownership = outlet.ownership if outlet else "unknown"
        row = {"ownership": ownership, "tokens": len(tokens)}
        for frame in codebook.frames:
            hits = 0
            for term in frame.terms:
                words = term.lower().split()
                if len(words) == 1 and not words[0].endswith("*"):
                    hits += tokens.count(words[0])
                elif len(words) == 1:
                    hits += sum(token.startswith(words[0][:-1]) for token in tokens)
                else:
                    hits += sum(tokens[i : i + len(words)] == words for i in range(len(tokens)))
            row[frame.key] = hits
        rows.append(row)
        group_counts.setdefault(ownership, Counter()).update(tokens)
    table = pd.DataFrame(rows)
    (table[list(codebook.keys())] > 0).groupby(table["ownership"]).mean()
    return {"times": {"total": time.perf_counter() - start}, "articles": len(rows)}


class MemorySampler(threading.Thread):
    """Peak memory of this process and its worker processes, sampled every 50 ms.

    Sums the proportional set size (PSS) from /proc: pages shared between the
    parent and its forked workers count once, so the sum is the memory the
    run really occupies. Falls back to the parent's peak RSS where /proc is missing.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.running = True

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    found += [int(child) for child in handle.read().split()]
        except OSError:
            pass
        return found

    def run(self) -> None:
        me = os.getpid()
        while self.running:
            total = self._pss_kb(me) + sum(self._pss_kb(child) for child in self._children(me))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.05)

    def stop(self) -> float:
        self.running = False
        self.join()
        rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return max(self.peak_kb, 0 if self.peak_kb else rss_kb) / 1024


def _in_fresh_process(kind: str, corpus: Path, memory: bool = True) -> dict:
    """Times from a run without memory sampling, then (``memory``) peak memory from a second run that samples it.

    Reading a process's PSS makes the kernel walk its page tables: every 50 ms
    that slowed a 2.5 GB run with two workers by half, and a timed run must
    not pay for it.
    """
    def measure(sample: str) -> dict:
        output = subprocess.run([sys.executable, __file__, "--measure", kind, str(corpus), sample], check=True,
                                capture_output=True, text=True).stdout
        return json.loads(output.strip().splitlines()[-1])

    result = measure("time")
    if memory:
        result["peak_mb"] = measure("memory")["peak_mb"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="time frresearch only")
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "CORPUS", "SAMPLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, corpus, sample = args.measure
        sampler = MemorySampler() if sample == "memory" else None
        if sampler is not None:
            sampler.start()
        runner = {"frresearch": run_frresearch, "floor": run_floor, "baseline": run_baseline}[kind]
        result = runner(Path(corpus))
        if sampler is not None:
            result["peak_mb"] = sampler.stop()
        print(json.dumps(result))
        return

    from frresearch.corpus.synthetic import make_corpus

    print(f"{'N':>8} {'run':<11} {'load+clean':>10} {'coding':>8} {'compare':>8} {'vocab':>8} {'total s':>8} "
          f"{'art/s':>8} {'us/art':>7} {'peak MB':>8} {'speed-up':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="frresearch-bench-") as folder:
            make_corpus(folder, size, words=args.words, seed=args.seed)
            ours = _in_fresh_process("frresearch", Path(folder))
            floor = _in_fresh_process("floor", Path(folder))
            base = None if args.no_baseline else _in_fresh_process("baseline", Path(folder), memory=False)
        t = ours["times"]
        ours_s, floor_s = t["load+clean"] + t["frame coding"], floor["times"]["total"]
        print(f"{size:>8} {'floor':<11} {'':>10} {'':>8} {'':>8} {'':>8} {floor_s:>8.2f} "
              f"{'':>8} {'':>7} {floor['peak_mb']:>8.0f}   load+coding / floor = "
              f"{ours_s:.2f} s / {floor_s:.2f} s = {ours_s / floor_s:.2f}")
        print(f"{size:>8} {'frresearch':<11} {t['load+clean']:>10.2f} {t['frame coding']:>8.2f} "
              f"{t['comparison']:>8.2f} {t['vocabulary']:>8.2f} {t['total']:>8.2f} {size / t['total']:>8.0f} "
              f"{1e6 * t['total'] / size:>7.0f} {ours['peak_mb']:>8.0f} {'':>8}")
        if base:
            b = base["times"]["total"]
            print(f"{size:>8} {'baseline':<11} {'':>10} {'':>8} {'':>8} {'':>8} {b:>8.2f} {size / b:>8.0f} "
                  f"{1e6 * b / size:>7.0f} {'-':>8} {b / t['total']:>7.1f}x")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
