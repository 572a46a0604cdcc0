"""Search at scale: treatykb's search against Material's built-in search, on the same
synthetic pages, measured in one run in headless Chromium.

For each engine and query, in a fresh browser context (empty cache), the query typed
key by key 300 ms after the page has loaded:
- bytes to results: everything the search downloaded until its results and facet counts
  were shown (treatykb's search script and index files, or Material's index and search
  worker), whenever it was started: treatykb's search page fetches its index's entry and
  facet values once the page is idle, and those count, as does the script itself;
- latency: from the last keystroke until the result list stops changing (the whole
  first page of results shown).
Also the size of the offline edition's indexes per record.

    python scripts/bench_search.py [--records 20000] [--workdir /tmp/treatykb-bench]
    python scripts/bench_search.py --site /tmp/bench/site --engines treatykb   # a site built before

`make bench` runs it after the scale table (scripts/bench.py). Figures are printed, not
asserted: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

# The synthetic records, and the Chromium set-up and local server the browser tests use.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM_ARGS, chromium, serve
from synthetic import generate
from treatykb import catalogue
from treatykb.search.offline import build_index, documents, index_script

QUERIES = [
    ("en", "extradition"),
    ("en", "extradite"),
    ("en", "witness protection"),
    ("zh", "证人保护"),
    ("zh", "司法协助"),
    ("zh", "中央机关"),
]

# In the page: when the last keystroke happened, and when the result list last changed.
WATCH = """
window.__bench = {key: 0, change: 0};
document.addEventListener('input', () => { window.__bench.key = performance.now(); }, true);
new MutationObserver((records) => {
  const inList = records.some((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest(LIST));
  if (inList && document.querySelector(SELECTOR)) window.__bench.change = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

ENGINES: dict[str, dict[str, Any]] = {
    "treatykb": {
        "url": "{lang}/search/",
        "input": "#tkb-q",
        "results": "#tkb-results .tkb-result",
        "list": "#tkb-results",
        "counts": lambda url: "/search-index/" in url or url.endswith("/search.js"),
        "status": "#tkb-status",
        # The bench site carries both engines; the other's files are kept out of the page.
        "block": "**/search/{search_index.json,workers/**}",
    },
    "material": {
        "url": "{lang}/",
        "input": "input.md-search__input",
        "results": ".md-search-result__item",
        "list": ".md-search-result__list",
        "counts": lambda url: url.endswith("search_index.json") or "/workers/search" in url,
        "status": ".md-search-result__meta",
        "block": "**/search-index/**",
    },
}


def measure(browser: Any, base: str, engine: str, lang: str, query: str, timeout: float) -> dict[str, Any]:
    spec = ENGINES[engine]
    # Material's search runs in a Web Worker, which treatykb's policy (CSP) on the bench
    # site's pages does not allow: it is measured as Material ships it, without the policy.
    context = browser.new_context(bypass_csp=engine == "material")
    page = context.new_page()
    page.add_init_script(WATCH.replace("SELECTOR", json.dumps(spec["results"])).replace("LIST", json.dumps(spec["list"])))
    sizes: dict[str, int] = {}
    arrived: dict[str, float] = {}

    def on_response(response: Any) -> None:
        if response.url in sizes:  # fetched again: from the cache
            return
        with contextlib.suppress(Exception):  # a response cut short: count nothing
            sizes[response.url] = response.request.sizes()["responseBodySize"]
            arrived[response.url] = time.perf_counter()

    page.on("response", on_response)
    page.route(spec["block"], lambda route: route.abort())
    page.goto(base + spec["url"].format(lang=lang), wait_until="load")
    page.wait_for_timeout(300)
    load_bytes = sum(sizes.values())
    before = set(sizes)
    page.click(spec["input"])
    page.keyboard.type(query, delay=30)
    probe = f"[window.__bench.key, window.__bench.change, document.querySelectorAll({json.dumps(spec['results'])}).length]"
    start = time.perf_counter()
    found = False
    while time.perf_counter() - start < timeout:
        state = page.evaluate(probe)
        if state[2] and state[1] > state[0] and page.evaluate("performance.now()") - state[1] > 1500:
            found = True
            break
        page.wait_for_timeout(200)
    key, change, n = page.evaluate(probe)
    status = page.evaluate(f"document.querySelector({json.dumps(spec['status'])})?.textContent.trim() || ''")
    # Bytes that arrived before the results were shown; the rest (facet counts) after.
    shown_at = time.perf_counter() - (page.evaluate("performance.now()") - change) / 1000 if found else float("inf")
    search_bytes = sum(v for u, v in sizes.items() if spec["counts"](u) and arrived.get(u, 0) <= shown_at)
    later_bytes = sum(v for u, v in sizes.items() if spec["counts"](u) and arrived.get(u, 0) > shown_at)
    after_load = sum(v for u, v in sizes.items() if u not in before)
    context.close()
    return {
        "engine": engine,
        "lang": lang,
        "query": query,
        "results_shown": n,
        "status": status,
        "latency_ms": round(change - key) if found else None,
        "search_bytes": search_bytes,
        "bytes_after_page_load": after_load,
        "bytes_after_results": later_bytes,
        "page_load_bytes": load_bytes,
    }


def offline_sizes(content: Path, n: int) -> dict[str, Any]:
    """The offline edition's indexes, as the zip stores them (deflate), per record."""
    cat = catalogue.load(content)
    raw = packed = 0
    start = time.perf_counter()
    for lang in ("zh", "en"):
        script = index_script(build_index(documents(cat, lang), lang), lang).encode("utf-8")
        raw += len(script)
        packed += len(zlib.compress(script, 9))
    return {
        "raw_bytes": raw,
        "zip_bytes": packed,
        "zip_bytes_per_record": round(packed / n),
        "seconds": round(time.perf_counter() - start, 1),
    }


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One line for several runs of a query: median latency and bytes, and the slowest."""
    if not runs:
        return None
    timed = sorted(r["latency_ms"] for r in runs if r["latency_ms"] is not None)
    missed = len(runs) - len(timed)
    middle = sorted([*timed, *([None] * missed)], key=lambda v: 10**12 if v is None else v)[len(runs) // 2]
    return {
        **runs[0],
        "runs": len(runs),
        "latency_ms": middle,
        "slowest_ms": None if missed else timed[-1],
        "search_bytes": int(statistics.median(r["search_bytes"] for r in runs)),
        "bytes_after_results": int(statistics.median(r["bytes_after_results"] for r in runs)),
    }


def kb(n: int | None) -> str:
    return "-" if n is None else f"{n / 1024:,.0f} KB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/treatykb-bench"))
    parser.add_argument("--engines", default="treatykb,material", help="which engines to measure (comma-separated)")
    parser.add_argument("--reuse", action="store_true", help="measure the site a previous run built in --workdir")
    parser.add_argument(
        "--site",
        type=Path,
        help="measure this built site instead of building one (without the offline edition's figure;"
        " Material is measured only if the site has its search_index.json)",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for results per query")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-browser runs per treatykb query (Material: one)")
    parser.add_argument(
        "--queries", help="lang:query pairs, comma-separated (default: " + ",".join(f"{lang}:{q}" for lang, q in QUERIES) + ")"
    )
    args = parser.parse_args(argv)
    queries = [(lang, q) for lang, _, q in (pair.partition(":") for pair in args.queries.split(","))] if args.queries else QUERIES
    from playwright.sync_api import sync_playwright

    project = args.site.resolve().parent if args.site else args.workdir / "project"
    site = args.site.resolve() if args.site else project / "site"
    build_s = 0.0
    engines = args.engines.split(",")
    if args.site:
        if not (site / "search-index").is_dir():
            sys.exit(f"{site}: no search-index/ folder; not a built treatykb site")
        if "material" in engines and not (site / "search" / "search_index.json").is_file():
            print(f"{site} has no Material search index: measuring treatykb only")
            engines = [e for e in engines if e != "material"]
    elif not (args.reuse and (site / "index.html").is_file()):
        config = generate(project, args.records, material_search=True)
        start = time.perf_counter()
        build = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "--site-dir", str(site)],
            capture_output=True,
            text=True,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
            check=False,
        )
        build_s = time.perf_counter() - start
        if build.returncode != 0:
            sys.exit(f"build failed:\n{build.stderr[-3000:]}")
    material_index = site / "search" / "search_index.json"
    index_bytes = sum(p.stat().st_size for p in (site / "search-index").rglob("*") if p.is_file())
    material_raw = material_index.stat().st_size if material_index.is_file() else 0
    if args.site:
        print(f"{site}: measured as built")
    else:
        built = f"build with both searches {build_s:.0f} s" if build_s else f"as built by an earlier run in {args.workdir}"
        print(f"{args.records} synthetic records (half zh, half en): {built}")
    if material_raw:
        material_gz = len(zlib.compress(material_index.read_bytes(), 6))
        print(f"  Material search_index.json: {material_raw / 1e6:.1f} MB ({material_gz / 1e6:.1f} MB if served gzipped)")
    print(f"  treatykb search bundles: {index_bytes / 1e6:.1f} MB on disk, fetched a few files at a time")

    rows = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for lang, query in queries:
            for engine in engines:
                for _ in range(args.repeat if engine == "treatykb" else 1):
                    rows.append(measure(browser, base, engine, lang, query, args.timeout))
        browser.close()
    # The offline edition's size is a figure of the build: left out for a site built before.
    records = 0 if args.site else args.records
    offline = offline_sizes(project / "content", records) if records else None

    summary: list[dict[str, Any]] = []
    for _, query in queries:
        for engine in engines:
            line = summarise([r for r in rows if r["engine"] == engine and r["query"] == query])
            if line:
                summary.append(line)
    print()
    print("median of the runs (each in a fresh browser); latency is from the last key to the last change of the result list")
    print(f"{'query':<22}{'engine':<10}{'runs':>5}{'bytes to results':>17}{'latency':>10}{'slowest':>10}{'bytes after':>15}  status")
    for r in summary:
        latency = f"{r['latency_ms']} ms" if r["latency_ms"] is not None else f"> {args.timeout:.0f} s"
        slowest = f"{r['slowest_ms']} ms" if r["slowest_ms"] is not None else f"> {args.timeout:.0f} s"
        row = f"{r['lang'] + ': ' + r['query']:<22}{r['engine']:<10}{r['runs']:>5}{kb(r['search_bytes']):>17}{latency:>10}{slowest:>10}"
        print(row + f"{kb(r['bytes_after_results']):>15}  {r['status']}")
    print()
    print("ratios, Material / treatykb (target for treatykb: first query <= 300 KB, results <= 500 ms after the last key):")
    for lang, query in queries:
        ours = next((r for r in summary if r["engine"] == "treatykb" and r["query"] == query), None)
        theirs = next((r for r in summary if r["engine"] == "material" and r["query"] == query), None)
        if ours is None:
            continue
        verdict = "meets" if ours["search_bytes"] <= 300 * 1024 and (ours["latency_ms"] or 10**9) <= 500 else "MISSES"
        if theirs is None:
            print(f"  {lang}: {query:<20} (Material not measured)   treatykb {verdict} the target")
            continue
        b_ratio = theirs["search_bytes"] / ours["search_bytes"] if ours["search_bytes"] else float("nan")
        if theirs["latency_ms"] is not None and ours["latency_ms"]:
            l_ratio = f"{theirs['latency_ms'] / ours['latency_ms']:.1f}x"
        else:
            l_ratio = f"> {args.timeout * 1000 / ours['latency_ms']:.0f}x" if ours["latency_ms"] else "n/a"
        print(f"  {lang}: {query:<20} bytes {b_ratio:6.1f}x   latency {l_ratio:>8}   treatykb {verdict} the target")
    if offline:
        print()
        print(
            f"offline edition indexes (zh + en, every record): {offline['raw_bytes'] / 1e6:.1f} MB, "
            f"{offline['zip_bytes'] / 1e6:.1f} MB zipped = {offline['zip_bytes_per_record']} bytes per record (budget 1,024);"
            f" built in {offline['seconds']} s"
        )
    args.workdir.mkdir(parents=True, exist_ok=True)
    out = args.workdir / "bench-search.json"
    out.write_text(
        json.dumps(
            {
                "records": None if args.site else args.records,
                "site": str(site),
                "build_seconds": round(build_s),
                "material_index_bytes": material_raw,
                "runs": rows,
                "summary": summary,
                "offline": offline,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
