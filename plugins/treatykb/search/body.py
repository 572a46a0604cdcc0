"""A page's search body: the element around its hidden search block, marked so that the
index reads that element's content and nothing else of the page (navigation, header,
footer). The MkDocs plugin marks each page as it is written; `postbuild` marks the pages
of a site any other generator built, with the same walk."""

from __future__ import annotations

import re

from ..render import FIELDS_CLASS, VOID

BODY = "<div data-pagefind-body>"

FIELDS = re.compile(rf'<div class="{FIELDS_CLASS}"[^>]*>')
_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S | re.I
)


def with_search_body(html: str) -> str:
    """The page with the content of the element around its search block wrapped in
    the search body; unchanged when it has no search block or is wrapped already."""
    m = FIELDS.search(html)
    if m is None or BODY in html:
        return html
    opened = open_element(html, 0, m.start())
    closing = closing_tag(html, m.start(), len(html)) if opened else None
    if opened is None or closing is None or closing[0] != opened[0]:
        return html  # not the HTML this expects: leave the page as the generator wrote it
    return wrap_body(html, opened[1], closing[1])


def open_element(html: str, lo: int, hi: int) -> tuple[str, int] | None:
    """The innermost element still open at `hi`, reading the tags from `lo`: its name
    and where its start tag ends."""
    stack: list[tuple[str, int]] = []
    for t in _TOKEN.finditer(html, lo, hi):
        name = (t.group(3) or "").lower()
        if not name:
            continue
        if t.group(2):
            if any(n == name for n, _ in stack):
                while stack and stack.pop()[0] != name:
                    pass
        elif name not in VOID and not t.group(4).rstrip().endswith("/"):
            stack.append((name, t.end()))
    return stack[-1] if stack else None


def closing_tag(html: str, lo: int, hi: int) -> tuple[str, int] | None:
    """The first end tag from `lo` (before `hi`) that closes nothing opened after `lo`:
    its name and where it starts."""
    depth = 0
    for t in _TOKEN.finditer(html, lo, hi):
        name = (t.group(3) or "").lower()
        if not name or name in VOID or t.group(4).rstrip().endswith("/"):
            continue
        if not t.group(2):
            depth += 1
        elif depth:
            depth -= 1
        else:
            return name, t.start()
    return None


def wrap_body(html: str, inner: int, close: int) -> str:
    """The page with what lies between `inner` and `close` wrapped in the search body."""
    return html[:inner] + BODY + html[inner:close] + "</div>" + html[close:]
