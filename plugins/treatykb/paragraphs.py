"""Numbered paragraphs of UN documents: permanent anchors such as `#para-6`, `#para-2-b`.

UN texts are cited by paragraph ("decision 3/4, para. 7 (b)"), so each numbered
paragraph and sub-paragraph of a record gets an anchor derived from its own number.
The output is plain Markdown with `attr_list` attributes, so any Python-Markdown based
generator renders it; the number itself becomes a link to the paragraph.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

_NUMBERED = re.compile(r"^(?P<num>\d{1,3})\.[ \t\u3000]+(?P<rest>\S.*)$")
_LETTERED = re.compile(r"^\((?P<num>[a-z]{1,4})\)[ \t\u3000]*(?P<rest>\S.*)$")
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}
_FENCE = re.compile(r"^(```|~~~)")
_NUMBERED_HEADING = re.compile(r"^#{1,6}\s+(?P<num>\d{1,3})\.\s")


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph: its anchor, its label as printed and its lines in the body."""

    anchor: str
    label: str
    first_line: int
    """0-based line in the body where the paragraph starts."""
    last_line: int


class _Numbering:
    """Tracks the current paragraph, sub-paragraph and item to derive anchors."""

    def __init__(self) -> None:
        self.para: str | None = None
        self.letter: str | None = None
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def numbered(self, num: str) -> tuple[str, str]:
        self.para, self.letter = num, None
        return self._unique(f"para-{num}"), f"{num}."

    def lettered(self, token: str) -> tuple[str, str]:
        follows = self.letter is not None and len(token) == 1 and len(self.letter) == 1 and ord(token) == ord(self.letter) + 1
        if token in _ROMAN and self.letter is not None and not follows:
            parts = [p for p in (self.para, self.letter, token) if p]
        else:
            self.letter = token
            parts = [p for p in (self.para, token) if p]
        return self._unique("para-" + "-".join(parts)), f"({token})"

    def _unique(self, anchor: str) -> str:
        # The next suffix to try is remembered per anchor: a body that repeats "1." a
        # thousand times must not rescan every earlier suffix each time.
        n, candidate = self.next_suffix.get(anchor, 2), anchor
        while candidate in self.used:
            candidate, n = f"{anchor}-{n}", n + 1
        self.next_suffix[anchor] = n
        self.used.add(candidate)
        return candidate


def number_paragraphs(body: str, link_attrs: Callable[[str], dict[str, str]] | None = None) -> tuple[str, list[Paragraph]]:
    """Give each numbered or lettered paragraph of a Markdown body its anchor.

    A block (text between blank lines) that starts `6.` or `(b)` is rewritten so its
    number links to itself and the block carries `id="para-6"` (or `para-6-b`). Code,
    headings, tables and list items are left alone; a heading that starts with a number
    (`### 3. Title`) makes the lettered paragraphs under it `para-3-a`, .... Returns the new Markdown and the
    paragraphs found, with their lines in the original body.

    `link_attrs(anchor)` gives more attributes for a paragraph's number link (a record
    page puts the paragraph's citation there); the link is then written as HTML, whose
    escaping holds any value, where `attr_list` would stop at a quote or a brace.
    """
    lines = body.split("\n")
    out: list[str] = []
    found: list[Paragraph] = []
    numbering = _Numbering()
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        if in_fence or not line.strip() or (i > 0 and lines[i - 1].strip()):
            out.append(line)
            i += 1
            continue
        m_head = _NUMBERED_HEADING.match(line)
        if m_head:  # "### 3. Title": what follows belongs to item 3
            numbering.para, numbering.letter = m_head.group("num"), None
        m_num, m_let = _NUMBERED.match(line), _LETTERED.match(line)
        if not (m_num or m_let):
            out.append(line)
            i += 1
            continue
        end = i
        while end + 1 < len(lines) and lines[end + 1].strip() and not _FENCE.match(lines[end + 1].lstrip()):
            end += 1
        if m_num:
            anchor, label = numbering.numbered(m_num.group("num"))
            rest = m_num.group("rest")
        else:
            assert m_let is not None
            anchor, label = numbering.lettered(m_let.group("num"))
            rest = m_let.group("rest")
        if link_attrs is None:
            out.append(f"[{label}](#{anchor}){{ .tkb-pnum }} {rest}")
        else:
            attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in link_attrs(anchor).items())
            out.append(f'<a class="tkb-pnum" href="#{anchor}"{attrs}>{label}</a> {rest}')
        out.extend(lines[i + 1 : end + 1])
        out.append(f"{{: #{anchor} .tkb-para }}")
        found.append(Paragraph(anchor, label, i, end))
        i = end + 1
    return "\n".join(out), found
