"""The console NLU's signs (see `nlu`): every sign she tells of herself in one sentence reaches
her report, in the two slots Alexa fills ("my whole body aches and I'm dizzy": the sample heard
one, the clauses say two), and a sign said of someone else is never hers ("my partner has
chills": `OTHER`, whose person the model's OTHER_PERSON values name)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from skill.console.clause_tier import SYMPTOM
from skill.console.resolution import Resolution
from skill.console.words import clauses, said_of_the_baby

OTHER = "SomeoneElseUnwellIntent"
PERSON_TYPE = "OTHER_PERSON"
SIGN_SLOTS = ("symptom", "symptomTwo")
# A clause tells of her on its own when she is in it ("... and I'm dizzy"); without her it goes
# on telling of what came before ("my leg is swollen and sore": the leg's, not breast pain).
HER = frozenset({"i", "i'm", "i've", "i'd", "me", "my"})
# Someone as who has it ("my husband has", "my mum's got", "my friend can't"), as `words` tells
# the baby: not as whom it is about ("I called my partner").
_HAS = r"(?:'s| (?:is|has|feels|seems|looks|was|keeps|had|got|says|thinks|might|can't|isn't|just|<))"


class Signs:
    def __init__(self, people: Iterable[str]) -> None:
        names = "|".join(map(re.escape, sorted(people, key=len, reverse=True)))
        self._someone_else = re.compile(rf"(?<!\S)my (?:{names}){_HAS}(?!\S)") if names else None

    def said_of_another(self, text: str) -> bool:
        """Whether a normalised utterance tells of the baby's or someone else's state, not hers."""
        return said_of_the_baby(text) or bool(self._someone_else and self._someone_else.search(text))

    @staticmethod
    def all_told(text: str, found: Resolution, in_clauses: Callable[[str], Resolution | None],
                 clause: Callable[[str], Resolution | None]) -> Resolution:
        """Someone else's state said beside a sign of hers gives way to hers ("my husband has
        chills and I'm dizzy"); her report gets the signs its sample left out, from each clause
        with her in it heard alone as a report of hers (not "the lump is still there", not "no
        fever", not the baby's), as many as its slots take."""
        parts = clauses(text)
        if found.intent == OTHER and len(parts) > 1 and (mine := in_clauses(text)) and mine.intent == SYMPTOM:
            found = mine
        if found.intent != SYMPTOM or len(parts) < 2 or all(name in found.slots for name in SIGN_SLOTS):
            return found
        slots = dict(found.slots)
        known = {value.id for value in slots.values()}
        told = [value for part in parts if HER & set(part.split()) and (heard := clause(part)) and heard.intent == SYMPTOM
                for value in heard.slots.values()]
        for value in told:
            free = [name for name in SIGN_SLOTS if name not in slots]
            if free and value.id not in known:
                slots[free[0]] = value
                known.add(value.id)
        return Resolution(found.intent, slots, found.new_session)

    @staticmethod
    def guessable(intent: str, heard_types: Iterable[str]) -> bool:
        """Someone else's state is guessed only when a person is heard: "my boob is so red" is hers."""
        return intent != OTHER or PERSON_TYPE in heard_types
