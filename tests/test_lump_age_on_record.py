"""A lump's age told shorter than the clog on record: the older age counts (the careful side),
and she hears why. Expectations written out: a lump of 24 hours or more means contacting a
provider today."""
from test_safety_edges import come_back, parent, tell_clog  # noqa: F401 (parent: a fixture)

LUMP_AFTER_A_DAY = "Because you mentioned a lump still there after a day, please contact your healthcare provider today."


def test_a_lump_age_told_shorter_than_the_clog_on_record_still_gets_the_day_old_advice(parent):
    tell_clog(parent)
    assert come_back(parent, hours=30).text.endswith("Is the lump still there?")
    heard = parent.say("GiveDuration", amount="5", unit="hours").text
    assert heard.startswith("You told me about this clog about 30 hours ago, so I'll count from then. "
                            "A lump still there after a day of draining should be checked")
    assert LUMP_AFTER_A_DAY in parent.say("AMAZON.StopIntent").text


def test_a_lump_age_told_longer_than_the_record_is_taken_as_said(parent):
    tell_clog(parent)
    come_back(parent, hours=2)
    assert parent.say("GiveDuration", amount="30", unit="hours").text.startswith("About 30 hours, got it.")
