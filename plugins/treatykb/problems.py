"""Problems found in content, reported all at once as `path:line: field: message`."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control, line-breaking and bidi-override characters: shown as escapes in problems."""


def visible(text: str) -> str:
    """Text from a record (a field name, a value, a file name) made safe to print in a
    report: a newline would split one problem over two lines, an escape sequence would
    drive the editor's terminal, a bidi override would reorder what is shown."""
    return _UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place in one file.

    Sorting orders problems by file and line, so a report reads top to bottom.
    """

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        for name in ("path", "field", "message"):
            object.__setattr__(self, name, visible(getattr(self, name)))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that make content invalid (warnings excluded)."""
    return [p for p in problems if p.severity == "error"]


BANNER_LIMIT = 30
"""Problems listed in the banner; the rest are counted (the terminal lists them all)."""


def problems_banner(problems: list[Problem]) -> str:
    """The HTML box `mkdocs serve` puts at the top of every page while the content has
    errors: each one as `path:line: field: message`. Empty when there are no errors."""
    errs = errors(problems)
    if not errs:
        return ""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in errs[:BANNER_LIMIT])
    more = f"<p>… and {len(errs) - BANNER_LIMIT} more (listed in the terminal).</p>" if len(errs) > BANNER_LIMIT else ""
    return (
        '<section class="tkb-build-errors" role="alert" lang="en" dir="ltr">'
        f"<h2>{len(errs)} error(s) in the content: pages show the last good version of a broken record</h2>"
        f"<ul>{items}</ul>{more}"
        "<p>This box is shown by <code>mkdocs serve</code> only; a build with errors fails.</p></section>"
    )


_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def with_banner(page_html: str, banner: str) -> str:
    """`page_html` with `banner` as the first thing in its body."""
    m = _BODY_OPEN.search(page_html)
    at = m.end() if m else 0
    return page_html[:at] + banner + page_html[at:]
