"""Linking citations in rendered HTML: the right targets, never inside code, links or headings."""

from __future__ import annotations

from treatykb.citations import Citation
from treatykb.linking import Target, link_html, root_prefix


def resolve(c: Citation) -> Target | None:
    if c.kind == "article":
        return Target(f"/a/{c.instrument}/{c.article}/" + (f"#para-{c.paragraph}" if c.paragraph else ""), "t")
    if c.kind == "symbol":
        return Target(f"https://undocs.org/{c.symbol}", c.symbol or "", external=True)
    return None  # decisions: not in this knowledge base


def test_single_citation_is_linked_whole() -> None:
    html, unresolved = link_html("<p>根据公约第 32 条第 5 款履行</p>", resolve)
    assert html == '<p>根据公约<a class="tkb-cite tkb-cite-article" href="/a/untoc/32/#para-5" title="t">第 32 条第 5 款</a>履行</p>'
    assert unresolved == []


def test_each_number_of_a_group_is_linked() -> None:
    html, _ = link_html("<p>articles 24 to 26 and 30</p>", resolve)
    # A link whose text is a bare number is named by what it cites (its title).
    assert html == (
        '<p>articles <a class="tkb-cite tkb-cite-article" href="/a/untoc/24/" title="t" aria-label="t">24</a> to '
        '<a class="tkb-cite tkb-cite-article" href="/a/untoc/26/" title="t" aria-label="t">26</a> and '
        '<a class="tkb-cite tkb-cite-article" href="/a/untoc/30/" title="t" aria-label="t">30</a></p>'
    )


def test_no_links_inside_code_links_or_headings() -> None:
    source = (
        "<h2>Article 24</h2><p><code>article 24</code> <a href='x'>article 24</a> "
        "<pre><code>第 24 条</code></pre> <strong>article 25</strong></p>"
    )
    html, _ = link_html(source, resolve)
    assert html.count('<a class="tkb-cite ') == 1
    assert '<strong><a class="tkb-cite tkb-cite-article" href="/a/untoc/25/" title="t">article 25</a></strong>' in html


def test_unresolved_citations_stay_text_and_are_returned() -> None:
    html, unresolved = link_html("<p>see decision 2/6 and CTOC/COP/2008/16</p>", resolve)
    assert html == (
        '<p>see decision 2/6 and <a class="tkb-cite tkb-cite-symbol" href="https://undocs.org/CTOC/COP/2008/16" '
        'title="CTOC/COP/2008/16" rel="noopener">CTOC/COP/2008/16</a></p>'
    )
    assert [(c.kind, c.number) for c in unresolved] == [("decision", "2/6")]


def test_markup_and_entities_survive() -> None:
    source = '<p class="x">A &amp; B, article 5 <br/> <img src="a.png" alt="article 6"> end</p>'
    html, _ = link_html(source, resolve)
    assert (
        html
        == '<p class="x">A &amp; B, <a class="tkb-cite tkb-cite-article" href="/a/untoc/5/" title="t">article 5</a> <br/> <img src="a.png" alt="article 6"> end</p>'
    )


def test_root_prefix() -> None:
    assert root_prefix("") == ""
    assert root_prefix("decisions/cop-decision-3-4/") == "../../"
    assert root_prefix("articles/untoc/24/") == "../../../"
