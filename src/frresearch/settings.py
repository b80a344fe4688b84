"""Shared defaults, each in one place.

The statistical rules (when a group is small, the confidence level, the
seed) and the story this project started from (the event date and the
groups compared). Notebooks take the story defaults as parameters, so
another corpus only changes its parameters cell.
"""

from __future__ import annotations

__all__ = ["SMALL_GROUP", "CONFIDENCE", "SEED", "FOCAL_GROUPS", "FOCAL_GROUPS_BY", "EVENT_DATE", "EVENT_LABEL",
           "PROJECT_URL"]

SMALL_GROUP = 5
"""Groups with fewer articles than this are reported as small, and no difference is tested for them."""

CONFIDENCE = 0.95
"""Confidence level of every interval, unless a call asks for another."""

SEED = 20230808
"""Seed of every random draw (the day the CAC published its draft rules)."""

FOCAL_GROUPS = ("state", "commercial")
"""The contrast the default analyses compare."""

FOCAL_GROUPS_BY = {"ownership": FOCAL_GROUPS, "orientation": ("party_organ", "market_oriented")}
"""The default contrast for each grouping the notebooks offer (``group_by``): for mainland Chinese outlets'
orientation, party organs against market-oriented papers (the party / nonparty contrast of Kuang and Wei 2018)."""

EVENT_DATE = "2023-08-08"
"""The event marked on timelines: the CAC published the draft rules."""

EVENT_LABEL = "draft published"

PROJECT_URL: str | None = None
"""The project's public address, named in the user agent of ``frresearch fetch`` beside the user's own
contact; None until the repository is published, so each user names a contact (``--contact``)."""
