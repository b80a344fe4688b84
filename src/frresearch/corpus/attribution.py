"""Who wrote an article: wire credits and datelines, and the ownership label that follows from them.

Media researchers attribute a text to the outlet that wrote it, not to the
site that carries it. A credit counts only where agencies and papers put
one: at the start of the text (``BEIJING, Aug 8 (Reuters) -``, ``(AP) —``,
``By Bloomberg News``, ``新华社北京8月8日电``, ``【环球时报综合报道】``,
``来源：人民日报``) or in its final credit line (``-- AFP``, ``(Xinhua)``,
``Source: Xinhua``, ``© 2023 Bloomberg L.P.``, ``来源：新华网``). A wire
named inside an article (``..., Reuters reported``) is a mention, not a
credit. Names are those of the outlet registry (name, Chinese name and
``credits``); a name two outlets share is never used. Precision comes first:
when credits disagree none is used, and a republishing host (registry role
``aggregator``) without a credit gets ``unknown``, never the host's label.

How the label is decided (:func:`attribute`):

1. ``document``: the document declares ``ownership`` (one of the registry's
   categories): that wins.
2. ``credit``: the text is credited to an outlet other than its host:
   ownership, country and orientation follow the credited outlet.
3. ``none``: the host is an aggregator and no credit names the author.
4. ``registry``: the host's registry entry.
5. ``none``: the host is not in the registry and no credit helps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..text.chinese import HAN_CHARACTERS
from .outlets import Outlet, OutletRegistry

__all__ = ["Attribution", "Credit", "attribute", "find_credits"]

_WINDOW = 300
_MAX_NAME = 40
_HAN = re.compile(f"[{HAN_CHARACTERS}]")
_DASH = r"(?:-{1,2}|[–—]{1,2})"
_MONTH_DAY = r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
# "BEIJING, Aug 8 (Reuters) -", "HONG KONG/SHANGHAI, Aug. 8 (Xinhua) --", "(AP) —"
_START_PAREN = re.compile(r"(?:[A-Z][A-Za-z.'’/ -]{0,40}?" + _MONTH_DAY + r"\s*)?\((?P<name>[^()]{2,40})\)\s*"
                          + r"(?:" + _DASH + r"|:)\s")
_START_BY = re.compile(r"By\s+(?P<rest>.{2,60})", re.DOTALL)
_START_SOURCE = re.compile(r"[（(【\[]?\s*(?:Source|SOURCE|文章来源|来源)\s*[:：]\s*(?P<rest>.{2,60})", re.DOTALL)
# "新华社北京8月8日电", "中新网8月8日电", "人民网北京2023年8月8日电"
_START_ZH_DATELINE = re.compile(r"[【\[（(]?\s*(?P<rest>[^\s\d，。:：]{2,24})\s*(?:\d{4}\s*年\s*)?"
                                r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)")
_START_ZH_BRACKET = re.compile(r"【(?P<rest>[^】]{2,30})】")
_START_ZH_NEWS = re.compile(r"(?P<name>[^\s，。:：]{2,12}?)消息\s*[（(：:]")
_TRAILING_EDITOR = re.compile(r"\s*(?:[（(\[]?\s*(?:责任编辑|编辑|责编|校对|审核)\s*[:：][^()（）\[\]]{0,40}[)）\]]?"
                              r"|\((?:Reporting|Writing|Additional reporting|Editing) by [^()]{0,200}\))\s*$")
_END_PAREN = re.compile(r"\((?P<name>[^()]{2,40})\)\s*\.?\s*$")
_END_DASH = re.compile(r"(?:^|\s|[.!?。”\"'])" + _DASH + r"\s*(?P<name>[^-–—]{2,40}?)\s*\.?\s*$")
_END_SOURCE = re.compile(r"(?<!图片)(?<!图)(?:Source|SOURCE|文章来源|来源)\s*[:：]\s*(?P<name>[^:：]{2,40}?)"
                         r"\s*[.。)）】\]]?\s*$")
# Words and signs without which _END_SOURCE and _END_COPYRIGHT cannot match, checked first (a plain search is cheap).
_SOURCE_WORDS = ("Source", "SOURCE", "来源")
_COPYRIGHT_SIGNS = ("©", "(c)", "(C)", "Copyright")
_END_COPYRIGHT = re.compile(r"(?:©|\([cC]\)|Copyright)\s*(?:\([cC]\)\s*)?(?:\d{4}\s*)?(?P<rest>[^©]{2,80})$")


@dataclass(frozen=True)
class Credit:
    """A credit found in a text: the outlet, the name as written, and where it stood."""

    outlet: Outlet
    name: str
    position: str


@dataclass(frozen=True)
class Attribution:
    """How an article's ownership label was decided.

    Attributes
    ----------
    ownership : str
        The label.
    ownership_source : str
        Where the label came from: ``document``, ``credit`` (the credited
        outlet's registry entry), ``registry`` (the host's entry) or ``none``.
    attribution : str
        How the author outlet was identified: ``document``, ``credit`` (a
        dateline or credit line, also when it names the host itself),
        ``registry`` (the host) or ``none``.
    label_outlet : Outlet or None
        The outlet the label describes (its country and orientation are used).
    credited : Outlet or None
        The outlet the text is credited to.
    warnings : tuple of str
        Reasons for the problems table.
    """

    ownership: str
    ownership_source: str
    attribution: str
    label_outlet: Outlet | None
    credited: Outlet | None
    warnings: tuple[str, ...] = field(default=())


def _name_at(text: str, index: Mapping[str, Outlet]) -> tuple[str, Outlet] | None:
    """The longest credit name that ``text`` starts with, ending at a word boundary (any Chinese character is one)."""
    for end in range(min(len(text), _MAX_NAME), 1, -1):
        name = text[:end]
        outlet = index.get(name)
        if outlet is None:
            continue
        following = text[end:end + 1]
        if not following or _HAN.match(name[-1]) or not (following.isalnum() or following in "'’-"):
            return name, outlet
    return None


def _exact(name: str, index: Mapping[str, Outlet]) -> tuple[str, Outlet] | None:
    name = name.strip().strip("\"'“”")
    outlet = index.get(name)
    return (name, outlet) if outlet is not None else None


def _start_credits(lead: str, index: Mapping[str, Outlet]) -> list[tuple[str, Outlet, str]]:
    head = lead[:_WINDOW].lstrip()
    found = []
    for pattern, position, exact, needed in (  # needed: text without which the pattern cannot match
        (_START_PAREN, "dateline", True, "("), (_START_BY, "byline", False, "By"),
        (_START_SOURCE, "source line", False, ""), (_START_ZH_DATELINE, "dateline", False, "月"),
        (_START_ZH_BRACKET, "dateline", False, "【"), (_START_ZH_NEWS, "dateline", True, "消息"),
    ):
        match = pattern.match(head) if needed in head else None
        if match is None:
            continue
        hit = _exact(match["name"], index) if exact else _name_at(match["rest"].strip(), index)
        if hit is not None:
            found.append((*hit, position))
    return found


def _end_credits(body: str, index: Mapping[str, Outlet]) -> list[tuple[str, Outlet, str]]:
    tail = body[-_WINDOW:].rstrip()
    for _ in range(3):
        if not _may_end_with_editor_line(tail):
            break  # the substitution would change nothing, now or in a later round
        tail = _TRAILING_EDITOR.sub("", tail)
    found = []
    for match in (_END_PAREN.search(tail), _end_dash(tail),
                  _END_SOURCE.search(tail) if any(word in tail for word in _SOURCE_WORDS) else None):
        if match is not None and (hit := _exact(match["name"], index) or _zh_prefix(match["name"], index)):
            found.append((*hit, "credit line"))
    match = _END_COPYRIGHT.search(tail) if any(sign in tail for sign in _COPYRIGHT_SIGNS) else None
    if match is not None and (hit := _name_at(match["rest"].strip(), index)):
        found.append((*hit, "copyright line"))
    return found


def _may_end_with_editor_line(tail: str) -> bool:
    """False when :data:`_TRAILING_EDITOR` cannot match: its Chinese form needs an editor word and a colon among
    the last 42 characters (colon, 40 characters, bracket), its English form ``by`` and a ``)`` at the end."""
    end = tail.rstrip()[-42:]
    return (((":" in end or "：" in end) and any(word in tail for word in ("编", "校对", "审核")))
            or (end.endswith(")") and " by " in tail))


def _end_dash(tail: str) -> re.Match[str] | None:
    """:data:`_END_DASH` in ``tail``, searched from just before its last dash: the name after the dash holds none,
    so a match can start no earlier (and the search costs the same for any tail)."""
    last_dash = max(tail.rfind("-"), tail.rfind("–"), tail.rfind("—"))
    return _END_DASH.search(tail, max(0, last_dash - 2)) if last_dash >= 0 else None


def _zh_prefix(name: str, index: Mapping[str, Outlet]) -> tuple[str, Outlet] | None:
    """A Chinese source name with a suffix (``人民日报客户端``): its longest registered prefix."""
    return _name_at(name.strip(), index) if _HAN.match(name.strip()[:1]) else None


def find_credits(lead: str, body: str, registry: OutletRegistry) -> list[Credit]:
    """Credits at the start of ``lead`` and in the final credit line of ``body``.

    Parameters
    ----------
    lead : str
        The text's beginning: the body, or the excerpt when there is no body.
    body : str
        The full text; empty when only a title and excerpt exist (an
        excerpt's end is not the article's end).
    registry : OutletRegistry
        Gives the names outlets are credited under.

    Returns
    -------
    list of Credit
        In text order; empty when there is none.

    Examples
    --------
    >>> from frresearch.corpus.outlets import load_outlets
    >>> registry = load_outlets()
    >>> [c.outlet.name for c in find_credits("BEIJING, Aug 8 (Reuters) - China's regulator...", "", registry)]
    ['Reuters']
    >>> find_credits("The rules are strict, Reuters reported on Tuesday.", "", registry)
    []
    """
    index = registry.credit_index
    found = _start_credits(lead, index) + (_end_credits(body, index) if body else [])
    return [Credit(outlet, name, position) for name, outlet, position in found]


def attribute(host: Outlet | None, credits: list[Credit], declared: Any, registry: OutletRegistry) -> Attribution:
    """Decide an article's ownership label from its front matter, its credits and its host's registry entry.

    Parameters
    ----------
    host : Outlet or None
        The registry entry of the site that carries the article.
    credits : list of Credit
        From :func:`find_credits`.
    declared : object
        The document's own ``ownership`` field (``None`` when absent).
    registry : OutletRegistry
        Its ``categories`` are the labels a document may declare.

    Returns
    -------
    Attribution
    """
    warnings = []
    credited = {credit.outlet for credit in credits}
    credit = credits[0].outlet if len(credited) == 1 else None
    if len(credited) > 1:
        names = ", ".join(sorted({f"{c.name} ({c.position})" for c in credits}))
        warnings.append(f"the text is credited to different outlets ({names}); no credit used")
    attribution = "credit" if credit is not None else ("registry" if host is not None else "none")
    if declared is not None:
        if declared in registry.categories:
            return Attribution(str(declared), "document", "document", None, credit, tuple(warnings))
        warnings.append(f"ownership {declared!r} is not one of {registry.categories} "
                        "(declare more under 'categories' in an outlet registry file); ignored")
    if credit is not None and credit != host:
        return Attribution(credit.ownership, "credit", attribution, credit, credit, tuple(warnings))
    if host is not None and host.role == "aggregator" and credit is None:
        warnings.append(f"{host.name} republishes other outlets' copy and no dateline or credit line names the "
                        "author; ownership set to unknown")
        return Attribution("unknown", "none", "none", None, None, tuple(warnings))
    if host is not None:
        return Attribution(host.ownership, "registry", attribution, host, credit, tuple(warnings))
    return Attribution("unknown", "none", "none", None, None, tuple(warnings))
