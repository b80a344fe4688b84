from __future__ import annotations

import random
import re
import sys
import zlib

import numpy as np
import opencc
import pandas as pd
import pytest

from frresearch.corpus import _minhash, copies
from frresearch.corpus._grouping import StreamedGrouping
from frresearch.corpus.copies import copy_summary, find_copies, one_per_copy_group
from frresearch.settings import SEED

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
    assert len(_minhash._token_ids("国家\U00020bb7网信办", _minhash._TokenIds())) == 6  # 𠮷 (extension B) is one character, not a word run


# --- The fast parts against their references: zlib, the hash formula, datasketch, and the grouping as it was. ---

def reference_token_ids(text: str) -> list[int]:
    from frresearch.corpus._minhash import _TOKEN
    from frresearch.text.chinese import has_han, matching_form

    return [zlib.crc32(token.encode("utf-8")) for token in _TOKEN.findall((matching_form(text) if has_han(text)
                                                                            else text).lower())]


def test_token_ids_equal_crc32_of_each_regex_token():
    texts = ["", "   ", "The Draft's rules: 10,000 face-scans_at gates!", "x" * 70 + " short " + "y" * 64,
             "“Curly” quotes — and dashes… stay separators", "Café au lait, naïve İstanbul", WIRE,
             "国家网信办发布征求意见稿 AI", "個人私隱 protection", "tab\tnew\nline\x0bvertical\x1cgroup"]
    ids, counts = _minhash._block_tokens(texts, _minhash._TokenIds())
    assert [part.tolist() for part in np.split(ids, np.cumsum(counts)[:-1])] == [reference_token_ids(t) for t in texts]


def test_no_separator_lowercases_to_a_word_character():
    # Why a text whose only word characters are ASCII may have its other characters turned into spaces first.
    word = re.compile(r"\w")
    assert not [c for c in map(chr, range(0x80, sys.maxunicode + 1))
                if not word.match(c) and c.lower() != c and word.search(c.lower())]


def reference_signature(values: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The formula, one text at a time, as numpy computes it in 64-bit integers."""
    if not len(values):
        return np.full(len(a), 2**32 - 1, dtype=np.uint64)
    return ((np.outer(values, a) + b) % np.uint64(2**61 - 1) & np.uint64(2**32 - 1)).min(axis=0)


def test_permutations_are_datasketchs():
    from datasketch import MinHash

    a, b = MinHash(num_perm=128, seed=SEED).permutations
    assert (_minhash._PERMUTATIONS.a.ravel() == a).all() and (_minhash._PERMUTATIONS.b.ravel() == b).all()
    assert _minhash._PERMUTATIONS.inexact == ()  # the shift-and-add reduction is exact for every 32-bit shingle


def test_signatures_are_the_smallest_hash_of_each_segment():
    rng = np.random.default_rng(5)
    values = rng.integers(0, 2**32, 40, dtype=np.uint64)
    starts = np.array([0, 3, 3, 12, 30, 40])  # an empty segment inside, an empty one at the end
    in_lead = rng.random(40) < 0.3
    in_lead[12:30] = False  # a segment without lead values
    whole, lead = _minhash._signatures(values, starts, in_lead)
    a, b = _minhash._PERMUTATIONS.a.ravel(), _minhash._PERMUTATIONS.b.ravel()
    segments = [slice(start, end) for start, end in zip(starts, [*starts[1:], len(values)])]
    assert (whole == np.array([reference_signature(values[s], a, b) for s in segments])).all()
    assert (lead == np.array([reference_signature(values[s][in_lead[s]], a, b) for s in segments])).all()


def test_a_function_whose_fast_reduction_is_wrong_is_computed_exactly():
    p = 2**61 - 1
    a, b = _minhash._PERMUTATIONS.a.ravel().copy(), _minhash._PERMUTATIONS.b.ravel().copy()
    a[3], b[3] = 1, p - 5  # x = 5 gives y = p: y mod p is 0, the shift and add give p
    assert _minhash._inexact(a.tolist(), b.tolist()) == (3,)
    permutations = _minhash._Permutations(a[:, None], b[:, None], (3,))
    values = np.array([5, 9, 2**32 - 1], dtype=np.uint64)
    starts = np.array([0, 0, 1, 3])  # empty segments first and last
    in_lead = np.array([False, True, False])
    whole, lead = _minhash._signatures(values, starts, in_lead, permutations)
    segments = [slice(start, end) for start, end in zip(starts, [*starts[1:], len(values)])]
    assert whole[1, 3] == 0 and (whole == np.array([reference_signature(values[s], a, b) for s in segments])).all()
    assert (lead == np.array([reference_signature(values[s][in_lead[s]], a, b) for s in segments])).all()


def reference_shingles(text: str, size: int) -> tuple[list[int], list[int]]:
    """The text's distinct shingles and those within its first LEAD_TOKENS tokens, sorted, one shingle at a time."""
    ids = reference_token_ids(text)
    found = []
    for place in range(len(ids) - size + 1):
        value = 0
        for token in ids[place : place + size]:
            value = (value * 1_000_003 + token) % 2**64
        found.append((value % 2**32, place + size <= _minhash.LEAD_TOKENS))
    return sorted({value for value, _ in found}), sorted({value for value, in_lead in found if in_lead})


@pytest.mark.parametrize("size", [1, 3, 5])
def test_shingles_and_signatures_equal_the_formula_text_by_text(size, monkeypatch):
    monkeypatch.setattr(_minhash, "_BLOCK_CHARACTERS", 3000)  # many blocks, some of one long text
    monkeypatch.setattr(_minhash, "_BLOCK_TEXTS", 4)  # some cut for the number of texts
    texts = ["", "one two", WIRE, OTHER, " ".join([WIRE] * 3), "国家网信办发布征求意见稿 AI 人脸识别技术应用安全管理规定",
             "a b " * 50, OTHER[:200], "x" * 90 + " " + WIRE]
    found = _minhash.joined(_minhash.profiles(texts * 20, size))
    a, b = _minhash._PERMUTATIONS.a.ravel(), _minhash._PERMUTATIONS.b.ravel()
    for index, text in enumerate(texts * 20):
        whole, lead = reference_shingles(text, size)
        assert found.shingles[found.bounds[index] : found.bounds[index + 1]].tolist() == whole
        values = np.array(whole, dtype=np.uint64)
        assert (found.whole[index] == reference_signature(values, a, b)).all()
        assert (found.lead[index] == reference_signature(np.array(lead, dtype=np.uint64), a, b)).all()


def grouped_at_once(order: np.ndarray, found: _minhash.Profiles, jaccard: float, containment: float,
                    hash_bits: int) -> np.ndarray:
    """The grouping pass over ``order`` in one visit."""
    grouping = StreamedGrouping(len(found.whole), found.whole.shape[1], jaccard, containment, hash_bits)
    grouping.visit(np.asarray(order, dtype=np.int64), found.whole, found.lead, found.shingles, found.bounds)
    return grouping.leader_of


def banded_profiles(count: int, seed: int) -> _minhash.Profiles:
    """Identical shingle sets (every exact check passes) and signatures near earlier rows: four of every five
    values copied (a high estimate, but no band equal), sometimes a whole band of either signature, sometimes only
    the three values after the last band. An article joins a group exactly when a leader shares a band."""
    rng = np.random.default_rng(seed)
    whole, lead = rng.integers(0, 2**32, (2, count, 128), dtype=np.uint64).astype(np.uint32)
    four_of_five = np.flatnonzero(np.arange(128) % 5 != 4)
    for row in range(1, count):
        earlier = rng.integers(0, row)
        whole[row, four_of_five] = whole[earlier, four_of_five]
        lead[row, four_of_five] = lead[rng.integers(0, row), four_of_five]
        start = 5 * rng.integers(0, 25)
        kind = row % 4
        if kind == 1:
            whole[row, start : start + 5] = whole[earlier, start : start + 5]
        elif kind == 2:
            lead[row, start : start + 5] = lead[earlier, start : start + 5]
        elif kind == 3:
            whole[row, 125:] = whole[earlier, 125:]
            lead[row, 125:] = lead[earlier, 125:]
    shingles = np.tile(np.arange(30, dtype=np.uint32), count)
    return _minhash.Profiles(shingles, np.arange(0, 30 * count + 1, 30), whole, lead)


@pytest.mark.parametrize("hash_bits", [64, 6])  # 6 bits: bands of different values share hash slots
def test_candidates_are_the_leaders_datasketch_minhashlsh_finds(hash_bits):
    found = banded_profiles(200, seed=11)
    order = np.arange(200)
    leader_of = grouped_at_once(order, found, 0.5, 0.8, hash_bits)
    groups = [leader if leader >= 0 else own for own, leader in enumerate(leader_of.tolist())]
    assert groups == reference_grouping(found, order.tolist())
    assert 20 < sum(leader >= 0 for leader in leader_of) < 180  # some join a group through a band, some lead


def reference_grouping(found: _minhash.Profiles, order: list[int], jaccard: float = 0.5,
                       containment: float = 0.8) -> list[int]:
    """The grouping as it was: datasketch's MinHashLSH, one article at a time. Returns each one's group leader."""
    from datasketch import MinHash, MinHashLSH

    lsh = [MinHashLSH(threshold=0.5, num_perm=128), MinHashLSH(threshold=0.5, num_perm=128)]
    assert (lsh[0].b, lsh[0].r) == (25, 5), "datasketch no longer bands as _grouping does"
    rank = {position: place for place, position in enumerate(order)}
    groups, leaders = list(range(len(found.whole))), {}
    for position in order:
        shingles = found.shingles[found.bounds[position] : found.bounds[position + 1]]
        if len(shingles) < 20:
            continue
        signature, lead = [MinHash(num_perm=128, hashvalues=s[position], scheme="affine32")
                           for s in (found.whole, found.lead)]
        candidates = sorted(set(lsh[0].query(signature)) | set(lsh[1].query(lead)), key=rank.__getitem__)
        if candidates:
            estimate = (np.stack([leaders[c][1].hashvalues for c in candidates]) == signature.hashvalues).mean(axis=1)
            sizes = np.asarray([len(leaders[c][0]) for c in candidates])
            contained = estimate * (len(shingles) + sizes) / ((1 + estimate) * np.minimum(len(shingles), sizes))
            plausible = np.flatnonzero((estimate >= jaccard - 0.1) | (contained >= containment - 0.1)).tolist()
            candidates = [candidates[i] for i in sorted(plausible, key=lambda i: -max(estimate[i], contained[i]))[:10]]
        for leader in candidates:
            other = leaders[leader][0]
            shared = len(np.intersect1d(shingles, other, assume_unique=True))
            if shared >= jaccard * (len(shingles) + len(other) - shared) or \
                    shared >= containment * min(len(shingles), len(other)):
                groups[position] = groups[leader]
                break
        else:
            leaders[position] = (shingles, signature)
            lsh[0].insert(position, signature)
            lsh[1].insert(position, lead)
    return groups


def crowded_profiles(count: int, seed: int) -> _minhash.Profiles:
    """Shingle sets from a small pool and signatures from three values: many candidates, many near the thresholds,
    ties in similarity; the order of checks and the limit of ten decide groups."""
    rng = np.random.default_rng(seed)
    sets = [np.sort(rng.choice(60, rng.choice([30, 34]), replace=False)).astype(np.uint32) for _ in range(count)]
    whole, lead = rng.choice(3, (2, count, 128), p=[0.55, 0.3, 0.15]).astype(np.uint32)
    return _minhash.Profiles(np.concatenate(sets), np.cumsum([0] + [len(s) for s in sets]), whole, lead)


@pytest.mark.parametrize(("seed", "hash_bits", "jaccard", "containment", "visited"),
                         [(1, 64, 0.5, 0.8, 300), (5, 64, 0.5, 0.8, 300), (1, 3, 0.5, 0.8, 300),
                          (2, 64, 0.3, 0.6, 200), (3, 64, 0.7, 1.0, 150), (4, 64, 0.5, 0.8, 0)])
def test_grouping_equals_the_one_at_a_time_grouping_with_datasketch(seed, hash_bits, jaccard, containment, visited):
    found = crowded_profiles(300, seed=seed)
    order = np.random.default_rng(seed + 1).permutation(300)[:visited]  # some articles not visited at all
    leader_of = grouped_at_once(order, found, jaccard, containment, hash_bits)
    groups = [leader if leader >= 0 else own for own, leader in enumerate(leader_of.tolist())]
    assert groups == reference_grouping(found, order.tolist(), jaccard, containment)


@pytest.mark.parametrize("hash_bits", [64, 6])
def test_grouping_in_pieces_equals_grouping_at_once(hash_bits):
    found = crowded_profiles(600, seed=6)
    order = np.random.default_rng(7).permutation(600)
    at_once = grouped_at_once(order, found, 0.5, 0.8, hash_bits)
    grouping = StreamedGrouping(600, 128, 0.5, 0.8, hash_bits)
    for piece in np.split(order, [1, 1, 90, 91, 400]):  # empty, single and long pieces
        grouping.visit(piece, found.whole, found.lead, found.shingles, found.bounds)
    assert grouping.leader_of.tolist() == at_once.tolist()
    assert 30 < (at_once >= 0).sum() < 570


def test_appending_to_the_shingle_buffer_keeps_what_it_held():
    rng = np.random.default_rng(3)
    buffer, used, expected = np.empty(4, np.uint32), 0, []
    for size in [0, 3, 1, 9, 0, 40, 2, 100]:
        values = rng.integers(0, 2**32, size, dtype=np.uint32)
        buffer = copies._appended(buffer, used, values)
        used += size
        expected.extend(values.tolist())
        assert buffer[:used].tolist() == expected and len(buffer) >= used


def test_copies_grouped_while_profiled_in_workers_equal_one_process(monkeypatch):
    articles = crowded_articles(1500, seed=8)
    monkeypatch.setattr(copies, "_first_capacity", lambda texts: 16)  # the shingle buffer grows many times
    assert find_copies(articles, workers=2).tolist() == find_copies(articles, workers=1).tolist()


def test_hash_slots_are_tried_from_anywhere_in_a_large_table():
    from frresearch.corpus._grouping import _home

    keys = np.random.default_rng(4).integers(0, 2**63, 4000, dtype=np.uint64) | np.uint64(1)
    homes = np.array([_home(key, 2**30 - 1) for key in keys])
    assert homes.max() < 2**30 and np.histogram(homes, bins=8, range=(0, 2**30))[0].min() > 350


def crowded_articles(count: int, seed: int) -> pd.DataFrame:
    """Invented articles: stories from a few sentences of a small vocabulary, copies edited or cut, some undated."""
    draw = random.Random(seed)
    words = [f"w{i}" for i in range(40)]
    sentences = [" ".join(draw.choice(words) for _ in range(draw.randint(4, 12))) + "." for _ in range(30)]
    stories = [[draw.choice(sentences) for _ in range(draw.randint(3, 30))] for _ in range(count // 5)]
    rows = []
    for _ in range(count):
        story = list(draw.choice(stories))
        for _ in range(draw.randint(0, 3)):
            story[draw.randrange(len(story))] = draw.choice(sentences)
        text = " ".join(story[: draw.randint(1, len(story))] if draw.random() < 0.3 else story)
        hours = pd.Timedelta(hours=draw.randint(0, 50))
        rows.append({"article_id": f"a{draw.randint(0, count)}", "title": "t",
                     "published": None if draw.random() < 0.1 else pd.Timestamp("2023-08-01", tz="UTC") + hours,
                     "excerpt": text if draw.random() < 0.2 else "", "body": "" if draw.random() < 0.2 else text})
    return pd.DataFrame(rows)


def test_find_copies_equals_the_grouping_as_it_was():
    articles = crowded_articles(400, seed=4)
    ids = articles["article_id"].tolist()
    published = pd.to_datetime(articles["published"], utc=True)
    undated, stamps = published.isna().tolist(), published.fillna(pd.Timestamp(0, tz="UTC")).tolist()
    order = sorted(range(len(ids)), key=lambda i: (undated[i], stamps[i], ids[i]))
    found = _minhash.joined(_minhash.profiles([b or e for b, e in zip(articles["body"], articles["excerpt"])], 5))
    groups = find_copies(articles)
    assert groups.tolist() == [ids[leader] for leader in reference_grouping(found, order)]
    assert 30 < groups.nunique() < 300  # many copies, many stories
