"""Citations of records and paragraphs, in each record's language (the pure core)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import dedent
from treatykb import catalogue as cat
from treatykb.cite import citation, cite, format_date, locator
from treatykb.schema import Record

MakeContent = Callable[[dict[str, str]], Path]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2006", "en", "2006"),
        ("2006-10", "en", "October 2006"),
        ("2014-12-03", "en", "3 December 2014"),
        ("2014-12-01", "fr", "1er décembre 2014"),
        ("2014-12-03", "fr", "3 décembre 2014"),
        ("2014-12-03", "es", "3 de diciembre de 2014"),
        ("2010-10", "es", "octubre de 2010"),
        ("2009", "ru", "2009 год"),
        ("2010-10", "ru", "октябрь 2010 года"),
        ("2015-11-27", "ru", "27 ноября 2015 года"),
        ("2006-10", "zh", "2006年10月"),
        ("2009-08-14", "zh", "2009年8月14日"),
        ("2015-11-27", "ar", "27 تشرين الثاني/نوفمبر 2015"),
        ("2006-06", "ar", "حزيران/يونيه 2006"),
        ("n.d.", "en", "n.d."),  # not a date: shown as written
    ],
)
def test_dates_are_written_as_each_language_writes_them(value: str, lang: str, expected: str) -> None:
    assert format_date(value, lang) == expected


@pytest.mark.parametrize(
    ("anchor", "lang", "expected"),
    [
        ("para-6", "en", "para. 6"),
        ("para-7-b", "en", "para. 7 (b)"),
        ("para-3-a-ii", "en", "para. 3 (a) (ii)"),
        ("para-b", "en", "para. (b)"),
        ("para-1-2", "en", "para. 1"),  # the second paragraph numbered 1: the suffix only keeps anchors unique
        ("para-7-b", "zh", "第7(b)段"),
        ("para-6", "zh", "第6段"),
        ("para-b", "zh", "(b)段"),
        ("para-7-b", "fr", "par. 7 b)"),
        ("para-7-b", "es", "párr. 7 b)"),
        ("para-7-b", "ru", "п. 7 (b)"),
        ("para-7-b", "ar", "الفقرة 7 (b)"),
    ],
)
def test_paragraphs_are_cited_as_each_language_cites_them(anchor: str, lang: str, expected: str) -> None:
    assert locator(anchor, lang) == expected


DECISION = dedent(
    """
    ---
    id: cop-decision-3-4
    type: decision
    kind: decision
    body: cop
    session: 3
    number: "3/4"
    symbol: CTOC/COP/2006/14
    date: 2006-10-18
    title: Recommendations on technical assistance
    summary: The Conference endorsed recommendations.
    sources:
      - symbol: CTOC/COP/2006/14
    ---

    1. The working group stressed the need for information.

    2. Priority areas:

    (a) criminalization;

    (b) international cooperation.
    """
)


def translation(lang: str, title: str) -> str:
    """A language version that takes its metadata from the English one."""
    return dedent(
        f"""
        ---
        id: cop-decision-3-4
        title: "{title}"
        summary: "-"
        sources:
          - symbol: CTOC/COP/2006/14
        ---

        1. -

        2. -

        (a) -

        (b) -
        """
    )


AGENDA = dedent(
    """
    ---
    id: wg-technical-assistance-2009-provisional-agenda
    type: decision
    kind: agenda
    body: wg-technical-assistance
    date: 2009-08-14
    title: Provisional agenda and annotations
    summary: The agenda.
    sources:
      - citation: Provisional agenda, 14 August 2009
    ---

    1. Organizational matters.
    """
)

CASE = dedent(
    """
    ---
    id: can-2015-example
    type: case
    country: CAN
    court: Federal Court of Appeal
    case_number: "2015 FCA 1"
    decision_date: 2015-11-27
    crime_types: [smuggling-of-migrants]
    title: R. v. Example
    summary: A test digest.
    ecli: "ECLI:XX:FCA:2015:1"
    sources:
      - url: https://example.org/judgment
    ---

    1. The facts.
    """
)

CASE_ES = dedent(
    """
    ---
    id: can-2016-ejemplo
    type: case
    country: CAN
    court: Corte Suprema de Canadá
    case_number: "2016 SCC 2"
    decision_date: 2016-03-01
    crime_types: [smuggling-of-migrants]
    title: R. c. Ejemplo
    summary: Un resumen.
    sources:
      - url: https://example.org/fallo
    ---

    Texto.
    """
)

LAW = dedent(
    """
    ---
    id: can-immigration-act
    type: legislation
    country: CAN
    date: 2001-11-01
    status: repealed
    provision: section 117
    official_source: S.C. 2001, c. 27
    title: Immigration and Refugee Protection Act
    summary: A test law.
    sources:
      - url: https://example.org/act
    ---

    Text.
    """
)

MODEL_LAW = dedent(
    """
    ---
    id: model-law-test
    type: legislation
    country: model
    date: 2009
    status: model
    publisher: UNODC
    official_source: United Nations publication, Sales No. E.09.V.11
    title: Model Law against Trafficking in Persons
    summary: A model law.
    sources:
      - url: https://example.org/model-law
    ---

    Text.
    """
)

BODY_EN = "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"


@pytest.fixture
def records(make_content: MakeContent) -> dict[tuple[str, str], Record]:
    content = make_content(
        {
            "decisions/decision-3-4.en.md": DECISION,
            "decisions/decision-3-4.zh.md": translation("zh", "技术援助问题工作组的建议"),
            "decisions/decision-3-4.fr.md": translation("fr", "Recommandations sur l’assistance technique"),
            "decisions/decision-3-4.ar.md": translation("ar", "توصيات بشأن المساعدة التقنية"),
            "decisions/decision-3-4.ru.md": translation("ru", "Рекомендации по технической помощи"),
            "decisions/agenda.en.md": AGENDA,
            "cases/example.en.md": CASE,
            "cases/ejemplo.es.md": CASE_ES,
            "legislation/act.en.md": LAW,
            "legislation/model.en.md": MODEL_LAW,
        }
    )
    catalogue = cat.load(content)
    assert [p for p in catalogue.problems if p.severity == "error"] == []
    return {(v.id, v.lang): v for v in catalogue.all_versions}


@pytest.mark.parametrize(
    ("rid", "lang", "anchor", "expected"),
    [
        # Decisions, UN style: the body, the decision's number, the paragraph, then where and when.
        ("cop-decision-3-4", "en", None, f"{BODY_EN}, decision 3/4 (CTOC/COP/2006/14, 18 October 2006)"),
        ("cop-decision-3-4", "en", "para-2-b", f"{BODY_EN}, decision 3/4, para. 2 (b) (CTOC/COP/2006/14, 18 October 2006)"),
        (
            "cop-decision-3-4",
            "zh",
            "para-2-b",
            "联合国打击跨国有组织犯罪公约缔约方会议第3/4号决定第2(b)段（CTOC/COP/2006/14，2006年10月18日）",
        ),
        (
            "cop-decision-3-4",
            "fr",
            "para-2-b",
            "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée, "
            "décision 3/4, par. 2 b) (CTOC/COP/2006/14, 18 octobre 2006)",
        ),
        (
            "cop-decision-3-4",
            "ru",
            "para-1",
            "Конференция участников Конвенции Организации Объединенных Наций против транснациональной организованной "
            "преступности, решение 3/4, п. 1 (CTOC/COP/2006/14, 18 октября 2006 года)",
        ),
        (
            "cop-decision-3-4",
            "ar",
            "para-1",
            "مقرر مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية 3/4، الفقرة 1 (CTOC/COP/2006/14، 18 تشرين الأول/أكتوبر 2006)",
        ),
        # A document without a number is known by its title.
        (
            "wg-technical-assistance-2009-provisional-agenda",
            "en",
            "para-1",
            "Working Group on Technical Assistance, provisional agenda, “Provisional agenda and annotations”, para. 1 (14 August 2009)",
        ),
        # Cases: name, case number, then country (unless the court's name says it), court, date, ECLI.
        (
            "can-2015-example",
            "en",
            None,
            "R. v. Example, 2015 FCA 1 (Canada, Federal Court of Appeal, 27 November 2015, ECLI:XX:FCA:2015:1)",
        ),
        (
            "can-2015-example",
            "en",
            "para-1",
            "R. v. Example, 2015 FCA 1, para. 1 (Canada, Federal Court of Appeal, 27 November 2015, ECLI:XX:FCA:2015:1)",
        ),
        ("can-2016-ejemplo", "es", None, "R. c. Ejemplo, 2016 SCC 2 (Corte Suprema de Canadá, 1 de marzo de 2016)"),
        # Legislation: country or publisher, title, provision, date (and a status that matters), official publication.
        (
            "can-immigration-act",
            "en",
            None,
            "Canada, Immigration and Refugee Protection Act, section 117 (1 November 2001, repealed); S.C. 2001, c. 27",
        ),
        (
            "model-law-test",
            "en",
            None,
            "UNODC, Model Law against Trafficking in Persons (2009); United Nations publication, Sales No. E.09.V.11",
        ),
    ],
)
def test_citation_table(records: dict[tuple[str, str], Record], rid: str, lang: str, anchor: str | None, expected: str) -> None:
    assert citation(records[(rid, lang)], anchor) == expected


def test_the_copied_string_ends_with_the_permalink(records: dict[tuple[str, str], Record]) -> None:
    en, zh = records[("cop-decision-3-4", "en")], records[("cop-decision-3-4", "zh")]
    assert cite(en, "https://kb.example/", "para-2-b") == (
        f"{BODY_EN}, decision 3/4, para. 2 (b) (CTOC/COP/2006/14, 18 October 2006). "
        "Available at https://kb.example/en/decisions/cop-decision-3-4/#para-2-b"
    )
    assert cite(zh, "https://kb.example") == (
        "联合国打击跨国有组织犯罪公约缔约方会议第3/4号决定（CTOC/COP/2006/14，2006年10月18日）。"
        "可查阅：https://kb.example/zh/decisions/cop-decision-3-4/"
    )
    # No public address configured: nothing to link to, so the citation alone.
    assert cite(en, "") == citation(en)
