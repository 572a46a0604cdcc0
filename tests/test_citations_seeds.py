"""The parser on real COP documents as extracted from PDF (tests/data/seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatykb.citations import find_citations
from treatykb.citations.numerals import chinese_to_int, to_int

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def summary(text: str) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for c in find_citations(text):
        if c.kind == "article":
            out.append((c.line, "article", c.instrument, c.article, c.paragraph, c.subparagraph))
        elif c.kind == "decision":
            out.append((c.line, "decision", c.body, c.number))
        else:
            out.append((c.line, "symbol", c.symbol))
    return out


def test_decision_3_4() -> None:
    assert summary(seed("cop-decision-3-4.zh.txt")) == [
        (3, "decision", "cop", "3/4"),
        (7, "decision", "cop", "2/6"),
        (23, "article", "untoc", 32, 5, None),
        (27, "decision", "ga", "55/25"),
        (29, "decision", "ga", "55/25"),
        (29, "decision", "ga", "55/255"),
        (41, "decision", "cop", "3/2"),
        (43, "decision", "cop", "3/3"),
        (45, "article", "untoc", 30, 2, "c"),
        (61, "decision", "ecosoc", "2006/27"),
        (67, "decision", "ga", "55/255"),
    ]


def test_kenya_draft_resolution_ignores_treaty_series_numbers() -> None:
    assert summary(seed("cop5-kenya-draft-resolution.zh.txt")) == [
        (118, "article", "untoc", 30, 2, "c"),
        (122, "decision", "cop", "4/3"),
    ]


def test_working_group_agenda() -> None:
    found = summary(seed("wg2-2009-provisional-agenda.zh.txt"))
    assert (39, "article", "untoc", 29, None, None) in found
    assert (39, "article", "untoc", 30, None, None) in found
    assert (89, "article", "untoc", 32, 3, "a") in found
    assert [f[2] for f in found if f[1] == "symbol"] == [
        "CTOC/COP/WG.2/2009/2",
        "CTOC/COP/2008/16",
        "A/64/123",
        "A/64/123",
        "CTOC/COP/2008/16",
        "CTOC/COP/WG.2/2009/2",
        "CTOC/COP/2005/2/Rev.2",
        "CTOC/COP/2005/3/Rev.2",
        "CTOC/COP/2005/4/Rev.2",
        "CTOC/COP/2006/2/Rev.1",
        "CTOC/COP/2006/6/Rev.1",
        "CTOC/COP/2006/7/Rev.1",
        "CTOC/COP/2006/8/Rev.1",
        "E/CN.7/2009/CRP.6",
        "E/CN.15/2009/CRP.6",
        "CTOC/COP/2008/16",
        "CTOC/COP/2008/17",
    ]
    assert {f[3] for f in found if f[1] == "decision"} == {"4/3"}
    assert len([f for f in found if f[1] == "article"]) == 3


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十四", 24), ("四十一", 41), ("一百", 100), ("一百零一", 101), ("两", 2)],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "二三", "甲", "十x"])
def test_not_chinese_numerals(text: str) -> None:
    assert chinese_to_int(text) is None


def test_other_digit_scripts() -> None:
    assert to_int("٢٤") == 24
    assert to_int("２４") == 24
    assert to_int("24") == 24
