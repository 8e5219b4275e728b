"""`./dev console --script FILE`: a blank line in a script is silence, as an empty line typed or
piped is (`:help` says so): the reprompt, then Alexa closes the session."""
from __future__ import annotations

import io
from datetime import datetime, timezone

from driver import lambda_shaped
from skill.console.envelopes import Session
from skill.console.nlu import default_nlu
from skill.console.repl import local_console, script_lines

REPROMPT = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."


def test_a_script_keeps_its_blank_lines_as_silence_and_drops_its_comments():
    assert script_lines("# wait twice\nopen milk duct helper\n\n   \n# done\n") == ["open milk duct helper", "", ""]


def test_two_silent_lines_of_a_script_hear_the_reprompt_then_close_the_session(make_skill):
    requests: list[dict] = []
    skill = lambda_shaped(make_skill())

    def recording(event, context):
        requests.append(event["request"])
        return skill(event, context)

    session = Session(now=datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc))
    with local_console(recording, default_nlu(), session, out=io.StringIO(), monotonic=lambda: 0.0) as console:
        turns = list(console.play(script_lines("open milk duct helper\n\n\n")))
        assert [line for line, _ in turns] == ["open milk duct helper", "", ""]
        first, second = (entries for _, entries in turns[1:])
        assert [(e.kind, e.text) for e in first] == [("alexa", REPROMPT)], "the reprompt, once"
        assert [e.text for e in second] == ["(still nothing: Alexa closed the session)"]
        assert not console.open
    assert [r["type"] for r in requests] == ["LaunchRequest", "SessionEndedRequest"]
    assert requests[1]["reason"] == "EXCEEDED_MAX_REPROMPTS"
