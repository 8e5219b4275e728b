"""The per-request log line: there when asked for (LOG_LEVEL=DEBUG), and never any health detail."""
import logging


def test_request_lines_name_the_intent_but_not_what_was_said(user, caplog):
    with caplog.at_level(logging.DEBUG, logger="skill.interceptors"):
        user.launch()
        user.say("ReportSymptom", symptom="fever")
    lines = [r.getMessage() for r in caplog.records if r.name == "skill.interceptors"]
    assert lines == ["request LaunchRequest ", "request IntentRequest ReportSymptomIntent"]
    assert "fever" not in caplog.text and user.session.user_id not in caplog.text


def test_quiet_at_the_default_level(user, caplog):
    with caplog.at_level(logging.INFO, logger="skill.interceptors"):
        user.launch()
    assert not [r for r in caplog.records if r.name == "skill.interceptors"]
