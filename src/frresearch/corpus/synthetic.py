"""Synthetic corpora in the seed format, for tests, demonstrations and benchmarks.

The texts are invented: sentences drawn, with a seeded generator, from a
small pool in which state-owned outlets lean to order, regulation and
benefits and commercial outlets to surveillance, privacy and business. They
exercise the whole pipeline; they are not evidence about real coverage.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

__all__ = ["OUTLETS", "OUTLETS_ZH", "make_corpus"]

# (domain, provider name as an export would write it, ownership as the default registry labels it)
OUTLETS = [
    ("chinadaily.com.cn", "中国日报网", "state"),
    ("xinhuanet.com", "Xinhua", "state"),
    ("globaltimes.cn", "Global Times", "state"),
    ("cgtn.com", "CGTN", "state"),
    ("forbes.com", "Forbes", "commercial"),
    ("reuters.com", "Reuters", "commercial"),
    ("ibtimes.com", "International Business Times", "commercial"),
    ("scmp.com", "South China Morning Post", "commercial"),
    ("technode.com", "TechNode", "commercial"),
    ("bbc.com", "BBC", "public"),
]

# Chinese outlets of the default registry, with the names they publish under.
OUTLETS_ZH = [
    ("people.com.cn", "人民网", "state"),
    ("xinhuanet.com", "新华网", "state"),
    ("chinadaily.com.cn", "中国日报网", "state"),
    ("caixin.com", "财新网", "commercial"),
    ("scmp.com", "南华早报", "commercial"),
]

_SENTENCES_ZH = {
    "state": [
        "规定旨在维护社会秩序和公共安全。",
        "依法规范人脸识别技术应用，保护个人信息和财产安全。",
        "人脸识别让生活更加便捷，提高效率。",
        "国家网信办发布征求意见稿，推进智慧城市建设。",
        "有关部门将严厉打击违法犯罪，防范安全风险。",
    ],
    "commercial": [
        "批评者认为，公安机关的豁免为大规模监控留下空间。",
        "企业面临新的合规成本，酒店和商场需要提供替代方式。",
        "个人有权拒绝强制刷脸，隐私保护组织表示欢迎。",
        "市场人士预计行业增长将放缓。",
        "草案与欧盟通用数据保护条例有相似之处。",
    ],
    "shared": [
        "国家互联网信息办公室周二公布了草案。",
        "这项技术在中国被广泛使用。",
        "草案公开征求意见一个月。",
        "数据泄露事件引起居民担忧。",
    ],
}

_SENTENCES = {
    "state": [
        "The draft regulation aims to maintain social order and public safety.",
        "Compliance with the provisions will protect personal information and property rights.",
        "Facial recognition improves efficiency and convenience in daily life.",
        "The rules standardize the application of the technology under the law.",
        "Authorities said the measures address deep security risks.",
        "Innovation in smart city services will continue under clear guidelines.",
    ],
    "commercial": [
        "Critics say the rules leave room for continued state surveillance by police.",
        "Private businesses face new restrictions and compliance costs.",
        "The exemptions for public security organs show government exceptionalism.",
        "Individuals gain a right to refuse and to choose alternatives, privacy advocates said.",
        "Companies in the facial recognition industry expect the market to slow.",
        "The draft resembles the European Union's GDPR in some respects.",
    ],
    "shared": [
        "The Cyberspace Administration of China released the draft on Tuesday.",
        "The technology is widely used in China.",
        "Public comment on the draft is open for a month.",
        "Hotels and shopping malls use cameras at entrances.",
        "Data leaks have raised concern among residents.",
    ],
}


# Headlines for make_corpus(headlines=True), in the same leanings as the sentences.
_HEADLINES = {
    "state": [
        "New rules put social order and public safety first",
        "Draft standardizes facial recognition under the law",
        "Facial recognition brings convenience and efficiency",
    ],
    "commercial": [
        "Rules leave room for state surveillance",
        "Businesses brace for facial recognition costs",
        "Privacy advocates weigh a right to refuse face scans",
    ],
}

_HEADLINES_ZH = {
    "state": [
        "新规把社会秩序和公共安全放在首位",
        "依法规范人脸识别技术应用",
        "人脸识别让生活更加便捷",
    ],
    "commercial": [
        "新规为大规模监控留下空间",
        "企业面临人脸识别合规成本",
        "隐私保护组织支持拒绝强制刷脸",
    ],
}


def _words(sentence: str) -> int:
    """Words in a sentence: spaces in English, about two characters per word in Chinese."""
    return len(sentence.split()) if " " in sentence else max(1, len(sentence) // 2)


def _body(rng: random.Random, ownership: str, words: int, pool: dict[str, list[str]]) -> str:
    own = pool["state" if ownership == "state" else "commercial"]
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(own if rng.random() < 0.6 else pool["shared"])
        sentences.append(sentence)
        count += _words(sentence)
    joiner = " " if pool is _SENTENCES else ""
    paragraphs = [joiner.join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs)


def _item(rng: random.Random, index: int, outlet: tuple[str, str, str], words: int,
          pool: dict[str, list[str]], days: int, headlines: bool = False) -> tuple[dict[str, Any], str]:
    domain, provider, ownership = outlet
    leaning = "state" if ownership == "state" else "commercial"
    english = pool is _SENTENCES
    if headlines:
        headline = rng.choice((_HEADLINES if english else _HEADLINES_ZH)[leaning])
    else:
        headline = "Facial recognition rules" if english else "人脸识别新规报道"
    published = dt.datetime(2023, 8, 8, 9, 0, tzinfo=dt.UTC) + dt.timedelta(
        hours=rng.randint(-72, 24 * days), minutes=rng.randint(0, 59))
    lead = rng.choice(pool[leaning])
    title = f"{headline}, report {index}" if english else f"{headline}之{index}"
    return {
        "title": title,
        "excerpt": lead,
        "publishedDateTime": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "webUrl": f"https://www.{domain}/news/2023/08/facial-recognition-{index}",
        "provider": {"name": provider, "domain": domain},
        "quality": rng.randint(10, 90),
    }, _body(rng, ownership, words, pool)


def make_corpus(folder: str | Path, n_articles: int, *, words: int = 600, related: int = 0,
                seed: int = 1, outlets: list[tuple[str, str, str]] | None = None, days: int = 14,
                language: str = "en", headlines: bool = False) -> list[Path]:
    """Write ``n_articles`` seed-format documents into ``folder``.

    Parameters
    ----------
    folder : path
        Created if missing. Files are named ``synthetic_000001.txt`` and so on.
    n_articles : int
        Number of files (primary articles).
    words : int
        Approximate words in each body.
    related : int
        Related items per file (excerpt only, their own URLs).
    seed : int
        Same seed, same files, byte for byte.
    outlets : list, optional
        ``(domain, provider name, ownership)`` triples to draw from; default
        :data:`OUTLETS` (English) or :data:`OUTLETS_ZH` (Chinese).
    language : {"en", "zh"}
        English sentences, or Simplified Chinese ones (a word is counted as
        two characters).
    days : int
        Articles are dated from three days before 8 August 2023 to ``days`` days after it.
    headlines : bool
        Draw each primary article's headline from a small pool that leans
        like its sentences (for headline measures); by default every headline
        is "Facial recognition rules, report N" (人脸识别新规报道之N) and the
        files are those of earlier versions.

    Returns
    -------
    list of Path
        The files written.
    """
    if language not in ("en", "zh"):
        raise ValueError(f"language is {language!r}, expected 'en' or 'zh'")
    rng = random.Random(seed)
    sentences = _SENTENCES if language == "en" else _SENTENCES_ZH
    pool = outlets or (OUTLETS if language == "en" else OUTLETS_ZH)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, n_articles + 1):
        fields, body = _item(rng, number, pool[(number - 1) % len(pool)], words, sentences, days, headlines)
        items = []
        for extra in range(related):
            item, _ = _item(rng, number * 1000 + extra, rng.choice(pool), 0, sentences, days)
            items.append(item)
        if items:
            fields["related"] = items
        # JSON is valid YAML: a flow mapping that any YAML loader reads.
        front = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items())
        path = folder / f"synthetic_{number:06d}.txt"
        path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths
