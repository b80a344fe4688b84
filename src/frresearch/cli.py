"""The ``frresearch`` command: ``run`` the notebooks, ``check`` a corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .exceptions import FrresearchError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frresearch", description="Comparative framing analysis of news coverage.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute every notebook on a corpus and export figures and tables")
    run.add_argument("--corpus", help="folder or file of news documents (default: the project's seeds/)")
    run.add_argument("--codebook", help="frame codebook YAML (default: the shipped codebook)")
    run.add_argument("--outlets", help="outlet registry YAML extending the default one")
    run.add_argument("--out", help="output folder (default: the project's reports/)")
    run.add_argument("--only", nargs="+", metavar="PREFIX", help="run only notebooks starting with these, e.g. 02")
    run.add_argument("--coder-sheets", help="folder of filled coding sheets for the validation notebook")
    run.add_argument("--sample-size", type=int, default=40, help="articles on the coding sheet (default 40)")
    run.add_argument("--sample-seed", type=int, default=1, help="seed of the coding-sheet sample (default 1)")
    check = commands.add_parser("check", help="load a corpus and print what was loaded and what was not")
    check.add_argument("corpus", nargs="?", help="folder or file of news documents (default: seeds/)")
    check.add_argument("--outlets", help="outlet registry YAML extending the default one")
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


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``frresearch`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            from .output.runner import run_notebooks

            validation = {"coder_sheets": args.coder_sheets and str(Path(args.coder_sheets).resolve()),
                          "sample_size": args.sample_size, "sample_seed": args.sample_seed}
            run_notebooks(args.corpus, codebook=args.codebook, outlets=args.outlets, out=args.out, only=args.only,
                          extra_parameters=validation)
        else:
            _check(args.corpus, args.outlets)
    except FrresearchError as exc:
        print(f"frresearch: error: {exc}", file=sys.stderr)
        return 1
    return 0
