"""Each record type's schema: valid examples pass, broken ones give the exact message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, DECISION, LAW
from treatykb import catalogue

MakeContent = Callable[[dict[str, str]], Path]

VALID = {
    "decisions/decision-3-4.en.md": DECISION,
    "cases/can-2015-example.en.md": CASE,
    "legislation/model-law-test.en.md": LAW,
}


def problems_of(make_content: MakeContent, rel: str, text: str) -> list[str]:
    content = make_content({rel: text})
    return [str(p) for p in catalogue.load(content).problems]


def test_valid_examples_have_no_problems(make_content: MakeContent) -> None:
    cat = catalogue.load(make_content(VALID))
    assert [str(p) for p in cat.problems] == []
    assert sorted(r.id for r in cat.records) == ["can-2015-example", "cop-decision-3-4", "model-law-test"]
    decision = cat.by_id["cop-decision-3-4"]
    assert decision.url == "en/decisions/cop-decision-3-4/"
    assert decision.lang == "en"
    assert decision.fields["date"] == "2006-10-18"
    assert [str(a) for a in decision.articles] == ["untoc 32(5)"]
    assert cat.by_number["3/4"] is decision
    assert cat.by_id["model-law-test"].fields["date"] == "2009"


D = "decisions/decision-3-4.en.md"
C = "cases/can-2015-example.en.md"
L = "legislation/model-law-test.en.md"

# (file, text replaced, replacement, the exact problem expected)
BROKEN = [
    (
        D,
        "date: 2006-10-18",
        "date: 2010-02-30",
        "content/decisions/decision-3-4.en.md:8: date: '2010-02-30' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    (
        D,
        "date: 2006-10-18",
        "date: 18 October 2006",
        "content/decisions/decision-3-4.en.md:8: date: '18 October 2006' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    (D, "date: 2006-10-18\n", "", "content/decisions/decision-3-4.en.md:1: date: missing; expected date of adoption or issue"),
    (
        D,
        'number: "3/4"',
        "number: 3/4x",
        "content/decisions/decision-3-4.en.md:7: number: '3/4x' is not a decision number; expected session/number in quotes, e.g. \"3/4\"",
    ),
    (D, 'number: "3/4"\n', "", 'content/decisions/decision-3-4.en.md:1: number: a decision needs its number, e.g. "3/4"'),
    (D, "body: cop", "body: coop", "content/decisions/decision-3-4.en.md:5: body: unknown value 'coop'; did you mean 'cop'?"),
    (
        D,
        "kind: decision",
        "kind: decisoin",
        "content/decisions/decision-3-4.en.md:4: kind: unknown value 'decisoin'; did you mean 'decision'?",
    ),
    (D, "session: 3", "session: three", "content/decisions/decision-3-4.en.md:6: session: expected a whole number, got text"),
    (D, "session: 3", "sesion: 3", "content/decisions/decision-3-4.en.md:6: sesion: unknown field; did you mean 'session'?"),
    (
        D,
        '["untoc 32(5)"]',
        '["untoc 45"]',
        "content/decisions/decision-3-4.en.md:11: articles[0]: UNTOC has no article 45 (it has articles 1 to 41)",
    ),
    (
        D,
        '["untoc 32(5)"]',
        '["untoc 32(6)"]',
        "content/decisions/decision-3-4.en.md:11: articles[0]: article 32 of the UNTOC has no paragraph 6 (it has 5)",
    ),
    (
        D,
        '["untoc 32(5)"]',
        '["article 32"]',
        "content/decisions/decision-3-4.en.md:11: articles[0]: unknown instrument 'article' in 'article 32'; expected one of fp, som, tip, untoc, then the article, e.g. 'untoc 24'",
    ),
    (
        D,
        '["untoc 32(5)"]',
        '["untoc 32 (5) (c) x"]',
        "content/decisions/decision-3-4.en.md:11: articles[0]: 'untoc 32 (5) (c) x' is not an article reference; expected e.g. 'untoc 24', 'tip 6(3)', 'untoc 30(2)(c)'",
    ),
    (
        D,
        '["untoc 32(5)"]',
        '["ctoc 3"]',
        "content/decisions/decision-3-4.en.md:11: articles[0]: unknown instrument 'ctoc' in 'ctoc 3'; expected one of fp, som, tip, untoc, then the article, e.g. 'untoc 24'",
    ),
    (
        D,
        "symbol: CTOC/COP/2006/14",
        "symbol: CTOC COP 2006",
        "content/decisions/decision-3-4.en.md:14: sources[0].symbol: 'CTOC COP 2006' is not a UN document symbol; expected e.g. 'CTOC/COP/2006/14'",
    ),
    (D, "    symbol: CTOC/COP/2006/14\n", "", "content/decisions/decision-3-4.en.md:13: sources[0]: needs 'url' or 'symbol' or 'citation'"),
    (
        D,
        "title: Recommendations on technical assistance",
        "title: {fr: Recommandations}",
        "content/decisions/decision-3-4.en.md:9: title: must include the record's own language 'en'",
    ),
    (
        D,
        "title: Recommendations on technical assistance",
        "title: {xx: Recommandations, en: R}",
        "content/decisions/decision-3-4.en.md:9: title.xx: unknown language 'xx'; expected one of ar, zh, en, fr, ru, es",
    ),
    (D, "title: Recommendations on technical assistance", "title: ''", "content/decisions/decision-3-4.en.md:9: title: must not be empty"),
    (
        D,
        "type: decision",
        "type: case",
        "content/decisions/decision-3-4.en.md:3: type: 'case' records belong in content/cases/, not content/decisions/",
    ),
    (
        D,
        "type: decision",
        "type: decree",
        "content/decisions/decision-3-4.en.md:3: type: unknown type 'decree'; expected one of decision, case, legislation",
    ),
    (
        D,
        "id: cop-decision-3-4",
        "id: ../../etc/passwd",
        "content/decisions/decision-3-4.en.md:2: id: '../../etc/passwd' is not a valid id; expected lower-case letters, digits and single hyphens, at most 80 characters",
    ),
    (
        D,
        "id: cop-decision-3-4",
        "id: Decision_3_4",
        "content/decisions/decision-3-4.en.md:2: id: 'Decision_3_4' is not a valid id; expected lower-case letters, digits and single hyphens, at most 80 characters",
    ),
    (C, "country: CAN", "country: KEY", "content/cases/can-2015-example.en.md:4: country: unknown country 'KEY'; did you mean 'KEN'?"),
    (
        C,
        "country: CAN",
        "country: model",
        "content/cases/can-2015-example.en.md:4: country: unknown country 'model'; expected an ISO 3166-1 alpha-3 code such as 'KEN'",
    ),
    (
        C,
        "crime_types: [smuggling-of-migrants]",
        "crime_types: []",
        "content/cases/can-2015-example.en.md:8: crime_types: needs at least 1 item",
    ),
    (
        C,
        "crime_types: [smuggling-of-migrants]",
        "crime_types: smuggling-of-migrants",
        "content/cases/can-2015-example.en.md:8: crime_types: expected a list, got text",
    ),
    (
        C,
        "crime_types: [smuggling-of-migrants]",
        "crime_types: [smugling-of-migrants]",
        "content/cases/can-2015-example.en.md:8: crime_types[0]: unknown value 'smugling-of-migrants'; did you mean 'smuggling-of-migrants'?",
    ),
    (C, "court: Supreme Court\n", "", "content/cases/can-2015-example.en.md:1: court: missing; expected the court that decided"),
    (
        C,
        "  - url: https://example.org/judgment",
        "  - url: example.org/judgment",
        "content/cases/can-2015-example.en.md:13: sources[0].url: 'example.org/judgment' is not a web address; expected one starting with https://",
    ),
    (
        C,
        "  - url: https://example.org/judgment",
        "  - link: https://example.org/judgment",
        "content/cases/can-2015-example.en.md:13: sources[0].link: unknown field 'link'; expected title, url, symbol, citation, note, language",
    ),
    (
        L,
        "status: model",
        "status: valid",
        "content/legislation/model-law-test.en.md:6: status: unknown value 'valid'; expected one of in-force, amended, repealed, draft, model",
    ),
    (
        L,
        "summary: A model law for tests.\n",
        "",
        "content/legislation/model-law-test.en.md:1: summary: missing; expected short abstract in the record's language (or a map)",
    ),
    (
        L,
        "sources:\n  - title: Publication\n    url: https://example.org/model-law\n",
        "sources: []\n",
        "content/legislation/model-law-test.en.md:9: sources: needs at least 1 item",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), BROKEN, ids=[f"{b[0].split('/')[0]}:{b[2][:30]}" for b in BROKEN])
def test_broken_field_gives_exact_message(make_content: MakeContent, rel: str, old: str, new: str, expected: str) -> None:
    text = VALID[rel]
    assert old in text, "the test's replacement must apply"
    assert problems_of(make_content, rel, text.replace(old, new, 1)) == [expected]


def test_every_problem_of_a_record_is_reported_at_once(make_content: MakeContent) -> None:
    text = DECISION.replace("date: 2006-10-18", "date: 2010-02-30").replace("body: cop", "body: coop").replace("session: 3", "sesion: 3")
    found = problems_of(make_content, D, text)
    assert [p.split(": ")[1] for p in found] == ["body", "sesion", "date"]


def test_a_file_name_without_language_is_reported(make_content: MakeContent) -> None:
    found = problems_of(make_content, "decisions/decision-3-4.md", DECISION)
    assert found == [
        "content/decisions/decision-3-4.md:1: language: unknown language; name the file '<name>.<lang>.md', e.g. 'decision-3-4.zh.md'"
    ]


def test_declared_language_must_agree_with_the_file_name(make_content: MakeContent) -> None:
    found = problems_of(make_content, D, DECISION.replace("kind: decision", "kind: decision\nlanguage: zh"))
    assert found == ["content/decisions/decision-3-4.en.md:5: language: says 'zh' but the file name says 'en'"]


def test_record_with_errors_is_still_in_the_catalogue(make_content: MakeContent) -> None:
    content = make_content({D: DECISION.replace("body: cop", "body: coop")})
    cat = catalogue.load(content)
    assert [r.id for r in cat.records] == ["cop-decision-3-4"]
    assert len(cat.problems) == 1
