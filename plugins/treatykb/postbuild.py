"""Everything that happens to a site after a generator rendered it, in one place.

A generator (MkDocs with the plugin, Zensical, MkDocs without it) turns the docs tree into
HTML; then, in this order: each indexed page's content becomes its search body (the
element around its hidden search block), open data, feeds and redirects are written, every
page gets its Content-Security-Policy, and the search index is built. The MkDocs plugin
runs this after its build; `treatykb postbuild SITE` runs it on a site built any other way.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import catalogue as cat
from .catalogue import Catalogue
from .csp import protect_site, rewrite_pages
from .problems import errors
from .publish import Published, absolute_url, write_published
from .search.body import with_search_body
from .search.bundle import IndexStats, SearchIndexError, index_site
from .timing import phase


@dataclass
class Report:
    """What `postbuild` did, for the caller to show."""

    bodies: int = 0
    published: Published | None = None
    protected: int = 0
    search: IndexStats | None = None
    problems: list[str] = field(default_factory=list)
    """Things a reader would miss: redirects refused, search not built."""


def mark_search_bodies(site: Path, skip: Collection[Path] = ()) -> int:
    """Wrap every page of a built site that has a search block (but those in `skip`);
    returns how many."""
    return rewrite_pages(site, with_search_body, skip)


def postbuild(
    site: Path,
    catalogue: Catalogue,
    site_url: str = "",
    site_name: str = "treatykb",
    search: bool = True,
    csp: bool = True,
    done: Collection[Path] = (),
) -> Report:
    """Search bodies, then data, feeds and redirects, then the CSP of every page (last to
    change a page); the search index is built meanwhile, from the pages' final content.

    `csp=False` is for `mkdocs serve`: its live-reload script is written into each page as
    it is served, after any policy could list it, and the policy would block it.
    `done` are pages that the generator gave their search body and policy as it wrote them
    (the MkDocs plugin does, with `with_search_body` and `csp.with_policy`): they are not
    read again, which at 20,000 pages costs as much as building many of them."""
    report = Report()
    with phase("search"):
        report.bodies = mark_search_bodies(site, done)
    # The pages' content is final from here: the index is built from it (in processes of its
    # own) while this process writes data, feeds and redirects, and the policy (alias pages, which the index skips, having
    # no search body; pages rewritten whole, by rename, so it reads one version or the other).
    indexing = _Indexing(site) if search else None
    try:
        with phase("data export"):
            report.published = write_published(site, catalogue, site_url, site_name)
        for path in report.published.refused:
            report.problems.append(f"{path}: a page of the site is at this former URL; the alias redirecting it was not written")
        if csp:
            with phase("CSP"):
                report.protected = protect_site(site, done)
    finally:
        if indexing is not None:
            with phase("search"):
                report.search, error = indexing.wait()
            if error is not None:
                report.problems.append(f"search index not built: {error}")
    return report


class _Indexing:
    """`index_site` in a thread of its own (the index is built by other processes: the thread only
    waits for it)."""

    def __init__(self, site: Path) -> None:
        self.stats: IndexStats | None = None
        self.error: SearchIndexError | None = None
        self.thread = threading.Thread(target=self._run, args=(site,), name="treatykb-search-index")
        self.thread.start()

    def _run(self, site: Path) -> None:
        try:
            self.stats = index_site(site)
        except SearchIndexError as e:
            self.error = e
        except Exception as e:  # reported with the build's other problems, not lost with the thread
            self.error = SearchIndexError(f"{type(e).__name__}: {e}")

    def wait(self) -> tuple[IndexStats | None, SearchIndexError | None]:
        self.thread.join()
        return self.stats, self.error


def summary(report: Report, site_url: str) -> list[str]:
    """What a build log says about a postbuild, one line each."""
    lines = []
    if not absolute_url(site_url):
        lines.append("no site_url in the configuration: open data (data/) and feeds (feeds/), which name pages by URL, not written")
    if report.published is not None:
        p = report.published
        lines.append(f"published {p.data} data files, {p.feeds} feeds and {p.redirects} redirects")
    if report.search is not None:
        s = report.search
        lines.append(f"search: {s.pages} pages in {len(s.languages)} languages indexed in {s.seconds:.1f} s")
    return lines


def site_settings(config: Path) -> tuple[str, str]:
    """`site_url` and `site_name` from an MkDocs-style configuration (which Zensical reads too)."""
    loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=ConfigLoader) if config.is_file() else None
    data = loaded if isinstance(loaded, dict) else {}
    return str(data.get("site_url") or ""), str(data.get("site_name") or "treatykb")


class ConfigLoader(yaml.SafeLoader):
    """Reads a configuration that uses MkDocs' `!ENV` or `!!python/name:` tags (as null)."""


ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def cmd_postbuild(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"treatykb postbuild: '{site}' has no index.html; pass the folder of a built site", file=sys.stderr)
        return 2
    catalogue = cat.load(Path(args.content))
    if errors(catalogue.problems):
        for problem in errors(catalogue.problems):
            print(problem, file=sys.stderr)
        print("treatykb postbuild: the content has errors (above); nothing written", file=sys.stderr)
        return 1
    site_url, site_name = site_settings(Path(args.config))
    site_url, site_name = args.site_url or site_url, args.site_name or site_name
    report = postbuild(site, catalogue, site_url, site_name, search=not args.no_search)
    for line in summary(report, site_url):
        print(f"treatykb postbuild: {line}")
    for line in report.problems:
        print(f"treatykb postbuild: {line}", file=sys.stderr)
    return 1 if report.problems else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("postbuild", help="finish a built site: search bodies, data/, feeds, redirects, CSP, search index")
    p.add_argument("site", nargs="?", default="site", help="the built site (default: ./site)")
    p.add_argument("--content", default="content", help="the content folder (default: ./content)")
    p.add_argument("--config", default="mkdocs.yml", help="where site_url and site_name are read (default: ./mkdocs.yml)")
    p.add_argument("--site-url", help="the site's public address, overriding the configuration's")
    p.add_argument("--site-name", help="the site's name, overriding the configuration's")
    p.add_argument("--no-search", action="store_true", help="leave out the search index (as `treatykb offline` does)")
    p.set_defaults(func=cmd_postbuild)
