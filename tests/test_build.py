"""End-to-end: real `mkdocs build` runs on tiny sites in a temp dir."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, DECISION, LAW, dedent

MakeContent = Callable[[dict[str, str]], Path]
MKDOCS = str(Path(sys.executable).parent / "mkdocs")

CONFIG = dedent(
    """
    site_name: Tiny treatykb
    docs_dir: docs
    theme:
      name: material
    plugins:
      - treatykb
    nav:
      - Home: index.md
      - Decisions: decisions/index.md
      - Cases: cases/index.md
      - Legislation: legislation/index.md
    """
)


def build(content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    project = content.parent
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs").mkdir(exist_ok=True)
    env_args = [MKDOCS, "build", "--site-dir", str(project / "site"), *extra]
    return subprocess.run(env_args, cwd=project, capture_output=True, text=True, check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})


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
    html = page(site, "decisions/cop-decision-3-4")
    assert "<h1>Recommendations on technical assistance</h1>" in html
    assert not (site.parent / "site" / "decisions" / "whatever-name").exists()
    facts = re.search(r'<section class="tkb-facts".*?</section>', html, re.S)
    assert facts is not None
    assert "<dt>Number</dt><dd>3/4</dd>" in facts.group(0)
    assert "<dt>Date</dt><dd>2006-10-18</dd>" in facts.group(0)
    assert '<a href="https://undocs.org/CTOC/COP/2006/14">Report of the Conference</a>' in facts.group(0)
    assert '<p class="tkb-para" id="para-2-b"><a class="tkb-pnum" href="#para-2-b">(b)</a> international cooperation.</p>' in html


def test_browse_page_lists_records_newest_first_with_counts(site: Path) -> None:
    html = page(site, "cases")
    rows = re.findall(r'<tr><td data-sort="([^"]+)">.*?<a href="([^"]+)">([^<]+)</a>', html)
    assert rows == [("2015-11-27", "can-2015-example/", "R. v. Example"), ("2013-06-21", "gbr-2013-example/", "R v Other")]
    assert "2 records" in html
    assert '<li>Canada <span class="tkb-count">1</span></li>' in html
    assert '<li>United Kingdom <span class="tkb-count">1</span></li>' in html


def test_home_counts_and_latest(site: Path) -> None:
    html = page(site, "")
    assert '<a href="cases/"><strong>2</strong> Cases</a>' in html
    assert '<a href="decisions/"><strong>1</strong> Decisions and documents</a>' in html
    latest = re.search(r'<ul class="tkb-latest">(.*?)</ul>', html, re.S)
    assert latest is not None
    assert re.findall(r'href="([^"]+)"', latest.group(1)) == [
        "cases/can-2015-example/",
        "cases/gbr-2013-example/",
        "legislation/model-law-test/",
        "decisions/cop-decision-3-4/",
    ]


def test_records_are_not_in_the_navigation(site: Path) -> None:
    html = page(site, "cases")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S)
    assert nav is not None
    assert "Cases" in nav.group(0)
    assert "R. v. Example" not in nav.group(0)


def test_assets_are_included(site: Path) -> None:
    html = page(site, "")
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
    assert "R. v. Example" in page(content, "cases/can-2015-example")
