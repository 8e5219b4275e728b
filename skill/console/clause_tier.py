"""The console NLU's clause tier (see `nlu`): each clause of a ramble on its own, a sign first,
then the worry, even beside a slot-less request or answer ("I think I have mastitis and I can't
breathe", "yeah it's still there and I think it's infected"); a clause counts only if it fills
a slot or is the worry ("not sure" answers nothing). A yes or a no said first, then a go-on word
("yeah go on", "no, next"), is that answer (`answer_first`)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar

from skill.console.words import clauses

SYMPTOM = "ReportSymptomIntent"
WORRY = "SuspectMastitisIntent"  # "I think it's infected": she may be ill
# A clause that outweighs the rest of a ramble, by rank: never dropped for a yes, a no or "still there".
HEARD_FIRST = {SYMPTOM: 0, WORRY: 1}
ANSWERS = frozenset(("AMAZON.YesIntent", "AMAZON.NoIntent"))
# Go-on and move words, which after a yes or a no only carry it: "yes go ahead" to "Shall I?" is
# no "carry on" (asked again), nor "yeah go on" a "next" (declined).
GO_ON_WORDS = frozenset(("AMAZON.NextIntent", "AMAZON.ResumeIntent", "ContinueIntent", "SkipStepIntent",
                         "AMAZON.PreviousIntent"))


class Understood(Protocol):
    @property
    def intent(self) -> str: ...

    @property
    def slots(self) -> Mapping[str, object]: ...


R = TypeVar("R", bound=Understood)


def by_clause(text: str, understand: Callable[[str], R | None]) -> R | None:
    """Nothing matched the whole: each clause as `understand` hears it, a sign first, then the
    worry (safety), else the first clause understood (`min` keeps it)."""
    parts = clauses(text)
    understood = [found for part in (parts if len(parts) > 1 else ())
                  if (found := understand(part)) and (found.slots or found.intent == WORRY)]
    return min(understood, key=lambda found: HEARD_FIRST.get(found.intent, len(HEARD_FIRST)), default=None)


def said_beside(text: str, found: R, whole: Callable[[str], R], in_clauses: Callable[[str], R | None]) -> R:
    """A slot-less request said in one clause never hides a sign or the worry said in another:
    `found` (what the whole utterance gave) unless a clause alone says the same request and
    `in_clauses` hears a sign or the worry beside it."""
    if not found.slots and len(parts := clauses(text)) > 1 and any(
            whole(p).intent == found.intent for p in parts) \
            and (heard := in_clauses(text)) and heard.intent in HEARD_FIRST:
        return heard
    return found


def answer_first(text: str, found: R, understand: Callable[[str], R]) -> R:
    """`found` (what the whole utterance gave), unless it is a go-on word said after a yes or a
    no ("sure, go ahead", "yes carry on", "no next"): then that answer."""
    words = text.split()
    if found.intent not in GO_ON_WORDS or len(words) < 2:
        return found
    for cut in range(1, len(words)):
        first = understand(" ".join(words[:cut]))
        if first.intent in ANSWERS and understand(" ".join(words[cut:])).intent in GO_ON_WORDS:
            return first
    return found
