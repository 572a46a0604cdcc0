"""The online index as plain functions: how text becomes terms, what is read from a built
page, what the bundle files hold (read back with a decoder written here from the format's
description), how a failed run leaves the last bundle; and the same word rules run in
Chromium by the search page's own script, compared with Python's on the same inputs."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lunr.stemmer import porter_stemmer

from conftest import ROOT
from treatykb.search.bundle import (
    FOLDER,
    Builder,
    SearchIndexError,
    build_bundle,
    day_number,
    index_site,
    utf16_key,
)
from treatykb.search.extract import Page, extract, page_url
from treatykb.search.fields import FACETS, markup, page_fields
from treatykb.search.text import Stemmer, fold, terms

# ---- words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Extradition", "extradition"),
        ("ÉTAT", "etat"),
        ("Ｅｘｔｒａ ２４", "extra 24"),  # full width
        ("المادةُ", "المادة"),  # the vowel mark goes; ة stays (a letter, not a mark)
        ("أإآ", "ااا"),  # hamza and madda are marks on alef
        ("Ёлка", "елка"),
        ("证人保护", "证人保护"),
        ("ﬁnance", "finance"),  # a ligature, by NFKC
    ],
)
def test_fold_takes_case_width_and_marks_away(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Extradition of nationals", ["extradit", "of", "nation"]),
        ("en", "extradite, extradited", ["extradit", "extradit"]),
        ("en", "The court's ruling", ["the", "court", "s", "rule"]),
        ("en", "CTOC/COP/2006/14", ["ctoc", "cop", "2006", "14"]),
        ("fr", "Extraditions des nationaux", ["extraditions", "des", "nationaux"]),  # no stemmer: whole words
        ("zh", "司法协助", ["司", "司法", "法", "法协", "协", "协助", "助"]),
        ("zh", "第24条", ["第", "24", "条"]),  # digits part the Chinese runs
        ("zh", "机关。证人", ["机", "机关", "关", "证", "证人", "人"]),  # punctuation ends a run
        ("zh", "《公约》", ["公", "公约", "约"]),
        ("en", "a_b", ["a", "b"]),
        ("en", "x" * 41 + " y", ["y"]),  # longer than any word
    ],
)
def test_terms_table(lang: str, text: str, expected: list[str]) -> None:
    assert list(terms(text, Stemmer(lang))) == expected


def test_only_english_is_stemmed_and_only_words_of_a_to_z() -> None:
    en, fr = Stemmer("en"), Stemmer("fr")
    assert (en.kind, fr.kind) == ("porter", None)
    assert en("extradition") == "extradit" and fr("extradition") == "extradition"
    assert en("états") == "états" and en("2006") == "2006"


@pytest.mark.parametrize(
    ("date", "days"),
    [
        ("1900-01-01", 1),
        ("1900-01-02", 2),
        ("2015-11-27", 42334),
        ("2015", 42004),
        ("2015-11", 42308),
        ("0000", 0),
        ("", 0),
        ("2015-02-30", 0),
        ("2020-²", 43830),  # not a decimal digit: the year alone
    ],
)
def test_day_numbers(date: str, days: int) -> None:
    assert day_number(date) == days


def test_terms_sort_as_javascript_compares_strings() -> None:
    # U+FF21 (full-width A) sorts before U+1F600 in code points, after it in UTF-16 units.
    assert sorted(["\U0001f600", "\uff21"], key=utf16_key) == ["\U0001f600", "\uff21"]


# ---- pages -------------------------------------------------------------------------------


def built(body: str, fields: str = "") -> str:
    return (
        "<!doctype html><html lang='en'><head><title>Site title - treatykb</title></head><body><nav>Menu words</nav>"
        f'<article class="md-content__inner"><div data-pagefind-body>{body}{fields}</div></article><footer>Foot</footer></body></html>'
    )


def test_a_page_is_read_from_its_search_body_only() -> None:
    html = built(
        "<h1>UNTOC art. 16: <em>Extradition</em></h1>"
        "<p>Each State Party shall <a href='x'>ex</a>tradite &amp; prosecute.</p>"
        "<h2 id='t'>Text<a class='headerlink' href='#t'>&para;</a></h2>"
        "<ul class='tkb-cited-by' data-pagefind-ignore><li>Listed record</li></ul>"
        "<section hidden><p>Print only</p></section>"
        "<script>var hidden = 'script';</script>"
        "<p>第<a href='y'>24</a>条</p>"
        '<p class=\'a hidden b\' title="x hidden">Shown</p><div data-pagefind-ignore="all"><p>Box</p></div>',
        markup({"filters": {"type": ["article"], "article": ["untoc 16"]}, "meta": {"lang": "en"}, "sort": {"date": "0000"}}),
    )
    page = extract(html, "en/articles/untoc/16/index.html")
    assert page is not None
    assert page.url == "en/articles/untoc/16/"
    assert page.title == "UNTOC art. 16: Extradition"
    assert page.filters == {"type": ["article"], "article": ["untoc 16"]}
    assert page.meta == {"lang": "en"} and page.sort == {"date": "0000"}
    assert page.text == "Each State Party shall extradite & prosecute. Text¶ 第24条 Shown"
    title, headings, text = page.parts
    assert "Extradition" in title and "Extradition" not in text
    assert headings.strip() == "Text¶"
    for left_out in ("Menu", "Foot", "Listed", "Print", "script", "Box"):
        assert left_out not in " ".join(page.parts) + page.text


def test_the_body_ends_where_it_was_closed_even_after_end_tags_html_leaves_out() -> None:
    html = (
        "<main><article><div data-pagefind-body><ul><li>alpha<li>beta</ul><p>gamma"
        '<div class="tkb-search-fields" hidden><span data-pagefind-filter="type:page"></span></div>'
        "</div></article><nav>SIDEBAR NAV</nav></main>"
    )
    page = extract(html, "en/x/index.html")
    assert page is not None and page.text == "alpha beta gamma"


def test_a_page_without_a_search_body_is_not_indexed_and_a_title_falls_back() -> None:
    assert extract("<html><body><p>Search page</p></body></html>", "en/search/index.html") is None
    page = extract(built("<p>no heading</p>", markup(page_fields("en"))), "en/about/index.html")
    assert page is not None and page.title == "Site title - treatykb"


@pytest.mark.parametrize(
    ("rel", "url"),
    [
        ("index.html", ""),
        ("en/index.html", "en/"),
        ("en/cases/x/index.html", "en/cases/x/"),
        ("en/404.html", "en/404.html"),
        ("en/a b#c?d%/index.html", "en/a%20b%23c%3Fd%25/"),
        ("zh/案例/index.html", "zh/%E6%A1%88%E4%BE%8B/"),
    ],
)
def test_page_urls(rel: str, url: str) -> None:
    assert page_url(rel) == url


# ---- the bundle, read back -----------------------------------------------------------------


def _varints(data: bytes, at: int = 0) -> Iterator[tuple[int, int]]:
    while at < len(data):
        n, shift = 0, 0
        while True:
            byte = data[at]
            at += 1
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield n, at


def _num(data: bytes, at: int) -> tuple[int, int]:
    return next(_varints(data, at))


def read_chunk(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """A chunk as {term: [(page, weight)]}."""
    out: dict[str, list[tuple[int, int]]] = {}
    at = 0
    while at < len(data):
        length, at = _num(data, at)
        term = data[at : at + length].decode("utf-8")
        at += length
        df, at = _num(data, at)
        size, at = _num(data, at)
        end, pages, doc = at + size, [], 0
        for _ in range(df):
            gap, at = _num(data, at)
            doc += gap
            pages.append((doc, data[at]))
            at += 1
        assert at == end
        out[term] = pages
    return out


def read_bundle(folder: Path) -> dict[str, Any]:
    entry = json.loads(gzip.decompress((folder / "entry.tkb").read_bytes()))
    version = folder / entry["version"]
    chunks = [read_chunk(gzip.decompress((version / f"c{i}.tkb").read_bytes())) for i in range(len(entry["chunks"]))]
    table = gzip.decompress((version / "facets.tkb").read_bytes())
    facets: dict[str, list[list[str]]] = {}
    at = 0
    for f in FACETS:
        rows = []
        for _ in range(entry["docs"]):
            k, at = _num(table, at)
            ids, v = [], 0
            for _ in range(k):
                gap, at = _num(table, at)
                v += gap
                ids.append(entry["facets"][f][v])
            rows.append(ids)
        facets[f] = rows
    assert at == len(table)
    dates = [n for n, _ in _varints(gzip.decompress((version / "dates.tkb").read_bytes()))]
    docs = [json.loads(gzip.decompress((version / "d" / f"{n}.tkb").read_bytes())) for n in range(entry["docs"])]
    return {"entry": entry, "chunks": chunks, "facets": facets, "dates": dates, "docs": docs}


def _page(url: str, title: str, text: str, **filters: list[str]) -> Page:
    return Page(
        url=url, title=title, parts=(title, "", text), text=text, filters=dict(filters), meta={"type": "case"}, sort={"date": "2015-11-27"}
    )


def test_a_bundle_holds_each_term_with_its_pages_facets_dates_and_texts(tmp_path: Path) -> None:
    builder = Builder("en")
    builder.add(_page("en/a/", "Extradition", "The court refused the extradition request.", type=["case"], article=["untoc 16"]))
    builder.add(_page("en/b/", "Witnesses", "Witness protection; extradition is mentioned once.", type=["legislation"]))
    builder.add(_page("en/c/", "Other", "Nothing of the kind " * 30, type=["case"], article=["untoc 16", "untoc 24"]))
    files, entry = builder.files()
    site = tmp_path / "site"
    (site / FOLDER / "en" / str(entry["version"]) / "d").mkdir(parents=True)
    for name, data in files.items():
        (site / FOLDER / "en" / str(entry["version"]) / name).write_bytes(data)
    (site / FOLDER / "en" / "entry.tkb").write_bytes(gzip.compress(json.dumps(entry).encode()))
    got = read_bundle(site / FOLDER / "en")
    assert got["entry"]["docs"] == 3 and got["entry"]["stem"] == "porter"
    postings = {t: p for chunk in got["chunks"] for t, p in chunk.items()}
    assert [d for d, _ in postings["extradit"]] == [0, 1]
    weights = dict(postings["extradit"])
    assert weights[0] > weights[1]  # in the title and the text, against once in a longer text
    assert all(1 <= w <= 255 for p in postings.values() for _, w in p)
    assert [d for d, _ in postings["noth"]] == [2]
    assert got["entry"]["chunks"][0] == min(postings, key=utf16_key)
    assert got["facets"]["type"] == [["case"], ["legislation"], ["case"]]
    assert got["facets"]["article"] == [["untoc 16"], [], ["untoc 16", "untoc 24"]]
    assert got["dates"] == [42334] * 3
    assert got["docs"][1] == {
        "u": "en/b/",
        "t": "Witnesses",
        "m": {"type": "case"},
        "x": "Witness protection; extradition is mentioned once.",
    }


def test_a_language_without_indexed_pages_has_an_empty_bundle() -> None:
    files, entry = Builder("ar").files()
    assert entry["docs"] == 0 and entry["chunks"] == [] and sorted(files) == ["dates.tkb", "facets.tkb"]
    assert all(gzip.decompress(data) == b"" for data in files.values())


def test_pages_without_words_are_indexed_with_their_fields() -> None:
    builder = Builder("en")
    builder.add(_page("en/a/", "", "", type=["page"]))
    files, entry = builder.files()
    assert entry["docs"] == 1 and entry["chunks"] == [] and json.loads(gzip.decompress(files["d/0.tkb"]))["u"] == "en/a/"


def test_terms_are_cut_into_chunks_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("treatykb.search.bundle.CHUNK_BYTES", 200)
    builder = Builder("zh")
    for i in range(40):
        builder.add(_page(f"zh/{i}/", f"记录{i}", "中央机关转递了司法协助请求。" * (i % 3 + 1) + f"编号{i}"))
    files, entry = builder.files()
    firsts = entry["chunks"]
    assert isinstance(firsts, list) and len(firsts) > 3
    chunks = [read_chunk(gzip.decompress(files[f"c{i}.tkb"])) for i in range(len(firsts))]
    every = [t for c in chunks for t in c]
    assert every == sorted(every, key=utf16_key) and [next(iter(c)) for c in chunks] == firsts
    assert {"中央", "司法", "协助"} <= set(every)


def test_the_bundled_site_has_a_bundle_per_language_that_reads_back(real_site: Path) -> None:
    zh = read_bundle(real_site / FOLDER / "zh")
    urls = [d["u"] for d in zh["docs"]]
    assert len(urls) == len(set(urls)) and "zh/decisions/cop-decision-3-4/" in urls
    n = urls.index("zh/decisions/cop-decision-3-4/")
    postings = {t: p for chunk in zh["chunks"] for t, p in chunk.items()}
    assert all(n in dict(postings[t]) for t in ("司法", "协助", "中央", "机关"))
    assert zh["facets"]["type"][n] == ["decision"] and "untoc 32" in zh["facets"]["article"][n]
    en = read_bundle(real_site / FOLDER / "en")
    assert "extradit" in {t for chunk in en["chunks"] for t in chunk}
    assert not any(d["u"].startswith("en/search/") for d in en["docs"])  # the search page has no search body


def test_a_failed_run_names_the_language_and_leaves_the_last_bundle(real_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(real_site / "fr", site / "fr")
    stats = index_site(site)
    assert stats.languages == ("fr",) and stats.pages > 0
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / FOLDER).rglob("*") if p.is_file()}
    (site / "fr" / "broken.html").mkdir()  # a page that cannot be read
    with pytest.raises(
        SearchIndexError, match=r"^indexing failed for fr \(exit 1\): .*/site/fr/broken.html: cannot be read \(Is a directory\)$"
    ):
        index_site(site)
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / FOLDER).rglob("*") if p.is_file()}
    assert after == before


def test_a_new_run_replaces_the_bundle_whole(real_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(real_site / "fr", site / "fr")
    first = build_bundle(site, "fr")
    old = {p.name for p in (site / FOLDER / "fr").iterdir()}
    page = site / "fr" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " zzyzxqv</h1>", 1), encoding="utf-8")
    second = build_bundle(site, "fr")
    new = {p.name for p in (site / FOLDER / "fr").iterdir()}
    assert first.pages == second.pages and len(new) == 2 and old != new  # entry.tkb and the new version only
    assert sorted(p.name for p in (site / FOLDER).iterdir()) == ["fr"]  # nothing left aside


# ---- the same rules in the browser --------------------------------------------------------


def _words() -> list[str]:
    """English words to stem: those of the bundled content and documents, and the same with
    common endings added, so every step of the stemmer is taken."""
    text = " ".join(p.read_text(encoding="utf-8") for p in [*ROOT.glob("content/**/*.md"), *ROOT.glob("*.md"), *ROOT.glob("docs/**/*.md")])
    base = sorted(set(re.findall(r"[a-z]+", text.lower())))
    endings = [
        "s",
        "es",
        "ed",
        "ing",
        "ly",
        "ness",
        "ation",
        "ational",
        "ize",
        "izer",
        "ization",
        "ful",
        "ous",
        "ive",
        "ible",
        "ement",
        "ies",
        "y",
    ]
    # The examples of each rule in Porter's paper and the reference code's comments.
    rules = """caresses ponies ties caress cats feed agreed disabled matting mating meeting milling messing
    meetings happy sky relational conditional rational valenci hesitanci digitizer conformabli radicalli
    differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness
    callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical
    hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant
    replacement adjustment dependent adoption homologou communism activate angulariti homologous effective
    bowdlerize probate rate cease controll roll generalizations oscillators technology analogies biology
    lay try ion ions sss yyy"""
    return rules.split() + base + [w + e for w in base[::7] for e in endings]


@pytest.fixture(scope="module")
def search_page(real_site: Path) -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api")
    from browser import launched, serve, watched_page

    with serve(real_site) as base, launched() as browser, watched_page(browser) as pg:
        pg.goto(f"{base}en/search/")
        pg.wait_for_function("() => !!window.treatykbSearch")
        yield pg


def test_search_js_stems_as_lunr_py_does(search_page: Any) -> None:
    words = _words()
    assert len(words) > 5000
    stems = search_page.evaluate("words => words.map(w => window.treatykbSearch.porter(w))", words)
    differ = [(w, s, porter_stemmer.stem(w)) for w, s in zip(words, stems, strict=True) if s != porter_stemmer.stem(w)]
    assert differ == []


def test_search_js_cuts_text_into_the_index_terms(search_page: Any) -> None:
    texts = [
        *(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("content/**/*.md"))),
        "Ｅｘｔｒａ ２４ ﬁnance ÉTAT Ёлка المادةُ 𠀀𠀁字 かな カナ 한국어 x_y " + "z" * 41,
        "第二十四条第5款；《公约》第 32 条第 5 款 art. 24-26, CTOC/COP/2006/14",
    ]
    for kind, lang in (("porter", "en"), (None, "zh")):
        js = search_page.evaluate("([texts, kind]) => texts.map(t => window.treatykbSearch.terms(t, kind))", [texts, kind])
        assert js == [list(terms(t, Stemmer(lang))) for t in texts]


@pytest.mark.parametrize(
    ("query", "stem", "groups"),
    [
        (
            "extradite",
            "porter",
            [{"exact": ["extradit"], "prefix": "extradite", "near": ["extrad", "extradi"]}],
        ),  # extradit is the stem already
        ("extradite ", "porter", [{"exact": ["extradit"]}]),  # typed to the end: the word as it is
        ("of extr", "porter", [{"exact": ["of"]}, {"exact": ["extr"], "prefix": "extr"}]),
        ("ex", "porter", [{"exact": ["ex"]}]),  # two letters: not yet a beginning worth fetching
        ("extraditions", None, [{"exact": ["extraditions"], "prefix": "extraditions", "family": "extraditio", "familyMax": 14}]),
        ("État ", None, [{"exact": ["etat"]}]),
        ("中央机关", None, [{"exact": ["中央"]}, {"exact": ["央机"]}, {"exact": ["机关"]}]),
        ("证", None, [{"exact": ["证"]}]),
        ("第24条", None, [{"exact": ["第"]}, {"exact": ["24"]}, {"exact": ["条"]}]),
        ("?!", None, []),
    ],
)
def test_what_a_query_asks_the_index_for(search_page: Any, query: str, stem: str | None, groups: list[dict[str, Any]]) -> None:
    got = search_page.evaluate(
        "([q, kind]) => window.treatykbSearch.wanted(q, kind, kind ? window.treatykbSearch.porter : (w => w))", [query, stem]
    )
    assert got == groups


@pytest.mark.parametrize(
    ("text", "found", "kind", "expected"),
    [
        ("The court refused extradition.", ["extradit"], "porter", "The court refused <mark>extradition</mark>."),
        ("Extradited twice", ["extradit"], "porter", "<mark>Extradited</mark> twice"),
        ("<b>&amp; 司法协助</b>", ["司法", "协助"], None, "&lt;b&gt;&amp;amp; <mark>司法协助</mark>&lt;/b&gt;"),
        ("犯罪行为", ["罪"], None, "犯<mark>罪</mark>行为"),  # one character, inside a word
        ("المُعاهدة الدولية", ["المعاهدة"], None, "<mark>المُعاهدة</mark> الدولية"),  # with its vowel mark
        ("re\u0301sume\u0301 here", ["resume"], None, "<mark>re\u0301sume\u0301</mark> here"),  # accents as marks
        ("ｶﾀｶﾅ", ["カタ"], None, "<mark>ｶﾀ</mark>ｶﾅ"),  # half-width kana, as written
        ("no match here", ["zzz"], None, "no match here"),
    ],
)
def test_results_quote_the_text_with_what_was_found_marked(
    search_page: Any, text: str, found: list[str], kind: str | None, expected: str
) -> None:
    got = search_page.evaluate("([t, f, k]) => window.treatykbSearch.excerpt(t, f, k)", [text, found, kind])
    assert got == expected


def test_a_long_text_is_quoted_around_what_was_found_and_never_cut_inside_a_character(search_page: Any) -> None:
    text = "\U00020000" * 60 + "中司法" + "\U00020000" * 80
    got = search_page.evaluate("([t]) => window.treatykbSearch.excerpt(t, ['司法'], null)", [text])
    assert "<mark>司法</mark>" in got and got.startswith("… ") and got.endswith(" …")
    assert got.encode("utf-16", "surrogatepass").decode("utf-16")  # no lone surrogate
    assert "\ud840" not in got and "\udc00" not in got
    words = " ".join(f"w{i}" for i in range(200)) + " extradition " + " ".join(f"v{i}" for i in range(200))
    got = search_page.evaluate("([t]) => window.treatykbSearch.excerpt(t, ['extradit'], 'porter')", [words])
    assert "<mark>extradition</mark>" in got and len(got) < 260
