"""The policy written into each page (csp.py), and the one way pages of a built site are
rewritten (search bodies, the policy), and postbuild when Pagefind fails beside it."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from conftest import CONTENT
from treatykb import catalogue as cat
from treatykb import postbuild as pb
from treatykb.csp import META, protect_site, rewrite_pages, with_policy, without_policy
from treatykb.search.bundle import SearchIndexError

PAGE = (
    "<!doctype html><html><head>\n  <title>t</title>\n"
    "  <script>var a = 1;</script>\n"
    '  <script src="x.js"></script>\n'
    '  <script type="application/ld+json">{"@type": "Legislation"}</script>\n'
    "</head><body><p>text</p></body></html>"
)


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_a_page_gets_one_policy_first_in_its_head_allowing_its_inline_scripts_only() -> None:
    out = with_policy(PAGE)
    assert out.startswith('<!doctype html><html><head>\n<meta http-equiv="Content-Security-Policy" content="default-src')
    assert len(META.findall(out)) == 1
    assert _sha("var a = 1;") in out
    assert _sha('{"@type": "Legislation"}') not in out  # data, never run
    assert with_policy(out) == out


@pytest.mark.parametrize(
    "old",
    [
        '<meta http-equiv="Content-Security-Policy" content="default-src *">',
        '<meta http-equiv="content-security-policy" content="default-src *">',  # as another tool may write it
    ],
)
def test_an_older_policy_is_replaced_not_added_to(old: str) -> None:
    page = PAGE.replace("<head>", "<head>\n" + old)
    out = with_policy(page)
    assert len(META.findall(out)) == 1
    assert "default-src *" not in out
    assert without_policy(out) == PAGE


def test_pages_are_rewritten_only_where_they_change_and_never_in_the_search_bundle(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel, text in {
        "index.html": PAGE,
        "en/a/index.html": PAGE,
        "en/done/index.html": PAGE,
        "en/b/index.html": with_policy(PAGE),
        "search-index/en/x.html": PAGE,
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    assert protect_site(site, skip={site / "en/done/index.html"}) == 2
    assert (site / "index.html").read_text(encoding="utf-8") == with_policy(PAGE)
    assert (site / "en/a/index.html").read_text(encoding="utf-8") == with_policy(PAGE)
    assert (site / "en/done/index.html").read_text(encoding="utf-8") == PAGE
    assert (site / "search-index/en/x.html").read_text(encoding="utf-8") == PAGE
    assert not list(site.rglob("*.tmp"))
    assert rewrite_pages(site, lambda html: html) == 0


def test_when_indexing_fails_postbuild_says_so_and_still_writes_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "en" / "index.html").write_text(PAGE, encoding="utf-8")

    def failing(site_dir: Path) -> None:
        raise SearchIndexError("indexing failed for en (exit 1): boom")

    monkeypatch.setattr(pb, "index_site", failing)
    report = pb.postbuild(site, cat.load(CONTENT), "https://kb.example/", "t")
    assert report.problems == ["search index not built: indexing failed for en (exit 1): boom"]
    assert report.search is None
    assert report.published is not None and report.published.data > 0
    assert (site / "data").is_dir()
    assert report.protected == 2
