"""Load: many users at once against the real web service (a subprocess on 127.0.0.1).

Each simulated user has two sessions, built with skill.console.envelopes.Session and posted
over HTTP from a pool of threads:
  1. launch; "it's on the <side>, <location>"; "it's been <N> hours"; "no"; "stop"
  2. launch (-> "Welcome back ... a clog on the <side> side. Is the lump still there?", after the
     provider advice from 24 hours on); "yes"
     (-> "It's been about <N> hours ..." / "about an hour")
Every user has their own (side, location, N), so any cross-talk between users, in session
attributes or in stored memory, shows up as a wrong value. Bounded by user count and a
wall-clock limit; prints throughput and latency percentiles (run with -s, or see the
captured output). Loopback only.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

import pytest

from driver import speech_text
from moto_server import envelope as stored_envelope
from skill.console.envelopes import Session, slot
from webservice_server import WebService, dynamodb_env, post, sqlite_env

pytestmark = pytest.mark.slow

SIDES = ("left", "right", "both")
SIDE_WORDS = {"left": "on the left side", "right": "on the right side", "both": "on both sides"}
LOCATIONS = ("upper", "lower", "outer", "inner", "nipple")
TURNS_PER_USER = 7


@dataclass
class User:
    index: int
    user_id: str
    side: str
    location: str
    hours: int
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def make(cls, index: int, run: str) -> "User":
        # (hours, side, location) differs between any two users of a run of up to 750.
        return cls(index, f"amzn1.ask.account.LOAD-{run}-{index:04d}", SIDES[index % 3],
                   LOCATIONS[(index // 150 + index) % 5], 1 + index % 150)


def ssml_text(response: dict, what: str = "outputSpeech") -> str:
    body = response["response"]
    speech = body[what] if what == "outputSpeech" else body["reprompt"]["outputSpeech"]
    assert speech["type"] == "SSML"
    assert ElementTree.fromstring(speech["ssml"]).tag == "speak"
    return speech_text(speech["ssml"])


class Conversation:
    """One user's turns over HTTP, checking each answer as it comes."""

    def __init__(self, url: str, user: User, now: datetime):
        self.url, self.user = url, user
        self.session = Session(user_id=user.user_id, device_id=f"amzn1.ask.device.LOAD-{user.index}",
                               now=now, api_endpoint="http://127.0.0.1:9")

    def send(self, body: dict, label: str) -> tuple[dict, str]:
        started = time.perf_counter()
        status, response = post(self.url, body, timeout=15)
        self.user.latencies.append(time.perf_counter() - started)
        if status != 200:
            raise AssertionError(f"{label}: HTTP {status} {response}")
        if response.get("version") != "1.0":
            raise AssertionError(f"{label}: not an Alexa response: {response}")
        text = ssml_text(response)
        if not response["response"].get("shouldEndSession"):
            ssml_text(response, "reprompt")
        self.session.absorb(response)
        return response, text

    def expect(self, condition: bool, label: str, detail) -> None:
        if not condition:
            self.user.problems.append(f"{label}: {detail}")

    def run(self) -> None:
        u, s = self.user, self.session
        side_words = SIDE_WORDS[u.side]
        # Session 1
        _, text = self.send(s.launch(), "launch")
        self.expect("Milk Duct Helper" in text, "launch", text)
        resp, text = self.send(s.intent("SetClogLocationIntent", [
            slot("side", u.side, u.side), slot("location", u.location, u.location)]), "location")
        self.expect((resp["sessionAttributes"].get("side"), resp["sessionAttributes"].get("location"))
                    == (u.side, u.location), "location attributes", resp["sessionAttributes"])
        resp, text = self.send(s.intent("GiveDurationIntent", [
            slot("amount", str(u.hours)), slot("unit", "hours", "hours")]), "duration")
        heard = "About an hour" if u.hours == 1 else f"About {u.hours} hours"
        self.expect(f"{heard}, got it." in text, "duration", text)
        self.expect(resp["sessionAttributes"]["triage"]["lump_hours"] == u.hours, "duration attributes",
                    resp["sessionAttributes"]["triage"])
        resp, _ = self.send(s.intent("AMAZON.NoIntent"), "no")
        attributes = resp["sessionAttributes"]
        self.expect((attributes.get("side"), attributes.get("location"), attributes["triage"]["lump_hours"])
                    == (u.side, u.location, u.hours), "attributes after no", attributes)
        resp, text = self.send(s.intent("AMAZON.StopIntent"), "stop")
        self.expect(resp["response"].get("shouldEndSession") is True and "Take care" in text, "stop", text)
        # Session 2: the same user comes back.
        resp, text = self.send(s.launch(), "relaunch")
        # a lump told past a day (or two) is on record: the provider today comes first
        lump = "a lump lasting two days or more" if u.hours >= 48 else "a lump still there after a day"
        lump_first = f"Because you mentioned {lump}, please contact your healthcare provider today. " \
            if u.hours >= 24 else ""
        self.expect(text.startswith(lump_first + "Welcome back.") and f"you told me about a clog {side_words}." in text
                    and "Is the lump still there?" in text, "welcome back", text)
        self.expect(resp["sessionAttributes"].get("pending") == "lump_check", "welcome back attributes",
                    resp["sessionAttributes"])
        _, text = self.send(s.intent("AMAZON.YesIntent"), "yes")
        # as people say it: hours, and whole days from the 48-hour line on
        elapsed = "about an hour" if u.hours == 1 else f"about {u.hours} hours" if u.hours < 48 \
            else f"about {round(u.hours / 24)} days"
        self.expect(f"It's been {elapsed}" in text or f"So it has lasted {elapsed}." in text, "lump still there", text)


@dataclass
class LoadResult:
    users: list[User]
    completed: list[User]
    errors: list[str]
    wall_seconds: float

    @property
    def latencies(self) -> list[float]:
        return [t for u in self.users for t in u.latencies]

    def summary(self, label: str) -> str:
        lat = sorted(self.latencies)
        q = statistics.quantiles(lat, n=100, method="inclusive")
        return (f"\n[load {label}] {len(self.completed)}/{len(self.users)} users, {len(lat)} requests in "
                f"{self.wall_seconds:.1f} s: {len(lat) / self.wall_seconds:.0f} requests/s; latency ms "
                f"p50 {q[49] * 1000:.1f}, p95 {q[94] * 1000:.1f}, p99 {q[98] * 1000:.1f}, max {lat[-1] * 1000:.1f}")


def run_load(url: str, n_users: int, workers: int, wall_limit: float) -> LoadResult:
    run = uuid.uuid4().hex[:8]
    now = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=1)
    users = [User.make(i, run) for i in range(n_users)]
    deadline = time.monotonic() + wall_limit
    completed: list[User] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(user: User) -> None:
        if time.monotonic() > deadline:
            return  # over the wall-clock budget: this user never starts
        try:
            Conversation(url, user, now).run()
        except Exception as error:  # noqa: BLE001 - collected and reported below
            with lock:
                errors.append(f"user {user.index}: {type(error).__name__}: {error}")
            return
        with lock:
            completed.append(user)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(one, u) for u in users], timeout=wall_limit + 60):
            future.result()
    return LoadResult(users, completed, errors, time.monotonic() - started)


def assert_load_ok(result: LoadResult, minimum_users: int) -> None:
    assert not result.errors, "\n".join(result.errors[:20])
    problems = [f"user {u.index} ({u.side}, {u.location}, {u.hours} h): {p}"
                for u in result.completed for p in u.problems]
    assert not problems, f"{len(problems)} wrong answers:\n" + "\n".join(problems[:20])
    assert len(result.completed) >= minimum_users, \
        f"only {len(result.completed)} users finished within the time limit"
    assert all(len(u.latencies) == TURNS_PER_USER for u in result.completed)


def assert_clean_log(text: str) -> None:
    """No handler error and no storage fault logged while under load."""
    bad = [line for line in text.splitlines()
           if " ERROR " in line or "Traceback" in line or "persistence" in line]
    assert not bad, "\n".join(bad[:20])


def assert_episode(user: User, memory: dict) -> None:
    episode = memory.get("episode") or {}
    assert (episode.get("side"), episode.get("location"), episode.get("lump_hours")) == \
        (user.side, user.location, user.hours), (user.index, episode)


def test_load_sqlite(tmp_path, capsys):
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    with WebService(sqlite_env(tmp_path), threads=8, log_path=tmp_path / "service.log") as service:
        result = run_load(service.url, n_users=200, workers=16, wall_limit=60)
        with capsys.disabled():
            print(result.summary("sqlite, 16 client threads"))
        assert_load_ok(result, minimum_users=100)
        # Stored memory: each user's own record, read straight from the service's SQLite file.
        store = SQLitePersistenceAdapter(tmp_path / "milkduct.sqlite3")
        now = datetime.now(timezone.utc)
        for user in result.completed:
            assert_episode(user, store.get_attributes(stored_envelope(user.user_id, now)))
        assert_clean_log(service.log_text())


def test_load_dynamodb(tmp_path, capsys, moto_dynamodb):
    from boto3.dynamodb.types import TypeDeserializer

    with WebService(dynamodb_env(moto_dynamodb), threads=8, log_path=tmp_path / "service.log") as service:
        result = run_load(service.url, n_users=40, workers=8, wall_limit=60)
        with capsys.disabled():
            print(result.summary("dynamodb on moto, 8 client threads"))
        assert_load_ok(result, minimum_users=20)
        deserialize = TypeDeserializer().deserialize
        for user in result.completed:
            item = moto_dynamodb.raw_item(user.user_id)
            assert item is not None, f"user {user.index}: nothing stored"
            assert_episode(user, deserialize(item["attributes"]))
        assert_clean_log(service.log_text())
