from __future__ import annotations

import opencc
import pandas as pd
import pytest

from frresearch.corpus.copies import copy_summary, find_copies, one_per_copy_group

# An invented wire story and invented articles on the same subject (no real article text).
WIRE = (
    "China's internet regulator on Tuesday proposed rules that would limit how companies and public venues use "
    "facial recognition, saying the technology should only be used when there is a specific purpose and sufficient "
    "necessity. Under the draft, hotels, banks, airports and stadiums could not force visitors to verify their "
    "identity by face scans and would have to offer other ways to do so. Operators that store more than ten "
    "thousand face records would have to file with the authorities. The regulator said the public may send comments "
    "until early September. The draft does not apply to security uses approved by law, a point critics said left "
    "wide room for state surveillance. Analysts said the rules followed complaints about residential compounds that "
    "required face scans at their gates."
)
OTHER = (
    "Shoppers in Hangzhou have grown used to paying with a glance at a screen, but a new debate over privacy is "
    "making some retailers rethink the cameras at their entrances. A survey by a consumer group last year found that "
    "most respondents worried about leaks of their biometric data, and several malls quietly removed the devices. "
    "Legal scholars in Beijing argue that existing personal information law already covers most of these cases and "
    "that enforcement, not new rules, is what is missing. Start-ups selling the systems say demand remains strong "
    "in logistics and manufacturing, where workers clock in with their faces."
)


def edited(text: str) -> str:
    """A light edit as a republisher makes it: other words here and there, a sentence dropped, a new ending."""
    text = text.replace("on Tuesday", "this week").replace("stadiums", "sports stadiums").replace("ten", "10")
    text = text.replace(" Analysts said the rules followed complaints about residential compounds that required "
                        "face scans at their gates.", "")
    return text + " The agency did not say when the rules would take effect."


def frame(rows):
    return pd.DataFrame(
        [{"article_id": f"a{i}", "published": pd.Timestamp(p, tz="UTC") if p else pd.NaT, "title": t, "excerpt": "",
          "body": b, "outlet": o, "ownership": own} for i, (p, t, b, o, own) in enumerate(rows)])


def test_wire_copies_with_light_edits_form_one_group():
    articles = frame([
        ("2023-08-08T10:00", "China proposes curbs on facial recognition", "BEIJING, Aug 8 (Reuters) - " + WIRE,
         "Reuters", "commercial"),
        ("2023-08-08T11:30", "China moves to rein in face scans", "(Reuters) - " + edited(WIRE), "Yahoo", "commercial"),
        ("2023-08-08T09:00", "Face-scan habits under scrutiny", OTHER, "Sixth Tone", "state"),
        ("2023-08-09T02:00", "Regulator drafts face rules", WIRE[: len(WIRE) // 2], "The Star", "commercial"),
        (None, "Undated copy", edited(WIRE), "Mirror", "unknown"),
        ("2023-08-08T12:00", "Short item", "China proposed facial recognition rules.", "Brief", "commercial"),
    ])
    groups = find_copies(articles)
    assert groups.tolist() == ["a0", "a0", "a2", "a0", "a0", "a5"]
    summary = copy_summary(articles.assign(copy_group=groups))
    assert summary[["copy_group", "articles", "copies"]].values.tolist() == [["a0", 4, 3]]
    assert summary["title"].item() == "China proposes curbs on facial recognition"


def test_an_excerpt_inside_the_full_text_is_a_copy_and_the_earliest_leads():
    articles = frame([
        ("2023-08-08T11:00", "Full", WIRE, "Late copy", "commercial"),
        ("2023-08-08T10:00", "Excerpt", "", "Early excerpt", "state"),
    ])
    articles.loc[1, "excerpt"] = WIRE[:400]
    assert find_copies(articles).tolist() == ["a1", "a1"]


def test_chinese_copies_are_grouped_by_characters():
    story = ("国家互联网信息办公室8日发布人脸识别技术应用安全管理规定征求意见稿，提出在宾馆、银行、车站、机场等经营场所，"
             "除法律、行政法规规定应当使用人脸识别技术验证个人身份的，不得以办理业务、提升服务质量等为由强制、误导、"
             "欺诈、胁迫个人接受人脸识别技术验证个人身份。征求意见稿还提出，使用人脸识别技术应当取得个人的单独同意。")
    copy = "新华社北京8月8日电 " + story.replace("8日", "近日").replace("还提出", "同时提出")
    articles = frame([("2023-08-08T08:00", "a", story, "Xinhua", "state"),
                      ("2023-08-08T09:00", "b", copy, "Sina", "commercial"),
                      ("2023-08-08T09:30", "c", "南方都市报记者走访多家小区发现，部分物业仍要求业主刷脸进门，" * 3,
                       "Southern Metropolis Daily", "state")])
    assert find_copies(articles).tolist() == ["a0", "a0", "a2"]
    # A Traditional-script republication of the same story is a copy too.
    traditional = opencc.OpenCC("s2t").convert(story)
    assert traditional != story
    articles.loc[2, "body"] = "中央社台北8日電 " + traditional
    assert find_copies(articles).tolist() == ["a0", "a0", "a0"]


def test_result_does_not_depend_on_row_order():
    articles = frame([
        ("2023-08-08T10:00", "x", WIRE, "Reuters", "commercial"),
        ("2023-08-08T11:30", "y", edited(WIRE), "Yahoo", "commercial"),
        ("2023-08-08T09:00", "z", OTHER, "Sixth Tone", "state"),
    ])
    shuffled = articles.iloc[[2, 1, 0]]
    assert find_copies(shuffled).sort_index().tolist() == find_copies(articles).tolist()


def test_one_per_copy_group_counts_a_story_once_per_ownership_group():
    articles = frame([
        ("2023-08-08T10:00", "x", WIRE, "Reuters", "commercial"),
        ("2023-08-08T11:30", "y", edited(WIRE), "Yahoo", "commercial"),
        ("2023-08-08T12:00", "z", edited(WIRE), "China Daily", "state"),
        ("2023-08-08T09:00", "w", OTHER, "Sixth Tone", "state"),
    ])
    articles["copy_group"] = find_copies(articles)
    assert one_per_copy_group(articles)["article_id"].tolist() == ["a0", "a2", "a3"]
    assert one_per_copy_group(articles, by=None)["article_id"].tolist() == ["a0", "a3"]
    with pytest.raises(KeyError, match="copy_group"):
        one_per_copy_group(articles.drop(columns="copy_group"))


def test_thresholds_are_checked():
    with pytest.raises(ValueError, match="jaccard 0"):
        find_copies(frame([]), jaccard=0)


def test_han_characters_beyond_the_basic_block_are_single_tokens():
    from frresearch.corpus._minhash import _TokenIds, _token_ids

    assert len(_token_ids("国家\U00020bb7网信办", _TokenIds())) == 6  # 𠮷 (extension B) is one character, not a word run
