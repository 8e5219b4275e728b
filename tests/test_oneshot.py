"""A new session's first reply names the warning signs an earlier session heard, whatever she
asks first (a one-shot "resume", "go to massage", a question, a timer, help), not only a launch
or "start"; a routine step she asked for waits behind an offer of it, and every such reply stays
within one breath. The signs are then named once a session. Each test fails on the code before
this change, where a one-shot after an emergency got no number and the lump check's answer
named the signs again, one turn after the launch had."""
import copy
from datetime import datetime, timezone

import pytest

from skill import render
from skill.logic.conversation import Event
from skill.logic.speech import Pause

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
# Her record from last night: a clog on the left, the massage's third step reached (fingertip
# circles), and one warning sign.
EPISODE = {"started": "2026-11-21T02:00:00+00:00", "side": "left", "tried": ["toothpaste_tube"],
           "pos": {"section": 1, "step": 2}, "emergency_heard_at": "2026-11-21T03:00:00+00:00"}
# The first sentence she must hear, written out from the response templates and services.yaml.
REMINDERS = {
    ("chest_pain", "en-US"): "Because you mentioned chest pain, please call 9 1 1 now, from a phone, if you haven't.",
    ("chest_pain", "en-GB"): "Because you mentioned chest pain, please call 9 9 9 now, from a phone, if you haven't.",
    ("chest_pain", "en-IN"): "Because you mentioned chest pain, please call 1 1 2 now, from a phone, if you haven't.",
    ("headache", "en-US"): "Because you mentioned a headache that won't go away, please call your doctor or midwife now,"
                           " or 9 1 1 if you can't reach them.",
    ("headache", "en-GB"): "Because you mentioned a headache that won't go away, please call your GP, midwife or health"
                           " visitor now, or 9 9 9 if you can't reach them.",
    ("fever", "en-US"): "Because you mentioned a fever, please contact your healthcare provider today.",
    ("fever", "en-GB"): "Because you mentioned a fever, please contact your healthcare provider today.",
}
NUMBERS = {"en-US": "9 1 1", "en-GB": "9 9 9", "en-IN": "1 1 2"}
# What she may say first in a new session, other than a launch or "start".
ONE_SHOTS = [
    Event("AMAZON.ResumeIntent"), Event("ContinueIntent"), Event("AMAZON.NextIntent"), Event("AMAZON.PreviousIntent"),
    Event("SkipStepIntent"), Event("WhereAmIIntent"), Event("AMAZON.StartOverIntent"),
    Event("GoToSectionIntent", {"section": "massage"}), Event("GoToSectionIntent", {"section": "positioning"}),
    Event("GoToSectionIntent", {"section": "nowhere"}), Event("SwitchRoutineIntent", {"routine": "gentle"}),
    Event("ChooseRoutineIntent", {"routine": "either"}), Event("CausesIntent"), Event("HowLongIntent"),
    Event("NewerAdviceIntent"), Event("WarningSignsIntent"), Event("PainReliefIntent"), Event("AMAZON.HelpIntent"),
    Event("SetTimerIntent", {"minutes": "10", "compress": "warm"}), Event("SetReminderIntent", {"reminder": "feed"}),
    Event("SetClogLocationIntent", {"side": "left", "location": "outer"}), Event("LumpStillThereIntent"),
    Event("FeedingMethodIntent", {"method": "pumping"}), Event("DeleteDataIntent"), Event("MoreIntent"),
    Event("AMAZON.FallbackIntent"), Event("AMAZON.RepeatIntent"), Event("AMAZON.NavigateHomeIntent"),
    Event("AMAZON.YesIntent"), Event("AMAZON.StopIntent"), Event("AMAZON.PauseIntent"),
    # and what starts the warning-sign check again: a reading, the lump's age, a worry
    Event("GiveTemperatureIntent", {"whole": "100", "fraction": "6"}), Event("GiveDurationIntent", {"amount": "30", "unit": "hours"}),
    Event("GiveDurationIntent", {"since": "yesterday"}), Event("StillHurtsIntent"), Event("SuspectMastitisIntent"),
]


def record(sign: str) -> dict:
    return {"prefs": {"disclaimer_heard": True, "routine": "classic"}, "episode": dict(EPISODE, signs=[sign])}


def first_turn(conversation, event, sign, locale, hours=0):
    state, memory = {}, copy.deepcopy(record(sign))
    reply = conversation.handle(event, state, memory, NOW.replace(hour=9 + hours), time_zone=lambda: None, locale=locale)
    return reply, state, memory


def words(reply, locale) -> int:
    """As tests/test_every_response.py counts them: the number to call is one word."""
    return len(render.plain_text(reply.speech).replace(NUMBERS[locale], "number").split())


@pytest.mark.parametrize("sign, locale", sorted(REMINDERS))
def test_every_first_turn_of_a_session_opens_with_the_signs_on_record_within_one_breath(conversation, sign, locale):
    for event in ONE_SHOTS:
        reply, _, _ = first_turn(conversation, event, sign, locale)
        said = render.plain_text(reply.speech)
        assert said.startswith(REMINDERS[sign, locale]), (event.kind, said)
        assert said.count("Because you mentioned") == 1, (event.kind, said)
        # Never a routine step at once: the step she asked for is offered first.
        assert not [k for k in reply.keys() if k.startswith("step:")], (event.kind, said)
        assert not any(isinstance(s, Pause) for s in reply.speech), (event.kind, said)
        assert words(reply, locale) <= 60, (event.kind, words(reply, locale), said)
        assert reply.end_session or render.plain_text(reply.reprompt or []).strip(), (event.kind, said)


@pytest.mark.parametrize("event, offered, step, words_of_step", [
    (Event("GoToSectionIntent", {"section": "massage"}), "Would you like the massage step now: toothpaste tube strokes?",
     "toothpaste_tube", "Put your fingers just behind the lump"),
    (Event("AMAZON.ResumeIntent"), "Would you like the massage step now: fingertip circles?",
     "fingertip_circles", "Place the fingertips of both hands around the breast."),
    (Event("ContinueIntent"), "Would you like the massage step now: fingertip circles?",
     "fingertip_circles", "Place the fingertips of both hands around the breast."),
    (Event("GoToSectionIntent", {"section": "positioning"}), "Would you like the positioning and gravity step now:"
     " chin toward the clog?", "chin_to_clog", "Latch baby so their chin points at the clog."),
])
@pytest.mark.parametrize("yes", ["AMAZON.YesIntent", "ContinueIntent", "AMAZON.NextIntent"])
def test_a_step_asked_for_in_a_one_shot_is_offered_and_a_yes_gives_that_step_from_its_start(
        conversation, event, offered, step, words_of_step, yes):
    reply, state, memory = first_turn(conversation, event, "chest_pain", "en-US")
    assert render.plain_text(reply.speech) == f"{REMINDERS['chest_pain', 'en-US']} {offered}"
    assert render.plain_text(reply.reprompt) == "Would you like that step now? Say yes or no."
    taken = conversation.handle(Event(yes), state, memory, NOW, time_zone=lambda: None)
    said = render.plain_text(taken.speech)
    assert f"step:{step}" in taken.keys() and words_of_step in said, said
    assert "Because you mentioned" not in said and "9 1 1" not in said  # named once, at the opening
    if any(isinstance(s, Pause) for s in taken.speech):
        assert "hold_start" in taken.keys()  # its hold from the beginning, not carried on


def test_no_to_the_offered_step_says_no_step(conversation):
    reply, state, memory = first_turn(conversation, Event("GoToSectionIntent", {"section": "massage"}), "chest_pain", "en-US")
    assert "step_offer" in reply.keys()
    declined = conversation.handle(Event("AMAZON.NoIntent"), state, memory, NOW, time_zone=lambda: None)
    said = render.plain_text(declined.speech)
    assert said.startswith("Okay.") and not [k for k in declined.keys() if k.startswith("step:")], said


def test_a_long_answer_is_offered_after_many_signs_and_a_yes_says_it(conversation):
    state, memory = {}, record("chest_pain")
    memory["episode"]["signs"] = ["trouble_breathing", "chest_pain", "chills"]
    reply = conversation.handle(Event("HowLongIntent"), state, memory, NOW, time_zone=lambda: None)
    assert render.plain_text(reply.speech) == ("Because you mentioned trouble breathing, chest pain and chills, please call"
                                               " 9 1 1 now, from a phone, if you haven't. Would you like to hear the"
                                               " answer to your question now?")
    answer = conversation.handle(Event("AMAZON.YesIntent"), state, memory, NOW, time_zone=lambda: None)
    assert render.plain_text(answer.speech).startswith("Keep feeding or pumping often from that side until the lump is gone.")


def test_help_in_a_one_shot_keeps_the_disclaimer_and_what_she_can_say(conversation):
    reply, _, _ = first_turn(conversation, Event("AMAZON.HelpIntent"), "fever", "en-GB")
    assert render.plain_text(reply.speech) == (
        "Because you mentioned a fever, please contact your healthcare provider today. This skill gives general"
        " information, not medical advice. In an emergency, call 9 9 9 from a phone. You can say 'start',"
        " 'switch routines', or ask 'what's the newer advice'.")


@pytest.mark.parametrize("locale", ["en-US", "en-IN"])
def test_the_signs_are_named_once_a_session_but_every_closing_names_them(conversation, locale):
    state, memory = {}, record("chest_pain")
    reminder = REMINDERS["chest_pain", locale]

    def say(kind):
        return render.plain_text(conversation.handle(Event(kind), state, memory, NOW, time_zone=lambda: None,
                                                     locale=locale).speech)

    assert say("Launch").startswith(reminder)
    assert reminder not in say("AMAZON.YesIntent")  # the lump is still there
    where = say("WhereAmIIntent")
    assert where.startswith("Last time, you stopped at step 3 of 6 in the massage section") and reminder not in where
    assert say("AMAZON.StopIntent").startswith(reminder)


def test_a_sign_told_after_the_opening_brings_the_number_back_to_every_reply(conversation):
    """The emergency-in-this-session rule is untouched: once she tells a new emergency sign,
    every reply opens with the number, naming the signs again where a reply names them."""
    state, memory = {}, record("chest_pain")

    def say(event):
        return render.plain_text(conversation.handle(event, state, memory, NOW, time_zone=lambda: None).speech)

    assert say(Event("CausesIntent")).startswith(REMINDERS["chest_pain", "en-US"])
    assert say(Event("ReportSymptomIntent", {"symptom": "trouble_breathing"})).startswith("Please call 9 1 1 now, from a phone.")
    assert say(Event("WhereAmIIntent")).startswith("Please call 9 1 1 now, from a phone")
    assert say(Event("PainReliefIntent")).startswith("Please call 9 1 1 now, from a phone, if you haven't.")
    assert say(Event("AMAZON.StopIntent")).startswith(
        "Because you mentioned chest pain and trouble breathing, please call 9 1 1 now, from a phone, if you haven't.")


def test_reminders_set_after_the_permission_answer_in_a_new_session_name_the_signs_first(conversation):
    """Alexa's permission question ends the session: her answer comes back in a new one."""
    action = {"type": "reminders", "every_hours": 3, "within_hours": 24, "text": "Milk Duct Helper: time to feed."}
    reply = conversation.after_action(action, "CREATED", {}, record("chest_pain"), NOW)
    assert render.plain_text(reply.speech).startswith(REMINDERS["chest_pain", "en-US"])
    in_session = conversation.after_action(action, "CREATED", {"triage": {"signs": [], "answered": [], "asking": None,
                                                                         "lump_hours": None}}, record("chest_pain"), NOW)
    assert "Because you mentioned" not in render.plain_text(in_session.speech)


def test_the_end_of_the_routine_and_an_erased_record_name_the_signs_again(conversation):
    """Where something ends, the signs are named even after the opening named them: nothing may
    sound like all is well."""
    state, memory = {}, record("fever")
    memory["episode"].pop("pos")
    memory["episode"]["routine_done_at"] = "2026-11-21T04:00:00+00:00"
    reminder = REMINDERS["fever", "en-US"]

    def say(kind):
        return conversation.handle(Event(kind), state, memory, NOW, time_zone=lambda: None)

    assert render.plain_text(say("WhereAmIIntent").speech) == f"{reminder} You've finished the routine." \
        " You can say 'start over' to go through it again, or ask me a question."
    assert reminder in render.plain_text(say("AMAZON.NextIntent").speech)
    say("DeleteDataIntent")
    [action] = say("AMAZON.YesIntent").actions
    for outcome, said in (("CREATED", "Done. I've erased what I remembered about you."), ("FAILED", "")):
        done = conversation.after_action(action, outcome, copy.deepcopy(state), {}, NOW)
        assert said in render.plain_text(done.speech) and reminder in render.plain_text(done.speech)


def test_the_routine_ended_after_a_one_shot_names_the_signs_again(conversation):
    state, memory = {}, record("fever")
    memory["episode"]["pos"] = {"section": 3, "step": 4}  # the last step: rest, fluids and food
    reminder = REMINDERS["fever", "en-US"]
    offered = conversation.handle(Event("AMAZON.ResumeIntent"), state, memory, NOW, time_zone=lambda: None)
    assert render.plain_text(offered.speech) == f"{reminder} Would you like the follow-up care step now: rest, fluids and food?"
    step = conversation.handle(Event("AMAZON.YesIntent"), state, memory, NOW, time_zone=lambda: None)
    assert "step:rest_and_fluids" in step.keys() and reminder not in render.plain_text(step.speech)
    done = render.plain_text(conversation.handle(Event("AMAZON.NextIntent"), state, memory, NOW, time_zone=lambda: None).speech)
    assert done.startswith(f"That's the end of the routine. {reminder}"), done
