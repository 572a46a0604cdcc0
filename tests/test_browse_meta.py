"""Browse and country pages, record metadata (JSON-LD, Open Graph) and alias redirects, as
plain functions of small catalogues."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import CASE, DECISION, LAW, dedent
from treatykb import catalogue
from treatykb.metadata import description, head_html, jsonld
from treatykb.pages import articles, browse, site_pages
from treatykb.pages.countries import LIST_LIMIT, country_pages
from treatykb.redirects import redirect_pages
from treatykb.vocab import MODEL

MakeContent = Callable[[dict[str, str]], Path]


def case(i: int, country: str = "CAN", year: int = 2015, lang: str = "en", crime: str = "smuggling-of-migrants") -> str:
    return dedent(
        f"""
        ---
        id: {country.lower()}-{year}-case-{i}
        type: case
        country: {country}
        court: Supreme Court
        case_number: "{year} SCC {i}"
        decision_date: {year}-01-{1 + i % 28:02d}
        crime_types: [{crime}]
        title: Case {i}
        summary: Digest {i}.
        articles: ["untoc 24"]
        sources:
          - url: https://example.org/{i}
        ---

        1. The court applied article 24 of the Convention.
        """
    )


def test_browse_pages_hold_every_record_once(make_content: MakeContent) -> None:
    n = browse.PAGE_SIZE * 2 + 7
    cat = catalogue.load(make_content({f"cases/c{i}.en.md": case(i, year=2000 + i % 20) for i in range(n)}))
    pages = browse.browse_pages("case", cat, "en")
    assert [uri for uri, _ in pages] == ["en/cases/index.md", "en/cases/page/2.md", "en/cases/page/3.md"]
    seen = []
    for _, md in pages:
        seen += re.findall(r'<tr><td data-sort="[^"]*">[^<]*</td><td><a href="[^"]*?([a-z0-9-]+)/"', md)
    assert len(seen) == n and len(set(seen)) == n
    ids = [r.id for r in cat.of_type("case")]
    assert seen == ids  # newest first, across pages
    first, second, last = (md for _, md in pages)
    assert 'rel="next" href="page/2/"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="../../"' in second and 'rel="next" href="../3/"' in second
    assert 'rel="next"' not in last
    assert "Showing 201–207 of 207" in last
    # Counts only on the first page; later pages are left out of the search index.
    assert "tkb-count-groups" in first and "tkb-count-groups" not in second
    assert '"tkb_search": null' in second.split("---")[1] or "tkb_search: null" in second


def test_browse_counts_link_to_countries_and_filtered_search(make_content: MakeContent) -> None:
    records = {
        "cases/a.en.md": case(1, "CAN", 2015),
        "cases/b.zh.md": case(2, "PHL", 2014).replace("title: Case 2", "title: 案例二").replace("summary: Digest 2.", "summary: 摘要。"),
        "cases/c.en.md": case(3, "PHL", 2014, crime="trafficking-in-persons"),
    }
    cat = catalogue.load(make_content(records))
    md = browse.browse_pages("case", cat, "en")[0][1]
    assert '<a href="../countries/phl/">Philippines</a> <span class="tkb-count">2</span>' in md
    year = re.search(r'<a href="([^"]*year=2014[^"]*)">2014</a> <span class="tkb-count">2</span>', md)
    assert year, md
    query = parse_qs(urlsplit(year.group(1).replace("&amp;", "&")).query)
    # The 2014 cases are written in Chinese and English: the link searches both.
    assert query == {"type": ["case"], "year": ["2014"], "lang": ["zh", "en"]}
    assert "crime=trafficking-in-persons" in md
    # By the article applied: each count leads to the article's page.
    assert '<h2>By article</h2><ul><li><a href="../articles/untoc/24/">UNTOC art. 24</a> <span class="tkb-count">3</span></li></ul>' in md


def test_legislation_lists_model_laws_first_and_decisions_group_by_body(make_content: MakeContent) -> None:
    national = dedent(
        """
        ---
        id: can-2020-act
        type: legislation
        country: CAN
        date: 2020-05-01
        status: in-force
        title: An Act
        summary: A newer national law.
        sources:
          - url: https://example.org/act
        ---

        Text.
        """
    )
    cat = catalogue.load(make_content({"legislation/model.en.md": LAW, "legislation/act.en.md": national, "decisions/d.en.md": DECISION}))
    assert [r.id for r in browse.ordered("legislation", cat)] == ["model-law-test", "can-2020-act"]
    md = browse.browse_pages("decision", cat, "en")[0][1]
    assert "Session 3" in md
    # The decision's paragraphs, each linked to its anchor, with its first words.
    assert '<li><a href="cop-decision-3-4/#para-1">para. 1</a> The working group stressed the need for information.</li>' in md
    assert '<li><a href="cop-decision-3-4/#para-2-b">para. 2 (b)</a> international cooperation.</li>' in md
    assert "<summary>Paragraphs (5)</summary>" in md


def test_country_pages_list_each_countrys_records_and_cap_long_lists(make_content: MakeContent) -> None:
    n = LIST_LIMIT + 3
    records = {f"cases/c{i}.en.md": case(i, "PHL", 2000 + i % 20) for i in range(n)}
    records["cases/can.en.md"] = case(999, "CAN", 2015)
    cat = catalogue.load(make_content(records))
    pages = dict(country_pages(cat, "en"))
    assert set(pages) == {"en/countries/index.md", "en/countries/phl.md", "en/countries/can.md"}
    phl = pages["en/countries/phl.md"]
    assert phl.count('<li><span class="tkb-date">') == LIST_LIMIT
    assert f"All {n}, in the search" in phl
    assert "country=PHL" in phl and "sort=newest" in phl
    assert "can-2015-case-999" not in phl
    assert "UNTOC art. 24" in phl  # the articles its records cite, counted
    assert 'href="../../../feeds/country/PHL.atom"' in phl
    index = pages["en/countries/index.md"]
    assert index.index("Canada") < index.index("Philippines")


def test_every_generated_page_stays_small_and_unique(make_content: MakeContent) -> None:
    cat = catalogue.load(make_content({f"cases/c{i}.en.md": case(i, year=2000 + i % 20) for i in range(250)}))
    pages = site_pages(cat, ("en",))
    uris = [p.src_uri for p in pages]
    assert len(uris) == len(set(uris))
    article = next(p.content for p in pages if p.src_uri == "en/articles/untoc/24.md")
    # 250 citing cases: the page lists 50 and links to the search for all of them.
    assert article.count('class="tkb-date"') == 50 and "All 250, in the search" in article


# --- JSON-LD and Open Graph ------------------------------------------------------------


def _ld(html: str) -> dict[str, object]:
    m = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
    assert m, html
    data: dict[str, object] = json.loads(m.group(1))
    return data


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "cases/x.en.md",
            CASE,
            {
                "@type": "CreativeWork",
                "name": "R. v. Example",
                "inLanguage": "en",
                "dateCreated": "2015-11-27",
                "identifier": ["can-2015-example", "2015 SCC 1"],
                "spatialCoverage": {"@type": "Country", "name": "Canada", "identifier": "CAN"},
                "author": {"@type": "Organization", "name": "Supreme Court"},
                "citation": ["https://kb.example/en/articles/som/6/"],
                "isBasedOn": ["https://example.org/judgment"],
            },
        ),
        (
            "decisions/x.en.md",
            DECISION,
            {
                "@type": "CreativeWork",
                "identifier": ["cop-decision-3-4", "3/4"],
                "datePublished": "2006-10-18",
                "citation": ["https://kb.example/en/articles/untoc/32/"],
                "isBasedOn": ["https://undocs.org/CTOC/COP/2006/14"],
            },
        ),
        (
            "legislation/x.en.md",
            LAW,
            {"@type": "Legislation", "legislationDate": "2009", "legislationType": "Model law", "identifier": "model-law-test"},
        ),
    ],
)
def test_jsonld_per_type(make_content: MakeContent, path: str, text: str, expected: dict[str, object]) -> None:
    cat = catalogue.load(make_content({path: text}))
    record = cat.records[0]
    data = jsonld(record, cat, "https://kb.example/", "KB")
    assert data["@context"] == "https://schema.org"
    assert data["url"] == data["@id"] == f"https://kb.example/{record.url}"
    assert data["isPartOf"] == {"@type": "WebSite", "name": "KB", "url": "https://kb.example/"}
    for key, value in expected.items():
        assert data[key] == value, key
    if record.type == "legislation":
        assert "legislationLegalForce" not in data  # a model law states no legal force


def test_head_tags_for_translations_and_hostile_text(make_content: MakeContent) -> None:
    zh = CASE.replace("title: R. v. Example", "title: 示例案</script><script>alert(1)</script>").replace(
        "summary: A test digest.", "summary: 中文摘要。"
    )
    cat = catalogue.load(make_content({"cases/x.en.md": CASE, "cases/x.zh.md": zh}))
    en, zh_version = cat.versions["can-2015-example"]["en"], cat.versions["can-2015-example"]["zh"]
    primary = cat.by_id["can-2015-example"]
    other = zh_version if primary is en else en
    assert jsonld(primary, cat, "https://kb.example/")["workTranslation"] == [f"https://kb.example/{other.url}"]
    assert jsonld(other, cat, "https://kb.example/")["translationOfWork"] == f"https://kb.example/{primary.url}"
    head = head_html(zh_version, cat, "https://kb.example/")
    assert "</script><script>" not in head.split("</script>", 1)[0] + "</script>"
    assert _ld(head)["name"] == "示例案</script><script>alert(1)</script>"
    assert '<meta property="og:locale" content="zh_CN">' in head
    assert '<meta property="og:locale:alternate" content="en_GB">' in head
    assert '<meta property="og:title" content="示例案&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in head


@pytest.mark.parametrize(
    ("summary", "limit", "expected"),
    [
        ("Short.", 300, "Short."),
        ("one two three four five six", 15, "one two three…"),
        ("一二三四五六七八九十", 5, "一二三四五…"),
        ("spaced\n  out   text", 300, "spaced out text"),
    ],
)
def test_description(make_content: MakeContent, summary: str, limit: int, expected: str) -> None:
    cat = catalogue.load(make_content({"cases/x.en.md": CASE.replace("summary: A test digest.", f"summary: {json.dumps(summary)}")}))
    assert description(cat.records[0], limit) == expected


# --- aliases and redirects --------------------------------------------------------------


def test_aliases_become_redirects_for_every_language(make_content: MakeContent) -> None:
    moved = CASE.replace("articles:", 'aliases: [old-example, "legislation/misfiled-example"]\narticles:')
    zh = moved.replace("title: R. v. Example", "title: 示例").replace("summary: A test digest.", "summary: 摘要。")
    cat = catalogue.load(make_content({"cases/x.en.md": moved, "cases/x.zh.md": zh}))
    assert not cat.problems, cat.problems
    pages = redirect_pages(cat, "https://kb.example/")
    assert sorted(pages) == [
        "en/cases/old-example/index.html",
        "en/legislation/misfiled-example/index.html",
        "zh/cases/old-example/index.html",
        "zh/legislation/misfiled-example/index.html",
    ]
    html = pages["zh/legislation/misfiled-example/index.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=../../../zh/cases/can-2015-example/">' in html
    assert '<link rel="canonical" href="https://kb.example/zh/cases/can-2015-example/">' in html
    assert 'location.replace("../../../zh/cases/can-2015-example/" + location.hash)' in html


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ("[can-2015-example]", "aliases: is this record's own id"),
        ("[model-law-test]", None),  # another folder's id is free in this one
        ('["legislation/model-law-test"]', "aliases: 'legislation/model-law-test' is the id of"),
        ('["Bad Id"]', "'Bad Id' is not an id"),
        ('["statutes/x"]', "unknown folder 'statutes'"),
    ],
)
def test_alias_problems(make_content: MakeContent, aliases: str, message: str | None) -> None:
    cat = catalogue.load(
        make_content({"cases/x.en.md": CASE.replace("articles:", f"aliases: {aliases}\narticles:"), "legislation/m.en.md": LAW})
    )
    text = "\n".join(str(p) for p in cat.problems)
    if message is None:
        assert not cat.problems, text
    else:
        assert message in text
        assert re.search(r"cases/x\.en\.md:\d+: aliases", text), text


def test_two_records_cannot_claim_one_alias(make_content: MakeContent) -> None:
    other = CASE.replace("id: can-2015-example", "id: can-2015-other").replace('"2015 SCC 1"', '"2015 SCC 2"')
    cat = catalogue.load(
        make_content(
            {
                "cases/a.en.md": CASE.replace("articles:", "aliases: [old]\narticles:"),
                "cases/b.en.md": other.replace("articles:", "aliases: [old]\narticles:"),
            }
        )
    )
    assert any("'cases/old' is already an alias of" in str(p) for p in cat.problems), cat.problems


# --- article pages: lists grouped once, the same as grouping per language ----------------


def _law(i: int, lang: str) -> str:
    """A law citing UNTOC art. 32: its English text one paragraph, its Chinese another,
    so what a reader is shown of it depends on their language."""
    model = i % 4 == 0
    body = f"Article 32, paragraph {1 + i % 3} applies." if lang == "en" else f"适用第三十二条第{4 + i % 2}款。"
    return dedent(
        f"""
        ---
        id: {"model" if model else "ken"}-law-{i}
        type: legislation
        country: {"model" if model else "KEN"}
        date: {2000 + i % 7}-0{1 + i % 9}-01
        status: {"model" if model else "in-force"}
        title: {"Law" if lang == "en" else "法律"} {i}
        summary: {"A law." if lang == "en" else "一部法律。"}
        sources:
          - url: https://example.org/law-{i}
        ---

        {body}
        """
    )


def test_article_lists_are_those_of_the_citing_records_in_every_language(make_content: MakeContent) -> None:
    records = {f"legislation/law-{i}.en.md": _law(i, "en") for i in range(30)}
    records |= {f"legislation/law-{i}.zh.md": _law(i, "zh") for i in range(0, 30, 3)}
    records |= {f"cases/c{i}.en.md": case(i, year=2000 + i % 7).replace("article 24", "article 32, paragraph 2") for i in range(12)}
    cat = catalogue.load(make_content(records))
    assert not cat.problems
    places = cat.cites_article[("untoc", 32)]
    sections = articles._sections(cat, places)

    def key(groups: articles.Groups) -> list[tuple[str, str, list[int | None]]]:
        return [(r.id, r.lang, [p.line for p in ps]) for r, ps in groups]

    def model_first(groups: articles.Groups) -> articles.Groups:
        return sorted(groups, key=lambda g: g[0].country != MODEL)  # stable: newest first within

    seen: dict[str, list[object]] = {}
    for lang in ("en", "zh", "fr"):
        # What grouping this language's places from scratch gives, as the lists show it.
        groups = cat.citing_records(places, lang)
        assert sections.count == len(groups) == 42
        wanted = {f"type {t}": model_first([g for g in groups if g[0].type == t]) for t in ("legislation", "case")}
        for para in range(1, 6):
            cited = [p for p in places if p.ref and p.ref.paragraph == para]
            wanted[f"paragraph {para}"] = model_first(cat.citing_records(cited, lang))
        got = {f"type {t}": v for t, v in sections.by_type.items()} | {f"paragraph {n}": v for n, v in sections.by_paragraph.items()}
        assert got.keys() == {k for k, v in wanted.items() if v}
        for k, listing in got.items():
            assert listing.count == len(wanted[k]), k
            for n in (0, 3, articles.LIST_LIMIT, len(wanted[k]) + 1):
                assert key(listing.first(cat, lang, n)) == key(wanted[k][:n]), (lang, k, n)
        seen[lang] = [key(got[k].first(cat, lang, 99)) for k in sorted(got)]
    # The Chinese reader is shown the Chinese text of the laws that have one (paragraphs
    # 4 and 5); French readers, who have none, the English.
    assert seen["zh"] != seen["en"] == seen["fr"]
    assert sections.by_type["legislation"].first(cat, "en", 1)[0][0].country == MODEL
