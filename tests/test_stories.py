"""Replays the conversations in tests/conversations/*.yaml the way `./dev console --script` does:
typed words → the real interaction model → real envelopes → the skill, with the console's local
Alexa API. A step may assert the words said (`expect`, `never`, and `starts`: how the reply opens) and the
response keys (`keys`)."""
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from driver import lambda_shaped
from skill.console.envelopes import Session
from skill.console.nlu import MODELS, locale_nlu
from skill.console.repl import local_console

STORIES = [story for path in sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
           for story in yaml.safe_load(path.read_text(encoding="utf-8"))]
# A story runs in en-US unless it says `locales: all` (every market) or lists them; in each,
# an `expect` or `never` may be a mapping from locale to phrases.
MARKETS = sorted(path.stem for path in MODELS.glob("*.json"))
CASES = [(story, locale) for story in STORIES
         for locale in (MARKETS if story.get("locales") == "all" else story.get("locales", ["en-US"]))]


def in_locale(phrases, locale: str) -> list[str]:
    return phrases.get(locale, []) if isinstance(phrases, dict) else phrases


def recording(handler, responses):
    def handle(event, context):
        responses.append(handler(event, context))
        return responses[-1]

    return handle


def said_keys(response):
    """The response keys of what was said, from the reply the skill keeps for "repeat"."""
    last = (response.get("sessionAttributes") or {}).get("_last") or {}
    return [item.partition("|")[0] for item in last.get("speech", []) if isinstance(item, str)]


@pytest.mark.parametrize("story, locale", CASES,
                         ids=[s["story"] + ("" if locale == "en-US" else f" [{locale}]") for s, locale in CASES])
def test_story(make_skill, story, locale):
    responses: list[dict] = []
    session = Session(now=datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc), locale=locale)
    with local_console(recording(lambda_shaped(make_skill()), responses), locale_nlu(locale), session,
                       out=io.StringIO(), monotonic=lambda: 0.0) as console:
        turns = console.play(step["user"] for step in story["steps"])
        for number, (step, (line, entries)) in enumerate(zip(story["steps"], turns, strict=True), 1):
            said = "\n".join(entry.text for entry in entries)
            where = f"step {number} ({line!r}) said: {said}"
            for phrase in in_locale(step.get("starts", []), locale):
                assert said.startswith(phrase), where
            for phrase in in_locale(step.get("expect", []), locale):
                assert phrase in said, where
            for phrase in in_locale(step.get("never", []), locale):
                assert phrase not in said, where
            for key in step.get("keys", []):
                assert key in said_keys(responses[-1]), f"{where} keys: {said_keys(responses[-1])}"
            if "ends" in step:
                assert (not console.open) == step["ends"], where
