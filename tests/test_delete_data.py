"""'Delete my data' through the real skill: what she hears once it is erased, once it could not
be, and that a warning sign told this session is still named after the erasing.

Expectations are written out by hand from content/locale/en-US/responses.yaml (en-US: 911)."""
from driver import Driver
from skill.persistence.resilient import ResilientAdapter
from skill.persistence.sqlite import SQLitePersistenceAdapter

DELETED = "Done. I've erased what I remembered about you."
DELETE_FAILED = "I couldn't erase your history just now. Please try again in a little while."
NEXT_IDLE = "You can say 'start', tell me a symptom like 'I have a fever', or ask what causes a clog."
FEVER_REMINDER = "Because you mentioned a fever, please contact your healthcare provider today."
# Once she has told a sign, what she can say next asks what changes (after an action's reply too).
NEXT_IDLE_TOLD = "You can say 'start', tell me if anything changes, or ask what causes a clog."


class DeleteFails(SQLitePersistenceAdapter):
    """SQLite that reads and saves, but cannot erase."""

    def delete_attributes(self, request_envelope):
        raise ConnectionError("store unreachable")


def test_erased_then_what_she_can_say_next(user):
    user.launch()
    user.say("DeleteData")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"{DELETED} {NEXT_IDLE}"
    assert turn.reprompt == NEXT_IDLE


def test_a_fever_told_this_session_is_still_named_after_erasing(user):
    user.launch()
    user.say("ReportSymptom", symptom="fever")
    user.say("AMAZON.NoIntent")  # no emergency signs: contact the provider today
    user.say("DeleteData")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"{DELETED} {FEVER_REMINDER} {NEXT_IDLE_TOLD}"


def test_an_erase_that_fails_says_so(make_skill, db_path):
    user = Driver(make_skill(ResilientAdapter(DeleteFails(db_path), retries=1, sleep=lambda seconds: None)))
    user.launch()
    user.say("DeleteData")
    turn = user.say("AMAZON.YesIntent")
    assert turn.text == f"{DELETE_FAILED} {NEXT_IDLE}"
