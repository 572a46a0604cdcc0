"""Fuzz the core for longer than the test suite does: the same properties as
tests/test_fuzz.py (defined in tests/fuzzing.py), with as many examples as asked.

    python scripts/fuzz.py [--examples 100000] [--target schema --target body] [--seed 1]

For each target: how many inputs were tried, how long it took, and the first failure
(shrunk by Hypothesis to a small input) if any. Exit status 1 when a target failed.
Nothing is stored in Hypothesis' example database: a failure is printed, to be turned
into a case of tests/data/broken/ or a unit test.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from hypothesis import HealthCheck, Phase, given, seed, settings

from fuzzing import TARGETS, Target


def run(name: str, target: Target, examples: int, seed_value: int | None) -> tuple[int, float, str | None]:
    """(inputs tried, seconds, failure or None) for one target."""
    tried = 0

    def check(value: Any) -> None:
        nonlocal tried
        tried += 1
        if target.unpack:
            target.check(*value)
        else:
            target.check(value)

    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        print_blob=False,
    )(given(target.strategy)(check))
    if seed_value is not None:
        test = seed(seed_value)(test)
    started = time.perf_counter()
    failure = None
    try:
        test()
    except Exception:  # the property's failure, after shrinking: report it, go on
        failure = traceback.format_exc(limit=-3)
    return tried, time.perf_counter() - started, failure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per target (default 10000)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="run only this target (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="a seed, to repeat a run")
    args = parser.parse_args(argv)

    failed = 0
    total_tried, total_time = 0, 0.0
    print(f"{'target':<20} {'inputs':>9} {'seconds':>8} {'per s':>7}  result", flush=True)
    for name in args.target or list(TARGETS):
        tried, seconds, failure = run(name, TARGETS[name], args.examples, args.seed)
        total_tried, total_time = total_tried + tried, total_time + seconds
        verdict = "ok" if failure is None else "FAILED"
        print(f"{name:<20} {tried:>9,} {seconds:>8.1f} {tried / max(seconds, 1e-9):>7,.0f}  {verdict}", flush=True)
        if failure is not None:
            failed += 1
            print(failure, file=sys.stderr, flush=True)
    print(f"{'all':<20} {total_tried:>9,} {total_time:>8.1f}  {failed} target(s) failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
