"""The bundled content: valid, builds with --strict, and the seed decisions are right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CONTENT
from langcheck import unlabelled_text
from treatykb import catalogue


@pytest.fixture(scope="module")
def cat() -> catalogue.Catalogue:
    return catalogue.load(CONTENT)


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    return real_site


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_content_has_no_problems(cat: catalogue.Catalogue) -> None:
    assert [str(p) for p in cat.problems] == []


def test_content_has_each_record_type(cat: catalogue.Catalogue) -> None:
    counts = cat.counts()
    assert counts["decision"] >= 3 and counts["case"] >= 3 and counts["legislation"] >= 3


def test_every_record_names_a_source(cat: catalogue.Catalogue) -> None:
    for r in cat.records:
        assert r.fields["sources"], r.src.path


def test_instruments_are_complete(cat: catalogue.Catalogue) -> None:
    sizes = {i: len(inst.articles) for i, inst in cat.instruments.items()}
    assert sizes == {"untoc": 41, "tip": 20, "som": 25, "fp": 21}
    for inst in cat.instruments.values():
        assert sorted(inst.articles) == list(range(1, len(inst.articles) + 1))
        assert all(a.title.get("en") for a in inst.articles.values()), inst.id
    # Chinese titles are given only where a UN source was seen (see untoc.yml); pages
    # show the English title, labelled, for the others.
    assert cat.instruments["untoc"].articles[26].title["zh"] == "加强与执法当局合作的措施"


def test_decision_3_4_metadata_and_anchors(cat: catalogue.Catalogue, site: Path) -> None:
    d = cat.by_id["cop-decision-3-4"]
    assert (d.lang, d.fields["kind"], d.fields["body"], d.fields["session"], d.fields["number"]) == ("zh", "decision", "cop", 3, "3/4")
    page = html(site, "zh/decisions/cop-decision-3-4")
    anchors = re.findall(r'<p class="tkb-para" id="([^"]+)">', page)
    assert anchors[:5] == ["para-a", "para-b", "para-c", "para-d", "para-e"]
    assert {"para-1", "para-2-a", "para-2-b", "para-2-c", "para-6", "para-7-c", "para-12"} <= set(anchors)
    assert len([a for a in anchors if re.fullmatch(r"para-\d+", a)]) == 12
    assert re.search(r'id="para-6"><a class="tkb-pnum" href="#para-6"[^>]*>6\.</a> 工作组强调', page)
    assert page.count('class="footnote-ref"') == 3


def test_seed_decisions_resolve_their_references(cat: catalogue.Catalogue, site: Path) -> None:
    page = html(site, "zh/decisions/cop-decision-3-4")
    assert '<a class="tkb-cite tkb-cite-article" href="../../../zh/articles/untoc/32/#para-5"' in page
    assert '<a class="tkb-cite tkb-cite-article" href="../../../zh/articles/untoc/30/#para-2"' in page
    assert 'href="https://undocs.org/A/RES/55/25"' in page
    assert 'href="https://undocs.org/E/RES/2006/27"' in page
    agenda = html(site, "zh/decisions/wg-technical-assistance-2009-provisional-agenda")
    assert 'href="https://undocs.org/CTOC/COP/2008/16"' in agenda
    # In an enumeration each number links to its own article.
    assert re.search(
        r'第 <a class="tkb-cite tkb-cite-article" href="\.\./\.\./\.\./zh/articles/untoc/29/"[^>]*>29</a> 条和第 <a[^>]*untoc/30/', agenda
    )


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (29, {"wg-technical-assistance-2009-provisional-agenda"}),
        (30, {"cop-decision-3-4", "wg-technical-assistance-2009-provisional-agenda", "cop-5-kenya-draft-resolution-technical-assistance"}),
        (32, {"cop-decision-3-4", "wg-technical-assistance-2009-provisional-agenda"}),
    ],
)
def test_article_pages_list_the_seed_decisions(cat: catalogue.Catalogue, site: Path, article: int, expected: set[str]) -> None:
    page = html(site, f"en/articles/untoc/{article}")
    for rid in expected:
        assert f'href="../../../../zh/decisions/{rid}/" hreflang="zh"' in page


def test_no_page_of_the_real_site_shows_unlabelled_text_in_another_language(site: Path) -> None:
    problems = [f"{p.relative_to(site)}: {x}" for p in sorted(site.rglob("*.html")) for x in unlabelled_text(p.read_text("utf-8"))]
    assert problems == []
