"""Speed of Chinese tokenizing inside frresearch (conversion, width, segmentation), and of coding Chinese articles.

Run: ``.venv/bin/python benchmarks/chinese.py [articles]`` (default 2,000 synthetic articles of about 600 words).
"""

from __future__ import annotations

import sys
import tempfile
import time

from frresearch import code_frames, load_corpus
from frresearch.corpus.synthetic import make_corpus
from frresearch.text.chinese import matching_form, segment
from frresearch.text.tokens import span_tokens


def main(n_articles: int = 2_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        make_corpus(folder, n_articles, words=600, language="zh", seed=0)
        articles = load_corpus(folder, workers=1).articles
    texts = articles["text"].tolist()
    chars = sum(map(len, texts))
    segment("预热")  # load the dictionary once
    for name, step in (("matching form (width + t2s)", matching_form),
                       ("segmentation of the whole text", segment),
                       ("span_tokens (all of the above + spans)", span_tokens)):
        start = time.perf_counter()
        for text in texts:
            step(text)
        seconds = time.perf_counter() - start
        print(f"{name:42s} {chars / seconds / 1e6:6.2f} M chars/s  ({seconds:.2f} s for {chars:,} chars)")
    start = time.perf_counter()
    code_frames(articles, workers=1)
    seconds = time.perf_counter() - start
    print(f"{'code_frames (1 process)':42s} {len(texts) / seconds:8.0f} articles/s ({seconds:.2f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
