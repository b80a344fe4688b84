from __future__ import annotations

import pandas as pd

from frresearch import code_sentences, load_corpus, sentence_coverage
from frresearch.frames.codebook import Codebook, Frame

CODEBOOK = Codebook(
    name="test", version="1", languages=("en",),
    frames=(
        Frame("order", "Order", "Order.", "security and defense", ("order", "public safety")),
        Frame("privacy", "Privacy", "Privacy.", "fairness and equality", ("privacy", "consent")),
    ),
)
TITLE = "U.S. view: privacy first"
TEXT = f"{TITLE}\n\nMr. Li said order and public safety come first. Nothing here.\n\nPrivacy and consent, order."


def _articles(**extra):
    columns = {"article_id": ["a"], "title": [TITLE], "text": [TEXT], "language": ["en"],
               "ownership": ["state"], **extra}
    return pd.DataFrame(columns)


def test_one_row_per_sentence_and_frame_with_offsets():
    table = code_sentences(_articles(), CODEBOOK)
    rows = [(r.sentence, TEXT[r.start:r.end], r.frame, r.hits, r.terms) for r in table.itertuples()]
    assert rows == [
        (0, TITLE, "privacy", 1, "privacy"),  # the headline is sentence 0, "U.S." and all
        (1, "Mr. Li said order and public safety come first.", "order", 2, "order; public safety"),
        (3, "Privacy and consent, order.", "order", 1, "order"),
        (3, "Privacy and consent, order.", "privacy", 2, "privacy; consent"),
    ]


def test_without_a_title_there_is_no_sentence_zero():
    table = code_sentences(_articles(title=[""]), CODEBOOK)
    assert table["sentence"].min() == 1


def test_uncovered_sentences_by_group():
    articles = pd.concat([_articles(), _articles(article_id=["b"], text=["Nothing. Still nothing."],
                                                  title=[""], ownership=["commercial"])])
    table = sentence_coverage(articles, CODEBOOK).set_index("ownership")
    assert table.loc["state", ["sentences", "uncovered"]].tolist() == [4, 1]  # "Nothing here." only
    assert table.loc["commercial", "uncovered_share"] == 1.0


def test_loaded_articles_keep_paragraphs(tmp_path):
    (tmp_path / "a.txt").write_text("---\ntitle: Privacy rules\nwebUrl: https://www.forbes.com/a\n"
                                    "provider: {name: Forbes, domain: forbes.com}\n---\n"
                                    "First  paragraph,\nstill first.\n\nSecond paragraph.\n", encoding="utf-8")
    article = load_corpus(tmp_path).articles.iloc[0]
    assert article["body"] == "First paragraph, still first.\n\nSecond paragraph."
    assert article["text"] == "Privacy rules\n\nFirst paragraph, still first.\n\nSecond paragraph."


def test_sentence_frames_lists_every_sentence():
    from frresearch import sentence_frames

    table = sentence_frames(_articles(), CODEBOOK)
    assert table["sentence"].tolist() == [0, 1, 2, 3]
    assert table["text"].iloc[2] == "Nothing here." and table["frames"].iloc[2] == ""
    assert table["frames"].iloc[3] == "order (1), privacy (2)"


def test_a_chinese_article_sentence_by_sentence_with_a_per_frame_mask():
    codebook = Codebook(name="bilingual", version="1", languages=("en", "zh"), frames=(
        Frame("order", "Order", "Order.", "security and defense", ("order", "公共安全", "社会秩序"),
              ("en", "zh", "zh")),
        Frame("privacy", "Privacy", "Privacy.", "fairness and equality", ("privacy",)),  # no zh terms
    ))
    title = "新規維護社會秩序"  # Traditional
    text = f"{title}\n\n规定旨在维护公共安全！专家说：“privacy 也重要。”没有别的。\n\n社会秩序与公共安全。"
    articles = pd.DataFrame({"article_id": ["z"], "title": [title], "text": [text], "language": ["zh"],
                             "ownership": ["state"]})
    table = code_sentences(articles, codebook)
    rows = [(r.sentence, text[r.start:r.end], r.frame, r.hits, r.terms) for r in table.itertuples()]
    assert rows == [
        (0, title, "order", 1, "社会秩序"),
        (1, "规定旨在维护公共安全！", "order", 1, "公共安全"),
        (4, "社会秩序与公共安全。", "order", 2, "社会秩序; 公共安全"),
    ]  # "privacy" in sentence 2 is not counted: the frame has no Chinese terms, so it is not coded here
    coverage = sentence_coverage(articles, codebook)
    assert coverage[["articles", "sentences", "uncovered"]].values.tolist() == [[1, 5, 2]]
