"""Strategies and properties for fuzzing the core, shared by tests/test_fuzz.py (a few
hundred examples each, in the suite) and scripts/fuzz.py (as many as asked for).

A property is a plain function that raises AssertionError (or whatever escapes the code
under test) on a bad input; `TARGETS` pairs each with the strategy that feeds it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from conftest import CASE, DECISION, LAW, write_instruments
from test_citations_fuzz import TEXTS as CITATION_TEXTS
from treatykb.catalogue import SNIPPET_MAX, snippet
from treatykb.citations import find_citations
from treatykb.citations.numerals import chinese_to_int, to_int
from treatykb.instruments import Instrument, check_ref, load_instruments, parse_article_ref
from treatykb.paragraphs import number_paragraphs
from treatykb.problems import Problem
from treatykb.records import LANGUAGES, FieldPath, FrontMatterError, SourceFile, parse_source, read_source
from treatykb.schema import FIELDS, ID_MAX, ID_PATTERN, TYPES, validate

FOLDER_TYPES: list[str | None] = [*FIELDS, None]
FIELD_NAMES = sorted({f.name for fields in FIELDS.values() for f in fields} | {"title", "summary", "url", "symbol", "citation", "role"})


@cache
def instruments() -> dict[str, Instrument]:
    """The test instruments (conftest's stand-ins), loaded once per process."""
    folder = Path(tempfile.mkdtemp(prefix="treatykb-fuzz-"))
    write_instruments(folder)
    loaded, problems = load_instruments(folder / "instruments", "instruments")
    assert not problems
    return loaded


def _lines_in(text: str) -> int:
    """Lines as an editor counts them (CRLF, CR and LF each end one)."""
    return len(re.split(r"\r\n|\r|\n", text))


def _check_problem(p: Problem, path: str, n_lines: int) -> None:
    assert p.path == path, p
    assert 1 <= p.line <= max(1, n_lines), (p, n_lines)
    assert p.message and "\n" not in p.message and "\r" not in p.message, p
    assert "\n" not in str(p), p


# --- YAML-looking text, from a small grammar -------------------------------------------

_WORDS = ["a", "R. v. Example", "untoc 24", "2010-02-30", "2006-10", "3/4", "CAN", "KEN", "cop", "case", "x" * 90, "维也纳", "مادة", "é"]
_KEYS = st.one_of(
    st.sampled_from(FIELD_NAMES),
    st.sampled_from(["en", "zh", "fr-CA", "<<", "? a", "? [a, b]", "[a]", "{a: 1}", "~", "yes", "1", '"id"', "'type'", "", "-", "? "]),
    st.text(alphabet="abcxyz_-.", min_size=1, max_size=8),
)
_SCALARS = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(
        ["~", "null", "yes", "no", "NO", "on", "true", "0b_", "0x1F", "0o17", "1_000", "1:20", ".inf", ".nan", "._", "=", "-", "?"]
    ),
    st.sampled_from(['"unclosed', "'unclosed", '"a\\qb"', '"a\\x41"', "'it''s'", '"\\u2028"', "|", ">-", "|2", "@x", "`x", "%x", "#c"]),
    st.sampled_from(["&a x", "*a", "&a [1, 2]", "!!python/object/apply:os.system [true]", "!!binary aGk=", "!!set {a}", "!!int x"]),
    st.sampled_from(["!foo x", "!<tag:yaml.org,2002:str> x", "!!timestamp 2010-01-01", "!!bool maybe", "!!float x", "! x", "!!str 5"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet="abc :-,[]{}#&*!|>'\"%@`\t\\\x07\x85\u2028\ufeff", max_size=12),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_KEYS, inner), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.sampled_from(["[", "{", "]", "}", "[" * 30, "[" * 25 + "]" * 25]),
    ),
    max_leaves=8,
)
_INDENTS = st.sampled_from(["", "", "", "  ", "    ", " ", "\t", "  - ", "- ", "      "])
_LINES = st.one_of(
    st.tuples(_INDENTS, _KEYS, st.sampled_from([": ", ":", " : ", ": ", ":  "]), _VALUES).map("".join),
    st.tuples(_INDENTS, _VALUES).map("".join),
    st.sampled_from(["", "# comment", "---", "...", "--- x", "%YAML 1.1", "  ", "\t"]),
)
_ENDS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


@st.composite
def yaml_records(draw: st.DrawFn) -> str:
    """Something like a record: `---`, lines of fields, maybe a closing `---` and a body."""
    lines = draw(st.lists(_LINES, max_size=14))
    end = draw(_ENDS)
    closing = draw(st.sampled_from(["---", "---", "...", "", "--- "]))
    body = draw(st.one_of(st.just("Text."), st.just(""), CITATION_TEXTS))
    opening = draw(st.sampled_from(["---", "---", "--- ", "\ufeff---", "", "----"]))
    return end.join([opening, *lines, closing, body])


FRONT_MATTER_TEXTS = st.one_of(yaml_records(), st.text(max_size=300), st.text(max_size=100).map(lambda t: "---\n" + t + "\n---\nText.\n"))
FRONT_MATTER_BYTES = st.one_of(
    yaml_records().map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    st.binary(max_size=100).map(lambda b: b"---\n" + b + b"\n---\nText.\n"),
    st.sampled_from(["utf-16", "latin-1", "utf-8-sig", "cp1252"]).flatmap(
        lambda enc: yaml_records().map(lambda t: t.encode(enc, "replace"))
    ),
)


def check_front_matter(text: str) -> None:
    """Any text: parsed, or refused with a FrontMatterError naming a line of the text;
    what parses then validates against every schema without an exception."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text leaves it
    n = _lines_in(text)
    try:
        src = parse_source(text, "x.en.md", "x.en.md")
    except FrontMatterError as e:
        assert 1 <= e.line <= n, (e.line, n, e.message)
        assert e.message and "\n" not in e.message, e.message
        return
    assert isinstance(src.meta, dict) and all(isinstance(k, str) for k in src.meta)
    assert all(1 <= line <= n for line in src.lines.values()), src.lines
    assert 1 <= src.body_line <= n + 1
    for folder_type in FOLDER_TYPES:
        _check_validation(src, folder_type, n)


def check_file_bytes(raw: bytes) -> None:
    """Any bytes in a file: read, or one problem naming a line of the file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.en.md"
        path.write_bytes(raw)
        src, problem = read_source(path, "x.en.md")
    n = len(re.split(rb"\r\n|\r|\n", raw))
    if src is None:
        assert problem is not None
        _check_problem(problem, "x.en.md", n)
    else:
        assert problem is None
        assert all(1 <= line <= n for line in src.lines.values())


# --- schema ------------------------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.sampled_from(_WORDS), st.sampled_from(FIELD_NAMES)
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from([*FIELD_NAMES, *LANGUAGES]), st.text(max_size=8)), inner, max_size=4),
    ),
    max_leaves=6,
)
_FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(
        st.sampled_from(["can-2015-x", "../../x", "/etc/passwd", "..", "a" * 81, "A", "-a", "a--b", "cop-decision-3-4"]), _JSON
    ),
    "type": st.one_of(st.sampled_from(list(FIELDS)), _JSON),
    "aliases": st.lists(st.one_of(st.sampled_from(["../../x", "/etc/passwd", "..", "cases/a", "cases/../x", "a/b/c", "old-id"]), _JSON)),
    "date": st.one_of(st.sampled_from(["2010-02-30", "2009-13", "2009", "1899", "2006-10-18", "0000-00-00"]), _JSON),
    "articles": st.lists(st.one_of(st.sampled_from(["untoc 24", "untoc 99", "tip 6(3)", "untoc 32(9)", "som 6(1)(a)", "x 1"]), _JSON)),
}
_BASES = [parse_source(text, "x", "x.en.md").meta for text in (CASE, DECISION, LAW)]
_SPECIAL = st.one_of(*_FIELD_VALUES.values())


def _mutated(base: dict[str, Any], changed: dict[str, Any], dropped: list[str]) -> dict[str, Any]:
    return {k: v for k, v in {**base, **changed}.items() if k not in dropped}


MAPPINGS = st.builds(
    _mutated,
    st.sampled_from([*_BASES, {}]),
    st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12)), st.one_of(_JSON, _SPECIAL), max_size=5),
    st.lists(st.sampled_from(FIELD_NAMES), max_size=3),
)
"""Valid records (or nothing) with fields changed to JSON-like or nasty values, unknown
fields added and required ones dropped, so every checker and the record itself are reached."""


def _check_validation(src: SourceFile, folder_type: str | None, n_lines: int) -> None:
    record, problems = validate(src, folder_type, instruments())
    for p in problems:
        _check_problem(p, src.path, n_lines)
    if record is None:
        return
    assert ID_PATTERN.fullmatch(record.id) and len(record.id) <= ID_MAX, record.id
    assert record.lang in LANGUAGES and record.type in TYPES
    assert record.url == f"{record.lang}/{TYPES[record.type]}/{record.id}/"
    for alias in record.fields.get("aliases", []):
        folder, _, old = alias.rpartition("/")
        assert folder in ("", *TYPES.values()) and ID_PATTERN.fullmatch(old), alias


def check_schema(meta: dict[str, Any], folder_type: str | None, lang: str | None) -> None:
    """Any mapping against any schema: problems on lines of the front matter, never an
    exception; a record, when there is one, has an id and URL that stay in the site."""
    lines: dict[FieldPath, int] = {(k,): i + 2 for i, k in enumerate(meta)}
    n = len(meta) + 4
    src = SourceFile("x.md", meta, lines, "Text.", n, lang, "")
    _check_validation(src, folder_type, n)


SCHEMA_INPUTS = st.tuples(MAPPINGS, st.sampled_from(FOLDER_TYPES), st.sampled_from([*LANGUAGES, None, "xx"]))


# --- citations and the body ----------------------------------------------------------------

BODY_TEXTS = st.one_of(
    CITATION_TEXTS,
    st.lists(
        st.one_of(
            CITATION_TEXTS,
            st.sampled_from(["\n\n", "\n", "1. ", "2. ", "(a) ", "(b) ", "(i) ", "### 3. Heading\n", "```\n", "。", ". ", "*", "[^1]"]),
        ),
        max_size=30,
    ).map("".join),
)


def check_body(text: str) -> None:
    """Citations: one group never overlaps another; snippets stay short and one line;
    paragraphs: unique anchors on lines of the body."""
    citations = find_citations(text)
    assert [c.start for c in citations] == sorted(c.start for c in citations)
    groups = sorted({(c.start, c.end) for c in citations})
    for (_, end), (start, _) in pairwise(groups):
        assert end <= start, groups
    for c in citations:
        s = snippet(text, c.start, c.end)
        assert len(s) <= SNIPPET_MAX + 2 and "\n" not in s, s
        if c.kind == "article":
            assert c.instrument is not None and c.article is not None
            ref = parse_article_ref(f"{c.instrument} {c.article}")
            assert ref is not None and ref.article == c.article
            check_ref(ref, instruments())
    _, paragraphs = number_paragraphs(text)
    anchors = [p.anchor for p in paragraphs]
    assert len(anchors) == len(set(anchors)), anchors
    n = text.count("\n") + 1
    for p in paragraphs:
        assert 0 <= p.first_line <= p.last_line < n, p
        assert re.fullmatch(r"para-[0-9a-z-]+", p.anchor), p.anchor


ARTICLE_REFS = st.one_of(
    st.text(max_size=30),
    st.tuples(
        st.sampled_from(["untoc", "tip", "som", "fp", "x", "UNTOC", ""]),
        st.sampled_from([" ", "  ", "\t", ""]),
        st.integers(min_value=-5, max_value=5000).map(str),
        st.sampled_from(["", "(1)", "(2)", "(99)", " (3)", "(0)", "("]),
        st.sampled_from(["", "(a)", "(c)", "(iv)", "(abcde)", "(A)", ")"]),
    ).map("".join),
)


def check_article_ref(text: str) -> None:
    """`articles` entries: parsed to a reference that prints back as itself, or refused."""
    ref = parse_article_ref(text)
    if ref is None:
        return
    assert ref.article >= 0
    assert parse_article_ref(str(ref)) == ref
    check_ref(ref, instruments())


NUMERALS = st.one_of(
    st.text(max_size=8),
    st.text(alphabet="零〇一二两三四五六七八九十百", max_size=8),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９ ", max_size=6),
)


def check_numeral(text: str) -> None:
    for value in (to_int(text), chinese_to_int(text)):
        assert value is None or (isinstance(value, int) and value >= 0), (text, value)


# --- the registry --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    strategy: st.SearchStrategy[Any]
    check: Callable[..., None]
    unpack: bool = False
    """Whether the drawn value is a tuple of arguments."""


TARGETS: dict[str, Target] = {
    "front-matter-text": Target(FRONT_MATTER_TEXTS, check_front_matter),
    "front-matter-bytes": Target(FRONT_MATTER_BYTES, check_file_bytes),
    "schema": Target(SCHEMA_INPUTS, check_schema, unpack=True),
    "body": Target(BODY_TEXTS, check_body),
    "article-ref": Target(ARTICLE_REFS, check_article_ref),
    "numerals": Target(NUMERALS, check_numeral),
}
