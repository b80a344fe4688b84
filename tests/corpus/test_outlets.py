from __future__ import annotations

import re
from collections import Counter
from importlib import resources

import pytest
import yaml

from frresearch import RegistryError, load_outlets
from frresearch.corpus.outlets import ORIENTATIONS, OWNERSHIP_TYPES, ROLES


@pytest.fixture(scope="module")
def raw_default():
    return yaml.safe_load(resources.files("frresearch").joinpath("data/outlets.yml").read_text("utf-8"))


def test_registry_lint_every_entry_is_complete(raw_default):
    assert raw_default["categories"] == list(OWNERSHIP_TYPES)
    assert raw_default["orientations"] == list(ORIENTATIONS)
    outlets = raw_default["outlets"]
    assert len(outlets) >= 250
    for entry in outlets:
        label = entry.get("name")
        assert isinstance(label, str) and label.strip(), entry
        assert set(entry) <= {"name", "name_zh", "domains", "ownership", "country", "orientation", "role",
                              "credits", "note"}, label
        assert entry["ownership"] in OWNERSHIP_TYPES and entry["ownership"] != "unknown", label
        assert re.fullmatch(r"[A-Z]{2}", entry["country"]), label
        assert isinstance(entry["note"], str) and len(entry["note"]) >= 5, label
        assert entry["domains"] and all(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d) and not d.startswith("www.")
                                        for d in entry["domains"]), label
        assert entry.get("role", "wire") in ROLES, label
        # orientation is the mainland-Chinese second dimension: given there, and only there
        assert ("orientation" in entry) == (entry["country"] == "CN"), label
        assert entry.get("orientation", "party_organ") in ORIENTATIONS, label


def test_registry_lint_no_domain_twice_and_no_ambiguous_credit(raw_default):
    counts = Counter(domain for entry in raw_default["outlets"] for domain in entry["domains"])
    assert [domain for domain, n in counts.items() if n > 1] == []
    registry = load_outlets()
    claimed = Counter(name for outlet in set(registry.outlets.values()) for name in outlet.credit_names)
    assert [name for name, n in claimed.items() if n > 1] == []
    assert len(registry) == sum(counts.values())


def test_default_registry_covers_the_field():
    registry = load_outlets()
    expected = {
        "chinadaily.com.cn": "state", "xinhuanet.com": "state", "news.cn": "state", "people.com.cn": "state",
        "people.cn": "state", "globaltimes.cn": "state", "cgtn.com": "state", "ecns.cn": "state", "shine.cn": "state",
        "sixthtone.com": "state", "thepaper.cn": "state", "aljazeera.com": "state", "reuters.com": "commercial",
        "bloomberg.com": "commercial", "cnbc.com": "commercial", "forbes.com": "commercial", "wsj.com": "commercial",
        "scmp.com": "commercial", "caixinglobal.com": "commercial", "technode.com": "commercial",
        "theregister.com": "commercial", "coinspeaker.com": "commercial", "ibtimes.com": "commercial",
        "techcrunch.com": "commercial", "wired.com": "commercial", "theverge.com": "commercial",
        "thediplomat.com": "commercial", "axios.com": "commercial", "politico.com": "commercial",
        "theguardian.com": "nonprofit", "restofworld.org": "nonprofit", "apnews.com": "nonprofit",
        "bbc.com": "public", "dw.com": "public", "voanews.com": "public", "rfa.org": "public", "afp.com": "public",
    }
    for domain, ownership in expected.items():
        assert registry.lookup(domain).ownership == ownership, domain
    assert registry.lookup("coinspeaker.com").country == "GB"
    assert {registry.lookup(d).name for d in ("people.cn", "people.com.cn")} == {"People's Daily"}
    assert registry.lookup("people.cn").orientation == "party_organ"
    assert registry.lookup("news.cn").role == "wire"
    assert registry.lookup("news.yahoo.com").role == "aggregator"


def test_lookup_takes_the_longest_registered_suffix():
    registry = load_outlets()
    assert registry.lookup("global.chinadaily.com.cn").name == "China Daily"
    assert registry.lookup("www.cac.gov.cn").name == "Cyberspace Administration of China"
    assert registry.lookup("www.gov.cn").name == "Chinese central government portal"
    assert registry.lookup("example.org") is None


def test_to_frame_has_one_row_per_domain():
    frame = load_outlets().to_frame()
    assert list(frame.columns[:4]) == ["domain", "name", "name_zh", "ownership"]
    assert frame["domain"].is_unique and frame.loc[frame["domain"] == "news.cn", "credits"].item() == "Xinhua; 新华网"


LIST_ENTRY = "outlets:\n  - {name: Example, domains: [www.example.org, example.net], ownership: nonprofit, country: us}\n"


def test_user_file_replaces_or_stands_alone(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text(LIST_ENTRY)
    extended = load_outlets(path)
    assert extended.lookup("example.org").ownership == "nonprofit"
    assert extended.lookup("example.net").country == "US"
    assert extended.lookup("forbes.com") is not None
    alone = load_outlets(path, extend=False)
    assert len(alone) == 2


def test_older_domain_keyed_format_still_reads(tmp_path):
    path = tmp_path / "old.yml"
    path.write_text("outlets:\n  www.example.org: {name: Example, ownership: nonprofit}\n")
    assert load_outlets(path).lookup("example.org").name == "Example"


def test_user_categories_are_declared_not_dropped(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("categories: [state-funded-foreign]\noutlets:\n"
                    "  - {name: CGTN, domains: [cgtn.com], ownership: state-funded-foreign, country: CN}\n")
    registry = load_outlets(path)
    assert registry.lookup("cgtn.com").ownership == "state-funded-foreign"
    assert registry.categories == (*OWNERSHIP_TYPES, "state-funded-foreign")
    assert registry.lookup("bbc.com").ownership == "public"  # the default categories stay in force
    undeclared = tmp_path / "undeclared.yml"
    undeclared.write_text("outlets:\n  - {name: CGTN, domains: [cgtn.com], ownership: state-funded-foreign}\n")
    with pytest.raises(RegistryError, match=r"'ownership' is 'state-funded-foreign'.*declare more under 'categories'"):
        load_outlets(undeclared)


@pytest.mark.parametrize(
    "text, message",
    [
        ("outlets:\n  x.com: {name: X, ownership: private}\n", r"outlet 'x.com' field 'ownership' is 'private'"),
        ("outlets:\n  x.com: {ownership: state}\n", r"outlet 'x.com' field 'name' is None"),
        ("outlets:\n  x.com: {name: X, owner: state}\n", r"unknown field\(s\) \['owner'\]"),
        ("outlets:\n  x.com: [1, 2]\n", r"outlet 'x.com' is a list"),
        ("- x.com\n", r"expected a mapping with the key 'outlets'"),
        ("outlets: [\n", r"not valid YAML"),
        ("outlets:\n  - {name: X, domains: [x.com], role: mirror}\n", r"outlet 1 \('X'\) field 'role' is 'mirror'"),
        ("outlets:\n  - {name: X, domains: [x.com], orientation: tabloid}\n", r"field 'orientation' is 'tabloid'"),
        ("outlets:\n  - {name: X, domains: []}\n", r"outlet 1 \('X'\) has no domains"),
        ("outlets:\n  - {name: X, domains: ['https://x.com/news']}\n", r"domain 'https://x.com/news' is not a host"),
        ("outlets:\n  - {name: X, domains: [x.com]}\n  - {name: Y, domains: [www.x.com]}\n",
         r"outlet 2 \('Y'\): domain 'x.com' is listed twice, also for 'X'"),
        ("categories: state\noutlets: []\n", r"field 'categories' is 'state', expected a list"),
        ("outlets:\n  - {name: X, domains: [x.com], credits: AP}\n", None),
        ("outlets:\n  - {name: X, domains: [x.com], credits: [1]}\n", r"field 'credits' is \[1\]"),
    ],
)
def test_malformed_registry_names_entry_and_field(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text)
    if message is None:  # a single credit name is accepted as a one-item list
        assert load_outlets(path).lookup("x.com").credits == ("AP",)
        return
    with pytest.raises(RegistryError, match=message):
        load_outlets(path)


def test_missing_registry_file(tmp_path):
    with pytest.raises(RegistryError, match="does not exist"):
        load_outlets(tmp_path / "nope.yml")


def test_extend_means_the_same_in_a_registry_file(tmp_path):
    alone = tmp_path / "alone.yml"
    alone.write_text("extend: false\noutlets:\n  example.org: {name: Example, ownership: nonprofit}\n")
    assert len(load_outlets(alone)) == 1
    added = tmp_path / "added.yml"
    added.write_text("outlets:\n  example.org: {name: Example, ownership: nonprofit}\n")
    assert len(load_outlets(added)) == len(load_outlets()) + 1
    assert len(load_outlets(added, extend=False)) == 1


def test_a_user_entry_replaces_the_default_for_its_domain(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("outlets:\n  - {name: Reuters (my coding), domains: [reuters.com], ownership: nonprofit}\n")
    registry = load_outlets(path)
    assert registry.lookup("reuters.com").ownership == "nonprofit"
    # "(Reuters)" in a dateline now leads to the user's entry
    assert registry.credit_index["Reuters"].name == "Reuters (my coding)"
    assert load_outlets(path, extend=False).credit_index == {"Reuters (my coding)": registry.lookup("reuters.com")}
