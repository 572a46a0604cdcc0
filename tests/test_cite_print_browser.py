"""What a practitioner does with a record once found: cite it (the "How to cite" box and
the paragraph links, copied by keyboard or mouse, the same strings as the open data) and
print it (Chromium's PDF of the page, read back as text)."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from browser import launched, serve, watched_page
from conftest import CONTENT
from treatykb import catalogue
from treatykb.cite import citation
from treatykb.vocab import ui

playwright = pytest.importorskip("playwright.sync_api")

DECISION = "zh/decisions/cop-decision-3-4/"
CASE = "en/cases/can-2015-appulonappa/"


@pytest.fixture(scope="module")
def base(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[Any]:
    with watched_page(browser, permissions=["clipboard-read", "clipboard-write"]) as pg:
        yield pg


def record_json(site: Path, rtype: str, rid: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "records" / rtype / f"{rid}.json").read_text("utf-8"))
    return data


def focused(pg: Any) -> dict[str, Any]:
    return pg.evaluate(
        """() => { const e = document.activeElement; return {cls: String(e.className), para: (e.closest('.tkb-para') || {}).id || null,
           inBox: !!e.closest('.tkb-cite-box'), tag: e.tagName.toLowerCase()}; }"""
    )


def tab_to(pg: Any, wanted: Any, limit: int = 300) -> None:
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if wanted(focused(pg)):
            return
    raise AssertionError("not reached with the Tab key")


# --- the same strings on the page and in the open data -------------------------------------

_BOX = re.compile(r'<samp class="tkb-cite-text" id="tkb-cite-text">(.*?)</samp>', re.S)
_PNUM = re.compile(r'<a class="tkb-pnum" href="#([^"]+)"[^>]*?data-tkb-cite="([^"]*)"')


def test_every_record_page_copies_what_the_open_data_says(real_site: Path) -> None:
    cat = catalogue.load(CONTENT)
    for version in cat.all_versions:
        data = record_json(real_site, version.type, version.id)["versions"][version.lang]
        page = (real_site / version.url / "index.html").read_text("utf-8")
        box = _BOX.search(page)
        assert box is not None, version.url
        assert html.unescape(box.group(1)) == data["cite"]
        assert data["cite"].endswith(data["url"])  # the permalink closes the string
        on_page = {anchor: html.unescape(text) for anchor, text in _PNUM.findall(page)}
        assert on_page == {p["anchor"]: p["cite"] for p in data["paragraphs"]}, version.url


# --- copying, by keyboard and by mouse -------------------------------------------------------


def test_cite_box_copies_its_citation_from_the_keyboard(page: Any, base: str, real_site: Path) -> None:
    expected = record_json(real_site, "decision", "cop-decision-3-4")["versions"]["zh"]["cite"]
    page.goto(base + DECISION)
    box = page.locator(".tkb-cite-box")
    assert box.locator("h2").inner_text() == ui("cite.heading", "zh")
    assert box.locator("samp").inner_text() == expected
    tab_to(page, lambda f: f["inBox"] and f["tag"] == "button")
    assert page.evaluate("document.activeElement.textContent") == ui("cite.copy", "zh")
    page.keyboard.press("Enter")
    status = box.locator('[role="status"]')
    status.filter(has_text=ui("cite.copied", "zh")).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_a_paragraph_link_shows_on_focus_and_its_citation_is_copied(page: Any, base: str, real_site: Path) -> None:
    paragraphs = record_json(real_site, "decision", "cop-decision-3-4")["versions"]["zh"]["paragraphs"]
    expected = next(p["cite"] for p in paragraphs if p["anchor"] == "para-7-b")
    page.goto(base + DECISION)
    link = page.locator("#para-7-b .tkb-pnum")
    shown = "el => getComputedStyle(el, '::after').opacity"
    assert link.evaluate(shown) == "0"  # the pilcrow is hidden until wanted
    tab_to(page, lambda f: f["para"] == "para-7-b" and "tkb-pnum" in f["cls"])
    assert link.evaluate(shown) == "1"  # ... and shown on keyboard focus
    assert link.get_attribute("aria-label") == ui("cite.para_link", "zh", para="第7(b)段")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#para-7-b'")
    # Following the link leads to the paragraph's copy button, right after its number. The
    # hash changes at once, the focus moves in the hashchange event that follows: wait for it.
    # (A function, not an expression: the page's CSP forbids the eval Playwright polls with.)
    with contextlib.suppress(playwright.TimeoutError):  # not moved: the assertion says where it is
        page.wait_for_function("() => document.activeElement.closest('.tkb-copy-para') !== null", timeout=5000)
    now = focused(page)
    assert (now["tag"], "tkb-copy" in now["cls"].split(), now["para"]) == ("button", True, "para-7-b")
    assert page.evaluate("document.activeElement.parentElement.previousElementSibling.getAttribute('href')") == "#para-7-b"
    page.keyboard.press("Enter")
    page.locator("#para-7-b [role='status']").filter(has_text=ui("cite.copied", "zh")).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_hovering_a_paragraph_shows_its_link(page: Any, base: str) -> None:
    page.goto(base + DECISION)
    link = page.locator("#para-6 .tkb-pnum")
    page.hover("#para-6")
    assert link.evaluate("el => getComputedStyle(el, '::after').opacity") == "1"
    assert link.get_attribute("title", timeout=1000) == "联合国打击跨国有组织犯罪公约缔约方会议第3/4号决定第6段（2006年10月）"


def test_where_the_clipboard_refuses_the_citation_is_selected_to_copy_by_hand(browser: Any, base: str, real_site: Path) -> None:
    expected = record_json(real_site, "case", "can-2015-appulonappa")["versions"]["en"]["cite"]
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));document.execCommand = () => false;")
        pg.goto(base + CASE)
        pg.click(".tkb-cite-box .tkb-copy")
        pg.locator(".tkb-cite-box [role='status']").filter(has_text=ui("cite.copy_failed", "en")).wait_for()
        assert pg.evaluate("window.getSelection().toString()") == expected
    finally:
        context.close()


# --- print -----------------------------------------------------------------------------------


def pdf_text(pg: Any, base: str, url: str) -> str:
    """The page printed to PDF by Chromium, read back; NFKC undoes the CJK compatibility
    forms some fonts map their glyphs to, and whitespace (line breaks, the spaces PDF text
    puts between runs of glyphs) is dropped."""
    pg.goto(base + url)
    pg.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(pg.pdf(format="A4")))
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
    return re.sub(r"\s+", "", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def citations_as_printed(pg: Any) -> list[str]:
    """Each citation link of the text, as print should show it: its words, then what it
    cites (the article or record it names, or the address of an outside document)."""
    return pg.eval_on_selector_all(
        ".tkb-text a.tkb-cite",
        """els => els.map(a => a.textContent + (a.relList.contains('noopener') ? ' <' + a.href + '>' : ' [' + a.title + ']'))""",
    )


@pytest.mark.parametrize(
    ("url", "rtype", "rid", "lang"), [(DECISION, "decision", "cop-decision-3-4", "zh"), (CASE, "case", "can-2015-appulonappa", "en")]
)
def test_a_record_prints_as_a_clean_document(page: Any, base: str, real_site: Path, url: str, rtype: str, rid: str, lang: str) -> None:
    data = record_json(real_site, rtype, rid)["versions"][lang]
    text = pdf_text(page, base, url)
    title_at = text.find(squash(data["title"]))
    assert title_at == 0, text[:200]  # the title first: no header, tabs or skip link before it
    facts_at = text.find(squash(ui("type", lang)))
    text_at = text.find(squash(ui("text" if rtype == "decision" else "digest", lang)))
    foot_at = text.rfind(squash(ui("cite.heading", lang)))
    assert 0 < facts_at < text_at < foot_at
    # The text with its paragraph numbers, in order.
    cat = catalogue.load(CONTENT)
    record = cat.versions[rid][lang]
    lines = record.src.body.split("\n")
    positions = []
    for p in record.paragraphs:
        words = squash(re.sub(r"^\S+\s*", "", lines[p.first_line]))[:6]
        positions.append(text.find(squash(p.label) + words, text_at))
    assert -1 not in positions and positions == sorted(positions)
    # Each citation with what it cites, written out.
    printed = citations_as_printed(page)
    assert printed and [c for c in printed if squash(c) not in text] == []
    # At the foot: how to cite, the sources with their addresses, the permalink last.
    foot = text[foot_at:]
    assert foot.startswith(squash(ui("cite.heading", lang)) + squash(citation(record)))
    for source in data["sources"]:
        if "url" in source:
            assert squash(source["url"]) in foot
    assert text.endswith(squash(ui("cite.permalink", lang)) + data["url"])
    # Nothing of the screen's furniture.
    for furniture in (
        ui("cite.copy", lang),
        "".join(ui(f"nav.{k}", lang) for k in ("home", "decisions", "cases")),
        "Français",
        "Español",
        "Skip to content",
    ):
        assert squash(furniture) not in text, furniture
