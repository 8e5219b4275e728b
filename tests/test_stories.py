"""Replays the conversations in tests/conversations/*.yaml the way `./dev console --script` does:
typed words → the real interaction model → real envelopes → the skill, with the console's local
Alexa API."""
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from driver import lambda_shaped
from skill.console.envelopes import Session
from skill.console.nlu import default_nlu
from skill.console.repl import local_console

STORIES = [story for path in sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
           for story in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("story", STORIES, ids=[s["story"] for s in STORIES])
def test_story(make_skill, story):
    session = Session(now=datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc))
    with local_console(lambda_shaped(make_skill()), default_nlu(), session, out=io.StringIO(),
                       monotonic=lambda: 0.0) as console:
        turns = console.play(step["user"] for step in story["steps"])
        for number, (step, (line, entries)) in enumerate(zip(story["steps"], turns, strict=True), 1):
            said = "\n".join(entry.text for entry in entries)
            where = f"step {number} ({line!r}) said: {said}"
            for phrase in step.get("expect", []):
                assert phrase in said, where
            for phrase in step.get("never", []):
                assert phrase not in said, where
            if "ends" in step:
                assert (not console.open) == step["ends"], where
