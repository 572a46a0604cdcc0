"""The citation parser, table-driven: every form that must match, and what must not."""

from __future__ import annotations

from typing import Any

import pytest

from treatykb.citations import find_citations

A = "article"


def arts(text: str) -> list[tuple[Any, ...]]:
    return [(c.instrument, c.article, c.paragraph, c.subparagraph) for c in find_citations(text) if c.kind == A]


ARTICLES = [
    # English: single articles, paragraphs and sub-paragraphs
    ("article 24", [("untoc", 24, None, None)]),
    ("Article 30, paragraph 2 (c)", [("untoc", 30, 2, "c")]),
    ("art. 32, para. 5", [("untoc", 32, 5, None)]),
    ("paragraph 5 of article 32", [("untoc", 32, 5, None)]),
    ("subparagraph (c) of paragraph 2 of article 30", [("untoc", 30, 2, "c")]),
    ("article 32(5)", [("untoc", 32, 5, None)]),
    ("article 30 (2)(c) of the Convention", [("untoc", 30, 2, "c")]),
    # ranges and enumerations
    ("articles 24 to 26", [("untoc", 24, None, None), ("untoc", 25, None, None), ("untoc", 26, None, None)]),
    ("arts. 27–29", [("untoc", 27, None, None), ("untoc", 28, None, None), ("untoc", 29, None, None)]),
    ("articles 14 and 15", [("untoc", 14, None, None), ("untoc", 15, None, None)]),
    ("articles 5, 16 and 18", [("untoc", 5, None, None), ("untoc", 16, None, None), ("untoc", 18, None, None)]),
    # a line break inside a citation, as PDF extraction leaves them
    ("under article\n32, paragraph\n5", [("untoc", 32, 5, None)]),
    # the instrument from the words around it
    ("article 6 of the Smuggling of Migrants Protocol", [("som", 6, None, None)]),
    ("article 5 of the Protocol against the Smuggling of Migrants by Land, Sea and Air", [("som", 5, None, None)]),
    ("article 3 (a) of the Trafficking in Persons Protocol", [("tip", 3, None, "a")]),
    (
        "articles 5, 16 and 18 of the Trafficking in Persons Protocol",
        [("tip", 5, None, None), ("tip", 16, None, None), ("tip", 18, None, None)],
    ),
    ("Firearms Protocol, art. 8", [("fp", 8, None, None)]),
    ("the Firearms Protocol's article 8", [("fp", 8, None, None)]),
    ("UNTOC art. 24", [("untoc", 24, None, None)]),
    ("article 24 of the Organized Crime Convention", [("untoc", 24, None, None)]),
    # Chinese
    ("第 32 条第 5 款", [("untoc", 32, 5, None)]),
    ("第 30 条第 2(c)款", [("untoc", 30, 2, "c")]),
    ("第 30 条第 2 款(c)项", [("untoc", 30, 2, "c")]),
    ("第 30 条第 2 款（c）项", [("untoc", 30, 2, "c")]),
    ("第27-29条", [("untoc", 27, None, None), ("untoc", 28, None, None), ("untoc", 29, None, None)]),
    ("第 27 至 29 条", [("untoc", 27, None, None), ("untoc", 28, None, None), ("untoc", 29, None, None)]),
    ("第 29 条和第 30 条", [("untoc", 29, None, None), ("untoc", 30, None, None)]),
    ("第 5、16 和 18 条", [("untoc", 5, None, None), ("untoc", 16, None, None), ("untoc", 18, None, None)]),
    ("第二十四条", [("untoc", 24, None, None)]),
    ("第三十二条第五款", [("untoc", 32, 5, None)]),
    ("第十条", [("untoc", 10, None, None)]),
    ("第24条", [("untoc", 24, None, None)]),
    ("第 30\n条第 2 款", [("untoc", 30, 2, None)]),
    ("第 30 條", [("untoc", 30, None, None)]),
    ("第 6 条第 1 款(一)项", [("untoc", 6, 1, "a")]),
    ("移民议定书第 15 条", [("som", 15, None, None)]),
    ("偷运移民议定书第6条", [("som", 6, None, None)]),
    ("《贩运人口议定书》第 5 条", [("tip", 5, None, None)]),
    ("枪支议定书第八条", [("fp", 8, None, None)]),
    ("《公约》第二十九条", [("untoc", 29, None, None)]),
    ("本公约第 5 条", [("untoc", 5, None, None)]),
    ("《联合国打击跨国有组织犯罪公约》第 29 条和第 30 条", [("untoc", 29, None, None), ("untoc", 30, None, None)]),
    ("执行公约《关于打击非法制造和贩运枪支及其零部件和弹药的补充议定书》第 8 条", [("fp", 8, None, None)]),
    # French, Spanish, Russian, Arabic
    ("l'article 24 de la Convention", [("untoc", 24, None, None)]),
    ("paragraphe 5 de l'article 32", [("untoc", 32, 5, None)]),
    ("articles 24 à 26", [("untoc", 24, None, None), ("untoc", 25, None, None), ("untoc", 26, None, None)]),
    ("artículo 6 del Protocolo contra el tráfico ilícito de migrantes", [("som", 6, None, None)]),
    ("párrafo 5 del artículo 32", [("untoc", 32, 5, None)]),
    (
        "artículos 24 a 26 del Protocolo contra la trata de personas",
        [("tip", 24, None, None), ("tip", 25, None, None), ("tip", 26, None, None)],
    ),
    ("статьи 24–26 Конвенции", [("untoc", 24, None, None), ("untoc", 25, None, None), ("untoc", 26, None, None)]),
    ("пункт 5 статьи 32", [("untoc", 32, 5, None)]),
    ("المادة 24 من الاتفاقية", [("untoc", 24, None, None)]),
    ("الفقرة 5 من المادة 32", [("untoc", 32, 5, None)]),
    ("المواد ٢٤ إلى ٢٦", [("untoc", 24, None, None), ("untoc", 25, None, None), ("untoc", 26, None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), ARTICLES, ids=[t for t, _ in ARTICLES])
def test_article_forms(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert arts(text) == expected


NOT_CITATIONS = [
    "第 2225、第 2237 卷，第 39574 号",  # treaty series volumes and registration number
    "United Nations, Treaty Series, vol. 2225, No. 39574",
    "第五届会议",  # session
    "议程项目 4",  # agenda item
    "agenda item 4 (b)",
    "paragraph 5",  # the record's own paragraph
    "see paragraph 6 above",
    "本条第 1 款",  # relative: this article's paragraph 1
    "on 17 October 2008",
    "2009 年 10 月 1 日",
    "rule 18 of the rules of procedure",
    "议事规则第 74 条",
    "article 32 of the United Nations Convention against Corruption",
    "article 24 of the Convention against Corruption",
    "《联合国反腐败公约》第 32 条",
    "反腐败公约第 5 条",
    "《刑法》第 24 条",
    "Article 5 of the Criminal Code",
    "section 117 of the Immigration and Refugee Protection Act",
    "article 5 of the Protocol",  # which Protocol? not guessed
    "该议定书第 5 条",
    "Article 4 of the European Convention on Human Rights",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_never_an_article_citation(text: str) -> None:
    assert arts(text) == []


def decisions(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.body, c.number) for c in find_citations(text) if c.kind == "decision"]


DECISIONS = [
    ("decision 3/4", [("cop", "3/4")]),
    ("Conference of the Parties decision 3/4, para. 6", [("cop", "3/4")]),
    ("resolutions 5/1 and 6/1", [("cop", "5/1"), ("cop", "6/1")]),
    ("第 3/4 号决定", [("cop", "3/4")]),
    ("第7/3号决议", [("cop", "7/3")]),
    ("第 5/1 号和第 6/1 号决议", [("cop", "5/1"), ("cop", "6/1")]),
    ("缔约方会议第 3/3 号决议", [("cop", "3/3")]),
    ("General Assembly resolution 55/25", [("ga", "55/25")]),
    ("Assembly resolution 55/255", [("ga", "55/255")]),
    ("大会第 55/25 号决议", [("ga", "55/25")]),
    ("resolution 55/25", [("ga", "55/25")]),  # numbering alone: no COP session 55
    ("第 2006/27 号决议", [("ecosoc", "2006/27")]),
    ("经济及社会理事会 2006 年 7 月 27 日第 2006/27 号决议", [("ecosoc", "2006/27")]),
    ("Economic and Social Council resolution 2006/27", [("ecosoc", "2006/27")]),
    ("résolution 55/25 de l'Assemblée générale", [("ga", "55/25")]),
    ("décision 3/4", [("cop", "3/4")]),
    ("resolución 5/6", [("cop", "5/6")]),
    ("решение 3/4", [("cop", "3/4")]),
    ("المقرر 3/4", [("cop", "3/4")]),
    ("Human Rights Council resolution 5/1", [("hrc", "5/1")]),
    ("the date 3/4 or a ratio 2/6", []),
    ("CTOC/COP/2008/7", []),
]


@pytest.mark.parametrize(("text", "expected"), DECISIONS, ids=[t for t, _ in DECISIONS])
def test_decision_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert decisions(text) == expected


SYMBOLS = [
    ("CTOC/COP/2008/7", ["CTOC/COP/2008/7"]),
    ("（CTOC/COP/WG.2/2009/2）", ["CTOC/COP/WG.2/2009/2"]),
    ("the report (A/64/123).", ["A/64/123"]),
    ("E/CN.15/2009/CRP.6", ["E/CN.15/2009/CRP.6"]),
    ("E/CN.7/2009/CRP.6-E/CN.15/2009/CRP.6", ["E/CN.7/2009/CRP.6", "E/CN.15/2009/CRP.6"]),
    ("CTOC/COP/2005/2/Rev.2、CTOC/COP/2006/8/Rev.1 和", ["CTOC/COP/2005/2/Rev.2", "CTOC/COP/2006/8/Rev.1"]),
    ("A/RES/55/25", ["A/RES/55/25"]),
    ("CTOC/COP/\n2008/7", ["CTOC/COP/2008/7"]),
    ("CTOC/COP/2010/L.4/Add.1", ["CTOC/COP/2010/L.4/Add.1"]),
    ("and/or", []),
    ("A/B testing", []),
    ("http://example.org/A/64/123x", []),
]


@pytest.mark.parametrize(("text", "expected"), SYMBOLS, ids=[t for t, _ in SYMBOLS])
def test_symbol_forms(text: str, expected: list[str]) -> None:
    assert [c.symbol for c in find_citations(text) if c.kind == "symbol"] == expected


def test_spans_lines_and_number_spans() -> None:
    text = "Intro.\n\nThe group recalled articles 24 to 26 and decision 3/4\n(see CTOC/COP/\n2008/7)."
    found = find_citations(text, first_line=10)
    assert [(c.kind, c.line) for c in found] == [("article", 12), ("article", 12), ("article", 12), ("decision", 12), ("symbol", 13)]
    group = found[0]
    assert text[group.start : group.end] == group.text == "articles 24 to 26"
    assert [text[c.num_start : c.num_end] if c.num_start is not None else None for c in found[:3]] == ["24", None, "26"]
    assert found[4].text == "CTOC/COP/\n2008/7" and found[4].symbol == "CTOC/COP/2008/7"


def test_as_json_has_the_cli_contract_fields() -> None:
    (c,) = find_citations("第 30 条第 2 款(c)项")
    assert c.as_json() == {
        "line": 1,
        "text": "第 30 条第 2 款(c)项",
        "kind": "article",
        "start": 0,
        "end": 15,
        "instrument": "untoc",
        "article": 30,
        "paragraph": 2,
        "subparagraph": "c",
    }


# Dense text: each of these took minutes at 100 KB when a failed match attempt rescanned
# the rest of a run (unbounded list repetition) or every citation was checked against
# every earlier one. They now take well under a second each; the test checks the results,
# and a regression shows as a suite that suddenly takes minutes (scripts/bench_parser.py
# prints the growth).
DENSE = [
    ("第1、" * 25_000 + "第1条", 41),  # a long run closed by 条 at the very end: its last 41 items
    ("公约第5条规定。" * 12_500, 12_500),
    ("See article 5 of the Convention. " * 3_000, 3_000),
    ("decision 3/4 and " * 6_000, 6_000),
]


@pytest.mark.parametrize(("text", "count"), DENSE, ids=["zh-run", "zh", "en", "decisions"])
def test_dense_text(text: str, count: int) -> None:
    found = find_citations(text)
    assert len(found) == count
    assert all(0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.text for c in found)


def test_a_list_longer_than_the_bound_keeps_its_first_items() -> None:
    """A list stops after _MAX_LIST items (real lists are far shorter); the items up to the
    bound are still found, and nothing after it is misread."""
    text = "articles " + ", ".join(str(n) for n in range(1, 61))
    found = arts(text)
    assert [a for _, a, _, _ in found] == list(range(1, 42))
