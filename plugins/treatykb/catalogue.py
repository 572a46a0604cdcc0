"""One catalogue per build: every record read once, validated once, indexed once.

Everything downstream (pages, links, search, data) asks the catalogue; nothing reads
content files again. Loading never stops at the first problem: each file is read on its
own, and the catalogue carries the full list of problems for the report.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .instruments import Instrument, load_instruments
from .problems import Problem
from .records import read_source
from .schema import TYPES, Record, validate

FOLDER_TYPES = {folder: rtype for rtype, folder in TYPES.items()}
IGNORED_NAMES = {"README.md"}


@dataclass
class Catalogue:
    """All records of a knowledge base, with lookups and the problems found loading it."""

    content_dir: Path
    records: list[Record]
    instruments: dict[str, Instrument]
    problems: list[Problem] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)
    by_number: dict[str, Record] = field(default_factory=dict)
    """COP decision or resolution number ("3/4") -> its record."""
    by_symbol: dict[str, Record] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.records:
            self.by_id.setdefault(r.id, r)
            if r.type == "decision" and "number" in r.fields and r.fields.get("kind") in ("decision", "resolution"):
                self.by_number.setdefault(r.fields["number"], r)
            if "symbol" in r.fields:
                self.by_symbol.setdefault(r.fields["symbol"], r)

    def of_type(self, rtype: str) -> list[Record]:
        """Records of one type, newest first (ties by id, so the order is stable)."""
        return sorted((r for r in self.records if r.type == rtype), key=lambda r: (_neg(r.date), r.id))

    def newest(self, n: int) -> list[Record]:
        return sorted(self.records, key=lambda r: (_neg(r.date), r.id))[:n]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(TYPES, 0)
        for r in self.records:
            out[r.type] += 1
        return out


def _neg(date: str) -> str:
    """A key that sorts dates descending when sorted ascending."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date) if date else "\U0010ffff"


def record_files(content_dir: Path) -> tuple[list[tuple[Path, str | None]], list[Problem]]:
    """Every Markdown file under the content folder, with the type its folder implies.

    Files outside the three record folders, and links that lead out of the content
    folder, are reported rather than read.
    """
    root = content_dir.resolve()
    shown_base = content_dir.parent
    files: list[tuple[Path, str | None]] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(content_dir)
            shown = _shown(path, shown_base)
            if rel.parts[0] in IGNORED_NAMES and len(rel.parts) == 1:
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(Problem(shown, 1, "", "links to a file outside the content folder; copy the record in instead"))
                continue
            folder_type = FOLDER_TYPES.get(rel.parts[0]) if len(rel.parts) > 1 else None
            if folder_type is None:
                where = ", ".join(f"{content_dir.name}/{f}/" for f in FOLDER_TYPES)
                problems.append(Problem(shown, 1, "", f"record outside the record folders; move it into one of {where}"))
                continue
            files.append((path, folder_type))
    return files, problems


def _shown(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def load(content_dir: Path, only: Iterable[Path] | None = None) -> Catalogue:
    """Load and validate every record under `content_dir` (or only the given files)."""
    shown_base = content_dir.parent
    instruments, problems = load_instruments(content_dir / "instruments", _shown(content_dir / "instruments", shown_base))
    files, file_problems = record_files(content_dir)
    problems += file_problems
    if only is not None:
        wanted = {p.resolve() for p in only}
        files = [(p, t) for p, t in files if p.resolve() in wanted]
    records: list[Record] = []
    seen: dict[str, Record] = {}
    for path, folder_type in files:
        src, problem = read_source(path, _shown(path, shown_base))
        if src is None:
            problems.append(problem)  # type: ignore[arg-type]
            continue
        record, found = validate(src, folder_type, instruments)
        problems += found
        if record is None:
            continue
        first = seen.get(record.id)
        if first is not None:
            problems.append(
                Problem(src.path, src.line_of("id"), "id", f"'{record.id}' is already the id of {first.src.path}:{first.src.line_of('id')}")
            )
            continue
        seen[record.id] = record
        records.append(record)
    _check_cross_references(records, problems)
    return Catalogue(content_dir, records, instruments, sorted(set(problems)))


def _check_cross_references(records: list[Record], problems: list[Problem]) -> None:
    """Problems no single record shows: two records claiming one decision number or symbol."""
    claims: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        if r.type == "decision" and "number" in r.fields and r.fields.get("kind") in ("decision", "resolution"):
            claims[("number", r.fields["number"])].append(r)
    for (fname, value), owners in claims.items():
        for r in owners[1:]:
            first = owners[0]
            problems.append(
                Problem(r.src.path, r.src.line_of(fname), fname, f"'{value}' is already the {fname} of {first.src.path} ({first.id})")
            )
