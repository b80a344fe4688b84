"""The outlet registry: which outlet a domain belongs to, and who owns it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .._extend import extend_flag, merge_entries
from ..exceptions import RegistryError
from .cleaning import registrable_domain

__all__ = ["OWNERSHIP_TYPES", "Outlet", "OutletRegistry", "load_outlets"]

OWNERSHIP_TYPES = ("state", "commercial", "public", "nonprofit", "unknown")
_FIELDS = ("name", "ownership", "country", "note")


@dataclass(frozen=True)
class Outlet:
    """One registry entry."""

    domain: str
    name: str
    ownership: str
    country: str
    note: str


class OutletRegistry:
    """Domains mapped to outlets; look-ups try the host, then each parent domain."""

    def __init__(self, outlets: Mapping[str, Outlet]) -> None:
        self.outlets = dict(outlets)

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

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the registry's content, for provenance and cache keys."""
        text = self.to_frame().to_csv(index=False, lineterminator="\n")
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_frame(self):
        """The registry as a DataFrame, one row per domain, sorted by domain."""
        import pandas as pd

        rows = [vars(outlet) for _, outlet in sorted(self.outlets.items())]
        return pd.DataFrame(rows, columns=["domain", *_FIELDS])


def _parse_entry(domain: str, entry: Any, origin: str) -> Outlet:
    if not isinstance(entry, Mapping):
        raise RegistryError(
            f"{origin}: outlet {domain!r} is a {type(entry).__name__}, expected a mapping with {_FIELDS}")
    unknown = sorted(set(map(str, entry)) - set(_FIELDS))
    if unknown:
        raise RegistryError(f"{origin}: outlet {domain!r} has unknown field(s) {unknown}; expected some of {_FIELDS}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{origin}: outlet {domain!r} field 'name' is {name!r}, expected a non-empty string")
    ownership = entry.get("ownership", "unknown")
    if ownership not in OWNERSHIP_TYPES:
        raise RegistryError(
            f"{origin}: outlet {domain!r} field 'ownership' is {ownership!r}, expected one of {OWNERSHIP_TYPES}"
        )
    country = entry.get("country", "")
    note = entry.get("note", "")
    for key, value in (("country", country), ("note", note)):
        if not isinstance(value, str):
            raise RegistryError(f"{origin}: outlet {domain!r} field {key!r} is {value!r}, expected a string")
    return Outlet(domain, name.strip(), ownership, country.strip().upper(), note.strip())


def _read_registry_file(text: str, origin: str) -> tuple[Mapping[str, Any], dict[str, Outlet]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: not valid YAML ({exc})") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("outlets"), Mapping):
        raise RegistryError(f"{origin}: expected a mapping with the key 'outlets' holding domain: entry pairs")
    outlets = {}
    for domain, entry in data["outlets"].items():
        key = str(domain).strip().lower()
        if key.startswith("www."):
            key = key[4:]
        outlets[key] = _parse_entry(key, entry, origin)
    return data, outlets


def load_outlets(path: str | os.PathLike[str] | None = None, *, extend: bool | None = None) -> OutletRegistry:
    """Load the outlet registry.

    Parameters
    ----------
    path : str, Path or None
        A user's registry file in the same format as the default
        (``frresearch/data/outlets.yml``). ``None`` loads the default alone.
    extend : bool or None
        When true, the user's entries extend the default and replace its
        entries for the same domains; when false, the user's file is the
        whole registry (see :mod:`frresearch._extend`). ``None``: the file's
        own ``extend:`` value, true when it has none.

    Returns
    -------
    OutletRegistry
    """
    default_text = resources.files("frresearch").joinpath("data/outlets.yml").read_text(encoding="utf-8")
    _, outlets = _read_registry_file(default_text, "default outlet registry")
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise RegistryError(f"outlet registry {str(path)!r} does not exist or is not a file")
        data, user = _read_registry_file(path.read_text(encoding="utf-8"), str(path))
        wanted = extend_flag(data, True, str(path), RegistryError) if extend is None else extend
        outlets = merge_entries(outlets, user, wanted)
    return OutletRegistry(outlets)


def domain_of(url_host: str, provider_domain: str) -> str:
    """The registrable domain of an article, from its URL host, else its provider's domain."""
    return registrable_domain(url_host) or registrable_domain(provider_domain)
