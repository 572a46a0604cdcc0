"""How the citation parser's time grows with dense text: the ratio of time per KB at the
largest size to time per KB at the smallest, per kind of text (1.0 is linear).

    python scripts/bench_parser.py [--sizes 25000 100000 400000]

Each text repeats one unit (a citation form, or a run with no closing 条) up to the size.
Printed, not asserted: timings belong in benchmarks, not in the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from treatykb.citations import find_citations

UNITS = {
    "en article": "See article 5 of the Convention. ",
    "en list": "articles 5, ",
    "en paragraph": "paragraph 2 of article 5, ",
    "zh article": "公约第5条规定。",
    "zh run without 条": "第1、",
    "zh paragraph": "第二十四条第5款、",
    "decision": "decision 3/4 and ",
    "symbol": "CTOC/COP/2008/7 ",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 400_000], help="text sizes in characters")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    print(f"{'text':<18}" + "".join(f"{s // 1000:>9} KB" for s in sizes) + "   growth")
    for name, unit in UNITS.items():
        per_kb = []
        row = f"{name:<18}"
        for size in sizes:
            text = unit * (size // len(unit))
            started = time.perf_counter()
            find_citations(text)
            seconds = time.perf_counter() - started
            per_kb.append(seconds / (size / 1000))
            row += f"{seconds:>10.2f}s"
        print(row + f"   {per_kb[-1] / per_kb[0]:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
