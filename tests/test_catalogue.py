"""Loading a whole content tree: every record once, every problem reported, none skipped."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, DECISION, LAW
from treatykb import catalogue

MakeContent = Callable[[dict[str, str]], Path]


def test_duplicate_ids_name_both_files(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE, "cases/b.en.md": CASE})
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == [
        "content/cases/b.en.md:2: id: 'can-2015-example' is already the id of content/cases/a.en.md:2"
    ]
    assert [r.src.path for r in cat.records] == ["content/cases/a.en.md"]


def test_two_records_claiming_one_decision_number(make_content: MakeContent) -> None:
    other = DECISION.replace("id: cop-decision-3-4", "id: cop-decision-3-4-copy")
    cat = catalogue.load(make_content({"decisions/a.en.md": DECISION, "decisions/b.en.md": other}))
    assert [str(p) for p in cat.problems] == [
        "content/decisions/b.en.md:2: id: 'cop-decision-3-4-copy' does not follow the id scheme: expected 'cop-decision-3-4' "
        "for this decision (see content/README.md; a record already published keeps its old id as an alias)",
        "content/decisions/b.en.md:7: number: '3/4' is already the number of content/decisions/a.en.md (cop-decision-3-4)",
    ]


@pytest.mark.parametrize(
    ("path", "text", "bad_id", "expected"),
    [
        ("cases/x.en.md", CASE, "gbr-2015-example", "can-2015-<short-name>"),
        ("cases/x.en.md", CASE, "can-2014-example", "can-2015-<short-name>"),
        ("cases/x.en.md", CASE, "can-2015", "can-2015-<short-name>"),
        ("legislation/x.en.md", LAW, "law-test", "model-<short-name>"),
        ("decisions/x.en.md", DECISION, "decision-3-4", "cop-decision-3-4"),
        (
            "decisions/x.en.md",
            DECISION.replace("kind: decision", "kind: agenda").replace('number: "3/4"\n', ""),
            "agenda-3",
            "cop-<short-name>",
        ),
    ],
)
def test_ids_follow_the_scheme(make_content: MakeContent, path: str, text: str, bad_id: str, expected: str) -> None:
    good = catalogue.load(make_content({path: text}))
    assert [str(p) for p in good.problems] == []
    old_id = re.search(r"^id: (\S+)$", text, re.M).group(1)  # type: ignore[union-attr]
    bad = catalogue.load(make_content({path: text.replace(f"id: {old_id}", f"id: {bad_id}")}))
    assert [str(p) for p in bad.problems] == [
        f"content/{path}:2: id: '{bad_id}' does not follow the id scheme: expected '{expected}' for this {bad.records[0].type} "
        "(see content/README.md; a record already published keeps its old id as an alias)"
    ]


def test_files_outside_record_folders_are_reported(make_content: MakeContent) -> None:
    content = make_content({"stray.en.md": CASE, "misc/x.en.md": LAW, "cases/ok.en.md": CASE})
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == [
        "content/misc/x.en.md:1: record outside the record folders; move it into one of content/decisions/, content/cases/, content/legislation/",
        "content/stray.en.md:1: record outside the record folders; move it into one of content/decisions/, content/cases/, content/legislation/",
    ]
    assert [r.id for r in cat.records] == ["can-2015-example"]


def test_symlink_out_of_content_is_refused(make_content: MakeContent, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(CASE, encoding="utf-8")
    content = make_content({})
    (content / "cases").mkdir()
    os.symlink(outside, content / "cases" / "link.en.md")
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == [
        "content/cases/link.en.md:1: links to a file outside the content folder; copy the record in instead"
    ]
    assert cat.records == []


def test_one_broken_file_does_not_stop_the_others(make_content: MakeContent) -> None:
    content = make_content(
        {
            "cases/broken.en.md": "---\nid: [unclosed\n---\n",
            "cases/good.en.md": CASE,
            "decisions/good.en.md": DECISION,
            "legislation/bad-country.en.md": LAW.replace("country: model", "country: XXX"),
        }
    )
    cat = catalogue.load(content)
    assert sorted(r.id for r in cat.records) == ["can-2015-example", "cop-decision-3-4", "model-law-test"]
    assert [p.path for p in cat.problems] == ["content/cases/broken.en.md", "content/legislation/bad-country.en.md"]


def test_missing_instrument_file_is_reported(make_content: MakeContent) -> None:
    content = make_content({})
    (content / "instruments" / "fp.yml").unlink()
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == ["content/instruments/fp.yml:1: instrument file for 'fp' is missing"]


def test_newest_first_with_partial_dates(make_content: MakeContent) -> None:
    content = make_content({"cases/c.en.md": CASE, "decisions/d.en.md": DECISION, "legislation/l.en.md": LAW})
    cat = catalogue.load(content)
    assert [r.date for r in cat.newest(3)] == ["2015-11-27", "2009", "2006-10-18"]
    assert cat.counts() == {"decision": 1, "case": 1, "legislation": 1}
