"""Generated pages as the HTML a Markdown generator would make of them, made directly.

`render.final_pages` hands any generator Markdown: a record's page is rendered,
sanitised and linked there, then handed on as HTML with its headings as Markdown, and the
generator parses all of that HTML again to render a few headings; browse and article
pages are nothing but HTML, which it parses too (Python-Markdown reads raw HTML with a
parser written in Python: at 20,000 records, most of a build). A generator that lets a
plugin give a page's HTML (MkDocs, through its page events) can take it from here
instead, made in one pass, the same to the byte:
- a record's page is rendered once, with the site's permalinks, then sanitised and
  linked, with the table of contents the generator would have found;
- a page made only of block-level HTML elements renders to those elements, a blank line
  between them, which is what Python-Markdown makes of it.
Anything else (a site with other Markdown extensions or table-of-contents options, a
page with Markdown in it) gets None, and the generator renders it as before.
`search_body` then gives such a page its search body without reading it all again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import markdown  # type: ignore[import-untyped]

from .catalogue import Catalogue
from .linking import link_html, resolver_for
from .pages.citebox import FOOTNOTES_HERE
from .pages.record import TEXT_CLOSE, TEXT_OPEN, parallel_url
from .render import FIELDS_CLASS, MARKDOWN_EXTENSIONS, VOID, left_as_text, page_record, search_block
from .sanitize import sanitize
from .search.body import BODY, closing_tag, open_element, wrap_body  # the search body is found as postbuild finds it
from .timing import phase

TOC_OPTIONS = frozenset({"permalink", "permalink_class", "permalink_title"})
"""Table-of-contents options handled here; with any other, the generator renders."""

EXTENSIONS = frozenset({*MARKDOWN_EXTENSIONS, "fenced_code"})
"""Extensions a site may render with: treatykb's, and `fenced_code`, which MkDocs always
adds (it would change nothing in these pages unless a line starts a fence: see `_FENCE`)."""
_FENCE = re.compile(r"^[ \t]*(?:```|~~~)", re.M)

_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ANCHOR = re.compile(r"""<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SAMPLE = "tkbsample"
_MARKDOWN_ATTR = re.compile(r"(?:^|\s)markdown\s*=")
_FIELDS = re.compile(rf'<div class="{FIELDS_CLASS}"[^>]*>')  # as postbuild finds the search block


@dataclass(frozen=True)
class Prerendered:
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    """Python-Markdown's `toc_tokens` of the page."""
    note: str | None = None
    """A record page's citations left as text, as `final_pages` reports them."""

    def anchor_ids(self) -> set[str]:
        """Ids a link can point to on the page (ids, and names of `<a>`), as the generator
        would have collected them."""
        out = set()
        for m in _ANCHOR.finditer(self.html):
            if m.group(2) == "id" or m.group(1).lower() == "a":
                out.add(m.group(3) if m.group(3) is not None else m.group(4))
        return out


def usable(extensions: list[Any], toc: Mapping[str, Any]) -> bool:
    """Whether a site renders generated pages as treatykb does: only the Markdown
    extensions treatykb asks for, and only permalink options for the table of contents."""
    names = {e if isinstance(e, str) else type(e).__module__ for e in extensions}
    return names <= EXTENSIONS and set(toc) <= TOC_OPTIONS


def prerender(content: str, meta: Mapping[str, Any], catalogue: Catalogue, toc: Mapping[str, Any]) -> Prerendered | None:
    """A generated page's HTML (its Markdown without front matter, and the front matter
    as data), or None where the generator must render it."""
    done = _prerender(content, meta, catalogue, toc)
    return None if done is None or _FENCE.search(done.html) else done


def deferrable(content: str, meta: Mapping[str, Any]) -> bool:
    """Whether `prerender` surely gives this page's HTML, so that it may be asked for it
    later (when the page is written): a record's page, without a line that starts a fence
    (`prerender` refuses any page whose HTML has one)."""
    return "tkb_id" in meta and not _FENCE.search(content)


def _prerender(content: str, meta: Mapping[str, Any], catalogue: Catalogue, toc: Mapping[str, Any]) -> Prerendered | None:
    record = page_record(dict(meta), catalogue)
    if record is None:
        with phase("generated pages"):
            html = block_html(content + search_block(meta.get("tkb_search")))
        return Prerendered(html) if html is not None else None
    permalinks = _permalinks(tuple(sorted(toc.items())))
    if permalinks is None:
        return None
    with phase("record pages (Markdown, sanitising)"):
        md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": dict(toc)})
        html = record_html(md, content)
        tokens: list[dict[str, Any]] = list(getattr(md, "toc_tokens", []))
        html = sanitize(html)  # a record's text is anyone's: nothing in it may run
        url = parallel_url(record) if meta.get("tkb_parallel") else record.url
        with phase("citations"):
            html, unresolved = link_html(html, resolver_for(catalogue, url))
    cleaned, written = permalinks
    if cleaned != written:  # the sanitiser rewrote the permalink (an entity as its character): put it back
        for hid in _ids(tokens):
            html = html.replace(cleaned.replace(_SAMPLE, hid), written.replace(_SAMPLE, hid))
    block = search_block(meta.get("tkb_search"))
    names = sorted({c.text.replace("\n", " ") for c in unresolved})
    note = left_as_text(record, names) if names and not meta.get("tkb_parallel") else None
    return Prerendered(html + ("\n\n" + block.strip() if block else ""), tokens, note)


_FOOTNOTES_AT = f"\n\n{FOOTNOTES_HERE}\n\n"


def record_html(md: markdown.Markdown, content: str) -> str:
    """`md.convert(content)` of a record's page, parsing as Markdown only the record's
    text: the rest of the page is block-level HTML made here, which Python-Markdown would
    read with its HTML parser written in Python (a third of the page's time) only to
    write it out as it was. Joined as Python-Markdown joins them, footnotes where the page
    asks for them; any page not so made is converted whole."""
    start, end = content.find(TEXT_OPEN), content.rfind(TEXT_CLOSE)
    if start < 0 or end < start:
        return str(md.convert(content))
    end += len(TEXT_CLOSE)
    rest = content[end:]
    at = rest.find(_FOOTNOTES_AT)
    before, after = (rest, "") if at < 0 else (rest[:at], rest[at + len(_FOOTNOTES_AT) :])
    head, tail, last = block_html(content[:start]), block_html(before), block_html(after)
    if head is None or tail is None or last is None:
        return str(md.convert(content))
    text = str(md.convert(content[start:end]))
    cut = text.rfind('\n<div class="footnote">')
    notes = ""
    if (cut >= 0) != (at >= 0):  # footnotes and no place asked for them, or the reverse
        return str(md.reset().convert(content))
    if cut >= 0:
        text, notes = text[:cut], text[cut + 1 :]
    out = (head + "\n\n" if head else "") + text + ("\n" + tail if tail else "")
    if at >= 0:
        # The placeholder is a paragraph of its own: after an HTML block, a blank line.
        out += ("\n\n" if tail else "\n") + notes + ("\n" + last if last else "")
    return out


def _ids(tokens: list[dict[str, Any]]) -> list[str]:
    out, stack = [], list(tokens)
    while stack:
        token = stack.pop()
        out.append(str(token["id"]))
        stack.extend(token.get("children", []))
    return out


@functools.cache
def _permalinks(toc: tuple[tuple[str, Any], ...]) -> tuple[str, str] | None:
    """(as the sanitiser leaves it, as Markdown writes it) of a heading's permalink under
    these options, for a heading whose id is `tkbsample`; None when the options are not
    ones handled here, or the permalink is not where it can be found again."""
    options = dict(toc)
    if not set(options) <= TOC_OPTIONS:
        return None
    html = markdown.Markdown(extensions=["toc"], extension_configs={"toc": options}).convert(f"# {_SAMPLE}")
    m = re.fullmatch(rf'<h1 id="{_SAMPLE}">{_SAMPLE}(.*)</h1>', html, re.S)
    if m is None:
        return None
    written = m.group(1)
    clean = re.fullmatch(rf'<h1 id="{_SAMPLE}">{_SAMPLE}(.*)</h1>', sanitize(html), re.S)
    return (clean.group(1), written) if clean is not None and (not written or clean.group(1)) else None


@functools.cache
def _block_level() -> frozenset[str]:
    return frozenset(markdown.Markdown().block_level_elements)


def block_html(content: str) -> str | None:
    """What Python-Markdown (with md_in_html) renders a page made only of block-level HTML
    elements to: the elements as written, one after another, a blank line between them.
    None when the page has anything else: text or inline elements outside them, Markdown
    switched on inside one (`markdown` attribute), an element left open."""
    blocks: list[str] = []
    depth, start, pos = 0, 0, 0
    stack: list[str] = []
    for m in _TAG.finditer(content):
        if depth == 0 and content[pos : m.start()].strip():
            return None  # text between elements is Markdown
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:  # a comment
            if depth == 0:
                return None
            continue
        if m.group(1):  # an end tag
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            depth -= 1
            if depth == 0:
                blocks.append(content[start : m.end()])
            continue
        attrs = m.group(3)
        if "markdown" in attrs and _MARKDOWN_ATTR.search(attrs):
            return None
        if depth == 0:
            if name not in _block_level():
                return None
            start = m.start()
        if name in VOID or attrs.rstrip().endswith("/"):
            if depth == 0:
                blocks.append(content[start : m.end()])
            continue
        if name in ("script", "style", "pre", "textarea"):
            return None  # raw text inside: left to the generator
        stack.append(name)
        depth += 1
    if depth or content[pos:].strip():
        return None
    return "\n\n".join(blocks)


_WINDOW = 4000
"""Characters looked at on each side of the content for the element around it."""


def search_body(page: str, content: str) -> str | None:
    """`postbuild.with_search_body(page)`, without reading the whole page: for a page whose
    content (prerendered here: well nested, its search block at its end) the theme put
    inside one element, next to nothing but a few well nested elements. None when that
    cannot be told from around the content; the caller then asks `with_search_body`,
    which reads the page from its start."""
    at = page.find(content) if _FIELDS.search(content) else -1
    first = _FIELDS.search(page)
    if at < 0 or first is None or first.start() < at or BODY in page:
        return None
    # The element open where the content starts, from the elements opened before it
    # (read from a tag's start), and its end, the first end tag after the content that
    # closes nothing opened after it.
    opened = open_element(page, max(0, page.rfind("<", 0, max(1, at - _WINDOW))), at)
    end = at + len(content)
    closing = closing_tag(page, end, min(len(page), end + _WINDOW)) if opened else None
    if opened is None or closing is None or closing[0] != opened[0]:
        return None
    return wrap_body(page, opened[1], closing[1])
