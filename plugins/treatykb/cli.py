"""The `treatykb` command: the core's functions for editors and CI, without MkDocs."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import catalogue as cat
from . import generate, importer, linkcheck, postbuild, scaffold, translations
from .citations import find_citations
from .csp import protect_site
from .problems import Problem, errors
from .publish import absolute_url, write_published
from .records import FrontMatterError, read_text, split_front_matter
from .search.bundle import SearchIndexError, index_site
from .search.offline import make_offline


def _selected(problems: list[Problem], paths: Sequence[str], root: Path) -> list[Problem]:
    """Problems in the given files or folders (all of them when none are given)."""
    if not paths:
        return problems
    wanted = []
    for p in paths:
        try:
            wanted.append(Path(p).resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            wanted.append(Path(p).as_posix())
    return [pr for pr in problems if any(pr.path == w or pr.path.startswith(w.rstrip("/") + "/") for w in wanted)]


def _format(problem: Problem, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {"path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message, "severity": problem.severity},
            ensure_ascii=False,
            sort_keys=True,
        )
    if fmt == "github":
        title = problem.field or "content"
        message = problem.message.replace("%", "%25").replace("\n", "%0A")
        return f"::{problem.severity} file={problem.path},line={problem.line},title={title}::{message}"
    return str(problem)


def cmd_check(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        print(f"treatykb check: no content folder at '{content}'; pass --content DIR", file=sys.stderr)
        return 2
    catalogue = cat.load(content)
    problems = _selected(catalogue.problems, args.paths, content.parent)
    for problem in problems:
        print(_format(problem, args.format))
    n_err = len(errors(problems))
    n_files = len({p.path for p in problems})
    if args.format == "text":
        records = len(catalogue.records)
        verdict = "no problems" if not problems else f"{n_err} error(s), {len(problems) - n_err} warning(s) in {n_files} file(s)"
        print(f"treatykb check: {records} records read; {verdict}", file=sys.stderr)
    return 1 if n_err else 0


def cmd_refs(args: argparse.Namespace) -> int:
    """Print every citation in the given files as JSON lines: what the linker sees."""
    status = 0
    for name in args.paths:
        path = Path(name)
        text, problem = read_text(path, name)
        if text is None:
            print(f"treatykb refs: {problem}", file=sys.stderr)
            status = 2
            continue
        body, first_line = text, 1
        if text.startswith("---\n"):
            try:
                _, _, body, first_line = split_front_matter(text)
            except FrontMatterError as e:
                print(f"treatykb refs: {name}:{e.line}: {e.message}", file=sys.stderr)
                status = 2
                continue
        for c in find_citations(body, first_line=first_line):
            out = {"path": name, **c.as_json()}
            out.pop("start")
            out.pop("end")
            print(json.dumps(out, ensure_ascii=False))
    return status


def cmd_index(args: argparse.Namespace) -> int:
    """Index a built site for search (any generator's output with treatykb's pages)."""
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"treatykb index: '{site}' has no index.html; pass the folder of a built site", file=sys.stderr)
        return 2
    try:
        stats = index_site(site)
    except SearchIndexError as e:
        print(f"treatykb index: {e}", file=sys.stderr)
        return 1
    print(f"treatykb index: {stats.pages} pages in {len(stats.languages)} languages, {stats.bytes / 1e6:.1f} MB, {stats.seconds:.1f} s")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Write open data, feeds and redirects into a built site (any generator's output)."""
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"treatykb publish: '{site}' has no index.html; pass the folder of a built site", file=sys.stderr)
        return 2
    if not absolute_url(args.site_url):
        print(
            "treatykb publish: --site-url must be the site's public address (https://...): feeds and data name pages by URL",
            file=sys.stderr,
        )
        return 2
    catalogue = cat.load(Path(args.content))
    if errors(catalogue.problems):
        for problem in errors(catalogue.problems):
            print(problem, file=sys.stderr)
        print("treatykb publish: the content has errors (above); nothing written", file=sys.stderr)
        return 1
    done = write_published(site, catalogue, args.site_url, args.site_name)
    protect_site(site)
    for path in done.refused:
        print(f"treatykb publish: {path}: a page of the site is at this former URL; its redirect was not written", file=sys.stderr)
    print(f"treatykb publish: {done.data} data files, {done.feeds} feeds, {done.redirects} redirects in {site}")
    return 1 if done.refused else 0


def cmd_offline(args: argparse.Namespace) -> int:
    """Build the offline edition: a zip of the site that works opened from disk.

    Builds the site with MkDocs into a temporary folder (or copies `--site`, a site some
    other generator built), adds the offline indexes, rewrites links for `file://`, and
    writes the zip only when everything worked, so a failure leaves the last zip alone."""
    content = Path(args.content)
    catalogue = cat.load(content)
    if errors(catalogue.problems):
        for problem in errors(catalogue.problems):
            print(problem, file=sys.stderr)
        print("treatykb offline: the content has errors (above); no zip written", file=sys.stderr)
        return 1
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="treatykb-offline-") as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", args.config, "--site-dir", str(site)]
            env = {**os.environ, "TREATYKB_SEARCH": "off"}
            if subprocess.run(cmd, env=env, check=False).returncode != 0:
                print("treatykb offline: the site build failed (above); no zip written", file=sys.stderr)
                return 1
        report = make_offline(site, catalogue, out)
    per_lang = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sorted(report["index_bytes"].items()))
    print(f"treatykb offline: {out} ({report['zip_bytes'] / 1e6:.1f} MB, {report['pages']} pages); indexes: {per_lang}")
    print("open treatykb/index.html from the unzipped folder in a browser; search works without a connection")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="treatykb", description="Tools for a treatykb knowledge base.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate records and report every problem as path:line: field: message")
    check.add_argument("paths", nargs="*", help="files or folders to report on (default: all of the content)")
    check.add_argument("--content", default="content", help="the content folder (default: ./content)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help="output format")
    check.set_defaults(func=cmd_check)
    refs = sub.add_parser("refs", help="print the citations found in files, one JSON object per line")
    refs.add_argument("paths", nargs="+", help="plain text files or records (front matter is skipped)")
    refs.set_defaults(func=cmd_refs)
    index = sub.add_parser("index", help="build the search index (one bundle per language) of a built site")
    index.add_argument("site", nargs="?", default="site", help="the built site (default: ./site)")
    index.set_defaults(func=cmd_index)
    publish = sub.add_parser("publish", help="write open data (data/), Atom feeds (feeds/) and alias redirects into a built site")
    publish.add_argument("site", nargs="?", default="site", help="the built site (default: ./site)")
    publish.add_argument("--content", default="content", help="the content folder (default: ./content)")
    publish.add_argument(
        "--site-url", required=True, help="the site's public address, e.g. https://kb.example.org/ (feeds and data name pages by URL)"
    )
    publish.add_argument("--site-name", default="treatykb", help="the site's name, for feeds (default: treatykb)")
    publish.set_defaults(func=cmd_publish)
    offline = sub.add_parser("offline", help="write the offline edition: a zip of the site that works from disk")
    offline.add_argument("--out", default="dist/treatykb-offline.zip", help="the zip to write (default: dist/treatykb-offline.zip)")
    offline.add_argument("--content", default="content", help="the content folder (default: ./content)")
    offline.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration to build with (default: ./mkdocs.yml)")
    offline.add_argument("--site", help="a site already built by another generator, to package instead of building")
    offline.set_defaults(func=cmd_offline)
    translations.register(sub)
    linkcheck.register(sub)
    scaffold.register(sub)
    importer.register(sub)
    generate.register(sub)
    postbuild.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
