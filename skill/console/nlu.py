"""Typed text → Alexa intent, using only the skill's real interaction model.

The console has no Alexa in the loop, so this stands in for Alexa's NLU: every sample
utterance in `en-US.json` becomes a regular expression (slot → named group), custom slots
match their values and synonyms and resolve to the value's id (entity resolution), and
AMAZON.NUMBER matches digits or number words and yields digits, as Alexa does ("101").

Ranking, best first:
1. tier: a sample that matches the whole utterance beats one found inside a longer utterance;
2. more literal (non-slot) words in the sample: "i have a fever of {whole}" is more specific
   than "i have a {symptom}", so it wins when both match;
3. more of the utterance covered, then model order.
A sample found inside a longer utterance counts only if it covers more than half its words,
has words of its own, and the rest does not negate it: one stray "no" in a long sentence
does not decide the intent, and "not sure" is not a yes.

When no sample matches word for word, a fuzzy tier stands in for Alexa's statistical matching
(rapidfuzz): slot values are spotted first, word for word or by closeness ("heart rate is really
high" ~ "heart rate is high"), and replaced by their type; then the utterance is compared with
every sample of the intents declaring those types, by characters (forgiving word order and small
differences) and by shared words. The closest sample wins if it is close enough and the utterance
says most of the sample's own words; its slots take the values heard, in order. Negation must
agree ("I don't have a fever" is not a fever). Yes and no are never guessed: a triage question
answered "not sure" must not become a no.

Last, a sample found anywhere in a long utterance decides it if it fills a slot only one intent
has: "I'm really out of breath and I've just been sitting here" reports a symptom.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq
from word2number import w2n

MODEL_PATH = Path(__file__).resolve().parents[2] / "interaction_model/interactionModels/custom/en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
_NEGATIONS = {"not", "don't", "dont", "never", "isn't"}
# Said before a request ("okay, next"): dropped when more words follow.
_LEAD_INS = {"okay", "ok", "alright", "so", "well"}
LAUNCH = "LaunchRequest"
# A guessed yes or no could answer a triage question ("chest pain?" "not sure" is not a no):
# these only match word for word.
_EXACT_ONLY = frozenset({"AMAZON.YesIntent", "AMAZON.NoIntent"})

# Alexa's built-in intents come with Amazon's own utterances, which are not in the model
# file (the model only lists what we add). These are the common ones a console user types.
BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "yup", "sure", "ok", "okay", "alright", "of course", "correct"),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no way", "not now", "not really", "no not really", "not at all",
                        "no thanks", "i don't think so"),
    "AMAZON.NextIntent": ("next", "next one", "go on"),
    "AMAZON.StopIntent": ("stop", "exit", "quit", "off", "shut up", "be quiet", "goodbye", "bye"),
    "AMAZON.CancelIntent": ("cancel", "cancel that"),
    "AMAZON.HelpIntent": ("help", "help me", "i need help"),
    "AMAZON.RepeatIntent": ("repeat", "again", "pardon", "what", "say again"),
    "AMAZON.PreviousIntent": ("back", "previous", "go back please", "last one"),
    "AMAZON.StartOverIntent": ("start over", "restart", "over again"),
    "AMAZON.PauseIntent": ("pause", "wait"),
    "AMAZON.ResumeIntent": ("resume", "go ahead", "unpause"),
    "AMAZON.NavigateHomeIntent": ("home", "go home", "main menu", "menu"),
}

FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "ugh", "argh", "please", "alexa"})
# Spoken and written forms people use interchangeably; applied to samples and input alike.
CONTRACTIONS = {"it is": "it's", "i am": "i'm", "there is": "there's", "what is": "what's",
                "cannot": "can't", "can not": "can't", "do not": "don't", "i have got": "i've got"}
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(map(re.escape, CONTRACTIONS)) + r")\b")

_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_NUMBER_WORDS = [*_DIGITS, "oh", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                 "eighty", "ninety", "hundred", "thousand"]
_DIGIT_WORDS = {w: str(i) for i, w in enumerate(_DIGITS)}
_NUM_WORD = "(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
NUMBER_PATTERN = rf"(?:\d+|(?:a )?{_NUM_WORD}(?: (?:and )?{_NUM_WORD})*)"

# Fuzzy tier: how close (0-100, rapidfuzz) a sample must be, and the share of the utterance's
# characters it must span when it is the shorter of the two.
FUZZY_CUTOFF = 70
FUZZY_COVERAGE = 0.5
# ... and the share of its own words (not slots) the utterance must say.
FUZZY_CARRIER_SHARE = 0.5
# A stretch of up to this many words counts as a slot value if it is this close to one.
FUZZY_VALUE_WORDS = 8
FUZZY_VALUE_CUTOFF = 85  # by characters
FUZZY_VALUE_WORD_CUTOFF = 75  # by words
FUZZY_VALUE_MIN_CHARS = 6
_SLOT_TOKEN = re.compile(r"<[\w.]+>")

_INVOCATION_VERBS = "open|launch|start|begin|run|talk to|load"
_ONE_SHOT_CONNECTIVES = ("to ", "that ", "for ", "about ")


class SlotValue(NamedTuple):
    spoken: str
    id: str | None


@dataclass(frozen=True)
class Resolution:
    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    new_session: bool = False  # a launch or a one-shot ("ask milk duct helper to ...")


def normalise(text: str) -> str:
    """Lower-case, digits-with-decimals spoken out, punctuation gone, fillers dropped."""
    text = text.lower().replace("’", "'").replace("°", " degrees ")
    text = re.sub(r"(\d+)\.(\d+)", r"\1 point \2", text)
    text = re.sub(r"[^\w\s']|_", " ", text)
    text = re.sub(r"(?<!\w)'|'(?!\w)", " ", text)  # quotes, not apostrophes inside words
    words = [w for w in text.split() if w not in FILLERS]
    while len(words) > 1 and words[0] in _LEAD_INS:
        words.pop(0)
    return _CONTRACTION_RE.sub(lambda m: CONTRACTIONS[m.group(1)], " ".join(words))


def spoken_number(words: str) -> str | None:
    """Digits for a spoken number the way Alexa fills AMAZON.NUMBER, or None if it is not one."""
    if words.isdigit():
        return str(int(words))
    parts = words.split()
    if "oh" in parts:  # "one oh one": digit by digit
        digits = ["0" if w == "oh" else _DIGIT_WORDS.get(w) for w in parts]
        return "".join(str(d) for d in digits) if len(parts) > 1 and None not in digits else None
    if parts[0] == "a" and len(parts) > 1:  # word2number reads "a hundred and one" as 100
        parts[0] = "one"
    try:
        return str(w2n.word_to_num(" ".join(parts)))
    except ValueError:
        return None


@dataclass(frozen=True)
class _Sample:
    intent: str
    source: str
    words: frozenset[str]  # its own words (not slots): all must be said for it to match
    literal_words: int
    order: int

    @cached_property
    def pattern(self) -> re.Pattern:
        # Compiled when first needed: each slot is an alternation of every value, and compiling
        # all ~2,000 up front took seconds of the console's start.
        return re.compile(self.source)


class _Heard(NamedTuple):
    slot_type: str
    spoken: str
    id: str | None  # None for AMAZON.NUMBER


class _Shape(NamedTuple):
    """The samples of every intent declaring the same slot types, each slot written as its type
    ("i have a <symptom>"), so one spotting of the utterance serves them all."""
    spotter: re.Pattern | None
    spoken: dict[str, tuple[str, str]]  # slot value or synonym → (type, id)
    values: list[str]  # the keys of spoken, and each as its words
    value_words: list[tuple[str, ...]]
    tokens: dict[str, str]  # slot type → the word standing for it in texts
    texts: list[str]
    owners: list[tuple[str, tuple[str, ...]]]  # (intent, its slots in the order the sample says them)

    def spot(self, text: str) -> tuple[str, list[_Heard]]:
        """The utterance with each slot value replaced by its type, and the values in order.
        Values are found word for word first, then by closeness in what is left ("my heart is
        beating really fast" ~ "heart beating really fast"), as Alexa's entity resolution does."""
        if self.spotter is None:
            return text, []
        parts: list[str | _Heard] = []
        end = 0
        for m in self.spotter.finditer(text):
            parts.extend(text[end:m.start()].split())
            value = m.groupdict().get("value")
            parts.append(_Heard(self.spoken[value][0], value, self.spoken[value][1]) if value
                         else _Heard("AMAZON.NUMBER", m.group(), None))
            end = m.end()
        parts.extend(text[end:].split())
        while self.values and (near := self._nearest_value(parts)):
            start, stop, heard = near
            parts[start:stop] = [heard]
        query = " ".join(self.tokens[p.slot_type] if isinstance(p, _Heard) else p for p in parts)
        return query, [p for p in parts if isinstance(p, _Heard)]

    def _nearest_value(self, parts: list) -> tuple[int, int, _Heard] | None:
        """The stretch of plain words closest to a slot value: by characters ("heart is beating
        really fast" ~ "heart beating really fast") or by words, forgiving a word put in
        ("heart rate is really high" ~ "heart rate is high")."""
        best = None
        for start in range(len(parts)):
            for stop in range(start + 1, min(start + FUZZY_VALUE_WORDS, len(parts)) + 1):
                if isinstance(parts[stop - 1], _Heard):
                    break
                window = " ".join(parts[start:stop])
                if len(window) < FUZZY_VALUE_MIN_CHARS:
                    continue
                words = tuple(parts[start:stop])
                candidates: list[tuple[Any, float, int] | None] = [process.extractOne(window, self.values, scorer=fuzz.ratio, score_cutoff=FUZZY_VALUE_CUTOFF)]
                # By words, only a value said whole with words put in: "my breast" is not "my left breast".
                candidates += [f for f in process.extract(words, self.value_words, scorer=fuzz.ratio, limit=5,
                                                          score_cutoff=FUZZY_VALUE_WORD_CUTOFF)
                               if LCSseq.similarity(f[0], words) == len(f[0])]
                for _, score, index in filter(None, candidates):
                    if best is None or score > best[0]:
                        slot_type, id_ = self.spoken[self.values[index]]
                        best = (score, start, stop, _Heard(slot_type, window, id_))
        return best[1:] if best else None


def _negated(words: list[str]) -> bool:
    return any(w in _NEGATIONS or w.endswith("n't") for w in words)


def _closeness(utterance: str, sample: str) -> float:
    """How alike, 0-100: the mean of a character comparison (forgives word order and small
    differences: whole against whole, or the sample's best-aligned stretch if it spans enough of
    the utterance) and a word comparison (how many words the two share)."""
    chars = fuzz.token_sort_ratio(utterance, sample)
    if len(sample) < len(utterance):
        aligned = fuzz.partial_ratio_alignment(sample, utterance)
        if aligned is not None and aligned.dest_end - aligned.dest_start >= FUZZY_COVERAGE * len(utterance):
            chars = max(chars, aligned.score)
    words = fuzz.ratio(sorted(utterance.split()), sorted(sample.split()))
    return (chars + words) / 2


def _carried(utterance: str, sample: str) -> bool:
    """Most of the sample's own words (not its slots) must be said: a heard value alone ("one
    sec" holds a number) does not make an utterance "it's {whole}"."""
    said = set(utterance.split())
    own = [w for w in sample.split() if not _SLOT_TOKEN.fullmatch(w)]
    return sum(w in said for w in own) >= FUZZY_CARRIER_SHARE * len(own)


class NLU:
    """Resolver built once from an interaction model dict (ASK skill-package format)."""

    def __init__(self, model: dict, invocation: str | None = None) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation = normalise(invocation or language["invocationName"])
        # type name → {normalised value or synonym: id}
        self._values: dict[str, dict[str, str]] = {
            t["name"]: {normalise(spoken): v["id"]
                        for v in t["values"] for spoken in [v["name"]["value"], *v["name"].get("synonyms", [])]}
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
        # Custom slot types only one intent declares: a value of one points at that intent.
        owners: dict[str, set[str]] = {}
        for intent, slot_types in self._slot_types.items():
            for slot_type in slot_types.values():
                owners.setdefault(slot_type, set()).add(intent)
        self._exclusive_types = {t for t, names in owners.items() if len(names) == 1 and not t.startswith("AMAZON.")}

    def _fuzzy_shapes(self, intents: list[dict]) -> list[_Shape]:
        grouped: dict[frozenset[str], list[tuple[str, str]]] = {}
        for intent in intents:
            types = frozenset(self._slot_types[intent["name"]].values())
            grouped.setdefault(types, []).extend((intent["name"], sample) for sample in intent.get("samples", []))
        grouped.setdefault(frozenset(), []).extend(
            (intent, phrase) for intent, phrases in BUILTIN_PHRASES.items() for phrase in phrases)
        return [self._shape(types, samples) for types, samples in grouped.items()]

    def _shape(self, types: frozenset[str], samples: list[tuple[str, str]]) -> _Shape:
        spoken = {value: (t, id_) for t in sorted(types - {"AMAZON.NUMBER"}) for value, id_ in self._values[t].items()}
        choices = [re.escape(v) for v in sorted(spoken, key=len, reverse=True)]
        alternatives = [f"(?P<value>{'|'.join(choices)})"] if choices else []
        if "AMAZON.NUMBER" in types:
            alternatives.append(NUMBER_PATTERN)
        spotter = re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)") if alternatives else None
        # A heard slot value weighs as much as a few words in the character-based comparison:
        # Alexa leans on the values it recognises.
        tokens = {t: f"<{t.lower()}>" for t in types}
        texts, owners = [], []
        for intent, sample in samples:
            if re.fullmatch(r"\{\w+\}", sample):
                continue  # a bare slot has nothing to be near: it matches exactly or not at all
            slot_types = self._slot_types[intent]
            pieces = re.split(r"(\{\w+\})", sample)
            texts.append(" ".join(tokens[slot_types[p[1:-1]]] if p.startswith("{") else normalise(p)
                                  for p in pieces if p.strip()))
            owners.append((intent, tuple(re.findall(r"\{(\w+)\}", sample))))
        values = list(spoken)
        return _Shape(spotter, spoken, values, [tuple(v.split()) for v in values], tokens, texts, owners)

    def _add(self, intent: str, sample: str, slot_types: dict[str, str]) -> None:
        parts, literal = [], []
        for piece in re.split(r"(\{\w+\})", sample):
            if piece.startswith("{"):
                name = piece[1:-1]
                parts.append(f"(?P<{name}>{self._slot_pattern(slot_types[name])})")
            elif words := normalise(piece).split():
                parts.extend(map(re.escape, words))
                literal += words
        # Whitespace lookarounds: a search inside a longer utterance only lands on whole words.
        source = r"(?<!\S)" + " ".join(parts) + r"(?!\S)"
        self._samples.append(_Sample(intent, source, frozenset(literal), len(literal), len(self._samples)))

    def _slot_pattern(self, slot_type: str) -> str:
        if slot_type == "AMAZON.NUMBER":
            return NUMBER_PATTERN
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
        return (self._word_for_word(text, anchored=False) or self._fuzzy(text)
                or self._word_for_word(text, anchored=True) or Resolution(FALLBACK))

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
        return any(spoken and self._slot_types[sample.intent][name] in self._exclusive_types
                   for name, spoken in m.groupdict().items())

    def _fuzzy(self, text: str) -> Resolution | None:
        best: tuple[float, Resolution] | None = None
        for shape in self._shapes:
            query, found = shape.spot(text)
            negated = _negated(query.split())
            for sample, (intent, said) in zip(shape.texts, shape.owners):
                if negated != _negated(sample.split()) or intent in _EXACT_ONLY:
                    continue
                closeness = _closeness(query, sample)
                if (closeness >= FUZZY_CUTOFF and (best is None or closeness > best[0]) and _carried(query, sample)
                        and (slots := self._fill(intent, said, found)) is not None):
                    best = (closeness, Resolution(intent, slots))
        return best[1] if best else None

    def _fill(self, intent: str, said: tuple[str, ...], heard: list[_Heard]) -> dict | None:
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
        ("not sure")."""
        rest = (text[:m.start()] + " " + text[m.end():]).split()
        negated = sample.intent != "AMAZON.NoIntent" and _NEGATIONS.intersection(rest)
        most = 2 * len(m.group().split()) > len(text.split())
        return (most or anchored) and sample.literal_words > 0 and not negated

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
        return slots


@cache
def default_nlu() -> NLU:
    return NLU(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def resolve(text: str) -> Resolution:
    """Resolve typed text against the skill's own interaction model."""
    return default_nlu().resolve(text)
