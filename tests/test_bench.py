"""The scale benchmark runs (scripts/bench.py --quick, through its entry point): a table
with the builds of treatykb and of the floor, and treatykb's phases, at two sizes. Its
figures are looked at, not its timings: those belong to `make bench`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import CONTENT, ROOT

PHASES = {"load and validate", "citations", "generated pages", "record pages (Markdown, sanitising)", "search", "data export"}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_quick_benchmark_prints_the_table_and_leaves_nothing(tmp_path: Path) -> None:
    content = _snapshot(CONTENT)
    out = tmp_path / "figures.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    work = Path(re.search(r" in (\S+); ", lines[0]).group(1))  # type: ignore[union-attr]
    assert not work.exists(), "the benchmark left its folder behind"
    assert _snapshot(CONTENT) == content, "the benchmark wrote into content/"

    # The table: one row per figure, one column per size.
    rows = {re.split(r"\s{2,}", line.strip())[0]: line for line in lines if re.search(r"\S\s{2,}\S", line)}
    for label in (
        "records",
        "pages (treatykb / floor)",
        "build, treatykb (wall / CPU)",
        "build, floor (wall / CPU)",
        "peak memory, treatykb",
    ):
        assert label in rows, (label, run.stdout)
    assert re.search(r"records\s+20\s+40$", rows["records"]), rows["records"]
    assert {f"phase: {p}" for p in PHASES} <= set(rows), run.stdout
    assert any(line.startswith("time per record at 40 / at 20:") for line in lines), run.stdout

    figures = json.loads(out.read_text(encoding="utf-8"))["sizes"]
    assert [f["records"] for f in figures] == [20, 40]
    for f in figures:
        assert f["pages"] > f["records"] and f["floor_pages"] > f["records"]
        assert f["seconds"] > 0 and f["floor_seconds"] > 0 and f["peak_bytes"] > 0 and f["site_bytes"] > 0
        assert f["largest_page"]["bytes"] > 0 and f["largest_page"]["path"].endswith(".html")
        assert set(f["phases"]) >= PHASES, f["phases"]
    # Twice the records: more record pages (the other pages are the same in number).
    assert figures[1]["floor_pages"] - figures[0]["floor_pages"] == 20
