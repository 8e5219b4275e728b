import pytest

from skill.logic.temperature import CELSIUS, FAHRENHEIT, read_temperature


@pytest.fixture(scope="module")
def thresholds(content):
    return content["triage"]["thresholds"]


# The fever line for provider advice is the CDC Hear Her postpartum warning sign: 100.4 F / 38.0 C
# (the seeds' 101 F / 38.3 C mastitis line only explains it).
@pytest.mark.parametrize("whole, fraction, scale, value, expected_scale, fever", [
    ("101", None, None, 101.0, FAHRENHEIT, True),
    ("100", "9", None, 100.9, FAHRENHEIT, True),
    ("100", "4", None, 100.4, FAHRENHEIT, True),
    ("100", "39", None, 100.39, FAHRENHEIT, False),
    ("38", "3", None, 38.3, CELSIUS, True),
    ("38", "2", None, 38.2, CELSIUS, True),
    ("38", None, None, 38.0, CELSIUS, True),
    ("37", "9", None, 37.9, CELSIUS, False),
    ("38", "333", None, 38.333, CELSIUS, True),  # three digits are kept, not dropped
    ("37", "999", None, 37.999, CELSIUS, False),
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
    ("38", "3333", None),       # a fraction no thermometer shows: asked again, never cut short
    ("38", "x", None),
])
def test_nonsense_is_refused(thresholds, whole, fraction, scale):
    assert read_temperature(whole, fraction, scale, thresholds) is None


@pytest.mark.parametrize("whole, fraction, fever", [
    # CDC Hear Her: a postpartum fever of 100.4 F / 38.0 C or higher calls for the provider
    ("100", "4", True), ("100", "39", False), ("101", None, True), ("100", "9", True),
    ("38", None, True), ("37", "99", False), ("38", "3", True),
])
def test_fever_lines_are_100_4_fahrenheit_and_38_celsius(thresholds, whole, fraction, fever):
    assert (thresholds["fever_f"], thresholds["fever_c"]) == (100.4, 38.0)
    assert read_temperature(whole, fraction, None, thresholds).fever is fever


def test_spoken_form(content):
    from skill.logic.speech import Dialog
    from skill.logic.temperature import Reading
    dialog = Dialog(content["responses"])
    assert Reading(38.3, CELSIUS, True, "38.3").spoken(dialog) == "38.3 degrees Celsius"
    assert Reading(101.0, FAHRENHEIT, True, "101").spoken(dialog) == "101 degrees Fahrenheit"


@pytest.mark.parametrize("whole, fraction, said", [
    ("38", "29", "38.29"), ("38", "333", "38.333"), ("39", "05", "39.05"), ("100", "40", "100.4"), ("38", "0", "38"),
])
def test_readings_keep_the_digits_as_said(thresholds, whole, fraction, said):
    assert read_temperature(whole, fraction, None, thresholds).number == said
