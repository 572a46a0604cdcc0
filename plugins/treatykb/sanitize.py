"""Record pages as HTML that cannot run anything: an allowlist, applied by nh3.

Records arrive by pull request from many hands, and Markdown passes raw HTML through. So
the rendered page of a record keeps only the elements and attributes a legal text and
treatykb's own markup need: no `<script>`, `<style>`, `<iframe>`, `<form>` or `<object>`,
no `on…` handlers, no `style`, and links only to http(s), mailto or the site itself.
nh3 (a binding of the Rust crate ammonia) parses HTML as a browser does, which hand-made
regular expressions cannot.
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        # text
        "p", "br", "hr", "span", "div", "section", "em", "strong", "b", "i", "u", "s", "sub", "sup", "small",
        "q", "blockquote", "cite", "abbr", "code", "pre", "kbd", "samp", "mark", "del", "ins",
        # structure
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "details", "summary",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "figure", "figcaption",
        # links and images
        "a", "img",
    }
)  # fmt: skip

ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "role", "hidden"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan", "abbr"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}

SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize(html: str) -> str:
    """The HTML with everything not on the allowlist removed (scripts and styles with
    their content; other unknown tags unwrapped, their text kept)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        generic_attribute_prefixes={"data-", "aria-"},
        link_rel=None,
        strip_comments=True,
    )
