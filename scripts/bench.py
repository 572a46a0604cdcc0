"""Scale: how long a build takes and how much memory it needs as the knowledge base grows,
next to the floor that MkDocs and Material set on the same record pages.

For each size: N synthetic records (scripts/synthetic.py: SHERLOC's mix, half Chinese,
half English) in a temporary folder, then two builds, each in a process of its own:
- treatykb: `mkdocs build` of the synthetic project, the plugin on, search index included,
  with the time of each of treatykb's phases (the plugin writes them when
  TREATYKB_TIMINGS names a file);
- floor: the same record files as plain Markdown pages, built by Material alone (no
  plugin, same theme and Markdown extensions, a one-page navigation).
Time is wall-clock; peak memory is the largest sum of memory (proportional set size) over
the build's process tree (workers and search indexers included), sampled every 0.5 s (a sample
takes some milliseconds of the machine's time). With `--serve`, the largest size is then
served with `mkdocs serve` as `make serve` runs it, a record is edited, and the
time until the served page shows the edit is measured.

    python scripts/bench.py [--records 5000,20000] [--serve] [--no-search] [--json OUT]
    python scripts/bench.py --quick        # 20 and 40 records: a smoke test (in the suite)

Unless `--no-search`, the search figures follow (scripts/bench_search.py, at the largest
size). Nothing is written into content/; the temporary folder is removed at the end
(`--keep` keeps it). Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate
from treatykb.timing import WORKERS

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGET_RATIO = 1.3
TARGET_GROWTH = 1.15
TARGET_MEMORY = 2 * 1024**3
TARGET_EDIT = 10.0
SAMPLE = 0.5
"""Seconds between two samples of a build's memory."""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    """User and system time of the build and every process it ran (the search indexers): unlike the
    wall clock, the same whether or not others share the machine."""
    peak_bytes: int
    returncode: int
    stderr: str


@dataclass
class Size:
    records: int
    treatykb: Run
    floor: Run
    phases: dict[str, dict[str, float]]
    """Phase -> {"wall": s, "cpu": s}, as the plugin wrote them (treatykb/timing.py)."""
    pages: int
    site_bytes: int
    largest: tuple[str, int]
    floor_pages: int
    edits: list[dict[str, Any]] = field(default_factory=list)


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def _kids(pid: int, table: dict[int, list[int]] | None) -> list[int]:
    """Children of a process: from the kernel's list for each of its threads, or, where the
    kernel keeps none, from a scan of every process (much dearer on a busy machine)."""
    if table is not None:
        return table.get(pid, [])
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


_HAS_CHILDREN = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants, now: the sum of their proportional
    set sizes (a page shared by k processes counts 1/k in each, so forked workers sharing
    the catalogue do not count it twice), or of their resident sizes where the kernel
    gives no PSS."""
    table = None if _HAS_CHILDREN else _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += _kids(p, table)
        total += _memory(p)
    return total


def _memory(pid: int) -> int:
    for name, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(name) as f:
                for line in f:
                    if line.startswith(key):
                        return int(line.split()[1]) * 1024
        except OSError:
            continue
    return 0


def measured(cmd: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command, sampling its process tree's memory until it ends."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(SAMPLE)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak, proc.returncode, stderr)


def floor_project(project: Path) -> Path:
    """The record files of a synthetic project as the docs of a plain Material site."""
    floor = project / "floor"
    docs = floor / "docs"
    for path in sorted((project / "content").rglob("*.md")):
        rel = path.relative_to(project / "content")
        if rel.parts[0] == "instruments":
            continue
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / rel)
    (docs / "index.md").write_text("# Floor\n\nThe record pages, built by Material alone.\n", encoding="utf-8")
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = list(ours.get("markdown_extensions", []))
    named = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    extensions += [e for e in ("attr_list", "md_in_html", "footnotes", "tables", "toc") if e not in named]
    config = {
        "site_name": "floor",
        "site_url": ours.get("site_url"),
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": ours["theme"],
        "markdown_extensions": extensions,
        "plugins": [],
        "nav": [{"Home": "index.md"}],
    }
    path = floor / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def site_figures(site: Path) -> tuple[int, int, tuple[str, int]]:
    """(pages, bytes of the whole site, (largest page, its bytes)); pages are HTML files
    outside the search bundles."""
    pages, total, largest = 0, 0, ("", 0)
    for dirpath, _, names in os.walk(site):
        for name in names:
            path = Path(dirpath) / name
            size = path.stat().st_size
            total += size
            if name.endswith(".html") and path.relative_to(site).parts[0] != "search-index":
                pages += 1
                if size > largest[1]:
                    largest = (path.relative_to(site).as_posix(), size)
    return pages, total, largest


def build_size(n: int, work: Path) -> Size:
    project = work / f"records-{n}"
    config = generate(project, n)
    timings = project / "timings.json"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    ours = measured([*mkdocs, "-f", str(config), "--site-dir", str(project / "site")], project, {**ENV, "TREATYKB_TIMINGS": str(timings)})
    if ours.returncode != 0:
        sys.exit(f"treatykb build of {n} records failed:\n{ours.stderr[-3000:]}")
    floor_config = floor_project(project)
    floor = measured([*mkdocs, "-f", str(floor_config), "--site-dir", str(project / "floor-site")], project, ENV)
    if floor.returncode != 0:
        sys.exit(f"floor build of {n} records failed:\n{floor.stderr[-3000:]}")
    phases = json.loads(timings.read_text(encoding="utf-8"))["phases"]
    pages, size, largest = site_figures(project / "site")
    floor_pages = site_figures(project / "floor-site")[0]
    return Size(n, ours, floor, phases, pages, size, largest, floor_pages)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def serve_edits(project: Path, timeout: float) -> list[dict[str, Any]]:
    """Serve the project as `make serve` does, edit records, and time until the served
    page shows each edit (what the browser shows once live reload has fetched it)."""
    port = _free_port()
    log = (project / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out: list[dict[str, Any]] = []
    try:
        # An English legislation record and a Chinese case: the commonest types.
        content = project / "content"
        targets = [next(iter(sorted((content / "legislation").glob("*.en.md")))), next(iter(sorted((content / "cases").glob("*.zh.md"))))]
        urls = []
        for path in targets:
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            folder = path.parent.name
            urls.append(f"http://127.0.0.1:{port}/{path.name.split('.')[-2]}/{folder}/{meta['id']}/")
        start = time.perf_counter()
        while _get(urls[0]) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise RuntimeError(f"mkdocs serve did not come up; see {project / 'serve.log'}")
            time.sleep(1)
        time.sleep(2)  # let the server settle after its first build
        # Text no other page shows (the commonest edit: a fix in a record's text) three
        # times, then a title, which the pages listing the record show too.
        edits = [
            (targets[0], urls[0], "text"),
            (targets[1], urls[1], "text"),
            (targets[0], urls[0], "text"),
            (targets[1], urls[1], "title"),
        ]
        for n, (path, url, kind) in enumerate(edits):
            marker = f"benchmark edit {n} {time.time_ns()}"
            text = path.read_text(encoding="utf-8")
            head, body = text.split("\n---\n", 1)
            if kind == "title":
                head = re.sub(r"^title: .*$", f"title: {marker}", head, count=1, flags=re.M)
                path.write_text(f"{head}\n---\n{body}", encoding="utf-8")
            else:
                path.write_text(f"{head}\n---\n{body.rstrip()}\n\n{marker}\n", encoding="utf-8")
            t0 = time.perf_counter()
            seen = None
            while time.perf_counter() - t0 < timeout:
                page = _get(url)
                if page is not None and marker in page:
                    seen = time.perf_counter() - t0
                    break
                time.sleep(0.1)
            out.append({"record": path.relative_to(project).as_posix(), "edit": kind, "seconds": seen})
            time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    return out


def ratio(s: Size, what: str) -> float:
    return float(getattr(s.treatykb, what)) / float(getattr(s.floor, what))


def mb(n: float) -> str:
    return f"{n / 1024**2:,.0f} MB"


def table(sizes: list[Size]) -> list[str]:
    """The figures, one row each, one column per size."""
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values: list[str]) -> None:
        rows.append((label, values))

    row("records", [f"{s.records:,}" for s in sizes])
    row("pages (treatykb / floor)", [f"{s.pages:,} / {s.floor_pages:,}" for s in sizes])
    row("build, treatykb (wall / CPU)", [f"{s.treatykb.seconds:,.1f} s / {s.treatykb.cpu_seconds:,.1f} s" for s in sizes])
    row("build, floor (wall / CPU)", [f"{s.floor.seconds:,.1f} s / {s.floor.cpu_seconds:,.1f} s" for s in sizes])
    row("ratio treatykb / floor (wall / CPU)", [f"{ratio(s, 'seconds'):.2f} / {ratio(s, 'cpu_seconds'):.2f}" for s in sizes])
    row("ms per record, treatykb", [f"{1000 * s.treatykb.seconds / s.records:.1f}" for s in sizes])
    row("ms per record, floor", [f"{1000 * s.floor.seconds / s.records:.1f}" for s in sizes])
    row("peak memory, treatykb", [mb(s.treatykb.peak_bytes) for s in sizes])
    row("peak memory, floor", [mb(s.floor.peak_bytes) for s in sizes])
    row("output size", [mb(s.site_bytes) for s in sizes])
    row("largest page", [f"{s.largest[1] / 1024:,.0f} KB {s.largest[0]}" for s in sizes])
    zero = {"wall": 0.0, "cpu": 0.0}
    names = sorted({k for s in sizes for k in s.phases}, key=lambda k: -max(s.phases.get(k, zero)["cpu"] for s in sizes))
    for name in names:
        row(f"  phase: {name}", [f"{s.phases.get(name, zero)['wall']:,.1f} s / {s.phases.get(name, zero)['cpu']:,.1f} s" for s in sizes])
    # Phases "in workers: …" ran beside the build (their CPU is also in the phase in which
    # the workers ended): they break the build's time down, they do not add to it.
    own = [[p for name, p in s.phases.items() if not name.startswith(WORKERS)] for s in sizes]
    rest = [
        (s.treatykb.seconds - sum(p["wall"] for p in mine), s.treatykb.cpu_seconds - sum(p["cpu"] for p in mine))
        for s, mine in zip(sizes, own, strict=True)
    ]
    row("  MkDocs, Material and start-up", [f"{w:,.1f} s / {c:,.1f} s" for w, c in rest])
    for i in range(max((len(s.edits) for s in sizes), default=0)):
        cells = []
        for s in sizes:
            e = s.edits[i] if i < len(s.edits) else None
            cells.append("-" if e is None else ("not seen" if e["seconds"] is None else f"{e['seconds']:.1f} s"))
        kind = next((s.edits[i].get("edit", "text") for s in sizes if i < len(s.edits)), "text")
        row(f"serve: edit {i + 1} ({kind}) visible after", cells)
    width = max(len(label) for label, _ in rows) + 2
    cols = [max(len(v[i]) for _, v in rows) + 2 for i in range(len(sizes))]
    return [label.ljust(width) + "".join(v.rjust(c) for v, c in zip(values, cols, strict=True)) for label, values in rows]


def verdicts(sizes: list[Size]) -> list[str]:
    big = sizes[-1]
    lines = [
        f"at {big.records:,} records: build {ratio(big, 'seconds'):.2f} x the floor in wall time, {ratio(big, 'cpu_seconds'):.2f} x "
        f"in CPU time (target <= {TARGET_RATIO}); peak memory {mb(big.treatykb.peak_bytes)} (target < {mb(TARGET_MEMORY)})"
    ]
    if len(sizes) > 1:
        small = sizes[0]

        def growth(run: str, what: str) -> float:
            per = [float(getattr(getattr(s, run), what)) / s.records for s in (small, big)]
            return per[1] / per[0]

        lines.append(
            f"time per record at {big.records:,} / at {small.records:,}: {growth('treatykb', 'seconds'):.2f} wall, "
            f"{growth('treatykb', 'cpu_seconds'):.2f} CPU (target <= {TARGET_GROWTH}); the floor's: "
            f"{growth('floor', 'seconds'):.2f} wall, {growth('floor', 'cpu_seconds'):.2f} CPU"
        )
    seen = [e["seconds"] for e in big.edits]
    if seen:
        worst = None if None in seen else max(seen)
        shown = "not seen" if worst is None else f"{worst:.1f} s"
        lines.append(f"serve at {big.records:,} records: slowest edit visible after {shown} (target <= {TARGET_EDIT:.0f} s)")
    return lines


def as_json(sizes: list[Size]) -> dict[str, Any]:
    return {
        "sizes": [
            {
                "records": s.records,
                "pages": s.pages,
                "floor_pages": s.floor_pages,
                "seconds": round(s.treatykb.seconds, 2),
                "cpu_seconds": round(s.treatykb.cpu_seconds, 2),
                "floor_seconds": round(s.floor.seconds, 2),
                "floor_cpu_seconds": round(s.floor.cpu_seconds, 2),
                "ratio": round(ratio(s, "seconds"), 3),
                "cpu_ratio": round(ratio(s, "cpu_seconds"), 3),
                "peak_bytes": s.treatykb.peak_bytes,
                "floor_peak_bytes": s.floor.peak_bytes,
                "site_bytes": s.site_bytes,
                "largest_page": {"path": s.largest[0], "bytes": s.largest[1]},
                "phases": s.phases,
                "edits": s.edits,
            }
            for s in sizes
        ]
    }


def load_note() -> str:
    """The machine's load when the figures were taken: others' work skews them."""
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} (1 min), {five:.1f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", default="5000,20000", help="sizes to build, comma-separated (default 5000,20000)")
    parser.add_argument("--quick", action="store_true", help="20 and 40 records, no search figures: a smoke test")
    parser.add_argument("--serve", action="store_true", help="also time edits under `mkdocs serve` at the largest size")
    parser.add_argument("--no-search", action="store_true", help="leave out the search figures (scripts/bench_search.py)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary folder, removed)")
    parser.add_argument("--serve-timeout", type=float, default=3600.0, help="seconds to wait for the server, and for each edit")
    args = parser.parse_args()
    counts = [20, 40] if args.quick else sorted(int(x.replace("_", "")) for x in args.records.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="treatykb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"treatykb scale benchmark: {', '.join(f'{n:,}' for n in counts)} synthetic records in {work}; {load_note()}", flush=True)
    sizes: list[Size] = []
    try:
        for n in counts:
            sizes.append(build_size(n, work))
            s = sizes[-1]
            print(
                f"  {n:,} records: treatykb {s.treatykb.seconds:.1f} s ({s.treatykb.cpu_seconds:.1f} s CPU), floor {s.floor.seconds:.1f} s",
                flush=True,
            )
        if args.serve:
            sizes[-1].edits = serve_edits(work / f"records-{counts[-1]}", args.serve_timeout)
        print()
        for line in table(sizes):
            print(line)
        print()
        for line in verdicts(sizes):
            print(line)
        print(f"taken with {load_note()}")
        if args.json:
            args.json.write_text(json.dumps(as_json(sizes), indent=2) + "\n", encoding="utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if not (args.no_search or args.quick):
        print(flush=True)
        from bench_search import main as search_main

        search_main(["--records", str(counts[-1])])


if __name__ == "__main__":
    main()
