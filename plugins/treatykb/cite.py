"""How to cite a record, or one paragraph of it, in the record's own language.

Practitioners copy citations into court files, briefs and reports, so the page's "How to
cite" box, the paragraph links and the open data all take the same string from here:
UN style for decisions ("… decision 3/4, para. 7 (b)"), a court citation for cases
(name, case number, court and date), a legislation citation for laws (country or
publisher, title, provision, date, official publication), then the permalink.

Only facts the record has are used, in the record's language; the wording (templates,
month names, paragraph abbreviations) is interface text in `data/strings.yml` under
`cite`, so each language follows its own conventions ("第3/4号决定第7(b)段",
"décision 3/4, par. 7 b)").
"""

from __future__ import annotations

import re

from .schema import Record
from .vocab import MODEL, country_name, ui, vocabularies

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_SHOWN_STATUSES = ("amended", "repealed", "draft")
"""A law's status goes into its citation when a reader could be misled without it."""


def _t(key: str, lang: str, **values: str) -> str:
    return ui(f"cite.{key}", lang, **values)


def format_date(value: str, lang: str) -> str:
    """A record date (`2006`, `2006-10`, `2014-12-03`) as written in `lang`; anything
    else is returned as it is."""
    m = _DATE.match(value)
    if m is None:
        return value
    year, month, day = m.group("year"), m.group("month"), m.group("day")
    if month is None or not 1 <= int(month) <= 12:
        return _t("date_year", lang, year=year)
    key = MONTHS[int(month) - 1]
    if day is None:
        return _t("date_month", lang, year=year, month=_t(f"months.{key}", lang))
    shown_day = _t("first_day", lang) if int(day) == 1 else str(int(day))
    return _t("date_day", lang, year=year, month=_t(f"months_day.{key}", lang), day=shown_day)


def locator(anchor: str, lang: str) -> str:
    """How a paragraph is cited: `para-7-b` -> "para. 7 (b)", "第7(b)段", "par. 7 b)".

    The anchor names the paragraph and its sub-paragraphs (`para-3-a-i`); a number after
    the first (`para-1-2`, the second paragraph numbered 1) only keeps anchors unique and
    is not part of how the text numbers it."""
    parts = anchor.removeprefix("para-").split("-")
    number = parts[0] if parts and parts[0].isdigit() else None
    subs = "".join(_t("sub", lang, x=p) for p in parts if not p.isdigit())  # " (b)", " b)", "(b)"
    if number is None:
        return _t("para_letter", lang, n=subs.strip())
    return _t("para", lang, n=number + subs)


def _lower_first(text: str) -> str:
    """A vocabulary label inside a sentence ("Decision" -> "decision"); scripts without
    case are unchanged."""
    return text[:1].lower() + text[1:]


def _details(items: list[str], lang: str) -> str:
    shown = [i for i in items if i]
    return _t("details", lang, items=_t("sep", lang).join(shown)) if shown else ""


def citation(record: Record, anchor: str | None = None) -> str:
    """The citation of a language version of a record (of one of its paragraphs when
    `anchor` is given), in that version's language, without the permalink.

    A record with errors still gets a page, so a missing field leaves its part out
    rather than failing."""
    lang = record.lang
    f = record.fields
    title = record.title_in(lang)[0] if f.get("title") else record.id
    para = _t("para_join", lang, para=locator(anchor, lang)) if anchor else ""
    date = format_date(str(f["date"]), lang) if f.get("date") else ""
    if record.type == "decision":
        vocab = vocabularies()
        body = vocab.label_in("bodies", f["body"], lang)[0] if f.get("body") else ""
        kind = _lower_first(vocab.label_in("decision_kinds", f["kind"], lang)[0]) if f.get("kind") else ""
        details = _details([f.get("symbol", ""), date], lang)
        if f.get("number"):
            return _t("decision", lang, body=body, kind=kind, number=str(f["number"]), para=para, details=details)
        return _t("document", lang, body=body, kind=kind, title=title, para=para, details=details)
    if record.type == "case":
        court = str(f.get("court", ""))
        country = country_name(f["country"], lang) if f.get("country") else ""
        # "Supreme Court of Canada" says the country already.
        where = "" if country.casefold() in court.casefold() else country
        decided = format_date(str(f["decision_date"]), lang) if f.get("decision_date") else ""
        details = _details([where, court, decided, f.get("ecli", "")], lang)
        return _t("case", lang, title=title, case_number=str(f.get("case_number", "")), para=para, details=details)
    country = f.get("country", "")
    who = f.get("publisher", "") if country == MODEL else (country_name(country, lang) if country else "")
    status = f.get("status", "")
    shown_status = _lower_first(vocabularies().label_in("legislation_statuses", status, lang)[0]) if status in _SHOWN_STATUSES else ""
    return _t(
        "legislation",
        lang,
        who=_t("who", lang, who=who) if who else "",
        title=title,
        provision=_t("provision", lang, provision=f["provision"]) if f.get("provision") else "",
        para=para,
        details=_details([date, shown_status], lang),
        source=_t("source", lang, source=f["official_source"]) if f.get("official_source") else "",
    )


def permalink(record: Record, base: str, anchor: str | None = None) -> str:
    """The absolute address of a version's page (and paragraph); `base` is the site's
    address, ending in `/`."""
    return f"{base}{record.url}" + (f"#{anchor}" if anchor else "")


def cite(record: Record, base: str, anchor: str | None = None) -> str:
    """The string a reader copies: the citation, then the permalink. Without an absolute
    site address (`base` empty) there is no permalink to give, so the citation alone."""
    text = citation(record, anchor)
    if not re.match(r"^https?://", base):
        return text
    base = base if base.endswith("/") else base + "/"
    return _t("with_url", record.lang, citation=text, url=permalink(record, base, anchor))
