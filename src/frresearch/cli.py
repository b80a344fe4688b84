"""The ``frresearch`` command: ``run`` the notebooks, ``check`` a corpus, ``fetch`` the text behind its URLs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._distributed import ENGINES, check_engine
from .exceptions import FrresearchError

__all__ = ["main"]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number; give 1 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frresearch", description="Comparative framing analysis of news coverage.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute every notebook on a corpus and export figures and tables")
    run.add_argument("--corpus", help="folder or file of news documents (default: the project's seeds/)")
    run.add_argument("--codebook", help="frame codebook YAML, or 'generic' for the shipped generic news frames "
                     "(default: the shipped issue-specific codebook)")
    run.add_argument("--outlets", help="outlet registry YAML extending the default one")
    run.add_argument("--out", help="output folder (default: the project's reports/)")
    run.add_argument("--only", nargs="+", metavar="PREFIX", help="run only notebooks starting with these, e.g. 02")
    run.add_argument("--coder-sheets", help="folder of filled coding sheets for the validation notebook")
    run.add_argument("--sample-size", type=_positive_int, default=40, help="articles on the coding sheet (default 40)")
    run.add_argument("--sample-seed", type=int, default=1, help="seed of the coding-sheet sample (default 1)")
    run.add_argument("--engine", choices=ENGINES, default="local",
                     help="'dask' reads, cleans and codes as Dask tasks (default: local processes)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: a running Dask scheduler, e.g. tcp://host:8786 "
                          "(default: a local cluster)")
    check = commands.add_parser("check", help="load a corpus and print what was loaded and what was not")
    check.add_argument("corpus", nargs="?", help="folder or file of news documents (default: seeds/)")
    check.add_argument("--outlets", help="outlet registry YAML extending the default one")
    fetch = commands.add_parser("fetch", help="fetch the full text behind every URL that has no body, politely")
    fetch.add_argument("corpus", help="folder or file of news documents (seed format, CSV, Media Cloud, JSON Lines)")
    fetch.add_argument("--out", required=True, help="folder for the fetched seed-format documents")
    fetch.add_argument("--contact", help="URL or e-mail address named in the user agent, so sites can reach you")
    fetch.add_argument("--delay", type=float, default=2.0, help="seconds between requests to one host (default 2)")
    fetch.add_argument("--timeout", type=float, default=20.0, help="seconds allowed per request (default 20)")
    fetch.add_argument("--max-bytes", type=int, default=5_000_000, help="largest page read (default 5,000,000)")
    fetch.add_argument("--retries", type=int, default=2, help="further attempts after a timeout or 5xx (default 2)")
    fetch.add_argument("--cache", help="folder of raw responses (default OUT/.fetch/cache)")
    fetch.add_argument("--retry-failed", action="store_true", help="request again URLs that timed out or gave 5xx")
    fetch.add_argument("--allow-local", action="store_true", help="allow loopback and private addresses")
    return parser


def _check(corpus: str | None, outlets: str | None) -> None:
    import pandas as pd

    from .corpus import load_corpus

    loaded = load_corpus(corpus, outlets=outlets)
    with pd.option_context("display.width", 200, "display.max_colwidth", 120, "display.max_rows", 200):
        print(loaded.summary().to_string(index=False))
        if len(loaded.problems):
            print()
            print(loaded.problems.to_string(index=False))


def _fetch(args: argparse.Namespace) -> None:
    import pandas as pd

    from .corpus.fetch import fetch_corpus

    result = fetch_corpus(args.corpus, args.out, contact=args.contact, delay=args.delay, timeout=args.timeout,
                          max_bytes=args.max_bytes, retries=args.retries, cache_dir=args.cache,
                          retry_failed=args.retry_failed, allow_local=args.allow_local)
    report_path = result.write_reports()
    counts = result.report["status"].value_counts()
    print(", ".join(f"{status}: {count}" for status, count in counts.items()) + f"; {result.requests} requests")
    print(f"documents written to {result.out}; report in {report_path}")
    if len(result.problems):
        with pd.option_context("display.width", 200, "display.max_colwidth", 120, "display.max_rows", 200):
            print()
            print(result.problems.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``frresearch`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            from .output.runner import run_notebooks

            try:
                check_engine(args.engine, args.scheduler)
            except ValueError as exc:
                raise FrresearchError(str(exc)) from None
            validation = {"coder_sheets": args.coder_sheets and str(Path(args.coder_sheets).resolve()),
                          "sample_size": args.sample_size, "sample_seed": args.sample_seed,
                          "engine": args.engine, "scheduler": args.scheduler}
            run_notebooks(args.corpus, codebook=args.codebook, outlets=args.outlets, out=args.out, only=args.only,
                          extra_parameters=validation)
        elif args.command == "fetch":
            _fetch(args)
        else:
            _check(args.corpus, args.outlets)
    except FrresearchError as exc:
        print(f"frresearch: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("frresearch: interrupted; the results of this run are incomplete (run.json in the output folder "
              "says \"complete\": false)", file=sys.stderr)
        return 130
    return 0
