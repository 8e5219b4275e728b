"""Offers and the routine choice (s6 "offers"), through the real skill: the words she hears
are written out here (content/locale/en-US/responses.yaml, content/topics.yaml), so a change
of wording or of behaviour fails."""
CAUTION = "With signs like these, newer guidance says to avoid heat and deep massage."
NOT_SET = "Okay, I haven't set the timer."


def test_next_at_the_timers_shall_i_after_an_emergency_says_the_call_then_no_timer(user):
    """After an emergency, the call comes first even here; the timer is said not to be set,
    and nothing is set (no action, no question left waiting)."""
    user.launch()
    user.say("ReportSymptom", symptom="trouble_breathing")
    asked = user.say("SetTimer", minutes="5")
    assert asked.text.endswith("Shall I?")
    moved = user.say("AMAZON.NextIntent")
    assert moved.text.startswith("Please call 9 1 1 now, from a phone.")
    assert NOT_SET in moved.text
    assert moved.attributes.get("pending") is None and "action" not in moved.attributes
    assert "directives" not in moved.body or not moved.body["directives"]


def test_a_lump_past_a_day_alone_is_no_caution_and_chills_then_are(user):
    """The caution is for signs of inflammation (provider level or worse): a lump still there
    after a day (watch level) is not one; chills told later are, and the choice is kept."""
    user.launch()
    told = user.say("GiveDuration", amount="30", unit="hours")
    while told.attributes.get("pending") == "triage":  # no to every warning-sign question
        told = user.say("AMAZON.NoIntent")
    assert "contact your healthcare provider today" in told.text
    chosen = user.say("ChooseRoutine", routine="classic")
    assert CAUTION not in chosen.text and "The classic routine, then." in chosen.text
    user.say("ReportSymptom", symptom="chills")
    user.say("AMAZON.NoIntent")  # no emergency signs: the provider advice
    user.say("SwitchRoutine", routine="gentle")
    switched = user.say("SwitchRoutine", routine="classic")
    assert switched.text.startswith(f"{CAUTION} Okay, the classic routine from now on.")
    assert user.say("WhereAmI").text.startswith("You're on step 1 of 6 in the warmth and preparation section")  # kept: classic


def test_a_fever_cautions_the_classic_routine_until_it_is_taken_back(user):
    """A false alarm takes the sign off the record: the classic routine is then not cautioned."""
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    user.say("AMAZON.NoIntent")  # no emergency signs
    user.say("DontKnow")  # no thermometer: the provider advice
    assert user.say("ChooseRoutine", routine="classic").text.startswith(f"{CAUTION} The classic routine, then.")
    user.say("FalseAlarm", symptom="fever")
    user.say("SwitchRoutine", routine="gentle")
    switched = user.say("SwitchRoutine", routine="classic")
    assert CAUTION not in switched.text and "Okay, the classic routine from now on." in switched.text
