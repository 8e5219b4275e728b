"""Score the interaction model on the held-out utterances through the console's resolver.

`.venv/bin/python tests/nlu/score.py [-v]` (with the project installed, as ./dev does) prints the
figures the README reports (and, with -v, every miss); tests/test_nlu_heldout.py asserts the
floors.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

import yaml

from skill.console.nlu import NLU, Resolution, default_nlu

HERE = Path(__file__).resolve().parent

SYMPTOM_SLOTS = ("symptom", "symptomTwo")


class Case(NamedTuple):
    say: str
    intent: str
    slots: dict
    new_session: bool
    later: str | None
    file: str


class Outcome(NamedTuple):
    case: Case
    got: Resolution
    exact: bool  # a sample matched the whole utterance, as Alexa's exact-match tier would

    @property
    def intent_ok(self) -> bool:
        return self.got.intent == self.case.intent and self.got.new_session == self.case.new_session

    @property
    def slots_ok(self) -> bool:
        return self.intent_ok and comparable(slot_ids(self.got)) == comparable(self.case.slots)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(HERE.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(Case(entry["say"], entry["intent"], entry.get("slots", {}),
                              entry.get("new_session", False), entry.get("later"), path.name))
    return cases


def slot_ids(resolution: Resolution) -> dict[str, str]:
    return {name: value.id or value.spoken for name, value in resolution.slots.items()}


def comparable(slots: dict[str, str]) -> tuple:
    """Slots with the two symptom slots as one set: "chills and aches" and "aches and chills" tell
    the skill the same thing, and so does one sign heard twice ("foggy and mixed up")."""
    symptoms = sorted({slots[name] for name in SYMPTOM_SLOTS if name in slots})
    return tuple(symptoms), tuple(sorted((k, v) for k, v in slots.items() if k not in SYMPTOM_SLOTS))


def emergency_ids(signs: dict) -> frozenset[str]:
    return frozenset(sign for sign, spec in signs.items() if spec["level"] == "emergency")


def score(nlu: NLU, cases: list[Case], emergencies: frozenset[str]) -> dict:
    outcomes = [Outcome(c, nlu.resolve(c.say), nlu.matches_a_sample(c.say)) for c in cases]
    emergency = [o for o in outcomes if emergencies & set(o.case.slots.values())]
    recalled = [o for o in emergency if o.got.intent == "ReportSymptomIntent"
                and emergencies & set(o.case.slots.values()) <= set(slot_ids(o.got).values())]
    return {
        "outcomes": outcomes,
        "total": len(outcomes),
        "intent_accuracy": sum(o.intent_ok for o in outcomes) / len(outcomes),
        "slot_accuracy": sum(o.slots_ok for o in outcomes) / len(outcomes),
        "exact": sum(o.exact for o in outcomes),
        "emergency_total": len(emergency),
        "emergency_recall": len(recalled) / len(emergency) if emergency else 1.0,
        "emergency_missed": [o for o in emergency if o not in recalled],
    }


def main(argv: list[str]) -> int:
    from skill.content import load_content

    figures = score(default_nlu(), load_cases(), emergency_ids(load_content()["triage"]["signs"]))
    print(f"{figures['total']} held-out phrasings: intent accuracy {figures['intent_accuracy']:.1%}, "
          f"intent and slots {figures['slot_accuracy']:.1%}, emergency recall {figures['emergency_recall']:.1%} "
          f"of {figures['emergency_total']}, matched exactly by a sample: {figures['exact']} "
          f"({figures['exact'] / figures['total']:.1%})")
    if "-v" in argv:
        for o in figures["outcomes"]:
            if not o.slots_ok:
                mark = "INTENT" if not o.intent_ok else "slots "
                print(f"{mark} {o.case.say!r}: want {o.case.intent} {o.case.slots}, got {o.got.intent} {slot_ids(o.got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
