from __future__ import annotations

import pytest

from frresearch import load_outlets
from frresearch.corpus.attribution import attribute, find_credits

REGISTRY = load_outlets()
BODY = "China's cyberspace regulator on Tuesday published draft rules on facial recognition technology."


def credited(lead: str, body: str = "") -> list[str]:
    return [credit.outlet.name for credit in find_credits(lead, body, REGISTRY)]


@pytest.mark.parametrize(
    "lead, outlet",
    [
        (f"BEIJING, Aug 8 (Reuters) - {BODY}", "Reuters"),
        (f"HONG KONG/SHANGHAI, Aug. 8, 2023 (Reuters) - {BODY}", "Reuters"),
        (f"BEIJING, Aug. 8 (Xinhua) -- {BODY}", "Xinhua News Agency"),
        (f"BEIJING (AP) — {BODY}", "Associated Press"),
        (f"(Bloomberg) -- {BODY}", "Bloomberg"),
        (f"TOKYO, Aug 9 (Kyodo) - {BODY}", "Kyodo News"),
        (f"SEOUL, Aug. 9 (Yonhap) -- {BODY}", "Yonhap News Agency"),
        (f"New Delhi, Aug 9 (PTI): {BODY}", "Press Trust of India (PTI)"),
        (f"By Bloomberg News {BODY}", "Bloomberg"),
        (f"By Reuters Staff {BODY}", "Reuters"),
        (f"Source: Xinhua {BODY}", "Xinhua News Agency"),
        ("新华社北京8月8日电（记者 王明）国家互联网信息办公室8日发布人脸识别技术应用安全管理规定。", "Xinhua News Agency"),
        ("中新网8月8日电 据国家网信办网站消息，人脸识别技术应用安全管理规定公开征求意见。", "China News Service"),
        ("来源：人民日报 原标题：人脸识别不能滥用", "People's Daily"),
        ("【环球时报综合报道】国家网信办8日发布规定。", "Global Times"),
        ("央视网消息（新闻联播）：国家网信办发布规定。", "CCTV (China Media Group)"),
    ],
)
def test_start_credits_are_found(lead, outlet):
    assert credited(lead) == [outlet]


@pytest.mark.parametrize(
    "body, outlet",
    [
        (f"{BODY} Public comment is open until September 7. -- AFP", "Agence France-Presse (AFP)"),
        (f"{BODY} Public comment is open until September 7. —AFP", "Agence France-Presse (AFP)"),
        (f"{BODY} Public comment is open until September 7. (Xinhua)", "Xinhua News Agency"),
        (f"{BODY} Public comment is open. (AP)", "Associated Press"),
        (f"{BODY} Source: Xinhua", "Xinhua News Agency"),
        (f"{BODY} ©2023 Bloomberg L.P.", "Bloomberg"),
        (f"{BODY} Copyright 2023 The Associated Press. All rights reserved.", "Associated Press"),
        (f"{BODY} -- Bloomberg News", "Bloomberg"),
        ("国家网信办发布规定。 来源：新华网 （责任编辑：李华）", "Xinhua News Agency"),
        ("国家网信办发布规定。 来源：人民日报客户端 编辑：张三", "People's Daily"),
    ],
)
def test_final_credit_lines_are_found(body, outlet):
    assert credited(body, body) == [outlet]


@pytest.mark.parametrize(
    "lead, body",
    [
        # wires mentioned inside an article are not credits
        (f"{BODY} The rules are strict, Reuters reported.", f"{BODY} The rules are strict, Reuters reported."),
        (f"According to Xinhua, {BODY}", ""),
        (f"The AP said {BODY}", ""),
        (f"{BODY} (Reuters) reported it first, and AP followed.", f"{BODY} (Reuters) reported it first."),
        ("据新华社报道，国家网信办发布规定。", "据新华社报道，国家网信办发布规定。"),
        ("国家网信办发布规定，新华社记者拍摄。图片来源：新华社", "国家网信办发布规定，新华社记者拍摄。图片来源：新华社"),
        # a credit away from its position does not count
        (f"{BODY} BEIJING, Aug 8 (Reuters) - more text follows here.", ""),
        (f"{BODY} -- AFP says the draft is open for comment until September.", f"{BODY} -- AFP says more."),
        # abbreviations that are not agencies, names that are not registered
        (f"SHANGHAI (CAC) - {BODY}", ""),
        (f"BEIJING, Aug 8 (Caixin Weekly News) - {BODY}", ""),
        (f"By 2025, {BODY}", ""),
        (f"By Mark Smith {BODY}", f"{BODY} (Reporting by Mark Smith; Editing by Jane Doe)"),
        (f"{BODY}", f"{BODY} Copyright holders such as Reuters are affected."),
        # a Chinese dateline of one's own paper names no other outlet
        ("本报北京8月8日电 国家网信办发布规定。", ""),
    ],
)
def test_mentions_and_misplaced_names_are_not_credits(lead, body):
    assert credited(lead, body) == []


def test_excerpt_end_is_not_read_as_a_credit_line():
    assert credited(f"{BODY} (Reuters)", "") == []


def test_attribution_routes():
    reuters, forbes, yahoo, xinhua = (REGISTRY.lookup(d) for d in ("reuters.com", "forbes.com", "yahoo.com", "news.cn"))
    wire = find_credits(f"BEIJING, Aug 8 (Reuters) - {BODY}", "", REGISTRY)
    on_aggregator = attribute(yahoo, wire, None, REGISTRY)
    assert (on_aggregator.ownership, on_aggregator.ownership_source, on_aggregator.attribution) == \
        ("commercial", "credit", "credit")
    assert on_aggregator.label_outlet == reuters
    xinhua_copy = attribute(forbes, find_credits(f"{BODY} (Xinhua)", f"{BODY} (Xinhua)", REGISTRY), None, REGISTRY)
    assert (xinhua_copy.ownership, xinhua_copy.credited, xinhua_copy.label_outlet.orientation) == \
        ("state", xinhua, "central_media")
    own = attribute(reuters, wire, None, REGISTRY)
    assert (own.ownership, own.ownership_source, own.attribution) == ("commercial", "registry", "credit")
    plain = attribute(forbes, [], None, REGISTRY)
    assert (plain.ownership_source, plain.attribution, plain.credited) == ("registry", "registry", None)
    uncredited = attribute(yahoo, [], None, REGISTRY)
    assert (uncredited.ownership, uncredited.attribution) == ("unknown", "none")
    assert "republishes other outlets' copy" in uncredited.warnings[0]
    unknown_host = attribute(None, wire, None, REGISTRY)
    assert (unknown_host.ownership, unknown_host.attribution) == ("commercial", "credit")
    assert attribute(None, [], None, REGISTRY).ownership == "unknown"


def test_document_wins_and_undeclared_categories_are_reported():
    wire = find_credits(f"(Xinhua) -- {BODY}", "", REGISTRY)
    declared = attribute(REGISTRY.lookup("ibtimes.com"), wire, "commercial", REGISTRY)
    assert (declared.ownership, declared.ownership_source, declared.attribution) == ("commercial", "document",
                                                                                    "document")
    bad = attribute(REGISTRY.lookup("ibtimes.com"), [], "state-funded-foreign", REGISTRY)
    assert bad.ownership == "commercial" and "'state-funded-foreign' is not one of" in bad.warnings[0]


def test_conflicting_credits_are_not_used():
    text = f"BEIJING, Aug 8 (Reuters) - {BODY} -- AFP"
    credits = find_credits(text, text, REGISTRY)
    assert len(credits) == 2
    decision = attribute(REGISTRY.lookup("yahoo.com"), credits, None, REGISTRY)
    assert decision.ownership == "unknown" and decision.credited is None
    assert "credited to different outlets" in decision.warnings[0]


def test_a_name_two_outlets_claim_is_never_used(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("outlets:\n  - {name: Wire One, domains: [one.example], credits: [WIRE], ownership: state}\n"
                    "  - {name: Wire Two, domains: [two.example], credits: [WIRE], ownership: commercial}\n")
    assert find_credits(f"(WIRE) - {BODY}", "", load_outlets(path)) == []


def _end_credits_trying_every_pattern(body: str) -> list[tuple[str, str]]:
    """The credit line found by searching the tail with every pattern, as first written: the reference for the
    searches that are skipped because they cannot match."""
    from frresearch.corpus import attribution as a

    index = REGISTRY.credit_index
    tail = body[-300:].rstrip()
    for _ in range(3 if any(marker in tail for marker in ("辑", "编", "校对", "审核", " by ")) else 0):
        tail = a._TRAILING_EDITOR.sub("", tail)
    found = []
    for pattern in (a._END_PAREN, a._END_DASH, a._END_SOURCE):
        match = pattern.search(tail)
        if match is not None and (hit := a._exact(match["name"], index) or a._zh_prefix(match["name"], index)):
            found.append((hit[0], "credit line"))
    match = a._END_COPYRIGHT.search(tail)
    if match is not None and (hit := a._name_at(match["rest"].strip(), index)):
        found.append((hit[0], "copyright line"))
    return found


def _start_credits_trying_every_pattern(lead: str) -> list[tuple[str, str]]:
    from frresearch.corpus import attribution as a

    index, head, found = REGISTRY.credit_index, lead[:300].lstrip(), []
    for pattern, position, exact in (
        (a._START_PAREN, "dateline", True), (a._START_BY, "byline", False), (a._START_SOURCE, "source line", False),
        (a._START_ZH_DATELINE, "dateline", False), (a._START_ZH_BRACKET, "dateline", False),
        (a._START_ZH_NEWS, "dateline", True),
    ):
        match = pattern.match(head)
        hit = match and (a._exact(match["name"], index) if exact else a._name_at(match["rest"].strip(), index))
        if hit:
            found.append((hit[0], position))
    return found


def test_datelines_are_found_as_by_trying_every_pattern():
    import random

    rng = random.Random(5)
    pieces = ["BEIJING", ", Aug 8", " ", "(Reuters)", "(", ")", "Reuters", " - ", " -- ", ": ", "By ", "Bloomberg News",
              "Source: ", "来源：", "新华社", "北京", "8月8日电", "月", "日", "【环球时报综合报道】", "【", "】", "中新网",
              "消息", "（", "text", "2023年", "8月8", "日讯", " 电", "By\n"]
    hits = 0
    for _ in range(20_000):
        lead = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        expected = _start_credits_trying_every_pattern(lead)
        assert [(c.name, c.position) for c in find_credits(lead, "", REGISTRY)] == expected, lead
        hits += bool(expected)
    assert hits > 500  # enough datelines were found to compare


def test_credit_lines_are_found_as_by_trying_every_pattern():
    import random

    rng = random.Random(4)
    pieces = ["Reuters", "AFP", "Xinhua", "新华社", "人民日报", "Bloomberg L.P.", " ", "\n", "-", "--", "–", "—", ".", "(", ")",
              "[", "]", "（", "）", "Source", "SOURCE", "来源", "图片", ":", "：", "©", "(c)", "Copyright", "2023", "'", "”",
              "编辑：张三", "责任编辑", "审核:", "校对 ：", "(Reporting by Li; Editing by Wang)", "(Writing by X)", " by ",
              "(Writing by " + "y" * 50 + ")", "编辑：" + "y" * 40 + "）", "(C)", "the rules apply", "x" * 40]
    hits = 0
    for _ in range(20_000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = _end_credits_trying_every_pattern(body)
        assert [(c.name, c.position) for c in find_credits("", body, REGISTRY)] == expected, body
        hits += bool(expected)
    assert hits > 500  # enough credit lines were found to compare
