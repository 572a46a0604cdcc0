"""Problems found in content, reported all at once as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that make content invalid (warnings excluded)."""
    return [p for p in problems if p.severity == "error"]
