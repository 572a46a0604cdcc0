"""Browse pages: one per record type, with counts and a sortable table of its records."""

from __future__ import annotations

from collections import Counter

from ..catalogue import Catalogue
from ..schema import TYPES, Record
from ..search.fields import page_fields
from ..vocab import country_name, ui, vocabularies
from .articles import record_link
from .common import esc, every_language, front_matter, in_lang, labelled


def browse_url(rtype: str, lang: str) -> str:
    return in_lang(lang, f"{TYPES[rtype]}/")


def _counts(title: str, counter: Counter[str], label: dict[str, str]) -> str:
    """Counts per value; `label` holds HTML (a label may carry a language mark)."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], label[kv[0]]))
    lis = "".join(f'<li>{label[k]} <span class="tkb-count">{n}</span></li>' for k, n in items)
    return f'<section class="tkb-counts"><h2>{esc(title)}</h2><ul>{lis}</ul></section>'


def _row(catalogue: Catalogue, record: Record, page_url: str, page_lang: str) -> str:
    # A record with errors may lack any field; it is still listed (and its errors reported).
    f = record.fields
    if record.type == "decision":
        where = labelled(*vocabularies().label_in("bodies", f["body"], page_lang), page_lang) if "body" in f else ""
        ident = esc(f.get("number") or f.get("symbol") or "")
    else:
        where = esc(country_name(f["country"], page_lang)) if "country" in f else ""
        if record.type == "case":
            ident = esc(f.get("case_number", ""))
        else:
            ident = labelled(*vocabularies().label_in("legislation_statuses", f["status"], page_lang), page_lang) if "status" in f else ""
    return (
        f'<tr><td data-sort="{esc(record.date)}">{esc(record.date)}</td>'
        f"<td>{record_link(catalogue, record, page_url, page_lang)}</td>"
        f"<td>{where}</td><td>{ident}</td></tr>"
    )


def browse_markdown(rtype: str, catalogue: Catalogue, page_lang: str) -> str:
    """The browse page of one record type, newest first, in one interface language. Every
    record is listed, each link marked with the language of the text it leads to."""
    records = catalogue.of_type(rtype)
    page_url = browse_url(rtype, page_lang)
    title = ui(f"record_types_plural.{rtype}", page_lang)
    years = Counter(r.date[:4] for r in records if r.date)
    counts = [_counts(ui("by_year", page_lang), years, {y: y for y in years})]
    if rtype == "decision":
        bodies = Counter(r.fields["body"] for r in records if "body" in r.fields)
        counts.insert(
            0,
            _counts(
                ui("by_body", page_lang), bodies, {b: labelled(*vocabularies().label_in("bodies", b, page_lang), page_lang) for b in bodies}
            ),
        )
        third, fourth = ui("body", page_lang), f"{ui('number', page_lang)} / {ui('symbol', page_lang)}"
    else:
        countries = Counter(r.fields["country"] for r in records if "country" in r.fields)
        counts.insert(0, _counts(ui("by_country", page_lang), countries, {c: esc(country_name(c, page_lang)) for c in countries}))
        third = ui("country", page_lang)
        fourth = ui("case_number", page_lang) if rtype == "case" else ui("status", page_lang)
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in (ui("date", page_lang), ui("title", page_lang), third, fourth))
    rows = "".join(_row(catalogue, r, page_url, page_lang) for r in records)
    return (
        front_matter(
            title=title, tkb_lang=page_lang, tkb_alternates=every_language(f"{TYPES[rtype]}/", page_lang), tkb_search=page_fields(page_lang)
        )
        + f"<h1>{esc(title)}</h1>\n\n"
        + f"<p>{esc(ui(f'browse_intro.{rtype}', page_lang))} "
        + f'<strong class="tkb-total">{esc(ui("count_of", page_lang, n=len(records), what=ui("records", page_lang)))}</strong></p>\n\n'
        + f'<div class="tkb-count-groups">{"".join(counts)}</div>\n\n'
        + f'<p class="tkb-hint">{esc(ui("sort_hint", page_lang))}</p>\n\n'
        + f'<table class="tkb-browse tkb-sortable" data-pagefind-ignore><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n'
    )
