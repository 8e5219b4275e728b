"""Which check a session's end leaves waiting (skill/logic/episode.py `leave_check_waiting`):
the quick check as itself, or the warning-sign questions, which then replace it."""
from datetime import datetime, timezone

from skill.logic import episode

NOW = datetime(2026, 11, 29, 3, 0, tzinfo=timezone.utc)
EARLIER = "2026-11-29T02:00:00+00:00"


def test_a_quick_check_left_waiting_opens_the_clog_then():
    memory: dict = {}
    episode.leave_check_waiting(memory, "precheck", NOW)
    assert memory["episode"]["started"] == "2026-11-29T03:00:00+00:00"
    assert memory["episode"]["precheck_paused_at"] == "2026-11-29T03:00:00+00:00"
    assert "signs_only" not in memory["episode"]  # she came to ease a clog


def test_the_warning_sign_questions_left_waiting_replace_a_waiting_quick_check():
    memory: dict = {"episode": {"started": EARLIER, "tried": [], "signs": [], "precheck_paused_at": EARLIER}}
    episode.leave_check_waiting(memory, "triage", NOW)
    assert memory["episode"]["check_paused_at"] == "2026-11-29T03:00:00+00:00"
    assert "precheck_paused_at" not in memory["episode"]
