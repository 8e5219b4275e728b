"""Where the clog is decides the nursing hold: told on its own, the hold is named and explained;
in the positioning section, where the step explains the chin, it is only named. Through the
real skill, and the conversation's reply keys (what the repeat cache and screens go by)."""
from datetime import datetime, timezone

from skill.logic.conversation import Event

LOCATION_NEXT = "Say 'start' when you'd like me to guide you."
# content/positions.yaml, written out so that a changed join or a dropped line fails here.
FOOTBALL_HOLD = ("Try the football hold. Tuck baby under your arm, along your side, in a football hold. "
                 "Their chin then points toward the outer breast.")
GRAVITY = "Leaning forward, so that breast hangs down, helps too."


def test_telling_where_the_clog_is_names_and_explains_the_hold(user):
    user.launch()
    turn = user.say("SetClogLocation", side="left", location="outer")
    assert turn.text == f"{FOOTBALL_HOLD} {GRAVITY} {LOCATION_NEXT}"


def test_the_hold_is_said_as_the_locations_own_item(conversation, content):
    state, memory = {}, {}
    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    conversation.handle(Event("Launch"), state, memory, now)
    told = conversation.handle(Event("SetClogLocationIntent", {"side": "left", "location": "outer"}),
                               state, memory, now)
    assert told.keys() == ["location:outer", "position:gravity", "location_next"]


def test_the_positioning_section_names_the_hold_without_explaining_it_again(user):
    user.launch()
    user.say("SetClogLocation", side="left", location="outer")
    turn = user.say("GoToSection", section="positioning")
    assert turn.text.startswith("Let baby and gravity help. Try the football hold. "
                                "Latch baby so their chin points at the clog.")
    assert "Tuck baby under your arm" not in turn.text
