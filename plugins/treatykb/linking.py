"""Turning citations in rendered HTML into links.

Linking works on the HTML a generator produced, so it applies to any generator (the
MkDocs plugin calls it per page; `postbuild` can call it on a built site). It never
links inside code, existing links or headings, and leaves a citation it cannot resolve
as readable text, returning it so the caller can report it.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass

from .catalogue import Catalogue
from .citations import Citation, find_citations
from .instruments import ArticleRef, Instrument
from .pages.common import article_label

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)
SKIP = frozenset({"a", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "samp", "textarea", "title"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "base", "col", "embed", "param", "track"})
UNDOCS = "https://undocs.org/"

Resolver = Callable[[Citation], "Target | None"]


@dataclass(frozen=True)
class Target:
    """Where a citation leads and how to describe it to the reader."""

    href: str
    title: str
    external: bool = False


def link_html(html: str, resolve: Resolver) -> tuple[str, list[Citation]]:
    """Wrap each resolvable citation in the HTML in a link.

    Returns the new HTML and the citations left unresolved. A group citing one thing
    ("第 32 条第 5 款") is linked whole; a group citing several ("articles 24 to 26")
    gets a link on each number it spells out.
    """
    out: list[str] = []
    unresolved: list[Citation] = []
    stack: list[str] = []
    pos = 0
    for m in _TAG.finditer(html):
        text = html[pos : m.start()]
        out.append(text if any(t in SKIP for t in stack) or not text.strip() else _link_text(text, resolve, unresolved))
        out.append(m.group(0))
        pos = m.end()
        closing, name, self_closing = m.group(1), (m.group(2) or "").lower(), m.group(3)
        if not name or self_closing or name in _VOID:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        else:
            stack.append(name)
    tail = html[pos:]
    out.append(tail if any(t in SKIP for t in stack) or not tail.strip() else _link_text(tail, resolve, unresolved))
    return "".join(out), unresolved


def _anchor(text: str, target: Target, cls: str) -> str:
    rel = ' rel="noopener"' if target.external else ""
    # A bare number ("articles 7, 8 and 12" links each number) is named by what it cites.
    name = "" if any(c.isalpha() for c in html_lib.unescape(text)) else f' aria-label="{html_lib.escape(target.title)}"'
    return f'<a class="{cls}" href="{html_lib.escape(target.href)}" title="{html_lib.escape(target.title)}"{name}{rel}>{text}</a>'


def _link_text(text: str, resolve: Resolver, unresolved: list[Citation]) -> str:
    citations = find_citations(text)
    if not citations:
        return text
    groups: dict[tuple[int, int], list[Citation]] = {}
    for c in citations:
        groups.setdefault((c.start, c.end), []).append(c)
    pieces: list[str] = []
    pos = 0
    for (start, end), group in sorted(groups.items()):
        pieces.append(text[pos:start])
        pos = end
        cls = f"tkb-cite tkb-cite-{group[0].kind}"
        distinct = {(c.kind, c.instrument, c.article, c.number, c.symbol) for c in group}
        if len(distinct) == 1:
            target = resolve(group[0])
            if target is None:
                unresolved.append(group[0])
                pieces.append(text[start:end])
            else:
                pieces.append(_anchor(text[start:end], target, cls))
            continue
        # several targets in one group: link each spelled-out number
        cursor = start
        for c in group:
            target = resolve(c)
            if target is None:
                unresolved.append(c)
            if target is None or c.num_start is None or c.num_end is None or c.num_start < cursor:
                continue
            pieces.append(text[cursor : c.num_start])
            pieces.append(_anchor(text[c.num_start : c.num_end], target, cls))
            cursor = c.num_end
        pieces.append(text[cursor:end])
    pieces.append(text[pos:])
    return "".join(pieces)


def article_target(ref: ArticleRef, instruments: dict[str, Instrument], base: str, lang: str = "en") -> Target | None:
    """The article page (and paragraph) of a reference in one language, if the article exists."""
    inst = instruments.get(ref.instrument)
    if inst is None or ref.article not in inst.articles:
        return None
    titles = inst.articles[ref.article].title
    title = titles.get(lang) or titles.get("en", "")
    href = f"{base}{lang}/articles/{ref.instrument}/{ref.article}/" + (f"#{ref.anchor}" if ref.anchor else "")
    label = article_label(ref, instruments, lang)
    return Target(href, f"{label}: {title}" if title else label)


def decision_target(body: str, number: str) -> Target | None:
    """The UN's own page of a General Assembly or ECOSOC resolution."""
    if body == "ga":
        return Target(f"{UNDOCS}A/RES/{number}", f"General Assembly resolution {number}", external=True)
    if body == "ecosoc":
        return Target(f"{UNDOCS}E/RES/{number}", f"Economic and Social Council resolution {number}", external=True)
    return None


def root_prefix(page_url: str) -> str:
    """The relative path from a page (directory URL) back to the site root."""
    return "../" * page_url.count("/")


def resolver_for(catalogue: Catalogue, page_url: str) -> Resolver:
    """Resolve citations on one page: to article pages, to records the knowledge base
    holds, to the UN's pages of GA and ECOSOC resolutions, and to undocs.org by symbol.

    Links stay in the page's language (its first URL segment): a cited record opens in
    that language where it is written in it, else in its primary language."""
    base = root_prefix(page_url)
    lang = page_url.split("/", 1)[0]

    def record_target(rid: str) -> Target:
        version = catalogue.version(rid, lang)
        return Target(base + version.url, catalogue.title(rid, lang)[0])

    def resolve(c: Citation) -> Target | None:
        if c.kind == "article" and c.instrument and c.article:
            return article_target(ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph), catalogue.instruments, base, lang)
        if c.kind == "decision" and c.number and c.body:
            record = catalogue.by_number.get(c.number) if c.body == "cop" else None
            if record is not None:
                return record_target(record.id)
            return decision_target(c.body, c.number)
        if c.kind == "symbol" and c.symbol:
            record = catalogue.by_symbol.get(c.symbol)
            if record is not None:
                return record_target(record.id)
            return Target(UNDOCS + c.symbol, c.symbol, external=True)
        return None

    return resolve
