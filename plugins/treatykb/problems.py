"""Problems found in content, reported all at once as `path:line: field: message`."""

from __future__ import annotations

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
