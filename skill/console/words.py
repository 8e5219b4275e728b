"""The console NLU's words: how typed text is normalised before matching, spoken numbers, and
Amazon's own phrases for the built-in intents."""
from __future__ import annotations

import re

from word2number import w2n

NEGATIONS = frozenset({"not", "don't", "dont", "never", "isn't"})
# Said before a request ("okay, next", "hi, um, so I think..."): dropped when more words follow.
_LEAD_INS = {"okay", "ok", "alright", "so", "well", "hi", "hey", "hello"}
# Hedges said after a request ("... maybe", "... I guess"): the resolver tries the request
# without them first (see `unhedged`).
_HEDGES = tuple(tuple(hedge.split()) for hedge in (
    "maybe", "perhaps", "probably", "i guess", "i think", "i suppose", "or something", "kind of", "sort of",
    "you know", "or so"))
FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "ugh", "argh", "please", "alexa"})
# Spoken and written forms people use interchangeably; applied to samples and input alike.
CONTRACTIONS = {"it is": "it's", "i am": "i'm", "there is": "there's", "what is": "what's",
                "cannot": "can't", "can not": "can't", "do not": "don't", "i have got": "i've got",
                # typed without the apostrophe ("i think its infected", "theres a red streak");
                # Alexa writes "it's". Only words that are not words of their own ("ill", "well").
                "its": "it's", "im": "i'm", "ive": "i've", "dont": "don't", "theres": "there's",
                "thats": "that's", "whats": "what's", "cant": "can't", "didnt": "didn't",
                "doesnt": "doesn't", "isnt": "isn't", "hasnt": "hasn't", "havent": "haven't",
                "wasnt": "wasn't", "wont": "won't", "couldnt": "couldn't"}
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(map(re.escape, CONTRACTIONS)) + r")\b")

# Amazon's own utterances for the built-in intents (not in the model file): the common ones typed.
BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    # "ok", "okay", "alright" are the skill's own ContinueIntent samples, which win over the built-in
    # (so that "ok" is never a yes to a safety question).
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "yup", "sure", "of course", "correct"),
    "AMAZON.NoIntent": ("no", "nope", "nah", "no way", "not now", "not really", "no not really", "not at all",
                        "no thanks", "i don't think so"),
    "AMAZON.NextIntent": ("next", "next one", "go on"),
    "AMAZON.StopIntent": ("stop", "exit", "quit", "off", "shut up", "be quiet", "goodbye", "bye"),
    "AMAZON.CancelIntent": ("cancel", "cancel that"),
    "AMAZON.HelpIntent": ("help", "help me", "i need help"),
    "AMAZON.RepeatIntent": ("repeat", "again", "pardon", "what", "say again"),
    "AMAZON.PreviousIntent": ("back", "previous", "go back please", "last one"),
    "AMAZON.StartOverIntent": ("start over", "restart", "over again"),
    # "wait" is the skill's own HoldOnIntent sample (a short hold), which wins over the built-in.
    "AMAZON.PauseIntent": ("pause",),
    "AMAZON.ResumeIntent": ("resume", "go ahead", "unpause"),
    "AMAZON.NavigateHomeIntent": ("home", "go home", "main menu", "menu"),
}

_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_NUMBER_WORDS = [*_DIGITS, "oh", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                 "eighty", "ninety", "hundred", "thousand"]
_DIGIT_WORDS = {w: str(i) for i, w in enumerate(_DIGITS)}
_NUM_WORD = "(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
NUMBER_PATTERN = rf"(?:\d+|(?:a )?{_NUM_WORD}(?: (?:and )?{_NUM_WORD})*)"
# A clock hour said right before these is a time of day ("since about 10 tonight", "at 9 pm"): only
# a sample with a time-of-day slot after it ("since {amount} {since}") takes it; never a temperature.
# Any other number keeps its meaning ("it was 101 this morning" is a temperature).
_TIME_OF_DAY = ("o'clock", "oclock", "am", "pm", "a m", "p m", "tonight", "this morning", "this afternoon",
                "this evening", "last night", "in the morning", "in the evening", "at night")
_CLOCK_HOUR = "(?:1[0-2]|[1-9]|" + "|".join(_NUMBER_WORDS[1:10] + ["ten", "eleven", "twelve"]) + ")"
# A number that may begin a "since ... tonight", but not a clock time alone ("since 3 am" is no
# amount of hours: it is asked again).
SINCE_NUMBER_PATTERN = NUMBER_PATTERN + r"(?! (?:o'clock|oclock|am|pm|a m|p m)(?!\S))"
QUANTITY_PATTERN = (r"(?:(?<=point )|(?!" + _CLOCK_HOUR + " (?:" + "|".join(map(re.escape, _TIME_OF_DAY))
                    + r")(?!\S)))" + NUMBER_PATTERN)


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


# The baby as who has it ("my baby has...", "the baby's temperature", "my son is burning up"), not
# as whom it is about ("I might hurt the baby", "is my milk safe for the baby").
_SAID_OF_THE_BABY = re.compile(
    r"(?<!\S)(?:(?:my|the|our) )?(?:baby|newborn|little one|infant|son|daughter)(?:'s| (?:is|has|feels|seems|looks"
    r"|was|keeps|had|got|might|may|could|threw|spit|spat|won't|can't|isn't|does|did|just))(?!\S)"
    r"|(?<!\S)(?:baby|newborn|little one|infant|son|daughter) <")  # a sign's words right after: "my baby <symptom>"


def said_of_the_baby(text: str) -> bool:
    """Whether a normalised utterance (slot values taken out) tells of the baby's own state."""
    return _SAID_OF_THE_BABY.search(text) is not None


def unhedged(text: str) -> str:
    """A normalised utterance without the hedges at its end ("i think i have mastitis maybe"),
    keeping at least one word."""
    words = text.split()
    while hedge := _hedge_at_end(words):
        del words[-len(hedge):]
    return " ".join(words)


def _hedge_at_end(words: list[str]) -> tuple[str, ...]:
    return next((h for h in _HEDGES if len(words) > len(h) and tuple(words[-len(h):]) == h), ())


def spoken_number(words: str) -> str | None:
    """Digits for a spoken number the way Alexa fills AMAZON.NUMBER, or None if it is not one."""
    if words.isdigit():
        return str(int(words))
    parts = words.split()
    if "oh" in parts:  # "one oh one": digit by digit
        return digits_said(words)
    if parts[0] == "a" and len(parts) > 1:  # word2number reads "a hundred and one" as 100
        parts[0] = "one"
    try:
        return str(w2n.word_to_num(" ".join(parts)))
    except ValueError:
        return None


def digits_said(spoken: str) -> str | None:
    """A slot value said digit by digit ("nine one one", "one oh eight") as Alexa writes it
    heard ("911"); None for any other value."""
    parts = spoken.split()
    digits = ["0" if w == "oh" else _DIGIT_WORDS.get(w) for w in parts]
    return "".join(str(d) for d in digits) if len(parts) > 1 and None not in digits else None


def negated(words: list[str]) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


# How many words before a value a "not" denies it ("i'm not feeling dizzy", "don't have any chest pain").
DENIAL_REACH = 3


def denied_values(text: str, values: re.Pattern | None) -> list[str]:
    """The values said just after a negation in their clause ("i'm not dizzy", "i don't have a
    fever"); not one that is a negation itself ("i'm not okay i can't breathe")."""
    return [m.group() for m in (values.finditer(text) if values else ())
            if negated(same_clause(text[:m.start()].split(), [])[-DENIAL_REACH:]) and not negated(m.group().split())]


# Words that start a new clause: a "not" beyond one negates nothing on the other side of it.
CLAUSE_BREAKS = frozenset({"but", "and", "though", "although", "because"})


def same_clause(before: list[str], after: list[str]) -> list[str]:
    """The words around a match that share its clause: "I don't have a thermometer but I feel
    hot" keeps only "I" before "feel hot"."""
    start = max((i + 1 for i, w in enumerate(before) if w in CLAUSE_BREAKS), default=0)
    stop = next((i for i, w in enumerate(after) if w in CLAUSE_BREAKS), len(after))
    return before[start:] + after[:stop]


def clauses(text: str) -> list[str]:
    """The utterance cut at each clause break ("... in my left breast and I can't sleep"), empty
    pieces left out."""
    pieces: list[list[str]] = [[]]
    for word in text.split():
        if word in CLAUSE_BREAKS:
            pieces.append([])
        else:
            pieces[-1].append(word)
    return [" ".join(piece) for piece in pieces if piece]
