"""The console as the parent uses it: typed lines through the turn loop, the real model and skill,
and the console's own local Alexa API (timers, reminders, permission, settings and their failures)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from driver import lambda_shaped
from skill.console.alexa_api import REMINDERS_SCOPE, TIMERS, TIMERS_SCOPE
from skill.console.envelopes import Session
from skill.console.nlu import default_nlu
from skill.console.repl import Console, local_console

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)  # Chicago: Fri 22:00; London: Sat 04:00


@pytest.fixture
def console(make_skill):
    session = Session(now=NOW)
    with local_console(lambda_shaped(make_skill()), default_nlu(), session, out=io.StringIO(),
                       monotonic=lambda: 0.0) as console:
        yield console


def type_(console: Console, *lines: str) -> str:
    """Type lines; what the console showed for them (Alexa's words and its notes)."""
    return "\n".join(entry.text for _, entries in console.play(lines) for entry in entries)


def ask_for_a_timer(console: Console) -> str:
    return type_(console, "open milk duct helper", "set a ten minute timer for the warm compress", "yes")


def test_a_timer_needs_permission_then_is_listed_and_goes_off(console):
    asked = ask_for_a_timer(console)
    assert "I'll need your permission" in asked and f"asks for permission {TIMERS_SCOPE}" in asked
    assert console.api.active("timer") == []
    allowed = type_(console, ":allow")
    assert "10 minute timer for the warm compress is running" in allowed
    [timer] = console.api.active("timer")
    assert timer.label == "warm compress" and timer.ends == NOW + timedelta(minutes=10)
    # The local API saw the request as Amazon's would: the session's token, the granted scope.
    [created] = [r for r in console.api.requests if r.path == TIMERS]
    assert created.authorization == "Bearer console-token" and TIMERS_SCOPE in console.api.granted

    listed = type_(console, ":timers")
    assert "timer 'warm compress', goes off Fri 22:10 America/Chicago, in 10 min" in listed
    assert "Your warm compress time is up." not in type_(console, ":time +9m")
    rang = type_(console, ":time +1m")
    assert "(Fri 22:10: the timer 'warm compress' goes off)\nYour warm compress time is up." in rang
    assert console.api.active("timer") == [] and "(no timers set)" in type_(console, ":timers")


def test_a_timer_goes_off_in_real_time_too(console):
    ask_for_a_timer(console)
    type_(console, ":allow")
    console.monotonic = lambda: 600.0  # ten real minutes pass; an empty line is enough to hear it
    assert "Your warm compress time is up." in type_(console, "")


def test_with_speak_the_timer_is_spoken_too(console):
    spoken: list[str] = []
    console.speaker = type("Recorder", (), {"say": lambda self, ssml: spoken.append(ssml), "stop": lambda self: None})()
    ask_for_a_timer(console)
    type_(console, ":allow", ":time +10m")
    assert spoken[-1] == "Your warm compress time is up."


def test_timers_are_listed_in_the_time_zone_the_settings_give(console):
    ask_for_a_timer(console)
    type_(console, ":allow")
    assert "(settings: time zone Europe/London, temperature unit CELSIUS)" in type_(
        console, ":settings tz=Europe/London unit=celsius")
    assert "goes off Sat 04:10 Europe/London" in type_(console, ":timers")


def test_allow_with_no_question_waiting_says_so(console):
    assert "no permission question is waiting" in type_(console, ":allow")
    assert console.api.granted == set() and not console.session.permissions_granted


def test_deny_sets_nothing_and_the_skill_keeps_time(console):
    ask_for_a_timer(console)
    denied = type_(console, ":deny")
    assert "without permission" in denied and "keep time here" in denied
    assert console.api.active("timer") == [] and not any(r.path == TIMERS for r in console.api.requests)
    assert console.api.granted == set()


def test_without_allow_the_api_refuses_as_alexa_does(console):
    """No grant: the API answers 401 even to a request that claims consent."""
    console.session.permissions_granted = True
    said = ask_for_a_timer(console)
    assert [r for r in console.api.requests if r.path == TIMERS]  # the skill tried
    assert console.api.active("timer") == []
    assert f"asks for permission {TIMERS_SCOPE}" in said  # and asks, as on a device


@pytest.mark.parametrize("status, said", [("503", "couldn't set that"), ("400", "can't take that")])
def test_a_failing_timers_api_is_paced_by_the_skill_until_fail_off(console, status, said):
    ask_for_a_timer(console)
    assert f"the timers API now answers {status}" in type_(console, f":fail timers {status}")
    failed = type_(console, ":allow")
    assert said in failed and "keep time here instead" in failed and "[pause 10s]" in failed
    assert console.api.active("timer") == []
    type_(console, ":fail off", ":new")
    assert "is running" in type_(console, "set a timer for ten minutes", "yes")
    assert len(console.api.active("timer")) == 1


def test_a_reminder_is_listed_and_spoken_when_due(console):
    type_(console, "open milk duct helper", "remind me to check in tomorrow")
    type_(console, "yes")
    type_(console, ":allow")
    assert REMINDERS_SCOPE in console.api.granted
    [reminder] = console.api.active("reminder")
    assert reminder.ends == NOW + timedelta(hours=24)
    assert "reminder goes off Sat 22:00 America/Chicago" in type_(console, ":reminders")
    rang = type_(console, ":time +24h")
    assert "(Sat 22:00: a reminder)" in rang and reminder.speech in rang


def test_settings_change_what_the_settings_api_answers(console):
    from ask_sdk_core.api_client import DefaultApiClient
    from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

    from skill.serializer import AlexaSerializer

    type_(console, ":settings tz=Europe/London unit=celsius")
    ups = ServiceClientFactory(ApiConfiguration(
        serializer=AlexaSerializer(), api_client=DefaultApiClient(),
        authorization_value=console.session.api_access_token, api_endpoint=console.session.api_endpoint,
    )).get_ups_service()
    assert ups.get_system_time_zone(console.session.device_id) == "Europe/London"
    assert ups.get_system_temperature_unit(console.session.device_id).value == "CELSIUS"
    assert "unknown time zone 'Mars/Olympus'" in type_(console, ":settings tz=Mars/Olympus")
    assert console.api.time_zone == "Europe/London"


RETURN_NEXT_MORNING = ["open milk duct helper", "it's on the left side near my armpit", "stop", ":time +8h",
                       "open milk duct helper"]


@pytest.mark.parametrize("setting, when", [
    (":settings tz=America/Chicago", "Welcome back. Last night, you told me"),  # Fri 22:00 there
    (":settings tz=Asia/Tokyo", "Welcome back. This afternoon, you told me"),  # Sat 13:00 there
    (":fail settings 503", "Welcome back."),  # no zone: the welcome back still comes, unharmed
])
def test_the_skill_speaks_times_in_the_zone_the_settings_api_gives(console, setting, when):
    said = type_(console, setting, *RETURN_NEXT_MORNING)
    assert when in said
    assert any(r.path.endswith("/settings/System.timeZone") for r in console.api.requests)


def test_a_wrong_token_is_refused(console):
    import requests

    answer = requests.get(f"{console.api.url}/v2/devices/x/settings/System.timeZone",
                          headers={"Authorization": "Bearer someone-else"}, timeout=5)
    assert answer.status_code == 401


def test_canfulfill_sends_its_own_envelope_outside_the_session(make_skill):
    """Only the envelope: the skill's CanFulfill handler is the web track's (issue 15 says so)."""
    seen: list[dict] = []
    skill = lambda_shaped(make_skill())

    def recording(event, context):
        seen.append(event)
        return skill(event, context)

    out = io.StringIO()
    console = Console(handler=recording, nlu=default_nlu(), session=Session(now=NOW), out=out)
    type_(console, "open milk duct helper")
    session_id = console.session.session_id
    shown = type_(console, ":canfulfill set a timer for ten minutes")
    envelope = seen[-1]
    assert envelope["request"]["type"] == "CanFulfillIntentRequest"
    assert envelope["request"]["intent"]["name"] == "SetTimerIntent"
    assert envelope["request"]["intent"]["slots"]["minutes"]["value"] == "10"
    assert envelope["session"]["new"] is True and envelope["session"]["sessionId"] != session_id
    assert console.session.session_id == session_id  # the conversation goes on untouched
    assert "CanFulfillIntentRequest for SetTimerIntent" in shown


def test_a_crashing_canfulfill_leaves_the_console_running(capsys):
    def broken(event, context):
        raise RuntimeError("boom")

    console = Console(handler=broken, nlu=default_nlu(), session=Session(now=NOW), out=io.StringIO())
    assert "(the skill raised an error; see above)" in type_(console, ":canfulfill what causes a clog")
    assert "RuntimeError: boom" in capsys.readouterr().err
    assert "no permission question is waiting" in type_(console, ":allow")  # still reading lines


def test_save_writes_the_conversation_as_markdown(console, tmp_path):
    ask_for_a_timer(console)
    type_(console, ":allow", "", ":time +10m")
    saved = tmp_path / "talk.md"
    assert f"(conversation saved to {saved})" in type_(console, f":save {saved}")
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("# Milk Duct Helper: console conversation\n")
    assert "**You:** set a ten minute timer for the warm compress\n" in text and "**You:** `:allow`" in text
    assert "**Alexa:** I'll set a 10 minute timer for the warm compress." in text
    assert "> (Fri 22:10: the timer 'warm compress' goes off)\n\n**Alexa:** Your warm compress time is up." in text
    assert "could not write" in type_(console, f":save {tmp_path / 'missing' / 'x.md'}")


def test_pauses_are_marked_in_the_saved_transcript(console, tmp_path):
    type_(console, "open milk duct helper", "help me with a clogged duct", "no", "the classic one", "next", "next")
    type_(console, f":save {tmp_path / 't.md'}")
    assert "*(pause 10s)*" in (tmp_path / "t.md").read_text(encoding="utf-8")


def test_dev_console_script_prints_the_transcript(tmp_path):
    script = tmp_path / "timer.txt"
    script.write_text("# a timer, allowed, then its end\nopen milk duct helper\nset a ten minute timer for the warm compress\n"
                      "yes\n:allow\n:timers\n\n:time +10m\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "skill.console", "--script", str(script),
                           "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "you> open milk duct helper" and "a timer, allowed" not in done.stdout
    assert "you> :allow" in lines and "alexa> Your warm compress time is up." in lines
    assert any(line.startswith("(timer 'warm compress', goes off") for line in lines)


def test_dev_console_script_names_a_missing_file(tmp_path):
    done = subprocess.run([sys.executable, "-m", "skill.console", "--script", str(tmp_path / "nope.txt")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--script: no such file" in done.stderr


def test_no_request_leaves_the_machine_by_default():
    assert json.dumps(Session().launch()["context"]["System"]["apiEndpoint"]) == '"http://127.0.0.1:9"'
