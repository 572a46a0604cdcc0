"""Property tests: the parser never crashes, and every span lies inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from treatykb.citations import find_citations

# Text built from the pieces citations are made of, so the parser's paths are exercised.
PIECES = st.sampled_from(
    [
        "article",
        "articles",
        "art.",
        "para.",
        "paragraph",
        " ",
        "\n",
        ", ",
        " and ",
        " to ",
        "–",
        "-",
        "(",
        ")",
        "c",
        "2",
        "24",
        "5",
        "32",
        "of the",
        " Convention",
        " Smuggling of Migrants Protocol",
        " Firearms Protocol",
        "第",
        "条",
        "款",
        "项",
        "、",
        "和",
        "至",
        "二十四",
        "三十",
        "《公约》",
        "移民议定书",
        "决定",
        "决议",
        "号",
        "3/4",
        "55/25",
        "2006/27",
        "CTOC/COP/",
        "2008/7",
        "WG.2/",
        "A/64/123",
        "decision ",
        "resolution ",
        "大会",
        "l'article ",
        "статьи ",
        "المادة ",
        "٢٤",
        "párrafo ",
        "del artículo ",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=10_000))
def test_parser_never_crashes_and_spans_are_inside(text: str, first_line: int) -> None:
    for c in find_citations(text, first_line=first_line):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        assert first_line <= c.line <= first_line + text.count("\n")
        if c.num_start is not None:
            assert c.num_end is not None and c.start <= c.num_start < c.num_end <= c.end
        if c.kind == "article":
            assert c.instrument in {"untoc", "tip", "som", "fp"} and c.article is not None and c.article > 0
