"""Typed text → Alexa intent, using only the skill's real interaction model.

The console has no Alexa in the loop, so this stands in for Alexa's NLU: every sample in
`en-US.json` becomes a regular expression (slot → named group), custom slots match their values
and synonyms and resolve to the value's id (entity resolution), and AMAZON.NUMBER yields digits.

Ranking, best first: a sample matching the whole utterance (over one found inside it, which
counts only if it covers more than half its words, has words of its own, and the rest does not
negate it: "not sure" is not a yes); more literal words ("i have a fever of {whole}" over "i have
a {symptom}"); more of the utterance covered; model order.

When no sample matches word for word, a fuzzy tier (`fuzzy`, rapidfuzz) stands in for Alexa's
statistical matching: slot values are spotted, word for word or by closeness ("heart rate is
really high" ~ "heart rate is high"), and replaced by their type; then the utterance is compared
with every sample of the intents declaring those types, by characters and by shared words. The
closest wins if close enough and the utterance says most of its own words; its slots take the
values heard, in order. Negation must agree ("I don't have a fever", "no fever" are not a fever;
"I can breathe" is not "can't breathe"), a sign denied goes only to a sample that names it ("I'm
not dizzy" is not "I'm not sure"), and a sign's report needs a sign heard. Yes, no, a take-back and
a call she made are never guessed: a triage question answered "not sure" must not become a no, nor
a "no" in other words a take-back that erases a sign, nor "should I call 911?" a call made; nor is
"call your baby's doctor now" ("my baby spit up" is not "my baby threw up"). A number right before
a time of day ("since about 10 tonight") is no quantity, unless the sample has a time-of-day slot after it.

Then a sample found anywhere decides it if it fills a slot only one intent has ("I'm really out
of breath and I've just been sitting here"). Last, each clause alone (`clause_tier`). Fillers ("hi,
um, so ... maybe") are dropped (`words`), but "no, maybe" is no answer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from skill.console import qualifiers
from skill.console.clause_tier import SYMPTOM, answer_first, by_clause, said_beside
from skill.console.fuzzy import FUZZY_CUTOFF, Heard, Shape, build_shape, carried, closeness, denies
from skill.console.resolution import Resolution, SlotValue
from skill.console.signs import OTHER, PERSON_TYPE, Signs
from skill.console.words import (BUILTIN_PHRASES, NUMBER_PATTERN, QUANTITY_PATTERN, denied_values, digits_said,
                                 negated, normalise, same_clause, spoken_number, unhedged)

MODELS = Path(__file__).resolve().parents[2] / "interaction_model/interactionModels/custom"
MODEL_PATH = MODELS / "en-US.json"  # the base model; the other locales are generated from it
FALLBACK = "AMAZON.FallbackIntent"
SIGN_TYPE = "SYMPTOM"
LAUNCH = "LaunchRequest"
# Word for word only: a guessed yes or no could answer a triage question ("not sure" is not a no),
# and a guessed take-back could erase a sign ("no I don't have any of that" is an answer). A missed
# take-back keeps the sign, which is the safe side. Nor is "I called 911": guessed from "should I
# call 911?", it would tell her that the call she is asking about was made.
_EXACT_ONLY = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent", "FalseAlarmIntent", "CalledForHelpIntent"})
# Nor guessed, though heard as usual when said word for word (hedges and all): "call your baby's
# doctor now" is alarming for a baby who spat up, cries or has a cold, so near-misses fall back.
_NEVER_GUESSED = _EXACT_ONLY | {"BabyUnwellIntent"}
# What she tells of herself: never guessed from words said of the baby.
_HERS = frozenset({SYMPTOM, "GiveTemperatureIntent", "SuspectMastitisIntent"})

_INVOCATION_VERBS = "open|launch|start|begin|run|talk to|load"
_ONE_SHOT_CONNECTIVES = ("to ", "that ", "for ", "about ")


@dataclass(frozen=True)
class _Sample:
    intent: str
    source: str
    words: frozenset[str]  # its own words (not slots): all must be said for it to match
    literal_words: int
    order: int

    @cached_property
    def pattern(self) -> re.Pattern:
        # Compiled when first needed: all ~2,000 up front (slots as alternations) took seconds.
        return re.compile(self.source)


class NLU:
    """Resolver built once from an interaction model dict (ASK skill-package format)."""

    def __init__(self, model: dict, invocation: str | None = None) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalise(invocation or language["invocationName"])
        # type name → {normalised value or synonym, and a digit-by-digit one in digits ("911"): id}
        self._values: dict[str, dict[str, str]] = {
            t["name"]: {form: v["id"] for v in t["values"] for spoken in [v["name"]["value"], *v["name"].get("synonyms", [])]
                        for form in filter(None, (normalise(spoken), digits_said(normalise(spoken))))}
            for t in language.get("types", [])
        }
        self._slot_types: dict[str, dict[str, str]] = {}
        self._samples: list[_Sample] = []
        for intent in language["intents"]:
            slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            self._slot_types[intent["name"]] = slot_types
            for sample in intent.get("samples", []):
                self._add(intent["name"], sample, slot_types)
        self._model_samples = len(self._samples)
        for intent, phrases in BUILTIN_PHRASES.items():
            self._slot_types.setdefault(intent, {})
            for phrase in phrases:
                self._add(intent, phrase, {})
        self._shapes = self._fuzzy_shapes(language["intents"])
        # Custom slot types only one intent declares: a value of one points at that intent. A
        # take-back naming its sign does not count: it is never guessed from part of a sentence;
        # nor someone else's sign (a sign said anywhere is hers, unless said of them: `signs`).
        owners: dict[str, set[str]] = {}
        for intent, slot_types in self._slot_types.items():
            for slot_type in slot_types.values() if intent not in _EXACT_ONLY | {OTHER} else ():
                owners.setdefault(slot_type, set()).add(intent)
        self._exclusive_types = {t for t, names in owners.items() if len(names) == 1 and not t.startswith("AMAZON.")}
        self._sign = re.compile(r"(?<!\S)" + self._slot_pattern(SIGN_TYPE) + r"(?!\S)") if SIGN_TYPE in self._values else None
        self._signs = Signs(self._values.get(PERSON_TYPE, {}))

    def _fuzzy_shapes(self, intents: list[dict]) -> list[Shape]:
        grouped: dict[frozenset[str], list[tuple[str, str]]] = {}
        for intent in intents:
            types = frozenset(self._slot_types[intent["name"]].values())
            grouped.setdefault(types, []).extend((intent["name"], sample) for sample in intent.get("samples", []))
        grouped.setdefault(frozenset(), []).extend(
            (intent, phrase) for intent, phrases in BUILTIN_PHRASES.items() for phrase in phrases)
        return [build_shape(types, samples, self._values, self._slot_types) for types, samples in grouped.items()]

    def _add(self, intent: str, sample: str, slot_types: dict[str, str]) -> None:
        parts, literal = [], []
        pieces = [p for p in re.split(r"(\{\w+\})", sample) if p.strip()]
        for index, piece in enumerate(pieces):
            if piece.startswith("{"):
                name = piece[1:-1]
                # A number with a slot right after it ("since {amount} {since}") may be a time of day.
                then_slot = pieces[index + 1].startswith("{") if index + 1 < len(pieces) else False
                parts.append(f"(?P<{name}>{self._slot_pattern(slot_types[name], then_slot)})")
            elif words := normalise(piece).split():
                parts.extend(map(re.escape, words))
                literal += words
        # Whitespace lookarounds: a search inside a longer utterance only lands on whole words.
        source = r"(?<!\S)" + " ".join(parts) + r"(?!\S)"
        self._samples.append(_Sample(intent, source, frozenset(literal), len(literal), len(self._samples)))

    def _slot_pattern(self, slot_type: str, then_slot: bool = False) -> str:
        if slot_type == "AMAZON.NUMBER":
            return NUMBER_PATTERN if then_slot else QUANTITY_PATTERN
        # Longest first so "red streaks" is tried before "red".
        return "(?:" + "|".join(map(re.escape, sorted(self._values[slot_type], key=len, reverse=True))) + ")"

    def slot_names(self, intent: str) -> list[str]:
        """Every slot the model declares for `intent` (Alexa sends them all, filled or not)."""
        return list(self._slot_types.get(intent, {}))

    def resolve(self, text: str) -> Resolution:
        text = normalise(text)
        if re.fullmatch(rf"(?:{_INVOCATION_VERBS}|ask|tell) {re.escape(self.invocation)}", text):
            return Resolution(LAUNCH, new_session=True)
        if m := re.fullmatch(rf"(?:ask|tell) {re.escape(self.invocation)} (.+)", text):
            rest = m.group(1)
            for connective in _ONE_SHOT_CONNECTIVES:
                stripped = rest.removeprefix(connective)
                if stripped != rest and (found := self._match(stripped)).intent != FALLBACK:
                    return Resolution(found.intent, found.slots, new_session=True)
            found = self._match(rest)
            return Resolution(found.intent, found.slots, new_session=True)
        return self._match(text)

    def _match(self, text: str) -> Resolution:
        found = self._understood(core := unhedged(text))
        if core != text and found.intent in _EXACT_ONLY | {FALLBACK}:  # or the hedge is the sample's own
            found = self._understood(text)
        found = said_beside(text, found, self._understood, self._by_clause)
        return answer_first(text, self._signs.all_told(text, found, self._by_clause, self._clause), self._understood)

    def _understood(self, text: str) -> Resolution:
        return (self._word_for_word(text, anchored=False) or self._fuzzy(text)
                or self._word_for_word(text, anchored=True) or self._by_clause(text) or Resolution(FALLBACK))

    def _by_clause(self, text: str) -> Resolution | None:
        return by_clause(text, self._clause)

    def _clause(self, part: str) -> Resolution | None:
        return self._word_for_word(part, anchored=False) or self._fuzzy(part)

    def _word_for_word(self, text: str, anchored: bool) -> Resolution | None:
        """The best sample matching the whole utterance or, failing that, most of it. Anchored:
        a sample matching anywhere in it, if it fills a slot only one intent has ("I'm really out
        of breath and I've just been sitting here"): Alexa weighs a value it recognises."""
        best: tuple | None = None
        said = set(text.split())
        for sample in self._samples:
            if not sample.words <= said:
                continue
            m = sample.pattern.fullmatch(text)
            tier = 0
            if m is None:
                m = sample.pattern.search(text)
                tier = 1
                if m is None or not self._partial_counts(text, m, sample, anchored and self._anchors(sample, m)):
                    continue
            slots = self._slots(sample.intent, m)
            if slots is None:
                continue
            key = (tier, -sample.literal_words, -len(m.group()), sample.order)
            if best is None or key < best[0]:
                best = (key, Resolution(sample.intent, slots))
        return best[1] if best else None

    def _anchors(self, sample: _Sample, m: re.Match) -> bool:
        return sample.intent not in _EXACT_ONLY and any(spoken and self._slot_types[sample.intent][name] in self._exclusive_types
                   for name, spoken in m.groupdict().items())

    def _fuzzy(self, text: str) -> Resolution | None:
        best: tuple[float, Resolution] | None = None
        denied = denied_values(text, self._sign)
        for shape in self._shapes:
            query, found = shape.spot(text)
            query_negated = denies(query)
            # Her signs only: "my baby has a high fever" is not her fever (nor her doctor's business).
            excluded = _HERS if self._signs.said_of_another(query) else frozenset()
            for sample, (intent, said) in zip(shape.texts, shape.owners):
                # A report's carrier words with no sign heard in its slot ("yes it's still there and
                # i'm pumping") report nothing: only its slot-less samples ("i don't feel well") may.
                # A sign denied goes only to a sample that names it, in its words or its slot:
                # "i'm not dizzy" is not "i'm not sure" (at the emergency question: call anyway),
                # nor "i'm not feeling well" with dizziness put in its slot.
                if (query_negated != denies(sample) or intent in _NEVER_GUESSED or intent in excluded
                        or (intent == SYMPTOM and said and not found) or not Signs.guessable(intent, {h.slot_type for h in found})
                        or (any(d not in sample for d in denied) and not (said and SIGN_TYPE in shape.tokens))):
                    continue
                score = closeness(query, sample)
                if (score >= FUZZY_CUTOFF and (best is None or score > best[0]) and carried(query, sample)
                        and (slots := self._fill(intent, said, found)) is not None):
                    best = (score, Resolution(intent, slots))
        return best[1] if best else None

    def _fill(self, intent: str, said: tuple[str, ...], heard: list[Heard]) -> dict | None:
        """Heard values into the sample's slots in order, then any left into the intent's
        other slots of their type (Alexa fills a slot wherever its value is heard)."""
        declared = self._slot_types[intent]
        order = list(said) + [name for name in declared if name not in said]
        slots: dict[str, SlotValue] = {}
        for value in heard:
            name = next((n for n in order if declared[n] == value.slot_type and n not in slots), None)
            if name is None:
                continue
            if value.id is None:
                if (digits := spoken_number(value.spoken)) is None:
                    return None
                slots[name] = SlotValue(digits, None)
            else:
                slots[name] = SlotValue(value.spoken, value.id)
        return slots

    def matches_a_sample(self, text: str) -> bool:
        """Whether one of the model's own samples matches the whole utterance, word for word
        (for a one-shot, the request after the skill's name)."""
        text = normalise(text)
        connectives = "|".join(_ONE_SHOT_CONNECTIVES)
        if m := re.fullmatch(rf"(?:ask|tell) {re.escape(self.invocation)} (?:{connectives})?(.+)", text):
            text = m.group(1)
        said = set(text.split())
        return any(s.words <= said and s.pattern.fullmatch(text) for s in self._samples[:self._model_samples])

    @staticmethod
    def _partial_counts(text: str, m: re.Match, sample, anchored: bool) -> bool:
        """A sample inside a longer utterance decides it only if it is most of it (or anchored),
        has words of its own (a bare "{number}" is not enough) and the rest does not negate it
        ("not sure") within its own clause."""
        around = same_clause(text[:m.start()].split(), text[m.end():].split())
        denied = sample.intent != "AMAZON.NoIntent" and negated(around)
        most = 2 * len(m.group().split()) > len(text.split())
        return (most or anchored) and sample.literal_words > 0 and not denied

    def _slots(self, intent: str, m: re.Match) -> dict[str, SlotValue] | None:
        slots = {}
        for name, spoken in m.groupdict().items():
            if spoken is None:
                continue
            slot_type = self._slot_types[intent][name]
            if slot_type == "AMAZON.NUMBER":
                digits = spoken_number(spoken)
                if digits is None:
                    return None
                slots[name] = SlotValue(digits, None)
            else:
                slots[name] = SlotValue(spoken, self._values[slot_type][spoken])
        return slots | qualifiers.beside(m, self._slot_types[intent], self._values, slots, SlotValue)


@cache
def locale_nlu(locale: str) -> NLU:
    """The console's stand-in for Alexa's language understanding, on that locale's model
    (built once per process: the en-US model takes seconds)."""
    return NLU(json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8")))


def default_nlu() -> NLU:
    return locale_nlu("en-US")
