"""What a page tells the search index: filters (facets), metadata and a sort key.

Values are codes (`PHL`, `case`, `untoc 24`), never labels: the search page shows each in
the reader's language, and results from a Chinese and an English page share one facet.
The fields travel in the page's front matter (`tkb_search`), so any site generator can
carry them, and `markup` turns them into attributes of the HTML (Pagefind's markup,
which treatykb's own index reads: `extract.py`)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..instruments import ArticleRef
from ..schema import Record

SearchFields = dict[str, Any]
"""`{"filters": {name: [codes]}, "meta": {name: code}, "sort": {name: key}}`."""

FACETS = ("type", "country", "year", "crime", "topic", "instrument", "article")
"""The facets of the search page, in the order it shows them."""


def article_code(ref: ArticleRef) -> str:
    return f"{ref.instrument} {ref.article}"


def record_fields(record: Record, cited: list[ArticleRef]) -> SearchFields:
    """A record version's facets: type, country, year, crimes, topics, and the instruments
    and articles it cites (in its metadata or its text)."""
    f = record.fields
    filters: dict[str, list[str]] = {"type": [record.type]}
    if record.country:
        filters["country"] = [record.country]
    if record.date:
        filters["year"] = [record.date[:4]]
    if f.get("crime_types"):
        filters["crime"] = list(f["crime_types"])
    if f.get("topics"):
        filters["topic"] = list(f["topics"])
    articles = sorted({(r.instrument, r.article) for r in cited})
    if articles:
        filters["instrument"] = sorted({inst for inst, _ in articles})
        filters["article"] = [f"{inst} {n}" for inst, n in articles]
    meta = {"type": record.type, "lang": record.lang, "id": record.id}
    if record.date:
        meta["date"] = record.date
    if record.country:
        meta["country"] = record.country
    return {"filters": filters, "meta": meta, "sort": {"date": record.date or "0000"}}


def article_fields(instrument: str, article: int, lang: str) -> SearchFields:
    code = f"{instrument} {article}"
    return {
        "filters": {"type": ["article"], "instrument": [instrument], "article": [code]},
        "meta": {"type": "article", "lang": lang, "article": code},
        "sort": {"date": "0000"},
    }


def page_fields(lang: str, kind: str = "page") -> SearchFields:
    """Home, browse, instrument and hand-written pages: found by their words, filtered
    only as pages."""
    return {"filters": {"type": [kind]}, "meta": {"type": kind, "lang": lang}, "sort": {"date": "0000"}}


def markup(fields: SearchFields) -> str:
    """The attributes of a page's fields, as empty elements (no text of their own
    to be indexed or read aloud)."""
    parts = []
    for name, values in fields.get("filters", {}).items():
        parts += [f'<span data-pagefind-filter="{escape(name)}:{escape(str(v))}"></span>' for v in values]
    for name, value in fields.get("meta", {}).items():
        parts.append(f'<span data-pagefind-meta="{escape(name)}:{escape(str(value))}"></span>')
    for name, value in fields.get("sort", {}).items():
        parts.append(f'<span data-pagefind-sort="{escape(name)}:{escape(str(value))}"></span>')
    return f'<div class="tkb-search-fields" hidden>{"".join(parts)}</div>'
