"""The site's navigation, one per interface language, for any site generator.

The MkDocs plugin builds one MkDocs navigation per language and shows each page its own;
`treatykb generate` writes the same entries as one section per language, and the theme
override (`templates/main.html`) shows each page the section of its language.
"""

from __future__ import annotations

from ..records import LANGUAGES
from ..vocab import ui

NavEntry = dict[str, str]
"""`{title: path in the docs tree}`, as MkDocs' `nav` setting writes a page."""


def language_nav(lang: str, docs_pages: dict[str, set[str]]) -> tuple[list[NavEntry], list[tuple[str, str]]]:
    """The navigation of one interface language, in that language: (title -> page entries
    for MkDocs' `nav`, then (title, URL) links). A hand-written page missing in `lang` is a
    link to a language it exists in, and its title says which."""
    pages = [
        {ui("nav.home", lang): f"{lang}/index.md"},
        {ui("nav.decisions", lang): f"{lang}/decisions/index.md"},
        {ui("nav.cases", lang): f"{lang}/cases/index.md"},
        {ui("nav.legislation", lang): f"{lang}/legislation/index.md"},
        {ui("nav.countries", lang): f"{lang}/countries/index.md"},
        {ui("nav.instruments", lang): f"{lang}/articles/index.md"},
        {ui("nav.search", lang): f"{lang}/search/index.md"},
    ]
    links: list[tuple[str, str]] = []
    for name, langs in docs_pages.items():
        try:
            title = ui(f"nav.{name}", lang)
        except KeyError:
            title = name.replace("-", " ").capitalize()
        if lang in langs:
            pages.append({title: f"{lang}/{name}.md"})
        elif langs:
            other = next(x for x in LANGUAGES if x in langs)
            links.append((f"{title} ({ui(f'languages.{other}', lang)})", f"{other}/{name}/"))
    return pages, links


def sectioned_nav(docs_pages: dict[str, set[str]]) -> list[dict[str, list[dict[str, str]]]]:
    """Every language's navigation as one `nav` setting: a section per language, in the UN
    order, titled with the language's own name. Links to a page in another language are
    written as absolute-path-free relative links from the site root (`zh/about/`)."""
    out = []
    for lang in LANGUAGES:
        pages, links = language_nav(lang, docs_pages)
        out.append({ui(f"languages.{lang}", lang): [*pages, *({title: url} for title, url in links)]})
    return out
