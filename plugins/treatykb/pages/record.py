"""The page of one language version of a record: title, facts box, summary, then the text
with anchors; and, for records written in several languages, the side-by-side view.

A record page exists only in the language its text is written in (never one copy per
interface language): its interface speaks that language, and it links to its other
language versions."""

from __future__ import annotations

import re
from typing import Any

from ..catalogue import Catalogue
from ..instruments import ArticleRef
from ..metadata import description, head_html
from ..paragraphs import number_paragraphs
from ..schema import Record
from ..search.fields import record_fields
from ..vocab import country_name, ui, vocabularies
from .articles import article_url, places_html
from .citebox import cite_box_html, paragraph_link_attrs, print_foot_html
from .common import RTL, article_label, esc, front_matter, labelled, lang_attrs, lang_marker, rel, switcher

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
    """Where a version's page sits in the docs tree; its URL is `<lang>/<folder>/<id>/`."""
    return f"{record.lang}/{record.collection}/{record.id}.md"


def parallel_src_uri(record: Record) -> str:
    """The side-by-side view, seen from one version: `<lang>/<folder>/<id>/parallel/`."""
    return f"{record.lang}/{record.collection}/{record.id}/parallel.md"


def parallel_url(record: Record) -> str:
    return f"{record.url}parallel/"


def _value_html(name: str, value: Any, record: Record, lang: str) -> str:
    vocab = vocabularies()
    if name in _VOCAB_FIELDS:
        return labelled(*vocab.label_in(_VOCAB_FIELDS[name], value, lang), lang)
    if name in _VOCAB_LISTS:
        return ", ".join(labelled(*vocab.label_in(_VOCAB_LISTS[name], v, lang), lang) for v in value)
    if name == "country":
        return esc(country_name(value, lang))
    if name == "symbol":
        return f'<a href="{esc(UNDOCS + value)}">{esc(value)}</a>'
    if name == "parties":
        return "; ".join(esc(p["role"]) + (f": {esc(p['name'])}" if "name" in p else "") for p in value)
    return esc(value)


def facts_html(record: Record, catalogue: Catalogue, lang: str = "en") -> str:
    """The facts box: the record's metadata as a definition list."""
    rows: list[tuple[str, str]] = [(ui("type", lang), labelled(*vocabularies().label_in("record_types", record.type, lang), lang))]
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
            href = rel(record.url, article_url(ref.instrument, ref.article, lang)) + (f"#{ref.anchor}" if ref.anchor else "")
            links.append(f'<a href="{esc(href)}">{label}</a>' if known else label)
        rows.append((ui("articles_cited", lang), ", ".join(links)))
    if record.fields.get("topics"):
        rows.append((ui("topics", lang), _value_html("topics", record.fields["topics"], record, lang)))
    sources = []
    for s in record.fields.get("sources", []):
        # A source's words are in its own language (`language`, else the record's).
        s_lang = s.get("language", record.lang)
        label = esc(s.get("title") or s.get("symbol") or s.get("url") or s.get("citation"))
        target = s.get("url") or (UNDOCS + s["symbol"] if s.get("symbol") else None)
        extra = f" ({esc(s['symbol'])})" if s.get("symbol") and s.get("title") else ""
        cite = f" — {esc(s['citation'])}" if s.get("citation") and (s.get("title") or target) else ""
        note = f" — {esc(s['note'])}" if s.get("note") else ""
        shown = f'<a href="{esc(target)}">{label}</a>' if target else label
        marker = f" {lang_marker(s_lang, lang)}" if s_lang != lang else ""
        sources.append(f"<li><span{lang_attrs(s_lang, lang)}>{shown}{extra}{cite}{note}</span>{marker}</li>")
    if sources:
        rows.append((ui("sources", lang), f"<ul>{''.join(sources)}</ul>"))
    # One row a line: the search index reads the words of each cell apart.
    body = "\n".join(f"<dt>{k}</dt>\n<dd>{v}</dd>" for k, v in rows)
    return f'<section class="tkb-facts" aria-label="{esc(ui("facts", lang))}"><dl>{body}</dl></section>'


def cited_articles(record: Record) -> list[ArticleRef]:
    """Articles the record cites: those its metadata lists, then those found in its text."""
    refs = list(record.articles)
    seen = set(refs)
    for c in record.citations:
        if c.kind == "article" and c.instrument and c.article:
            ref = ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph)
            if ref not in seen:
                seen.add(ref)
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
        text = f"<span{lang_attrs(text_lang, page_lang)}>{esc(record.summary[text_lang])}</span>"
        note = f" {lang_marker(text_lang, page_lang, ui('editor_translation', page_lang))}" if text_lang != record.lang else ""
        parts.append(f"<p>{text}{note}</p>")
    return f'<section class="tkb-summary"><h2>{esc(ui("summary", page_lang))}</h2>{"".join(parts)}</section>'


def versions_html(record: Record, catalogue: Catalogue) -> str:
    """Links to the record's other language versions and to the side-by-side view."""
    others = [v for lang, v in catalogue.versions.get(record.id, {}).items() if lang != record.lang]
    if not others:
        return ""
    links = [
        f'<a href="{esc(rel(record.url, v.url))}" hreflang="{v.lang}"{lang_attrs(v.lang, record.lang)}>{esc(ui(f"languages.{v.lang}", v.lang))}</a>'
        for v in others
    ]
    links.append(f'<a href="{esc(rel(record.url, parallel_url(record)))}">{esc(ui("parallel_view", record.lang))}</a>')
    return f'<p class="tkb-versions">{esc(ui("also_in", record.lang))}: {" · ".join(links)}</p>'


def record_alternates(record: Record, catalogue: Catalogue, parallel: bool = False) -> list[dict[str, str | None]]:
    versions = catalogue.versions.get(record.id, {record.lang: record})
    return switcher({lang: parallel_url(v) if parallel else v.url for lang, v in versions.items()}, record.lang)


TEXT_OPEN, TEXT_CLOSE = '<div class="tkb-text" markdown>', "\n\n</div>\n\n"
"""Around a record's text on its page: the one part of the page that is Markdown."""


def record_markdown(record: Record, catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> str:
    """The whole page of one version as Markdown (with HTML blocks), for MkDocs or any
    generator. The page speaks the version's language. Its front matter carries the
    description and the head tags (JSON-LD, Open Graph) the theme prints."""
    page_lang = record.lang
    title, title_lang = record.title_in(record.lang)
    body, _ = number_paragraphs(record.src.body, paragraph_link_attrs(record, site_url))
    heading = ui("text", page_lang) if record.type == "decision" else ui("digest", page_lang)
    other_titles = "".join(
        f'<p class="tkb-alt-title"><span{lang_attrs(t_lang, page_lang)}>{esc(t)}</span> '
        f"{lang_marker(t_lang, page_lang, ui('editor_translation', page_lang))}</p>"
        for t_lang, t in sorted(record.title.items())
        if t_lang != title_lang
    )
    return (
        front_matter(
            title=title,
            tkb_id=record.id,
            tkb_type=record.type,
            tkb_lang=page_lang,
            tkb_alternates=record_alternates(record, catalogue),
            tkb_search=record_fields(record, cited_articles(record)),
            description=description(record),
            tkb_head=head_html(record, catalogue, site_url, site_name),
        )
        + f"<h1{lang_attrs(title_lang, page_lang)}>{esc(title)}</h1>\n\n"
        + (other_titles + "\n\n" if other_titles else "")
        + versions_html(record, catalogue)
        + "\n\n"
        + facts_html(record, catalogue, page_lang)
        + "\n\n"
        + cite_box_html(record, site_url)
        + "\n\n"
        + summary_html(record, page_lang)
        + "\n\n"
        + f'<h2 id="text">{esc(heading)} <span class="tkb-lang-note">({esc(ui("text_language", page_lang, language=ui(f"language_names.{record.lang}", page_lang)))})</span></h2>\n\n'
        + f"{TEXT_OPEN}\n\n{body}{TEXT_CLOSE}"
        + cited_by_html(record, catalogue, page_lang)
        + "\n\n"
        + print_foot_html(record, site_url)
        + "\n"
    )


def _chunks(record: Record) -> list[tuple[str, str]]:
    """The version's text cut at its numbered paragraphs: (anchor, Markdown), the text
    before the first numbered paragraph under the anchor ''. Cut from the source text, so
    the cells carry no ids that would repeat on the page."""
    lines = record.src.body.split("\n")
    starts = sorted(p.first_line for p in record.paragraphs)
    anchors = {p.first_line: p.anchor for p in record.paragraphs}
    out: list[tuple[str, str]] = []
    first = starts[0] if starts else len(lines)
    if "\n".join(lines[:first]).strip():
        out.append(("", "\n".join(lines[:first]).strip()))
    for n, line in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        text = "\n".join(lines[line:end]).strip()
        out.append((anchors[line], _LIST_START.sub(r"\1\\.", text, count=1)))
    return out


_LIST_START = re.compile(r"^(\d{1,3})\.(?=\s)")
"""`6. text` would become an ordered list; in a cell it stays a numbered paragraph."""


def parallel_markdown(record: Record, catalogue: Catalogue) -> str:
    """Every language version of a record side by side, paragraph by paragraph, matched by
    paragraph anchors (`para-6` in one text sits beside `para-6` in the other)."""
    page_lang = record.lang
    versions = list(catalogue.versions[record.id].values())
    chunks = {v.lang: dict(_chunks(v)) for v in versions}
    order: list[str] = []
    for v in [record, *versions]:
        for anchor, _ in _chunks(v):
            if anchor not in order:
                order.append(anchor)
    names = ", ".join(ui(f"language_names.{v.lang}", page_lang) for v in versions)
    head = "".join(
        f'<div class="tkb-par-head"><a href="{esc(rel(parallel_url(record), v.url))}" hreflang="{v.lang}"{lang_attrs(v.lang, page_lang)}>'
        f"{esc(v.title_in(v.lang)[0])}</a> {lang_marker(v.lang, page_lang)}</div>"
        for v in versions
    )
    rows = []
    for anchor in order:
        cells = []
        for v in versions:
            text = chunks[v.lang].get(anchor)
            direction = f' dir="{"rtl" if v.lang in RTL else "ltr"}"'
            missing = f'<span class="tkb-lang-note" lang="{page_lang}">{esc(ui("parallel_missing", page_lang))}</span>'
            inner = text if text is not None else missing
            cells.append(f'<div class="tkb-par-cell" lang="{v.lang}"{direction} markdown>\n\n{inner}\n\n</div>')
        label = "" if anchor else f'<p class="tkb-hint">{esc(ui("unnumbered", page_lang))}</p>\n'
        rows.append(f'{label}<div class="tkb-par-row tkb-cols-{len(versions)}" markdown>\n\n' + "\n\n".join(cells) + "\n\n</div>")
    title = f"{record.title_in(page_lang)[0]} · {ui('parallel_view', page_lang)}"
    return (
        front_matter(
            title=title, tkb_id=record.id, tkb_lang=page_lang, tkb_parallel=True, tkb_alternates=record_alternates(record, catalogue, True)
        )
        + f"<h1>{esc(ui('parallel_view', page_lang))}: {esc(record.title_in(page_lang)[0])}</h1>\n\n"
        + f'<p class="tkb-lead">{esc(ui("parallel_intro", page_lang, languages=names))}</p>\n\n'
        + f'<div class="tkb-par-row tkb-par-heads tkb-cols-{len(versions)}">{head}</div>\n\n'
        + "\n\n".join(rows)
        + "\n"
    )
