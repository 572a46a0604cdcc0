"""The shortcuts a large build takes give what the long way gives, to the byte:
- front matter read by libyaml's C parser (where it reads YAML as PyYAML does) gives the
  values, lines and refusals of the pure-Python loader;
- the HTML `prerender` makes of a generated page is what MkDocs (Python-Markdown with the
  site's extensions) renders from the Markdown `final_pages` hands any generator;
- `search_body` wraps a page's content in Pagefind's body as `with_search_body` does."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, ROOT
from fuzzing import yaml_records
from treatykb import catalogue as cat
from treatykb import records
from treatykb.pages import site_pages
from treatykb.prerender import block_html, prerender, record_html, search_body
from treatykb.records import FrontMatterError, load_yaml, split_front_matter
from treatykb.render import MARKDOWN_EXTENSIONS, final_pages
from treatykb.render import split_front_matter as split_page
from treatykb.search.body import with_search_body

TOC = {"permalink": True}

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic import write_records  # noqa: E402


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the fast path and the pure-Python loader make of some front matter."""
    out: list[object] = []
    for fast in (True, False):
        with monkeypatch.context() as m:
            if not fast:
                m.setattr(records, "_CLoader", None)
            try:
                out.append(load_yaml(text, 2))
            except FrontMatterError as e:
                out.append((e.line, e.message))
    return out


def _front_matters() -> list[str]:
    out = []
    for path in sorted([*CONTENT.rglob("*.md"), *(ROOT / "tests" / "data").rglob("*.md")]):
        try:
            out.append(split_front_matter(path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n"))[0])
        except (UnicodeDecodeError, FrontMatterError):
            continue
    return out


def test_front_matter_of_the_records_and_broken_corpus_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _front_matters()
    assert len(texts) > 20
    for text in texts:
        fast, slow = _both(text, monkeypatch)
        assert fast == slow, text


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.one_of(yaml_records(), st.text(alphabet="ab: -?[]{},#&*!|>'\"%@`\\\n \u00e9中0.", max_size=80)))
def test_any_front_matter_reads_the_same(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        text = text.replace("\r", "\n")
        fast, slow = _both(text, m)
        assert fast == slow, text


def test_deep_nesting_never_reaches_the_c_parser() -> None:
    # libyaml has no depth limit: this would end the process rather than raise.
    start = time.perf_counter()
    for text in ("a: " + "[" * 100_000, "- " * 100_000 + "a", "a:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 3000))):
        with pytest.raises(FrontMatterError, match="nested more than"):
            load_yaml(text)
    assert time.perf_counter() - start < 60  # a guard against the quadratic scanner, not a benchmark


def test_prerendered_pages_are_what_mkdocs_renders() -> None:
    catalogue = cat.load(CONTENT)
    site = {"site_url": "https://kb.example.org/", "site_name": "kb"}
    finals = {p.src_uri: p.content for p in final_pages(catalogue, **site).pages}
    left = []
    for page in site_pages(catalogue, **site):
        meta, content = split_page(page.content)
        done = prerender(content, meta, catalogue, TOC)
        if done is None:
            left.append(page.src_uri)
            continue
        md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "fenced_code"], extension_configs={"toc": TOC})
        assert done.html == md.convert(split_page(finals[page.src_uri])[1]), page.src_uri
        assert done.toc == md.toc_tokens, page.src_uri
    # Only the search pages (they carry a script) are left to the generator.
    assert left and all(uri.endswith("/search/index.md") for uri in left), left


# Records whose text does what a page's own HTML does: an HTML block closing a `div`,
# footnotes, the footnotes' placeholder written as text, a footnote `div` of its own.
_AWKWARD = {
    "notes": "1. The court held.[^1]\n\n[^1]: A note.\n",
    "html": '1. Text.\n\n<div class="x">\n\n</div>\n\n2. More text.[^a]\n\n[^a]: A note.\n',
    "placeholder": "1. Text.\n\n///Footnotes Go Here///\n",
    "own-div": '1. Text.\n\n<div class="footnote">mine</div>\n',
}


def test_a_record_page_rendered_as_html_around_its_text_is_the_page_rendered_whole(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_records(content, 120, seed=5)  # both languages, citations of every form, footnotes
    for name, body in _AWKWARD.items():
        (content / "cases" / f"{name}.en.md").write_text(AWKWARD_CASE.format(name=name) + body, encoding="utf-8")
    seen = {"notes": 0, "plain": 0}
    for catalogue in (cat.load(content), cat.load(CONTENT)):
        assert not [p for p in catalogue.problems if p.severity == "error"]
        for page in site_pages(catalogue):
            meta, text = split_page(page.content)
            if "tkb_id" not in meta:
                continue
            whole = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": TOC})
            part = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": TOC})
            assert record_html(part, text) == whole.convert(text), page.src_uri
            assert part.toc_tokens == whole.toc_tokens, page.src_uri
            seen["notes" if 'class="footnote"' in whole.convert(text) else "plain"] += 1
    assert seen["notes"] > 10 and seen["plain"] > 10, seen


AWKWARD_CASE = """---
id: can-2015-{name}
type: case
country: CAN
court: Supreme Court
case_number: 2015 SCC 1
decision_date: 2015-01-01
crime_types: [smuggling-of-migrants]
title: A case
summary: A digest.
articles: ["untoc 24"]
sources:
  - url: https://example.org/x
---

"""


def test_block_html_refuses_what_is_not_only_block_elements() -> None:
    assert block_html("<p>a</p>\n\n<div>b\n\n<span>c</span></div>") == "<p>a</p>\n\n<div>b\n\n<span>c</span></div>"
    for page in ("text <p>a</p>", "<p>a</p> *b*", "<span>a</span>", '<div markdown="1">a</div>', "<div><p>a</div>", "<p>a"):
        assert block_html(page) is None, page


FIELDS = '<div class="tkb-search-fields" hidden><span data-pagefind-meta="lang:en"></span></div>'


@pytest.mark.parametrize(
    "before, after",
    [
        ('<main><article class="md-content">\n', "\n</article></main>"),
        ('<article><div id="tkb-main" tabindex="-1"></div>\n', "\n<aside><p>x</p></aside></article>"),
        ("<div><section>", "</section><p>after</p></div>"),
        ("<article><h1>title</h1>", "</article>"),
    ],
)
def test_search_body_wraps_as_postbuild_does(before: str, after: str) -> None:
    content = "<h1>A</h1>\n<p>b</p>\n\n" + FIELDS
    page = f"<html><head><title>t</title></head><body><header><nav><ul><li>x</li></ul></nav></header>{before}{content}{after}</body></html>"
    fast = search_body(page, content)
    assert fast is not None and fast == with_search_body(page) != page
    assert search_body(fast, content) is None  # wrapped already: left to with_search_body, which leaves it


def test_the_load_cache_gives_unchanged_files_their_records_again(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = cat.LoadCache()
    first = cat.load(content, cache=cache)
    edited = next(p for p in sorted(content.rglob("*.md")) if p.parent.name == "cases")
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n\n", "\n\nAn edit.\n\n", 1), encoding="utf-8")
    second = cat.load(content, cache=cache)
    again = {r.src.path: r for r in second.all_versions}
    for r in first.all_versions:
        assert (again[r.src.path] is r) == (r.src.path != f"content/cases/{edited.name}"), r.src.path
    plain = cat.load(content)
    assert [(r.id, r.lang, r.fields, r.citations, r.paragraphs) for r in second.all_versions] == [
        (r.id, r.lang, r.fields, r.citations, r.paragraphs) for r in plain.all_versions
    ]
    assert second.problems == plain.problems


def test_the_load_cache_reads_again_only_files_whose_stamp_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files older than a few seconds are not read again while their inode, size and times
    are unchanged; an edit of the same size is still seen, and a file just written is
    read every time (it may change again within the clock's tick)."""
    import os
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    files = sorted(p for p in content.rglob("*.md") if p.parent.name in cat.FOLDER_TYPES)
    old = time.time() - 60
    for path in files:
        os.utime(path, (old, old))
    reads: list[str] = []
    real = cat.read_text
    monkeypatch.setattr(cat, "read_text", lambda path, shown: (reads.append(shown), real(path, shown))[1])
    cache = cat.LoadCache()
    first = cat.load(content, cache=cache)
    assert len(reads) == len(files)
    reads.clear()
    assert {r.src.path: r for r in cat.load(content, cache=cache).all_versions} == {r.src.path: r for r in first.all_versions}
    assert reads == []
    # The same size, a later time: read, and loaded as it now is.
    edited = next(p for p in files if p.parent.name == "cases")
    text = edited.read_text(encoding="utf-8")
    title = first.by_id[next(r.id for r in first.all_versions if r.src.path.endswith(edited.name))].title["en"]
    edited.write_text(text.replace(title, title[::-1], 1), encoding="utf-8")
    assert edited.stat().st_size == len(text.encode("utf-8"))
    second = cat.load(content, cache=cache)
    assert reads == [f"content/cases/{edited.name}"]
    assert title[::-1] in [r.title["en"] for r in second.all_versions if r.src.path.endswith(edited.name)]
    reads.clear()
    cat.load(content, cache=cache)
    assert reads == [f"content/cases/{edited.name}"]  # just written: read again
