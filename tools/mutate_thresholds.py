"""Mutation testing of the numbers in content/triage.yaml: every threshold, plausible-range
end and `since_hours` value is moved by one (and temperatures also by 0.1, the smallest step a
spoken reading has), the content is recompiled and the quick tests run. Each mutation must
be caught, by the content check that refuses to compile it or by a failing test.

mutmut only mutates Python, and these numbers decide triage as much as the code does.
Works on a throwaway copy of the project, so an interrupted run leaves the worktree as it was.

    python tools/mutate_thresholds.py [--list] [pytest args...]
"""
from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRIAGE = Path("content/triage.yaml")
SKIPPED = shutil.ignore_patterns(".git", ".venv*", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache",
                                 ".compiled.json")
# Generated or local-only folders at the top (tests/data is needed).
SKIPPED_AT_ROOT = {"mutants", "data", "build", ".aws-sam"}
QUICK = ["-x", "-q", "-p", "no:cacheprovider", "-m", "not slow and not e2e"]
# The edge tests first, on their own (pytest would run them in folder order): most mutations
# fail there within seconds, and only the rest pay for the whole quick set.
FIRST = "tests/test_safety_edges.py"
TEMPERATURE_KEYS = ("fever_f", "fever_c", "mastitis_fever_f", "mastitis_fever_c", "fahrenheit_range", "celsius_range")


def numbers(thresholds: dict):
    """(path, value) for every number in the thresholds; a path is a list of keys and indexes."""
    def number(value) -> bool:  # sources are strings, or lists of them
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    for key, value in thresholds.items():
        if number(value):
            yield [key], value
        elif isinstance(value, list):
            yield from (([key, i], v) for i, v in enumerate(value) if number(v))
        elif isinstance(value, dict):
            yield from (([key, k], v) for k, v in value.items() if number(v))


def mutations(thresholds: dict):
    """(label, path, new value) for every mutation to try."""
    for path, value in numbers(thresholds):
        steps = (1, -1, 0.1, -0.1) if path[0] in TEMPERATURE_KEYS else (1, -1)
        for step in steps:
            new = round(value + step, 2)
            new = int(new) if isinstance(value, int) and float(new).is_integer() else new
            yield f"{'.'.join(map(str, path))} {value} -> {new}", path, new


def with_value(data: dict, path: list, new) -> dict:
    mutated = copy.deepcopy(data)
    target = mutated["thresholds"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return mutated


def ignored(folder: str, names: list[str]) -> set[str]:
    at_root = SKIPPED_AT_ROOT.intersection(names) if Path(folder) == ROOT else set()
    return SKIPPED(folder, names) | at_root


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def main(argv: list[str]) -> int:
    pytest_args = [a for a in argv if a != "--list"]
    original = (ROOT / TRIAGE).read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    todo = list(mutations(data["thresholds"]))
    if "--list" in argv:
        print("\n".join(label for label, _, _ in todo))
        return 0
    with tempfile.TemporaryDirectory(prefix="mutate-thresholds-") as tmp:
        work = Path(tmp) / "project"
        shutil.copytree(ROOT, work, ignore=ignored)
        python = sys.executable
        compile_cmd = [python, "-m", "skill.content"]
        # The rest of the quick set leaves the edge tests out: they ran first, and a mutation
        # they did not catch they would not catch again.
        test_cmds = [[python, "-m", "pytest", *QUICK, *pytest_args, *where_tests]
                     for where_tests in ([FIRST], [f"--ignore={FIRST}", "tests"])]
        # The copy, not the installed worktree, must be what the tests import.
        where = run([python, "-c", "import skill; print(skill.__file__)"], work).stdout.strip()
        if not where.startswith(str(work)):
            print(f"the tests would import {where}, not the copy", file=sys.stderr)
            return 2
        if run(compile_cmd, work).returncode or any(run(cmd, work).returncode for cmd in test_cmds):
            print("the quick tests do not pass on the unmutated content", file=sys.stderr)
            return 2
        survivors = []
        for label, path, new in todo:
            started = time.monotonic()
            (work / TRIAGE).write_text(yaml.safe_dump(with_value(data, path, new), sort_keys=False), encoding="utf-8")
            try:
                if run(compile_cmd, work).returncode:
                    verdict = "caught by the content check"
                elif any(run(cmd, work).returncode for cmd in test_cmds):
                    verdict = "caught by a test"
                else:
                    verdict = "SURVIVED"
                    survivors.append(label)
            finally:
                (work / TRIAGE).write_text(original, encoding="utf-8")
            print(f"{label:40} {verdict} ({time.monotonic() - started:.0f} s)", flush=True)
    print(f"{len(todo) - len(survivors)} of {len(todo)} threshold mutations caught")
    for label in survivors:
        print(f"survived: {label}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
