"""On an Echo Show, the safety line the speech opens with is on the screen too, first: the number
to call after an emergency in this session, the warning signs on record when a new session
opens, the provider advice. And the screen counts the routine's steps as the speech does."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from screen_checks import problems_of, render_documents

from driver import Driver
from skill.console.envelopes import SCREEN_DEVICE, Session
from skill.logic.speech import Reply, Say, Shown
from skill.render import console, screens

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=timezone.utc)
# The spoken number, as the speech spells it, and as the screen writes it.
NUMBERS = {"en-US": ("9 1 1", "911"), "en-IN": ("1 1 2", "112"), "en-GB": ("9 9 9", "999")}
NO_LINE = {"line": "", "number": ""}


def show_in(make_skill, locale: str) -> Driver:
    return Driver(make_skill(), Session(now=NOW, locale=locale, supported_interfaces=SCREEN_DEVICE))


def screen_of(turn) -> tuple[str, dict]:
    [directive] = render_documents(turn.body)
    assert problems_of(directive) == []
    return directive["token"].rpartition("-")[2], directive["datasources"]["screen"]


def chest_pain_last_session(show: Driver) -> None:
    show.launch()
    show.say("StartRoutine")
    show.say("ReportSymptom", symptom="chest_pain")
    assert show.say("AMAZON.StopIntent").ended


@pytest.mark.parametrize("locale", ["en-US", "en-IN"])
@pytest.mark.parametrize("opening", ["launch", "one-shot start"])
def test_a_session_after_chest_pain_shows_the_number_first_whatever_it_asks(make_skill, locale, opening):
    show = show_in(make_skill, locale)
    chest_pain_last_session(show)
    turn = show.launch() if opening == "launch" else show.say("StartRoutine")
    spoken, written = NUMBERS[locale]
    assert turn.text.startswith(f"Because you mentioned chest pain, please call {spoken} now, from a phone, if you haven't.")
    kind, screen = screen_of(turn)
    assert kind == "info" and screen["title"] == "A quick question"
    assert screen["safety"] == {"line": f"Because you mentioned chest pain, please call {written} now, from a phone, "
                                        "if you haven't.", "number": written}
    assert next(iter(screen)) == "safety"  # first in the data, as in every document
    assert "chest pain" not in screen["body"]  # the question stays the body: the line is not said twice


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_after_an_emergency_this_session_every_screen_opens_with_the_number(make_skill, locale):
    show = show_in(make_skill, locale)
    show.launch()
    show.say("ReportSymptom", symptom="trouble_breathing")
    spoken, written = NUMBERS[locale]
    call = {"line": f"Please call {written} now, from a phone, if you haven't.", "number": written}
    topic = show.say("CausesIntent")
    assert topic.text.startswith(f"Please call {spoken} now, from a phone, if you haven't.")
    assert screen_of(topic) == ("info", {**screen_of(topic)[1], "safety": call})
    where = show.say("SetClogLocation", side="left", location="outer")
    kind, positions = screen_of(where)
    assert (kind, positions["safety"]) == ("positions", call)


def test_a_fever_on_record_is_on_the_screen_when_the_next_session_starts(make_skill):
    show = show_in(make_skill, "en-US")
    show.launch()
    show.say("ReportSymptom", symptom="fever")
    show.say("AMAZON.NoIntent")  # none of the emergency signs
    assert show.say("AMAZON.StopIntent").ended
    turn = show.say("StartRoutine")
    line = "Because you mentioned a fever, please contact your healthcare provider today."
    assert turn.text.startswith(line)
    _, screen = screen_of(turn)
    assert screen["safety"] == {"line": line, "number": ""}  # the provider, not the emergency number
    assert console.screen_lines({"screen": screen})[0] == f"!! {line}"


def test_a_quiet_session_shows_no_safety_line(make_skill):
    show = show_in(make_skill, "en-US")
    kind, screen = screen_of(show.launch())
    assert kind == "info" and screen["safety"] == NO_LINE
    assert console.screen_lines({"screen": screen})[0] == "[Milk Duct Helper]"


# --- every screen builder, from a reply that opens with a safety line ----------------------------

CALL_FIRST = Say("Please call 9 1 1 now, from a phone, if you haven't.", "call_first")
CALL_SHOWN = {"line": "Please call 911 now, from a phone, if you haven't.", "number": "911"}
PROVIDER_FIRST = Say("Because you mentioned a fever, please contact your healthcare provider today.",
                     "reminder_provider")
SHOWN = {
    "step": Shown("step", "oil", ids=("say",)),
    "hold": Shown("step", "warm_compress", ids=("say",)),
    "info": Shown("info", "question", ids=("start_offer",)),
    "positions": Shown("location", "outer"),
    "provider": Shown("outcome", "provider", ids=("fever",)),
    "watch": Shown("outcome", "watch", ids=("lump_lasting",)),
}


def built(conversation, shown: Shown, *speech: Say) -> dict:
    reply = Reply(list(speech))
    reply.screen = shown
    made = screens.directive(reply, conversation.context)
    assert made is not None and problems_of(made) == []
    return made["datasources"]["screen"]


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_every_screen_shows_the_number_first_when_the_speech_opens_with_it(conversation, name):
    assert built(conversation, SHOWN[name], CALL_FIRST, Say("Something else.", "okay"))["safety"] == CALL_SHOWN
    # Said further on, it is not the opening line: the screen keeps to what it shows.
    assert built(conversation, SHOWN[name], Say("Okay.", "okay"), CALL_FIRST)["safety"] == NO_LINE


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_every_screen_shows_the_signs_on_record_when_the_speech_opens_with_them(conversation, name):
    assert built(conversation, SHOWN[name], PROVIDER_FIRST)["safety"] == {"line": PROVIDER_FIRST.text, "number": ""}


def test_the_advice_the_screen_itself_shows_is_not_shown_twice(conversation):
    advice = Say("Please contact your healthcare provider today.", "outcome:provider")
    assert built(conversation, SHOWN["provider"], advice)["safety"] == NO_LINE
    # Another screen after that advice (the step she goes back to) carries it.
    assert built(conversation, SHOWN["step"], advice)["safety"] == {"line": advice.text, "number": ""}
    # The emergency screen is the number, in the largest type: nothing goes above it.
    emergency = built(conversation, Shown("outcome", "emergency", ids=("chest_pain",)), CALL_FIRST)
    assert emergency["safety"] == NO_LINE and emergency["emergency"]["number"] == "911"


# --- the place in the routine, counted as the speech counts it -----------------------------------

def test_the_step_screen_counts_the_steps_of_the_section_as_where_am_i_says(make_skill, content):
    show = show_in(make_skill, "en-US")
    show.launch()
    show.say("StartRoutine")
    show.say("AMAZON.NoIntent")
    first = show.say("ChooseRoutine", routine="classic")
    sizes = {section["id"]: len(section["steps"]) for section in content["routine"]["sections"]}
    _, screen = screen_of(first)
    assert (screen["step"], screen["steps"], screen["progressPercent"]) == (1, sizes["prepare"], 0)
    _, second = screen_of(show.say("AMAZON.NextIntent"))
    assert f"You're on step 2 of {sizes['prepare']} in the warmth and preparation section" in \
        show.say("WhereAmI").text
    assert (second["step"], second["steps"], second["progressPercent"]) == (2, sizes["prepare"],
                                                                            round(100 / sizes["prepare"]))
    assert console.screen_lines({"screen": second})[1] == f"step 2 of {sizes['prepare']}"
