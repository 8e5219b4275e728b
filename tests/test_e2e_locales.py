"""End to end in every English market: virtual-alexa with that locale's interaction model and
locale, against the real web service. Every emergency sign, at launch and mid-routine, gets the
emergency advice, with that market's number in the first sentence, and thoughts of self-harm that
market's crisis line; a fever said in the device's unit (read from a local fake of the Alexa
Settings API) gets the provider advice."""
from __future__ import annotations

import re

import pytest

from test_e2e import CLASSIC, NODE, NPM, START, drive, new_user, node_driver, said, state  # noqa: F401
from webservice_server import WebService

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (NODE and NPM), reason="node and npm are needed for the virtual-alexa e2e tests"),
]

LOCALES = ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"]
# Each emergency sign as a parent might say it (these resolve in every market's model).
SIGNS = {
    "trouble_breathing": "i can't breathe",
    "chest_pain": "i have chest pain",
    "racing_heart": "my heart is racing",
    "confusion": "i feel confused",
    "fainting": "i passed out",
    "self_harm": "i want to hurt myself",
    "harm_baby": "i have thoughts of hurting my baby",
    "seizure": "i had a seizure",
}
BEFORE = {"at-launch": [], "mid-routine": [START, "no", CLASSIC, "next"]}
FORGET = ["delete my data", "yes"]  # each sign starts from a user with no history
# en-CA and en-IN devices set against their market's convention: the device's setting wins.
DEVICE_UNITS = {"en-US": "FAHRENHEIT", "en-CA": "FAHRENHEIT", "en-GB": "CELSIUS", "en-AU": "CELSIUS",
                "en-IN": "CELSIUS"}
FEVER = {"FAHRENHEIT": ("one hundred and two", "102 degrees Fahrenheit counts as a fever."),
         "CELSIUS": ("thirty eight point nine", "38.9 degrees Celsius counts as a fever.")}
# From the issue (each with its source in content/services.yaml): what to call, per market.
EMERGENCY_NUMBER = {"en-US": "911", "en-CA": "911", "en-GB": "999", "en-AU": "000", "en-IN": "112"}
CRISIS_LINE = {"en-US": "988", "en-CA": "988", "en-GB": "116123", "en-AU": "131114", "en-IN": "14416"}
EXAMPLE = {"FAHRENHEIT": "You can say a number like '101'", "CELSIUS": "You can say a number like 'thirty eight point three'"}


def keys(response: dict) -> list[str]:
    """The response keys of what was said (the reply the skill keeps for "repeat")."""
    return [item.partition("|")[0] for item in (state(response).get("_last") or {}).get("speech", [])]


def digits(text: str) -> str:
    """Spoken numbers as digits: "call 9 9 9", "1 1 6, 1 2 3", "triple zero" -> 999, 116123, 000."""
    return re.sub(r"(?<=\d)[ ,]+(?=\d)", "", text.lower().replace("triple zero", "000"))


def first_sentence(response: dict) -> str:
    return re.split(r"(?<=[.!?])\s", said(response), maxsplit=1)[0]


@pytest.fixture(scope="module")
def emergencies(node_driver):  # noqa: F811
    """Per (locale, state): each sign's answer, from one user who forgets between signs."""
    found = {}
    with WebService(env={"MILKDUCT_DATA_DIR": _data_dir()}) as service:
        for locale in LOCALES:
            for before, lead in BEFORE.items():
                steps = [step for utterance in SIGNS.values()
                         for step in ({"launch": True}, *lead, utterance, *FORGET)]
                responses = drive(node_driver, service.url, steps, new_user(), locale)
                per_sign = len(steps) // len(SIGNS)
                for number, sign in enumerate(SIGNS):
                    found[locale, before, sign] = responses[number * per_sign + 1 + len(lead)]
    return found


CASES = [(locale, before) for locale in LOCALES for before in BEFORE]


@pytest.mark.parametrize("locale, before", CASES)
def test_every_emergency_sign_gets_the_emergency_advice(emergencies, locale, before):
    for sign in SIGNS:
        answer = emergencies[locale, before, sign]
        where = f"{locale} {before} {sign}: {said(answer)[:200]}"
        assert sign in state(answer)["triage"]["signs"] and state(answer)["emergency"] is True, where
        assert {"outcome:emergency", "outcome:crisis"} & set(keys(answer)), where
        assert "from a phone" in said(answer), where
        assert not answer["response"].get("shouldEndSession"), where


@pytest.mark.parametrize("locale, before", CASES)
def test_the_first_sentence_names_the_markets_number(emergencies, locale, before):
    for sign in SIGNS:
        assert EMERGENCY_NUMBER[locale] in digits(first_sentence(emergencies[locale, before, sign])), sign


@pytest.mark.parametrize("locale, before", CASES)
def test_thoughts_of_self_harm_get_the_markets_crisis_line(emergencies, locale, before):
    answer = emergencies[locale, before, "self_harm"]
    assert CRISIS_LINE[locale] in digits(said(answer)), said(answer)


@pytest.fixture(scope="module")
def device():
    """A local fake of the Alexa APIs, and a web service that trusts its certificate."""
    from skill.console.alexa_api import LocalAlexaApi

    api = LocalAlexaApi()
    with api.serving():
        with WebService(env={"MILKDUCT_DATA_DIR": str(_data_dir())}) as service:
            yield api, service


def _data_dir():
    import tempfile

    return tempfile.mkdtemp(prefix="milkduct-e2e-locales-")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_fever_in_the_device_unit_gets_the_provider_advice(node_driver, device, locale):  # noqa: F811
    api, service = device
    unit = api.temperature_unit = DEVICE_UNITS[locale]
    reading, heard = FEVER[unit]
    launch, unclear, fever, no = drive(node_driver, service.url, [{"launch": True}, "my temperature is five hundred",
                                                                  f"my temperature is {reading}", "no"],
                                       new_user(), locale, api_endpoint=api.url)
    assert EXAMPLE[unit] in said(unclear), said(unclear)
    assert any(r.path.endswith("/settings/System.temperatureUnit") for r in api.requests)
    assert heard in said(fever) and state(fever)["pending"] == "triage"
    assert "outcome:provider" in keys(no), said(no)
