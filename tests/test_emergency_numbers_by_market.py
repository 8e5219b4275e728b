"""The emergency advice names the market's numbers, and a market with no second number says
nothing in its place (skill/logic/market.py: an absent `also` fills as nothing, and the
sentence it was is dropped). Expected sentences are written out here from each market's
emergency services, not read from the content."""
import pytest

from driver import Driver
from skill.console.envelopes import Session


HEARD = "You mentioned chest pain."
SERIOUS = "This could be serious, and it's best to get help right away. Say 'repeat' to hear this again."


@pytest.mark.parametrize("locale, advice", [
    ("en-US", f"Please call 9 1 1 now, from a phone. Alexa can't place that call. {HEARD} {SERIOUS}"),
    ("en-GB", f"Please call 9 9 9 now, from a phone. Alexa can't place that call. {HEARD} You can also call 1 1 2. "
              f"{SERIOUS}"),
])
def test_chest_pain_gets_the_markets_emergency_numbers_first(make_skill, locale, advice):
    parent = Driver(make_skill(), Session(locale=locale, api_endpoint="http://127.0.0.1:9"))
    parent.launch()
    assert parent.say("ReportSymptom", symptom="chest_pain").text == advice


SUPPORT = "You deserve support, and you're not alone."


@pytest.mark.parametrize("locale, advice", [
    ("en-US", "Please call 9 1 1 now, from a phone. Alexa can't place that call. You mentioned thoughts of harming "
              f"yourself. {SUPPORT} You can also call or text 9 8 8, the Suicide and Crisis Lifeline, any time. "
              "Say 'repeat' to hear this again."),
    ("en-AU", "Please call triple zero, or in New Zealand, 1 1 1 now, from a phone. Alexa can't place that call. "
              f"You mentioned thoughts of harming yourself. {SUPPORT} "
              "You can also call 13 11 14, Lifeline, any time. In New Zealand, call or text 1 7 3 7. "
              "Say 'repeat' to hear this again."),
])
def test_thoughts_of_self_harm_get_the_markets_crisis_line_too(make_skill, locale, advice):
    parent = Driver(make_skill(), Session(locale=locale, api_endpoint="http://127.0.0.1:9"))
    parent.launch()
    assert parent.say("ReportSymptom", symptom="self_harm").text == advice
