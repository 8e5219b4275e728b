"""The Echo Show agrees with what Alexa says (a tester's findings, round 7): a screen offers what
the reply asks her to say (a question's own answers, "continue" after a sign told mid-routine,
yes or no to "would you like to hear more?"), the warning signs on record are on every screen
after them (not only on the reply that names them), and a one-shot that asks something has a
screen."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from screen_checks import SHOW, render_documents, response_on, screen_sent
from test_every_response import EMERGENCY, InLocale, explore, flagged

from driver import Driver
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic.speech import Say

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
FEVER_LINE = "Because you mentioned a fever, please contact your healthcare provider today."
NO_LINE = {"line": "", "number": ""}


@pytest.fixture
def show(make_skill) -> Driver:
    return Driver(make_skill(), Session(now=NOW, supported_interfaces=SCREEN_DEVICE))


def shown(turn) -> tuple[str, dict]:
    return screen_sent(turn.body)


def into_the_routine(show: Driver) -> None:
    show.launch()
    show.say("StartRoutine")
    show.say("AMAZON.NoIntent")  # none of the pre-check's signs
    show.say("ChooseRoutine", routine="classic")
    show.say("AMAZON.NextIntent")


def fever_told_mid_routine(show: Driver):
    into_the_routine(show)
    show.say("ReportSymptom", symptom="fever")
    return show.say("AMAZON.NoIntent")  # none of the emergency signs: the provider advice


# --- 1-3: the hints are what the reply asks for -------------------------------------------------

def test_the_emergency_question_offers_not_sure_as_its_reprompt_does(show):
    show.launch()
    turn = show.say("ReportSymptom", symptom="fever")
    assert turn.reprompt.endswith("Say yes, no, or not sure.")
    kind, screen = shown(turn)
    assert (kind, screen["hints"]) == ("info", ["yes", "no", "not sure"])


def test_after_a_sign_told_mid_routine_the_screen_offers_continue_as_the_speech_does(show):
    turn = fever_told_mid_routine(show)
    assert turn.text.endswith("Say 'continue' to go back to diaper compress, or 'stop'.")
    kind, screen = shown(turn)
    assert (kind, screen["hints"]) == ("provider", ["continue", "stop"])


def test_would_you_like_to_hear_more_offers_yes_and_no(show):
    show.launch()
    turn = show.say("CausesIntent")
    assert turn.text.endswith("Would you like to hear more?")
    kind, screen = shown(turn)
    assert (kind, screen["title"], screen["hints"]) == ("info", "Good to know", ["yes", "no"])


# --- 4: the warning signs on record, on every screen after them --------------------------------

def test_after_a_fever_every_routine_screen_carries_the_fever(show):
    fever_told_mid_routine(show)
    step = show.say("ContinueIntent")
    assert "fever" not in step.text  # named once a session: the speech does not repeat it
    assert shown(step)[0] == "step" and shown(step)[1]["safety"] == {"line": FEVER_LINE, "number": ""}
    hold = show.say("AMAZON.NextIntent")
    assert shown(hold)[0] == "hold" and shown(hold)[1]["safety"] == {"line": FEVER_LINE, "number": ""}


def test_a_one_shot_after_a_fever_keeps_the_fever_on_its_follow_up_screen(show):
    show.launch()
    show.say("ReportSymptom", symptom="fever")
    show.say("AMAZON.NoIntent")
    assert show.say("AMAZON.StopIntent").ended
    first = show.say("MastitisInfoIntent")  # "ask milk duct helper what is mastitis"
    assert first.text.startswith(FEVER_LINE) and shown(first)[1]["safety"]["line"] == FEVER_LINE
    more = show.say("AMAZON.YesIntent")  # "would you like to hear more?"
    assert not more.text.startswith(FEVER_LINE)
    assert shown(more)[1]["safety"] == {"line": FEVER_LINE, "number": ""}


def test_chest_pain_on_record_keeps_the_number_on_every_screen_of_the_next_session(show):
    show.launch()
    show.say("ReportSymptom", symptom="chest_pain")
    assert show.say("AMAZON.StopIntent").ended
    show.launch()
    later = show.say("CausesIntent")
    _, screen = shown(later)
    assert screen["safety"] == {"line": "Because you mentioned chest pain, please call 911 now, from a phone, "
                                        "if you haven't.", "number": "911"}


# --- 5: a one-shot that asks has a screen ---------------------------------------------------

def test_a_one_shot_timer_without_a_length_shows_its_question_and_what_to_say(show):
    turn = show.say("SetTimer")  # "ask milk duct helper to set a timer"
    assert "How long should the timer be?" in turn.text
    kind, screen = shown(turn)
    assert (kind, screen["title"]) == ("info", "Milk Duct Helper")
    assert "How long should the timer be?" in screen["body"]
    assert "set a 10 minute timer" not in screen["body"]  # the last sentence is the hints
    assert screen["hints"] == ["set a 10 minute timer"]
    assert screen["safety"] == NO_LINE  # nothing on record
    # A fallback is no prompt of its own: the screen stays the question's, as "repeat" says it.
    assert render_documents(show.say("AMAZON.FallbackIntent").body) == []


# --- over every reply the walk reaches (a minute's walk: with the slow tests) -----------------

@pytest.fixture(scope="module")
def walked(conversation):
    return explore(InLocale(conversation, "en-US"))[0]


def asked_words(reply) -> str:
    return " ".join(s.text for s in reply.reprompt or [] if isinstance(s, Say)).lower()


@pytest.mark.slow
def test_every_screen_offers_only_what_its_reprompt_asks_and_every_answer_it_names(walked, conversation):
    seen = set()
    for heard in walked:
        reply = heard.reply
        key = (repr(reply.screen), repr(reply.speech), repr(reply.reprompt))
        if key in seen:
            continue
        seen.add(key)
        for directive in render_documents(response_on(SHOW, reply, conversation.context)):
            hints, asked = directive["datasources"]["screen"].get("hints", []), asked_words(reply)
            assert all(re.search(rf"\b{re.escape(hint.lower())}\b", asked) for hint in hints), (hints, asked)
            for answers in ("say yes, no, or not sure", "say yes or no"):
                if answers in asked:
                    assert hints[:2] == ["yes", "no"] and ("not sure" in hints) == ("not sure" in answers), asked


@pytest.mark.slow
def test_every_screen_after_a_warning_sign_carries_it_but_the_advice_itself(walked, conversation):
    """The walker's own record of what she told (not the triage code's): after a sign, every
    screen but the triage outcome's (which is the advice, naming the signs) has the safety line;
    after an emergency sign, with the number."""
    seen, checked = set(), 0
    for heard in walked:
        reply, level = heard.reply, flagged(heard)
        key = (repr(reply.screen), repr(reply.speech), repr(reply.reprompt), getattr(reply, "signs_on_record", ()), level)
        if level is None or key in seen or (reply.screen is not None and reply.screen.kind == "outcome"):
            continue
        seen.add(key)
        for directive in render_documents(response_on(SHOW, reply, conversation.context)):
            safety = directive["datasources"]["screen"]["safety"]
            assert safety["line"], (heard.event, reply.keys())
            if level == EMERGENCY:
                assert safety["number"] == "911", (heard.event, reply.keys(), safety)
            checked += 1
    assert checked > 1000
