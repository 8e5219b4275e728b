"""One benchmark process, started by bench/run.py; prints one JSON line of measurements.

  _probe.py cold MODULE          stdin: a LaunchRequest envelope (JSON)
  _probe.py warm MODULE REQUESTS WARMUP USERS
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
    start = time.perf_counter()
    handler = __import__(module, fromlist=["lambda_handler"]).lambda_handler
    imported = time.perf_counter()
    response = handler(event, None)
    done = time.perf_counter()
    assert "response" in response, response
    return {"import_ms": (imported - start) * 1e3, "first_ms": (done - imported) * 1e3,
            "cold_ms": (done - start) * 1e3, "maxrss_kib": maxrss_kib()}


def warm(module: str, requests: int, warmup: int, users: int) -> dict:
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
                        now=start, api_endpoint="http://127.0.0.1:9") for u in range(users)]
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
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


if __name__ == "__main__":
    mode, module, *numbers = sys.argv[1:]
    result = cold(module) if mode == "cold" else warm(module, *map(int, numbers))
    print(json.dumps(result))
