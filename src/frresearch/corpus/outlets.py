"""The outlet registry: which outlet a domain belongs to, who owns it, and what it is credited as.

A registry file (the default is ``frresearch/data/outlets.yml``) declares its
ownership ``categories`` and ``orientations`` and lists ``outlets``, each with
``name``, ``domains``, ``ownership``, ``country``, ``note`` and optionally
``name_zh``, ``orientation``, ``role`` (``wire``, ``aggregator``,
``regulator``) and ``credits`` (further names used in datelines and credit
lines). The older format, ``outlets:`` as a mapping of one domain to one
entry, is read as well.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .._config_files import load_yaml, read_utf8
from .._extend import extend_flag, merge_entries
from ..exceptions import RegistryError
from .cleaning import registrable_domain

__all__ = ["OWNERSHIP_TYPES", "ORIENTATIONS", "ROLES", "Outlet", "OutletRegistry", "load_outlets"]

OWNERSHIP_TYPES = ("state", "commercial", "public", "nonprofit", "unknown")
ORIENTATIONS = ("party_organ", "central_media", "market_oriented", "commercial_portal", "government")
ROLES = ("wire", "aggregator", "regulator")
_FIELDS = ("name", "name_zh", "domains", "ownership", "country", "orientation", "role", "credits", "note")
_COLUMNS = ["domain", "name", "name_zh", "ownership", "country", "orientation", "role", "credits", "note"]
_HOST = re.compile(r"[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?"
                   r"(?:\.[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?)+")


@dataclass(frozen=True)
class Outlet:
    """One registry entry: an outlet and every domain it publishes on."""

    name: str
    ownership: str
    country: str
    note: str
    domains: tuple[str, ...] = ()
    orientation: str = ""
    role: str = ""
    name_zh: str = ""
    credits: tuple[str, ...] = field(default=())

    @property
    def domain(self) -> str:
        """The outlet's first listed domain."""
        return self.domains[0] if self.domains else ""

    @property
    def credit_names(self) -> tuple[str, ...]:
        """Every name a dateline or credit line may give it: name, each part of ``name_zh``, ``credits``."""
        names = [self.name, *self.name_zh.split(" / "), *self.credits]
        return tuple(dict.fromkeys(name.strip() for name in names if name.strip()))


class OutletRegistry:
    """Domains mapped to outlets; a host matches its longest registered suffix (``cac.gov.cn`` before ``gov.cn``)."""

    def __init__(self, outlets: Mapping[str, Outlet], categories: Iterable[str] = OWNERSHIP_TYPES,
                 orientations: Iterable[str] = ORIENTATIONS, replaced: Iterable[Outlet] = ()) -> None:
        self.outlets = dict(outlets)
        self.categories = tuple(categories)
        self.orientations = tuple(orientations)
        # default entries a user's file replaced: their credit names now lead to the user's entries
        self._replaced = tuple(replaced)

    def __len__(self) -> int:
        return len(self.outlets)

    def lookup(self, host: str) -> Outlet | None:
        """Return the entry for ``host`` or its nearest registered parent domain."""
        labels = host.lower().strip(".").split(".")
        for start in range(len(labels) - 1):
            entry = self.outlets.get(".".join(labels[start:]))
            if entry is not None:
                return entry
        return None

    @cached_property
    def credit_index(self) -> dict[str, Outlet]:
        """Credit name -> outlet; a name that two different outlets claim is left out (never guessed)."""
        claims: dict[str, set[Outlet]] = {}
        for outlet in {*self.outlets.values(), *self._replaced}:
            in_force = self.outlets.get(outlet.domain)
            if in_force is None:
                continue
            for name in outlet.credit_names:
                claims.setdefault(name, set()).add(in_force)
        return {name: next(iter(owners)) for name, owners in sorted(claims.items()) if len(owners) == 1}

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the registry's content, for provenance and cache keys."""
        text = self.to_frame().to_csv(index=False, lineterminator="\n") + "\n".join(self.categories)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_frame(self):
        """The registry as a DataFrame, one row per domain, sorted by domain (``credits`` joined by ``; ``)."""
        import pandas as pd

        rows = [(domain, o.name, o.name_zh, o.ownership, o.country, o.orientation, o.role, "; ".join(o.credits),
                 o.note) for domain, o in sorted(self.outlets.items())]
        return pd.DataFrame(rows, columns=_COLUMNS)


def _text_field(entry: Mapping[str, Any], key: str, label: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise RegistryError(f"{label} field {key!r} is {value!r}, expected a string")
    return value.strip()


def _text_list(entry: Mapping[str, Any], key: str, label: str) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise RegistryError(f"{label} field {key!r} is {value!r}, expected a list of non-empty strings")
    return [item.strip() for item in value]


def _one_of(entry: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str, label: str) -> str:
    value = entry.get(key, default)
    if value != default and value not in allowed:
        raise RegistryError(f"{label} field {key!r} is {value!r}, expected one of {allowed}"
                            + ("; a registry file may declare more under 'categories'" if key == "ownership" else ""))
    return str(value)


def _domain(raw: str, label: str) -> str:
    domain = raw.strip().lower().rstrip(".")
    domain = domain[4:] if domain.startswith("www.") else domain
    if not _HOST.fullmatch(domain):
        raise RegistryError(f"{label} domain {raw!r} is not a host name (expected e.g. example.com, "
                            "without scheme, path or port)")
    return domain


def _parse_entry(entry: Any, label: str, categories: tuple[str, ...], orientations: tuple[str, ...]) -> Outlet:
    if not isinstance(entry, Mapping):
        raise RegistryError(f"{label} is a {type(entry).__name__} ({str(entry)[:80]}), expected a mapping "
                            f"with fields {_FIELDS}")
    unknown = sorted(set(map(str, entry)) - set(_FIELDS))
    if unknown:
        raise RegistryError(f"{label} has unknown field(s) {unknown}; expected some of {_FIELDS}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{label} field 'name' is {name!r}, expected a non-empty string")
    domains = [_domain(raw, label) for raw in _text_list(entry, "domains", label)]
    if not domains:
        raise RegistryError(f"{label} has no domains; list at least one under 'domains'")
    return Outlet(
        name=name.strip(), ownership=_one_of(entry, "ownership", categories, "unknown", label),
        country=_text_field(entry, "country", label).upper(), note=_text_field(entry, "note", label),
        domains=tuple(dict.fromkeys(domains)), orientation=_one_of(entry, "orientation", orientations, "", label),
        role=_one_of(entry, "role", ROLES, "", label), name_zh=_text_field(entry, "name_zh", label),
        credits=tuple(_text_list(entry, "credits", label)),
    )


def _declared(data: Mapping[str, Any], key: str, inherited: tuple[str, ...], extend: bool, origin: str
              ) -> tuple[str, ...]:
    """The values in force for ``categories`` or ``orientations``: inherited, plus (or replaced by) declared ones."""
    if key not in data:
        return inherited
    declared = data[key]
    if not isinstance(declared, list) or not all(isinstance(value, str) and value.strip() for value in declared):
        raise RegistryError(f"{origin}: field {key!r} is {declared!r}, expected a list of names")
    values = [value.strip() for value in declared]
    if key == "categories":
        values.append("unknown")
    return tuple(dict.fromkeys([*inherited, *values] if extend else values))


def _entries(data: Mapping[str, Any], origin: str) -> list[tuple[str, Any]]:
    """(label, entry) pairs from the list format, or from the older domain-keyed mapping format."""
    outlets = data.get("outlets")
    if isinstance(outlets, list):
        return [(f"{origin}: outlet {index + 1}"
                 + (f" ({entry['name']!r})" if isinstance(entry, Mapping) and "name" in entry else ""), entry)
                for index, entry in enumerate(outlets)]
    if isinstance(outlets, Mapping):
        pairs = []
        for domain, entry in outlets.items():
            if isinstance(entry, Mapping) and "domains" not in entry:
                entry = {**entry, "domains": [str(domain)]}
            pairs.append((f"{origin}: outlet {str(domain)!r}", entry))
        return pairs
    raise RegistryError(f"{origin}: expected a mapping with the key 'outlets' holding a list of outlets")


def _read_registry_file(text: str, origin: str, categories: tuple[str, ...], orientations: tuple[str, ...],
                        extend: bool | None) -> tuple[bool, dict[str, Outlet], tuple[str, ...], tuple[str, ...]]:
    """Parse one registry file: its extend flag, outlets by domain, and the categories and orientations in force."""
    data = load_yaml(text, origin, RegistryError)
    if not isinstance(data, Mapping):
        raise RegistryError(f"{origin}: expected a mapping with the key 'outlets' holding a list of outlets")
    wanted = extend_flag(data, True, origin, RegistryError) if extend is None else extend
    categories = _declared(data, "categories", categories, wanted, origin)
    orientations = _declared(data, "orientations", orientations, wanted, origin)
    outlets: dict[str, Outlet] = {}
    for label, entry in _entries(data, origin):
        outlet = _parse_entry(entry, label, categories, orientations)
        for domain in outlet.domains:
            if domain in outlets:
                raise RegistryError(f"{label}: domain {domain!r} is listed twice, also for {outlets[domain].name!r}")
            outlets[domain] = outlet
    return wanted, outlets, categories, orientations


@lru_cache(maxsize=1)
def _default_registry() -> tuple[dict[str, Outlet], tuple[str, ...], tuple[str, ...]]:
    text = resources.files("frresearch").joinpath("data/outlets.yml").read_text(encoding="utf-8")
    _, outlets, categories, orientations = _read_registry_file(
        text, "default outlet registry", OWNERSHIP_TYPES, ORIENTATIONS, None)
    return outlets, categories, orientations


def load_outlets(path: str | os.PathLike[str] | None = None, *, extend: bool | None = None) -> OutletRegistry:
    """Load the outlet registry.

    Parameters
    ----------
    path : str, Path or None
        A user's registry file in the same format as the default
        (``frresearch/data/outlets.yml``). ``None`` loads the default alone.
        It may declare more ownership ``categories`` (``[state-funded-foreign]``);
        an ownership outside the categories in force is an error.
    extend : bool or None
        When true, the user's entries and categories extend the default and
        replace its entries for the same domains; when false, the user's file
        is the whole registry (see :mod:`frresearch._extend`). ``None``: the
        file's own ``extend:`` value, true when it has none.

    Returns
    -------
    OutletRegistry

    Raises
    ------
    RegistryError
        Naming the file, the entry and the bad value: unknown fields or
        categories, a domain listed twice in one file, a malformed domain.
    """
    outlets, categories, orientations = _default_registry()
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise RegistryError(f"outlet registry {str(path)!r} does not exist or is not a file")
        wanted, user, categories, orientations = _read_registry_file(
            read_utf8(path, "outlet registry", RegistryError), str(path), categories, orientations, extend)
        replaced = {outlets[domain] for domain in user if domain in outlets} if wanted else set()
        outlets = merge_entries(outlets, user, wanted)
        return OutletRegistry(outlets, categories, orientations, replaced)
    return OutletRegistry(outlets, categories, orientations)


def domain_of(url_host: str, provider_domain: str) -> str:
    """The registrable domain of an article, from its URL host, else its provider's domain."""
    return registrable_domain(url_host) or registrable_domain(provider_domain)
