"""A page per country: its cases and laws, the crimes and articles they concern, a feed.

A central authority or a drafter usually starts from one country: "what has Canada
decided on smuggling, and which articles do its laws implement?". Each page lists the
newest records of each type (the rest are one click away in the search, filtered), so
pages stay small however many records a country has.
"""

from __future__ import annotations

from collections import Counter

from ..catalogue import Catalogue
from ..feeds import feed_path_for_country
from ..instruments import ArticleRef
from ..schema import Record
from ..search.fields import page_fields
from ..vocab import MODEL, country_name, ui, vocabularies
from .articles import article_url, record_link
from .browse import country_url, languages_of, search_link
from .common import article_label, esc, every_language, feed_link, front_matter, in_lang, labelled, rel
from .record import cited_articles

LIST_LIMIT = 50
"""Records of each type shown on a country page; the search shows the rest."""

TOP_ARTICLES = 15


def by_country(catalogue: Catalogue) -> dict[str, list[Record]]:
    """Country code -> its records (newest first); model laws belong to no country."""
    out: dict[str, list[Record]] = {}
    for rtype in ("case", "legislation"):
        for r in catalogue.of_type(rtype):
            if r.country and r.country != MODEL:
                out.setdefault(r.country, []).append(r)
    return dict(sorted(out.items()))


def countries_index_markdown(countries: dict[str, list[Record]], page_lang: str) -> str:
    page_url = in_lang(page_lang, "countries/")
    title = ui("nav.countries", page_lang)
    rows = []
    for code, records in sorted(countries.items(), key=lambda kv: country_name(kv[0], page_lang)):
        n = Counter(r.type for r in records)
        rows.append(
            f'<tr><td><a href="{esc(rel(page_url, country_url(code, page_lang)))}">{esc(country_name(code, page_lang))}</a></td>'
            f'<td data-sort="{n["case"]}">{n["case"]}</td><td data-sort="{n["legislation"]}">{n["legislation"]}</td></tr>'
        )
    head = "".join(
        f'<th scope="col">{esc(h)}</th>'
        for h in (ui("country", page_lang), ui("record_types_plural.case", page_lang), ui("record_types_plural.legislation", page_lang))
    )
    return (
        front_matter(
            title=title, tkb_lang=page_lang, tkb_alternates=every_language("countries/", page_lang), tkb_search=page_fields(page_lang)
        )
        + f"<h1>{esc(title)}</h1>\n\n<p>{esc(ui('countries_intro', page_lang))}</p>\n\n"
        + f'<table class="tkb-browse tkb-sortable" data-pagefind-ignore><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
    )


def country_markdown(code: str, records: list[Record], catalogue: Catalogue, page_lang: str) -> str:
    page_url = country_url(code, page_lang)
    name = country_name(code, page_lang)
    vocab = vocabularies()
    feed = feed_path_for_country(code)
    crimes = Counter(c for r in records for c in r.fields.get("crime_types", []))
    articles: Counter[tuple[str, int]] = Counter()
    for r in records:
        for ref in {(a.instrument, a.article) for a in cited_articles(r)}:
            articles[ref] += 1
    parts = [
        front_matter(
            title=name,
            tkb_lang=page_lang,
            tkb_alternates=every_language(f"countries/{code.lower()}/", page_lang),
            tkb_search=page_fields(page_lang),
            tkb_head=feed_link(page_url, feed, name),
        ),
        f"<h1>{esc(name)}</h1>\n\n",
        f"<p>{esc(ui('country_intro', page_lang, country=name))} "
        f'<a class="tkb-feed" href="{esc(rel(page_url, feed))}">{esc(ui("feed", page_lang))}</a></p>\n\n',
    ]
    groups = []
    if crimes:
        lis = "".join(
            f'<li>{labelled(*vocab.label_in("crime_types", c, page_lang), page_lang)} <span class="tkb-count">{n}</span></li>'
            for c, n in sorted(crimes.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        groups.append(f'<section class="tkb-counts"><h2>{esc(ui("by_crime", page_lang))}</h2><ul>{lis}</ul></section>')
    if articles:
        lis = "".join(
            f'<li><a href="{esc(rel(page_url, article_url(inst, n, page_lang)))}">'
            f"{esc(article_label(ArticleRef(inst, n), catalogue.instruments, page_lang))}</a> "
            f'<span class="tkb-count">{count}</span></li>'
            for (inst, n), count in sorted(articles.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ARTICLES]
            if inst in catalogue.instruments
        )
        groups.append(f'<section class="tkb-counts"><h2>{esc(ui("most_cited_articles", page_lang))}</h2><ul>{lis}</ul></section>')
    if groups:
        parts.append(f'<div class="tkb-count-groups">{"".join(groups)}</div>\n\n')
    for rtype in ("case", "legislation"):
        typed = [r for r in records if r.type == rtype]
        if not typed:
            continue
        heading = ui(f"record_types_plural.{rtype}", page_lang)
        parts.append(f'<h2 id="{rtype}">{esc(heading)} <span class="tkb-count">{len(typed)}</span></h2>\n\n')
        items = "".join(
            f'<li><span class="tkb-date">{esc(r.date)}</span> · {record_link(catalogue, r, page_url, page_lang)}</li>'
            for r in typed[:LIST_LIMIT]
        )
        parts.append(f'<ul class="tkb-latest" data-pagefind-ignore>{items}</ul>\n\n')
        if len(typed) > LIST_LIMIT:
            langs = set().union(*(languages_of(catalogue, r) for r in typed))
            href = search_link(page_url, page_lang, langs, type=rtype, country=code, sort="newest")
            parts.append(f'<p><a href="{esc(href)}">{esc(ui("see_all", page_lang, n=len(typed)))}</a></p>\n\n')
    return "".join(parts)


def country_pages(catalogue: Catalogue, page_lang: str) -> list[tuple[str, str]]:
    countries = by_country(catalogue)
    pages = [(in_lang(page_lang, "countries/index.md"), countries_index_markdown(countries, page_lang))]
    for code, records in countries.items():
        pages.append((in_lang(page_lang, f"countries/{code.lower()}.md"), country_markdown(code, records, catalogue, page_lang)))
    return pages
