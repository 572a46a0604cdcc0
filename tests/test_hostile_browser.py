"""Hostile records in a real build, opened in headless Chromium: nothing in them runs.

Each attempt sets `window.__pwned` (or calls the page's `__pwn` hook) if it runs; the
pages are loaded, the links clicked, and the flag must stay unset, the hostile text shown
as text, and the Content-Security-Policy must not have had to block the site's own
scripts (the search still works under it)."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import CHROMIUM_ARGS, chromium, serve
from conftest import dedent, mkdocs_build

MakeContent = Callable[[dict[str, str]], Path]

HOSTILE_TITLE = "</title><script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='title-img'\">"

HOSTILE = dedent(
    """
    ---
    id: can-2015-hostile
    type: case
    country: CAN
    court: "<script>window.__pwned='court'</script>Supreme Court"
    case_number: "2015 SCC 99"
    decision_date: 2015-11-27
    crime_types: [smuggling-of-migrants]
    title: {title}
    summary: "\\"><script>window.__pwned='summary'</script> A summary."
    articles: ["som 6"]
    sources:
      - url: https://example.org/judgment
        title: "<img src=x onerror=\\"window.__pwned='source'\\">Source"
    ---

    1. A paragraph. <script>window.__pwned='body-script'</script>

    2. <img src="x" onerror="window.__pwned='body-img'"> An image.

    3. <a href="javascript:window.__pwned='link'" id="evil-link">A link</a> and
    <a href="https://example.org/" onclick="window.__pwned='onclick'" id="click-link">another</a>.

    4. <iframe src="javascript:parent.__pwned='iframe'"></iframe>
    <svg onload="window.__pwned='svg'"><circle r="1"/></svg>
    <style>body {{ display: none }}</style>
    <form action="https://evil.example/"><input name="q"></form>
    <object data="javascript:window.__pwned='object'"></object>

    5. [Markdown link](javascript:window.__pwned='md-link'){{: #md-link }}
    ![x](x "t" onerror="window.__pwned='md-img'")

    6. <div data-x="1" style="position:fixed;inset:0" onmouseover="window.__pwned='hover'">Covering div</div>
    """
).format(title='"' + HOSTILE_TITLE.replace('"', '\\"') + '"')

CONFIG = dedent(
    """
    site_name: Tiny treatykb
    site_url: https://kb.example/
    docs_dir: docs
    theme:
      name: material
      font: false
    plugins:
      - treatykb
    """
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import write_instruments

    project = tmp_path_factory.mktemp("hostile")
    content = project / "content"
    write_instruments(content)
    (content / "cases").mkdir()
    (content / "cases" / "hostile.en.md").write_text(HOSTILE, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs").mkdir()
    result = mkdocs_build(project, project / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


class Elements(HTMLParser):
    """Every element of a page, as a browser's parser sees it: (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def test_the_built_html_holds_nothing_that_runs(hostile_site: Path) -> None:
    html = (hostile_site / "en/cases/can-2015-hostile/index.html").read_text(encoding="utf-8")
    parser = Elements()
    parser.feed(html.split("<div data-pagefind-body>", 1)[1].split("</article>", 1)[0])  # the record's part of the page
    tags = [t for t, _ in parser.elements]
    for banned in ("script", "iframe", "object", "form", "style", "svg", "input"):
        assert banned not in tags, banned
    for tag, attrs in parser.elements:
        assert not [a for a in attrs if a.startswith("on") or a == "style"], (tag, attrs)
        for a in ("href", "src", "action", "data"):
            assert not attrs.get(a, "").strip().lower().startswith("javascript:"), (tag, attrs)
    # The text survives as text.
    assert "&lt;/title&gt;&lt;script&gt;" in html
    assert '<meta http-equiv="Content-Security-Policy"' in html


def test_nothing_runs_in_the_browser(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    pages = ["en/cases/can-2015-hostile/", "en/cases/", "en/", "en/articles/som/6/", "en/countries/can/"]
    with serve(hostile_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        for url in pages:
            page.goto(base + url)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, (url, page.evaluate("window.__pwned"))
        page.goto(base + pages[0])
        # What a reader sees: the hostile title as text, in the heading and the tab.
        assert page.locator("h1").first.inner_text() == HOSTILE_TITLE
        assert page.title().startswith("</title><script>")
        # The links that would run something are gone or inert; clicking them runs nothing.
        for selector in ("#evil-link", "#md-link", "#click-link"):
            link = page.locator(selector)
            if link.count():
                href = link.get_attribute("href") or ""
                assert not href.startswith("javascript:"), (selector, href)
        page.locator("text=Covering div").hover()
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('iframe, object, svg[onload], form[action^=\"https://evil\"]').length") == 0
        # The site's own scripts were allowed: the policy blocked nothing it should not have.
        assert violations == [], violations
        # ... including the search, which fetches and inflates its index under the policy.
        page.goto(base + "en/search/?q=summary")
        page.wait_for_selector("#tkb-results .tkb-result", timeout=20000)
        assert page.evaluate("window.__pwned") is None
        assert violations == [], violations
        browser.close()


def test_the_policy_alone_stops_a_script_that_got_into_a_page(hostile_site: Path, tmp_path: Path) -> None:
    """Were the sanitiser bypassed, the page's policy would still refuse the script."""
    from playwright.sync_api import sync_playwright

    page_file = hostile_site / "en/cases/can-2015-hostile/index.html"
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    html = page_file.read_text(encoding="utf-8")
    injected = html.replace("<h1", "<script>window.__pwned='injected'</script><img src=x onerror=\"window.__pwned='img'\"><h1", 1)
    (site / "x" / "index.html").write_text(injected, encoding="utf-8")
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(base + "x/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None
        assert any("inline" in v for v in violations), violations
        browser.close()
