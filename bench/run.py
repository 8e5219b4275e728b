"""Speed and memory of the skill against baseline skills, measured in the same run.

    python bench/run.py [--quick] [--check] [--only local|aws]      (or ./dev bench)

Local path (SQLite): the skill against the alexa-samples hello world, and for memory also
against that hello world making the skill's one Alexa API call. AWS path (DynamoDB on moto's
server, started here and stopped after): the skill with MILKDUCT_TABLE set against a
highlowgame-style skill on the SDK's DynamoDbAdapter. Every figure comes from whole processes
(bench/_probe.py). Exits 0 unless --check is given and a target is missed.
"""
from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "bench" / "_probe.py"
sys.path.insert(0, str(ROOT))  # the skill package, also when it is not pip-installed

from skill.console.alexa_api import LocalAlexaApi  # noqa: E402
from skill.console.envelopes import Session  # noqa: E402
from skill.content import compiled_is_current  # noqa: E402
from skill.persistence import STORE_FILE  # noqa: E402

SKILL = "skill.lambda_function"
LOCAL = {"hello": "hello_skill", "hello_api": "hello_api_skill", "skill": SKILL}
AWS = {"highlow": "highlow_skill", "skill": SKILL}
MIB = 1024  # peak RSS is in KiB
REGION = "us-east-1"
FAKE_AWS_ENV = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": REGION,
                "AWS_EC2_METADATA_DISABLED": "true"}


class MotoDynamo:
    """moto's DynamoDB server on loopback with one empty table per side."""

    def __init__(self, sides) -> None:
        os.environ.update(FAKE_AWS_ENV)  # for the client below; the probes get their own copy
        import logging

        import botocore.session
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.url = f"http://{host}:{port}"
        client = botocore.session.get_session().create_client("dynamodb", region_name=REGION, endpoint_url=self.url)
        self.tables = {side: f"bench-{side}" for side in sides}
        for table in self.tables.values():
            client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])

    def env(self, side: str) -> dict:
        return {**FAKE_AWS_ENV, "MILKDUCT_TABLE": self.tables[side], "DYNAMODB_ENDPOINT_URL": self.url}

    def stop(self) -> None:
        self.server.stop()


def empty_store() -> Path:
    """A data dir holding the skill's store with no records, made by the skill's own adapter."""
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    data_dir = Path(tempfile.mkdtemp(prefix="milkduct-bench-store-"))
    SQLitePersistenceAdapter(data_dir / STORE_FILE)
    gc.collect()  # closes its connection: the last close folds the WAL into the file
    return data_dir


def probe(*args: str, stdin: str = "", store: Path | None = None, env: dict | None = None) -> tuple[dict, float]:
    """Run one probe process; return its JSON result and its wall time (ms) seen from outside."""
    data_dir = tempfile.mkdtemp(prefix="milkduct-bench-")
    if store is not None:
        shutil.copy2(store / STORE_FILE, data_dir)
    pythonpath = os.pathsep.join(filter(None, [str(ROOT / "bench"), str(ROOT), os.environ.get("PYTHONPATH")]))
    base = {k: v for k, v in os.environ.items() if k not in ("MILKDUCT_TABLE", "DYNAMODB_ENDPOINT_URL")}
    full_env = {**base, "MILKDUCT_DATA_DIR": data_dir, "PYTHONPATH": pythonpath, **(env or {})}
    try:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(PROBE), *args], input=stdin, capture_output=True,
                              text=True, cwd=ROOT, env=full_env)
        wall_ms = (time.perf_counter() - start) * 1e3
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"probe {' '.join(args)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1]), wall_ms


def launch(api: str) -> str:
    """A first-time user's LaunchRequest (a new user each time, so every store meets a stranger)."""
    return json.dumps(Session(user_id=f"amzn1.ask.account.COLD{uuid.uuid4().hex}", api_endpoint=api).launch())


def cold_starts(sides: dict, runs: int, api: str, envs: dict, store: Path | None) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {side: [] for side in sides}
    for i in range(runs):
        # Rotate who goes first, so drift and noise fall on every side alike.
        order = list(sides)[i % len(sides):] + list(sides)[:i % len(sides)]
        for side in order:
            result, wall_ms = probe("cold", sides[side], stdin=launch(api), store=store, env=envs.get(side))
            results[side].append({**result, "wall_ms": wall_ms})
    return results


def row(metric: str, base: float, skill: float, unit: str, target: str | None, *,
        ratio_limit: float | None = None, diff_limit: float | None = None) -> tuple[list[str], bool]:
    if diff_limit is not None:
        compare, ok = f"{skill - base:+.1f} {unit}", skill - base <= diff_limit
    else:
        compare, ok = f"{skill / base:.2f}x", ratio_limit is None or skill / base <= ratio_limit
    verdict = "" if target is None else ("PASS" if ok else "MISS")
    return [metric, f"{base:,.1f} {unit}", f"{skill:,.1f} {unit}", compare, target or "", verdict], ok


def print_table(title: str, base_name: str, rows: list[tuple[list[str], bool]]) -> bool:
    table = [["metric", base_name, "skill", "skill vs base", "target", ""]] + [r for r, _ in rows]
    widths = [max(len(line[c]) for line in table) for c in range(len(table[0]))]
    print(f"\n{title}\n")
    for n, line in enumerate(table):
        print("  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                        for c, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return all(ok for _, ok in rows)


def cold_median(cold: dict, side: str, key: str) -> float:
    return statistics.median(r[key] for r in cold[side])


def cold_rows(cold: dict, base: str, ratio_limit: float) -> list:
    def median(side: str, key: str) -> float:  # short, for the rows below
        return cold_median(cold, side, key)

    return [
        row("cold start: import + 1st launch", median(base, "cold_ms"), median("skill", "cold_ms"), "ms",
            f"<= {ratio_limit:.2f}x", ratio_limit=ratio_limit),
        row("cold start, CPU time", median(base, "cold_cpu_ms"), median("skill", "cold_cpu_ms"), "ms", None),
        row("  of which import", median(base, "import_ms"), median("skill", "import_ms"), "ms", None),
        row("  of which 1st launch", median(base, "first_ms"), median("skill", "first_ms"), "ms", None),
        row("cold process wall time", median(base, "wall_ms"), median("skill", "wall_ms"), "ms", None),
    ]


def warm_rows(cold: dict, warm: dict, base: str, ratio_limit: float, loop_rss: str, *, loop_target: bool) -> list:
    """Warm latency and peak memory rows; `loop_rss` labels the after-the-loop memory row, which
    has the +5 MiB target if `loop_target`."""
    return [
        row("warm latency median", warm[base]["median_us"], warm["skill"]["median_us"], "us",
            f"<= {ratio_limit:.2f}x", ratio_limit=ratio_limit),
        row("warm latency p99", warm[base]["p99_us"], warm["skill"]["p99_us"], "us", None),
        row("max RSS after 1st request", cold_median(cold, base, "maxrss_kib") / MIB,
            cold_median(cold, "skill", "maxrss_kib") / MIB, "MiB", "<= +5 MiB", diff_limit=5),
        row(loop_rss, warm[base]["maxrss_kib"] / MIB, warm["skill"]["maxrss_kib"] / MIB, "MiB",
            "<= +5 MiB" if loop_target else None, diff_limit=5),
    ]


def budget(runs: int, api: str, env: dict | None, store: Path | None) -> dict[str, float]:
    results = [probe("budget", SKILL, stdin=launch(api), store=store, env=env)[0] for _ in range(runs)]
    phases = {name: statistics.median(r["phases_ms"][name] for r in results) for name in results[0]["phases_ms"]}
    return {**phases, "total, import + first request (median of the whole)": statistics.median(
        r["cold_ms"] for r in results)}


def print_budget(title: str, phases: dict[str, float], python_ms: float) -> None:
    print(f"\n{title} (CPU time)\n")
    print(f"  {'Python start (interpreter, site, runtime bootstrap imports)':<60} {python_ms:6.1f} ms")
    for name, ms in phases.items():
        print(f"  {name:<60} {ms:6.1f} ms")


def python_start(runs: int) -> float:
    """CPU time of a process that only starts Python and the runtime's bootstrap imports."""
    bootstrap = "import importlib, json, logging, sys, time, traceback"
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", bootstrap], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e3)
    return statistics.median(times)


def local_path(runs: int, warm_args: list[str], api: str, python_ms: float) -> bool:
    store = empty_store()
    try:
        cold = cold_starts(LOCAL, runs, api, {}, store)
        first_run = [probe("cold", SKILL, stdin=launch(api))[0] for _ in range(max(3, runs // 3))]
        phases = budget(runs, api, None, store)
    finally:
        shutil.rmtree(store, ignore_errors=True)
    warm = {side: probe("warm", module, *warm_args, api)[0] for side, module in LOCAL.items()}

    rows = cold_rows(cold, "hello", 1.10) + [
        row("cold start, first run ever (creates the store)", cold_median(cold, "hello", "cold_ms"),
            statistics.median(r["cold_ms"] for r in first_run), "ms", None),
    ] + warm_rows(cold, warm, "hello", 1.25, "max RSS after warm loop (old basis)", loop_target=False)
    with_api = [row("max RSS after warm loop", warm["hello_api"]["maxrss_kib"] / MIB,
                    warm["skill"]["maxrss_kib"] / MIB, "MiB", "<= +5 MiB", diff_limit=5)]
    ok = print_table("Local path (SQLite): the skill against the hello world", "hello world", rows)
    ok &= print_table("Memory, re-based: against the hello world making the skill's one Alexa API call "
                      "(DefaultApiClient, loopback fake)", "hello + API", with_api)
    print_budget("Local cold start by phase (the skill, median of each phase)", phases, python_ms)
    skill = warm["skill"]
    print("\nskill, warm median by request (us): " + ", ".join(
        f"{kind.removeprefix('AMAZON.')} {us:.0f}" for kind, us in skill["by_kind_median_us"].items()))
    print(f"skill, warm loop: log records at WARNING+ {skill['log_records'] or 'none'}; "
          f"'requests' imported: {'yes' if skill['requests_imported'] else 'no'}")
    return ok


def aws_path(runs: int, warm_args: list[str], api: str, python_ms: float) -> bool:
    moto = MotoDynamo(AWS)
    try:
        envs = {side: moto.env(side) for side in AWS}
        cold = cold_starts(AWS, runs, api, envs, None)
        phases = budget(runs, api, envs["skill"], None)
        warm = {side: probe("warm", module, *warm_args, api, env=envs[side])[0] for side, module in AWS.items()}
    finally:
        moto.stop()

    rows = cold_rows(cold, "highlow", 0.85) + warm_rows(cold, warm, "highlow", 1.10, "max RSS after warm loop",
                                                        loop_target=True)
    ok = print_table("AWS path (DynamoDB on moto's server): the skill against a highlowgame-style skill "
                     "(SDK DynamoDbAdapter)", "highlow", rows)
    print_budget("AWS cold start by phase (the skill, median of each phase)", phases, python_ms)
    skill = warm["skill"]
    print("\nskill on DynamoDB, warm median by request (us): " + ", ".join(
        f"{kind.removeprefix('AMAZON.')} {us:.0f}" for kind, us in skill["by_kind_median_us"].items()))
    print(f"skill on DynamoDB, warm loop: log records at WARNING+ {skill['log_records'] or 'none'}")
    return ok


def alexa_api():
    """The console's local Alexa API, serving: while it runs, os.environ trusts its throw-away
    CA (REQUESTS_CA_BUNDLE), and every probe inherits that. Every device is in New York."""
    return LocalAlexaApi(time_zone="America/New_York").serving()


def prepare(api: str) -> None:
    """Everything the timed runs must find done already."""
    # Bytecode for every side, as pip gives the SDK at install and the Lambda build gives the
    # skill: PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise leave only the
    # skill compiling its sources in every timed process.
    compileall.compile_dir(ROOT / "skill", quiet=1)
    compileall.compile_dir(ROOT / "bench", quiet=1)
    # Untimed first process: if the YAML changed, compiles content/.compiled.json, so timed
    # cold starts only read it (as a deployed Lambda does).
    fresh_before = compiled_is_current()
    for module in LOCAL.values():
        probe("cold", module, stdin=launch(api))
    if not compiled_is_current():
        print("WARNING: content/.compiled.json is still stale: every cold start below compiles the YAML")
    else:
        print("content/.compiled.json: " + ("up to date" if fresh_before else "compiled by the untimed warm-up run"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and requests (about a minute)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--only", choices=["local", "aws"], help="one path only")
    args = parser.parse_args(argv)
    runs, requests, warmup, users = (5, 1000, 200, 8) if args.quick else (15, 5000, 500, 8)
    warm_args = [str(requests), str(warmup), str(users)]

    print(f"Python {platform.python_version()}, ask-sdk-core {metadata.version('ask-sdk-core')}, "
          f"botocore {metadata.version('botocore')}, {os.cpu_count()} CPUs; {runs} cold starts per side, "
          f"{requests} warm requests (+{warmup} warm-up) over {users} users")
    ok = True
    with alexa_api() as api:
        prepare(api.url)
        python_ms = python_start(runs)  # the same interpreter start under both paths' budgets
        if args.only in (None, "local"):
            ok &= local_path(runs, warm_args, api.url, python_ms)
        if args.only in (None, "aws"):
            ok &= aws_path(runs, warm_args, api.url, python_ms)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
