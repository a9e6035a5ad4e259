"""Mutation score per module from a mutmut run (``make mutation``; docs/mutation.md).

Usage: ``python tests/mutation_score.py .mutation/mutants [--min 85] [--survivors]``,
or ``... --sample 120 [--seed 2026]`` to print a seeded random sample of each module's mutant
names (for ``make mutation SAMPLE=120``: an estimate of every module's score in a fraction of
the hours; the score table then shows a 95% Wilson interval).

Reads mutmut's ``<module>.py.meta`` files (the exit code of each mutant's test run) and prints
one Markdown row per mutated module: mutants, killed (a failing test or a timeout), survived,
without a test reaching them, not run, and the score, killed / (mutants - skipped). Exits 1 when
a module that was run scores below ``--min``. Not a test module: pytest collects ``test_*.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from statsmodels.stats.proportion import proportion_confint

# mutmut 3's meaning of a mutant's exit code (mutmut/stats.py ``status_by_exit_code``).
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout",
          None: "not checked", 37: "caught by type check", 2: "interrupted"}
KILLED = ("killed", "timeout", "caught by type check")


def module_counts(mutants: Path) -> dict[str, Counter]:
    """``{module: Counter(status)}`` for every ``.meta`` file under ``mutants``."""
    out = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = str(meta.relative_to(mutants)).removesuffix(".py.meta").replace("/", ".")
        out[module] = Counter(STATUS.get(code, "suspicious") for code in codes.values())
    return out


def survivors(mutants: Path) -> dict[str, list[str]]:
    """``{module: [mutant names that survived or that no test reached]}``."""
    out: dict[str, list[str]] = {}
    for meta in sorted(mutants.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        module = str(meta.relative_to(mutants)).removesuffix(".py.meta").replace("/", ".")
        out[module] = [n for n, c in codes.items() if STATUS.get(c) in ("survived", "no tests")]
    return out


def sample(mutants: Path, size: int, seed: int) -> list[str]:
    """Up to ``size`` mutant names per module, drawn with ``random.Random(seed)``."""
    rng = random.Random(seed)
    names = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        keys = sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
        names += rng.sample(keys, min(size, len(keys)))
    return names


def interval(counts: Counter) -> str:
    """The 95% Wilson interval of the score, from the mutants that were run."""
    tested = sum(counts.values()) - counts["skipped"] - counts["not checked"]
    if tested <= 0:
        return "-"
    low, high = proportion_confint(sum(counts[s] for s in KILLED), tested, method="wilson")
    return f"{100 * low:.0f}–{100 * high:.0f}%"


def score(counts: Counter) -> float | None:
    tested = sum(counts.values()) - counts["skipped"] - counts["not checked"]
    return None if tested <= 0 else 100 * sum(counts[s] for s in KILLED) / tested


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mutants", type=Path, help="mutmut's mutants/ folder")
    parser.add_argument("--min", type=float, default=85.0, help="target score per module (%%)")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    parser.add_argument("--sample", type=int, help="print N random mutant names per module")
    parser.add_argument("--seed", type=int, default=2026, help="seed of --sample")
    args = parser.parse_args(argv)
    if args.sample is not None:
        print(" ".join(sample(args.mutants, args.sample, args.seed)))
        return 0
    counts = module_counts(args.mutants)
    if not counts:
        print(f"No mutmut results under {args.mutants}; run `make mutation` first.")
        return 1
    print("| module | mutants | killed | survived | no tests | not run | score | 95% interval |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    below = []
    for module, c in counts.items():
        value = score(c)
        shown = "-" if value is None else f"{value:.1f}%"
        print(f"| {module} | {sum(c.values())} | {sum(c[s] for s in KILLED)} | {c['survived']} "
              f"| {c['no tests']} | {c['not checked'] + c['skipped']} | {shown} "
              f"| {interval(c)} |")
        if value is not None and value < args.min:
            below.append(module)
    if args.survivors:
        for module, names in survivors(args.mutants).items():
            for name in names:
                print(f"{module}: {name}")
    if below:
        print(f"Below {args.min:.0f}%: {', '.join(below)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
