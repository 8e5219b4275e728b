"""A reply as the "repeat" cache keeps it in the session: each segment as "key|words" (the
response key and the words the skill chose), and pauses as seconds. The session comes back in the next request, so
reading it checks every part; rendering it again escapes every word, so nothing in the
request can become SSML."""
from __future__ import annotations

from ..logic.routine import MAX_BREAK_SECONDS
from ..logic.speech import Pause, Reply, Say, Segment

MAX_SEGMENTS = 200
MAX_WORDS = 2000


def to_data(reply: Reply) -> dict[str, object]:
    return {"speech": _segments_data(reply.speech), "reprompt": _segments_data(reply.reprompt or [])}


def from_data(data: object) -> Reply | None:
    """The stored reply, or None when anything in it is not what `to_data` writes."""
    if not isinstance(data, dict) or set(data) != {"speech", "reprompt"}:
        return None
    speech, reprompt = _segments(data["speech"]), _segments(data["reprompt"])
    if not speech or reprompt is None:
        return None
    return Reply(speech=speech, reprompt=reprompt or None)


def _segments_data(segments: list[Segment]) -> list[object]:
    # One string per segment: the SDK serializes session attributes element by element.
    return [f"{s.key}|{s.text}" if isinstance(s, Say) else s.seconds for s in segments]


def _segments(data: object) -> list[Segment] | None:
    if not isinstance(data, list) or len(data) > MAX_SEGMENTS:
        return None
    found: list[Segment] = []
    for item in data:
        if isinstance(item, int) and not isinstance(item, bool) and 0 < item <= MAX_BREAK_SECONDS:
            found.append(Pause(item))
        elif type(item) is str and "|" in item and len(item) <= MAX_WORDS:
            key, _, words = item.partition("|")
            found.append(Say(words, key))
        else:
            return None
    return found
