"""Coming back after telling only warning signs (no lump, no side, no routine): the welcome does
not claim she told of a clog, and no lump she never mentioned is asked about. Telling of the clog
in any way (starting the routine, a lump, where it is) keeps the lump check. Words written out."""
from test_safety_edges import come_back, parent  # noqa: F401 (parent: a fixture)

WELCOME_BACK = "Welcome back to Milk Duct Helper."
NEXT_AFTER_SIGNS = "You can say 'start', tell me if anything changes, or ask what causes a clog."
LUMP_CHECK = "you told me about a clog. Is the lump still there?"


def told_then_left(parent, *said):
    parent.launch()
    for intent, slots in said:
        parent.say(intent, **slots)
    parent.say("AMAZON.NoIntent")  # no emergency signs
    parent.say("AMAZON.StopIntent")


def test_after_only_a_fever_the_welcome_back_asks_about_no_lump(parent):
    told_then_left(parent, ("ReportSymptom", {"symptom": "fever"}))
    turn = come_back(parent, hours=5)
    assert turn.text.startswith("Because you mentioned a fever")  # the sign on record still leads
    assert WELCOME_BACK in turn.text and turn.text.endswith(NEXT_AFTER_SIGNS)
    assert "lump" not in turn.text


def test_a_one_shot_start_after_only_a_fever_asks_no_lump_check(parent):
    told_then_left(parent, ("ReportSymptom", {"symptom": "fever"}))
    parent.session.advance(hours=30)
    turn = parent.say("StartRoutine")  # "ask milk duct helper to start"
    assert turn.text.startswith("Because you mentioned a fever") and "lump" not in turn.text


def test_after_a_breast_sign_the_lump_is_asked_about(parent):
    told_then_left(parent, ("ReportSymptom", {"symptom": "lump"}))
    assert come_back(parent, hours=5).text.endswith(LUMP_CHECK)


def test_after_a_fever_then_where_the_clog_is_the_lump_is_asked_about(parent):
    told_then_left(parent, ("ReportSymptom", {"symptom": "fever"}), ("AMAZON.NoIntent", {}),
                   ("SetClogLocation", {"side": "left", "location": "outer"}))
    assert come_back(parent, hours=5).text.endswith("you told me about a clog on the left side. Is the lump still there?")


def test_after_starting_the_routine_the_lump_is_asked_about(parent):
    parent.launch()
    parent.say("StartRoutine")  # "ugh my boob has a hard lump": the quick check
    parent.say("AMAZON.StopIntent")
    assert come_back(parent, hours=5).text.endswith(LUMP_CHECK)


def test_the_lump_told_after_only_a_fever_is_asked_about_next_time(parent):
    told_then_left(parent, ("ReportSymptom", {"symptom": "fever"}))
    come_back(parent, hours=5)
    parent.say("LumpStillThere")  # "the lump is still there": she tells of the clog now
    parent.say("AMAZON.StopIntent")
    assert come_back(parent, hours=5).text.endswith(LUMP_CHECK)
