"""The missing-translations report: which records exist in which languages.

Translation is planned work: the secretariat asks "which decisions have no French text
yet?" before commissioning translators. The report answers it from the catalogue, as a
table for people, and as JSON or CSV for a spreadsheet or a tracker.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import catalogue as cat
from .records import LANGUAGES
from .schema import TYPES


@dataclass(frozen=True)
class Coverage:
    id: str
    type: str
    languages: tuple[str, ...]
    """Languages the record is written in, in UN order."""
    files: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(x for x in LANGUAGES if x not in self.languages)


def coverage(catalogue: cat.Catalogue, rtype: str | None = None, missing: str | None = None) -> list[Coverage]:
    """One row per record (by type, then id), optionally only one type's, or only those
    lacking a language."""
    rows = []
    for rid, versions in catalogue.versions.items():
        primary = catalogue.by_id[rid]
        if rtype and primary.type != rtype:
            continue
        row = Coverage(rid, primary.type, tuple(versions), tuple(v.src.path for v in versions.values()))
        if missing and missing not in row.missing:
            continue
        rows.append(row)
    order = list(TYPES)
    return sorted(rows, key=lambda r: (order.index(r.type), r.id))


def as_text(rows: list[Coverage], total: int) -> str:
    """A table of ✓ and ·, then how many records each language has."""
    width = max([len(r.id) for r in rows] + [6])
    lines = [f"{'record':<{width}}  {'type':<11} " + " ".join(f"{x:>2}" for x in LANGUAGES)]
    for r in rows:
        marks = " ".join(f"{'✓' if x in r.languages else '·':>2}" for x in LANGUAGES)
        lines.append(f"{r.id:<{width}}  {r.type:<11} {marks}")
    lines.append("")
    for x in LANGUAGES:
        n = sum(1 for r in rows if x in r.languages)
        share = f"{100 * n / len(rows):.0f}%" if rows else "-"
        lines.append(f"{x}: {n} of {len(rows)} records ({share})")
    if len(rows) != total:
        lines.append(f"({len(rows)} of the {total} records shown)")
    return "\n".join(lines) + "\n"


def as_json(rows: list[Coverage]) -> str:
    return json.dumps(
        [{"id": r.id, "type": r.type, "languages": list(r.languages), "missing": list(r.missing), "files": list(r.files)} for r in rows],
        ensure_ascii=False,
        indent=1,
    )


def as_csv(rows: list[Coverage]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "type", *LANGUAGES])
    for r in rows:
        writer.writerow([r.id, r.type, *("yes" if x in r.languages else "" for x in LANGUAGES)])
    return out.getvalue()


def cmd_translations(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        print(f"treatykb translations: no content folder at '{content}'; pass --content DIR", file=sys.stderr)
        return 2
    catalogue = cat.load(content)
    rows = coverage(catalogue, args.type, args.missing)
    if args.format == "json":
        sys.stdout.write(as_json(rows) + "\n")
    elif args.format == "csv":
        sys.stdout.write(as_csv(rows))
    else:
        sys.stdout.write(as_text(rows, len(catalogue.records)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("translations", help="which records exist in which languages (the missing-translations report)")
    parser.add_argument("--content", default="content", help="the content folder (default: ./content)")
    parser.add_argument("--type", choices=list(TYPES), help="only records of this type")
    parser.add_argument("--missing", choices=list(LANGUAGES), metavar="LANG", help="only records not yet in this language")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text", help="output format")
    parser.set_defaults(func=cmd_translations)
