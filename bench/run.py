"""Speed and memory of the skill against a hello-world ASK SDK skill, measured in the same run.

    python bench/run.py [--quick] [--check]      (or ./dev bench)

Every figure comes from whole processes (bench/_probe.py), each with its own
MILKDUCT_DATA_DIR: a copy of an empty store (a process restart, as a Lambda cold start meets
an existing table), or nothing at all for the first-run row. Exits 0 unless --check is
given and a target is missed.
"""
from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "bench" / "_probe.py"
sys.path.insert(0, str(ROOT))  # the skill package, also when it is not pip-installed

from skill.console.envelopes import Session  # noqa: E402
from skill.content import COMPILED_FILE, DEFAULT_DIR, content_stamp  # noqa: E402
from skill.persistence import STORE_FILE  # noqa: E402

SIDES = {"hello": "hello_skill", "skill": "skill.lambda_function"}
MIB = 1024  # ru_maxrss is in KiB


def empty_store() -> Path:
    """A data dir holding the skill's store with no records, made by the skill's own adapter."""
    from skill.persistence.sqlite import SQLitePersistenceAdapter

    data_dir = Path(tempfile.mkdtemp(prefix="milkduct-bench-store-"))
    SQLitePersistenceAdapter(data_dir / STORE_FILE)
    gc.collect()  # closes its connection: the last close folds the WAL into the file
    return data_dir


def probe(*args: str, stdin: str = "", store: Path | None = None) -> tuple[dict, float]:
    """Run one probe process; return its JSON result and its wall time (ms) seen from outside."""
    data_dir = tempfile.mkdtemp(prefix="milkduct-bench-")
    if store is not None:
        shutil.copy2(store / STORE_FILE, data_dir)
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "MILKDUCT_DATA_DIR": data_dir, "PYTHONPATH": pythonpath}
    env.pop("MILKDUCT_TABLE", None)  # always the local SQLite store, never DynamoDB
    try:
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(PROBE), *args], input=stdin, capture_output=True,
                              text=True, cwd=ROOT, env=env)
        wall_ms = (time.perf_counter() - start) * 1e3
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"probe {' '.join(args)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1]), wall_ms


def content_is_fresh() -> bool:
    content_dir = Path(os.environ.get("MILKDUCT_CONTENT_DIR") or DEFAULT_DIR)
    try:
        compiled = json.loads((content_dir / COMPILED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return compiled.get("_stamp") == content_stamp(content_dir)


def cold_starts(runs: int, launch: str, store: Path) -> dict[str, list[dict]]:
    results: dict[str, list[dict]] = {side: [] for side in SIDES}
    results["first_run"] = []
    for i in range(runs):
        # Alternate who goes first, so drift and noise fall on both sides alike.
        order = list(SIDES) if i % 2 == 0 else list(reversed(SIDES))
        for side in order:
            result, wall_ms = probe("cold", SIDES[side], stdin=launch, store=store)
            results[side].append({**result, "wall_ms": wall_ms})
        results["first_run"].append(probe("cold", SIDES["skill"], stdin=launch)[0])  # no store yet
    return results


def row(metric: str, hello: float, skill: float, unit: str, target: str | None, *,
        ratio_limit: float | None = None, diff_limit: float | None = None) -> tuple[list[str], bool]:
    if diff_limit is not None:
        compare, ok = f"{skill - hello:+.1f} {unit}", skill - hello <= diff_limit
    else:
        compare, ok = f"{skill / hello:.2f}x", ratio_limit is None or skill / hello <= ratio_limit
    verdict = "" if target is None else ("PASS" if ok else "MISS")
    return [metric, f"{hello:,.1f} {unit}", f"{skill:,.1f} {unit}", compare, target or "", verdict], ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and requests (under 30 s)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    runs, requests, warmup, users = (5, 1000, 200, 8) if args.quick else (15, 5000, 500, 8)

    print(f"Python {platform.python_version()}, ask-sdk-core {metadata.version('ask-sdk-core')}, "
          f"{os.cpu_count()} CPUs; {runs} cold starts per side, {requests} warm requests "
          f"(+{warmup} warm-up) over {users} users")
    launch = json.dumps(Session(api_endpoint="http://127.0.0.1:9").launch())

    # Bytecode for both sides, as pip gives the SDK at install and the Lambda build gives the
    # skill: PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise leave only the
    # skill compiling its sources in every timed process.
    compileall.compile_dir(ROOT / "skill", quiet=1)
    compileall.compile_file(ROOT / "bench" / "hello_skill.py", quiet=1)
    # Untimed first process per side: if the YAML changed, compiles content/.compiled.json,
    # so timed cold starts only read it (as a deployed Lambda does).
    fresh_before = content_is_fresh()
    for module in SIDES.values():
        probe("cold", module, stdin=launch)
    if not content_is_fresh():
        print("WARNING: content/.compiled.json is still stale: every cold start below compiles the YAML")
    else:
        print("content/.compiled.json: " + ("up to date" if fresh_before else "compiled by the untimed warm-up run"))

    store = empty_store()
    try:
        cold = cold_starts(runs, launch, store)
    finally:
        shutil.rmtree(store, ignore_errors=True)
    warm = {side: probe("warm", module, str(requests), str(warmup), str(users))[0]
            for side, module in SIDES.items()}

    def median(side: str, key: str) -> float:
        return statistics.median(r[key] for r in cold[side])

    rows = [
        row("cold start: import + 1st launch", median("hello", "cold_ms"), median("skill", "cold_ms"),
            "ms", "<= 1.10x", ratio_limit=1.10),
        row("  of which import", median("hello", "import_ms"), median("skill", "import_ms"), "ms", None),
        row("  of which 1st launch", median("hello", "first_ms"), median("skill", "first_ms"), "ms", None),
        row("cold process wall time", median("hello", "wall_ms"), median("skill", "wall_ms"), "ms", None),
        row("cold start, first run ever (creates the store)", median("hello", "cold_ms"),
            median("first_run", "cold_ms"), "ms", None),
        row("warm latency median", warm["hello"]["median_us"], warm["skill"]["median_us"], "us",
            "<= 1.25x", ratio_limit=1.25),
        row("warm latency p99", warm["hello"]["p99_us"], warm["skill"]["p99_us"], "us", None),
        row("max RSS after 1st request", median("hello", "maxrss_kib") / MIB,
            median("skill", "maxrss_kib") / MIB, "MiB", "<= +5 MiB", diff_limit=5),
        row("max RSS after warm loop", warm["hello"]["maxrss_kib"] / MIB,
            warm["skill"]["maxrss_kib"] / MIB, "MiB", "<= +5 MiB", diff_limit=5),
    ]
    table = [["metric", "hello world", "skill", "skill vs hello", "target", ""]] + [r for r, _ in rows]
    widths = [max(len(line[c]) for line in table) for c in range(len(table[0]))]
    print()
    for n, line in enumerate(table):
        print("  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                        for c, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))

    skill = warm["skill"]
    print("\nskill, warm median by request (us): " + ", ".join(
        f"{kind.removeprefix('AMAZON.')} {us:.0f}" for kind, us in skill["by_kind_median_us"].items()))
    print(f"skill, warm loop: log records at WARNING+ {skill['log_records'] or 'none'}; "
          f"'requests' imported: {'yes' if skill['requests_imported'] else 'no'}")
    missed = not all(ok for _, ok in rows)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
