"""Article pages: each article of each instrument, with everything that cites it.

A legislator looking at UNTOC art. 24 sees every decision, case and law citing it,
grouped by type, newest first, each with the citing paragraph and sentence; and under
"By paragraph", who cites which paragraph (the anchors `#para-2` that links use).
"""

from __future__ import annotations

from ..catalogue import Catalogue, CitingPlace
from ..instruments import ArticleRef, Instrument
from ..schema import TYPES, Record
from .common import article_label, esc, front_matter, lang_attrs, rel, ui

OFFICIAL_TEXT = "https://undocs.org/"


def article_url(instrument: str, article: int) -> str:
    return f"articles/{instrument}/{article}/"


def instrument_url(instrument: str) -> str:
    return f"articles/{instrument}/"


def _record_link(record: Record, page_url: str, page_lang: str, anchor: str | None = None) -> str:
    title, title_lang = record.title_in(page_lang)
    marker = f' <span class="tkb-lang-note">({esc(ui(f"languages.{record.lang}", page_lang))})</span>' if record.lang != page_lang else ""
    href = rel(page_url, record.url) + (f"#{anchor}" if anchor else "")
    return f'<a href="{esc(href)}"{lang_attrs(title_lang, page_lang)}>{esc(title)}</a>{marker}'


def places_html(catalogue: Catalogue, places: list[CitingPlace], page_url: str, page_lang: str, show_ref: bool = True) -> str:
    """A list of citing records, each with where and how it cites."""
    items = []
    for record, ps in catalogue.citing_records(places):
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
            text = f"<q{lang_attrs(record.lang, page_lang)}>{esc(p.snippet)}</q>" if p.snippet else ""
            details.append(f"<li>{where}{what + ' · ' if what else ''}{text}</li>")
        date = f'<span class="tkb-date">{esc(record.date)}</span> · ' if record.date else ""
        items.append(f"<li>{date}{_record_link(record, page_url, page_lang)}<ul>{''.join(details)}</ul></li>")
    return f'<ul class="tkb-cited-by">{"".join(items)}</ul>'


def article_markdown(inst: Instrument, number: int, catalogue: Catalogue, page_lang: str = "en") -> str:
    art = inst.articles[number]
    page_url = article_url(inst.id, number)
    ref = ArticleRef(inst.id, number)
    title = art.title.get(page_lang) or art.title.get("en", "")
    heading = f"{article_label(ref, catalogue.instruments, page_lang)}" + (f": {title}" if title else "")
    other_titles = "".join(
        f"<dt>{esc(ui(f'language_names.{lang}', page_lang))}</dt><dd{lang_attrs(lang, page_lang)}>{esc(t)}</dd>"
        for lang, t in art.title.items()
    )
    places = catalogue.cites_article.get((inst.id, number), [])
    groups = catalogue.citing_records(places)
    parts = [
        front_matter(title=heading),
        f"<h1>{esc(heading)}</h1>\n\n",
        f'<section class="tkb-facts"><dl><dt>{esc(ui("instrument", page_lang))}</dt>'
        f'<dd><a href="{esc(rel(page_url, instrument_url(inst.id)))}">{esc(inst.name.get(page_lang) or inst.name.get("en", inst.id))}</a></dd>'
        f"{other_titles}"
        + (
            f'<dt>{esc(ui("official_text", page_lang))}</dt><dd><a href="{esc(OFFICIAL_TEXT + str(inst.meta["symbol"]))}">{esc(inst.meta["symbol"])}</a></dd>'
            if inst.meta.get("symbol")
            else ""
        )
        + "</dl></section>\n\n",
        f'<h2 id="cited-by">{esc(ui("cited_by", page_lang))} <span class="tkb-count">{len(groups)}</span></h2>\n\n',
    ]
    if not groups:
        parts.append(f"<p>{esc(ui('no_citations', page_lang))}</p>\n")
    for rtype in TYPES:
        typed = [p for p in places if p.record.type == rtype]
        if not typed:
            continue
        n = len({p.record.id for p in typed})
        parts.append(f'<h3>{esc(ui(f"record_types_plural.{rtype}", page_lang))} <span class="tkb-count">{n}</span></h3>\n\n')
        parts.append(places_html(catalogue, typed, page_url, page_lang) + "\n\n")
    paragraphs = sorted({p.ref.paragraph for p in places if p.ref and p.ref.paragraph is not None})
    if paragraphs:
        parts.append(f'<h2 id="by-paragraph">{esc(ui("by_paragraph", page_lang))}</h2>\n\n')
        for para in paragraphs:
            cited = [p for p in places if p.ref and p.ref.paragraph == para]
            parts.append(f'<h3 id="para-{para}">{esc(ui("paragraph", page_lang))} {para}</h3>\n\n')
            parts.append(places_html(catalogue, cited, page_url, page_lang) + "\n\n")
    return "".join(parts)


def instrument_markdown(inst: Instrument, catalogue: Catalogue, page_lang: str = "en") -> str:
    """Every article of an instrument with how many records cite it."""
    page_url = instrument_url(inst.id)
    name = inst.name.get(page_lang) or inst.name.get("en", inst.id)
    rows = []
    for number, art in sorted(inst.articles.items()):
        n = len({p.record.id for p in catalogue.cites_article.get((inst.id, number), [])})
        title = art.title.get(page_lang) or art.title.get("en", "")
        zh = art.title.get("zh", "") if page_lang != "zh" else ""
        rows.append(
            f'<tr><td data-sort="{number:03d}">{number}</td>'
            f'<td><a href="{esc(rel(page_url, article_url(inst.id, number)))}">{esc(title)}</a>'
            + (f'<br><span lang="zh" class="tkb-lang-note">{esc(zh)}</span>' if zh else "")
            + f'</td><td data-sort="{n:06d}">{n}</td></tr>'
        )
    meta = inst.meta
    facts = []
    if meta.get("adopted_by"):
        facts.append(f"<dt>{esc(ui('adopted_by', page_lang))}</dt><dd>{esc(meta['adopted_by'])}</dd>")
    for key in ("adopted", "entry_into_force"):
        if meta.get(key):
            facts.append(f"<dt>{esc(ui(key, page_lang))}</dt><dd>{esc(meta[key])}</dd>")
    if meta.get("symbol"):
        facts.append(
            f'<dt>{esc(ui("official_text", page_lang))}</dt><dd><a href="{esc(OFFICIAL_TEXT + str(meta["symbol"]))}">{esc(meta["symbol"])}</a></dd>'
        )
    head = "".join(
        f'<th scope="col">{esc(h)}</th>' for h in (ui("article", page_lang), ui("title", page_lang), ui("citing_records", page_lang))
    )
    return (
        front_matter(title=name)
        + f"<h1>{esc(name)}</h1>\n\n"
        + (f'<section class="tkb-facts"><dl>{"".join(facts)}</dl></section>\n\n' if facts else "")
        + f'<p class="tkb-hint">{esc(ui("sort_hint", page_lang))}</p>\n\n'
        + f'<table class="tkb-browse tkb-sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
    )


def instruments_index_markdown(catalogue: Catalogue, page_lang: str = "en") -> str:
    page_url = "articles/"
    items = []
    for inst in catalogue.instruments.values():
        cited = sum(1 for n in inst.articles if catalogue.cites_article.get((inst.id, n)))
        name = inst.name.get(page_lang) or inst.name.get("en", inst.id)
        items.append(
            f'<li><a href="{esc(rel(page_url, instrument_url(inst.id)))}">{esc(name)}</a> '
            f'<span class="tkb-lang-note">{len(inst.articles)} {esc(ui("articles_count", page_lang))}; '
            f"{cited} {esc(ui('cited_articles', page_lang))}</span></li>"
        )
    title = ui("instruments", page_lang)
    return (
        front_matter(title=title)
        + f"<h1>{esc(title)}</h1>\n\n<p>{esc(ui('instruments_intro', page_lang))}</p>\n\n<ul>{''.join(items)}</ul>\n"
    )
