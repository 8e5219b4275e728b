"""End to end in every English market: virtual-alexa with that locale's interaction model and
locale, against the real web service. Every emergency sign, at launch and mid-routine, gets the
emergency advice; thoughts of self-harm get the words for it; a fever said in the device's unit
(read from a local fake of the Alexa Settings API) gets the provider advice."""
from __future__ import annotations

import pytest

from driver import speech_text
from test_e2e import NODE, NPM, START, drive, new_user, node_driver, said, state  # noqa: F401
from webservice_server import WebService, webservice  # noqa: F401

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
BEFORE = {"at-launch": [], "mid-routine": [START, "no", "next"]}
FORGET = ["delete my data", "yes"]  # each sign starts from a user with no history
# en-CA and en-IN devices set against their market's convention: the device's setting wins.
DEVICE_UNITS = {"en-US": "FAHRENHEIT", "en-CA": "FAHRENHEIT", "en-GB": "CELSIUS", "en-AU": "CELSIUS",
                "en-IN": "CELSIUS"}
FEVER = {"FAHRENHEIT": ("one hundred and two", "102 degrees Fahrenheit counts as a fever."),
         "CELSIUS": ("thirty eight point nine", "38.9 degrees Celsius counts as a fever.")}
EXAMPLE = {"FAHRENHEIT": "You can say a number like '101'", "CELSIUS": "You can say a number like 'thirty eight point three'"}


def keys(response: dict) -> list[str]:
    """The response keys of what was said (the reply the skill keeps for "repeat")."""
    return [item.partition("|")[0] for item in (state(response).get("_last") or {}).get("speech", [])]


@pytest.mark.parametrize("before", list(BEFORE), ids=list(BEFORE))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_emergency_sign_gets_the_emergency_advice(node_driver, webservice, locale, before):  # noqa: F811
    steps = [step for utterance in SIGNS.values() for step in ({"launch": True}, *BEFORE[before], utterance, *FORGET)]
    responses = drive(node_driver, webservice.url, steps, new_user(), locale)
    per_sign = len(steps) // len(SIGNS)
    for number, sign in enumerate(SIGNS):
        answer = responses[number * per_sign + 1 + len(BEFORE[before])]
        where = f"{locale} {before} {sign}: {said(answer)[:200]}"
        assert sign in state(answer)["triage"]["signs"], where
        assert "outcome:emergency" in keys(answer) and state(answer)["emergency"] is True, where
        assert "emergency number" in said(answer) and "from a phone" in said(answer), where
        assert not answer["response"].get("shouldEndSession"), where
        if sign == "self_harm":
            assert "you deserve help right now" in said(answer), where


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
    assert "emergency number" in speech_text(no["response"]["outputSpeech"]["ssml"])
