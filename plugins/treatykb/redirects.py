"""Permanent URLs: a record renamed or moved keeps answering at its former address.

Citations in briefs, judgments and e-mails outlive any reorganisation of the content, so
each `aliases` entry of a record becomes a small page at the former URL of every language
version, sending the reader (and search engines, through the canonical link) on to the
record's page. Static hosting has no server-side redirects, so these are HTML pages.
"""

from __future__ import annotations

import json

from .catalogue import Catalogue, alias_paths
from .metadata import absolute
from .pages.common import esc


def redirect_html(target: str, canonical: str, lang: str) -> str:
    """A page that sends its reader to `target` (relative, so the site works wherever it
    is served) at once, keeping the #paragraph anchor, with a link for those it cannot."""
    t = esc(target)
    return (
        f'<!doctype html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(canonical)}</title>\n"
        f'<link rel="canonical" href="{esc(canonical)}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        f"<script>location.replace({_js_string(target)} + location.hash)</script>\n"
        f'</head>\n<body>\n<p><a href="{t}">{esc(canonical)}</a></p>\n</body>\n</html>\n'
    )


def _js_string(s: str) -> str:
    return json.dumps(s).replace("</", "<\\/")


def redirect_pages(catalogue: Catalogue, site_url: str = "") -> dict[str, bytes]:
    """Site-relative path of each former page (`<lang>/<folder>/<old-id>/index.html`) ->
    the page that redirects it. The catalogue has already refused aliases that collide."""
    out: dict[str, bytes] = {}
    for record in catalogue.records:
        for folder, old in alias_paths(record):
            for lang, version in catalogue.versions.get(record.id, {record.lang: record}).items():
                path = f"{lang}/{folder}/{old}/index.html"
                target = "../../../" + version.url  # from <lang>/<folder>/<old>/
                out[path] = redirect_html(target, absolute(site_url, version.url), lang).encode("utf-8")
    return dict(sorted(out.items()))
