"""Warning signs said in her own words reach the right level (track s6-signs): pus from the
breast (provider today), a low temperature (no fever, and no reassurance), a swollen or sore
calf (the CDC's urgent leg sign, not a clog), throwing up (the CDC's "severe nausea and throwing
up", urgent), overwhelming tiredness in so many words (urgent; plain tiredness is not), the baby's
fever (call the baby's doctor), and "should I pump more" (no extra sessions, not "you're pumping")."""
from __future__ import annotations

import pytest

from skill.console.nlu import locale_nlu
from skill.logic.temperature import CELSIUS, FAHRENHEIT, read_temperature

MARKETS = ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"]
EMERGENCY_SCREEN = "Right now, any trouble breathing, chest pain, a racing heart, confusion, or feeling faint or dizzy?"
PROVIDER_TODAY = "Please contact your healthcare provider today."
URGENT = "Please call your doctor or midwife now about this."

# The tester's words (and a few more of the same kinds) → intent and slot ids, in every market.
PHRASINGS = [
    ("there's pus coming out", "ReportSymptomIntent", {"symptom": "pus"}),
    ("pus is coming out of my nipple", "ReportSymptomIntent", {"symptom": "pus"}),
    ("my nipple has pus", "ReportSymptomIntent", {"symptom": "pus"}),
    ("my calf is swollen and sore", "ReportSymptomIntent", {"symptom": "leg_swelling"}),
    ("my leg is red and painful", "ReportSymptomIntent", {"symptom": "leg_swelling"}),
    ("my leg is swollen and sore", "ReportSymptomIntent", {"symptom": "leg_swelling"}),
    ("my legs are swollen", "ReportSymptomIntent", {"symptom": "leg_swelling"}),
    ("i'm vomiting", "ReportSymptomIntent", {"symptom": "vomiting"}),
    ("i threw up twice", "ReportSymptomIntent", {"symptom": "vomiting"}),
    ("i've been vomiting and can't keep anything down", "ReportSymptomIntent", {"symptom": "vomiting"}),
    ("i keep throwing up", "ReportSymptomIntent", {"symptom": "vomiting"}),
    ("i'm completely exhausted", "ReportSymptomIntent", {"symptom": "exhaustion"}),
    ("i'm so exhausted i can barely stand", "ReportSymptomIntent", {"symptom": "exhaustion"}),
    ("i'm too tired to get out of bed", "ReportSymptomIntent", {"symptom": "exhaustion"}),
    ("the baby has a fever", "BabyUnwellIntent", {}),
    ("my baby is burning up", "BabyUnwellIntent", {}),
    ("the baby threw up", "BabyUnwellIntent", {}),
    ("should i pump more", "ExtraPumpingIntent", {}),
    ("should i pump extra", "ExtraPumpingIntent", {}),
    ("do i need to pump more", "ExtraPumpingIntent", {}),
]


@pytest.mark.parametrize("locale", MARKETS)
@pytest.mark.parametrize("text, intent, slots", PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_her_words_resolve_to_the_sign_or_the_answer(locale, text, intent, slots):
    found = locale_nlu(locale).resolve(text)
    heard = {name: v.id or v.spoken for name, v in found.slots.items()}
    # "vomiting and can't keep anything down" may fill both sign slots with the one sign, as Alexa would
    if heard.get("symptomTwo") == heard.get("symptom"):
        heard.pop("symptomTwo", None)
    assert (found.intent, heard) == (intent, slots)


@pytest.mark.parametrize("plain", ["i'm so tired", "i'm tired", "i'm exhausted", "i'm really tired"])
def test_overwhelming_tiredness_is_the_urgent_sign_but_plain_new_parent_tiredness_is_not(plain):
    """The CDC's sign is overwhelming tiredness: "completely exhausted", "can barely stand".
    Tired, even "so tired", is every new parent's night, not a call to the provider now."""
    nlu = locale_nlu("en-US")
    assert nlu.resolve("i'm completely exhausted").slots["symptom"].id == "exhaustion"
    assert "exhaustion" not in {v.id for v in nlu.resolve(plain).slots.values()}


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN"])
def test_in_british_english_being_sick_is_throwing_up(locale):
    for text in ("i keep being sick", "i have been sick"):
        assert locale_nlu(locale).resolve(text).slots["symptom"].id == "vomiting", text


def test_pus_is_its_sign_but_blood_from_a_cracked_nipple_is_not_taken_for_pus():
    nlu = locale_nlu("en-US")
    assert nlu.resolve("there's pus coming out of my nipple").slots["symptom"].id == "pus"
    assert "pus" not in {v.id for v in nlu.resolve("there's blood coming out of my nipple").slots.values()}


def test_a_leg_sign_with_sore_is_not_heard_as_breast_pain_too():
    for text in ("my calf is swollen and sore", "my leg is red and painful"):
        slots = locale_nlu("en-US").resolve(text).slots
        assert {v.id for v in slots.values()} == {"leg_swelling"}, text


# --- a low temperature ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def thresholds(content):
    return content["triage"]["thresholds"]


@pytest.mark.parametrize("whole, fraction, scale, expected_scale, low", [
    ("35", None, None, CELSIUS, True),
    ("35", "9", None, CELSIUS, True),
    ("36", None, None, CELSIUS, False),  # the line itself is not low (NICE NG51: under 36 C)
    ("34", None, None, CELSIUS, True),
    ("95", None, None, FAHRENHEIT, True),
    ("96", "8", None, FAHRENHEIT, False),
    ("96", "7", None, FAHRENHEIT, True),
    ("98", "6", None, FAHRENHEIT, False),
    ("38", "5", None, CELSIUS, False),
])
def test_a_reading_under_the_low_line_is_low_and_never_a_fever(thresholds, whole, fraction, scale, expected_scale, low):
    reading = read_temperature(whole, fraction, scale, thresholds)
    assert (reading.scale, reading.low) == (expected_scale, low)
    assert not (reading.low and reading.fever)


def test_a_low_reading_is_no_reassurance_it_says_take_it_again_and_when_to_call(user):
    user.launch()
    turn = user.say("GiveTemperature", whole="35")
    assert turn.text.startswith("35 degrees Celsius isn't a fever, but it's lower than usual. "
                                "Please take it again. If it's still low and you feel unwell, call your "
                                "healthcare provider now.")
    assert "under the fever line" not in turn.text
    assert EMERGENCY_SCREEN in turn.text  # and the warning-sign questions go on
    # a normal reading after it is the retake that settles it (tests/test_low_temperature.py)
    assert user.say("GiveTemperature", whole="98", fraction="6").text.startswith(
        "98.6 degrees Fahrenheit isn't low, so I've set the earlier low reading aside.")


# --- pus, throwing up, the leg -------------------------------------------------------------------
def test_pus_is_recorded_and_all_noes_end_with_the_provider_today(user):
    user.launch()
    asked = user.say("ReportSymptom", symptom="pus")
    assert asked.text.startswith("You mentioned pus from the breast or nipple.")
    assert EMERGENCY_SCREEN in asked.text
    told = user.say("AMAZON.NoIntent")
    assert told.text.startswith(PROVIDER_TODAY)
    assert "pus" in told.attributes["triage"]["signs"]


def test_throwing_up_is_urgent_and_ends_with_call_the_provider_now(user):
    user.launch()
    asked = user.say("ReportSymptom", symptom="vomiting")
    assert asked.text.startswith("You mentioned severe nausea or throwing up.")
    told = user.say("AMAZON.NoIntent")
    assert told.text.startswith(URGENT)
    assert "If you can't reach them, call 9 1 1 now, from a phone." in told.text


# --- the baby, and pumping more ------------------------------------------------------------------
def test_the_babys_fever_says_call_the_babys_doctor_now_then_what_to_say(user):
    user.launch()
    turn = user.say("BabyUnwell")
    assert turn.text.startswith("Please call your baby's doctor now. "
                                "A fever in a baby under 3 months is always urgent.")
    assert "call 9 1 1" in turn.text
    assert turn.text.endswith("Ask me another question, or say 'start'.") and not turn.ended
    assert turn.attributes["triage"]["signs"] == []  # the baby's fever is not hers


def test_the_babys_fever_while_a_safety_question_waits_is_answered_and_the_question_asked_again(user):
    user.launch()
    user.say("SuspectMastitis")
    turn = user.say("BabyUnwell")
    assert turn.text.startswith("Please call your baby's doctor now.")
    assert turn.text.endswith("Any trouble breathing, chest pain, confusion, or feeling faint or dizzy? Say yes, no, or not sure.")
    assert user.say("AMAZON.NoIntent").text.startswith("Do you have a fever?")  # the question still counts


def test_should_i_pump_more_is_answered_no_extra_sessions_and_the_method_is_kept(user):
    user.launch()
    turn = user.say("ExtraPumping")
    assert turn.text.startswith("Newer guidance says no need to add sessions or empty the breast. "
                                "Extra pumping makes more milk, and more swelling.")
    assert "you're pumping" not in turn.text
