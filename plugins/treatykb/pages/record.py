"""The page of one record: title, facts box, summary, then the text with anchors."""

from __future__ import annotations

from typing import Any

from ..catalogue import Catalogue
from ..instruments import ArticleRef
from ..paragraphs import number_paragraphs
from ..schema import Record
from ..vocab import country_name, vocabularies
from .articles import article_url, places_html
from .common import article_label, esc, front_matter, lang_attrs, rel, ui

UNDOCS = "https://undocs.org/"

#: Facts shown for each type, in order: (field, how to show it).
FACTS: dict[str, list[str]] = {
    "decision": ["kind", "body", "session", "number", "symbol", "date", "place"],
    "case": [
        "country",
        "court",
        "case_number",
        "decision_date",
        "crime_types",
        "outcome",
        "sentence",
        "procedural_history",
        "parties",
        "ecli",
    ],
    "legislation": ["country", "status", "date", "provision", "publisher", "official_source", "crime_types"],
}
_VOCAB_FIELDS = {"kind": "decision_kinds", "body": "bodies", "status": "legislation_statuses"}
_VOCAB_LISTS = {"crime_types": "crime_types", "topics": "topics"}


def record_src_uri(record: Record) -> str:
    """Where the record's page sits in the docs tree; its URL is `<folder>/<id>/`."""
    return f"{record.collection}/{record.id}.md"


def _value_html(name: str, value: Any, record: Record, lang: str) -> str:
    vocab = vocabularies()
    if name in _VOCAB_FIELDS:
        return esc(vocab.label(_VOCAB_FIELDS[name], value, lang))
    if name in _VOCAB_LISTS:
        return ", ".join(esc(vocab.label(_VOCAB_LISTS[name], v, lang)) for v in value)
    if name == "country":
        return esc(country_name(value, lang))
    if name == "symbol":
        return f'<a href="{esc(UNDOCS + value)}">{esc(value)}</a>'
    if name == "parties":
        return "; ".join(esc(p["role"]) + (f": {esc(p['name'])}" if "name" in p else "") for p in value)
    return esc(value)


def facts_html(record: Record, catalogue: Catalogue, lang: str = "en") -> str:
    """The facts box: the record's metadata as a definition list."""
    rows: list[tuple[str, str]] = [(ui("type", lang), esc(vocabularies().label("record_types", record.type, lang)))]
    for name in FACTS[record.type]:
        if name in record.fields:
            rows.append((ui(name, lang), _value_html(name, record.fields[name], record, lang)))
    rows.append((ui("language", lang), esc(ui(f"language_names.{record.lang}", lang))))
    cited = cited_articles(record)
    if cited:
        links = []
        for ref in cited:
            label = esc(article_label(ref, catalogue.instruments, lang))
            known = ref.instrument in catalogue.instruments and ref.article in catalogue.instruments[ref.instrument].articles
            href = rel(record.url, article_url(ref.instrument, ref.article)) + (f"#{ref.anchor}" if ref.anchor else "")
            links.append(f'<a href="{esc(href)}">{label}</a>' if known else label)
        rows.append((ui("articles_cited", lang), ", ".join(links)))
    if record.fields.get("topics"):
        rows.append((ui("topics", lang), _value_html("topics", record.fields["topics"], record, lang)))
    sources = []
    for s in record.fields.get("sources", []):
        label = esc(s.get("title") or s.get("symbol") or s.get("url") or s.get("citation"))
        target = s.get("url") or (UNDOCS + s["symbol"] if s.get("symbol") else None)
        extra = f" ({esc(s['symbol'])})" if s.get("symbol") and s.get("title") else ""
        cite = f" — {esc(s['citation'])}" if s.get("citation") and (s.get("title") or target) else ""
        note = f" — {esc(s['note'])}" if s.get("note") else ""
        shown = f'<a href="{esc(target)}">{label}</a>' if target else label
        sources.append(f"<li>{shown}{extra}{cite}{note}</li>")
    if sources:
        rows.append((ui("sources", lang), f"<ul>{''.join(sources)}</ul>"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<section class="tkb-facts" aria-label="{esc(ui("facts", lang))}"><dl>{body}</dl></section>'


def cited_articles(record: Record) -> list[ArticleRef]:
    """Articles the record cites: those its metadata lists, then those found in its text."""
    refs = list(record.articles)
    for c in record.citations:
        if c.kind == "article" and c.instrument and c.article:
            ref = ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph)
            if ref not in refs:
                refs.append(ref)
    return refs


def cited_by_html(record: Record, catalogue: Catalogue, lang: str = "en") -> str:
    """Other records that cite this one, by its decision number or document symbol."""
    places = catalogue.cited_by(record)
    if not places:
        return ""
    n = len({p.record.id for p in places})
    return (
        f'<h2 id="cited-by">{esc(ui("cited_by_records", lang))} <span class="tkb-count">{n}</span></h2>\n\n'
        + places_html(catalogue, places, record.url, lang, show_ref=False)
        + "\n"
    )


def summary_html(record: Record, page_lang: str = "en") -> str:
    """The summary in the record's language, then the editors' summaries in other languages,
    each marked with its language."""
    parts = []
    for text_lang in sorted(record.summary, key=lambda x: (x != record.lang, x)):
        note = ""
        if text_lang != record.lang:
            note = f' <span class="tkb-lang-note">({esc(ui(f"language_names.{text_lang}", page_lang))}; {esc(ui("editor_translation", page_lang))})</span>'
        parts.append(f"<p{lang_attrs(text_lang, page_lang)}>{esc(record.summary[text_lang])}{note}</p>")
    return f'<section class="tkb-summary"><h2>{esc(ui("summary", page_lang))}</h2>{"".join(parts)}</section>'


def record_markdown(record: Record, catalogue: Catalogue, page_lang: str = "en") -> str:
    """The whole page as Markdown (with HTML blocks), for MkDocs or any generator."""
    title, title_lang = record.title_in(record.lang)
    body, _ = number_paragraphs(record.src.body)
    heading = ui("text", page_lang) if record.type == "decision" else ui("digest", page_lang)
    other_titles = "".join(
        f'<p class="tkb-alt-title"{lang_attrs(t_lang, page_lang)}>{esc(t)} '
        f'<span class="tkb-lang-note">({esc(ui(f"language_names.{t_lang}", page_lang))}; {esc(ui("editor_translation", page_lang))})</span></p>'
        for t_lang, t in sorted(record.title.items())
        if t_lang != title_lang
    )
    return (
        front_matter(title=title, tkb_id=record.id, tkb_type=record.type, tkb_lang=record.lang)
        + f"<h1{lang_attrs(title_lang, page_lang)}>{esc(title)}</h1>\n\n"
        + (other_titles + "\n\n" if other_titles else "")
        + facts_html(record, catalogue, page_lang)
        + "\n\n"
        + summary_html(record, page_lang)
        + "\n\n"
        + f'<h2 id="text">{esc(heading)} <span class="tkb-lang-note">({esc(ui("text_language", page_lang, language=ui(f"language_names.{record.lang}", page_lang)))})</span></h2>\n\n'
        + f'<div class="tkb-text"{lang_attrs(record.lang, page_lang)} markdown>\n\n{body}\n\n</div>\n\n'
        + cited_by_html(record, catalogue, page_lang)
    )
