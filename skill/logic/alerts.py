"""Timers, reminders and erasing the user's memory: what to offer, what to confirm, what to say
after. The handler layer carries out the `actions` and reports back through `after_action`.

Nothing is created before the user has heard exactly what it will be and said yes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import episode as episodes
from .speech import Reply, Say, digits

if TYPE_CHECKING:
    from .conversation import Conversation, Turn

# The routine steps whose holds a compress timer can take over.
COMPRESS_STEPS = {"warm": "warm_compress", "cool": "cool_compress"}
MAX_TIMER_MINUTES = 60
CREATED = "CREATED"


class Alerts:
    def __init__(self, conversation: Conversation):
        self.c = conversation
        self.dialog = conversation.dialog
        thresholds = conversation.thresholds
        self.every_hours = thresholds["feed_reminder_every_hours"]
        self.within_hours = thresholds["followup_hours"]
        self.checkin_hours = thresholds["checkin_after_hours"]

    def install(self) -> None:
        self.c.extend(
            {"SetTimerIntent": self.set_timer, "SetReminderIntent": self.set_reminder,
             "DeleteDataIntent": self.delete_data},
            {"timer_confirm": self._confirmed, "reminder_confirm": self._confirmed,
             "delete_confirm": self._confirmed, "reminder_offer": self._offer_answered},
        )

    # --- timers ---------------------------------------------------------------------------
    def set_timer(self, t: Turn) -> Reply:
        compress = t.event.slot("compress") or self._compress_here(t) or "warm"
        if compress not in COMPRESS_STEPS:
            compress = "warm"
        minutes = t.event.slot("minutes")
        if minutes is None:
            pos = self.c.routine.locate(COMPRESS_STEPS[compress])
            minutes = str(max(1, self.c.routine.step(pos).get("hold_seconds", 60) // 60))
        elif digits(minutes) is None or not 1 <= int(minutes) <= MAX_TIMER_MINUTES:
            return self.c._reply(self.dialog.say("timer_unclear", most=MAX_TIMER_MINUTES), next_key="timer_example")
        label = self.dialog.text(f"compress_{compress}")
        action = {"type": "timer", "minutes": int(minutes), "compress": compress, "label": label,
                  "announce": self.dialog.text("timer_announce", label=label)}
        return self._confirm(t, "timer_confirm", action,
                             self.dialog.say("timer_confirm", minutes=int(minutes), label=label))

    def _compress_here(self, t: Turn) -> str | None:
        if t.state["mode"] != "routine":
            return None
        step_id = self.c.routine.step(t.state["pos"])["id"]
        return next((kind for kind, step in COMPRESS_STEPS.items() if step == step_id), None)

    # --- reminders ------------------------------------------------------------------------
    def set_reminder(self, t: Turn) -> Reply:
        kind = t.event.slot("reminder")
        if kind not in ("feed", "checkin"):
            return self.c._reply(self.dialog.say("reminder_which"), next_key="reminder_example")
        return self._confirm_reminder(t, kind)

    def offer(self, t: Turn, reply: Reply, kind: str) -> Reply:
        """Ask, at a natural moment, whether they want reminders of this kind."""
        question = self.dialog.say(f"reminder_offer_{kind}")
        t.state.update(pending="reminder_offer", offer=kind)
        reply.add(question)
        reply.reprompt = [self.dialog.say("reminder_offer_reprompt")]
        return reply

    def _offer_answered(self, t: Turn, yes: bool) -> Reply:
        kind = t.state.pop("offer", None)
        t.state["pending"] = None
        if yes and kind in ("feed", "checkin"):
            return self._confirm_reminder(t, kind)
        return self.c._reply(self.dialog.say("okay"), next_key="next_idle")

    def _confirm_reminder(self, t: Turn, kind: str) -> Reply:
        episode = episodes.current(t.memory) or {}
        side = self.c._side_words(t.state.get("side") or episode.get("side"))
        if kind == "feed":
            count = self.within_hours // self.every_hours
            action = {"type": "reminders", "kind": kind, "every_hours": self.every_hours,
                      "within_hours": self.within_hours, "text": self.dialog.text("reminder_text_feed", side=side)}
            described = self.dialog.say("reminder_confirm_feed", count=count, hours=self.every_hours,
                                        within=self.within_hours, side=side)
        else:
            action = {"type": "reminders", "kind": kind, "after_hours": self.checkin_hours,
                      "text": self.dialog.text("reminder_text_checkin")}
            described = self.dialog.say("reminder_confirm_checkin", hours=self.checkin_hours)
        return self._confirm(t, "reminder_confirm", action, described)

    # --- forgetting -----------------------------------------------------------------------
    def delete_data(self, t: Turn) -> Reply:
        return self._confirm(t, "delete_confirm", {"type": "delete_memory"}, self.dialog.say("delete_confirm"))

    # --- confirm, then act ------------------------------------------------------------------
    def _confirm(self, t: Turn, pending: str, action: dict, described: Say) -> Reply:
        t.state.update(pending=pending, action=action)
        reply = Reply().add(described, self.dialog.say("shall_i"))
        reply.reprompt = [self.dialog.say("shall_i_reprompt")]
        return reply

    def _confirmed(self, t: Turn, yes: bool) -> Reply:
        action = t.state.pop("action", None)
        t.state["pending"] = None
        if not yes or not isinstance(action, dict):
            return self.c._reply(self.dialog.say("not_done"), next_key=self.c._idle_next(t))
        return Reply(actions=[action])

    def after_action(self, t: Turn, action: dict, outcome: str) -> Reply:
        """What to say once the handler layer has tried the action (or the user answered AskFor)."""
        kind = action.get("type")
        if kind == "delete_memory":
            key = "deleted" if outcome == CREATED else "delete_failed"
            return self.c._reply(self.dialog.say(key), self.c._red_flag_reminder(t), next_key="next_idle")
        if kind == "timer":
            if outcome == CREATED:
                self._move_past_compress(t, action.get("compress"))
                return Reply(end_session=True).add(
                    self.dialog.say("timer_set", minutes=action["minutes"], label=action["label"]),
                    self.c._red_flag_reminder(t))
            return self._keep_time_here(t, action, outcome)
        key = "reminders_set" if outcome == CREATED else f"alert_{outcome.lower()}"
        return self.c._reply(self.dialog.say(key), next_key=self.c._idle_next(t))

    def _move_past_compress(self, t: Turn, compress: str | None) -> None:
        """Alexa keeps time now, so "resume" afterwards goes on past this compress (the
        permission answer may come in a new session: then the saved position counts)."""
        if t.state["mode"] != "routine":
            pos = self.c._saved_position(t)
            if pos is None:
                return
            t.state.update(mode="routine", pos=pos)
        if self._compress_here(t) == compress:
            self.c.routine.advance(t.state["pos"])

    def _keep_time_here(self, t: Turn, action: dict, outcome: str) -> Reply:
        """No timer: pace the compress hold with SSML instead."""
        why = self.dialog.say(f"alert_{outcome.lower()}")
        step_id = COMPRESS_STEPS.get(action.get("compress"), COMPRESS_STEPS["warm"])
        if not (t.state["mode"] == "routine" and self.c.routine.step(t.state["pos"])["id"] == step_id):
            t.state.update(mode="routine", pos=self.c.routine.locate(step_id))
        return self.c._present_step(t, why, self.dialog.say("keep_time_here"))
