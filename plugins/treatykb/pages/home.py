"""The home page of each language, and the root page that lets a reader choose one."""

from __future__ import annotations

from importlib import resources

from ..catalogue import Catalogue
from ..feeds import ALL_FEED, feed_path_for_country, feed_path_for_type
from ..records import LANGUAGES
from ..schema import TYPES
from ..search.fields import page_fields
from ..vocab import MODEL, country_name, ui, vocabularies
from .articles import instrument_name, record_link
from .common import RTL, esc, every_language, front_matter, in_lang, labelled, rel

LATEST = 10


def home_markdown(catalogue: Catalogue, page_lang: str) -> str:
    page_url = in_lang(page_lang, "")
    counts = catalogue.counts()
    cards = "".join(
        f'<li><a href="{rel(page_url, in_lang(page_lang, f"{folder}/"))}"><strong>{counts[rtype]}</strong> '
        f"{esc(ui(f'record_types_plural.{rtype}', page_lang))}</a>"
        f"<p>{esc(ui(f'browse_intro.{rtype}', page_lang))}</p></li>"
        for rtype, folder in TYPES.items()
    )
    latest = []
    for r in catalogue.newest(LATEST):
        kind = labelled(*vocabularies().label_in("record_types", r.type, page_lang), page_lang)
        latest.append(f'<li><span class="tkb-date">{esc(r.date)}</span> · {kind} · {record_link(catalogue, r, page_url, page_lang)}</li>')
    instruments = "".join(
        f'<li><a href="{rel(page_url, in_lang(page_lang, f"articles/{inst.id}/"))}">{instrument_name(inst, page_lang)}</a> '
        f'<span class="tkb-count">{len(inst.articles)} {esc(ui("articles_count", page_lang))}</span></li>'
        for inst in catalogue.instruments.values()
    )
    title = ui("home_title", page_lang)
    return (
        front_matter(title=title, tkb_lang=page_lang, tkb_alternates=every_language("", page_lang), tkb_search=page_fields(page_lang))
        + f'<h1>{esc(title)}</h1>\n\n<p class="tkb-lead">{esc(ui("site_intro", page_lang))}</p>\n\n'
        + f'<h2>{esc(ui("what_is_inside", page_lang))}</h2>\n\n<ul class="tkb-cards">{cards}</ul>\n\n'
        + f'<h2>{esc(ui("latest", page_lang))}</h2>\n\n<ul class="tkb-latest" data-pagefind-ignore>{"".join(latest)}</ul>\n\n'
        + f'<h2>{esc(ui("instruments", page_lang))}</h2>\n\n<ul class="tkb-instruments">{instruments}</ul>\n\n'
        + f'<h2 id="open-data">{esc(ui("open_data", page_lang))}</h2>\n\n'
        + f'<p>{esc(ui("open_data_intro", page_lang))} <a href="{esc(rel(page_url, in_lang(page_lang, "open-data/")))}">{esc(ui("open_data", page_lang))}</a> · '
        + f'<a href="{esc(rel(page_url, "data/index.json"))}">data/index.json</a></p>\n\n'
        + f'<p>{esc(ui("feeds_intro", page_lang))} <a href="{esc(rel(page_url, ALL_FEED))}">{esc(ui("feed", page_lang))}</a> · '
        + f'<a href="{esc(rel(page_url, in_lang(page_lang, "open-data/")))}#feeds">{esc(ui("feeds", page_lang))}</a></p>\n'
    )


def open_data_markdown(catalogue: Catalogue, page_lang: str) -> str:
    """What the site publishes as data and feeds, with a link to each file."""
    page_url = in_lang(page_lang, "open-data/")
    counts = catalogue.counts()

    def link(path: str, text: str | None = None) -> str:
        return f'<a href="{esc(rel(page_url, path))}"><code>{esc(text or path)}</code></a>'

    data = [
        link("data/index.json"),
        link("data/README.md"),
        link("data/instruments.json"),
        link("data/citations.json"),
    ]
    schemas = sorted(p.name for p in resources.files("treatykb").joinpath("schemas").iterdir() if p.name.endswith(".schema.json"))
    data.append("JSON Schema: " + " · ".join(link(f"data/schemas/{name}", name) for name in schemas))
    for rtype in TYPES:
        plural = esc(ui(f"record_types_plural.{rtype}", page_lang))
        data.append(
            f'{plural} <span class="tkb-count">{counts[rtype]}</span>: {link(f"data/records/{rtype}.json")} · {link(f"data/records/{rtype}.csv")}'
        )
    feeds = [link(ALL_FEED)] + [
        f"{esc(ui(f'record_types_plural.{rtype}', page_lang))}: {link(feed_path_for_type(rtype))}" for rtype in TYPES
    ]
    countries = sorted({r.country for r in catalogue.records if r.country and r.country != MODEL})
    if countries:
        feeds.append(
            f"{esc(ui('nav.countries', page_lang))}: "
            + ", ".join(
                f'<a href="{esc(rel(page_url, feed_path_for_country(c)))}">{esc(country_name(c, page_lang))}</a>' for c in countries
            )
        )
    title = ui("open_data", page_lang)
    return (
        front_matter(
            title=title, tkb_lang=page_lang, tkb_alternates=every_language("open-data/", page_lang), tkb_search=page_fields(page_lang)
        )
        + f"<h1>{esc(title)}</h1>\n\n<p>{esc(ui('open_data_intro', page_lang))}</p>\n\n"
        + f'<ul class="tkb-data">{"".join(f"<li>{x}</li>" for x in data)}</ul>\n\n'
        + f'<h2 id="feeds">{esc(ui("feeds", page_lang))}</h2>\n\n<p>{esc(ui("feeds_intro", page_lang))}</p>\n\n'
        + f'<ul class="tkb-feeds">{"".join(f"<li>{x}</li>" for x in feeds)}</ul>\n'
    )


def root_markdown() -> str:
    """The site root: the six languages, each named in itself, in the UN's order."""
    items = "".join(
        f'<li><a href="{lang}/" hreflang="{lang}" lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}">'
        f"<strong>{esc(ui(f'languages.{lang}', lang))}</strong> · {esc(ui('home_title', lang))}</a></li>"
        for lang in LANGUAGES
    )
    return (
        front_matter(title="treatykb", tkb_lang="en", tkb_alternates=every_language("", "en"))
        + f'<h1>treatykb</h1>\n\n<ul class="tkb-languages" aria-label="{esc(ui("choose_language", "en"))}">{items}</ul>\n'
    )
