"""The console NLU's fuzzy tier, standing in for Alexa's statistical matching (rapidfuzz): slot
values spotted in the utterance and replaced by their type, then the closest sample of the
intents declaring those types (see `nlu`)."""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from skill.console.words import QUANTITY_PATTERN, SINCE_NUMBER_PATTERN, negated, normalise

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
_NO_VALUE = re.compile(r"(?<!\S)no <[\w.]+>")


class Heard(NamedTuple):
    slot_type: str
    spoken: str
    id: str | None  # None for AMAZON.NUMBER


class Shape(NamedTuple):
    """The samples of every intent declaring the same slot types, each slot written as its type
    ("i have a <symptom>"), so one spotting of the utterance serves them all."""
    spotter: re.Pattern | None
    spoken: dict[str, tuple[str, str]]  # slot value or synonym → (type, id)
    values: list[str]  # the keys of spoken, and each as its words
    value_words: list[tuple[str, ...]]
    tokens: dict[str, str]  # slot type → the word standing for it in texts
    texts: list[str]
    owners: list[tuple[str, tuple[str, ...]]]  # (intent, its slots in the order the sample says them)

    def spot(self, text: str) -> tuple[str, list[Heard]]:
        """The utterance with each slot value replaced by its type, and the values in order.
        Values are found word for word first, then by closeness in what is left ("my heart is
        beating really fast" ~ "heart beating really fast"), as Alexa's entity resolution does."""
        if self.spotter is None:
            return text, []
        parts: list[str | Heard] = []
        end = 0
        for m in self.spotter.finditer(text):
            parts.extend(text[end:m.start()].split())
            value = m.groupdict().get("value")
            parts.append(Heard(self.spoken[value][0], value, self.spoken[value][1]) if value
                         else Heard("AMAZON.NUMBER", m.group(), None))
            end = m.end()
        parts.extend(text[end:].split())
        while self.values and (near := self._nearest_value(parts)):
            start, stop, heard = near
            parts[start:stop] = [heard]
        parts = _denied_as_words(parts)
        query = " ".join(self.tokens[p.slot_type] if isinstance(p, Heard) else p for p in parts)
        return query, [p for p in parts if isinstance(p, Heard)]

    def _nearest_value(self, parts: list) -> tuple[int, int, Heard] | None:
        """The stretch of plain words closest to a slot value: by characters ("heart is beating
        really fast" ~ "heart beating really fast") or by words, forgiving a word put in
        ("heart rate is really high" ~ "heart rate is high")."""
        best = None
        for start in range(len(parts)):
            for stop in range(start + 1, min(start + FUZZY_VALUE_WORDS, len(parts)) + 1):
                if isinstance(parts[stop - 1], Heard):
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
                    # Close in letters, opposite in meaning: "can breathe" is not "can't breathe".
                    if negated(list(words)) != negated(self.values[index].split()):
                        continue
                    if best is None or score > best[0]:
                        slot_type, id_ = self.spoken[self.values[index]]
                        best = (score, start, stop, Heard(slot_type, window, id_))
        return best[1:] if best else None


def _denied_as_words(parts: list[str | Heard]) -> list[str | Heard]:
    """Two values of one type where one is denied ("I'm pumping, not breastfeeding"): the denied
    one is not what she means, so it stays plain words (the sample's "not breastfeeding") and the
    other fills the slot. Denied: a negation among the words since the value before it."""
    denied: set[int] = set()
    since: list[str] = []  # the plain words since the last value
    for index, part in enumerate(parts):
        if isinstance(part, Heard):
            if negated(since) or since[-1:] == ["no"]:  # "... not X", or "no X"
                denied.add(index)
            since = []
        else:
            since.append(part)
    kept_types = {p.slot_type for i, p in enumerate(parts) if isinstance(p, Heard) and i not in denied}
    out: list[str | Heard] = []
    for index, part in enumerate(parts):
        if index in denied and isinstance(part, Heard) and part.slot_type in kept_types:
            out.extend(part.spoken.split())
        else:
            out.append(part)
    return out


def denies(text: str) -> bool:
    """A query or sample that says "not": a negation, or "no" right before a slot value ("still
    there but no <symptom>"). A leading "no" alone is an answer ("no but I have <symptom>")."""
    return negated(text.split()) or _NO_VALUE.search(text) is not None


def closeness(utterance: str, sample: str) -> float:
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


def carried(utterance: str, sample: str) -> bool:
    """Most of the sample's own words (not its slots) must be said: a heard value alone ("one
    sec" holds a number) does not make an utterance "it's {whole}"."""
    said = set(utterance.split())
    own = [w for w in sample.split() if not _SLOT_TOKEN.fullmatch(w)]
    return sum(w in said for w in own) >= FUZZY_CARRIER_SHARE * len(own)


def build_shape(types: frozenset[str], samples: list[tuple[str, str]], values_of: dict[str, dict[str, str]],
                slot_types_of: dict[str, dict[str, str]]) -> Shape:
    """The shape of these samples (intent, sample text), all declaring the slot `types`; `values_of`
    maps a slot type to its {spoken value: id}, `slot_types_of` an intent to its {slot: type}."""
    spoken = {value: (t, id_) for t in sorted(types - {"AMAZON.NUMBER"}) for value, id_ in values_of[t].items()}
    choices = [re.escape(v) for v in sorted(spoken, key=len, reverse=True)]
    alternatives = [f"(?P<value>{'|'.join(choices)})"] if choices else []
    if "AMAZON.NUMBER" in types:  # a time of day only where a sample can say one ("since {amount} {since}")
        alternatives.append(SINCE_NUMBER_PATTERN if "SINCE_WHEN" in types else QUANTITY_PATTERN)
    spotter = re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)") if alternatives else None
    # A heard slot value weighs as much as a few words in the character-based comparison:
    # Alexa leans on the values it recognises.
    tokens = {t: f"<{t.lower()}>" for t in types}
    texts, owners = [], []
    for intent, sample in samples:
        if re.fullmatch(r"\{\w+\}(?: \{\w+\})*", sample):
            continue  # slots alone ("{whole}", "{qualifier} {whole}") have nothing to be near: exact or not at all
        slot_types = slot_types_of[intent]
        pieces = re.split(r"(\{\w+\})", sample)
        texts.append(" ".join(tokens[slot_types[p[1:-1]]] if p.startswith("{") else normalise(p)
                              for p in pieces if p.strip()))
        owners.append((intent, tuple(re.findall(r"\{(\w+)\}", sample))))
    values = list(spoken)
    return Shape(spotter, spoken, values, [tuple(v.split()) for v in values], tokens, texts, owners)
