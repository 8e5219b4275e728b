"""The lump check answered on two Echos at once: the lump she says is still there is the clog
she was asked about, whatever the other device recorded in between. Expectations are written
out (the guideline: a lump of 24 hours or more means contacting a provider today)."""
from test_kill_k1 import asked_about_the_lump, other_device, stored_episode
from test_safety_edges import EMERGENCY_QUESTION, WATCH, parent  # noqa: F401 (parent: a fixture)

LASTED_30_HOURS = ("So it has lasted about 30 hours. A lump still there after a day of draining should be "
                   "checked, so please contact your healthcare provider today. " + EMERGENCY_QUESTION)


def cleared_on_another_device_while_asked(parent):
    asked_about_the_lump(parent, hours=30)
    kitchen = other_device(parent)
    assert kitchen.launch().text.endswith("Is the lump still there?")
    assert kitchen.say("AMAZON.NoIntent").text.startswith("I'm glad it's eased.")


def test_a_yes_after_the_clog_was_cleared_on_another_device_keeps_its_age(parent, db_path):
    cleared_on_another_device_while_asked(parent)
    assert parent.say("AMAZON.YesIntent").text == LASTED_30_HOURS
    episode = stored_episode(db_path)
    assert episode["started"] == "2026-11-20T15:00:00+00:00" and "cleared_at" not in episode


def test_a_sign_told_at_the_check_after_it_was_cleared_elsewhere_counts_the_lumps_age(parent):
    cleared_on_another_device_while_asked(parent)
    parent.say("ReportSymptom", symptom="redness")
    for _ in range(4):  # no emergency signs, no fever, no chills or aches, no red streaks
        turn = parent.say("AMAZON.NoIntent")
    assert turn.text.startswith(WATCH)  # a lump of 30 hours, not one from this answer
