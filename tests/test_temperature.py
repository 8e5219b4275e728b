import pytest

from skill.logic.temperature import CELSIUS, FAHRENHEIT, read_temperature


@pytest.fixture(scope="module")
def thresholds(content):
    return content["triage"]["thresholds"]


@pytest.mark.parametrize("whole, fraction, scale, value, expected_scale, fever", [
    ("101", None, None, 101.0, FAHRENHEIT, True),
    ("100", "9", None, 100.9, FAHRENHEIT, False),
    ("38", "3", None, 38.3, CELSIUS, True),
    ("38", "2", None, 38.2, CELSIUS, False),
    ("37", None, "celsius", 37.0, CELSIUS, False),
    ("102", "5", "fahrenheit", 102.5, FAHRENHEIT, True),
    ("39", "05", None, 39.05, CELSIUS, True),
    ("98", "6", None, 98.6, FAHRENHEIT, False),
])
def test_reads_both_scales_and_infers_the_scale(thresholds, whole, fraction, scale, value, expected_scale, fever):
    reading = read_temperature(whole, fraction, scale, thresholds)
    assert (reading.value, reading.scale, reading.fever) == (value, expected_scale, fever)


@pytest.mark.parametrize("whole, fraction, scale", [
    ("250", None, None),        # no body is this hot in either scale
    ("12", None, None),
    ("60", None, None),         # between the scales
    ("38", None, "fahrenheit"),  # a Celsius number said as Fahrenheit
    ("101", None, "celsius"),
    (None, None, None),
    ("?", None, None),
    ("thirty", None, None),     # not digits: the NLU did not resolve it
    ("-38", None, None),
])
def test_nonsense_is_refused(thresholds, whole, fraction, scale):
    assert read_temperature(whole, fraction, scale, thresholds) is None


@pytest.mark.parametrize("whole, fraction, fever", [
    # the seeds' fever line: 101 °F or 38.3 °C or higher
    ("101", None, True), ("100", "9", False), ("100", "99", False),
    ("38", "3", True), ("38", "29", False), ("38", "31", True),
])
def test_fever_lines_are_101_fahrenheit_and_38_3_celsius(thresholds, whole, fraction, fever):
    assert read_temperature(whole, fraction, None, thresholds).fever is fever


def test_spoken_form(content):
    from skill.logic.speech import Dialog
    from skill.logic.temperature import Reading
    dialog = Dialog(content["responses"])
    assert Reading(38.3, CELSIUS, True).spoken(dialog) == "38.3 degrees Celsius"
    assert Reading(101.0, FAHRENHEIT, True).spoken(dialog) == "101 degrees Fahrenheit"
