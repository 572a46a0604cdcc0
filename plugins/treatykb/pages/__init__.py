"""Generated pages as Markdown documents: the same output feeds MkDocs and `generate`.

Nothing here imports MkDocs: each page is a (path in the docs tree, Markdown) pair that
the plugin turns into `File.generated` and `treatykb generate` writes to disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ..catalogue import Catalogue
from ..records import LANGUAGES
from ..schema import TYPES
from .articles import article_markdown, instrument_markdown, instruments_index_markdown
from .browse import browse_pages
from .countries import country_pages
from .home import home_markdown, open_data_markdown, root_markdown
from .record import parallel_markdown, parallel_src_uri, record_markdown, record_src_uri
from .search import search_markdown

ASSETS = ("assets/treatykb/treatykb.css", "assets/treatykb/treatykb.js")
"""Static files every page loads, relative to the docs tree."""

PAGE_ASSETS = ("assets/treatykb/search.js",)
"""Static files only some pages load (the search page's script)."""


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Path of the Markdown file in the docs tree, e.g. `decisions/cop-decision-3-4.md`."""
    content: str


def site_pages(
    catalogue: Catalogue, languages: tuple[str, ...] = LANGUAGES, site_url: str = "", site_name: str = "treatykb"
) -> list[GeneratedPage]:
    """Every page treatykb generates for a catalogue.

    Home, browse and article pages exist in every interface language (`<lang>/...`);
    a record's page exists once per language it is written in, never once per interface
    language; records written in several languages get a side-by-side view."""
    return list(iter_site_pages(catalogue, languages, site_url, site_name))


def iter_site_pages(
    catalogue: Catalogue, languages: tuple[str, ...] = LANGUAGES, site_url: str = "", site_name: str = "treatykb"
) -> Iterator[GeneratedPage]:
    """`site_pages` one at a time: at 20,000 records their text takes gigabytes at once."""
    for part in site_parts(catalogue, languages):
        yield from part_pages(part, catalogue, site_url, site_name)


Part = tuple[str, int, int]
"""A share of the site's pages, made independently of the others: ("root", 0, 0), a
language's own pages ("lang", index in LANGUAGES, 0), or the pages of a run of records
("records", start, stop) in `catalogue.all_versions`."""

RECORDS_PER_PART = 250


def site_parts(catalogue: Catalogue, languages: tuple[str, ...] = LANGUAGES) -> list[Part]:
    """The site's pages in shares that workers can make side by side (parallel.py); in
    order, they give the pages in `iter_site_pages`' order."""
    n = len(catalogue.all_versions)
    return [
        ("root", 0, 0),
        *(("lang", LANGUAGES.index(lang), 0) for lang in languages),
        *(("records", i, min(n, i + RECORDS_PER_PART)) for i in range(0, n, RECORDS_PER_PART)),
    ]


def part_pages(part: Part, catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> Iterator[GeneratedPage]:
    kind, a, b = part
    if kind == "root":
        yield GeneratedPage("index.md", root_markdown())
    elif kind == "lang":
        lang = LANGUAGES[a]
        yield GeneratedPage(f"{lang}/index.md", home_markdown(catalogue, lang))
        for rtype in TYPES:
            yield from (GeneratedPage(uri, md) for uri, md in browse_pages(rtype, catalogue, lang))
        yield from (GeneratedPage(uri, md) for uri, md in country_pages(catalogue, lang))
        yield GeneratedPage(f"{lang}/open-data.md", open_data_markdown(catalogue, lang))
        yield GeneratedPage(f"{lang}/articles/index.md", instruments_index_markdown(catalogue, lang))
        yield GeneratedPage(f"{lang}/search/index.md", search_markdown(catalogue, lang))
        for inst in catalogue.instruments.values():
            yield GeneratedPage(f"{lang}/articles/{inst.id}/index.md", instrument_markdown(inst, catalogue, lang))
            for n in sorted(inst.articles):
                yield GeneratedPage(f"{lang}/articles/{inst.id}/{n}.md", article_markdown(inst, n, catalogue, lang))
    else:
        for r in catalogue.all_versions[a:b]:
            yield GeneratedPage(record_src_uri(r), record_markdown(r, catalogue, site_url, site_name))
            if len(catalogue.versions.get(r.id, {})) > 1:
                yield GeneratedPage(parallel_src_uri(r), parallel_markdown(r, catalogue))


def asset(name: str) -> bytes:
    """The bytes of a packaged static asset (`treatykb.css`, `treatykb.js`)."""
    return resources.files("treatykb").joinpath(f"assets/{name}").read_bytes()
