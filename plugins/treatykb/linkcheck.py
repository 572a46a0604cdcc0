"""The link check of a built site: every internal link and anchor leads somewhere.

A citation linked to a paragraph that was renumbered, a record renamed without an alias,
a page a theme change dropped: all end as links that lead nowhere, and a reviewer cannot
click through thousands of pages. This reads the built HTML, whatever generator made it,
and reports each broken link as `page: href: why`. External links are not fetched (CI
has no network to spare, and a court's site being down is not the pull request's fault).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIPPED_DIRS = ("search-index", "search-offline")
"""Generated bundles whose files are not pages."""


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str
    """Site-relative path of the page holding the link."""
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"


class _Page(HTMLParser):
    """The ids a page defines and the links it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(str(a[key]))
        if tag == "base" and a.get("href"):
            self.base = a["href"]
        if tag in ("a", "area", "link") and a.get("href") is not None:
            if tag == "link" and (a.get("rel") or "") in ("canonical", "alternate") and urlsplit(str(a["href"])).scheme:
                return  # absolute URLs of the published site, not of this folder
            self.links.append(str(a["href"]))
        elif tag in ("img", "script", "iframe", "source") and a.get("src"):
            self.links.append(str(a["src"]))


def _pages(site: Path) -> Iterator[Path]:
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).parts
        if rel and rel[0] in SKIPPED_DIRS:
            continue
        yield path


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link of a built site: missing files, and `#anchors` missing
    from the page they point into. Each page is parsed once."""
    parsed: dict[Path, _Page] = {}

    def parse(path: Path) -> _Page:
        if path not in parsed:
            page = _Page()
            page.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = page
        return parsed[path]

    broken: list[BrokenLink] = []
    root = site.resolve()
    for path in _pages(root):
        page = parse(path)
        where = path.relative_to(root).as_posix()
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            if not parts.path:
                target = path
            elif parts.path.startswith("/"):
                target = root / unquote(parts.path).lstrip("/")
            else:
                target = (path.parent / unquote(parts.path)).resolve()
            if not target.resolve().is_relative_to(root):
                broken.append(BrokenLink(where, href, "leads outside the site"))
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(BrokenLink(where, href, "no such file in the site"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(BrokenLink(where, href, f"no element with id '{fragment}' in {target.relative_to(root).as_posix()}"))
    return sorted(set(broken))


def cmd_linkcheck(args: argparse.Namespace) -> int:
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"treatykb linkcheck: '{site}' has no index.html; pass the folder of a built site", file=sys.stderr)
        return 2
    broken = check_site(site)
    for link in broken:
        print(link)
    pages = sum(1 for _ in _pages(site))
    verdict = "every internal link leads somewhere" if not broken else f"{len(broken)} broken link(s)"
    print(f"treatykb linkcheck: {pages} pages read; {verdict}", file=sys.stderr)
    return 1 if broken else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("linkcheck", help="check that every internal link and #anchor of a built site leads somewhere")
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: ./site)")
    parser.set_defaults(func=cmd_linkcheck)
