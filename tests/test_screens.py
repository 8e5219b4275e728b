"""Screens on a simulated Echo Show: the routine's steps with their place and progress, the
countdown of a timed hold, the emergency and provider screens, the positions screen; the same
speech on a voice-only Echo, which gets no screen; touch drives the routine as voice does."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from screen_checks import RENDER_DOCUMENT, problems_of, render_documents
from test_apl import apl_suggester, suggester_warnings  # noqa: F401  (a fixture)

from driver import Driver
from skill import envelope_guard
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic.speech import Reply, Say, Shown
from skill.render import screens

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
WARM_COMPRESS_CUES = ["Keep the warmth resting on the lump.", "Warmth widens the blood vessels nearby.",
                      "It helps the tissue around the clog relax.", "It can also soften thick, fatty milk.",
                      "Let your shoulders drop, and breathe slowly.", "Stay warm and still."]
SEED_TITLES = ("How to Massage Out a Clogged Milk Duct", "How To Exactly Massage Out A Clogged Milk Duct")


def user(make_skill, name: str, interfaces: dict) -> Driver:
    return Driver(make_skill(), Session(now=NOW, user_id=f"amzn1.ask.account.{name}", supported_interfaces=interfaces))


@pytest.fixture
def show(make_skill):
    return user(make_skill, "SHOW", SCREEN_DEVICE)


@pytest.fixture
def echo(make_skill):
    return user(make_skill, "ECHO", {})


def shown(turn) -> tuple[str, dict]:
    """The one screen a response shows: its kind (from the token) and its datasource."""
    [directive] = render_documents(turn.body)
    assert problems_of(directive) == []
    return directive["token"].rpartition("-")[2], directive["datasources"]["screen"]


def section_steps(content, section: int = 0) -> int:
    """The steps of one section: the count the speech and the screen give ("step 1 of 6")."""
    return len(content["routine"]["sections"][section]["steps"])


def start_routine(driver: Driver) -> list:
    return [driver.launch(), driver.say("StartRoutine"), driver.say("AMAZON.NoIntent"),
            driver.say("ChooseRoutine", routine="classic")]


def test_a_routine_on_an_echo_show_shows_each_step_with_its_place_and_progress(show, content):
    total = section_steps(content)
    kind, first = shown(start_routine(show)[-1])
    assert kind == "step"
    assert (first["title"], first["section"]) == ("Ways to add warmth", "Warmth and preparation")
    assert (first["step"], first["steps"], first["progressPercent"]) == (1, total, 0)
    assert first["body"].startswith("Pick one way to warm the breast.")
    assert first["sources"] == " · ".join(SEED_TITLES)
    kind, second = shown(show.say("AMAZON.NextIntent"))
    assert (kind, second["title"], second["step"], second["progressPercent"]) == (
        "step", "Diaper compress", 2, round(100 / total))
    kind, back = shown(show.say("AMAZON.PreviousIntent"))
    assert (kind, back["title"], back["step"]) == ("step", "Ways to add warmth", 1)


def test_a_timed_hold_shows_a_countdown_from_what_is_left_with_the_cues_as_they_are_said(show):
    start_routine(show)
    show.say("AMAZON.NextIntent")
    hold = show.say("AMAZON.NextIntent")
    kind, screen = shown(hold)
    assert (kind, screen["title"], screen["holdMs"]) == ("hold", "Warm compress", 300_000)
    assert screen["cues"][0] == {"start": 0, "end": 30, "text": "Now hold the warmth right on the lump, "
                                                                 "or let the water soak or run over it."}
    # A cue every 30 seconds, in the cycle the speech uses, the last one lasting to the end.
    assert [c["text"] for c in screen["cues"][1:]] == (WARM_COMPRESS_CUES * 2)[:9]
    assert [c["start"] for c in screen["cues"]] == list(range(0, 300, 30)) and screen["cues"][-1]["end"] == 300
    assert screen["timer"] == {"set": False, "clock": "0:00"}
    # The speech paces two minutes per turn; carrying on, the countdown starts from what is left.
    kind, rest = shown(show.say("AMAZON.NextIntent"))
    assert (kind, rest["holdMs"]) == ("hold", 180_000)
    assert rest["cues"][0]["text"] == WARM_COMPRESS_CUES[3] and WARM_COMPRESS_CUES[3] in show.say(
        "AMAZON.RepeatIntent").text


def test_an_emergency_sign_shows_the_number_to_call_and_keeps_showing_it(show):
    start_routine(show)
    kind, screen = shown(show.say("ReportSymptom", symptom="chest_pain"))
    assert kind == "emergency"
    assert screen["title"] == "Get emergency help now"
    assert screen["emergency"] == {"number": "911", "callLine": "You told me about chest pain.", "wide": False}
    kind, again = shown(show.say("AMAZON.NextIntent"))  # no step while an emergency is on record
    assert kind == "emergency" and again["emergency"]["number"] == "911"


def test_provider_advice_shows_what_to_tell_the_provider(show):
    show.launch()
    show.say("GiveDuration", amount=30, unit="hours")  # the warning-sign questions follow
    kind, question = shown(show.say("AMAZON.NoIntent"))  # the next warning-sign question
    # The answers its reprompt names: "Say yes, no, the number, or that you're not sure."
    assert (kind, question["title"], question["hints"]) == ("info", "A quick question", ["yes", "no", "not sure"])
    assert question["body"] == "Do you have a fever? If you took your temperature, tell me the number."
    show.say("AMAZON.NoIntent")
    turn = show.say("ReportSymptom", symptom="red_streaks")
    kind, screen = shown(turn)
    assert (kind, screen["title"]) == ("provider", "Contact your healthcare provider today")
    assert screen["provider"]["lines"] == ["A lump still there after a day", "Red streaks on the breast"]
    assert screen["provider"]["lumpHours"] == 30
    assert screen["body"].startswith("Please contact your healthcare provider today.")


def test_where_the_clog_is_shows_the_hold_that_fits(show):
    show.launch()
    kind, screen = shown(show.say("SetClogLocation", side="left", location="upper"))
    assert (kind, screen["title"], screen["section"]) == ("positions", "Koala hold", "Positioning and gravity")
    assert screen["illustration"] == {"x": 100, "y": 45, "line": True}
    assert "La Leche League International, breastfeeding positions" in screen["sources"]


def test_help_shows_what_can_be_said(show):
    show.launch()
    kind, screen = shown(show.say("AMAZON.HelpIntent"))
    assert (kind, screen["title"]) == ("info", "What you can say")
    assert screen["body"].startswith("I guide you through warmth")
    assert screen["hints"] == ["start", "switch routines", "what's the newer advice"]  # as help's last sentence says


def test_a_voice_only_echo_hears_the_same_and_gets_no_screen(show, echo):
    said = {}
    for name, driver in (("show", show), ("echo", echo)):
        turns = start_routine(driver) + [driver.say("AMAZON.NextIntent"), driver.say("AMAZON.NextIntent"),
                                         driver.say("ReportSymptom", symptom="fever"), driver.say("AMAZON.HelpIntent")]
        said[name] = [(t.ssml, t.reprompt_ssml) for t in turns]
        sent = [len(render_documents(t.body)) for t in turns]
        if name == "echo":
            assert all("directives" not in t.body for t in turns)
        else:
            assert sent == [1] * len(turns)
    assert said["show"] == said["echo"]


def test_a_voice_only_request_never_loads_the_screen_code(tmp_path):
    code = ("import sys; from skill.console.envelopes import SCREEN_DEVICE, Session; "
            "from skill.lambda_function import lambda_handler; "
            "lambda_handler(Session().launch(), None); print(sorted(m for m in sys.modules if 'apl' in m)); "
            "lambda_handler(Session(supported_interfaces=SCREEN_DEVICE).launch(), None); "
            "print('skill.render.screens' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "MILKDUCT_DATA_DIR": str(tmp_path)})
    assert run.stdout.split("\n")[:2] == ["[]", "True"]


# --- touch -------------------------------------------------------------------------------------

TOUCHES = [("next", "AMAZON.NextIntent"), ("next", "AMAZON.NextIntent"), ("back", "AMAZON.PreviousIntent"),
           ("repeat", "AMAZON.RepeatIntent"), ("next", "AMAZON.NextIntent"), ("next", "AMAZON.NextIntent"),
           ("pause", "AMAZON.PauseIntent")]


def test_touch_drives_the_routine_as_voice_does_in_the_same_session(make_skill):
    voice, touch = user(make_skill, "VOICE", SCREEN_DEVICE), user(make_skill, "TOUCH", SCREEN_DEVICE)
    for driver in (voice, touch):
        start_routine(driver)
    for word, intent in TOUCHES:
        said, touched = voice.say(intent), touch.send(touch.session.user_event(word))
        assert touched.text == said.text, word
        assert touched.body.get("directives") == said.body.get("directives"), word
        assert touched.attributes == said.attributes, word
        assert touched.ended == said.ended
    assert touched.ended  # pause ends the session, as said


@pytest.mark.parametrize("arguments", [["jump"], [], [3], [{"next": True}]])
def test_a_touch_the_skill_does_not_know_is_answered_as_fallback(make_skill, arguments):
    voice, touch = user(make_skill, "VOICE", SCREEN_DEVICE), user(make_skill, "TOUCH", SCREEN_DEVICE)
    for driver in (voice, touch):
        start_routine(driver)
    said, touched = voice.say("AMAZON.FallbackIntent"), touch.send(touch.session.user_event(*arguments))
    assert touched.text == said.text and "didn't catch that" in touched.text
    assert touched.attributes == said.attributes and not touched.ended


def test_a_touch_outside_a_session_is_acknowledged_without_speech(make_skill):
    event = Session(now=NOW, supported_interfaces=SCREEN_DEVICE).user_event("next")
    del event["session"]
    assert envelope_guard.answer_event(make_skill(), event)["response"] == {}


# --- the renderer, over the whole content ------------------------------------------------------

def directive_for(conversation, shown_: Shown, *speech: Say) -> dict:
    reply = Reply(list(speech))
    reply.screen = shown_
    made = screens.directive(reply, conversation.context)
    assert made is not None and made["type"] == RENDER_DOCUMENT
    assert problems_of(made) == [], made["datasources"]
    return made


def test_every_step_of_the_routine_has_its_screen(conversation, content):
    for section in content["routine"]["sections"]:
        for number, step in enumerate(section["steps"], 1):
            data = directive_for(conversation, Shown("step", step["id"]))["datasources"]["screen"]
            assert data["title"].lower() == step["title"].lower()
            if "hold_seconds" in step:
                assert data["holdMs"] == step["hold_seconds"] * 1000
                done = directive_for(conversation, Shown("step", step["id"], held=step["hold_seconds"]))
                data = done["datasources"]["screen"]
            total = len(section["steps"])
            assert (data["step"], data["steps"], data["progressPercent"]) == (number, total,
                                                                              round(100 * (number - 1) / total))


def test_every_location_outcome_and_topic_has_its_screen(conversation, content):
    for location in content["positions"]["locations"]:
        assert directive_for(conversation, Shown("location", location))["token"].endswith("-positions")
    # Every triage level (thoughts of harm are the emergency level, with the crisis line's words).
    kinds = {level: directive_for(conversation, Shown("outcome", level, ids=("fever",)))["token"].rpartition("-")[2]
             for level in ("emergency", "urgent", "provider", "watch", "self_care")}
    assert kinds == {"emergency": "emergency", "urgent": "info", "provider": "provider", "watch": "info",
                     "self_care": "info"}
    for topic, item in content["topics"]["topics"].items():
        said = Say(" ".join(item["say"]), f"topic:{topic}")
        data = directive_for(conversation, Shown("info", "topic", ids=(said.key,)), said)["datasources"]["screen"]
        assert data["body"] == said.text and data["sources"]


def test_a_hold_picked_up_part_way_counts_down_the_rest_with_the_cue_then_in_effect(conversation):
    data = directive_for(conversation, Shown("step", "warm_compress", held=135))["datasources"]["screen"]
    assert data["holdMs"] == 165_000
    # 120-150 s is the fourth cue's stretch: it is on screen from the start, for what is left of it.
    assert data["cues"][:2] == [{"start": 0, "end": 15, "text": WARM_COMPRESS_CUES[3]},
                                {"start": 15, "end": 45, "text": WARM_COMPRESS_CUES[4]}]


def test_apl_suggester_finds_nothing_wrong_in_the_screens_built_from_the_content(conversation, apl_suggester):
    built = {
        "step": directive_for(conversation, Shown("step", "oil")),
        "hold": directive_for(conversation, Shown("step", "warm_compress", held=120)),
        "emergency": directive_for(conversation, Shown("outcome", "emergency", ids=("chest_pain", "fainting"))),
        "provider": directive_for(conversation, Shown("outcome", "provider", ids=("fever", "red_streaks"), hours=30)),
        "info": directive_for(conversation, Shown("info", "help", ids=("help_idle",)), Say("Help.", "help_idle")),
        "positions": directive_for(conversation, Shown("location", "outer")),
    }
    for name, warnings in suggester_warnings(apl_suggester, built).items():
        # Only the version: apl-suggester knows APL up to 2024.2, the documents declare 2024.3.
        assert [w["path"] for w in warnings] == ["/version"], (name, warnings)


def test_a_reply_without_a_screen_renders_none(conversation):
    assert screens.directive(Reply([Say("Okay.", "okay")]), conversation.context) is None


# --- the console -------------------------------------------------------------------------------

# "the classic one": the first start asks which routine (issue 14) before the first step.
CONSOLE_SCRIPT = ["open milk duct helper", "help me with a clog", "no", "the classic one", "next", "next",
                  "I have chest pain"]


@pytest.mark.parametrize("flags", [["--screen"], []])
def test_the_console_prints_the_screen_under_the_speech_when_started_with_screen(tmp_path, capsys, flags):
    from skill.console.__main__ import main

    script = tmp_path / "script.txt"
    script.write_text("\n".join(CONSOLE_SCRIPT), encoding="utf-8")
    # A new user each run: the skill module keeps the first run's data directory for the process,
    # and mutmut runs the suite twice in one process (with the same tmp_path names).
    assert main([*flags, "--script", str(script), "--data-dir", str(tmp_path / "data"),
                 "--user", f"amzn1.ask.account.CONSOLE{uuid.uuid4().hex}"]) == 0
    out = capsys.readouterr().out
    if not flags:
        assert "screen|" not in out
        return
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("alexa> The classic routine, then."))
    assert lines[at + 1:at + 3] == ["screen| [Warmth and preparation / Ways to add warmth]",
                                    "screen| step 1 of 6"]
    assert "screen| countdown 5:00\nscreen|   0:00 Now hold the warmth" in out
    assert "screen|   0:30 Keep the warmth resting on the lump.\n" in out
    assert "screen| CALL 911 - call now from your phone. You told me about chest pain.\n" in out


def test_a_screen_that_cannot_be_built_costs_only_the_screen_not_the_answer(show, monkeypatch, caplog):
    start_routine(show)
    monkeypatch.setattr(screens, "directive", lambda reply, context: {}["broken"])
    turn = show.say("ReportSymptom", symptom="chest_pain")
    assert "Please call 9 1 1 now" in turn.text and "directives" not in turn.body
    assert "no screen: KeyError building the outcome screen" in caplog.text
