"""Browse pages: per record type, counts that lead on, and the records a page at a time.

At 20,000 records one table of every record would be megabytes in every language, so a
type's records are cut into pages of `PAGE_SIZE`, linked to each other; the counts lead
to the country pages and to the search page with its filters set, which fetches only
what it shows. Legislation lists model laws first; decisions come grouped by body and
session, each with its paragraphs, so a reader finds a recommendation by its number.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..catalogue import Catalogue
from ..cite import locator
from ..feeds import feed_path_for_type
from ..instruments import ArticleRef
from ..paragraphs import Paragraph
from ..schema import TYPES, Record
from ..search.fields import page_fields
from ..vocab import MODEL, country_name, ui, vocabularies
from .articles import article_url, record_link
from .common import article_label, esc, every_language, feed_link, front_matter, in_lang, labelled, rel, search_url

PAGE_SIZE = 100
"""Rows per browse page: a page stays under a few hundred KB whatever the catalogue."""

PARAGRAPH_EXCERPT = 90


def browse_url(rtype: str, lang: str, page: int = 1) -> str:
    return in_lang(lang, f"{TYPES[rtype]}/" + (f"page/{page}/" if page > 1 else ""))


def browse_src_uri(rtype: str, lang: str, page: int = 1) -> str:
    return in_lang(lang, f"{TYPES[rtype]}/" + (f"page/{page}.md" if page > 1 else "index.md"))


def country_url(code: str, lang: str) -> str:
    return in_lang(lang, f"countries/{code.lower()}/")


def search_link(page_url: str, lang: str, langs: Iterable[str], **filters: str) -> str:
    return search_url(page_url, lang, langs, filters.items())


def languages_of(catalogue: Catalogue, record: Record) -> set[str]:
    return set(catalogue.versions.get(record.id, {record.lang: record}))


def ordered(rtype: str, catalogue: Catalogue) -> list[Record]:
    """A type's records in browse order: newest first; legislation with model laws first;
    decisions by body (in vocabulary order), latest session first, then by number."""
    return list(catalogue.memo(("browse order", rtype), lambda: _ordered(rtype, catalogue)))


def _ordered(rtype: str, catalogue: Catalogue) -> list[Record]:
    records = catalogue.of_type(rtype)
    if rtype == "legislation":
        return sorted(records, key=lambda r: r.country != MODEL)  # stable: newest first within each
    if rtype == "decision":
        bodies = vocabularies().keys("bodies")
        return sorted(
            records,
            key=lambda r: (
                bodies.index(r.fields["body"]) if r.fields.get("body") in bodies else len(bodies),
                -(r.fields.get("session") or 0),
            ),
        )
    return records


def _counts(title: str, counter: Counter[str], label: dict[str, str], link: dict[str, str] | None = None) -> str:
    """Counts per value, largest first; `label` holds HTML; values may link somewhere."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], re.sub("<[^>]+>", "", label[kv[0]])))
    lis = []
    for k, n in items:
        shown = f'<a href="{esc(link[k])}">{label[k]}</a>' if link and k in link else label[k]
        lis.append(f'<li>{shown} <span class="tkb-count">{n}</span></li>')
    return f'<section class="tkb-counts"><h2>{esc(title)}</h2><ul>{"".join(lis)}</ul></section>'


@functools.lru_cache(maxsize=8192)
def excerpts(body: str, paragraphs: tuple[Paragraph, ...]) -> tuple[str, ...]:
    """The first words of each paragraph, the same on the browse pages of six languages."""
    lines = body.split("\n")
    out = []
    for p in paragraphs:
        text = " ".join(" ".join(lines[p.first_line : p.last_line + 1]).split())
        text = re.sub(r"^\s*(?:\(?[0-9a-z]{1,3}[.)]\s*)", "", text)  # the number itself
        text = re.sub(r"\[\^[^\]]+\]|[*_`#>]", "", text)
        if len(text) > PARAGRAPH_EXCERPT:
            text = text[:PARAGRAPH_EXCERPT].rstrip() + "…"
        out.append(text)
    return tuple(out)


def _paragraphs(record: Record, catalogue: Catalogue, page_url: str, page_lang: str) -> str:
    """A decision's numbered paragraphs, each linked, with its first words."""
    shown = catalogue.version(record.id, page_lang)
    if not shown.paragraphs:
        return ""
    items = []
    for p, text in zip(shown.paragraphs, excerpts(shown.src.body, tuple(shown.paragraphs)), strict=True):
        href = rel(page_url, shown.url) + "#" + p.anchor
        # The link says which paragraph it leads to ("para. 2 (b)"), not a bare "(b)".
        items.append(f'<li><a href="{esc(href)}">{esc(locator(p.anchor, page_lang))}</a> {labelled(text, shown.lang, page_lang)}</li>')
    return f'<details class="tkb-paragraphs"><summary>{esc(ui("paragraphs", page_lang))} ({len(items)})</summary><ul>{"".join(items)}</ul></details>'


def _row(catalogue: Catalogue, record: Record, page_url: str, page_lang: str) -> str:
    # A record with errors may lack any field; it is still listed (and its errors reported).
    f = record.fields
    if record.type == "decision":
        where = labelled(*vocabularies().label_in("bodies", f["body"], page_lang), page_lang) if "body" in f else ""
        if f.get("session"):
            where += f" · {esc(ui('session_n', page_lang, n=f['session']))}"
        ident = esc(f.get("number") or f.get("symbol") or "")
        title = record_link(catalogue, record, page_url, page_lang) + _paragraphs(record, catalogue, page_url, page_lang)
    else:
        country = f.get("country")
        where = ""
        if country == MODEL:
            where = esc(ui("model_law", page_lang))
        elif country:
            where = f'<a href="{esc(rel(page_url, country_url(country, page_lang)))}">{esc(country_name(country, page_lang))}</a>'
        title = record_link(catalogue, record, page_url, page_lang)
        if record.type == "case":
            ident = esc(f.get("case_number", ""))
        else:
            ident = labelled(*vocabularies().label_in("legislation_statuses", f["status"], page_lang), page_lang) if "status" in f else ""
    return f'<tr><td data-sort="{esc(record.date)}">{esc(record.date)}</td><td>{title}</td><td>{where}</td><td>{ident}</td></tr>'


def pager(rtype: str, page: int, pages: int, page_lang: str) -> str:
    """Links to every page of a listing (they are few: 200 pages hold 20,000 records)."""
    if pages <= 1:
        return ""
    here = browse_url(rtype, page_lang, page)
    links = []
    if page > 1:
        links.append(f'<a rel="prev" href="{esc(rel(here, browse_url(rtype, page_lang, page - 1)))}">{esc(ui("previous", page_lang))}</a>')
    for n in range(1, pages + 1):
        if n == page:
            links.append(f'<span aria-current="page">{n}</span>')
        elif n in (1, pages) or abs(n - page) <= 3:
            links.append(f'<a href="{esc(rel(here, browse_url(rtype, page_lang, n)))}">{n}</a>')
        elif abs(n - page) == 4:
            links.append("<span>…</span>")
    if page < pages:
        links.append(f'<a rel="next" href="{esc(rel(here, browse_url(rtype, page_lang, page + 1)))}">{esc(ui("next", page_lang))}</a>')
    return f'<nav class="tkb-pager" aria-label="{esc(ui("pages", page_lang))}">{" ".join(links)}</nav>'


@dataclass(frozen=True)
class _Tally:
    """What a type's first browse page counts, the same in every language."""

    years: Counter[str]
    year_langs: dict[str, set[str]]
    crimes: Counter[str]
    crime_langs: dict[str, set[str]]
    bodies: Counter[str]
    sessions: Counter[str]
    countries: Counter[str]
    cited: Counter[str]


def _tally(rtype: str, catalogue: Catalogue) -> _Tally:
    records = catalogue.of_type(rtype)
    year_langs: dict[str, set[str]] = {}
    crime_langs: dict[str, set[str]] = {}
    for r in records:
        langs = languages_of(catalogue, r)
        if r.date:
            year_langs.setdefault(r.date[:4], set()).update(langs)
        for c in r.fields.get("crime_types", []):
            crime_langs.setdefault(c, set()).update(langs)
    cited: Counter[str] = Counter()
    if rtype != "decision":
        # Legislation by the article it implements, cases by the article they apply.
        from .record import cited_articles  # record pages import this module's neighbours

        for r in records:
            for inst, n in sorted({(a.instrument, a.article) for a in cited_articles(r)}):
                if inst in catalogue.instruments and n in catalogue.instruments[inst].articles:
                    cited[f"{inst} {n}"] += 1
    return _Tally(
        years=Counter(r.date[:4] for r in records if r.date),
        year_langs=year_langs,
        crimes=Counter(c for r in records for c in r.fields.get("crime_types", [])),
        crime_langs=crime_langs,
        bodies=Counter(r.fields["body"] for r in records if "body" in r.fields),
        sessions=Counter(str(r.fields["session"]) for r in records if r.fields.get("session")),
        countries=Counter(r.fields["country"] for r in records if r.fields.get("country")),
        cited=cited,
    )


def _count_groups(rtype: str, catalogue: Catalogue, page_url: str, page_lang: str) -> str:
    vocab = vocabularies()
    t = catalogue.memo(("browse tally", rtype), lambda: _tally(rtype, catalogue))
    year_links = {y: search_link(page_url, page_lang, t.year_langs[y], type=rtype, year=y) for y in t.years}
    groups = []
    if rtype == "decision":
        body_labels = {b: labelled(*vocab.label_in("bodies", b, page_lang), page_lang) for b in t.bodies}
        groups.append(_counts(ui("by_body", page_lang), t.bodies, body_labels))
        if t.sessions:
            groups.append(_counts(ui("by_session", page_lang), t.sessions, {s: esc(ui("session_n", page_lang, n=s)) for s in t.sessions}))
    else:
        labels = {c: esc(ui("model_law", page_lang) if c == MODEL else country_name(c, page_lang)) for c in t.countries}
        links = {c: rel(page_url, country_url(c, page_lang)) for c in t.countries if c != MODEL}
        groups.append(_counts(ui("by_country", page_lang), t.countries, labels, links))
        if t.crimes:
            crime_links = {c: search_link(page_url, page_lang, t.crime_langs[c], type=rtype, crime=c) for c in t.crimes}
            crime_labels = {c: labelled(*vocab.label_in("crime_types", c, page_lang), page_lang) for c in t.crimes}
            groups.append(_counts(ui("by_crime", page_lang), t.crimes, crime_labels, crime_links))
        cited = t.cited
        if cited:
            art_labels = {
                c: esc(article_label(ArticleRef(c.split()[0], int(c.split()[1])), catalogue.instruments, page_lang)) for c in cited
            }
            art_links = {c: rel(page_url, article_url(c.split()[0], int(c.split()[1]), page_lang)) for c in cited}
            groups.append(_counts(ui("by_article", page_lang), cited, art_labels, art_links))
    groups.append(_counts(ui("by_year", page_lang), t.years, {y: y for y in t.years}, year_links))
    return f'<div class="tkb-count-groups">{"".join(groups)}</div>\n\n'


def browse_pages(rtype: str, catalogue: Catalogue, page_lang: str, only: Collection[int] | None = None) -> list[tuple[str, str]]:
    """The browse pages of one record type in one interface language, as (src_uri,
    Markdown): the first with the counts, every page with its share of the records and
    links to the others. Every record is listed on exactly one page. `only`: just these
    pages (numbered from 1), as `mkdocs serve` asks after an edit."""
    records = ordered(rtype, catalogue)
    pages = max(1, -(-len(records) // PAGE_SIZE))
    title = ui(f"record_types_plural.{rtype}", page_lang)
    out = []
    for page in range(1, pages + 1):
        if only is not None and page not in only:
            continue
        page_url = browse_url(rtype, page_lang, page)
        feed = feed_link(page_url, feed_path_for_type(rtype), title)
        chunk = records[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        head = "".join(
            f'<th scope="col">{esc(h)}</th>'
            for h in (
                ui("date", page_lang),
                ui("title", page_lang),
                ui("body", page_lang) if rtype == "decision" else ui("country", page_lang),
                f"{ui('number', page_lang)} / {ui('symbol', page_lang)}"
                if rtype == "decision"
                else ui("case_number" if rtype == "case" else "status", page_lang),
            )
        )
        rows = "".join(_row(catalogue, r, page_url, page_lang) for r in chunk)
        shown = ""
        if pages > 1:
            first, last = (page - 1) * PAGE_SIZE + 1, (page - 1) * PAGE_SIZE + len(chunk)
            shown = f'<p class="tkb-showing">{esc(ui("showing", page_lang, first=first, last=last, n=len(records)))}</p>\n\n'
        md = (
            front_matter(
                title=title if page == 1 else f"{title} ({ui('page_n', page_lang, n=page)})",
                tkb_lang=page_lang,
                tkb_alternates=every_language(f"{TYPES[rtype]}/" + (f"page/{page}/" if page > 1 else ""), page_lang),
                tkb_search=page_fields(page_lang) if page == 1 else None,
                tkb_head=feed,
            )
            + f"<h1>{esc(title)}</h1>\n\n"
            + f"<p>{esc(ui(f'browse_intro.{rtype}', page_lang))} "
            + f'<strong class="tkb-total">{esc(ui("count_of", page_lang, n=len(records), what=ui("records", page_lang)))}</strong> '
            + f'<a class="tkb-feed" href="{esc(rel(page_url, feed_path_for_type(rtype)))}">{esc(ui("feed", page_lang))}</a></p>\n\n'
            + (_count_groups(rtype, catalogue, page_url, page_lang) if page == 1 else "")
            + shown
            + pager(rtype, page, pages, page_lang)
            + f'\n\n<table class="tkb-browse tkb-sortable" data-pagefind-ignore><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n\n'
            + pager(rtype, page, pages, page_lang)
            + "\n"
        )
        out.append((browse_src_uri(rtype, page_lang, page), md))
    return out
