"""Replays the conversations in tests/conversations/*.yaml through the console's own turn loop:
typed words → the real interaction model → real envelopes → the skill."""
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from skill.console.envelopes import Session
from skill.console.nlu import default_nlu
from skill.console.repl import Console

STORIES = [story for path in sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
           for story in yaml.safe_load(path.read_text(encoding="utf-8"))]


def lambda_shaped(skill):
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    serializer = DefaultSerializer()

    def handle(event, context):
        envelope = serializer.deserialize(json.dumps(event), RequestEnvelope)
        return serializer.serialize(skill.invoke(request_envelope=envelope, context=context))

    return handle


def recording(handler, responses):
    def handle(event, context):
        responses.append(handler(event, context))
        return responses[-1]

    return handle


def said_keys(response):
    """The response keys of what was said, from the reply the skill keeps for "repeat"."""
    last = (response.get("sessionAttributes") or {}).get("_last") or {}
    return [item.partition("|")[0] for item in last.get("speech", []) if isinstance(item, str)]


@pytest.mark.parametrize("story", STORIES, ids=[s["story"] for s in STORIES])
def test_story(make_skill, story):
    out = io.StringIO()
    responses = []
    handler = recording(lambda_shaped(make_skill()), responses)
    console = Console(handler=handler, nlu=default_nlu(), out=out, monotonic=lambda: 0.0,
                      session=Session(now=datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc),
                                      api_endpoint="http://127.0.0.1:9"))
    for number, step in enumerate(story["steps"], 1):
        start = out.tell()
        console.handle_line(step["user"])
        said = out.getvalue()[start:]
        where = f"step {number} ({step['user']!r}) said: {said}"
        for phrase in step.get("expect", []):
            assert phrase in said, where
        for phrase in step.get("never", []):
            assert phrase not in said, where
        for key in step.get("keys", []):
            assert key in said_keys(responses[-1]), f"{where} keys: {said_keys(responses[-1])}"
        if "ends" in step:
            assert (not console.open) == step["ends"], where
