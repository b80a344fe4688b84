"""Chinese corpora: synthetic generator, outlet names, script column."""

from __future__ import annotations

import opencc
import pytest

from frresearch import code_frames, load_corpus
from frresearch.corpus.synthetic import OUTLETS_ZH, make_corpus


def test_synthetic_chinese_corpus_loads_and_codes_like_english(tmp_path):
    make_corpus(tmp_path, 10, words=120, language="zh")
    corpus = load_corpus(tmp_path)
    articles = corpus.articles
    assert len(articles) == 10 and corpus.problems.empty
    assert set(articles["language"]) == {"zh"} and set(articles["script"]) == {"Hans"}
    assert set(articles["ownership"]) == {"state", "commercial"}
    coded = code_frames(articles)
    assert coded["coded"].all()
    shares = coded.groupby(["ownership", "frame"])["present"].mean().unstack()
    assert shares.loc["state", "public_order"] > shares.loc["commercial", "public_order"]
    assert shares.loc["commercial", "state_surveillance"] > shares.loc["state", "state_surveillance"]


def test_synthetic_corpus_is_reproducible_and_checks_language(tmp_path):
    first = make_corpus(tmp_path / "a", 3, words=40, language="zh", seed=5)
    second = make_corpus(tmp_path / "b", 3, words=40, language="zh", seed=5)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert "人脸识别" in first[0].read_text("utf-8")
    with pytest.raises(ValueError, match="'fr'"):
        make_corpus(tmp_path / "c", 1, language="fr")


def test_chinese_provider_name_is_kept_as_outlet_and_traditional_script_recorded(tmp_path):
    make_corpus(tmp_path, 1, words=40, language="zh", outlets=[("hk01.example", "香港零一", "commercial")])
    path = tmp_path / "synthetic_000001.txt"
    path.write_text(opencc.OpenCC("s2hk").convert(path.read_text("utf-8")), "utf-8")
    articles = load_corpus(tmp_path).articles
    assert articles["outlet"].tolist() == ["香港零一"]
    assert articles["script"].tolist() == ["Hant"]
    assert all(domain.endswith((".cn", ".com")) for domain, _, _ in OUTLETS_ZH)
