"""What is said once an action is carried out (here, erasing her data) is said in her market's
words: the warning-sign reminder names her market's numbers. Through the real skill."""
from driver import Driver
from skill.console.envelopes import Session


def test_after_erasing_the_warning_sign_reminder_names_the_uk_numbers(make_skill):
    user = Driver(make_skill(), Session(locale="en-GB", api_endpoint="http://127.0.0.1:9"))
    user.launch()
    user.say("ReportSymptom", symptom="headache")
    user.say("DeleteData")
    erased = user.say("AMAZON.YesIntent")
    assert erased.text.startswith("Done. I've erased what I remembered about you. Because you mentioned a headache "
                                  "that won't go away, please call")
    assert "9 9 9" in erased.text and "9 1 1" not in erased.text
