"""Numbered paragraphs get anchors derived from their own numbers."""

from __future__ import annotations

import markdown
import pytest

from treatykb.paragraphs import number_paragraphs


def anchors(body: str) -> list[str]:
    return [p.anchor for p in number_paragraphs(body)[1]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1. One.\n\n2. Two.", ["para-1", "para-2"]),
        ("(a) Endorses;\n\n(b) Requests;", ["para-a", "para-b"]),
        ("Preamble,\n\n(a) x;\n\n1. First.\n\n(a) sub;\n\n(b) sub;\n\n2. Second.", ["para-a", "para-1", "para-1-a", "para-1-b", "para-2"]),
        # (i) after (h) is the letter i; (i) after (a) is a roman-numbered item
        ("3. x\n\n(h) h\n\n(i) i", ["para-3", "para-3-h", "para-3-i"]),
        ("3. x\n\n(a) a\n\n(i) one\n\n(ii) two\n\n(b) b", ["para-3", "para-3-a", "para-3-a-i", "para-3-a-ii", "para-3-b"]),
        # a numbered heading sets the paragraph its lettered items belong to
        ("### 3. Coordination\n\nText.\n\n(a) first;\n\n(b) second;", ["para-3-a", "para-3-b"]),
        # Chinese: full-width space after the number, and no space before (a)'s text
        ("6.\u3000工作组强调。\n\n(a)核可；", ["para-6", "para-6-a"]),
        # not paragraphs: code, a number inside a block, headings, list items, dates
        ("```\n1. code\n```\n\nText\n1. not a paragraph start\n\n- (a) list item\n\n2006. year", []),
        # repeated numbers keep anchors unique
        ("1. a\n\n1. again", ["para-1", "para-1-2"]),
    ],
)
def test_anchor_table(body: str, expected: list[str]) -> None:
    assert anchors(body) == expected


def test_rendered_paragraph_has_its_id_and_a_self_link() -> None:
    md, found = number_paragraphs("Intro.\n\n6. The working group stressed\nthat information matters.\n\n(c) sub-paragraph")
    html = markdown.markdown(md, extensions=["attr_list"])
    assert (
        '<p class="tkb-para" id="para-6"><a class="tkb-pnum" href="#para-6">6.</a> The working group stressed\nthat information matters.</p>'
        in html
    )
    assert '<p class="tkb-para" id="para-6-c"><a class="tkb-pnum" href="#para-6-c">(c)</a> sub-paragraph</p>' in html
    assert "<ol>" not in html  # "6." must not become a list item renumbered from 1
    assert [(p.first_line, p.last_line) for p in found] == [(2, 3), (5, 5)]
