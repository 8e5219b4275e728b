"""One-shot invocations ("Alexa, ask milk duct helper what causes a clog") for every custom intent,
through the real interaction model: an IntentRequest that opens the session (no LaunchRequest
first), answered directly, with the disclaimer on first use only."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from driver import lambda_shaped
from skill.console.envelopes import Session
from skill.console.nlu import default_nlu
from skill.console.repl import Console

MODEL = Path(__file__).resolve().parents[1] / "interaction_model/interactionModels/custom/en-US.json"
DISCLAIMER = "not medical advice"
WELCOME = "Hi, I'm Milk Duct Helper"

# intent → (what she says, in one breath with the invocation name; what the answer must contain)
ONE_SHOTS = {
    "StartRoutineIntent": ("ask milk duct helper to help me with a clogged duct", "Before we start, a quick check"),
    "ReportSymptomIntent": ("tell milk duct helper i have a fever", "You mentioned a fever"),
    "GiveTemperatureIntent": ("tell milk duct helper my temperature is one hundred and two",
                              "102 degrees Fahrenheit counts as a fever"),
    "GiveDurationIntent": ("tell milk duct helper the lump has been there for two days", "About 48 hours"),
    "SetClogLocationIntent": ("tell milk duct helper it's on the left side near my armpit", "football hold"),
    "GoToSectionIntent": ("ask milk duct helper to go to massage", "For the massage, keep the pressure gentle"),
    "WhereAmIIntent": ("ask milk duct helper where am i", "We haven't started the guided routine yet"),
    "WhatIsClogIntent": ("ask milk duct helper what is a clogged duct", "blockage in one of the small tubes"),
    "CausesIntent": ("ask milk duct helper what causes a clog", "A clog forms when milk sits still"),
    "SymptomsInfoIntent": ("ask milk duct helper what are the symptoms", "The usual sign is a tender lump"),
    "ClearedSignsIntent": ("ask milk duct helper how do i know it's cleared", "the lump often shrinks"),
    "PreventionIntent": ("ask milk duct helper how do i prevent this", "Help baby get a good latch"),
    "MastitisInfoIntent": ("ask milk duct helper what is mastitis", "Mastitis is a painful swelling"),
    "SuspectMastitisIntent": ("tell milk duct helper i think i have mastitis", "I can't tell you if it's mastitis"),
    "SelfCareIntent": ("ask milk duct helper how can i look after myself", "Rest as much as you can"),
    "LumpGoneIntent": ("tell milk duct helper the lump is gone", "a good sign the clog is clearing"),
    "LumpStillThereIntent": ("tell milk duct helper it's still there", "let's keep working on it"),
    "SkipStepIntent": ("tell milk duct helper to skip this step", "We haven't started the guided routine yet"),
    "SetTimerIntent": ("ask milk duct helper to set a ten minute timer", "I'll set a 10 minute timer"),
    "SetReminderIntent": ("ask milk duct helper to remind me to check in tomorrow", "one reminder, 24 hours from now"),
    "DeleteDataIntent": ("ask milk duct helper to delete my data", "This erases everything I remember about you"),
    "WarningSignsIntent": ("ask milk duct helper what are the warning signs", "breathing trouble, chest pain"),
    "HowLongIntent": ("ask milk duct helper how long until it clears", "until the lump is gone"),
    "RecurringClogIntent": ("ask milk duct helper why do i keep getting clogs", "a lactation consultant"),
    "PainReliefIntent": ("ask milk duct helper can i take ibuprofen for this", "compatible with breastfeeding"),
    "KeepFeedingIntent": ("ask milk duct helper can i still breastfeed", "keep feeding or pumping"),
    "ExtraPumpingIntent": ("ask milk duct helper should i pump more", "Extra pumping makes more milk"),
    "BabyUnwellIntent": ("ask milk duct helper the baby has a fever", "Please call your baby's doctor now."),
    "SomeoneElseUnwellIntent": ("ask milk duct helper my husband has a fever", "They should see their own doctor."),
    "BothSidesIntent": ("ask milk duct helper what if both sides are clogged", "work on one at a time"),
    "NewerAdviceIntent": ("ask milk duct helper what is the new advice", "Academy of Breastfeeding Medicine"),
    "ChooseRoutineIntent": ("ask milk duct helper to do the gentle one", "The gentle routine, then"),
    "SwitchRoutineIntent": ("ask milk duct helper to switch to the gentle routine", "gentle routine"),
    "ContinueIntent": ("tell milk duct helper okay", "There's no routine in progress to pick up"),
    "FeedingMethodIntent": ("tell milk duct helper i'm pumping not nursing", "Got it, you're pumping"),
    "StillHurtsIntent": ("tell milk duct helper it still hurts", "You mentioned breast pain"),
    "MoreIntent": ("ask milk duct helper to tell me more", "what you'd like to know more about"),
    "DontKnowIntent": ("tell milk duct helper i'm not sure", "You can say 'start'"),
    "FalseAlarmIntent": ("tell milk duct helper i said that by mistake", "There's nothing to take back"),
    "CalledForHelpIntent": ("tell milk duct helper i already called nine one one", "You did the right thing calling 9 1 1"),
    "HoldOnIntent": ("tell milk duct helper to hold on", "Take your time. You can say 'start'"),
}


def test_every_custom_intent_has_a_one_shot_case():
    intents = json.loads(MODEL.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]["intents"]
    assert {i["name"] for i in intents if not i["name"].startswith("AMAZON.")} == set(ONE_SHOTS)


@pytest.mark.parametrize("intent", ONE_SHOTS)
def test_one_shot_answers_directly_with_the_disclaimer_on_first_use_only(make_skill, intent):
    utterance, answer = ONE_SHOTS[intent]
    sent: list[dict] = []
    skill = lambda_shaped(make_skill())

    def recording(event, context):
        sent.append(event)
        return skill(event, context)

    console = Console(handler=recording, nlu=default_nlu(), session=Session(), out=io.StringIO())
    [(_, first)] = console.play([utterance])
    [request] = sent
    assert request["request"]["type"] == "IntentRequest" and request["session"]["new"] is True
    assert request["request"]["intent"]["name"] == intent
    said = " ".join(entry.text for entry in first if entry.kind == "alexa")
    assert said.startswith(f"This skill gives general information, {DISCLAIMER}.") and answer in said
    assert WELCOME not in said

    list(console.play([":new"]))
    [(_, again)] = console.play([utterance])
    assert sent[-1]["session"]["new"] is True
    said_again = " ".join(entry.text for entry in again if entry.kind == "alexa")
    assert answer in said_again and DISCLAIMER not in said_again and WELCOME not in said_again
