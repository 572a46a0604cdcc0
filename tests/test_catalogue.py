"""Loading a whole content tree: every record once, every problem reported, none skipped."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

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
        "content/decisions/b.en.md:7: number: '3/4' is already the number of content/decisions/a.en.md (cop-decision-3-4)"
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
