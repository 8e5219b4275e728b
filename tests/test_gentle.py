"""Two ways to care (issue 14): the classic and the gentle routine, chosen by the parent, through
the real skill (handlers, interceptors, SQLite memory), and the content checks that keep the two
from mixing."""
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from driver import Driver
from skill import content as content_module
from skill.console.envelopes import Session
from skill.content import ContentError, compile_content
from skill.logic import state as states

REAL = Path(__file__).resolve().parent.parent / "content"
ABM = "guideline: Academy of Breastfeeding Medicine Clinical Protocol #36, The Mastitis Spectrum (2022)"
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=timezone.utc)
TIMERS = "/v1/alerts/timers"
# Words the gentle routine must never say (issue 14), written out here rather than taken
# from the checker, so a weakened checker fails these tests.
NOT_GENTLE = re.compile(r"\b(?:warm|heat|hot|firm|deep|knead)\w*|toward (?:the|your) nipple", re.IGNORECASE)


def steps_of(routine):
    return [step for section in routine["sections"] for step in section["steps"]]


def choose(user, routine):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")  # no warning signs
    return user.say("ChooseRoutine", routine=routine)


def walk(user, first, stop="end of the routine"):
    """Say next until `stop` is said; every reply's words, in order."""
    spoken = [first.text]
    for _ in range(200):
        turn = user.say("AMAZON.NextIntent")
        spoken.append(turn.text)
        if stop in turn.text:
            return spoken
    pytest.fail(f"never heard {stop!r}")


# ---- the parent chooses -----------------------------------------------------------------------

def test_first_start_offers_both_in_plain_words(user, content):
    user.launch()
    user.say("StartRoutine")
    asked = user.say("AMAZON.NoIntent")
    assert content["responses"]["routine_choice"] in asked.text
    assert "warmth and massage" in asked.text and "cold and light strokes" in asked.text
    assert not asked.ended and "the gentle one" in asked.reprompt


@pytest.mark.parametrize("answer", ["either", None])
def test_i_dont_mind_picks_the_gentle_routine(user, content, answer):
    turn = choose(user, answer)
    gentle = content["gentle_routine"]["sections"][0]
    assert "I'll pick the gentle routine" in turn.text
    assert gentle["intro"] in turn.text and gentle["steps"][0]["say"] in turn.text


def test_yes_to_the_choice_asks_again_naming_the_answers(user, content):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    again = user.say("AMAZON.YesIntent")
    assert again.text == content["responses"]["routine_choice_reprompt"]


def test_cancel_drops_the_choice_question_and_nothing_is_chosen(user, content):
    user.launch()
    user.say("StartRoutine")
    user.say("AMAZON.NoIntent")
    dropped = user.say("AMAZON.CancelIntent")
    assert dropped.text.startswith("Okay.") and dropped.attributes["pending"] is None and not dropped.ended
    assert content["responses"]["routine_choice"] in user.say("StartRoutine").text


def test_the_choice_is_remembered_across_sessions(make_skill, content):
    first = Driver(make_skill())
    choose(first, "gentle")
    first.say("AMAZON.StopIntent")
    later = Driver(make_skill(), first.session)
    later.launch()
    later.say("StartRoutine")
    began = later.say("AMAZON.NoIntent")
    assert content["responses"]["routine_choice"] not in began.text
    assert content["gentle_routine"]["sections"][0]["steps"][0]["say"] in began.text


def test_classic_choice_starts_the_classic_routine_without_the_abm_aside(user, content):
    turn = choose(user, "classic")
    assert "The classic routine, then." in turn.text
    assert content["routine"]["sections"][0]["steps"][0]["say"] in turn.text
    massage = user.say("GoToSection", section="massage")
    assert content["routine"]["sections"][1]["intro"] in massage.text
    assert "Academy" not in massage.text and "cold" not in massage.text.lower()


# ---- both routines end to end ------------------------------------------------------------------

@pytest.mark.parametrize("name, key", [("classic", "routine"), ("gentle", "gentle_routine")])
def test_each_routine_walks_end_to_end_in_order(user, content, name, key):
    transcript = " ".join(walk(user, choose(user, name)))
    position = 0
    for step in steps_of(content[key]):
        found = transcript.find(step["say"], position)
        assert found >= position, step["id"]
        position = found


def test_the_gentle_walk_never_says_heat_firm_or_toward_the_nipple(user):
    transcript = " ".join(walk(user, choose(user, "gentle")))
    assert "light strokes" in transcript.lower() or "stroke the skin very lightly" in transcript
    assert not NOT_GENTLE.search(transcript), NOT_GENTLE.search(transcript)


# At the first step (nothing to time) a plain timer; the warm compress named, the cool one she has.
@pytest.mark.parametrize("asked, named", [({"minutes": "10"}, "10 minute timer."),
                                          ({"minutes": "10", "compress": "warm"}, "10 minute timer for the cool compress")])
def test_a_timer_in_the_gentle_routine_never_suggests_heat(user, asked, named):
    choose(user, "gentle")
    offer = user.say("SetTimer", **asked).text
    assert named in offer, offer
    assert "warm" not in offer.lower(), offer


def test_gentle_holds_are_paced_with_cues(user, content):
    choose(user, "gentle")
    held = user.say("GoToSection", section="strokes")
    strokes = content["gentle_routine"]["sections"][1]["steps"][0]
    assert "I'll keep time for 1 minute" in held.text and "[pause" in held.text
    assert any(cue in held.text for cue in strokes["cues"])


def test_navigation_in_the_gentle_routine(user, content):
    gentle = content["gentle_routine"]["sections"]
    choose(user, "gentle")
    user.say("AMAZON.NextIntent")
    where = user.say("WhereAmI")
    assert f"step 2 of {len(gentle[0]['steps'])}" in where.text and gentle[0]["title"] in where.text
    back = user.say("AMAZON.PreviousIntent")
    assert gentle[0]["steps"][0]["say"] in back.text
    # A classic section's name finds the gentle section that does its job.
    assert gentle[1]["intro"] in user.say("GoToSection", section="massage").text
    assert gentle[2]["intro"] in user.say("GoToSection", section="cold").text
    unknown = user.say("GoToSection", section="nowhere")
    assert content["responses"]["section_choices_gentle"] in unknown.text


def test_triage_at_a_gentle_step_then_back_to_it(user, content):
    choose(user, "gentle")
    user.say("GoToSection", section="strokes")
    user.say("ReportSymptom", symptom="fever")
    advice = user.say("AMAZON.NoIntent")  # no emergency signs
    assert "contact your healthcare provider today" in advice.text
    back = user.say("AMAZON.ResumeIntent")
    assert content["gentle_routine"]["sections"][1]["steps"][0]["say"] in back.text


def test_emergency_sign_stops_a_switch(user):
    choose(user, "gentle")
    user.say("ReportSymptom", symptom="trouble_breathing")
    turn = user.say("SwitchRoutine", routine="classic")
    assert turn.text.startswith("Please call 9 1 1 now, from a phone.")
    assert "classic routine" not in turn.text


# ---- switching ---------------------------------------------------------------------------------

@pytest.mark.parametrize("start_at, slot, expect_section", [
    ("massage", "gentle", ("gentle_routine", 1)),   # massage -> light strokes
    ("prepare", "gentle", ("gentle_routine", 2)),   # warmth -> cold pack
    ("positioning", "gentle", ("gentle_routine", 0)),  # positions -> feeding as usual
    ("followup", "gentle", ("gentle_routine", 3)),
])
def test_switching_keeps_the_place_by_section(user, content, start_at, slot, expect_section):
    choose(user, "classic")
    user.say("GoToSection", section=start_at)
    switched = user.say("SwitchRoutine", routine=slot)
    key, index = expect_section
    section = content[key]["sections"][index]
    assert "Okay, the gentle routine from now on." in switched.text
    assert section["intro"] in switched.text and section["steps"][0]["say"] in switched.text


def test_switching_back_without_a_name_goes_to_the_other_routine(user, content):
    choose(user, "gentle")
    user.say("GoToSection", section="strokes")
    back = user.say("SwitchRoutine")
    assert "the classic routine from now on" in back.text
    assert content["routine"]["sections"][1]["intro"] in back.text  # light strokes -> massage
    assert "You're already on the classic routine." in user.say("SwitchRoutine", routine="classic").text


def test_switch_while_paused_carries_the_saved_place(make_skill, content):
    first = Driver(make_skill())
    choose(first, "classic")
    first.say("GoToSection", section="massage")
    first.say("AMAZON.PauseIntent")
    later = Driver(make_skill(), first.session)
    later.launch()
    assert "gentle routine from now on" in later.say("SwitchRoutine", routine="gentle").text
    resumed = later.say("AMAZON.ResumeIntent")
    assert content["gentle_routine"]["sections"][1]["steps"][0]["say"] in resumed.text


# ---- the cold pack is a real Alexa timer -------------------------------------------------------

@pytest.fixture
def api_user(make_skill, fake_alexa_api):
    return Driver(make_skill(), Session(now=NOW, api_endpoint=fake_alexa_api.url, permissions_granted=True))


def test_the_gentle_cold_pack_is_offered_as_a_timer(api_user, fake_alexa_api, content):
    choose(api_user, "gentle")
    at_cold = api_user.say("GoToSection", section="cold")
    cold = content["gentle_routine"]["sections"][2]["steps"][0]
    assert cold["say"] in at_cold.text
    asked = api_user.say("SetTimer")
    assert f"{cold['hold_seconds'] // 60} minute timer for the cool compress" in asked.text
    done = api_user.say("AMAZON.YesIntent")
    [timer] = [r for r in fake_alexa_api.requests if r.path == TIMERS]
    assert timer.json["duration"] == "PT10M" and done.ended
    # Alexa keeps time now: resuming goes on past the cold pack.
    later = Driver(api_user.skill, api_user.session)
    later.launch()
    resumed = later.say("AMAZON.ResumeIntent")
    assert content["gentle_routine"]["sections"][2]["steps"][1]["say"] in resumed.text


# ---- help and the newer-advice topic ------------------------------------------------------------

def test_help_names_both_ways(user, content):
    user.launch()
    helped = user.say("AMAZON.HelpIntent")
    assert content["responses"]["help_two_ways"] in helped.text


def test_newer_advice_explains_the_difference_and_names_both_sources(user, content):
    user.launch()
    answer = user.say("NewerAdvice").text
    assert "The classic advice uses warmth and massage." in answer and "Academy of Breastfeeding Medicine" in answer
    assert "lactation consultant or your provider" in answer
    topic = content["topics"]["topics"]["newer_advice"]
    assert {"000_8cfdbd2f99c15243.txt", ABM} <= set(topic["source"])


# ---- the preference in memory ------------------------------------------------------------------

@pytest.mark.parametrize("stored, kept", [("gentle", "gentle"), ("classic", "classic"), ("warm", None),
                                          (1, None), (True, None), (None, None)])
def test_the_routine_preference_is_normalised(stored, kept):
    prefs = states.prefs({"routine": stored, "disclaimer_heard": True})
    assert prefs.get("routine") == kept and prefs["disclaimer_heard"] is True


# ---- the content checks keep the routines apart -------------------------------------------------

@pytest.fixture
def copy(tmp_path, monkeypatch):
    monkeypatch.setattr(content_module, "_cache", {})
    target = tmp_path / "content"
    shutil.copytree(REAL, target, ignore=shutil.ignore_patterns(".compiled.json*"))
    return target


def edit(directory, rel, change):
    path = directory / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def strokes_step(data):
    return data["sections"][1]["steps"][0]


@pytest.mark.parametrize("rel, change, expected", [
    ("gentle_routine.yaml", lambda d: strokes_step(d).update(say="Hold a warm cloth on the lump."),
     "sections[1].steps[0].say: the gentle routine never suggests heat, but this says 'warm'"),
    ("gentle_routine.yaml", lambda d: strokes_step(d)["cues"].append("Apply heat for five minutes."),
     "sections[1].steps[0].cues[4]: the gentle routine never suggests heat, but this says 'heat'"),
    ("gentle_routine.yaml", lambda d: strokes_step(d).update(say="Use firm strokes on the lump."),
     "sections[1].steps[0].say: the gentle routine never suggests firm or deep massage, but this says 'firm'"),
    ("gentle_routine.yaml", lambda d: strokes_step(d).update(say="Massage deeply into the lump."),
     "the gentle routine never suggests firm or deep massage, but this says 'deeply'"),
    ("gentle_routine.yaml", lambda d: strokes_step(d).update(say="Stroke lightly toward the nipple."),
     "sections[1].steps[0].say: gentle strokes go from the nipple toward the armpit or collarbone, never toward"
     " the nipple, but this says 'toward the nipple'"),
    ("routine.yaml", lambda d: d["sections"][3]["steps"][3].update(say="Rest a cold pack on it."),
     "sections[3].steps[3].say: the classic routine never mentions the gentle routine's cold packs or lymphatic"
     " strokes, but this says 'cold pack'"),
    ("routine.yaml", lambda d: d["sections"][1]["steps"][1].update(say="Sweep toward your armpit."),
     "sections[1].steps[1].say: classic strokes go toward the nipple, never toward the armpit or collarbone"),
    ("gentle_routine.yaml", lambda d: strokes_step(d).pop("source"),
     "sections[1].steps[0]: 'source' is a required property"),
    ("gentle_routine.yaml", lambda d: d["sections"][2].pop("source"),
     "sections[2]: 'source' is a required property"),
    ("gentle_routine.yaml", lambda d: strokes_step(d).update(source="a blog post"),
     "sections[1].steps[0].source: unknown source 'a blog post'"),
    ("gentle_routine.yaml", lambda d: d["sections"][1].update(counterpart="prepare"),
     "sections: each classic section (prepare, massage, positioning, followup) must be the counterpart of exactly"
     " one section"),
    ("gentle_routine.yaml", lambda d: d["sections"][3].update(id="aftercare"),
     "the code names section 'followup', which is not in the gentle routine"),
])
def test_the_compiler_keeps_the_routines_apart(copy, rel, change, expected):
    edit(copy, rel, change)
    with pytest.raises(ContentError) as raised:
        compile_content(copy)
    message = str(raised.value)
    assert message.startswith(str(copy / rel) + ": ") or message.startswith("content/")
    assert expected in message


def test_the_real_routines_pass_and_differ(content):
    gentle = " ".join(step["say"] for step in steps_of(content["gentle_routine"]))
    classic = " ".join(step["say"] for step in steps_of(content["routine"]))
    assert "armpit" in gentle and "cold pack" in gentle and not NOT_GENTLE.search(gentle)
    assert "toward the nipple" in classic and "cold pack" not in classic and "armpit" not in classic
    sources = {s for step in steps_of(content["gentle_routine"]) for s in
               (step["source"] if isinstance(step["source"], list) else [step["source"]])}
    assert ABM in sources and "guideline: University of Iowa Health Care, mastitis management patient handout" \
        in sources
