"""Files a built site gets besides its pages: open data, feeds and redirects.

They are written into the built site after any site generator has run (the MkDocs plugin
calls this after its build; `treatykb publish SITE` does the same for a site another
generator built), from the one catalogue of the build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue
from .feeds import build_feeds, git_dates
from .opendata import build_data
from .redirects import redirect_pages


@dataclass(frozen=True)
class Published:
    data: int
    feeds: int
    redirects: int
    refused: list[str]
    """Redirects not written because a page of the site is there."""


def absolute_url(site_url: str) -> bool:
    """Data and feeds name pages by absolute URL (Atom ids must be), so they need the
    site's public address."""
    return site_url.startswith(("http://", "https://"))


def publish_files(catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> dict[str, dict[str, bytes]]:
    """What to write, by kind: `data`, `feeds` and `redirects` (site-relative path -> bytes).
    Without an absolute `site_url` only the redirects can be made."""
    files: dict[str, dict[str, bytes]] = {"data": {}, "feeds": {}, "redirects": redirect_pages(catalogue, site_url)}
    if absolute_url(site_url):
        files["data"] = build_data(catalogue, site_url)
        files["feeds"] = build_feeds(catalogue, site_url, git_dates(catalogue.content_dir), site_name=site_name)
    return files


def write_published(site_dir: Path, catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> Published:
    """Write data, feeds and redirects into a built site. A redirect never replaces a page
    the site has (it is reported instead); each file is written whole, then renamed."""
    files = publish_files(catalogue, site_url, site_name)
    refused = []
    for path in list(files["redirects"]):
        if (site_dir / path).exists():
            refused.append(path)
            del files["redirects"][path]
    for group in files.values():
        for rel, content in group.items():
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(content)
            os.replace(tmp, target)
    return Published(len(files["data"]), len(files["feeds"]), len(files["redirects"]), refused)
