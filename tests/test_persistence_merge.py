"""The one merge rule both stores apply when two turns of the same user wrote at once."""
import copy

from skill.persistence.merge import merge

BASE = {
    "v": 1,
    "prefs": {"disclaimer_heard": True, "scale": "fahrenheit"},
    "episode": {"started": "2025-03-01T09:00:00+00:00", "side": "left", "signs": ["pain"],
                "tried": ["warm-1"], "answered": ["fever"], "pos": {"section": 1, "step": 0}},
}


def changed(**episode) -> dict:
    record = copy.deepcopy(BASE)
    record["episode"].update(episode)
    return record


def test_red_flags_answers_and_steps_from_both_turns_are_kept_in_order():
    ours = changed(signs=["pain", "fever"], answered=["fever", "chills"], tried=["warm-1", "warm-2"])
    theirs = changed(signs=["pain", "red_streaks"], answered=["fever", "aches"], tried=["warm-1", "massage-1"])
    episode = merge(BASE, ours, theirs)["episode"]
    assert episode["signs"] == ["pain", "red_streaks", "fever"]
    assert episode["answered"] == ["fever", "aches", "chills"]
    assert episode["tried"] == ["warm-1", "massage-1", "warm-2"]


def test_a_sign_is_kept_even_if_one_side_dropped_it():
    ours = changed(signs=[])
    assert merge(BASE, ours, changed(signs=["pain", "fever"]))["episode"]["signs"] == ["pain", "fever"]


def test_a_key_only_one_side_changed_takes_that_side():
    ours = changed(side="right")
    theirs = copy.deepcopy(BASE)
    theirs["prefs"]["scale"] = "celsius"
    merged = merge(BASE, ours, theirs)
    assert merged["episode"]["side"] == "right" and merged["prefs"]["scale"] == "celsius"
    assert merged["prefs"]["disclaimer_heard"] is True


def test_a_removal_on_one_side_is_kept():
    ours = changed()
    del ours["episode"]["pos"]  # the routine was finished
    assert "pos" not in merge(BASE, ours, changed(signs=["pain", "fever"]))["episode"]
    theirs = copy.deepcopy(BASE)
    del theirs["prefs"]["scale"]
    assert "scale" not in merge(BASE, changed(side="right"), theirs)["prefs"]


def test_the_place_is_taken_whole_from_the_newest_write():
    ours = changed(pos={"section": 2, "step": 0})
    theirs = changed(pos={"section": 1, "step": 3})
    assert merge(BASE, ours, theirs)["episode"]["pos"] == {"section": 2, "step": 0}


def test_both_changed_a_value_the_newest_write_wins():
    assert merge(BASE, changed(side="right"), changed(side="both"))["episode"]["side"] == "right"


def test_two_episodes_opened_at_once_begin_at_the_earlier_start():
    ours = {"episode": {"started": "2025-03-02T10:00:05+00:00", "signs": ["fever"], "tried": []}}
    theirs = {"episode": {"started": "2025-03-02T10:00:03+00:00", "signs": ["red_streaks"], "tried": []}}
    episode = merge({}, ours, theirs)["episode"]
    assert episode == {"started": "2025-03-02T10:00:03+00:00", "signs": ["red_streaks", "fever"], "tried": []}
    assert merge({}, {"episode": {"started": "nonsense"}}, theirs)["episode"]["started"] == theirs["episode"]["started"]


def test_unknown_base_counts_all_of_ours_as_changed_and_still_unites_the_lists():
    ours = {"v": 1, "prefs": {"disclaimer_heard": True},
            "episode": {"started": "2025-03-05T08:00:00+00:00", "signs": ["fever"], "tried": []}}
    merged = merge(None, ours, BASE)
    assert merged["prefs"] == {"disclaimer_heard": True, "scale": "fahrenheit"}
    assert merged["episode"]["signs"] == ["pain", "fever"]
    assert merged["episode"]["started"] == BASE["episode"]["started"]
    assert merged["episode"]["side"] == "left" and merged["episode"]["pos"] == BASE["episode"]["pos"]


def test_a_record_deleted_meanwhile_keeps_only_what_this_turn_changed():
    ours = changed(signs=["pain", "fever"])
    assert merge(BASE, ours, {}) == {"episode": {"signs": ["pain", "fever"], **{
        k: v for k, v in ours["episode"].items() if k != "signs"}}}


def test_the_arguments_are_not_modified():
    base, ours, theirs = changed(), changed(signs=["fever"]), changed(signs=["red_streaks"])
    copies = copy.deepcopy((base, ours, theirs))
    merged = merge(base, ours, theirs)
    merged["episode"]["signs"].append("chills")
    merged["prefs"]["scale"] = "kelvin"
    assert (base, ours, theirs) == copies


def test_nothing_changed_on_either_side_is_the_same_record():
    assert merge(BASE, copy.deepcopy(BASE), copy.deepcopy(BASE)) == BASE


def test_a_record_opened_by_signs_alone_on_one_device_and_by_the_clog_on_the_other_knows_of_the_clog():
    """Both opened an episode at once: one from a warning sign alone (`signs_only`), the other
    from the routine. The clog was told, so the next launch must still ask about the lump."""
    signs_only = {"started": "2025-03-02T09:00:00+00:00", "signs": ["fever"], "tried": [], "signs_only": True}
    clog_told = {"started": "2025-03-02T09:00:01+00:00", "signs": [], "tried": ["warm-1"]}
    for ours, theirs in ((signs_only, clog_told), (clog_told, signs_only)):
        episode = merge({"v": 1}, {"v": 1, "episode": ours}, {"v": 1, "episode": theirs})["episode"]
        assert "signs_only" not in episode and episode["signs"] == ["fever"] and episode["tried"] == ["warm-1"]


def test_signs_alone_on_both_devices_stay_signs_alone():
    ours = {"started": "2025-03-02T09:00:00+00:00", "signs": ["fever"], "tried": [], "signs_only": True}
    theirs = {"started": "2025-03-02T09:00:01+00:00", "signs": ["chills"], "tried": [], "signs_only": True}
    assert merge({"v": 1}, {"v": 1, "episode": ours}, {"v": 1, "episode": theirs})["episode"]["signs_only"] is True
