"""Which language a text is in, as far as the analyses need to know.

The codebook's cue terms are English and Chinese, so the question that
matters is whether a text is English, Chinese or something else. The check
looks at the writing system and, for Latin script, at the share of English
stop words. Japanese also writes with Han characters (kanji), so kana decide
between Chinese and Japanese; Korean is told by Hangul. ASCII text holds no
Han, kana or Hangul, and when its first 800 characters already prove it
English the rest is not counted (the answer is the same).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import filterfalse
from string import ascii_letters, ascii_lowercase, ascii_uppercase

from .chinese import HAN_CHARACTERS

__all__ = ["english_stopwords", "detect_language"]

_KANA_CHARACTERS = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d"
_HANGUL_CHARACTERS = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_HAN = re.compile(f"[{HAN_CHARACTERS}]")
_KANA = re.compile(f"[{_KANA_CHARACTERS}]")
_HANGUL = re.compile(f"[{_HANGUL_CHARACTERS}]")
_CJK = re.compile(f"[{HAN_CHARACTERS}{_KANA_CHARACTERS}{_HANGUL_CHARACTERS}]")
_MIN_KANA_SHARE = 0.05  # of Han and kana: Japanese prose has 30-60 % kana, Chinese none
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# ASCII text to lower-case letters and apostrophes; every other ASCII character becomes a space.
_ASCII_TO_LETTERS = str.maketrans({chr(code): " " for code in range(128) if chr(code) not in ascii_letters + "'"}
                                  | dict(zip(ascii_uppercase, ascii_lowercase)))
_ASCII_BYTES_TO_LETTERS = bytes(ord(_ASCII_TO_LETTERS.get(code, chr(code))) for code in range(128)) + b" " * 128
_FIRST_WORDS = 100
_HEAD_CHARS = 800
_MIN_LETTERS = 20  # Han characters or Latin letters needed to tell
_MIN_STOPWORD_SHARE = 0.08


@lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    """The English stop-word list shipped with the package (lower case)."""
    text = resources.files("frresearch").joinpath("data/stopwords_en.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _latin_words(sample: str) -> list[str]:
    """The words :data:`_LATIN_WORD` finds in ``sample`` lower-cased, in any order (only their counts are used)."""
    if not sample.isascii():
        return _LATIN_WORD.findall(sample.lower())
    tokens = sample.translate(_ASCII_TO_LETTERS).split()
    if "'" not in sample:
        return tokens  # runs of letters: the pattern's words exactly
    # A run holding an apostrophe may be one word ("china's") or several ("rock'n'roll", "'quoted'").
    words = list(filter(str.isalpha, tokens))
    words += _LATIN_WORD.findall(" ".join(filterfalse(str.isalpha, tokens)))
    return words


def _enough_stopwords(words: list[str]) -> bool:
    """Whether at least 8% of ``words`` are English stop words; the first words often settle it."""
    is_stopword = english_stopwords().__contains__
    return any(sum(map(is_stopword, part)) / len(words) >= _MIN_STOPWORD_SHARE
               for part in (words[:_FIRST_WORDS], words))


@lru_cache(maxsize=1)
def _single_word_stopwords() -> frozenset[bytes]:
    """The stop words that :data:`_LATIN_WORD` reads as one word (all of them, unless the list changes), as bytes."""
    return frozenset(word.encode() for word in english_stopwords() if _LATIN_WORD.fullmatch(word))


def _surely_english(sample: str) -> bool:
    """For ASCII ``sample``: whether its first characters alone prove that the full check finds English.

    Every letter belongs to a word, so the letters of the head are at most the
    sample's; a run of letters and apostrophes wholly inside the head that is a
    stop word is one word of the sample; and the sample has at most one word
    more than it has characters that are not letters. Enough letters, and
    enough such stop words for 8% of that bound, give "en" for sure; otherwise
    nothing is decided and the full check runs.
    """
    letters = sample.encode("ascii").translate(_ASCII_BYTES_TO_LETTERS)  # bytes: quicker than text for this
    head = letters[:_HEAD_CHARS]
    runs = head.split()
    if runs and len(letters) > _HEAD_CHARS and b" " not in letters[_HEAD_CHARS - 1:_HEAD_CHARS + 1]:
        runs.pop()  # the head ends inside a run
    most_words = letters.count(b" ") + letters.count(b"'") + 1
    return (len(head) - head.count(b" ") - head.count(b"'") >= _MIN_LETTERS
            and sum(map(_single_word_stopwords().__contains__, runs)) / most_words >= _MIN_STOPWORD_SHARE)


def detect_language(text: str) -> str:
    """Guess the language of ``text``: ``"en"``, ``"zh"``, ``"ja"``, ``"ko"`` or ``"und"`` (undetermined).

    Looks at the first 2,000 characters. Japanese when kana make up at least
    5% of the Han characters and kana (and there are 20 of them together);
    Korean when Hangul outnumbers Han and there are 20 Hangul syllables;
    Chinese when Han characters make up at least 30% of the Han and Latin
    letters, so a Chinese article quoting English stays Chinese while an
    English one quoting a Chinese title stays English (mixed text is coded on
    both parts, see :mod:`frresearch.frames.coding`); English when at least
    20 Latin letters are found and at least 8% of the Latin words are English
    stop words; otherwise undetermined (other languages and scripts, and
    texts too short to tell).

    >>> detect_language("国家网信办就人脸识别技术应用安全管理规定公开征求意见，强调保护个人信息。")
    'zh'
    >>> detect_language("顔認証技術の規制について、個人情報保護委員会が新しい指針を公表しました。")
    'ja'
    """
    sample = text[:2_000]
    if sample.isascii() and _surely_english(sample):
        return "en"
    words = _latin_words(sample)
    han = kana = hangul = 0
    if not sample.isascii() and _CJK.search(sample):
        han = len(_HAN.findall(sample))
        kana = len(_KANA.findall(sample))
        hangul = len(_HANGUL.findall(sample))
    if han + kana >= _MIN_LETTERS and kana >= _MIN_KANA_SHARE * (han + kana):
        return "ja"
    if hangul >= _MIN_LETTERS and hangul > han:
        return "ko"
    if han >= _MIN_LETTERS and han >= 0.3 * (han + sum(map(len, words))):
        return "zh"
    if len(words) < _MIN_LETTERS and sum(map(len, words)) < _MIN_LETTERS:  # every word has a letter or more
        return "und"
    return "en" if _enough_stopwords(words) else "und"
