"""A Content-Security-Policy for every page of a built site, written into the page.

The sanitiser removes scripts from records; the policy is the second lock: a browser runs
only the site's own script files and the inline scripts the theme wrote, each allowed by
its SHA-256 hash, so anything that slipped into a page would not run. Static hosting sets
no headers, so the policy is a `<meta http-equiv>` at the top of `<head>`, computed per
page from the built HTML (any generator's): deterministic, no nonce.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(application/(?:ld\+)?json)""", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)
_MARK = re.compile("content-security-policy", re.I)

POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'none'",  # the search runs on the page's thread; nothing starts a worker
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def inline_script_hashes(html: str) -> list[str]:
    """`'sha256-…'` of each inline script a browser would run (JSON data blocks are
    never run, so they need none)."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs, body = m.group(1), m.group(2)
        if _SRC.search(attrs) or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in out:
            out.append(token)
    return out


def policy_for(html: str) -> str:
    hashes = "".join(f" {h}" for h in inline_script_hashes(html))
    return "; ".join(POLICY).format(hashes=hashes)


def with_policy(html: str) -> str:
    """The page with its policy as the first element of `<head>` (replacing an older one)."""
    html = without_policy(html)
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: head.end()] + meta + html[head.end() :]


def without_policy(html: str) -> str:
    """For pages opened from disk (the offline edition), where 'self' means nothing."""
    # Most pages have none; the pattern, tried at each blank of a page, costs a millisecond.
    return META.sub("", html) if _MARK.search(html) else html


def _pages(site: Path) -> Iterator[Path]:
    for path in site.rglob("*.html"):
        if path.relative_to(site).parts[0] != "search-index":
            yield path


def protect_site(site: Path, skip: Collection[Path] = ()) -> int:
    """Write the policy into every page of a built site but those in `skip` (which have it
    already); returns the number of pages."""
    return rewrite_pages(site, with_policy, skip)


def rewrite_pages(site: Path, change: Callable[[str], str], skip: Collection[Path] = ()) -> int:
    """Apply `change` to every page of a built site (outside the search bundle) but those
    in `skip`; a page that changes is replaced whole, by rename, so a reader (the indexer, a
    web server) sees the old page or the new one. Returns how many changed."""
    n = 0
    for path in _pages(site):
        if path in skip:
            continue
        text = path.read_text(encoding="utf-8")
        new = change(text)
        if new != text:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(new, encoding="utf-8")
            os.replace(tmp, path)
            n += 1
    return n
