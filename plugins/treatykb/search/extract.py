"""What the index takes from a built page: its words (title, headings, text), the fields
of its hidden search block, and the text its results quote.

Any generator's HTML will do. A page is indexed when it has a search body (the element
`postbuild` marks with `data-pagefind-body`); inside it, elements marked
`data-pagefind-ignore` or `hidden` are left out, and the fields are read from the
`data-pagefind-filter|meta|sort="name:value"` attributes of the hidden block. The
attributes are Pagefind's markup, kept so that Pagefind (or any tool reading it) can
still index a treatykb site as it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import quote

from .body import BODY, FIELDS, closing_tag

TITLE, HEADING, TEXT = 0, 1, 2
"""The parts of a page whose words weigh differently."""

_TAG = re.compile(
    r"<!--.*?-->|<(script|style|template|svg)\b[^>]*>.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_ATTR_NAME = re.compile(r"""\s*([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SKIP = frozenset({"data-pagefind-ignore", "hidden"})
_FIELD = re.compile(r'data-pagefind-(filter|meta|sort)="([^"]*)"')
_HTML_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_SPACE = re.compile(r"\s+")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


@dataclass
class Page:
    url: str
    """Relative to the site root, as a folder (`en/cases/x/`)."""
    title: str
    parts: tuple[str, str, str]
    """Title, headings and text, each with its blocks apart (words never run across)."""
    text: str
    """Headings and text in reading order, on one line: what results quote."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def _skipped(attrs: str) -> bool:
    """Whether an element's attributes leave it out of the index (names, not values:
    `class="a hidden"` does not)."""
    low = attrs.lower()
    if "hidden" not in low and "data-pagefind-ignore" not in low:
        return False
    return any(m.group(1).lower() in _SKIP for m in _ATTR_NAME.finditer(attrs))


def page_url(relpath: str) -> str:
    """`en/cases/x/index.html` → `en/cases/x/`; other files keep their name. As a URL:
    characters that mean something there (`#`, `?`, `%`, spaces) are escaped."""
    path = relpath[: -len("index.html")] if relpath == "index.html" or relpath.endswith("/index.html") else relpath
    return quote(path)


def extract(html: str, relpath: str) -> Page | None:
    """The page as the index sees it, or None when it has no search body."""
    start = html.find(BODY)
    if start < 0:
        return None
    inner = start + len(BODY)
    # The body ends where `with_search_body` closed it: after the fields block, the first
    # end tag closing nothing opened since (counting from the body's start instead would
    # go wrong on elements whose end tags HTML leaves out, such as <li> and <p>).
    fields = FIELDS.search(html, inner)
    closing = closing_tag(html, fields.start() if fields else inner, len(html))
    end = closing[1] if closing else len(html)
    body = html[inner:end]
    filters: dict[str, list[str]] = {}
    meta: dict[str, str] = {}
    sort: dict[str, str] = {}
    for kind, value in _FIELD.findall(body):
        name, sep, val = unescape(value).partition(":")
        if not sep:
            continue
        if kind == "filter":
            values = filters.setdefault(name, [])
            if val not in values:
                values.append(val)
        elif kind == "meta":
            meta[name] = val
        else:
            sort[name] = val
    buffers: tuple[list[str], list[str], list[str]] = ([], [], [])
    reading: list[str] = []
    stack: list[tuple[str, int]] = []  # open elements: name, part
    ignored_at = -1  # depth of the ignored element we are in, or -1
    pos = 0
    for t in _TAG.finditer(body):
        if ignored_at < 0 and t.start() > pos:
            chunk = unescape(body[pos : t.start()])
            part = stack[-1][1] if stack else TEXT
            buffers[part].append(chunk)
            if part != TITLE:
                reading.append(chunk)
        pos = t.end()
        name = (t.group(3) or "").lower()
        if not name:
            continue  # a comment, or a script or style with its content
        if name in _BLOCK:
            for b in buffers:
                b.append("\n")
            reading.append(" ")
        attrs = t.group(4) or ""
        if t.group(2):  # an end tag: close up to the element it names
            if any(n == name for n, _ in stack):
                while stack:
                    n, _ = stack.pop()
                    if ignored_at > len(stack):
                        ignored_at = -1
                    if n == name:
                        break
            continue
        if name in _VOID or attrs.rstrip().endswith("/"):
            continue
        part = TITLE if name == "h1" else HEADING if name in ("h2", "h3", "h4", "h5", "h6") else (stack[-1][1] if stack else TEXT)
        stack.append((name, part))
        if ignored_at < 0 and _skipped(attrs):
            ignored_at = len(stack)
    if ignored_at < 0 and pos < len(body):
        chunk = unescape(body[pos:])
        buffers[stack[-1][1] if stack else TEXT].append(chunk)
        reading.append(chunk)
    parts = ("".join(buffers[TITLE]), "".join(buffers[HEADING]), "".join(buffers[TEXT]))
    title = meta.pop("title", "") or _SPACE.sub(" ", parts[TITLE]).strip()
    if not title:
        m = _HTML_TITLE.search(html)
        title = _SPACE.sub(" ", unescape(m.group(1))).strip() if m else page_url(relpath)
    return Page(
        url=page_url(relpath),
        title=title,
        parts=parts,
        text=_SPACE.sub(" ", "".join(reading)).strip(),
        filters=filters,
        meta=meta,
        sort=sort,
    )
