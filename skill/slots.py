"""Reading an intent's slots, for the conversation handler and the CanFulfill answer alike.
Its own module so that neither needs the other's (a launch has no slots and loads neither)."""
from __future__ import annotations

ER_MATCH = "ER_SUCCESS_MATCH"


def matched_values(slot) -> list | None:
    """The entities the slot's words resolved to (the first authority that matched any), [] when
    none matched, None for a slot without entity resolution (AMAZON.NUMBER, say)."""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    if not authorities:
        return None
    for authority in authorities:
        code = getattr(getattr(authority, "status", None), "code", None)
        if getattr(code, "value", None) == ER_MATCH and authority.values:
            return authority.values
    return []


def slot_values(intent) -> dict[str, str]:
    """Each filled slot as its entity-resolution id when it resolved, else its spoken value."""
    values = {}
    for name, slot in (intent.slots or {}).items():
        matched = matched_values(slot)
        resolved = matched[0].value.id if matched else None
        if resolved or slot.value:
            values[name] = resolved or slot.value
    return values
