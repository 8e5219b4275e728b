"""Voice triage of warning signs: a small state machine over a JSON-safe dict.

Emergency signs win at once; otherwise the questions in content/triage.yaml are asked in
order, skipping what the user already told us, and the outcome is the most serious level
any answer reached: emergency > urgent > provider > watch > self-care. Nothing here lowers an
outcome once a sign is recorded, except the user taking a sign back ("I said that by mistake").
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .speech import Value


if TYPE_CHECKING:
    from .state import TriageState

EMERGENCY, URGENT, PROVIDER, WATCH, SELF_CARE = "emergency", "urgent", "provider", "watch", "self_care"
CRISIS = "crisis"  # the emergency outcome for thoughts of harm: the crisis line as well
_RANK = {SELF_CARE: 0, WATCH: 1, PROVIDER: 2, URGENT: 3, EMERGENCY: 4}

# Signs recorded by a "yes" to a question (the question names several signs at once).
YES_SIGN = {
    "emergency_screen": "emergency_screen",
    "fever": "fever",
    "feel_feverish": "possible_fever",
    "chills_aches": "flu_like",
    "red_streaks": "red_streaks",
}
# Which reported signs answer which question, so it is not asked again.
ANSWERED_BY = {
    "emergency_screen": set(),  # filled from the content: every emergency-level sign
    # A low reading answers it too: her temperature is known.
    "fever": {"fever", "low_temperature"},
    # Feeling hot or shivery is only asked when the temperature is not known.
    "feel_feverish": {"fever", "chills", "possible_fever", "low_temperature"},
    "chills_aches": {"chills", "body_aches", "flu_like"},
    "red_streaks": {"red_streaks"},
}
# Signs the questions and the clock add, beyond the SYMPTOM slot's ids.
# "precheck" is a yes to "fever, chills, body aches, or red streaks?" before the routine;
# "possible_fever" an unknown temperature while feeling feverish, hot or shivery; a lump still
# there from the watch line (a day) is "lump_lasting", from the provider line "lump_persisting".
LUMP_AGE = frozenset(("lump_lasting", "lump_persisting"))
DERIVED_LEVELS = {"emergency_screen": EMERGENCY, "lump_persisting": PROVIDER, "lump_lasting": WATCH,
                  "precheck": PROVIDER, "possible_fever": PROVIDER}
# A reading under the low line (content/triage.yaml gives its level): a sign that a later
# reading, not low, settles.
LOW_TEMPERATURE = "low_temperature"
# Not a question: she asked for the check ("I think I have mastitis", "I don't feel well", or
# a sign or not sure as her answer to the pre-check), so it goes on when a sign is taken back.
ASKED_FOR = "asked_for"
# Not a question either: "not sure" to the emergency question, so every closing says the number.
UNSURE_OF_EMERGENCY = "unsure_of_emergency"


def reading_signs(fever: bool, low: bool) -> list[str]:
    """The sign a temperature reading records, if any."""
    return ["fever"] if fever else [LOW_TEMPERATURE] if low else []


class Ask(Value):
    __slots__ = ("question",)

    def __init__(self, question: str):
        self.question = question


class Outcome(Value):
    __slots__ = ("level",)

    def __init__(self, level: str):
        self.level = level


class Triage:
    def __init__(self, triage_content: dict[str, Any]):
        self.thresholds = triage_content["thresholds"]
        self.questions = list(triage_content["questions"])
        # A sign of the clog itself ("clog" in the content) calls for self-care.
        self.levels = {sign: item["level"] if item["level"] in _RANK else SELF_CARE
                       for sign, item in triage_content["signs"].items()}
        self.levels.update(DERIVED_LEVELS)
        self.crisis_signs = {sign for sign, item in triage_content["signs"].items() if item.get("crisis")}
        self.answered_by = dict(ANSWERED_BY)
        self.answered_by["emergency_screen"] = {s for s, lvl in self.levels.items() if lvl == EMERGENCY}

    def level(self, sign: str) -> str:
        return self.levels.get(sign, SELF_CARE)

    def red_flags(self, signs: list[str]) -> list[str]:
        """The signs that call for a provider (a lump past a day included: provider today) or
        emergency services (unknown ones ignored). A lump past two days says all a lump past
        one day would."""
        flags = [s for s in signs if _RANK[self.level(s)] >= _RANK[WATCH]]
        return [s for s in flags if s != "lump_lasting" or "lump_persisting" not in flags]

    def outcome_key(self, level: str, signs: list[str]) -> str:
        """Which outcome's words to say: an emergency with thoughts of harm also gets the crisis line."""
        return CRISIS if level == EMERGENCY and self.crisis_signs & set(signs) else level

    def report(self, state: TriageState, signs: list[str]) -> Ask | Outcome:
        for sign in signs:
            if sign not in state["signs"]:
                state["signs"].append(sign)
        for question, answering in self.answered_by.items():
            if answering & set(signs):
                self._mark(state, question)
        return self.next(state)

    def answer(self, state: TriageState, yes: bool) -> Ask | Outcome:
        """A yes or no to the question being asked (to "how long", it means "not sure")."""
        question = state["asking"]
        if question == "fever":
            self._mark(state, "feel_feverish")  # the fever is known either way
        if yes and question in YES_SIGN:
            return self.report(state, [YES_SIGN[question]])
        self._mark(state, question)
        return self.next(state)

    def unknown(self, state: TriageState) -> Ask | Outcome:
        """"I don't know" to the question being asked: it is answered, with no sign. An unknown
        fever goes on to how she feels (feel_feverish), which a known one skips."""
        self._mark(state, state["asking"])
        return self.next(state)

    def temperature(self, state: TriageState, fever: bool, low: bool = False) -> Ask | Outcome:
        """A reading: the fever questions are answered, and a fever or a low reading is a sign."""
        self._mark(state, "feel_feverish")
        self._mark(state, "fever")
        return self.report(state, reading_signs(fever, low))

    def retract(self, state: TriageState, signs: list[str]) -> None:
        """Signs the user took back: no longer counted, and the questions only they answered
        are open again."""
        state["signs"] = [s for s in state["signs"] if s not in signs]
        left = set(state["signs"])
        state["answered"] = [q for q in state["answered"]
                             if not self.answered_by.get(q, set()) & set(signs) or self.answered_by[q] & left]

    def asked_for(self, state: TriageState) -> None:
        """She asked for the check: it goes on when a sign is taken back (see `ASKED_FOR`)."""
        self._mark(state, ASKED_FOR)

    def unsure_of_emergency(self, state: TriageState) -> None:
        self._mark(state, UNSURE_OF_EMERGENCY)

    @staticmethod
    def begun(state: TriageState) -> bool:
        """Whether a question was answered yet (being asked for the check is no answer)."""
        return any(q != ASKED_FOR for q in state["answered"])

    @staticmethod
    def emergency_unanswered(state: TriageState) -> bool:
        """Whether the check has yet to hear about the emergency signs."""
        return "emergency_screen" not in state["answered"]

    def lump_age(self, state: TriageState, hours: float) -> Ask | Outcome:
        state["lump_hours"] = hours
        self._mark(state, "lump_duration")
        if hours >= self.thresholds["lump_provider_hours"]:
            return self.report(state, ["lump_persisting"])
        if hours >= self.thresholds["lump_watch_hours"]:
            return self.report(state, ["lump_lasting"])
        return self.next(state)

    def next(self, state: TriageState, quiet: frozenset[str] = frozenset()) -> Ask | Outcome:
        """The next question, or the outcome. `quiet` signs do not count: an emergency whose
        full advice an earlier session gave (the flow reminds of it in a sentence instead)."""
        level = self.outcome_level(state, quiet)
        # Once emergency signs are ruled out, a provider or urgent outcome cannot rise further:
        # the remaining questions would only delay the advice.
        if level == EMERGENCY or (_RANK[level] >= _RANK[PROVIDER] and "emergency_screen" in state["answered"]):
            state["asking"] = None
            return Outcome(level)
        question = next((q for q in self.questions if q not in state["answered"]), None)
        state["asking"] = question
        return Ask(question) if question else Outcome(level)

    def outcome_level(self, state: TriageState, quiet: frozenset[str] = frozenset()) -> str:
        counted = (self.level(s) for s in state["signs"] if s not in quiet)
        level = max(counted, key=_RANK.__getitem__, default=SELF_CARE)
        hours = state["lump_hours"]
        if hours is not None and hours >= self.thresholds["lump_watch_hours"]:
            level = max(level, WATCH, key=_RANK.__getitem__)
        return level

    @staticmethod
    def _mark(state: TriageState, question: str | None) -> None:
        if question and question not in state["answered"]:
            state["answered"].append(question)
