"""The search core as plain functions: what pages tell the index, the search page's
configuration, the offline indexes and the link rewriting for `file://`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lunr.index import Index

from conftest import CASE, DECISION, LAW
from treatykb import catalogue
from treatykb.pages.search import search_config, search_markdown
from treatykb.records import LANGUAGES
from treatykb.search.fields import FACETS, article_fields, markup, record_fields
from treatykb.search.offline import build_index, documents, file_link, index_script, rewrite_links, segment

ZH_DECISION = DECISION.replace(
    "summary: The Conference endorsed recommendations.", "summary: 工作组强调证人保护和司法协助的必要性，并请各国指定中央机关。"
)


@pytest.fixture
def cat(make_content) -> catalogue.Catalogue:  # type: ignore[no-untyped-def]
    content = make_content({"decisions/d.zh.md": ZH_DECISION, "cases/c.en.md": CASE, "legislation/m.en.md": LAW})
    c = catalogue.load(content)
    assert not c.problems, c.problems
    return c


def test_record_fields_are_codes_not_labels(cat: catalogue.Catalogue) -> None:
    case = cat.by_id["can-2015-example"]
    from treatykb.pages.record import cited_articles

    fields = record_fields(case, cited_articles(case))
    assert fields["filters"] == {
        "type": ["case"],
        "country": ["CAN"],
        "year": ["2015"],
        "crime": ["smuggling-of-migrants"],
        "instrument": ["som"],
        "article": ["som 6"],
    }
    assert fields["meta"] == {"type": "case", "lang": "en", "id": "can-2015-example", "date": "2015-11-27", "country": "CAN"}
    assert fields["sort"] == {"date": "2015-11-27"}
    decision = cat.by_id["cop-decision-3-4"]
    assert record_fields(decision, cited_articles(decision))["filters"]["article"] == ["untoc 32"]


def test_markup_carries_every_field_as_an_empty_attribute_element() -> None:
    html = markup(article_fields("untoc", 24, "zh"))
    assert 'data-pagefind-filter="type:article"' in html
    assert 'data-pagefind-filter="article:untoc 24"' in html
    assert 'data-pagefind-meta="lang:zh"' in html
    assert 'data-pagefind-sort="date:0000"' in html
    assert re.sub(r"<[^>]+>", "", html) == ""  # no text of its own to index or read aloud
    assert (
        markup({"filters": {"country": ['a"b<c']}})
        == '<div class="tkb-search-fields" hidden><span data-pagefind-filter="country:a&quot;b&lt;c"></span></div>'
    )


def test_search_config_speaks_the_page_language(cat: catalogue.Catalogue) -> None:
    for lang in LANGUAGES:
        config = search_config(cat, lang)
        assert [f for f, _ in config["facets"]] == list(FACETS)
        assert config["root"] == "../../"
        assert set(config["labels"]["type"]) == {"decision", "case", "legislation", "article", "page", "instrument"}
        assert config["labels"]["country"]["CAN"][1] == lang
        assert all(config["strings"].values())
    zh = search_config(cat, "zh")
    assert zh["articles"]["untoc 24"]["url"] == "../articles/untoc/24/"
    assert zh["articles"]["untoc 24"]["label"] == "《公约》第24条"
    assert zh["labels"]["country"]["CAN"] == ["加拿大", "zh"]


def test_search_page_config_cannot_close_its_script(cat: catalogue.Catalogue) -> None:
    page = search_markdown(cat, "en")
    start = page.index('<script type="application/json" id="tkb-search-config">') + len(
        '<script type="application/json" id="tkb-search-config">'
    )
    data = page[start : page.index("</script>", start)]
    assert json.loads(data.replace("<\\/", "</"))["lang"] == "en"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("../cases/", "../cases/index.html"),
        ("..", "../index.html"),
        (".", "./index.html"),
        ("./", "./index.html"),
        ("x/y/#para-2", "x/y/index.html#para-2"),
        ("../?q=1", "../index.html?q=1"),
        ("style.css", "style.css"),
        ("../a/b.html", "../a/b.html"),
        ("https://undocs.org/A/RES/55/25", "https://undocs.org/A/RES/55/25"),
        ("#top", "#top"),
        ("/abs/", "/abs/"),
        ("mailto:x@example.org", "mailto:x@example.org"),
        ("", ""),
    ],
)
def test_file_links_name_index_html(url: str, expected: str) -> None:
    assert file_link(url) == expected


def test_rewrite_links_touches_href_src_and_action_only() -> None:
    html = '<a href="../cases/">x</a><img src="../" alt=""><form action="./"><p data-url="../x/">../y/</p>'
    assert (
        rewrite_links(html)
        == '<a href="../cases/index.html">x</a><img src="../index.html" alt=""><form action="./index.html"><p data-url="../x/">../y/</p>'
    )


def test_segment_cuts_chinese_and_leaves_other_text() -> None:
    assert segment("extradition of nationals") == "extradition of nationals"
    words = segment("请各国指定中央机关。").split()
    assert "中央" in words and "机关" in words


def test_offline_index_finds_chinese_words_and_english_stems(cat: catalogue.Catalogue) -> None:
    zh = build_index(documents(cat, "zh"), "zh")
    index = Index.load(zh["index"])
    assert {"证人", "保护", "司法", "协助", "中央", "机关"} <= set(index.inverted_index)
    hits = index.search("+司法 +协助")
    assert [zh["docs"][int(h["ref"])]["u"] for h in hits] == ["zh/decisions/cop-decision-3-4/index.html"]
    en = build_index(documents(cat, "en"), "en")
    hits = Index.load(en["index"]).search("smuggle")  # stemmed: "smuggling" in the metadata
    assert "en/cases/can-2015-example/index.html" in [en["docs"][int(h["ref"])]["u"] for h in hits]
    doc = next(d for d in en["docs"] if d["u"] == "en/cases/can-2015-example/index.html")
    assert doc["f"]["country"] == ["CAN"] and doc["d"] == "2015-11-27" and doc["t"] == "R. v. Example"


def test_offline_index_is_a_script_with_lunr_version(cat: catalogue.Catalogue) -> None:
    script = index_script(build_index(documents(cat, "fr"), "fr"), "fr")
    assert script.startswith('window.TKB_OFFLINE=window.TKB_OFFLINE||{};window.TKB_OFFLINE["fr"]={')
    data = json.loads(script[script.index("]=") + 2 :].rstrip(";\n"))
    assert data["index"]["version"] == "2.3.9"  # what lunr.js 2.3.9 accepts
    # Every article is findable in every language, even with no record in it.
    assert sum(1 for d in data["docs"] if d["f"]["type"] == ["article"]) == sum(len(i.articles) for i in cat.instruments.values())


def test_bundled_site_search_pages_exist(tmp_path: Path) -> None:
    from treatykb.pages import site_pages

    pages = {p.src_uri for p in site_pages(catalogue.load(Path(__file__).resolve().parent.parent / "content"))}
    assert {f"{lang}/search/index.md" for lang in LANGUAGES} <= pages
