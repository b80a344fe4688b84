"""Time of the loader's bounded steps on hostile inputs, before and after the hardening of issue 11.

Each case is run twice: with the previous implementation (reproduced here in a
few lines, so that the numbers can be re-measured) and with the current one.
The previous implementation is stopped after ``--budget`` seconds and shown as
``> budget`` when it does not finish.

    python benchmarks/hostile_inputs.py               # 300 KB HTML openers, 40,000-word tone
    python benchmarks/hostile_inputs.py --size 100000
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
import time
from collections.abc import Callable

_OLD_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_OLD_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)
_OLD_BLOCK_TAG = re.compile(r"</?(p|br|div|li|h[1-6]|tr|blockquote)\b[^<>]*>", re.IGNORECASE)


def old_strip(text: str) -> str:
    """The regular-expression stripping used before issue 11."""
    text = _OLD_SCRIPT_STYLE.sub(" ", text)
    text = _OLD_BLOCK_TAG.sub(" ", text)
    return _OLD_TAG.sub("", text)


def new_strip(text: str) -> str:
    from frresearch.corpus.cleaning import clean_text

    return clean_text(text)


def old_tone(text: str) -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().polarity_scores(text)


def new_tone(text: str) -> object:
    import pandas as pd

    from frresearch.text.tone import tone

    return tone(pd.DataFrame({"article_id": ["a"], "text": [text], "language": ["en"]}))


def _child(function: Callable[[str], object], text: str, results: multiprocessing.Queue) -> None:
    function(text[:100])  # imports and warm-up are not timed
    start = time.perf_counter()
    function(text)
    results.put(time.perf_counter() - start)


def _timed(function: Callable[[str], object], text: str, budget: float) -> str:
    results: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_child, args=(function, text, results))
    process.start()
    process.join(budget + 10)
    if process.is_alive():
        process.kill()
        process.join()
        return f"> {budget:.0f} s (stopped)"
    return f"{results.get():.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300_000, help="characters of each HTML input")
    parser.add_argument("--words", type=int, default=40_000, help="words of the unpunctuated tone input")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds before the old version is stopped")
    args = parser.parse_args()
    cases = {
        "unclosed <!-- repeated": "<!--a " * (args.size // 6),
        "unclosed <script repeated": "<script>a " * (args.size // 10),
        "unclosed <style repeated": "<style a " * (args.size // 9),
        "<a without > repeated": "<a " * (args.size // 3),
    }
    print(f"{'case':32} {'before':>22} {'after':>22}")
    for name, text in cases.items():
        print(f"{name:32} {_timed(old_strip, text, args.budget):>22} {_timed(new_strip, text, args.budget):>22}")
    words = " ".join(["good", "policy", "camera", "not"] * (args.words // 4))
    print(f"{'VADER, ' + str(args.words) + ' words, no stop':32} {_timed(old_tone, words, args.budget):>22} "
          f"{_timed(new_tone, words, args.budget):>22}")


if __name__ == "__main__":
    main()
