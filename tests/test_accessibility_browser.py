"""WCAG 2.1 AA on the bundled site, as a reader with assistive technology meets it: every
page type checked by axe-core in headless Chromium, the page structure a screen reader
relies on (headings in order, tables with headers, link texts that say where they go),
and the site used with the keyboard alone, focus always visible."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from axe import WCAG_21_AA, axe_script
from browser import launched, serve, watched_page
from conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api")

PAGES = [
    "",  # the site root, where a reader chooses a language
    "en/",
    "zh/",
    "ar/",
    "en/cases/",
    "ar/decisions/",
    "zh/decisions/cop-decision-3-4/",
    "zh/decisions/cop-decision-3-4/#para-7-b",  # a paragraph linked to: its copy button shown
    "en/cases/can-2015-appulonappa/",
    "en/legislation/model-law-firearms/",
    "en/articles/untoc/32/",
    "ar/articles/untoc/32/",
    "en/countries/can/",
    "en/open-data/",
    "en/about/",
    "en/search/?q=smuggling",
    "zh/search/?q=技术援助",
]
"""Every kind of page: home, browse, a record of each type, article pages, a country,
hand-written pages, the search with results and facets; in Chinese and Arabic too."""

EXCLUDED: dict[str, str] = {}
"""axe rules switched off, each with the reason. None is: every violation found was fixed
in the site (templates, stylesheet, generated pages). A rule excluded here must also be
listed in README.md ("Accessibility, print and citations")."""

GENERIC_LINK_TEXTS = frozenset(
    {"here", "click here", "more", "read more", "link", "this", "this page", "ici", "cliquez ici", "aquí", "здесь", "这里", "此处", "هنا"}
)


def color_schemes() -> list[str]:
    """The colour schemes mkdocs.yml gives the theme (a mapping is one scheme)."""
    palette = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["theme"].get("palette") or {"scheme": "default"}
    entries = palette if isinstance(palette, list) else [palette]
    return [str(p.get("scheme", "default")) for p in entries]


@pytest.fixture(scope="module")
def base(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # axe is injected by the test: the pages' Content-Security-Policy would refuse it.
    with watched_page(browser, bypass_csp=True) as pg:
        yield pg


def open_page(pg: Any, base: str, url: str) -> None:
    """Load a page and wait until what scripts add is there (search results and facets)."""
    pg.goto(base + url)
    pg.wait_for_load_state("networkidle")
    if "/search/" in url:
        pg.wait_for_selector("#tkb-results .tkb-result", timeout=15000)
        pg.wait_for_selector("#tkb-facets fieldset input", timeout=15000)
        # The facets are drawn twice: with the results, then with every count a moment
        # later (the attribute marks the second); Tab and axe need the whole panel.
        pg.wait_for_function("() => document.documentElement.hasAttribute('data-tkb-searched')", timeout=15000)
    if "/decisions/cop-decision-3-4/" in url:
        pg.wait_for_selector(".tkb-cite-box .tkb-copy")


def axe_violations(pg: Any) -> list[str]:
    pg.evaluate(axe_script())
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "rules": {rule: {"enabled": False} for rule in EXCLUDED}}
    result = pg.evaluate("options => axe.run(document, options)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in result["violations"]]


@pytest.mark.parametrize("scheme", color_schemes())
@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_wcag_21_aa_violation(page: Any, base: str, url: str, scheme: str) -> None:
    open_page(page, base, url)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    assert axe_violations(page) == []


def test_a_dark_system_preference_gets_the_checked_scheme(browser: Any, base: str) -> None:
    """The site sets its colour scheme; a reader whose system prefers dark gets it too
    (not a scheme the test above never checked)."""
    context = browser.new_context(color_scheme="dark", bypass_csp=True)
    try:
        pg = context.new_page()
        open_page(pg, base, "en/cases/can-2015-appulonappa/")
        assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") in color_schemes()
        assert axe_violations(pg) == []
    finally:
        context.close()


STRUCTURE = """() => {
  const shown = el => el.getClientRects().length > 0;
  const labelledBy = el => (el.getAttribute('aria-labelledby') || '').split(' ').map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(' ');
  const name = el => (el.getAttribute('aria-label') || labelledBy(el) || el.textContent || (el.querySelector('img') || {}).alt || '').replace(/\\s+/g, ' ').trim();
  const levels = Array.from(document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6'))
    .filter(shown).map(h => Number(h.tagName[1]));
  const tables = Array.from(document.querySelectorAll('article table')).map(t => t.querySelectorAll('th').length);
  const links = Array.from(document.querySelectorAll('a[href]')).filter(shown)
    .filter(a => !a.matches('.footnote-ref a, a.footnote-ref, a.footnote-backref'))
    .map(name);
  const langs = Array.from(document.querySelectorAll('[lang]')).map(el => el.getAttribute('lang'));
  return {levels, tables, links, langs, html: document.documentElement.lang};
}"""


@pytest.mark.parametrize("url", [u for u in PAGES if "#" not in u])
def test_structure_a_screen_reader_relies_on(page: Any, base: str, url: str) -> None:
    open_page(page, base, url)
    found = page.evaluate(STRUCTURE)
    levels = found["levels"]
    assert levels[:1] == [1] and levels.count(1) == 1, levels  # one title, first
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels  # no level skipped going down
    assert all(n > 0 for n in found["tables"]), found["tables"]  # every table has header cells
    # Link texts say where they lead on their own: no "here", no bare number (a paragraph
    # number link is named "Permalink to para. 6"). A year under "By year" names what it
    # leads to; footnote marks are read as footnotes, the standard pattern.
    links = found["links"]
    assert not [t for t in links if not t or t.casefold() in GENERIC_LINK_TEXTS], links
    assert not [t for t in links if not any(c.isalpha() for c in t) and not re.fullmatch(r"\d{4}", t)], links
    assert found["html"] and all(found["langs"])  # the page and every change of language say which


# --- the keyboard alone ------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className),
    name: (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 80),
    href: el.getAttribute('href'), facet: el.getAttribute('data-facet'), inCitedBy: !!el.closest('.tkb-cited-by'),
    inSwitcher: !!el.closest('.md-select'), checked: el.checked === true,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0,
  };
}"""


def tab_until(pg: Any, wanted: Any, limit: int = 250) -> list[dict[str, Any]]:
    """Press Tab from where focus is until `wanted(focused)` holds; every stop on the way."""
    stops = []
    for _ in range(limit):
        pg.keyboard.press("Tab")
        focused = pg.evaluate(FOCUSED)
        stops.append(focused)
        if wanted(focused):
            return stops
    raise AssertionError(f"not reached in {limit} presses of Tab: " + ", ".join(f"{s['tag']} {s['name']!r}" for s in stops[:60]))


def assert_focus_visible(stops: list[dict[str, Any]]) -> None:
    hidden = [s for s in stops if not (s["visible"] and (s["outline"] or s["shadow"]))]
    assert hidden == [], hidden


def test_tab_order_from_page_load_reaches_skip_link_search_and_switcher(page: Any, base: str) -> None:
    open_page(page, base, "en/articles/untoc/32/")
    stops = tab_until(page, lambda s: s["id"] == "tkb-header-q")
    first = stops[0]
    assert (first["href"], first["cls"].split()[:2]) == ("#tkb-main", ["md-skip", "tkb-skip"])  # the first stop skips to the content
    assert any(s["inSwitcher"] and s["tag"] == "button" for s in stops)  # the language switcher ...
    assert [s["name"] for s in stops if s["inSwitcher"] and s["tag"] == "a"] == [
        "العربية",
        "中文",
        "English",
        "Français",
        "Русский",
        "Español",
    ]
    assert_focus_visible(stops)


def test_skip_link_moves_focus_past_the_header(page: Any, base: str) -> None:
    open_page(page, base, "en/articles/untoc/32/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "tkb-main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article') && !document.activeElement.closest('.md-header')")


def test_language_switcher_works_from_the_keyboard(page: Any, base: str) -> None:
    open_page(page, base, "en/articles/untoc/32/")
    stops = tab_until(page, lambda s: s["inSwitcher"] and s["name"] == "中文")
    assert_focus_visible(stops)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/zh/articles/untoc/32/")


def test_cited_by_lists_are_reached_and_followed_from_the_keyboard(page: Any, base: str) -> None:
    open_page(page, base, "en/articles/untoc/32/")
    stops = tab_until(page, lambda s: s["inCitedBy"])
    assert_focus_visible(stops)
    target = stops[-1]["href"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].endswith(target.split("#")[0].lstrip("./"))


def test_search_facets_work_from_the_keyboard(page: Any, base: str) -> None:
    open_page(page, base, "en/search/?q=smuggling")
    before = len(page.query_selector_all("#tkb-results .tkb-result"))
    stops = tab_until(page, lambda s: s["facet"] == "type" and s["name"] == "case")
    assert any(s["id"] == "tkb-q" for s in stops)  # the search box on the way
    assert_focus_visible(stops)
    page.keyboard.press("Space")
    page.wait_for_function("() => new URL(location.href).searchParams.getAll('type').includes('case')", timeout=15000)
    # The list is redrawn (and may be empty for a moment): wait for the filtered results.
    page.wait_for_function(
        """n => {
            const types = [...document.querySelectorAll('#tkb-results .tkb-result-type')].map(e => e.textContent);
            return types.length > 0 && types.length < n && types.every(t => t === 'Case');
        }""",
        arg=before,
        timeout=15000,
    )
    kinds = page.eval_on_selector_all("#tkb-results .tkb-result-type", "els => els.map(e => e.textContent)")
    assert kinds and set(kinds) == {"Case"}
    assert page.evaluate("document.activeElement.getAttribute('data-facet')") == "type"  # focus stays on the facet
