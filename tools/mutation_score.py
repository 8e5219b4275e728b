"""Mutation score per module from mutmut's last run (mutants/**/*.py.meta), and the survivors.

mutmut prints one total; the project's bar (95% on every module in skill/logic) is per module.
A timeout counts as killed: the mutant made the tests hang, which a run notices.

    python tools/mutation_score.py [--survivors]
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
DETECTED = {"killed", "timeout", "caught by type check", "segfault"}
BAR = 95.0


def results(mutants: Path) -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} for every mutated module."""
    found = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if exit_codes:
            module = meta.relative_to(mutants).as_posix().removesuffix(".py.meta").replace("/", ".")
            found[module] = {name: status_by_exit_code[code] for name, code in exit_codes.items()}
    return found


def main(argv: list[str]) -> int:
    found = results(ROOT / "mutants")
    if not found:
        print("no mutmut results: run ./dev mutate first", file=sys.stderr)
        return 2
    below = False
    print(f"{'module':32} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'unchecked':>9} {'score':>6}")
    for module, statuses in found.items():
        counts = Counter(statuses.values())
        checked = len(statuses) - counts["not checked"]
        detected = sum(counts[s] for s in DETECTED)
        score = 100 * detected / checked if checked else 0.0
        below |= score < BAR or counts["not checked"] > 0
        print(f"{module:32} {len(statuses):7} {detected - counts['timeout']:7} {counts['timeout']:7} "
              f"{checked - detected:8} {counts['not checked']:9} {score:5.1f}%")
    if "--survivors" in argv:
        for statuses in found.values():
            for name, status in statuses.items():
                if status not in DETECTED | {"not checked"}:
                    print(f"{status}: {name}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
