"""The console NLU's signs (see `nlu`): every sign she tells of herself in one sentence reaches
her report, in the two slots Alexa fills ("my whole body aches and I'm dizzy": the sample said
one, the words say two), and a sign said of someone else is never hers ("my partner has chills":
`OTHER`, whose person the model's OTHER_PERSON values name)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from skill.console.clause_tier import SYMPTOM
from skill.console.resolution import Resolution, SlotValue
from skill.console.words import clauses, denied_values, said_of_the_baby

OTHER = "SomeoneElseUnwellIntent"
PERSON_TYPE = "OTHER_PERSON"
SIGN_SLOTS = ("symptom", "symptomTwo")
# Someone as who has it ("my husband has", "my mum's got", "my friend can't"), as `words` tells
# the baby: not as whom it is about ("I called my partner").
_HAS = r"(?:'s| (?:is|has|feels|seems|looks|was|keeps|had|got|says|thinks|might|can't|isn't|just|<))"


class Signs:
    def __init__(self, sign: re.Pattern | None, ids: dict[str, str], people: Iterable[str]) -> None:
        self._sign, self._ids = sign, ids
        names = "|".join(map(re.escape, sorted(people, key=len, reverse=True)))
        self._someone_else = re.compile(rf"(?<!\S)my (?:{names}){_HAS}(?!\S)") if names else None

    def said_of_another(self, text: str) -> bool:
        """Whether a normalised utterance tells of the baby's or someone else's state, not hers."""
        return said_of_the_baby(text) or bool(self._someone_else and self._someone_else.search(text))

    def hers(self, text: str, heard_in: Iterable[str] = ()) -> list[SlotValue]:
        """The signs she tells of herself, once each in the order said: none from a clause
        said of someone else, nor one she denies ("I'm not dizzy but I have chills"), nor one
        from a clause where a value `heard_in` was heard (its sample's words are no sign: "the
        red area is {symptom}")."""
        heard: dict[str, SlotValue] = {}
        sign = self._sign
        if sign is None:  # a model without signs
            return []
        for clause in clauses(text):
            if self.said_of_another(clause) or any(re.search(rf"(?<!\S){re.escape(v)}(?!\S)", clause) for v in heard_in):
                continue
            denied = denied_values(clause, sign)
            for m in sign.finditer(clause):
                if m.group() not in denied:
                    heard.setdefault(self._ids[m.group()], SlotValue(m.group(), self._ids[m.group()]))
        return list(heard.values())

    def all_told(self, text: str, found: Resolution, in_clauses: Callable[[str], Resolution | None]) -> Resolution:
        """Someone else's state said beside a sign of hers gives way to hers ("my husband has
        chills and I'm dizzy"); her report gets the signs its sample left out, as many as its
        slots take."""
        if found.intent == OTHER and len(clauses(text)) > 1 and (mine := in_clauses(text)) and mine.intent == SYMPTOM:
            found = mine
        if found.intent != SYMPTOM:
            return found
        slots = dict(found.slots)
        known = {value.id for value in slots.values()}
        more = iter([value for value in self.hers(text, [v.spoken for v in slots.values()]) if value.id not in known])
        for name in SIGN_SLOTS:
            if name not in slots and (value := next(more, None)):
                slots[name] = value
        return Resolution(found.intent, slots, found.new_session)

    @staticmethod
    def guessable(intent: str, heard_types: Iterable[str]) -> bool:
        """Someone else's state is guessed only when a person is heard: "my boob is so red" is hers."""
        return intent != OTHER or PERSON_TYPE in heard_types
