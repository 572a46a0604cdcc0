"""The bundled content built a second way, without any MkDocs plugin: `treatykb generate`,
Zensical, `treatykb postbuild`, each through its real command. The site is checked as a
reader sees it (served on localhost, in headless Chromium) and against the MkDocs build.

Run only these with `pytest -m zensical`."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import launched, serve, watched_page
from conftest import CONTENT, ROOT
from treatykb.feeds import ALL_FEED

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.zensical

BIN = Path(sys.executable).parent


def run(*cmd: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env={"PATH": "", "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zensical") / "tree"
    generated = run(str(BIN / "treatykb"), "generate", str(out), "--config", str(ROOT / "mkdocs.yml"), "--content", str(CONTENT))
    assert generated.returncode == 0, generated.stderr
    built = run(str(BIN / "zensical"), "build", "-f", str(out / "mkdocs.yml"), cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    site = out / "site"
    finished = run(str(BIN / "treatykb"), "postbuild", str(site), "--config", str(ROOT / "mkdocs.yml"), "--content", str(CONTENT))
    assert finished.returncode == 0, finished.stderr
    return site


@pytest.fixture(scope="module")
def base(zensical_site: Path) -> Iterator[str]:
    with serve(zensical_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with watched_page(browser) as pg:
        yield pg


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article(path: Path) -> str:
    """What a page says (the theme's article element), with whitespace and the way
    characters are written set aside; without the empty skip target Zensical adds, and
    with the dot `generate` escapes in links to `.md` files that are not pages."""
    m = _ARTICLE.search(path.read_text(encoding="utf-8"))
    text = (m.group(1) if m else "").replace('<a id="__skip" tabindex="-1"></a>', "").replace("%2Emd", ".md")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html_lib.unescape(text))).strip()


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "search-index"}


def test_every_page_says_what_the_mkdocs_build_says(zensical_site: Path, real_site: Path) -> None:
    assert pages(zensical_site) == pages(real_site)
    differ = [p for p in sorted(pages(real_site)) if article(zensical_site / p) != article(real_site / p)]
    assert differ == []
    # and what is written after the build: data, feeds, the search bundles of six languages
    for path in ("data/index.json", ALL_FEED, "search-index/zh/entry.tkb", "search-index/ar/entry.tkb"):
        assert (zensical_site / path).is_file(), path


def test_a_record_page_has_its_citations_linked_and_its_paragraphs_anchored(page: Any, base: str) -> None:
    page.goto(f"{base}zh/decisions/cop-decision-3-4/#para-1")
    assert page.evaluate("location.hash") == "#para-1"
    assert page.locator("#para-1").is_visible()
    toc = page.eval_on_selector_all(".md-nav--secondary .md-nav__link", "els => els.map(e => e.textContent.trim())")
    assert "一. 确定技术援助需要" in toc
    cites = page.locator(".tkb-text a.tkb-cite-article")
    assert cites.count() > 0
    cites.first.click()
    page.wait_for_load_state()
    m = re.search(r"/zh/articles/untoc/(\d+)/(#.*)?$", page.url)
    assert m, page.url
    assert f"第{m.group(1)}条" in page.locator("h1").first.inner_text()


def test_an_article_page_lists_the_records_that_cite_it(page: Any, base: str) -> None:
    page.goto(f"{base}en/articles/untoc/32/")
    heading = page.locator("#cited-by")
    assert heading.is_visible() and "Cited by" in heading.inner_text()
    link = page.locator("a[href*='zh/decisions/cop-decision-3-4/']").first
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert "/zh/decisions/cop-decision-3-4/" in page.url


def test_the_open_data_page_links_to_the_files_postbuild_wrote(page: Any, base: str) -> None:
    page.goto(f"{base}en/open-data/")
    links = page.locator(".tkb-data a")
    assert links.count() > 3
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        assert page.request.get(href).status == 200, href
    with page.expect_navigation():
        page.locator(".tkb-data a", has_text="data/README.md").click()
    assert "# " in page.locator("body").inner_text()  # the README itself, as text


@pytest.mark.parametrize(
    ("url", "lang", "direction", "tab"),
    [("zh/decisions/cop-decision-3-4/", "zh", "ltr", "决定"), ("ar/", "ar", "rtl", "المقررات"), ("en/about/", "en", "ltr", "Decisions")],
)
def test_each_page_speaks_its_language_with_its_navigation(page: Any, base: str, url: str, lang: str, direction: str, tab: str) -> None:
    page.goto(base + url)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    tabs = page.eval_on_selector_all(".md-tabs__link", "els => els.map(e => e.textContent.trim())")
    assert tab in tabs
    assert not set(tabs) & {"العربية", "中文", "English", "Français", "Русский", "Español"}  # its own section, not one per language
    assert page.locator(f".tkb-switcher a[hreflang={lang}][aria-current=page]").count() == 1


def test_search_finds_records_from_the_index_postbuild_wrote(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/")
    page.fill("#tkb-q", "")
    page.type("#tkb-q", "smuggling", delay=20)
    page.wait_for_function(
        "() => document.documentElement.getAttribute('data-tkb-searched') && !document.querySelector('#tkb-results[aria-busy]')",
        timeout=15000,
    )
    hrefs = page.eval_on_selector_all("#tkb-results .tkb-result-title", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith("/en/cases/can-2015-b010/") for h in hrefs), hrefs
