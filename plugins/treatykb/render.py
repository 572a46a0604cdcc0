"""Generated pages made final, so that any Markdown site generator can render them.

The page builders under `pages/` write Markdown. Two things must still happen to a
record's page that a plain generator cannot do: its HTML is sanitised (a record's text
comes from anyone's pull request) and its citations become links. So a record's page is
rendered here, with Python-Markdown and the extensions every treatykb site uses, then
sanitised and linked, and handed on as HTML inside Markdown. Only the record's own
headings go back to being Markdown headings, so the generator still lists them in the
page's table of contents and gives them permalinks, as it did when it rendered the whole
page; paragraph anchors (`#para-6`) are ids in the HTML and pass through untouched.

Every page the search indexes carries its fields as a hidden block at its end;
`postbuild` makes the element around it the search body. The MkDocs plugin and
`treatykb generate` both take their pages from `final_pages`, so the two routes cannot
differ in what a page says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import markdown  # type: ignore[import-untyped]
import yaml

from .catalogue import Catalogue
from .linking import link_html, resolver_for
from .pages import GeneratedPage, site_pages
from .pages.record import parallel_url
from .sanitize import sanitize
from .schema import Record
from .search.fields import SearchFields, markup
from .timing import phase

MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "footnotes", "tables", "toc")
"""Python-Markdown extensions the generated pages rely on (the site's configuration must
enable them too: they render the headings and blocks handed on as Markdown)."""

FIELDS_CLASS = "tkb-search-fields"
"""Class of the hidden block with a page's search fields (see `search.fields.markup`)."""

_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINERS = frozenset({"div", "section", "blockquote", "article", "aside"})
"""Elements md_in_html parses as Markdown when marked `markdown="1"`: a heading inside
anything else stays HTML (shown, but not in the table of contents)."""
_SAFE_ID = re.compile(r"^[A-Za-z0-9_][-A-Za-z0-9_.:]*$")
_SAFE_CLASS = re.compile(r"^[A-Za-z_][-A-Za-z0-9_]*$")
_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}#!|~^]")


@dataclass(frozen=True)
class FinalPages:
    pages: list[GeneratedPage]
    notes: list[str]
    """Citations left as text, one line per record version: `path: names`."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter (as data) and content of a generated page. Generated front matter
    is one `key: JSON` per line; anything else is read as YAML."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end == -1:
        return {}, text
    head, content = text[4:end], text[end + 5 :]
    meta: dict[str, Any] = {}
    try:
        for line in head.split("\n"):
            if line:
                key, sep, value = line.partition(": ")
                if not sep:
                    raise ValueError(line)
                meta[key] = json.loads(value)
    except ValueError:
        loaded = yaml.safe_load(head)
        meta = loaded if isinstance(loaded, dict) else {}
    return meta, content


def page_url(src_uri: str) -> str:
    """The directory URL of a page from its path in the docs tree (`a/b.md` -> `a/b/`)."""
    path = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if path == "index":
        return ""
    if path.endswith("/index"):
        path = path[: -len("index")]
    return path if path.endswith("/") else path + "/"


def search_block(fields: SearchFields | None) -> str:
    """The hidden block of a page's search fields, as a raw HTML block to end its Markdown
    (at the end, so it cannot come between a page and its first heading)."""
    return f"\n\n{markup(fields)}\n" if fields else ""


def render_html(content: str) -> tuple[str, set[str]]:
    """Markdown to HTML as the site generator would render it (without permalinks, which
    the generator adds); with the ids of the headings that go in the table of contents."""
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": {"permalink": False}})
    html = md.convert(content)
    ids: set[str] = set()
    stack: list[dict[str, Any]] = list(getattr(md, "toc_tokens", []))
    while stack:
        token = stack.pop()
        ids.add(token["id"])
        stack.extend(token.get("children", []))
    return html, ids


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(text)}


def _heading_line(level: int, attrs: dict[str, str], inner: str) -> str | None:
    """A Markdown heading that renders to the same element, or None where attr_list
    could not say it exactly (then the heading stays HTML)."""
    hid = attrs.get("id", "")
    classes = attrs.get("class", "").split()
    if not _SAFE_ID.match(hid) or not all(_SAFE_CLASS.match(c) for c in classes) or set(attrs) - {"id", "class", "lang", "dir"}:
        return None
    extra = "".join(f" .{c}" for c in classes)
    for name in ("lang", "dir"):
        if name in attrs:
            if not _SAFE_CLASS.match(attrs[name]):
                return None
            extra += f" {name}={attrs[name]}"
    pieces = []
    for m in re.finditer(r"(<[^>]*>)|([^<]+)", " ".join(inner.split())):
        pieces.append(m.group(1) or _MD_SPECIAL.sub(lambda c: f"&#{ord(c.group(0))};", m.group(2)))
    return f"\n\n{'#' * level} {''.join(pieces)} {{#{hid}{extra}}}\n\n"


def headings_as_markdown(html: str, ids: set[str]) -> str:
    """The HTML with each heading whose id is in `ids` written as a Markdown heading, and
    each element around it marked `markdown="1"` so that md_in_html parses into it. Raw
    HTML elsewhere stays raw (md_in_html leaves the content of unmarked elements alone)."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # open elements: name, index of the start tag in out
    marked: set[int] = set()
    pos = 0
    while (m := _TAG.search(html, pos)) is not None:
        out.append(html[pos : m.start()])
        pos = m.end()
        tag = m.group(0)
        name = (m.group(2) or "").lower()
        if not name:  # a comment
            out.append(tag)
            continue
        if m.group(1):  # end tag
            out.append(tag)
            if any(n == name for n, _ in stack):
                while stack and stack.pop()[0] != name:
                    pass
            continue
        attrs = m.group(3)
        if name in _HEADINGS and all(n in _CONTAINERS for n, _ in stack):
            parsed = _attrs(attrs)
            end = html.find(f"</{name}>", m.end())
            line = _heading_line(int(name[1]), parsed, html[m.end() : end]) if parsed.get("id") in ids and end != -1 else None
            if line is not None:
                out.append(line)
                marked.update(i for _, i in stack)
                pos = end + len(name) + 3
                continue
        out.append(tag)
        if name not in VOID and not attrs.rstrip().endswith("/"):
            stack.append((name, len(out) - 1))
    out.append(html[pos:])
    for i in marked:
        out[i] = out[i][:-1] + ' markdown="1">'
    return "".join(out)


def finish_record_page(text: str, url: str, catalogue: Catalogue) -> tuple[str, list[str]]:
    """A record's page (front matter and Markdown) rendered, sanitised and linked, as
    Markdown any generator renders to the same page; with the citations left as text."""
    meta, content = split_front_matter(text)
    front = text[: len(text) - len(content)]
    html, ids = render_html(content)
    html = sanitize(html)  # a record's text is anyone's: nothing in it may run
    with phase("citations"):
        html, unresolved = link_html(html, resolver_for(catalogue, url))
    body = headings_as_markdown(html, ids)
    names = sorted({c.text.replace("\n", " ") for c in unresolved})
    return front + body + search_block(meta.get("tkb_search")), names


def final_pages(catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> FinalPages:
    """Every generated page, ready for a site generator: record pages (and their
    side-by-side views) made safe and linked, every indexed page with its search block."""
    out: list[GeneratedPage] = []
    notes: list[str] = []
    with phase("generated pages"):
        pages = site_pages(catalogue, site_url=site_url, site_name=site_name)
    for page in pages:
        final, note = final_page(page, catalogue)
        out.append(final)
        if note:
            notes.append(note)
    return FinalPages(out, notes)


def final_page(page: GeneratedPage, catalogue: Catalogue) -> tuple[GeneratedPage, str | None]:
    """One page of `final_pages`, with its note (a record page's citations left as text)."""
    meta, _ = split_front_matter(page.content)
    record = page_record(meta, catalogue)
    if record is None:
        return GeneratedPage(page.src_uri, page.content + search_block(meta.get("tkb_search"))), None
    url = parallel_url(record) if meta.get("tkb_parallel") else record.url
    with phase("record pages (Markdown, sanitising)"):
        text, unresolved = finish_record_page(page.content, url, catalogue)
    note = left_as_text(record, unresolved) if unresolved and not meta.get("tkb_parallel") else None
    return GeneratedPage(page.src_uri, text), note


def page_record(meta: dict[str, Any], catalogue: Catalogue) -> Record | None:
    """The record version a generated page shows (its page or side-by-side view), if any."""
    rid, lang = meta.get("tkb_id"), meta.get("tkb_lang")
    return catalogue.versions.get(rid, {}).get(lang) if isinstance(rid, str) and isinstance(lang, str) else None


def left_as_text(record: Record, names: list[str]) -> str:
    return f"{record.src.path}: not in the knowledge base, left as text: {', '.join(names)}"
