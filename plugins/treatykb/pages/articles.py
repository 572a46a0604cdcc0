"""Article pages: each article of each instrument, with everything that cites it.

A legislator looking at UNTOC art. 24 sees the decisions, cases and laws citing it,
grouped by type, newest first (model laws first among laws), each with the citing
paragraph and sentence; and under "By paragraph", who cites which paragraph (the anchors
`#para-2` that links use). Each list shows the newest `LIST_LIMIT` and links to the
search for the rest; the article's Atom feed follows new ones.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from operator import itemgetter

from ..catalogue import Catalogue, CitingPlace, by_record
from ..feeds import feed_path_for_article
from ..instruments import ArticleRef, Instrument
from ..records import LANGUAGES
from ..schema import TYPES, Record
from ..search.fields import article_fields, page_fields
from ..vocab import MODEL, ui
from .common import (
    article_label,
    esc,
    every_language,
    front_matter,
    in_lang,
    labelled,
    lang_attrs,
    lang_marker,
    pick,
    rel,
    search_url,
)

OFFICIAL_TEXT = "https://undocs.org/"


def article_url(instrument: str, article: int, lang: str) -> str:
    return in_lang(lang, f"articles/{instrument}/{article}/")


def instrument_url(instrument: str, lang: str) -> str:
    return in_lang(lang, f"articles/{instrument}/")


def record_link(catalogue: Catalogue, record: Record, page_url: str, page_lang: str, anchor: str | None = None) -> str:
    """A link to the version of a record a reader of `page_lang` should see, its title marked
    with its language, and the link with the language of the text it leads to ("(中文)")."""
    target = catalogue.version(record.id, page_lang)
    title, title_lang = catalogue.title(record.id, page_lang)
    marker = ""
    if target.lang != page_lang:
        marker = " " + lang_marker(target.lang, page_lang)
    href = rel(page_url, target.url) + (f"#{anchor}" if anchor else "")
    hreflang = f' hreflang="{target.lang}"' if target.lang != page_lang else ""
    return f'<a href="{esc(href)}"{hreflang}{lang_attrs(title_lang, page_lang)}>{esc(title)}</a>{marker}'


def instrument_name(inst: Instrument, page_lang: str) -> str:
    return labelled(*pick(inst.name, page_lang, inst.id), page_lang)


def places_html(catalogue: Catalogue, places: list[CitingPlace], page_url: str, page_lang: str, show_ref: bool = True) -> str:
    """A list of citing records, newest first, each with where and how it cites."""
    return _groups_html(catalogue, catalogue.citing_records(places, page_lang), page_url, page_lang, show_ref)


Groups = list[tuple[Record, list[CitingPlace]]]
"""Citing records with their places, as `Catalogue.citing_records` gives them."""


def _groups_html(catalogue: Catalogue, groups: Groups, page_url: str, page_lang: str, show_ref: bool = True) -> str:
    items = []
    for record, ps in groups:
        details = []
        in_text = {(p.ref.instrument, p.ref.article) for p in ps if p.ref and not p.explicit}
        for p in ps:
            if p.explicit and p.ref and (p.ref.instrument, p.ref.article) in in_text:
                continue  # the text itself shows where it cites the article
            what = esc(article_label(p.ref, catalogue.instruments, page_lang)) if (show_ref and p.ref) else ""
            if p.explicit:
                details.append(
                    f'<li class="tkb-explicit">{what} <span class="tkb-lang-note">({esc(ui("listed_in_metadata", page_lang))})</span></li>'
                )
                continue
            where = ""
            if p.anchor:
                where = f'<a href="{esc(rel(page_url, record.url) + "#" + p.anchor)}">{esc(ui("para_short", page_lang))} {esc(p.label or "")}</a> '
            text = labelled(p.snippet, record.lang, page_lang, tag="q") if p.snippet else ""
            details.append(f"<li>{where}{what + ' · ' if what else ''}{text}</li>")
        date = f'<span class="tkb-date">{esc(record.date)}</span> · ' if record.date else ""
        items.append(f"<li>{date}{record_link(catalogue, record, page_url, page_lang)}<ul>{''.join(details)}</ul></li>")
    return f'<ul class="tkb-cited-by" data-pagefind-ignore>{"".join(items)}</ul>'


LIST_LIMIT = 50
"""Citing records listed per section of an article page (newest first, model laws
first among laws); the search, filtered by the article, has the rest. Keeps an article
cited by thousands of records a page of a few hundred KB."""


Ranked = tuple[int, Record, list[CitingPlace]]
"""A citing record after its place among all records, newest first, and its places."""


@dataclass
class _Listing:
    """A list of an article page (a type's records, or those citing a paragraph) as far
    as it is the same in every language: counted, and records with one version (most)
    put in order once. Each language then places the few with several versions and
    takes the first `LIST_LIMIT`, instead of sorting thousands six times."""

    count: int
    langs: set[str]
    """Languages the records are written in, for the link to the rest."""
    fixed: tuple[list[Ranked], list[Ranked]]
    """Records with one version, newest first: (model laws, the others)."""
    varied: dict[str, list[CitingPlace]]
    """Records with several versions, whose places depend on the reader's language."""

    def first(self, catalogue: Catalogue, lang: str, n: int) -> Groups:
        """The first `n`: model laws first, then the rest, each newest first."""
        rank = catalogue.newest_rank()
        extra: tuple[list[Ranked], list[Ranked]] = ([], [])
        for rid, ps in self.varied.items():
            mine = catalogue.shown_places(rid, ps, lang)
            r = mine[0].record
            extra[r.fields.get("country") != MODEL].append((rank[r.id, r.lang], r, mine))
        out: Groups = []
        for fixed, more in zip(self.fixed, extra, strict=True):
            more.sort(key=itemgetter(0))
            out += [(r, ps) for _, r, ps in itertools.islice(heapq.merge(fixed, more, key=itemgetter(0)), max(0, n - len(out)))]
        return out


def _listing(catalogue: Catalogue, grouped: dict[str, list[CitingPlace]]) -> _Listing:
    rank = catalogue.newest_rank()
    fixed: tuple[list[Ranked], list[Ranked]] = ([], [])
    varied: dict[str, list[CitingPlace]] = {}
    langs: set[str] = set()
    for rid, ps in grouped.items():
        versions = catalogue.versions[rid]
        langs.update(versions)
        if len(versions) == 1:
            r = ps[0].record
            fixed[r.fields.get("country") != MODEL].append((rank[r.id, r.lang], r, ps))
        else:
            varied[rid] = ps
    for ranked in fixed:
        ranked.sort(key=itemgetter(0))
    return _Listing(len(grouped), langs, fixed, varied)


@dataclass
class _Sections:
    """An article's lists: by type of the citing record, and by paragraph cited."""

    count: int
    by_type: dict[str, _Listing]
    by_paragraph: dict[int, _Listing]


def _sections(catalogue: Catalogue, places: list[CitingPlace]) -> _Sections:
    grouped = by_record(places)
    typed: dict[str, dict[str, list[CitingPlace]]] = {}
    for rid, ps in grouped.items():  # versions of a record share its type
        typed.setdefault(ps[0].record.type, {})[rid] = ps
    # Each paragraph's places, records in the order of their first place citing a paragraph.
    of_paragraphs = by_record([p for p in places if p.ref and p.ref.paragraph is not None])
    by_paragraph: dict[int, list[CitingPlace]] = {}
    for ps in of_paragraphs.values():
        for p in ps:
            if p.ref is not None and p.ref.paragraph is not None:
                by_paragraph.setdefault(p.ref.paragraph, []).append(p)
    return _Sections(
        len(grouped),
        {t: _listing(catalogue, typed[t]) for t in TYPES if t in typed},
        {para: _listing(catalogue, by_record(by_paragraph[para])) for para in sorted(by_paragraph)},
    )


def _capped(catalogue: Catalogue, listing: _Listing, page_url: str, page_lang: str, **filters: str) -> str:
    html = _groups_html(catalogue, listing.first(catalogue, page_lang, LIST_LIMIT), page_url, page_lang)
    if listing.count <= LIST_LIMIT:
        return html
    href = search_url(page_url, page_lang, listing.langs, [*filters.items(), ("sort", "newest")])
    return html + f'\n\n<p><a href="{esc(href)}">{esc(ui("see_all", page_lang, n=listing.count))}</a></p>'


def article_markdown(inst: Instrument, number: int, catalogue: Catalogue, page_lang: str) -> str:
    art = inst.articles[number]
    page_url = article_url(inst.id, number, page_lang)
    ref = ArticleRef(inst.id, number)
    title, title_lang = pick(art.title, page_lang)
    label = article_label(ref, catalogue.instruments, page_lang)
    heading_html = esc(label) + (f": {labelled(title, title_lang, page_lang)}" if title else "")
    other_titles = "".join(
        f"<dt>{esc(ui(f'language_names.{lang}', page_lang))}</dt> <dd{lang_attrs(lang, page_lang)}>{esc(t)}</dd> "
        for lang, t in sorted(art.title.items(), key=lambda kv: LANGUAGES.index(kv[0]) if kv[0] in LANGUAGES else 9)
    )
    places = catalogue.cites_article.get((inst.id, number), [])
    # Grouped once for six languages: a much-cited article has thousands of places.
    sections = catalogue.memo(("article sections", inst.id, number), lambda: _sections(catalogue, places))
    feed = feed_path_for_article(inst.id, number)
    parts = [
        front_matter(
            title=label + (f": {title}" if title and title_lang == page_lang else ""),
            tkb_lang=page_lang,
            tkb_alternates=every_language(f"articles/{inst.id}/{number}/", page_lang),
            tkb_search=article_fields(inst.id, number, page_lang),
            # Only an article someone cites has a feed (feeds.py).
            tkb_head=f'<link rel="alternate" type="application/atom+xml" title="{esc(label)}" href="{esc(rel(page_url, feed))}">'
            if places
            else "",
        ),
        f"<h1>{heading_html}</h1>\n\n",
        f'<section class="tkb-facts"><dl><dt>{esc(ui("instrument", page_lang))}</dt>'
        f' <dd><a href="{esc(rel(page_url, instrument_url(inst.id, page_lang)))}">{instrument_name(inst, page_lang)}</a></dd> '
        f"{other_titles}"
        + (
            f'<dt>{esc(ui("official_text", page_lang))}</dt> <dd><a href="{esc(OFFICIAL_TEXT + str(inst.meta["symbol"]))}">{esc(inst.meta["symbol"])}</a></dd> '
            if inst.meta.get("symbol")
            else ""
        )
        + "</dl></section>\n\n",
        f'<h2 id="cited-by">{esc(ui("cited_by", page_lang))} <span class="tkb-count">{sections.count}</span></h2>\n\n',
    ]
    if sections.count:
        parts.append(f'<p><a class="tkb-feed" href="{esc(rel(page_url, feed))}">{esc(ui("feed", page_lang))}</a></p>\n\n')
    else:
        parts.append(f"<p>{esc(ui('no_citations', page_lang))}</p>\n")
    code = f"{inst.id} {number}"
    for rtype, listing in sections.by_type.items():
        parts.append(f'<h3>{esc(ui(f"record_types_plural.{rtype}", page_lang))} <span class="tkb-count">{listing.count}</span></h3>\n\n')
        parts.append(_capped(catalogue, listing, page_url, page_lang, type=rtype, article=code) + "\n\n")
    if sections.by_paragraph:
        parts.append(f'<h2 id="by-paragraph">{esc(ui("by_paragraph", page_lang))}</h2>\n\n')
        for para, listing in sections.by_paragraph.items():
            parts.append(f'<h3 id="para-{para}">{esc(ui("paragraph", page_lang))} {para}</h3>\n\n')
            parts.append(_capped(catalogue, listing, page_url, page_lang, article=code) + "\n\n")
    return "".join(parts)


def instrument_markdown(inst: Instrument, catalogue: Catalogue, page_lang: str) -> str:
    """Every article of an instrument with how many records cite it."""
    page_url = instrument_url(inst.id, page_lang)
    name, name_lang = pick(inst.name, page_lang, inst.id)
    rows = []
    for number, art in sorted(inst.articles.items()):
        n = len({p.record.id for p in catalogue.cites_article.get((inst.id, number), [])})
        title, title_lang = pick(art.title, page_lang)
        rows.append(
            f'<tr><td data-sort="{number:03d}">{number}</td>'
            f'<td><a href="{esc(rel(page_url, article_url(inst.id, number, page_lang)))}">{labelled(title, title_lang, page_lang)}</a></td>'
            f'<td data-sort="{n:06d}">{n}</td></tr>'
        )
    meta = inst.meta
    facts = []
    if meta.get("adopted_by"):
        facts.append(f"<dt>{esc(ui('adopted_by', page_lang))}</dt> <dd>{labelled(str(meta['adopted_by']), 'en', page_lang)}</dd> ")
    for key in ("adopted", "entry_into_force"):
        if meta.get(key):
            facts.append(f"<dt>{esc(ui(key, page_lang))}</dt> <dd>{esc(meta[key])}</dd> ")
    if meta.get("symbol"):
        facts.append(
            f'<dt>{esc(ui("official_text", page_lang))}</dt> <dd><a href="{esc(OFFICIAL_TEXT + str(meta["symbol"]))}">{esc(meta["symbol"])}</a></dd> '
        )
    head = "".join(
        f'<th scope="col">{esc(h)}</th>' for h in (ui("article", page_lang), ui("title", page_lang), ui("citing_records", page_lang))
    )
    return (
        front_matter(
            title=name if name_lang == page_lang else inst.id.upper(),
            tkb_lang=page_lang,
            tkb_alternates=every_language(f"articles/{inst.id}/", page_lang),
            tkb_search=page_fields(page_lang, "instrument"),
        )
        + f"<h1>{instrument_name(inst, page_lang)}</h1>\n\n"
        + (f'<section class="tkb-facts"><dl>{"".join(facts)}</dl></section>\n\n' if facts else "")
        + f'<p class="tkb-hint">{esc(ui("sort_hint", page_lang))}</p>\n\n'
        + f'<table class="tkb-browse tkb-sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
    )


def instruments_index_markdown(catalogue: Catalogue, page_lang: str) -> str:
    page_url = in_lang(page_lang, "articles/")
    items = []
    for inst in catalogue.instruments.values():
        cited = sum(1 for n in inst.articles if catalogue.cites_article.get((inst.id, n)))
        items.append(
            f'<li><a href="{esc(rel(page_url, instrument_url(inst.id, page_lang)))}">{instrument_name(inst, page_lang)}</a> '
            f'<span class="tkb-lang-note">{len(inst.articles)} {esc(ui("articles_count", page_lang))}; '
            f"{cited} {esc(ui('cited_articles', page_lang))}</span></li>"
        )
    title = ui("instruments", page_lang)
    return (
        front_matter(
            title=title, tkb_lang=page_lang, tkb_alternates=every_language("articles/", page_lang), tkb_search=page_fields(page_lang)
        )
        + f"<h1>{esc(title)}</h1>\n\n<p>{esc(ui('instruments_intro', page_lang))}</p>\n\n<ul>{''.join(items)}</ul>\n"
    )
