"""Frame codebooks: documented dictionaries of cue terms, one entry per frame.

A frame's ``terms`` are either a flat list (English) or a mapping of language
code to list, e.g. ``terms: {en: [privacy, consent], zh: [隐私, 知情同意]}``.
Chinese terms may be written in Simplified or Traditional characters; they are
matched in Simplified (see :mod:`frresearch.text.chinese`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import pandas as pd
import yaml

from .._config_files import load_yaml, read_utf8
from .._extend import extend_flag, merge_entries
from ..exceptions import CodebookError
from ..text.patterns import matches_at, parse_term

__all__ = ["POLICY_FRAME_DIMENSIONS", "SHIPPED_CODEBOOKS", "RESERVED_FRAME_KEYS",
           "Frame", "Codebook", "load_codebook", "is_shipped_codebook",
           "parse_term", "matches_at"]

# Codebooks shipped with the package, by the name load_codebook and ``--codebook`` accept.
SHIPPED_CODEBOOKS = {"default": "data/codebook.yml", "generic": "data/generic.yml"}

# The 15 dimensions of the Policy Frames Codebook (Boydstun, Card, Gross, Resnik and Smith 2014).
POLICY_FRAME_DIMENSIONS = (
    "economic",
    "capacity and resources",
    "morality",
    "fairness and equality",
    "legality, constitutionality and jurisprudence",
    "policy prescription and evaluation",
    "crime and punishment",
    "security and defense",
    "health and safety",
    "quality of life",
    "cultural identity",
    "public opinion",
    "political",
    "external regulation and reputation",
    "other",
)
_FRAME_FIELDS = ("label", "definition", "dimension", "terms")
# The coding sheet's own columns; a frame named like one would blank it (validation.sheets).
RESERVED_FRAME_KEYS = frozenset(
    {"sample", "sample_id", "article_id", "outlet", "published", "url", "title", "text", "coder"})


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook."""

    key: str
    label: str
    definition: str
    dimension: str
    terms: tuple[str, ...]
    #: The language of each term, in the order of ``terms``; empty means all English.
    term_languages: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.term_languages and len(self.term_languages) != len(self.terms):
            raise ValueError(f"frame {self.key!r} has {len(self.terms)} terms but "
                             f"{len(self.term_languages)} term languages")

    def language_of(self) -> tuple[str, ...]:
        """The language of each term, in the order of ``terms``."""
        return self.term_languages or ("en",) * len(self.terms)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this frame has terms in, in order of first appearance."""
        return tuple(dict.fromkeys(self.language_of()))

    def terms_in(self, language: str) -> tuple[str, ...]:
        """The frame's terms in ``language``."""
        return tuple(t for t, lang in zip(self.terms, self.language_of()) if lang == language)

    def without(self, remove: set[str]) -> Frame:
        """This frame without the terms in ``remove``."""
        kept = [(t, lang) for t, lang in zip(self.terms, self.language_of()) if t not in remove]
        return Frame(self.key, self.label, self.definition, self.dimension, tuple(t for t, _ in kept),
                     tuple(lang for _, lang in kept) if self.term_languages else ())

    def terms_field(self) -> list[str] | dict[str, list[str]]:
        """``terms`` as written in a codebook file: a flat list when all are English."""
        if set(self.languages) <= {"en"}:
            return list(self.terms)
        return {lang: list(self.terms_in(lang)) for lang in self.languages}

    @property
    def patterns(self) -> tuple[tuple[str, ...], ...]:
        """The terms as token patterns (see :func:`parse_term`)."""
        return tuple(parse_term(term) for term in self.terms)


@dataclass(frozen=True)
class Codebook:
    """An ordered set of frames with the languages its terms are written in."""

    name: str
    version: str
    languages: tuple[str, ...]
    frames: tuple[Frame, ...]

    def keys(self) -> list[str]:
        """The frame keys, in codebook order."""
        return [frame.key for frame in self.frames]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def labels(self) -> dict[str, str]:
        """Frame key -> label, for tables and figures."""
        return {frame.key: frame.label for frame in self.frames}

    def covers(self, languages: pd.Series) -> np.ndarray:
        """Which of these language codes the codebook's terms are written for (missing codes are not covered)."""
        return languages.fillna("und").astype(str).isin(set(self.languages)).to_numpy()

    def frame_covers(self, languages: pd.Series) -> np.ndarray:
        """Articles x frames: the article's language is covered by the codebook and the frame has terms in it."""
        codes = languages.fillna("und").astype(str)
        per_frame = np.column_stack([codes.isin(set(f.languages)).to_numpy() for f in self.frames])
        return per_frame & self.covers(languages)[:, None]

    def __getitem__(self, key: str) -> Frame:
        for frame in self.frames:
            if frame.key == key:
                return frame
        raise KeyError(f"no frame {key!r} in the codebook; frames are {self.keys()}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "languages": list(self.languages),
            "frames": {
                f.key: {"label": f.label, "definition": f.definition, "dimension": f.dimension,
                        "terms": f.terms_field()}
                for f in self.frames
            },
        }

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the codebook's content in canonical JSON (independent of file layout)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_frame(self) -> pd.DataFrame:
        """One row per frame and term, for reading and exporting."""
        rows = [(f.key, f.label, f.dimension, lang, term) for f in self.frames
                for term, lang in zip(f.terms, f.language_of())]
        return pd.DataFrame(rows, columns=["frame", "label", "dimension", "language", "term"])

    def write(self, path: str | Path) -> Path:
        """Write the codebook as YAML that :func:`load_codebook` reads back."""
        path = Path(path)
        path.write_text(yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100), "utf-8")
        return path


def _parse_frame(key: str, entry: Any, origin: str) -> Frame:
    where = f"{origin}: frame {key!r}"
    if not isinstance(entry, Mapping):
        raise CodebookError(f"{where} is a {type(entry).__name__}, expected a mapping with fields {_FRAME_FIELDS}")
    unknown = sorted(set(map(str, entry)) - set(_FRAME_FIELDS))
    if unknown:
        raise CodebookError(f"{where} has unknown field(s) {unknown}; expected {_FRAME_FIELDS}")
    for name in ("label", "definition"):
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise CodebookError(f"{where} field {name!r} is {value!r}, expected a non-empty string")
    dimension = entry.get("dimension")
    if dimension not in POLICY_FRAME_DIMENSIONS:
        raise CodebookError(
            f"{where} field 'dimension' is {dimension!r}, expected one of the Policy Frames Codebook "
            f"dimensions {POLICY_FRAME_DIMENSIONS}"
        )
    by_language = _terms_by_language(entry.get("terms"), where)
    terms = [term.strip() for lang_terms in by_language.values() for term in lang_terms]
    languages = [lang for lang, lang_terms in by_language.items() for _ in lang_terms]
    return Frame(key, entry["label"].strip(), " ".join(entry["definition"].split()), dimension,
                 tuple(terms), tuple(languages) if set(languages) != {"en"} else ())


def _terms_by_language(terms: Any, where: str) -> dict[str, list[str]]:
    """A frame's ``terms``: a flat list (English) or a mapping of language code to list."""
    by_language = dict(terms) if isinstance(terms, Mapping) else {"en": terms}
    if not by_language:
        raise CodebookError(f"{where} field 'terms' is empty; expected a list of terms or language: list")
    for language, language_terms in by_language.items():
        name = "terms" if not isinstance(terms, Mapping) else f"terms.{language}"
        if not isinstance(language, str) or not language.strip():
            raise CodebookError(f"{where} field 'terms' has language key {language!r}, expected a code such as 'zh'")
        if not isinstance(language_terms, list) or not language_terms:
            raise CodebookError(f"{where} field {name!r} is {language_terms!r}, expected a non-empty list of terms")
        for term in language_terms:
            if not isinstance(term, str):
                raise CodebookError(f"{where} field {name!r} holds {term!r}, expected a string")
            try:
                parse_term(term)
            except ValueError as exc:
                raise CodebookError(f"{where} field {name!r} holds {term!r}, which cannot be matched: {exc}") from None
    return {str(language): list(language_terms) for language, language_terms in by_language.items()}


def _read_codebook(text: str, origin: str) -> tuple[dict[str, Any], dict[str, Frame]]:
    data = load_yaml(text, origin, CodebookError)
    if not isinstance(data, Mapping) or not isinstance(data.get("frames"), Mapping) or not data["frames"]:
        raise CodebookError(f"{origin}: expected a mapping with a non-empty 'frames' mapping of frame: entry")
    frames = {str(key): _parse_frame(str(key), entry, origin) for key, entry in data["frames"].items()}
    if len(frames) != len(data["frames"]):
        raise CodebookError(f"{origin}: two frame keys are the same once read as text {sorted(frames)}")
    reserved = sorted(set(frames) & RESERVED_FRAME_KEYS)
    if reserved:
        raise CodebookError(f"{origin}: frame key(s) {reserved} are column names of the coding sheet; rename them")
    return dict(data), frames


def _shipped_text(name: str) -> str:
    return resources.files("frresearch").joinpath(SHIPPED_CODEBOOKS[name]).read_text(encoding="utf-8")


def is_shipped_codebook(name: object) -> TypeGuard[str]:
    """Whether ``name`` names a shipped codebook (``"generic"``); a file of that name in the folder wins."""
    return isinstance(name, str) and name in SHIPPED_CODEBOOKS and not Path(name).exists()


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load a frame codebook.

    Parameters
    ----------
    path : str, Path or None
        A YAML codebook (format: ``frresearch/data/codebook.yml``), or the
        name of a shipped codebook (:data:`SHIPPED_CODEBOOKS`): ``"default"``,
        the issue-specific frames, or ``"generic"``, the generic news frames
        of Semetko and Valkenburg (2000) with Kuang and Wei's (2018)
        leadership frame. ``None`` loads the default. A file with ``extend: true`` adds its frames to the
        default ones (same key: the user's frame replaces the default one);
        without it the file is the whole codebook (see :mod:`frresearch._extend`).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        When the file is missing or malformed; the message names the frame and the field.
    """
    if is_shipped_codebook(path):
        origin = f"{path} codebook"
        meta, frames = _read_codebook(_shipped_text(path), origin)
        path = None
    else:
        origin = "default codebook"
        meta, frames = _read_codebook(_shipped_text("default"), origin)
    languages = _languages(meta, origin)
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise CodebookError(f"codebook {str(path)!r} does not exist or is not a file")
        user_meta, user_frames = _read_codebook(read_utf8(path, "codebook", CodebookError), str(path))
        extend = extend_flag(user_meta, False, str(path), CodebookError)
        frames = merge_entries(frames, user_frames, extend)
        meta = {**meta, **{k: v for k, v in user_meta.items() if k in ("name", "version")}}
        user_languages = _languages(user_meta, str(path)) if "languages" in user_meta else []
        if extend:
            languages = list(dict.fromkeys(languages + user_languages))
        else:  # the file is the whole codebook: its own languages, or those its terms are in
            found = [lang for frame in frames.values() for lang in frame.languages]
            languages = user_languages or list(dict.fromkeys(found))
    for frame in frames.values():
        undeclared = [lang for lang in frame.languages if lang not in languages]
        if undeclared:
            raise CodebookError(f"frame {frame.key!r} has terms in {undeclared}, which the codebook's "
                                f"'languages' {languages} does not list")
    return Codebook(str(meta.get("name", "")), str(meta.get("version", "")), tuple(languages), tuple(frames.values()))


def _languages(meta: Mapping[str, Any], origin: str) -> list[str]:
    languages = meta.get("languages", ["en"])
    if (not isinstance(languages, list) or not languages
            or not all(isinstance(x, str) and x.strip() for x in languages)):
        raise CodebookError(f"{origin}: codebook field 'languages' is {languages!r}, expected a non-empty list of "
                            f"language codes such as [en]")
    return list(dict.fromkeys(x.strip().lower() for x in languages))  # EN and en are the same code
