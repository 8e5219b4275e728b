"""Every English market: the locale chain of the responses, the market's words in the health
facts, the locale picked from the request (unsupported ones answered in en-US, with a log line),
and the device's temperature unit read through the Settings API and kept for a week."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
import yaml

from driver import Driver
from skill import alexa_apis
from skill.console.envelopes import Session
from skill.content import ContentError
from skill.content.compiler import compile_content
from skill.logic import locale as locales
from skill.logic.conversation import Conversation
from skill.logic.turn import Context

REAL = Path(__file__).resolve().parents[1] / "content"
MARKETS = ["en-US", "en-CA", "en-GB", "en-AU", "en-IN"]
# (time zone, temperature unit) each market assumes when the device does not say.
CONVENTIONS = {
    "en-US": ("America/New_York", "fahrenheit"),
    "en-CA": ("America/Toronto", "celsius"),
    "en-GB": ("Europe/London", "celsius"),
    "en-AU": ("Australia/Sydney", "celsius"),
    "en-IN": ("Asia/Kolkata", "fahrenheit"),
}
BRITISH = {"en-GB", "en-AU", "en-IN"}


def test_the_content_serves_the_five_markets(content):
    assert locales.supported(content) == set(MARKETS)


@pytest.mark.parametrize("locale", MARKETS)
def test_every_locale_has_every_response_and_its_conventions(content, locale):
    dialog = Context(content, locale).dialog
    assert set(dialog.templates) == set(content["responses"])
    zone, unit = CONVENTIONS[locale]
    assert (dialog.text("default_time_zone"), dialog.text("default_temperature_unit")) == (zone, unit)


@pytest.mark.parametrize("locale", MARKETS)
def test_market_words_reach_the_health_facts_and_ids_stay(content, locale):
    c = Context(content, locale)
    step = next(s for section in c.routine.sections for s in section["steps"] if s["id"] == "diaper_compress")
    outer = c.positions["locations"]["outer"]
    hold, said = outer["hold"], " ".join(outer["say"])
    if locale in BRITISH:
        assert "disposable nappy" in step["say"] and step["title"] == "nappy compress"
        assert "diaper" not in step["say"] and hold == "rugby ball hold"
        assert "in a rugby ball hold" in said and "towards the outer breast" in said
    else:
        assert "disposable diaper" in step["say"] and hold == "football hold"
        assert "toward the outer breast" in said
    # The base content is never changed by a market's words.
    assert "diaper" in next(s for s in content["routine"]["sections"][0]["steps"] if s["id"] == "diaper_compress")["say"]


def test_rewording_keeps_case_placeholders_and_longer_words():
    words = {"toward": "towards", "afterward": "afterwards", "football hold": "rugby ball hold"}
    said = locales.rewording(words)({"id": "toward", "say": ["Afterward, lean toward {toward}; towards stays.",
                                                             "A football hold."]})
    assert said == {"id": "toward", "say": ["Afterwards, lean towards {toward}; towards stays.", "A rugby ball hold."]}


def test_the_default_context_is_built_at_start_and_the_others_on_first_use(content):
    conversation = Conversation(content)
    assert set(conversation.contexts) == {"en-US"}
    assert conversation.in_locale("en-GB").locale == "en-GB"
    assert conversation.in_locale("en-GB") is conversation.in_locale("en-GB")
    assert conversation.in_locale("fr-FR") is conversation.context
    assert conversation.in_locale(None) is conversation.context
    assert set(conversation.in_locale("en-AU").pending) == set(conversation.pending)


# --- the request's locale, through the real skill ---------------------------------------------------
def driver(make_skill, locale: str, **session) -> Driver:
    return Driver(make_skill(), Session(locale=locale, **session))


def test_the_request_locale_picks_the_market(make_skill):
    gb = driver(make_skill, "en-GB")
    gb.launch()
    gb.say("StartRoutine")
    gb.say("AMAZON.No")
    gb.say("ChooseRoutine", routine="classic")
    nappy = gb.say("AMAZON.Next")
    assert "nappy" in nappy.text and "diaper" not in nappy.text
    us = driver(make_skill, "en-US")
    us.launch()
    us.say("StartRoutine")
    us.say("AMAZON.No")
    us.say("ChooseRoutine", routine="classic")
    assert "disposable diaper" in us.say("AMAZON.Next").text


@pytest.mark.parametrize("requested, logged", [("de-DE", "answering de-DE in en-US"),
                                               ("<b>x</b>", "answering an unreadable locale in en-US")])
def test_an_unsupported_locale_is_answered_in_us_english_with_a_log_line(make_skill, caplog, requested, logged):
    user = driver(make_skill, requested)
    user.launch()
    with caplog.at_level(logging.INFO, logger="skill.handlers"):
        reply = user.say("ReportSymptom", symptom="fever")
    assert "You mentioned a fever." in reply.text
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.handlers"]
    assert logged in lines
    assert not any("fever" in line or "amzn1" in line for line in lines), lines


def test_the_locale_is_chosen_and_logged_once_a_turn(make_skill, caplog):
    user = driver(make_skill, "de-DE")
    user.launch()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="skill.handlers"):
        user.say("ReportSymptom", symptom="fever")
    assert [r.getMessage() for r in caplog.records if r.name == "skill.handlers"] == ["answering de-DE in en-US"]


# --- the device's temperature unit -----------------------------------------------------------------
def unit_requests(api) -> list:
    return [r for r in api.requests if r.path.endswith("/settings/System.temperatureUnit")]


@pytest.mark.parametrize("locale, device_unit, example", [
    ("en-US", "CELSIUS", "like 'thirty eight point three', or '101 Fahrenheit'"),
    ("en-GB", "FAHRENHEIT", "like '101', or 'thirty eight point three Celsius'"),
    ("en-GB", None, "like 'thirty eight point three', or '101 Fahrenheit'"),
    ("en-US", None, "like '101', or 'thirty eight point three Celsius'"),
    ("en-IN", None, "like '101', or 'thirty eight point three Celsius'"),
    ("en-CA", None, "like 'thirty eight point three', or '101 Fahrenheit'"),
])
def test_an_unclear_reading_gets_an_example_in_the_device_unit(make_skill, fake_alexa_api, locale, device_unit,
                                                               example):
    if device_unit is None:
        fake_alexa_api.respond_with("/v2/devices/", 404)
    else:
        fake_alexa_api.temperature_unit = device_unit
    from skill.alexa_apis import AlexaApiClient

    user = Driver(make_skill(api_client=AlexaApiClient()),
                  Session(locale=locale, api_endpoint=fake_alexa_api.url))
    user.launch()
    reply = user.say("GiveTemperature", whole=500)
    assert "That doesn't sound like a body temperature I can use." in reply.text
    assert example in reply.text
    # Both units are understood everywhere, whatever the device says.
    assert "38.5 degrees Celsius counts as a fever." in user.say("GiveTemperature", whole=38, fraction=5).text
    assert "101 degrees Fahrenheit counts as a fever." in user.say("GiveTemperature", whole=101).text
    user.say("GiveTemperature", whole=7)
    assert len(unit_requests(fake_alexa_api)) == 1, "looked up once, then kept in the preferences"


def test_the_unit_is_looked_up_again_after_a_week(make_skill, fake_alexa_api):
    from skill.alexa_apis import AlexaApiClient

    fake_alexa_api.temperature_unit = "CELSIUS"
    user = Driver(make_skill(api_client=AlexaApiClient()), Session(locale="en-GB", api_endpoint=fake_alexa_api.url))
    user.launch()
    user.say("GiveTemperature", whole=500)
    fake_alexa_api.temperature_unit = "FAHRENHEIT"
    user.session.advance(days=6, hours=23)
    assert "like 'thirty eight point three'" in user.say("GiveTemperature", whole=500).text
    user.session.advance(hours=1)
    assert "like '101'" in user.say("GiveTemperature", whole=500).text
    assert len(unit_requests(fake_alexa_api)) == 2


def test_a_readable_reading_costs_no_settings_lookup(make_skill, fake_alexa_api):
    from skill.alexa_apis import AlexaApiClient

    user = Driver(make_skill(api_client=AlexaApiClient()), Session(locale="en-GB", api_endpoint=fake_alexa_api.url))
    user.launch()
    assert "counts as a fever" in user.say("GiveTemperature", whole=39).text
    assert unit_requests(fake_alexa_api) == []


@pytest.mark.parametrize("served, expected", [("CELSIUS", "celsius"), ("FAHRENHEIT", "fahrenheit")])
def test_temperature_unit_comes_from_the_device_settings(fake_alexa_api, served, expected):
    from test_alexa_apis import DEVICE, envelope_for, handler_input_for

    fake_alexa_api.temperature_unit = served
    assert alexa_apis.get_temperature_unit(handler_input_for(envelope_for(fake_alexa_api.url))) == expected
    [sent] = fake_alexa_api.requests
    assert (sent.method, sent.path) == ("GET", f"/v2/devices/{DEVICE}/settings/System.temperatureUnit")


@pytest.mark.parametrize("status", [401, 403, 404, 500])
def test_temperature_unit_failures_give_none(fake_alexa_api, status):
    from test_alexa_apis import envelope_for, handler_input_for

    fake_alexa_api.respond_with("/v2/devices/", status)
    assert alexa_apis.get_temperature_unit(handler_input_for(envelope_for(fake_alexa_api.url))) is None


# --- the compiler's checks of the overlays ----------------------------------------------------------
@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns(".compiled.json*"))
    return target


def overlay(directory: Path, locale: str, change) -> None:
    path = directory / "locale" / locale / "responses.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.parametrize("locale, change, message", [
    ("en-GB", lambda d: d["responses"].update(welcom_first="Hiya."),
     "content/locale/en-GB/responses.yaml: responses.welcom_first: overrides 'welcom_first', which en-US does not have"),
    ("en-GB", lambda d: d["responses"].update(symptom_heard="You mentioned {sign}."),
     "responses.symptom_heard: must use the same placeholders as en-US (signs)"),
    ("en-AU", lambda d: d.update(parent="en-NZ"), "parent: 'en-NZ' is not a locale"),
    ("en-GB", lambda d: d.update(parent="en-AU"), "parent: the chain en-AU -> en-GB -> en-AU loops"),
    ("en-GB", lambda d: d["words"].update(trashcan="bin"), "words.trashcan: the content never says 'trashcan'"),
    ("en-CA", lambda d: d.update(parent="english"), "parent: 'english' does not match"),
])
def test_a_broken_overlay_stops_start_up_by_name(copy, locale, change, message):
    overlay(copy, locale, change)
    with pytest.raises(ContentError, match=re.escape(message)):
        compile_content(copy)


def test_a_new_locale_folder_needs_its_responses_file(copy):
    (copy / "locale" / "en-IE").mkdir()
    with pytest.raises(ContentError, match=re.escape("content/locale/en-IE/responses.yaml: file is missing")):
        compile_content(copy)


def test_a_locale_folder_without_a_market_stops_start_up(copy):
    (copy / "locale" / "en-IE").mkdir()
    (copy / "locale" / "en-IE" / "responses.yaml").write_text(
        "parent: en-GB\nresponses:\n  default_time_zone: Europe/Dublin\n")
    with pytest.raises(ContentError, match=re.escape(
            "content/services.yaml: markets: must name en-US and each folder of locale/, no more "
            "(folders without a market: en-IE; markets without a folder: none)")):
        compile_content(copy)


def test_a_market_without_a_locale_folder_stops_start_up(copy):
    shutil.rmtree(copy / "locale" / "en-IN")
    with pytest.raises(ContentError, match=re.escape(
            "(folders without a market: none; markets without a folder: en-IN)")):
        compile_content(copy)


def add_market(directory: Path, locale: str, like: str) -> None:
    """A market for a new locale, with another market's numbers (the test needs any)."""
    path = directory / "services.yaml"
    data = yaml.safe_load(path.read_text())
    data["markets"][locale] = data["markets"][like]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_sixth_locale_is_one_folder_and_its_market(copy):
    (copy / "locale" / "en-IE").mkdir()
    (copy / "locale" / "en-IE" / "responses.yaml").write_text(
        "parent: en-GB\nresponses:\n  default_time_zone: Europe/Dublin\n")
    add_market(copy, "en-IE", like="en-GB")
    compiled = compile_content(copy)
    c = Conversation(compiled).in_locale("en-IE")
    assert c.locale == "en-IE" and c.dialog.text("default_time_zone") == "Europe/Dublin"
    assert c.dialog.text("default_temperature_unit") == "celsius"
    assert c.positions["locations"]["outer"]["hold"] == "rugby ball hold"


# --- the console --------------------------------------------------------------------------------
def test_the_console_speaks_a_locale(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "talk.txt"
    script.write_text("open milk duct helper\nhelp me with a blocked duct\nno\nthe classic one\nnext\n"
                      "my temperature is five hundred\n:settings\n")
    done = subprocess.run([sys.executable, "-m", "skill.console", "--locale", "en-GB", "--script", str(script),
                           "--data-dir", str(tmp_path / "data")], capture_output=True, text=True, timeout=120,
                          cwd=REAL.parent)
    assert done.returncode == 0, done.stderr
    assert "disposable nappy" in done.stdout
    assert "like 'thirty eight point three', or '101 Fahrenheit'" in done.stdout, "a British device: Celsius"
    assert "time zone Europe/London, temperature unit CELSIUS" in done.stdout


def test_the_console_refuses_a_locale_it_has_no_model_for(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "skill.console", "--locale", "de-DE"], capture_output=True,
                          text=True, timeout=60, cwd=REAL.parent)
    assert done.returncode == 2 and "invalid choice: 'de-DE'" in done.stderr


# --- dates in the market's time ---------------------------------------------------------------------
@pytest.mark.parametrize("locale, when", [
    ("en-US", "Yesterday afternoon"),  # 14:30 in New York
    ("en-CA", "Yesterday afternoon"),  # 14:30 in Toronto
    ("en-GB", "Yesterday evening"),  # 19:30 in London
    ("en-AU", "This morning"),  # 06:30 in Sydney, the next day
    ("en-IN", "Last night"),  # 01:00 in Kolkata, the next day
])
def test_when_the_clog_began_is_said_in_the_markets_time_when_the_device_does_not_say(conversation, locale, when):
    from datetime import datetime, timezone

    from skill.logic.conversation import Event

    memory = {"prefs": {"disclaimer_heard": True},
              "episode": {"started": "2026-11-20T19:30:00+00:00", "side": "left", "tried": [], "signs": []}}
    now = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)
    reply = conversation.handle(Event("Launch"), {}, memory, now, time_zone=lambda: None, locale=locale)
    assert reply.speech[0].text.startswith(f"Welcome back. {when}, you told me about a clog on the left side.")


def test_the_devices_time_zone_wins_over_the_markets(conversation):
    from datetime import datetime, timezone

    from skill.logic.conversation import Event

    memory = {"prefs": {"disclaimer_heard": True},
              "episode": {"started": "2026-11-20T19:30:00+00:00", "tried": [], "signs": []}}
    reply = conversation.handle(Event("Launch"), {}, memory, datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc),
                                time_zone=lambda: "America/Los_Angeles", locale="en-GB")
    assert "Yesterday morning" in reply.speech[0].text  # 11:30 in Los Angeles


def test_british_markets_say_paracetamol_in_the_pain_relief_answer(content):
    assert "acetaminophen" in " ".join(Context(content, "en-US").topics["pain_relief"]["say"])
    for locale in BRITISH:
        said = " ".join(Context(content, locale).topics["pain_relief"]["say"])
        assert "paracetamol" in said and "acetaminophen" not in said, locale
