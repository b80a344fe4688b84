from __future__ import annotations

import pytest
from nltk.tokenize.punkt import PunktSentenceTokenizer

from frresearch.text.sentences import lead, paragraph_spans, sentence_spans, split_sentences

ABBREVIATED = "Officials in the U.S. Dept. of State met Mr. Li at 3 p.m. on Monday. They agreed."


def test_abbreviations_stay_inside_sentences():
    assert split_sentences(ABBREVIATED) == [
        "Officials in the U.S. Dept. of State met Mr. Li at 3 p.m. on Monday.", "They agreed."]


def test_untrained_punkt_alone_splits_abbreviations():
    # Why the module ships an abbreviation list: Punkt without parameters breaks at "U.S." and "Mr.".
    assert len(PunktSentenceTokenizer().tokenize(ABBREVIATED)) > 2


@pytest.mark.parametrize("text, expected", [
    ('He said "no." Then left!\n\nNew para', ['He said "no."', "Then left!", "New para"]),
    ("Is it? Yes. J. Smith agreed.", ["Is it?", "Yes.", "J. Smith agreed."]),
    ("Growth was 3.5 percent. Prices rose.", ["Growth was 3.5 percent.", "Prices rose."]),
    ("国家网信办发布征求意见稿。规范人脸识别技术应用！真的吗？是的", ["国家网信办发布征求意见稿。", "规范人脸识别技术应用！", "真的吗？", "是的"]),
    ("他说：“可以。”然后离开。", ["他说：“可以。”", "然后离开。"]),
    ("One paragraph without a stop\n\nanother one", ["One paragraph without a stop", "another one"]),
    ("", []),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_spans_are_offsets_into_the_text():
    text = "  First one.  Second one.\n\n  Third.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one.", "Third."]
    assert spans[0] == (2, 12)


def test_paragraph_spans_need_a_blank_line():
    text = "line one\nline two\n \n\npara two"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["line one\nline two", "para two"]


@pytest.mark.parametrize("body, excerpt, expected", [
    ("First. Second.\n\nThird.", "Ex.", ("First. Second.", "first paragraph")),
    ("First. Mr. Li spoke. Third. Fourth.", "", ("First. Mr. Li spoke.", "first two sentences")),
    ("Only one sentence", "", ("Only one sentence", "first two sentences")),
    ("", "The excerpt.", ("The excerpt.", "excerpt")),
    ("", "", ("", "none")),
])
def test_lead_rules(body, excerpt, expected):
    assert lead(body, excerpt) == expected


def test_lead_is_the_first_of_the_paragraphs_when_there_are_several():
    import random

    pieces = ["One.", "Two words", " ", "\n", "\n\n", " \n \t\n ", "\t", "\u3000", "\u2028", "。", "x"]
    rng = random.Random(3)
    for _ in range(2000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        paragraphs = paragraph_spans(body.strip())
        if len(paragraphs) > 1:
            start, end = paragraphs[0]
            assert lead(body) == (body.strip()[start:end], "first paragraph"), repr(body)
        elif body.strip():
            assert lead(body)[1] == "first two sentences", repr(body)
