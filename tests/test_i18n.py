"""Six UN languages: data complete, record versions, and what built pages say and mark."""

from __future__ import annotations

import html as html_lib
import json
import re
import string
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from browser import CHROMIUM_ARGS, chromium, serve
from conftest import CASE, DECISION, ROOT, mkdocs_build, write_instruments
from langcheck import unlabelled_text
from treatykb import catalogue
from treatykb.records import LANGUAGES

MakeContent = Callable[[dict[str, str]], Path]
DATA = ROOT / "plugins" / "treatykb" / "data"


def _keys(node: Any, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in node.items():
        if isinstance(v, dict):
            out.update(_keys(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = str(v)
    return out


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_interface_strings_exist_in_every_language_with_the_same_placeholders() -> None:
    strings = yaml.safe_load((DATA / "strings.yml").read_text("utf-8"))
    assert tuple(strings) == LANGUAGES  # the UN's order
    english = _keys(strings["en"])
    for lang in LANGUAGES:
        mine = _keys(strings[lang])
        assert set(mine) == set(english), lang
        for key, text in mine.items():
            assert text.strip(), (lang, key)
            assert _placeholders(text) == _placeholders(english[key]), (lang, key)
        assert strings[lang]["languages"] == strings["en"]["languages"]


def test_every_vocabulary_term_is_labelled_in_six_languages() -> None:
    vocab = yaml.safe_load((DATA / "vocabularies.yml").read_text("utf-8"))
    for name, terms in vocab.items():
        for key, labels in terms.items():
            assert tuple(labels) == LANGUAGES, (name, key)
            assert all(str(v).strip() for v in labels.values()), (name, key)


def test_instrument_names_exist_in_six_languages() -> None:
    cat = catalogue.load(ROOT / "content")
    for inst in cat.instruments.values():
        assert set(inst.name) == set(LANGUAGES), inst.id


ZH = (
    DECISION.split("---\n\n")[0]
    .replace("title: Recommendations on technical assistance", "title: 关于技术援助的建议")
    .replace("  - title: Report of the Conference\n", "  - title: Report of the Conference\n    language: en\n")
    + "---\n\n缔约方会议，\n\n(a) 核可各项建议；\n\n1. 工作组强调需要信息。\n\n2. 优先领域：\n\n(a) 刑事定罪；\n\n(b) 国际合作。\n"
).replace("summary: The Conference endorsed recommendations.", "summary: 缔约方会议核可了建议。")
EN_TRANSLATION = """---
id: cop-decision-3-4
title: Recommendations on technical assistance
summary: The Conference endorsed recommendations.
---

The Conference of the Parties,

(a) Endorses the recommendations;

1. The working group stressed the need for information.

2. Priority areas:
"""


def test_language_versions_share_an_id_and_the_metadata(make_content: MakeContent) -> None:
    content = make_content({"decisions/d.zh.md": ZH, "decisions/d.en.md": EN_TRANSLATION})
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == []
    assert [r.id for r in cat.records] == ["cop-decision-3-4"]
    versions = cat.versions["cop-decision-3-4"]
    assert list(versions) == ["zh", "en"]
    assert cat.by_id["cop-decision-3-4"].lang == "zh"  # the fullest version is the primary
    assert versions["en"].fields["number"] == "3/4" and versions["en"].fields["session"] == 3
    assert versions["en"].url == "en/decisions/cop-decision-3-4/"


def test_a_translation_that_contradicts_the_metadata_is_reported(make_content: MakeContent) -> None:
    wrong = EN_TRANSLATION.replace("title:", 'number: "3/5"\ntitle:')
    content = make_content({"decisions/d.zh.md": ZH, "decisions/d.en.md": wrong})
    assert [str(p) for p in catalogue.load(content).problems] == [
        "content/decisions/d.en.md:3: number: differs from the zh version (content/decisions/d.zh.md:7); "
        "language versions of a record share its metadata: remove it here, or give the same value"
    ]


def test_the_same_id_twice_in_one_language_is_still_a_duplicate(make_content: MakeContent) -> None:
    content = make_content({"decisions/a.zh.md": ZH, "decisions/b.zh.md": ZH})
    assert [str(p) for p in catalogue.load(content).problems] == [
        "content/decisions/b.zh.md:2: id: 'cop-decision-3-4' is already the id of content/decisions/a.zh.md:2"
    ]


# --- built pages -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("i18n")
    content = project / "content"
    for rel, text in {"decisions/d.zh.md": ZH, "decisions/d.en.md": EN_TRANSLATION, "cases/c.en.md": CASE}.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    write_instruments(content)
    (project / "docs" / "en").mkdir(parents=True)
    (project / "docs" / "en" / "about.md").write_text("# About\n\nWhat this site is.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: treatykb\ntheme:\n  name: material\nplugins:\n  - treatykb\nextra:\n  generator: false\n"
    )
    result = mkdocs_build(project, project / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def switcher(html: str) -> list[tuple[str, str | None, str]]:
    """(language, link target or None, note) of each switcher entry."""
    block = re.search(r'<ul class="md-select__list tkb-switcher">(.*?)</ul>', html, re.S)
    assert block is not None
    out: list[tuple[str, str | None, str]] = []
    for item in re.findall(r'<li class="md-select__item">(.*?)</li>', block.group(1), re.S):
        link = re.search(r'<a href="([^"]+)" hreflang="(\w+)"', item)
        if link:
            out.append((link.group(2), link.group(1), ""))
        else:
            m = re.search(r'<span lang="(\w+)">[^<]*</span> <small>\(([^)]*)\)</small>', item)
            assert m is not None, item
            out.append((m.group(1), None, m.group(2)))
    return out


def test_pages_exist_in_the_languages_they_should(site: Path) -> None:
    for lang in LANGUAGES:
        for url in ("", "decisions", "cases", "legislation", "articles", "articles/untoc/32"):
            assert (site / lang / url / "index.html").is_file(), (lang, url)
    assert (site / "zh/decisions/cop-decision-3-4/index.html").is_file()
    assert (site / "en/decisions/cop-decision-3-4/index.html").is_file()
    assert not (site / "fr/decisions/cop-decision-3-4").exists()  # no copy per interface language
    assert not (site / "zh/cases/can-2015-example").exists()


@pytest.mark.parametrize(
    ("url", "lang", "direction"), [("ar", "ar", "rtl"), ("zh/decisions/cop-decision-3-4", "zh", "ltr"), ("ru/cases", "ru", "ltr")]
)
def test_each_page_says_its_language_and_direction(site: Path, url: str, lang: str, direction: str) -> None:
    html = page(site, url)
    assert f'<html lang="{lang}"' in html
    assert f'<body dir="{direction}"' in html


def test_material_and_treatykb_strings_are_translated(site: Path) -> None:
    ar = page(site, "ar/cases")
    assert 'aria-label="إختر اللغة"' in ar  # Material's own strings
    assert re.search(
        r'<a href="./" class="md-nav__link md-nav__link--active">\s*<span class="md-ellipsis">\s*القضايا', ar
    )  # treatykb's navigation
    fr = page(site, "fr/decisions")
    assert "<h1>Décisions et documents</h1>" in fr
    assert "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale organisée" in fr  # vocabulary
    ru = page(site, "ru/cases")
    assert "Канада" in ru  # country names from ISO's translations


def test_switcher_goes_to_the_same_page_or_says_it_does_not_exist(site: Path) -> None:
    assert switcher(page(site, "zh/decisions/cop-decision-3-4")) == [
        ("ar", None, "无阿拉伯文版本"),
        ("zh", "./", ""),
        ("en", "../../../en/decisions/cop-decision-3-4/", ""),
        ("fr", None, "无法文版本"),
        ("ru", None, "无俄文版本"),
        ("es", None, "无西班牙文版本"),
    ]
    entries = switcher(page(site, "fr/cases"))
    assert [(lang, url) for lang, url, _ in entries] == [
        (lang, f"../../{lang}/cases/") if lang != "fr" else ("fr", "./") for lang in LANGUAGES
    ]


def test_hreflang_alternates_name_only_pages_that_exist(site: Path) -> None:
    head = page(site, "en/decisions/cop-decision-3-4").split("</head>")[0]
    assert re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="(\w+)">', head) == [
        ("../../../zh/decisions/cop-decision-3-4/", "zh"),
        ("./", "en"),
    ]


def test_links_to_text_in_another_language_say_which(site: Path) -> None:
    fr = page(site, "fr/cases")
    assert re.search(
        r'<a href="../../en/cases/can-2015-example/" hreflang="en" lang="en">R. v. Example</a> '
        r'<span class="tkb-lang-note">\(<span lang="en">English</span>\)</span>',
        fr,
    )
    # A record written in Chinese and English opens in the reader's language when it can.
    # Else in English, where it is written in English, else in its primary language.
    assert '<a href="../../en/decisions/cop-decision-3-4/" hreflang="en" lang="en">' in page(site, "es/decisions")
    assert '<a href="../../en/cases/can-2015-example/" hreflang="en" lang="en">' in page(site, "es/cases")
    assert '<a href="cop-decision-3-4/">关于技术援助的建议</a>' in page(site, "zh/decisions")


def test_a_translated_nav_page_missing_in_a_language_is_labelled(site: Path) -> None:
    ru = page(site, "ru")
    assert re.search(r'<a href="../en/about/" class="md-nav__link">\s*<span class="md-ellipsis">\s*О проекте \(English\)', ru)


def test_side_by_side_view_pairs_paragraphs(site: Path) -> None:
    html = page(site, "zh/decisions/cop-decision-3-4/parallel")
    rows = re.findall(r'<div class="tkb-par-row tkb-cols-2">(.*?)</div>\s*</div>', html, re.S)
    cells = [re.findall(r'<div class="tkb-par-cell" dir="ltr" lang="(\w+)">\s*(.*?)\s*$', row, re.S | re.M) for row in rows]
    assert [[(lang, re.sub(r"<[^>]+>", "", text)) for lang, text in row] for row in cells] == [
        [("zh", "缔约方会议，"), ("en", "The Conference of the Parties,")],
        [("zh", "(a) 核可各项建议；"), ("en", "(a) Endorses the recommendations;")],
        [("zh", "1. 工作组强调需要信息。"), ("en", "1. The working group stressed the need for information.")],
        [("zh", "2. 优先领域："), ("en", "2. Priority areas:")],
        [("zh", "(a) 刑事定罪；"), ("en", "（无对应段落）")],
        [("zh", "(b) 国际合作。"), ("en", "（无对应段落）")],
    ]
    assert re.search(r'<a href="parallel/">[^<]+</a>', page(site, "zh/decisions/cop-decision-3-4"))


def test_no_page_shows_text_in_another_language_without_saying_so(site: Path) -> None:
    problems = [f"{p.relative_to(site)}: {x}" for p in sorted(site.rglob("*.html")) for x in unlabelled_text(p.read_text("utf-8"))]
    assert problems == []


# --- in a real browser -------------------------------------------------------------------

HARNESS = """<!doctype html><html><body>
<iframe id="f" src="ar/cases/" width="1300" height="900"></iframe>
<script>
document.getElementById("f").onload = function () {
  var d = this.contentDocument, w = this.contentWindow;
  var box = function (sel) { var r = d.querySelector(sel).getBoundingClientRect(); return [r.left, r.right]; };
  try { document.body.setAttribute("data-result", JSON.stringify({
    direction: w.getComputedStyle(d.body).direction,
    h1: w.getComputedStyle(d.querySelector(".md-content h1")).textAlign,
    content: box(".md-content"),
    nav: box(".md-sidebar--primary"),
    title: box(".md-header__title"),
    switcher: box(".md-header__option")
  })); } catch (e) { document.body.setAttribute("data-result", JSON.stringify({error: String(e)})); }
};
</script></body></html>"""


def test_arabic_pages_are_laid_out_right_to_left_in_chromium(site: Path) -> None:
    """Chromium renders the Arabic page: the text runs right to left, and Material mirrors
    the layout (navigation on the right of the content, header options on the left of the title)."""
    (site / "rtl-check.html").write_text(HARNESS, encoding="utf-8")
    with serve(site) as base:
        profile = site.parent / "chromium-profile"
        result = subprocess.run(
            [
                chromium(),
                "--headless",
                *CHROMIUM_ARGS,
                f"--user-data-dir={profile}",
                "--window-size=1400,1000",
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"{base}rtl-check.html",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    m = re.search(r"data-result=\"([^\"]+)\"", result.stdout)
    assert m is not None, result.stdout[-2000:] + result.stderr[-2000:]
    layout = json.loads(html_lib.unescape(m.group(1)))
    assert layout["direction"] == "rtl"
    assert layout["h1"] in ("start", "right")
    assert layout["nav"][0] >= layout["content"][1] - 1  # the navigation sits right of the text
    assert layout["switcher"][1] <= layout["title"][0] + 1  # the language switcher sits left of the title
