"""A cold start loads what a voice-only launch needs and nothing more (bench/ measures how long
it takes): each module below is imported on the first request that needs it. Whole processes,
as a Lambda cold start is one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from skill.console.envelopes import Session
from skill.logic.conversation import Conversation, Event

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)

# Never loaded by a first-time user's launch on a voice-only device, with the local store.
NOT_ON_A_LAUNCH = {
    "skill.actions": "timers, reminders and erasing: only a reply with an action",
    "skill.alexa_apis": "the Alexa API calls, and `requests` under them",
    "requests": "the HTTP client, only for an Alexa API call",
    "skill.slots": "reading slots: a launch has none",
    "skill.platform_handlers": "CanFulfillIntentRequest and platform events",
    "skill.logic.carry": "what a session carries after a failed save",
    "skill.logic.flows.alerts": "timers and reminders",
    "skill.logic.flows.choice": "choosing a routine",
    "skill.logic.flows.data": "erasing memory",
    "skill.logic.flows.retract": "taking a sign back",
    "skill.persistence.merge": "merging two turns' writes",
    "skill.render.screens": "screens, only for a device with one",
    "skill.content.compiler": "the content compiler (YAML, schema), only for changed sources",
    "yaml": "PyYAML, the compiler's",
    "jsonschema": "the compiler's",
    "dateutil.parser": "the SDK's free-form time parser (Alexa sends ISO 8601)",
    "zoneinfo": "time zones, only for a reply that says a time",
    "botocore": "DynamoDB, only with MILKDUCT_TABLE set",
    "skill.console": "the terminal console",
    "skill.webservice": "the web service",
}

# The requests are built here: the child process imports only the entry point, as Lambda does.
LAUNCH_THEN_CAN_FULFILL = """
import json, sys
launch, question = json.loads(sys.stdin.read())
from skill.lambda_function import lambda_handler
launch = lambda_handler(launch, None)
loaded = sorted(sys.modules)
answer = lambda_handler(question, None)
print(json.dumps({"launch": launch, "loaded": loaded, "answer": answer,
                  "later": sorted(m for m in ("skill.platform_handlers", "skill.slots") if m in sys.modules)}))
"""


def run_fresh_process(tmp_path) -> dict:
    question = Session().intent("StartRoutineIntent", [])
    question["request"]["type"] = "CanFulfillIntentRequest"  # as Alexa sends it: outside any session
    del question["session"]
    requests = [Session(user_id="amzn1.ask.account.COLD").launch(), question]
    env = {k: v for k, v in os.environ.items() if k not in ("MILKDUCT_TABLE", "DYNAMODB_ENDPOINT_URL")}
    run = subprocess.run([sys.executable, "-c", LAUNCH_THEN_CAN_FULFILL], input=json.dumps(requests), cwd=ROOT,
                         capture_output=True, text=True, check=True, env={**env, "MILKDUCT_DATA_DIR": str(tmp_path)})
    return json.loads(run.stdout.splitlines()[-1])


def test_a_voice_only_launch_loads_none_of_what_only_other_requests_need(tmp_path):
    result = run_fresh_process(tmp_path)
    # A real first launch was answered: the welcome with the disclaimer.
    assert result["launch"]["response"]["outputSpeech"]["ssml"].startswith("<speak>Hi, I'm Milk Duct Helper.")
    loaded = result["loaded"]
    assert [name for name in NOT_ON_A_LAUNCH if any(m == name or m.startswith(name + ".") for m in loaded)] == []


def test_what_a_launch_left_out_is_loaded_when_a_request_needs_it(tmp_path):
    result = run_fresh_process(tmp_path)
    assert result["answer"]["response"]["canFulfillIntent"]["canFulfill"] == "YES"
    assert result["later"] == ["skill.platform_handlers", "skill.slots"]


# --- flows declared on first need ------------------------------------------------------------

def test_a_cold_conversation_answers_a_question_that_a_flow_it_has_not_loaded_left_waiting(content):
    """Another process asked "shall I erase?"; this one starts cold and hears "yes"."""
    state: dict = {}
    memory: dict = {}
    asker = Conversation(content)
    asker.handle(Event("Launch"), state, memory, NOW)
    asker.handle(Event("DeleteDataIntent"), state, memory, NOW)
    assert state["pending"] == "delete_confirm"
    cold = Conversation(content)
    assert "delete_confirm" not in cold.pending  # not declared until a turn needs it
    assert cold.handle(Event("AMAZON.YesIntent"), state, memory, NOW).actions == [{"type": "delete_memory"}]


def test_a_cold_conversation_takes_a_later_flows_intent_and_says_what_follows_its_action(content):
    cold = Conversation(content)
    state: dict = {}
    memory: dict = {"prefs": {"disclaimer_heard": True}}
    asked = cold.handle(Event("SetReminderIntent", {"reminder": "checkin"}), state, memory, NOW)
    assert state["pending"] == "reminder_confirm" and asked.keys() == ["reminder_confirm_checkin", "shall_i"]
    after = Conversation(content).after_action({"type": "delete_memory"}, "CREATED", state, memory, NOW)
    assert after.keys() == ["deleted", "next_idle"]
