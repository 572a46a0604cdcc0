"""End-to-end: real `mkdocs build` runs on tiny sites in a temp dir."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, DECISION, LAW, dedent, mkdocs_build

MakeContent = Callable[[dict[str, str]], Path]

CONFIG = dedent(
    """
    site_name: Tiny treatykb
    docs_dir: docs
    theme:
      name: material
    plugins:
      - treatykb
    """
)


def build(content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    project = content.parent
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs").mkdir(exist_ok=True)
    return mkdocs_build(project, project / "site", *extra)


def page(content: Path, url: str) -> str:
    return (content.parent / "site" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def site(make_content: MakeContent) -> Path:
    content = make_content(
        {
            "decisions/whatever-name.en.md": DECISION,
            "cases/can.en.md": CASE,
            "cases/gbr.en.md": CASE.replace("can-2015-example", "gbr-2013-example")
            .replace("country: CAN", "country: GBR")
            .replace("2015-11-27", "2013-06-21")
            .replace("R. v. Example", "R v Other"),
            "legislation/model.en.md": LAW,
        }
    )
    result = build(content, "--strict")
    assert result.returncode == 0, result.stderr
    return content


def test_record_pages_live_at_urls_from_their_ids(site: Path) -> None:
    html = page(site, "en/decisions/cop-decision-3-4")
    assert "<h1>Recommendations on technical assistance</h1>" in html
    assert not (site.parent / "site" / "en" / "decisions" / "whatever-name").exists()
    facts = re.search(r'<section class="tkb-facts".*?</section>', html, re.S)
    assert facts is not None
    assert re.search(r"<dt>Number</dt>\s*<dd>3/4</dd>", facts.group(0))
    assert re.search(r"<dt>Date</dt>\s*<dd>2006-10-18</dd>", facts.group(0))
    assert '<a href="https://undocs.org/CTOC/COP/2006/14">Report of the Conference</a>' in facts.group(0)
    assert re.search(
        r'<p class="tkb-para" id="para-2-b"><a class="tkb-pnum" href="#para-2-b"[^>]*>\(b\)</a> international cooperation\.</p>', html
    )


def test_browse_page_lists_records_newest_first_with_counts(site: Path) -> None:
    html = page(site, "en/cases")
    rows = re.findall(r'<tr><td data-sort="([^"]+)">.*?<a href="([^"]+)">([^<]+)</a>', html)
    assert rows == [("2015-11-27", "can-2015-example/", "R. v. Example"), ("2013-06-21", "gbr-2013-example/", "R v Other")]
    assert "2 records" in html
    # Each country's count leads to its country page.
    assert '<li><a href="../countries/can/">Canada</a> <span class="tkb-count">1</span></li>' in html
    assert '<li><a href="../countries/gbr/">United Kingdom</a> <span class="tkb-count">1</span></li>' in html
    assert "R. v. Example" in page(site, "en/countries/can")


def test_home_counts_and_latest(site: Path) -> None:
    html = page(site, "en")
    assert '<a href="cases/"><strong>2</strong> Cases</a>' in html
    assert '<a href="decisions/"><strong>1</strong> Decisions and documents</a>' in html
    latest = re.search(r'<ul class="tkb-latest"[^>]*>(.*?)</ul>', html, re.S)
    assert latest is not None
    assert re.findall(r'href="([^"]+)"', latest.group(1)) == [
        "cases/can-2015-example/",
        "cases/gbr-2013-example/",
        "legislation/model-law-test/",
        "decisions/cop-decision-3-4/",
    ]


def test_records_are_not_in_the_navigation(site: Path) -> None:
    html = page(site, "en/cases")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S)
    assert nav is not None
    assert "Cases" in nav.group(0)
    assert "R. v. Example" not in nav.group(0)


def test_assets_are_included(site: Path) -> None:
    html = page(site, "en")
    assert "assets/treatykb/treatykb.css" in html and "assets/treatykb/treatykb.js" in html
    assert (site.parent / "site" / "assets" / "treatykb" / "treatykb.js").is_file()


def test_strict_build_fails_on_content_errors_and_names_them(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY"), "cases/b.en.md": "---\nid: x\n"})
    result = build(content, "--strict")
    assert result.returncode != 0
    assert "content/cases/a.en.md:4: country: unknown country 'KEY'; did you mean 'KEN'?" in result.stderr
    assert "content/cases/b.en.md:1: the front matter opened on line 1 is never closed with '---'" in result.stderr


def test_plain_build_still_shows_a_record_with_errors(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY")})
    result = build(content)
    assert result.returncode == 0
    assert "unknown country 'KEY'" in result.stderr
    assert "R. v. Example" in page(content, "en/cases/can-2015-example")


CITING = dedent(
    """
    ---
    id: can-2016-citing
    type: case
    country: CAN
    court: Court of Appeal
    case_number: "2016 ABC 2"
    decision_date: 2016-01-05
    crime_types: [smuggling-of-migrants]
    title: R. v. Citing
    summary: A digest citing others.
    sources:
      - url: https://example.org/citing
    ---

    1. The court applied article 32, paragraph 5, and articles 24 to 26 of the Convention.

    2. It followed decision 3/4 and General Assembly resolution 55/25, and read CTOC/COP/2008/16.

    `article 7` in code stays as it is.
    """
)


@pytest.fixture
def cited_site(make_content: MakeContent) -> Path:
    content = make_content({"decisions/d.en.md": DECISION, "cases/citing.en.md": CITING})
    result = build(content, "--strict")
    assert result.returncode == 0, result.stderr
    return content


def test_citations_in_a_record_become_links(cited_site: Path) -> None:
    html = page(cited_site, "en/cases/can-2016-citing")
    text = re.search(r'<div class="tkb-text">.*?</div>', html, re.S)
    assert text is not None
    links = re.findall(r'<a class="tkb-cite [^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', text.group(0))
    assert links == [
        ("../../../en/articles/untoc/32/#para-5", "article 32, paragraph 5"),
        ("../../../en/articles/untoc/24/", "24"),
        ("../../../en/articles/untoc/26/", "26"),
        ("../../../en/decisions/cop-decision-3-4/", "decision 3/4"),
        ("https://undocs.org/A/RES/55/25", "resolution 55/25"),
        ("https://undocs.org/CTOC/COP/2008/16", "CTOC/COP/2008/16"),
    ]
    assert "<code>article 7</code>" in html


def test_article_page_lists_citing_records_with_paragraph_and_snippet(cited_site: Path) -> None:
    html = page(cited_site, "en/articles/untoc/32")
    assert "<h1>UNTOC art. 32: Article 32 title</h1>" in html
    cited = re.search(r'<h2 id="cited-by">.*?(?=<h2 id="by-paragraph">)', html, re.S)
    assert cited is not None
    assert re.findall(r'<a href="([^"]+)">', cited.group(0)) == [
        "../../../decisions/cop-decision-3-4/",
        "../../../cases/can-2016-citing/",
        "../../../cases/can-2016-citing/#para-1",
    ]
    assert "<q>The court applied article 32, paragraph 5, and articles 24 to 26 of the Convention.</q>" in cited.group(0)
    assert '<h3 id="para-5">Paragraph 5</h3>' in html
    assert "(listed in the record&#x27;s metadata)" in cited.group(0)


def test_range_members_are_cited_too(cited_site: Path) -> None:
    assert "R. v. Citing" in page(cited_site, "en/articles/untoc/25")
    assert "No record in the knowledge base cites this article yet." in page(cited_site, "en/articles/untoc/1")


def test_instrument_index_counts_citing_records(cited_site: Path) -> None:
    html = page(cited_site, "en/articles/untoc")
    assert re.search(r'<td data-sort="032">32</td><td><a href="32/">Article 32 title</a></td><td data-sort="000002">2</td>', html)
    assert re.search(r'<td data-sort="024">24</td><td><a href="24/">Article 24 title</a></td><td data-sort="000001">1</td>', html)


def test_decision_page_shows_who_cites_it(cited_site: Path) -> None:
    html = page(cited_site, "en/decisions/cop-decision-3-4")
    section = html.split('<h2 id="cited-by">', 1)[1]
    assert '<a href="../../cases/can-2016-citing/">R. v. Citing</a>' in section
    assert '<a href="../../cases/can-2016-citing/#para-2">para. 2.</a>' in section


def test_records_missing_every_optional_and_required_field_still_build(make_content: MakeContent) -> None:
    bare = {
        f"{folder}/bare.en.md": f"---\nid: bare-{folder}\ntype: {rtype}\n---\n\nText.\n"
        for folder, rtype in (("decisions", "decision"), ("cases", "case"), ("legislation", "legislation"))
    }
    content = make_content(bare)
    result = build(content)
    assert result.returncode == 0, result.stderr
    assert "content/cases/bare.en.md:1: country: missing" in result.stderr
    for folder in ("decisions", "cases", "legislation"):
        assert "Text." in page(content, f"en/{folder}/bare-{folder}")
