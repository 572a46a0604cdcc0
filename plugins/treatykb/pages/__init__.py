"""Generated pages as Markdown documents: the same output feeds MkDocs and `generate`.

Nothing here imports MkDocs: each page is a (path in the docs tree, Markdown) pair that
the plugin turns into `File.generated` and `treatykb generate` writes to disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from ..catalogue import Catalogue
from ..schema import TYPES
from .articles import article_markdown, instrument_markdown, instruments_index_markdown
from .browse import browse_markdown
from .home import home_markdown
from .record import record_markdown, record_src_uri

ASSETS = ("assets/treatykb/treatykb.css", "assets/treatykb/treatykb.js")
"""Static files every site needs, relative to the docs tree."""


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    """Path of the Markdown file in the docs tree, e.g. `decisions/cop-decision-3-4.md`."""
    content: str


def site_pages(catalogue: Catalogue, lang: str = "en") -> list[GeneratedPage]:
    """Every page treatykb generates for a catalogue: home, browse, record and article pages."""
    pages = [GeneratedPage("index.md", home_markdown(catalogue, lang))]
    pages += [GeneratedPage(f"{folder}/index.md", browse_markdown(rtype, catalogue, lang)) for rtype, folder in TYPES.items()]
    pages += [GeneratedPage(record_src_uri(r), record_markdown(r, catalogue, lang)) for r in catalogue.records]
    pages.append(GeneratedPage("articles/index.md", instruments_index_markdown(catalogue, lang)))
    for inst in catalogue.instruments.values():
        pages.append(GeneratedPage(f"articles/{inst.id}/index.md", instrument_markdown(inst, catalogue, lang)))
        pages += [GeneratedPage(f"articles/{inst.id}/{n}.md", article_markdown(inst, n, catalogue, lang)) for n in sorted(inst.articles)]
    return pages


def asset(name: str) -> bytes:
    """The bytes of a packaged static asset (`treatykb.css`, `treatykb.js`)."""
    return resources.files("treatykb").joinpath(f"assets/{name}").read_bytes()
