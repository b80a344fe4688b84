from __future__ import annotations

import pytest

from frresearch import RegistryError, load_outlets
from frresearch.corpus.outlets import OWNERSHIP_TYPES


def test_default_registry_covers_the_field():
    registry = load_outlets()
    expected = {
        "chinadaily.com.cn": "state", "xinhuanet.com": "state", "people.com.cn": "state", "globaltimes.cn": "state",
        "cgtn.com": "state", "cctv.com": "state", "ecns.cn": "state", "shine.cn": "state", "sixthtone.com": "state",
        "thepaper.cn": "state", "reuters.com": "commercial", "bloomberg.com": "commercial", "cnbc.com": "commercial",
        "forbes.com": "commercial", "wsj.com": "commercial", "scmp.com": "commercial", "caixinglobal.com": "commercial",
        "technode.com": "commercial", "theregister.com": "commercial", "bbc.com": "public", "dw.com": "public",
        "voanews.com": "public", "rfa.org": "public",
    }
    for domain, ownership in expected.items():
        assert registry.lookup(domain).ownership == ownership, domain
    assert all(o.ownership in OWNERSHIP_TYPES and o.note for o in registry.outlets.values())


def test_lookup_walks_up_to_parent_domains():
    registry = load_outlets()
    assert registry.lookup("global.chinadaily.com.cn").name == "China Daily"
    assert registry.lookup("example.org") is None


def test_user_file_replaces_or_stands_alone(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("outlets:\n  www.example.org: {name: Example, ownership: nonprofit}\n")
    extended = load_outlets(path)
    assert extended.lookup("example.org").ownership == "nonprofit"
    assert extended.lookup("forbes.com") is not None
    alone = load_outlets(path, extend=False)
    assert len(alone) == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("outlets:\n  x.com: {name: X, ownership: private}\n", r"outlet 'x.com' field 'ownership' is 'private'"),
        ("outlets:\n  x.com: {ownership: state}\n", r"outlet 'x.com' field 'name' is None"),
        ("outlets:\n  x.com: {name: X, owner: state}\n", r"unknown field\(s\) \['owner'\]"),
        ("outlets:\n  x.com: [1, 2]\n", r"outlet 'x.com' is a list"),
        ("- x.com\n", r"expected a mapping with the key 'outlets'"),
        ("outlets: [\n", r"not valid YAML"),
    ],
)
def test_malformed_registry_names_entry_and_field(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text)
    with pytest.raises(RegistryError, match=message):
        load_outlets(path)


def test_missing_registry_file(tmp_path):
    with pytest.raises(RegistryError, match="does not exist"):
        load_outlets(tmp_path / "nope.yml")


def test_extend_means_the_same_in_a_registry_file(tmp_path):
    from frresearch import load_outlets

    alone = tmp_path / "alone.yml"
    alone.write_text("extend: false\noutlets:\n  example.org: {name: Example, ownership: nonprofit}\n")
    assert len(load_outlets(alone)) == 1
    added = tmp_path / "added.yml"
    added.write_text("outlets:\n  example.org: {name: Example, ownership: nonprofit}\n")
    assert len(load_outlets(added)) == len(load_outlets()) + 1
    assert len(load_outlets(added, extend=False)) == 1
