"""Reading a record file: front matter problems are reported with their line, never raised."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatykb.records import FieldPath, language_of, parse_source, read_source

# (file text, expected "line: message")
UNREADABLE = [
    ("", "1: file is empty; a record needs YAML front matter and a body"),
    ("Just a body.\n", "1: a record must start with a line '---' opening its YAML front matter"),
    ("---\nid: a\n", "1: the front matter opened on line 1 is never closed with '---'"),
    ("---\n---\nbody\n", "2: front matter is empty"),
    ("---\n- a\n- b\n---\n", "2: front matter must be a mapping of fields, not a list"),
    ('---\nid: a\ntitle: "unclosed\ntype: case\n---\n', "3: invalid YAML: a quotation mark opened here is never closed"),
    ("---\nid: a\n\ttype: case\n---\n", "3: invalid YAML: a tab character; indent with spaces"),
    (
        "---\nid: a\n  type: case\n---\n",
        "3: invalid YAML: mapping values are not allowed here; check the indentation and quote text that contains ': '",
    ),
    ("---\nid: a\ntype: case\nid: b\n---\n", "4: invalid YAML: field 'id' is given twice (first on line 2)"),
    (
        '---\nid: a\nx: !!python/object/apply:os.system ["true"]\n---\n',
        "3: invalid YAML: the tag '!!python/object/apply:os.system' is not allowed; records hold only text, numbers, lists and mappings",
    ),
    ("---\na: &x [1, 2]\nb: *x\n---\n", "2: YAML anchors and aliases (&name, *name) are not allowed in records"),
    (
        '---\na: &a ["lol", "lol"]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n---\n',
        "2: YAML anchors and aliases (&name, *name) are not allowed in records",
    ),
    ("---\na: " + "[" * 30 + "]" * 30 + "\n---\n", "2: front matter is nested more than 20 levels deep"),
    ("---\na: " + "[" * 3000 + "]" * 3000 + "\n---\n", "2: front matter is nested more than 20 levels deep"),
]


@pytest.mark.parametrize(("text", "expected"), UNREADABLE, ids=[e[1][:50] for e in UNREADABLE])
def test_unreadable_front_matter_reports_line_and_reason(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "r.en.md"
    path.write_text(text, encoding="utf-8")
    src, problem = read_source(path, "content/cases/r.en.md")
    assert src is None and problem is not None
    assert str(problem) == f"content/cases/r.en.md:{expected}"


def test_fields_keep_their_lines_and_dates_stay_text() -> None:
    src = parse_source("---\nid: a\ndate: 2010-02-30\narticles:\n  - untoc 5\n  - tip 3\n---\n\nBody\n", "x", "a.zh.md")
    assert src.meta["date"] == "2010-02-30"  # not turned into a date (nor a crash)
    assert src.lang == "zh"
    expected: dict[FieldPath, int] = {("id",): 2, ("date",): 3, ("articles",): 4, ("articles", 0): 5, ("articles", 1): 6}
    assert src.lines == expected
    assert src.body_line == 8
    assert src.body == "\nBody\n"
    assert src.line_of("articles", 1) == 6
    assert src.line_of("missing") == 1


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "r.en.md"
    path.write_bytes(b"---\nid: a\ntitle: caf\xe9\n---\n")
    src, problem = read_source(path, "r.en.md")
    assert src is None
    assert str(problem) == "r.en.md:3: not valid UTF-8 (byte 20); save the file as UTF-8"


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf---\nid: a\n---\nBody\n",  # byte-order mark
        b"---\r\nid: a\r\n---\r\nBody\r\n",  # CRLF
        b"---\nid: a\r\n---\rBody\n",  # mixed line ends
    ],
    ids=["bom", "crlf", "mixed"],
)
def test_bom_and_line_endings_are_normalised(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "r.en.md"
    path.write_bytes(raw)
    src, problem = read_source(path, "r.en.md")
    assert problem is None and src is not None
    assert src.meta == {"id": "a"}
    assert src.body.strip() == "Body"


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "r.en.md"
    path.write_bytes(b"---\nid: a\n---\n" + b"x" * 3_000_000)
    src, problem = read_source(path, "r.en.md")
    assert src is None
    assert str(problem) == "r.en.md:1: file is 3,000,014 bytes; records are limited to 2,000,000 bytes"


@pytest.mark.parametrize(
    ("name", "lang"),
    [("decision-3-4.zh.md", "zh"), ("a.en.md", "en"), ("a.md", None), ("a.b.c.md", None), ("x.fr.md", "fr")],
)
def test_language_of_file_name(name: str, lang: str | None) -> None:
    assert language_of(name) == lang
