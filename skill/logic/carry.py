"""What a session carries for the store until a save of it succeeds (issue 10).

When a save does not reach the store, the handler layer keeps this part of memory in the
session attributes and merges it back into memory every turn (skill/interceptors.py). It comes
back from the request, so it is checked here like every other session attribute: with the
episode's own checks (skill/logic/state.py), unknown keys dropped.
"""
from __future__ import annotations

from .state import EPISODE_CHECKS, prefs
from .values import checked

# The red flags, the triage's answers and outcome, and the start that makes it an episode
# (backdated when she told how long the lump has lasted).
CARRIED_EPISODE = {name: EPISODE_CHECKS[name]
                   for name in ("started", "signs", "lump_hours", "outcome", "outcome_at", "unsure_at")}


def carried(raw: object) -> dict[str, object]:
    """The part of `raw` (memory, or what a request says the session carries) worth carrying:
    an episode with a red flag, a told lump age, an outcome or a "not sure" to the emergency
    question, and the disclaimer heard (so
    that it is not said again every turn). Empty when there is nothing to carry.

    A told lump age counts on its own: the turn she tells it backdates the episode's start,
    and the start read from the store on the next turn would not be."""
    source = raw if type(raw) is dict else {}
    # A plain dict, not the `Memory` type: only the handler layer reads it, as a dict to merge.
    kept: dict[str, object] = {}
    episode = checked(source.get("episode"), CARRIED_EPISODE)
    if "started" in episode and (episode.get("signs") or not {"lump_hours", "outcome", "unsure_at"}.isdisjoint(episode)):
        kept["episode"] = episode
    if prefs(source.get("prefs")).get("disclaimer_heard"):
        kept["prefs"] = {"disclaimer_heard": True}
    return kept
