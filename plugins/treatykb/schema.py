"""The fields of each record type, and validation that reports every problem at once.

Each field has a checker that either returns the normalised value or raises `Invalid`
with a message saying what was expected. The schema is data (the `FIELDS` tables), so the
same tables drive validation, documentation and (later) the `treatykb new` scaffold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .citations import Citation
from .instruments import ArticleRef, Instrument, check_ref, parse_article_ref
from .paragraphs import Paragraph
from .problems import Problem
from .records import LANGUAGES, SourceFile
from .vocab import MODEL, country_codes, suggest, vocabularies

TYPES = {"decision": "decisions", "case": "cases", "legislation": "legislation"}
"""Record type -> the folder it lives in (which is also its URL prefix)."""

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 80
DECISION_NUMBER = re.compile(r"^\d{1,2}/\d{1,2}$")
SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Invalid(Exception):
    """A value that does not fit its field; `path` narrows it to an item."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Context:
    """What checkers may consult: the record's language and the known instruments."""

    lang: str
    instruments: dict[str, Instrument]


Checker = Callable[[Any, Context], Any]


@dataclass(frozen=True)
class Field:
    name: str
    check: Checker
    required: bool = False
    doc: str = ""


# --- checkers ------------------------------------------------------------------------


def text(value: Any, ctx: Context) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f"expected text, got {_kind(value)}")
    s = str(value).strip()
    if not s:
        raise Invalid("must not be empty")
    return s


def multilingual(value: Any, ctx: Context) -> dict[str, str]:
    """Text in the record's language, or a map of language -> text that includes it."""
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for k, v in value.items():
            if k not in LANGUAGES:
                raise Invalid(
                    f"unknown language '{k}'; expected one of {', '.join(LANGUAGES)}{suggest(str(k), list(LANGUAGES))}", (str(k),)
                )
            try:
                out[k] = text(v, ctx)
            except Invalid as e:
                raise Invalid(e.message, (k,)) from None
        if ctx.lang not in out:
            raise Invalid(f"must include the record's own language '{ctx.lang}'")
        return out
    return {ctx.lang: text(value, ctx)}


def _no_bool(value: Any) -> None:
    """`country: NO` reads as false in YAML 1.1; say so rather than "unknown country 'False'"."""
    if isinstance(value, bool):
        raise Invalid("got true/false: YAML reads an unquoted yes, no, on or off that way; put the value in quotes")


def language(value: Any, ctx: Context) -> str:
    _no_bool(value)
    if value not in LANGUAGES:
        raise Invalid(f"unknown language '{value}'; expected one of {', '.join(LANGUAGES)}{suggest(str(value), list(LANGUAGES))}")
    return str(value)


def integer(value: Any, ctx: Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {_kind(value)}")
    if value < 1:
        raise Invalid("must be 1 or more")
    return value


def a_date(value: Any, ctx: Context) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY, kept as text so partial dates sort with full ones."""
    s = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    m = _DATE.match(s) if s else None
    if not m or s is None:
        raise Invalid(f"'{value}' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        date(y, int(mo or 1), int(d or 1))
    except ValueError:
        raise Invalid(f"'{s}' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY") from None
    if y < 1900 or y > 2100:
        raise Invalid(f"'{s}' is outside the years 1900 to 2100")
    return s


def one_of(vocabulary: str) -> Checker:
    def check(value: Any, ctx: Context) -> str:
        _no_bool(value)
        keys = vocabularies().keys(vocabulary)
        if not isinstance(value, str) or value not in keys:
            hint = suggest(str(value), keys) or f"; expected one of {', '.join(keys)}"
            raise Invalid(f"unknown value '{value}'{hint}")
        return value

    return check


def list_of(item: Checker, min_items: int = 0) -> Checker:
    def check(value: Any, ctx: Context) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {_kind(value)}")
        if len(value) < min_items:
            raise Invalid(f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        out = []
        for i, v in enumerate(value):
            try:
                out.append(item(v, ctx))
            except Invalid as e:
                raise Invalid(e.message, (i, *e.path)) from None
        if len(set(map(repr, out))) != len(out):
            raise Invalid("lists the same value twice")
        return out

    return check


def country(allow_model: bool) -> Checker:
    def check(value: Any, ctx: Context) -> str:
        _no_bool(value)
        codes = country_codes()
        if allow_model and value == MODEL:
            return MODEL
        if not isinstance(value, str) or value not in codes:
            extra = " or 'model'" if allow_model else ""
            hint = suggest(str(value), codes) or f"; expected an ISO 3166-1 alpha-3 code such as 'KEN'{extra}"
            raise Invalid(f"unknown country '{value}'{hint}")
        return value

    return check


def article_ref(value: Any, ctx: Context) -> ArticleRef:
    ref = parse_article_ref(value) if isinstance(value, str) else None
    if ref is None:
        raise Invalid(f"'{value}' is not an article reference; expected e.g. 'untoc 24', 'tip 6(3)', 'untoc 30(2)(c)'")
    if ctx.instruments and ref.instrument not in ctx.instruments:
        known = ", ".join(sorted(ctx.instruments))
        raise Invalid(f"unknown instrument '{ref.instrument}' in '{value}'; expected one of {known}, then the article, e.g. 'untoc 24'")
    problem = check_ref(ref, ctx.instruments) if ctx.instruments else None
    if problem:
        raise Invalid(problem)
    return ref


def symbol(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not SYMBOL.match(value.strip()):
        raise Invalid(f"'{value}' is not a UN document symbol; expected e.g. 'CTOC/COP/2006/14'")
    return value.strip()


def alias(value: Any, ctx: Context) -> str:
    """A former id (same folder) or `folder/id` (a record moved from another folder)."""
    if not isinstance(value, str):
        raise Invalid(f"expected a former id such as 'can-2013-jp' or 'cases/can-2013-jp', got {_kind(value)}")
    folder, _, old = value.strip().rpartition("/")
    if folder and folder not in TYPES.values():
        raise Invalid(f"unknown folder '{folder}'{suggest(folder, list(TYPES.values()))}; expected one of {', '.join(TYPES.values())}")
    if not ID_PATTERN.match(old) or len(old) > ID_MAX:
        raise Invalid(f"'{old}' is not an id: lower-case letters, digits and single hyphens, at most {ID_MAX} characters")
    return value.strip()


def decision_number(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not DECISION_NUMBER.match(value.strip()):
        raise Invalid(f"'{value}' is not a decision number; expected session/number in quotes, e.g. \"3/4\"")
    return value.strip()


def url(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s<>\"]+$", value.strip()):
        raise Invalid(f"'{value}' is not a web address; expected one starting with https://")
    return value.strip()


def mapping(fields: list[Field], need_one_of: tuple[str, ...] = ()) -> Checker:
    """A nested mapping with its own fields (e.g. one entry of `sources`)."""
    names = [f.name for f in fields]

    def check(value: Any, ctx: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"expected a mapping with {', '.join(names)}, got {_kind(value)}")
        out: dict[str, Any] = {}
        for k in value:
            if k not in names:
                hint = suggest(str(k), names) or "; expected " + ", ".join(names)
                raise Invalid(f"unknown field '{k}'{hint}", (str(k),))
        for f in fields:
            if f.name in value:
                try:
                    out[f.name] = f.check(value[f.name], ctx)
                except Invalid as e:
                    raise Invalid(e.message, (f.name, *e.path)) from None
            elif f.required:
                raise Invalid(f"missing field '{f.name}'")
        if need_one_of and not any(k in out for k in need_one_of):
            raise Invalid(f"needs {' or '.join(repr(k) for k in need_one_of)}")
        return out

    return check


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", bool: "true/false", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


# --- the schema ----------------------------------------------------------------------

SOURCE = mapping(
    [
        Field("title", text),
        Field("url", url),
        Field("symbol", symbol),
        Field("citation", text),
        Field("note", text),
        Field("language", language),
    ],
    need_one_of=("url", "symbol", "citation"),
)
PARTY = mapping([Field("role", text, required=True), Field("name", text)])

COMMON = [
    Field("id", text, True, "permanent identifier, shared by the record's language versions; the page URL is /<lang>/<folder>/<id>/"),
    Field("type", text, True, "decision, case or legislation; must match the folder"),
    Field("language", language, False, "language of the text (normally from the file name)"),
    Field("title", multilingual, True, "title in the record's language (or a map of language -> title)"),
    Field("summary", multilingual, True, "short abstract in the record's language (or a map)"),
    Field("topics", list_of(one_of("topics")), False, "cross-cutting issues (vocabulary `topics`)"),
    Field("articles", list_of(article_ref), False, "articles applied, implemented or concerned, e.g. 'untoc 24'"),
    Field("sources", list_of(SOURCE, min_items=1), True, "where the record comes from: {title, url, symbol, citation}"),
    Field("aliases", list_of(alias), False, "former ids (or folder/id) of this record; their old URLs redirect to its page"),
]

FIELDS: dict[str, list[Field]] = {
    "decision": [
        *COMMON,
        Field("kind", one_of("decision_kinds"), True, "decision, resolution, draft-resolution, agenda, ..."),
        Field("body", one_of("bodies"), True, "who adopted or issued it, e.g. cop"),
        Field("session", integer, False, "session of the Conference of the Parties"),
        Field("number", decision_number, False, 'decision or resolution number, e.g. "3/4"'),
        Field("symbol", symbol, False, "UN document symbol of the text"),
        Field("date", a_date, True, "date of adoption or issue"),
        Field("place", text, False, "where the meeting was held"),
    ],
    "case": [
        *COMMON,
        Field("country", country(allow_model=False), True, "ISO 3166-1 alpha-3 code of the state"),
        Field("court", text, True, "the court that decided"),
        Field("case_number", text, True, "docket number or neutral citation"),
        Field("decision_date", a_date, True, "date of the judgment"),
        Field("crime_types", list_of(one_of("crime_types"), min_items=1), True, "vocabulary `crime_types`"),
        Field("outcome", text, False, "what the court decided"),
        Field("sentence", text, False, "sentence imposed"),
        Field("procedural_history", text, False, "earlier decisions in the case"),
        Field("parties", list_of(PARTY), False, "parties as {role, name}"),
        Field("ecli", text, False, "European Case Law Identifier"),
    ],
    "legislation": [
        *COMMON,
        Field("country", country(allow_model=True), True, "ISO 3166-1 alpha-3 code, or 'model'"),
        Field("date", a_date, True, "date of adoption or publication"),
        Field("status", one_of("legislation_statuses"), True, "in-force, amended, repealed, draft or model"),
        Field("provision", text, False, "the part of the law this record covers"),
        Field("publisher", text, False, "issuing body"),
        Field("crime_types", list_of(one_of("crime_types")), False, "vocabulary `crime_types`"),
        Field("official_source", text, False, "official gazette or publication reference"),
    ],
}

_KINDS_WITH_NUMBER = {"decision", "resolution"}


# --- records -------------------------------------------------------------------------


@dataclass
class Record:
    """A validated record: normalised fields plus where it came from.

    `citations` and `paragraphs` are filled once by the catalogue, from the body.
    """

    id: str
    type: str
    lang: str
    src: SourceFile
    fields: dict[str, Any]
    articles: list[ArticleRef] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def paragraph_at(self, line: int) -> Paragraph | None:
        """The numbered paragraph holding a file line, if any."""
        rel = line - self.src.body_line
        for p in self.paragraphs:
            if p.first_line <= rel <= p.last_line:
                return p
        return None

    @property
    def collection(self) -> str:
        return TYPES[self.type]

    @property
    def url(self) -> str:
        """Site-relative URL of this language version's page: `<lang>/<folder>/<id>/`.

        Derived from the id and language, never from the file name."""
        return f"{self.lang}/{self.collection}/{self.id}/"

    @property
    def title(self) -> dict[str, str]:
        return self.fields["title"]  # type: ignore[no-any-return]

    @property
    def summary(self) -> dict[str, str]:
        return self.fields["summary"]  # type: ignore[no-any-return]

    @property
    def date(self) -> str:
        """The record's date for sorting (adoption, judgment or publication)."""
        return str(self.fields.get("date") or self.fields.get("decision_date") or "")

    @property
    def country(self) -> str | None:
        return self.fields.get("country")

    def title_in(self, lang: str) -> tuple[str, str]:
        """(title, language of that title): in `lang` if the record has it, else its own."""
        if lang in self.title:
            return self.title[lang], lang
        return self.title[self.lang], self.lang


def validate(src: SourceFile, folder_type: str | None, instruments: dict[str, Instrument]) -> tuple[Record | None, list[Problem]]:
    """Check a source file against its type's schema.

    Returns the record (None only when it cannot be identified: no usable id or type)
    and every problem found. A record with problems is still returned where possible,
    so the build can show it while the report lists what to fix.
    """
    problems: list[Problem] = []
    meta = src.meta

    def report(name: str, message: str, sub: tuple[str | int, ...] = ()) -> None:
        dotted = name + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in sub)
        problems.append(Problem(src.path, src.line_of(name, *sub), dotted, message))

    rtype = meta.get("type")
    if not isinstance(rtype, str) or rtype not in FIELDS:
        if rtype is None:
            where = "missing" if "type" not in meta else "is empty"
            report("type", f"{where}; expected {folder_type or 'decision, case or legislation'}")
        else:
            report("type", f"unknown type '{rtype}'; expected one of {', '.join(FIELDS)}{suggest(str(rtype), list(FIELDS))}")
        rtype = folder_type
    elif folder_type and rtype != folder_type:
        report("type", f"'{rtype}' records belong in content/{TYPES[rtype]}/, not content/{TYPES[folder_type]}/")
        rtype = folder_type  # check the rest against the folder's schema, to avoid a cascade
    if rtype is None:
        return None, problems

    lang = src.lang
    declared = meta.get("language")
    if lang is None and declared is None:
        problems.append(Problem(src.path, 1, "language", "unknown language; name the file '<name>.<lang>.md', e.g. 'decision-3-4.zh.md'"))
    elif lang is not None and lang not in LANGUAGES:
        problems.append(Problem(src.path, 1, "language", f"file name gives language '{lang}'; expected one of {', '.join(LANGUAGES)}"))
        lang = None
    elif declared is not None and lang is not None and declared != lang:
        report("language", f"says '{declared}' but the file name says '{lang}'")
    lang = lang or (declared if declared in LANGUAGES else "en")

    fields = FIELDS[rtype]
    names = [f.name for f in fields]
    ctx = Context(lang, instruments)
    values: dict[str, Any] = {}
    for key in meta:
        if key not in names:
            hint = suggest(str(key), names) or f"; {rtype} records take {', '.join(names)}"
            report(str(key), f"unknown field{hint}")
    for f in fields:
        if f.name == "type":
            values["type"] = rtype  # checked (and reported) above
            continue
        if f.name not in meta or meta[f.name] is None:
            if f.required:
                where = "missing" if f.name not in meta else "is empty"
                problems.append(Problem(src.path, src.line_of(f.name), f.name, f"{where}; expected {f.doc}"))
            continue
        try:
            values[f.name] = f.check(meta[f.name], ctx)
        except Invalid as e:
            report(f.name, e.message, e.path)

    if not src.body.strip():
        closing = max(1, src.body_line - 1)  # the body may have no line of its own
        problems.append(
            Problem(src.path, closing, "", "no text after the front matter; write the record's text (or digest) below the closing '---'")
        )
    rid = values.get("id")
    if rid is not None and (not ID_PATTERN.match(rid) or len(rid) > ID_MAX):
        report("id", f"'{rid}' is not a valid id; expected lower-case letters, digits and single hyphens, at most {ID_MAX} characters")
        rid = None
    if rtype == "decision" and values.get("kind") in _KINDS_WITH_NUMBER and meta.get("number") is None:
        report("number", f'a {values["kind"]} needs its number, e.g. "3/4"')
    if rid is None:
        return None, problems
    values.setdefault("title", {lang: rid})
    values.setdefault("summary", {})
    return Record(rid, rtype, lang, src, values, values.get("articles", [])), problems
