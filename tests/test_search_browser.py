"""Search as a reader uses it: the bundled site built for real, served on localhost and
driven in headless Chromium (typing, ticking filters, sharing the URL); and the offline
zip, made by the real `treatykb offline` command, opened from disk."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest

from browser import launched, serve, watched_page
from conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api")

TREATYKB = str(Path(sys.executable).parent / "treatykb")


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
    with watched_page(browser) as pg:
        yield pg


def results(pg: Any) -> list[dict[str, str]]:
    """The result list as a reader sees it: title, type label, link, snippet HTML."""
    return pg.eval_on_selector_all(
        "#tkb-results .tkb-result",
        """els => els.map(el => ({
            title: el.querySelector('.tkb-result-title').textContent,
            href: el.querySelector('.tkb-result-title').getAttribute('href'),
            type: el.querySelector('.tkb-result-type').textContent,
            meta: el.querySelector('.tkb-result-meta').textContent,
            pinned: el.classList.contains('tkb-pinned') ? 'yes' : '',
            snippet: (el.querySelector('.tkb-result-snippet') || {innerHTML: ''}).innerHTML,
        }))""",
    )


def search(pg: Any, query: str) -> list[dict[str, str]]:
    """Type a query as a person does and wait for its results."""
    before = pg.evaluate("document.documentElement.getAttribute('data-tkb-searched')")
    pg.fill("#tkb-q", "")
    pg.type("#tkb-q", query, delay=20)
    pg.wait_for_function(
        "b => document.documentElement.getAttribute('data-tkb-searched') !== b && !document.querySelector('#tkb-results[aria-busy]')",
        arg=before,
        timeout=15000,
    )
    return results(pg)


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("en", "art. 24"),
        ("en", "article 24"),
        ("zh", "第24条"),
        ("zh", "第二十四条"),
        ("fr", "article 24"),
        ("en", "Article 24 of the Convention"),
    ],
)
def test_a_citation_puts_the_article_page_first(page: Any, base: str, lang: str, query: str) -> None:
    page.goto(f"{base}{lang}/search/")
    found = search(page, query)
    assert found and found[0]["pinned"] == "yes"
    assert found[0]["href"].endswith(f"/{lang}/articles/untoc/24/")
    assert "24" in found[0]["title"]
    # The citation also filters: the article facet shows UNTOC art. 24, ticked.
    ticked = page.eval_on_selector_all("#tkb-facets input[data-facet=article]:checked", "els => els.map(e => e.value)")
    assert ticked == ["untoc 24"]


def test_a_protocol_citation_leads_to_the_protocol_article(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/")
    found = search(page, "trafficking protocol art. 5")
    assert found[0]["href"].endswith("/en/articles/tip/5/")


@pytest.mark.parametrize("query", ["司法协助", "中央机关", "技术援助"])
def test_chinese_words_are_found_inside_chinese_text(page: Any, base: str, query: str) -> None:
    page.goto(f"{base}zh/search/")
    found = search(page, query)
    decisions = [r for r in found if "/zh/decisions/" in r["href"]]
    assert decisions, found
    # The match is highlighted in the snippet of at least one result.
    assert any("<mark>" in r["snippet"] for r in decisions)


def test_a_chinese_query_on_the_english_page_also_searches_chinese_pages(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/")
    found = search(page, "司法协助")
    assert any("/zh/decisions/" in r["href"] for r in found)
    hit = page.query_selector("#tkb-results .tkb-result[data-lang=zh] .tkb-result-title")
    assert hit is not None and hit.get_attribute("lang") == "zh"  # labelled for screen readers
    checked = page.eval_on_selector_all("#tkb-facets input[data-facet=lang]:checked", "els => els.map(e => e.value)")
    assert checked == ["zh", "en"]


def test_english_queries_match_inflected_forms(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/")
    found = search(page, "extradite")  # the text says "Extradition"
    assert any(r["href"].endswith("/en/articles/untoc/16/") for r in found)


@pytest.mark.parametrize(
    ("lang", "query", "marked"),
    [
        ("fr", "criminalites", "criminalité"),  # no accent, another ending
        ("es", "Delincuencias", "Delincuencia"),
        ("ru", "преступностью", "преступности"),
    ],
)
def test_languages_without_a_stemmer_find_other_endings_and_ignore_accents(
    page: Any, base: str, lang: str, query: str, marked: str
) -> None:
    page.goto(f"{base}{lang}/search/")
    found = search(page, query)
    assert found and all(f"<mark>{marked}</mark>" in r["snippet"] for r in found[:3]), found[:3]


def test_results_show_type_date_country_language_and_a_highlighted_snippet(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/")
    found = search(page, "smuggling")
    case = next(r for r in found if "/en/cases/can-2015-b010/" in r["href"])
    assert case["type"] == "Case"
    assert "2015-11-27" in case["meta"] and "Canada" in case["meta"] and "English" in case["meta"]
    assert "<mark>" in case["snippet"].lower() or "<mark>" in case["snippet"]


def test_facets_combine_count_and_go_into_a_shareable_url(page: Any, base: str, browser: Any) -> None:
    page.goto(f"{base}en/search/")
    everything = search(page, "smuggling")
    counts = dict(
        page.eval_on_selector_all(
            "#tkb-facets input[data-facet=type]",
            "els => els.map(e => [e.value, Number(e.closest('label').querySelector('.tkb-count').textContent)])",
        )
    )
    total = int(page.inner_text("#tkb-status").split(":")[1])
    assert sum(counts.values()) == total >= len(everything) > counts["case"] == 3
    page.check("#tkb-facets input[data-facet=type][value=case]")
    page.wait_for_function("() => location.search.includes('type=case')")
    page.wait_for_function(f"() => document.querySelectorAll('#tkb-results .tkb-result').length === {counts['case']}")
    cases = results(page)
    assert all("/en/cases/" in r["href"] for r in cases)
    page.check("#tkb-facets input[data-facet=year][value='2013']")
    page.wait_for_function("() => location.search.includes('year=2013')")
    page.wait_for_function("() => document.querySelectorAll('#tkb-results .tkb-result').length === 1")
    shared = page.url
    params = parse_qs(urlparse(shared).query)
    assert params == {"q": ["smuggling"], "type": ["case"], "year": ["2013"]}
    # Someone else opens the shared link: same query, same ticks, same result.
    other = browser.new_page()
    try:
        other.goto(shared)
        other.wait_for_selector("#tkb-results .tkb-result")
        assert other.input_value("#tkb-q") == "smuggling"
        assert other.is_checked("#tkb-facets input[data-facet=type][value=case]")
        assert other.is_checked("#tkb-facets input[data-facet=year][value='2013']")
        assert [r["href"] for r in results(other)] == [r["href"] for r in results(page)]
        assert results(other)[0]["href"].endswith("/en/cases/can-2013-jp/")
    finally:
        other.close()


def test_the_search_box_on_every_page_leads_to_the_search_page(page: Any, base: str) -> None:
    page.goto(f"{base}zh/decisions/cop-decision-3-4/")
    page.fill("#tkb-header-q", "中央机关")
    page.press("#tkb-header-q", "Enter")
    page.wait_for_selector("#tkb-results .tkb-result")
    assert urlparse(page.url).path == "/zh/search/"
    assert parse_qs(urlparse(page.url).query)["q"] == ["中央机关"]
    assert page.input_value("#tkb-q") == "中央机关"


@pytest.mark.parametrize("query", ["zzyzxqv", "extradition zzyzxqv", "?!", "x" * 41])
def test_an_unknown_word_says_nothing_was_found(page: Any, base: str, query: str) -> None:
    page.goto(f"{base}en/search/?q={quote(query)}")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-tkb-searched')")
    assert results(page) == []
    assert page.inner_text("#tkb-status").startswith("Nothing found")


def test_the_search_page_loads_its_index_before_the_first_key_and_searches_with_it(page: Any, base: str) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{base}en/search/")
    # Idle, untouched: the entry and the facet values of the page's language arrive.
    loaded = """() => performance.getEntriesByType('resource')
        .filter(e => /search-index[/]en[/](entry|\\w+[/]facets)[.]tkb$/.test(e.name) && e.responseEnd > 0).length === 2"""
    page.wait_for_function(loaded)
    assert not any(re.search(r"/search-index/.*/(c\d+|d/\d+)[.]tkb$", u) for u in requested)  # no query, no terms or pages
    typed_at = page.evaluate("performance.now()")
    found = search(page, "extradite")
    assert any(r["href"].endswith("/en/articles/untoc/16/") for r in found)
    # The search used what was preloaded: fetched once, before the first key.
    fetched = page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => /search-index[/]en[/](entry|\\w+[/]facets)[.]tkb$/.test(e.name))"
        ".map(e => e.responseEnd)"
    )
    assert len(fetched) == 2 and max(fetched) < typed_at
    assert len([u for u in requested if "/search-index/en/" in u]) == len({u for u in requested if "/search-index/en/" in u})


def test_facet_counts_leave_out_their_own_filter_and_apply_the_others(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/?q=smuggling")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-tkb-searched')")

    def counts(facet: str) -> dict[str, int]:
        return dict(
            page.eval_on_selector_all(
                f"#tkb-facets input[data-facet={facet}]",
                "els => els.map(e => [e.value, Number(e.closest('label').querySelector('.tkb-count').textContent)])",
            )
        )

    types, years = counts("type"), counts("year")
    page.check("#tkb-facets input[data-facet=type][value=case]")
    page.wait_for_function(f"() => document.querySelectorAll('#tkb-results .tkb-result').length === {types['case']}")
    # Other types keep their counts (ticking one adds its results: OR within a facet)...
    assert counts("type") == types
    # ...while the years count cases only (AND across facets).
    case_years = counts("year")
    assert sum(case_years.values()) == types["case"] < sum(years.values())
    assert all(n <= years[y] for y, n in case_years.items())
    page.check("#tkb-facets input[data-facet=type][value=legislation]")
    page.wait_for_function(f"() => document.querySelectorAll('#tkb-results .tkb-result').length === {types['case'] + types['legislation']}")
    assert all("/en/cases/" in r["href"] or "/en/legislation/" in r["href"] for r in results(page))


def test_a_listing_by_filter_alone_is_newest_first_in_every_language(page: Any, base: str) -> None:
    page.goto(f"{base}en/search/?type=case&type=legislation&type=decision&lang=zh&lang=en")
    page.wait_for_function("() => document.documentElement.hasAttribute('data-tkb-searched')")
    found = results(page)
    dates = [re.search(r"\d{4}(-\d{2}){0,2}", r["meta"]) for r in found]
    shown = [d.group(0) for d in dates if d]
    assert len(shown) == len(found) == 10  # 11 records: the first page of ten, each dated
    assert shown == sorted(shown, reverse=True)
    assert {"2015-11-27", "2010-10"} <= set(shown)  # an English case and a Chinese resolution
    assert page.inner_text("#tkb-status").endswith("11")


def test_a_language_without_a_bundle_does_not_stop_the_others(browser: Any, real_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    shutil.rmtree(site / "search-index" / "zh")  # its indexing failed, say
    with serve(site) as url, watched_page(browser) as pg:
        pg.goto(f"{url}en/search/")
        found = search(pg, "司法协助 smuggling")  # zh implied by the script, en asked
        assert pg.inner_text("#tkb-status").startswith("Nothing found")
        found = search(pg, "smuggling")
        assert any("/en/cases/can-2015-b010/" in r["href"] for r in found)


def test_one_chinese_character_is_found_wherever_it_stands(page: Any, base: str) -> None:
    page.goto(f"{base}zh/search/")
    found = search(page, "助")  # last in 协助, 援助
    decision = next(r for r in found if "/zh/decisions/cop-decision-3-4/" in r["href"])
    assert "<mark>助</mark>" in decision["snippet"]


def test_a_bundle_rebuilt_while_the_page_is_open_is_read_again(browser: Any, real_site: Path, tmp_path: Path) -> None:
    from treatykb.search.bundle import build_bundle

    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    with serve(site) as url, watched_page(browser) as pg:
        pg.goto(f"{url}en/search/")
        pg.wait_for_function("() => performance.getEntriesByType('resource').some(e => /[/]facets[.]tkb$/.test(e.name))")
        # The site is rebuilt: a page gains a word, the bundle a new version, the old one goes.
        old = next(p.name for p in (site / "search-index" / "en").iterdir() if p.is_dir())
        case = site / "en" / "cases" / "can-2015-b010" / "index.html"
        case.write_text(case.read_text(encoding="utf-8").replace("</h1>", " zzyzxqv</h1>", 1), encoding="utf-8")
        build_bundle(site, "en")
        assert not (site / "search-index" / "en" / old).exists()
        found = search(pg, "zzyzxqv")  # its chunk is of the version gone: the entry is read again
        assert [r["href"] for r in found] == [f"{url}en/cases/can-2015-b010/"]
        assert any("smuggling" in r["snippet"].lower() for r in search(pg, "smuggling"))


def test_a_chinese_query_is_cut_into_words_on_any_page(page: Any, base: str) -> None:
    # The Chinese bundle is searched with the same terms (技术 术援 援助) whichever page
    # asks, so its results are the same on the Chinese and on the English page.
    page.goto(f"{base}zh/search/")
    on_zh = [r["href"] for r in search(page, "技术援助")]
    page.goto(f"{base}en/search/")
    on_en = [r["href"] for r in search(page, "技术援助") if "/zh/" in r["href"]]
    assert len(on_zh) > 1 and on_en == on_zh


def test_nothing_is_searched_while_an_input_method_composes(page: Any, base: str) -> None:
    requested: list[str] = []
    page.goto(f"{base}zh/search/")
    page.on("request", lambda r: requested.append(r.url))
    page.focus("#tkb-q")
    # Pinyin on its way to a word: input events marked as composing.
    page.evaluate(
        """() => {
            const q = document.getElementById('tkb-q');
            q.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
            for (const text of ['s', 'si', 'sif', 'sifa']) {
                q.value = text;
                q.dispatchEvent(new InputEvent('input', {data: text, inputType: 'insertCompositionText', isComposing: true}));
            }
        }"""
    )
    page.wait_for_timeout(400)
    assert page.inner_text("#tkb-status") == "" and results(page) == []
    assert "q=" not in page.url and not any(re.search(r"/search-index/.*/c\d+[.]tkb$", u) for u in requested)
    # The reader picks the words: one search, for them.
    page.evaluate(
        """() => {
            const q = document.getElementById('tkb-q');
            q.value = '司法协助';
            q.dispatchEvent(new InputEvent('input', {data: '司法协助', inputType: 'insertCompositionText', isComposing: true}));
            q.dispatchEvent(new CompositionEvent('compositionend', {data: '司法协助'}));
        }"""
    )
    page.wait_for_function("() => document.documentElement.hasAttribute('data-tkb-searched')")
    assert any("/zh/decisions/" in r["href"] for r in results(page))
    assert parse_qs(urlparse(page.url).query)["q"] == ["司法协助"]


# ---- the offline edition ---------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    zip_path = out / "treatykb-offline.zip"
    run = subprocess.run(
        [TREATYKB, "offline", "--out", str(zip_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr + run.stdout
    assert "treatykb offline:" in run.stdout
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        assert not any(n.startswith("treatykb/search-index/") for n in names)  # cannot be fetched from disk
        z.extractall(out / "unzipped")
    return out / "unzipped" / "treatykb"


def test_the_offline_zip_searches_from_disk_in_every_script(page: Any, offline_site: Path) -> None:
    page.goto((offline_site / "index.html").as_uri())
    page.click(".tkb-languages a[lang=en]")
    page.fill("#tkb-header-q", "extradite")
    page.press("#tkb-header-q", "Enter")
    page.wait_for_selector("#tkb-results .tkb-result")
    assert page.url.startswith("file://") and page.url.split("?")[0].endswith("/en/search/index.html")
    found = results(page)
    assert found[0]["href"].endswith("en/articles/untoc/16/index.html")
    found = search(page, "司法协助")
    assert any("zh/decisions/cop-decision-3-4/index.html" in r["href"] for r in found), found
    found = search(page, "art. 24")
    assert found[0]["pinned"] == "yes" and found[0]["href"].endswith("en/articles/untoc/24/index.html")
    # A result opens from disk: links name their index.html.
    page.goto(found[0]["href"])
    assert page.title().startswith("UNTOC art. 24")
    page.click(".md-tabs__link >> text=Cases")
    assert page.url.endswith("/en/cases/index.html")
