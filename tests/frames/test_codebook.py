from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

from frresearch import CodebookError, code_frames, load_codebook
from frresearch.frames.codebook import POLICY_FRAME_DIMENSIONS
from frresearch.text.patterns import matches_at, parse_term

REQUIRED = {"privacy_rights", "data_security", "regulation_law", "state_surveillance", "public_order",
            "business_impact", "technology_benefits", "international"}


def test_default_codebook_documents_every_frame():
    codebook = load_codebook()
    assert REQUIRED <= set(codebook.keys())
    for frame in codebook.frames:
        assert frame.label and len(frame.definition) > 80 and frame.terms
        assert frame.dimension in POLICY_FRAME_DIMENSIONS
    assert codebook.languages == ("en", "zh")
    assert codebook.labels["state_surveillance"] == "State surveillance and control"
    assert list(codebook.labels) == codebook.keys()
    assert "personal information" in codebook["privacy_rights"].terms
    assert "surveil*" in codebook["state_surveillance"].terms


def test_parse_term_and_matches_at():
    assert parse_term("Personal  Information") == ("personal", "information")
    assert parse_term("surveil*") == ("surveil*",)
    tokens = ["state", "surveillance", "and", "personal", "information"]
    assert matches_at(tokens, 1, ("surveil*",))
    assert matches_at(tokens, 3, ("personal", "information"))
    assert not matches_at(tokens, 4, ("personal", "information"))
    with pytest.raises(ValueError):
        parse_term("   ")


def test_user_codebook_replaces_or_extends(tmp_path):
    frame = ("frames:\n  health:\n    label: Health\n    definition: Health effects.\n"
             "    dimension: health and safety\n    terms: [health, disease*]\n")
    alone = tmp_path / "alone.yml"
    alone.write_text(frame)
    assert load_codebook(alone).keys() == ["health"]
    extended = tmp_path / "extended.yml"
    extended.write_text("extend: true\n" + frame)
    codebook = load_codebook(extended)
    assert REQUIRED | {"health"} == set(codebook.keys())
    assert load_codebook(extended).fingerprint == codebook.fingerprint != load_codebook().fingerprint


def test_round_trip_through_write(tmp_path):
    codebook = load_codebook()
    assert load_codebook(codebook.write(tmp_path / "copy.yml")) == codebook


BASE = "    label: L\n    definition: D\n    dimension: political\n    terms: [a]\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: politics\n    terms: [a]\n",
         r"frame 'f1' field 'dimension' is 'politics', expected one of"),
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n    terms: []\n",
         r"frame 'f1' field 'terms' is \[\], expected a non-empty list"),
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n    terms: [a, 3]\n",
         r"frame 'f1' field 'terms' holds 3, expected a string"),
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n    terms: ['***']\n",
         r"frame 'f1' field 'terms' holds '\*\*\*', which cannot be matched"),
        ("frames:\n  f1:\n    definition: D\n    dimension: political\n    terms: [a]\n",
         r"frame 'f1' field 'label' is None"),
        ("frames:\n  f1:\n" + BASE + "    cues: [b]\n", r"frame 'f1' has unknown field\(s\) \['cues'\]"),
        ("frames:\n  f1: [a, b]\n", r"frame 'f1' is a list"),
        ("frames: {}\n", r"non-empty 'frames' mapping"),
        ("extend: yes please\nframes:\n  f1:\n" + BASE, r"field 'extend' is 'yes please'"),
        ("frames: [\n", r"not valid YAML"),
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n    terms: [c++]\n",
         r"frame 'f1' field 'terms' holds 'c\+\+', which cannot be matched: .* as \['c'\]"),
        ("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n    terms: [e-*]\n",
         r"frame 'f1' field 'terms' holds 'e-\*', which cannot be matched"),
        ("languages: []\nframes:\n  f1:\n" + BASE, r"field 'languages' is \[\], expected a non-empty list"),
    ],
)
def test_malformed_codebook_names_frame_and_field(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text)
    with pytest.raises(CodebookError, match=message):
        load_codebook(path)


def test_missing_codebook_file(tmp_path):
    with pytest.raises(CodebookError, match="does not exist"):
        load_codebook(tmp_path / "none.yml")


def test_language_codes_are_lower_cased(tmp_path):
    path = tmp_path / "upper.yml"
    path.write_text("languages: [EN, en, Fr]\nframes:\n  f1:\n" + BASE)
    assert load_codebook(path).languages == ("en", "fr")


def test_globs_anywhere_in_a_word_as_in_quanteda(tmp_path):
    path = tmp_path / "globs.yml"
    path.write_text("frames:\n  f1:\n    label: L\n    definition: D\n    dimension: political\n"
                    "    terms: ['*ic', '?cean', 'e-comm*']\n")
    frame = load_codebook(path)["f1"]
    assert frame.patterns == (("*ic",), ("?cean",), ("e-comm*",))  # kept as written, not rewritten


def test_generic_codebook_is_shipped_by_name():
    generic = load_codebook("generic")
    assert generic.keys() == ["responsibility", "conflict", "human_interest", "economic_consequences", "morality",
                              "leadership"]
    assert all(frame.definition and frame.terms for frame in generic.frames)
    assert load_codebook("default").fingerprint == load_codebook().fingerprint != generic.fingerprint
    text = resources.files("frresearch").joinpath("data/generic.yml").read_text("utf-8")
    assert "Semetko" in text and "Kuang" in text


def test_generic_codebook_codes_its_frames():
    articles = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": [
        "Critics accused the ministry. Families fear the cost. President Xi instructed officials to take "
        "responsibility, a question of dignity."]})
    coded = code_frames(articles, load_codebook("generic")).set_index("frame")["hits"]
    assert coded.to_dict() == {"responsibility": 1, "conflict": 2, "human_interest": 2, "economic_consequences": 1,
                               "morality": 1, "leadership": 3}


def test_generic_codebook_codes_chinese_in_both_scripts_with_every_term_one_word():
    generic = load_codebook("generic")
    assert generic.languages == ("en", "zh")
    assert all(len(parse_term(term)) == 1 for frame in generic.frames for term in frame.terms_in("zh"))
    simplified = "居民批评有关部门，担心经济损失。总理指示追究责任，事关人格尊严。"
    traditional = "居民批評有關部門，擔心經濟損失。總理指示追究責任，事關人格尊嚴。"
    articles = pd.DataFrame({"article_id": ["hans", "hant"], "language": ["zh", "zh"],
                             "text": [simplified, traditional]})
    coded = code_frames(articles, generic)
    expected = {"responsibility": 2, "conflict": 1, "human_interest": 2, "economic_consequences": 1,
                "morality": 1, "leadership": 2}
    for article_id in ("hans", "hant"):
        hits = coded[coded["article_id"] == article_id].set_index("frame")["hits"]
        assert hits.to_dict() == expected, article_id


def test_a_file_named_like_a_shipped_codebook_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "generic").write_text("frames:\n  f1:\n" + BASE)
    assert load_codebook("generic").keys() == ["f1"]


HOSTILE = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpus" / "golden" / "hostile"


@pytest.mark.parametrize(
    "name, message",
    [("codebook_duplicate.yml", r"the key 'money' is given twice \(line 8\)"),
     ("codebook_reserved.yml", r"frame key\(s\) \['title'\] are column names of the coding sheet"),
     ("codebook_cp1252.yml", r"codebook_cp1252.yml' is not UTF-8 text \(byte 0x93 on line 4\)")],
)
def test_codebook_files_that_would_mislead_are_refused(name, message):
    with pytest.raises(CodebookError, match=message):
        load_codebook(HOSTILE / name)


def test_reserved_frame_keys_are_the_coding_sheet_columns(seed_dir):
    from frresearch import load_corpus
    from frresearch.frames.codebook import RESERVED_FRAME_KEYS
    from frresearch.frames.validation.sheets import coding_sheet

    codebook = load_codebook()
    sheet = coding_sheet(load_corpus(seed_dir).articles, codebook, n=2)
    assert set(sheet.columns) - set(codebook.keys()) == RESERVED_FRAME_KEYS
