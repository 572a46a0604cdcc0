"""The core steps around a generator, without one: record pages made final (`render`), the
tree `generate` writes, and what `postbuild` does to built pages."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
import yaml

from conftest import CASE, DECISION, ROOT
from treatykb import catalogue as cat
from treatykb.cli import main
from treatykb.generate import file_links, tree_path
from treatykb.render import MARKDOWN_EXTENSIONS, final_pages, headings_as_markdown, page_url, render_html, split_front_matter
from treatykb.search.body import BODY, with_search_body

MakeContent = Callable[[dict[str, str]], Path]


def generator(text: str) -> tuple[str, list[str]]:
    """What a Python-Markdown generator makes of a page: its HTML and its table of contents."""
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": {"permalink": True}})
    html = md.convert(split_front_matter(text)[1])
    names: list[str] = []
    stack = list(md.toc_tokens)
    while stack:
        token = stack.pop(0)
        names.append(token["id"])
        stack[:0] = token["children"]
    return html, names


def same(a: str, b: str) -> bool:
    def norm(h: str) -> str:
        h = html_lib.unescape(re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", h))
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", h)).strip()

    return norm(a) == norm(b)


@pytest.mark.parametrize(
    "source",
    [
        "## Facts\n\nText *here*.\n\n### 3. Sub {: .x }\n\n6. Numbered.\n",
        "## A *star* and `code` [x] {y} # z\n\ntext\n",
        "> ## Quoted heading\n>\n> text\n",
        "- item\n\n    ## inside a list item\n",
        "## 第二十四条 证人保护\n\n（a） 正文\n",
        "<h2>Raw heading</h2>\n\ntext\n",
    ],
)
def test_headings_handed_back_as_markdown_render_to_the_same_page_and_contents(source: str) -> None:
    body = f'<div class="tkb-text" markdown>\n\n{source}\n\n</div>\n'
    direct, toc = generator(body)
    html, ids = render_html(body)
    handed = headings_as_markdown(html, ids)
    again, toc_again = generator(handed)
    assert same(direct, again), (direct, again)
    inside_list = "inside a list item" in source
    assert toc_again == ([] if inside_list else toc)  # a heading in a list item stays HTML, out of the contents


def test_only_the_elements_around_a_heading_are_marked_for_markdown() -> None:
    html = (
        '<h1>Title</h1><section class="s"><h2>Summary</h2></section><div class="tkb-text"><p id="para-1">x *y*</p><h2 id="a">A</h2></div>'
    )
    out = headings_as_markdown(html, {"a"})
    assert '<div class="tkb-text" markdown="1">' in out and '<section class="s">' in out
    assert "\n\n## A {#a}\n\n" in out and "<h1>Title</h1>" in out and "x *y*" in out


def test_a_hostile_record_stays_harmless_through_the_second_rendering(make_content: MakeContent) -> None:
    hostile = CASE.replace(
        "Digest text.",
        "## Facts <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n"
        "[link](javascript:alert(3)) <a href='javascript:alert(4)'>a</a>\n\n## **bold** {#evil onclick=alert(5)}\n",
    )
    catalogue = cat.load(make_content({"cases/a.en.md": hostile}))
    page = next(p for p in final_pages(catalogue).pages if p.src_uri == "en/cases/can-2015-example.md")
    html, toc = generator(page.content)
    assert not re.search(r"<script|onerror|onclick|javascript:", html, re.I), html
    assert "facts" in toc


def test_record_pages_link_citations_and_keep_paragraph_anchors(make_content: MakeContent) -> None:
    catalogue = cat.load(make_content({"decisions/d.en.md": DECISION.replace("Priority areas:", "Priority areas under article 32:")}))
    page = next(p for p in final_pages(catalogue).pages if p.src_uri == "en/decisions/cop-decision-3-4.md")
    html, _ = generator(page.content)
    assert re.search(r'<a class="tkb-cite tkb-cite-article" href="../../../en/articles/untoc/32/"[^>]*>article 32</a>', html)
    assert 'id="para-2-b"' in html
    assert html.rstrip().endswith("</div>") and 'class="tkb-search-fields" hidden' in html


@pytest.mark.parametrize(
    ("src", "url", "tree"),
    [
        ("index.md", "", "index.md"),
        ("en/index.md", "en/", "en/index.md"),
        ("en/cases/x.md", "en/cases/x/", "en/cases/x/index.md"),
        ("zh/decisions/d/parallel.md", "zh/decisions/d/parallel/", "zh/decisions/d/parallel/index.md"),
    ],
)
def test_a_generated_page_is_written_in_the_folder_of_its_url(src: str, url: str, tree: str) -> None:
    assert page_url(src) == url and tree_path(src) == tree


def test_links_to_files_that_are_not_pages_keep_their_md() -> None:
    text = '<a href="../../data/README.md">r</a> <a href="../about.md#x">a</a> <a href="https://x.org/a.md">e</a>'
    out = file_links(text, "en/open-data/", {"en/about.md"})
    assert out == '<a href="../../data/README%2Emd">r</a> <a href="../about.md#x">a</a> <a href="https://x.org/a.md">e</a>'


PAGE = (
    '<html><head><script>if (a<b) { x = "</div>"; }</script></head><body><main><article class="md-content__inner">'
    '<h1>T</h1><div class="x"><p>a<br>b</p></div><div class="tkb-search-fields" hidden><span data-pagefind-filter="type:case"></span></div>\n'
    "</article></main><footer></footer></body></html>"
)


def test_postbuild_wraps_the_content_around_the_search_block_once() -> None:
    out = with_search_body(PAGE)
    assert '<article class="md-content__inner"><div data-pagefind-body><h1>T</h1>' in out
    assert "</span></div>\n</div></article>" in out
    assert with_search_body(out) == out
    assert with_search_body(PAGE.replace("tkb-search-fields", "other")) == PAGE.replace("tkb-search-fields", "other")
    assert out.count(BODY) == 1


def test_generate_writes_a_tree_it_can_replace_and_refuses_anything_else(
    make_content: MakeContent, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content({"cases/a.en.md": CASE})
    out = tmp_path / "tree"
    args = ["generate", str(out), "--config", str(ROOT / "mkdocs.yml"), "--content", str(content)]
    assert main(args) == 0
    assert (out / "docs" / "en" / "cases" / "can-2015-example" / "index.md").is_file()
    assert (out / "overrides" / "main.html").is_file() and (out / "docs" / "en" / "about.md").is_file()
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert [next(iter(s)) for s in config["nav"]] == ["العربية", "中文", "English", "Français", "Русский", "Español"]
    assert {"Cases": "en/cases/index.md"} in config["nav"][2]["English"]
    assert config["plugins"] == [{"search": {"enabled": False}}]  # no plugin runs
    assert main(args) == 0  # a second run replaces the first
    mine = tmp_path / "mine"
    (mine / "keep").mkdir(parents=True)
    assert main(["generate", str(mine), "--config", str(ROOT / "mkdocs.yml"), "--content", str(content)]) == 1
    assert "not written by treatykb generate" in capsys.readouterr().err and (mine / "keep").is_dir()


def test_generate_names_content_errors_and_writes_nothing(
    make_content: MakeContent, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY")})
    out = tmp_path / "tree"
    assert main(["generate", str(out), "--config", str(ROOT / "mkdocs.yml"), "--content", str(content)]) == 1
    assert "cases/a.en.md:4: country: unknown country 'KEY'" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / ".tree.tmp").exists()
