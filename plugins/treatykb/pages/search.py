"""The search page of each language: a form that works without JavaScript (it is where
the search box on every page sends its query) and, with it, live results and facets.

Everything the page's script needs to speak the reader's language travels in the page
as JSON: labels for every facet value, the article pages a citation in a query can jump
to, and the interface strings. The index itself is fetched only when a search runs."""

from __future__ import annotations

import json
from typing import Any

from ..catalogue import Catalogue
from ..instruments import ArticleRef
from ..records import LANGUAGES
from ..schema import TYPES
from ..search.fields import FACETS
from ..vocab import country_name, ui, vocabularies
from .articles import article_url
from .common import article_label, esc, every_language, front_matter, in_lang, pick, rel

SEARCH_PATH = "search/"
SCRIPT = "assets/treatykb/search.js"
OFFLINE_DIR = "search-offline"
"""Folder of the offline edition's per-language index scripts, at the site root."""

_STRING_KEYS = (
    "label",
    "placeholder",
    "submit",
    "results",
    "no_results",
    "more",
    "clear",
    "sort",
    "relevance",
    "newest",
    "languages",
    "article_hit",
    "loading",
    "failed",
    "show_all",
    "offline",
    "filters",
)


def search_url(lang: str) -> str:
    return in_lang(lang, SEARCH_PATH)


def _label(text: str, lang: str) -> list[str]:
    return [text, lang]


def search_config(catalogue: Catalogue, page_lang: str) -> dict[str, Any]:
    """What the search script needs, in the page's language: labels of facet values as
    [text, language] (a label missing in a language falls back to English, marked),
    and the article pages a query like "art. 24" or "第二十四条" leads to."""
    vocab = vocabularies()
    types = {t: list(vocab.label_in("record_types", t, page_lang)) for t in TYPES}
    for kind in ("article", "page", "instrument"):
        types[kind] = _label(ui(f"search.type_{kind}", page_lang), page_lang)
    countries = sorted({r.country for r in catalogue.all_versions if r.country})
    labels: dict[str, dict[str, list[str]]] = {
        "type": types,
        "country": {c: _label(country_name(c, page_lang), page_lang) for c in countries},
        "crime": {k: list(vocab.label_in("crime_types", k, page_lang)) for k in vocab.keys("crime_types")},
        "topic": {k: list(vocab.label_in("topics", k, page_lang)) for k in vocab.keys("topics")},
        "instrument": {i: list(pick(inst.short_name, page_lang, i)) for i, inst in catalogue.instruments.items()},
        "lang": {x: _label(ui(f"languages.{x}", x), x) for x in LANGUAGES},
    }
    page_url = search_url(page_lang)
    articles: dict[str, dict[str, Any]] = {}
    for inst in catalogue.instruments.values():
        for n, art in sorted(inst.articles.items()):
            title, title_lang = pick(art.title, page_lang)
            articles[f"{inst.id} {n}"] = {
                "label": article_label(ArticleRef(inst.id, n), catalogue.instruments, page_lang),
                "title": [title, title_lang] if title else None,
                "url": rel(page_url, article_url(inst.id, n, page_lang)),
            }
    labels["article"] = {code: _label(a["label"], page_lang) for code, a in articles.items()}
    facet_names = {
        "type": ui("type", page_lang),
        "country": ui("country", page_lang),
        "year": ui("search.year", page_lang),
        "crime": ui("search.crime", page_lang),
        "topic": ui("search.topic", page_lang),
        "instrument": ui("instrument", page_lang),
        "article": ui("search.article", page_lang),
    }
    return {
        "lang": page_lang,
        "root": rel(page_url, "").rstrip("/") + "/",
        "languages": list(LANGUAGES),
        "facets": [[f, facet_names[f]] for f in FACETS],
        "labels": labels,
        "articles": articles,
        "strings": {k: ui(f"search.{k}", page_lang) for k in _STRING_KEYS},
        "offline_dir": OFFLINE_DIR,
    }


def _json_for_html(data: Any) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


def search_markdown(catalogue: Catalogue, page_lang: str) -> str:
    page_url = search_url(page_lang)
    title = ui("search.title", page_lang)
    browse = " · ".join(
        f'<a href="{esc(rel(page_url, in_lang(page_lang, f"{folder}/")))}">{esc(ui(f"record_types_plural.{rtype}", page_lang))}</a>'
        for rtype, folder in TYPES.items()
    )
    browse += f' · <a href="{esc(rel(page_url, in_lang(page_lang, "articles/")))}">{esc(ui("nav.instruments", page_lang))}</a>'
    return (
        front_matter(title=title, tkb_lang=page_lang, tkb_alternates=every_language(SEARCH_PATH, page_lang), hide=["navigation", "toc"])
        + f"<h1>{esc(title)}</h1>\n\n"
        + '<form class="tkb-search-form" role="search" action="./" method="get">'
        + f'<label for="tkb-q" class="tkb-visually-hidden">{esc(ui("search.label", page_lang))}</label>'
        + f'<input id="tkb-q" name="q" type="search" autocomplete="off" spellcheck="false" placeholder="{esc(ui("search.placeholder", page_lang))}">'
        + f'<button type="submit">{esc(ui("search.submit", page_lang))}</button></form>\n\n'
        + f'<p class="tkb-hint" id="tkb-hint">{esc(ui("search.hint", page_lang))}</p>\n\n'
        + f"<noscript><p>{esc(ui('search.needs_js', page_lang))} {browse}</p></noscript>\n\n"
        + '<div class="tkb-search-layout">'
        + f'<aside id="tkb-facets" class="tkb-facets" aria-label="{esc(ui("search.filters", page_lang))}"></aside>'
        + '<div class="tkb-search-main"><div id="tkb-status" class="tkb-status" role="status" aria-live="polite"></div>'
        + '<ol id="tkb-results" class="tkb-results"></ol>'
        + f'<button type="button" id="tkb-more" class="tkb-more" hidden>{esc(ui("search.more", page_lang))}</button></div></div>\n\n'
        + f'<script type="application/json" id="tkb-search-config">{_json_for_html(search_config(catalogue, page_lang))}</script>\n'
        + f'<script src="{esc(rel(page_url, SCRIPT))}"></script>\n'
    )
