"""Drive the real skill with real request envelopes, turn by turn, as Alexa would."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from skill.console.envelopes import Session, slot
from skill.envelope_guard import answer_event

# AMAZON.NUMBER slots carry digits and no entity resolution.
NUMBER_SLOTS = {"whole", "fraction", "amount", "minutes"}


@dataclass
class Turn:
    response: dict

    @property
    def body(self) -> dict:
        return self.response["response"]

    @property
    def ssml(self) -> str:
        return self.body.get("outputSpeech", {}).get("ssml", "")

    @property
    def reprompt_ssml(self) -> str:
        return self.body.get("reprompt", {}).get("outputSpeech", {}).get("ssml", "")

    @property
    def text(self) -> str:
        """The words, with pauses as [pause Ns], as the console prints them."""
        return speech_text(self.ssml)

    @property
    def reprompt(self) -> str:
        return speech_text(self.reprompt_ssml)

    @property
    def ended(self) -> bool:
        return self.body.get("shouldEndSession") is True

    @property
    def attributes(self) -> dict:
        return self.response.get("sessionAttributes") or {}


def speech_text(ssml: str) -> str:
    if not ssml:
        return ""
    root = ElementTree.fromstring(ssml)  # also proves the SSML is well-formed XML
    parts = [root.text or ""]
    for child in root:
        if child.tag == "break":
            parts.append(f" [pause {child.get('time')}] ")
        parts.append(child.tail or "")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def slots_of(values: dict) -> list[dict]:
    return [slot(name, str(value)) if name in NUMBER_SLOTS else slot(name, str(value), str(value))
            for name, value in values.items() if value is not None]


class Driver:
    """One user talking to one skill instance."""

    def __init__(self, skill, session: Session | None = None):
        from ask_sdk_model import RequestEnvelope

        self.skill = skill
        self.session = session or Session(api_endpoint="http://127.0.0.1:9")
        self._serializer = skill.serializer
        self._envelope_type = RequestEnvelope

    def send(self, envelope: dict) -> Turn:
        request = self._serializer.deserialize(json.dumps(envelope), self._envelope_type)
        response = self._serializer.serialize(self.skill.invoke(request_envelope=request, context=None))
        self.session.absorb(response)
        return Turn(response)

    def launch(self) -> Turn:
        return self.send(self.session.launch())

    def say(self, intent: str, **slot_values) -> Turn:
        if not intent.endswith("Intent"):
            intent += "Intent"
        if "." not in intent and intent[0].islower():
            intent = intent[0].upper() + intent[1:]
        return self.send(self.session.intent(intent, slots_of(slot_values)))


def lambda_shaped(skill):
    """`skill` behind a `lambda_handler`-shaped function (event dict in, response dict out),
    with the Lambda entry point's own guard around it."""
    return functools.partial(answer_event, skill)
