"""The home page: what the knowledge base holds, and what was added last."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..schema import TYPES
from ..vocab import vocabularies
from .common import esc, front_matter, lang_attrs, rel, ui

LATEST = 10


def home_markdown(catalogue: Catalogue, page_lang: str = "en") -> str:
    counts = catalogue.counts()
    cards = "".join(
        f'<li><a href="{rel("", f"{folder}/")}"><strong>{counts[rtype]}</strong> '
        f"{esc(ui(f'record_types_plural.{rtype}', page_lang))}</a>"
        f"<p>{esc(ui(f'browse_intro.{rtype}', page_lang))}</p></li>"
        for rtype, folder in TYPES.items()
    )
    latest = []
    for r in catalogue.newest(LATEST):
        title, title_lang = r.title_in(page_lang)
        marker = f' <span class="tkb-lang-note">({esc(ui(f"languages.{r.lang}", page_lang))})</span>' if r.lang != page_lang else ""
        kind = vocabularies().label("record_types", r.type, page_lang)
        latest.append(
            f'<li><span class="tkb-date">{esc(r.date)}</span> · {esc(kind)} · '
            f'<a href="{esc(rel("", r.url))}"{lang_attrs(title_lang, page_lang)}>{esc(title)}</a>{marker}</li>'
        )
    instruments = "".join(
        f"<li>{esc(inst.name.get(page_lang) or inst.name.get('en', inst.id))} "
        f'<span class="tkb-count">{len(inst.articles)} {esc(ui("articles_count", page_lang))}</span></li>'
        for inst in catalogue.instruments.values()
    )
    return (
        front_matter(title="treatykb")
        + f'<h1>treatykb: UNTOC knowledge base</h1>\n\n<p class="tkb-lead">{esc(ui("site_intro", page_lang))}</p>\n\n'
        + f'<h2>{esc(ui("what_is_inside", page_lang))}</h2>\n\n<ul class="tkb-cards">{cards}</ul>\n\n'
        + f'<h2>{esc(ui("latest", page_lang))}</h2>\n\n<ul class="tkb-latest">{"".join(latest)}</ul>\n\n'
        + f'<h2>{esc(ui("instruments", page_lang))}</h2>\n\n<ul class="tkb-instruments">{instruments}</ul>\n'
    )
