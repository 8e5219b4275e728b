"""One benchmark process, started by bench/run.py; prints one JSON line of measurements.

  _probe.py cold MODULE          stdin: a LaunchRequest envelope (JSON)
  _probe.py budget MODULE        the same, timed by phase (the skill only)
  _probe.py warm MODULE REQUESTS WARMUP USERS API_ENDPOINT
"""
# Loaded before the clock starts, on both sides, because the Lambda runtime's bootstrap
# (awslambdaric/bootstrap.py) imports exactly these before it imports the handler.
import importlib  # noqa: F401
import json
import logging  # noqa: F401
import sys
import time
import traceback  # noqa: F401


def cold(module: str) -> dict:
    event = json.loads(sys.stdin.read())
    cpu_start, start = time.process_time(), time.perf_counter()
    handler = __import__(module, fromlist=["lambda_handler"]).lambda_handler
    imported = time.perf_counter()
    response = handler(event, None)
    done, cpu_done = time.perf_counter(), time.process_time()
    assert "response" in response, response
    # CPU time as well: on a shared machine it moves far less with other processes' load.
    return {"import_ms": (imported - start) * 1e3, "first_ms": (done - imported) * 1e3,
            "cold_ms": (done - start) * 1e3, "cold_cpu_ms": (cpu_done - cpu_start) * 1e3,
            "maxrss_kib": maxrss_kib()}


def budget(module: str) -> dict:
    """cold(), split into the phases of the skill's cold start, in CPU time (on a shared machine
    wall time per phase is mostly waiting for a core). The skill's import runs
    load_content() and adapter_from_env() at module level; both are wrapped here first (the
    entry module binds them when it is imported), and the store's library is imported on its
    own first, so the store phase is the client or connection alone."""
    event = json.loads(sys.stdin.read())
    phases: dict[str, float] = {}
    clock = time.process_time
    start = clock()
    import ask_sdk_core.skill_builder  # noqa: F401 - what skill.lambda_function takes from the SDK
    import ask_sdk_model.services.api_client  # noqa: F401
    phases["ASK SDK imports"] = clock() - start
    mark = clock()
    import os

    if os.environ.get("MILKDUCT_TABLE"):
        import botocore.config  # noqa: F401
        import botocore.session  # noqa: F401
        phases["store library import (botocore)"] = clock() - mark
    else:
        import sqlite3  # noqa: F401
        phases["store library import (sqlite3)"] = clock() - mark
    mark = clock()
    import skill.content
    import skill.persistence

    def timed(name, function):
        def wrapper(*args, **kwargs):
            began = clock()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = clock() - began
        return wrapper

    skill.content.load_content = timed("content (compiled JSON)", skill.content.load_content)
    skill.persistence.adapter_from_env = timed("store client / connection", skill.persistence.adapter_from_env)
    handler = __import__(module, fromlist=["lambda_handler"]).lambda_handler
    entry = clock() - mark
    phases["skill modules + building the skill"] = entry - phases["content (compiled JSON)"] - \
        phases["store client / connection"]
    mark = clock()
    response = handler(event, None)
    phases["first request (launch: read + write memory)"] = clock() - mark
    assert "response" in response, response
    return {"phases_ms": {name: seconds * 1e3 for name, seconds in phases.items()},
            "cold_ms": (clock() - start) * 1e3}


def warm(module: str, requests: int, warmup: int, users: int, api_endpoint: str) -> dict:
    import statistics
    from datetime import datetime, timezone

    from skill.console.envelopes import Session, slot

    # Counts the skill's warnings and errors (SafeErrorHandler logs every unhandled exception)
    # and, being a handler, keeps logging's last-resort stderr output out of the table.
    levels: dict[str, int] = {}

    class Counter(logging.Handler):
        def emit(self, record):
            levels[record.levelname] = levels.get(record.levelname, 0) + 1

    logging.getLogger().addHandler(Counter(logging.WARNING))
    handler = __import__(module, fromlist=["lambda_handler"]).lambda_handler

    fever = [slot("symptom", "a fever", "fever", "fever")]
    cycle = [  # one visit: start the routine, a few steps, report a fever, answer triage, stop
        ("Launch", None), ("StartRoutineIntent", [slot("side", "left", "left")]),
        ("AMAZON.NoIntent", None), ("AMAZON.NextIntent", None), ("AMAZON.NextIntent", None),
        ("AMAZON.RepeatIntent", None), ("ReportSymptomIntent", fever), ("AMAZON.NoIntent", None),
        ("AMAZON.NoIntent", None), ("AMAZON.YesIntent", None), ("AMAZON.NextIntent", None),
        ("AMAZON.StopIntent", None),
    ]
    start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
    sessions = [Session(user_id=f"amzn1.ask.account.BENCH{u}", device_id=f"amzn1.ask.device.BENCH{u}",
                        now=start, api_endpoint=api_endpoint) for u in range(users)]
    times: dict[str, list[int]] = {}
    clock = time.perf_counter_ns
    for i in range(warmup + requests):
        # Users take turns, as concurrent users would; each one walks through `cycle`.
        session = sessions[i % users]
        kind, slots = cycle[(i // users) % len(cycle)]
        event = session.launch() if kind == "Launch" else session.intent(kind, slots)
        before = clock()
        response = handler(event, None)
        elapsed = clock() - before
        session.absorb(response)
        session.advance(seconds=20)
        if i >= warmup:
            times.setdefault(kind, []).append(elapsed)
    every = [t for kind_times in times.values() for t in kind_times]
    return {
        "median_us": statistics.median(every) / 1e3,
        "p99_us": statistics.quantiles(every, n=100)[98] / 1e3,
        "by_kind_median_us": {k: statistics.median(v) / 1e3 for k, v in times.items()},
        "log_records": levels,
        "requests_imported": "requests" in sys.modules,
        "maxrss_kib": maxrss_kib(),
    }


def maxrss_kib() -> int:
    """This process's peak resident set (KiB). VmHWM, not getrusage's ru_maxrss: Linux carries
    ru_maxrss over from the parent through fork and exec, and the bench's parent process (with
    moto's server in it) is larger than any probe."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    mode, module, *args = sys.argv[1:]
    if mode == "warm":
        result = warm(module, *map(int, args[:3]), args[3])
    else:
        result = cold(module) if mode == "cold" else budget(module)
    print(json.dumps(result))
