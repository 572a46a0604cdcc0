"""One catalogue per build: every record read once, validated once, indexed once.

Everything downstream (pages, links, search, data) asks the catalogue; nothing reads
content files again. Loading never stops at the first problem: each file is read on its
own, and the catalogue carries the full list of problems for the report.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .citations import Citation, find_citations
from .instruments import ArticleRef, Instrument, check_ref, load_instruments
from .paragraphs import Paragraph, number_paragraphs
from .problems import Problem
from .records import read_source
from .schema import TYPES, Record, validate

FOLDER_TYPES = {folder: rtype for rtype, folder in TYPES.items()}
IGNORED_NAMES = {"README.md"}


@dataclass(frozen=True)
class CitingPlace:
    """Where one record cites something: the paragraph, and the sentence around it.

    `explicit` places come from the record's `articles` field, not from its text, and
    have no paragraph or snippet.
    """

    record: Record
    ref: ArticleRef | None
    """The article cited (down to paragraph), for article citations."""
    target: str
    """What is cited: `untoc 24`, a decision number `3/4`, or a symbol."""
    anchor: str | None = None
    label: str | None = None
    snippet: str | None = None
    line: int | None = None
    explicit: bool = False


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
    cites_article: dict[tuple[str, int], list[CitingPlace]] = field(default_factory=dict)
    """(instrument, article) -> every place citing it, explicit ones included."""
    cites_decision: dict[str, list[CitingPlace]] = field(default_factory=dict)
    """COP decision number -> places citing it."""
    cites_symbol: dict[str, list[CitingPlace]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.records:
            self.by_id.setdefault(r.id, r)
            if r.type == "decision" and "number" in r.fields and r.fields.get("kind") in ("decision", "resolution"):
                self.by_number.setdefault(r.fields["number"], r)
            if "symbol" in r.fields:
                self.by_symbol.setdefault(r.fields["symbol"], r)

        self._build_graph()

    def _build_graph(self) -> None:
        """Index every citation once: who cites which article, decision and document."""
        for r in self.records:
            seen_explicit: set[tuple[str, int]] = set()
            for c in r.citations:
                para = r.paragraph_at(c.line)

                def place(
                    ref: ArticleRef | None, target: str, c: Citation = c, para: Paragraph | None = para, r: Record = r
                ) -> CitingPlace:
                    return CitingPlace(
                        r,
                        ref,
                        target,
                        para.anchor if para else None,
                        para.label if para else None,
                        snippet(r.src.body, c.start, c.end),
                        c.line,
                    )

                if c.kind == "article" and c.instrument and c.article:
                    ref = ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph)
                    self.cites_article.setdefault((c.instrument, c.article), []).append(place(ref, f"{c.instrument} {c.article}"))
                elif c.kind == "decision" and c.body == "cop" and c.number and r.fields.get("number") != c.number:
                    self.cites_decision.setdefault(c.number, []).append(place(None, c.number))
                elif c.kind == "symbol" and c.symbol and r.fields.get("symbol") != c.symbol:
                    self.cites_symbol.setdefault(c.symbol, []).append(place(None, c.symbol))
            for ref in r.articles:
                key = (ref.instrument, ref.article)
                if key in seen_explicit:
                    continue
                seen_explicit.add(key)
                self.cites_article.setdefault(key, []).append(CitingPlace(r, ref, f"{key[0]} {key[1]}", explicit=True))

    def citing_records(self, places: list[CitingPlace]) -> list[tuple[Record, list[CitingPlace]]]:
        """Places grouped by citing record, newest record first."""
        by_record: dict[str, list[CitingPlace]] = {}
        for p in places:
            by_record.setdefault(p.record.id, []).append(p)
        groups = [(self.by_id[rid], ps) for rid, ps in by_record.items()]
        return sorted(groups, key=lambda g: (_neg(g[0].date), g[0].id))

    def cited_by(self, record: Record) -> list[CitingPlace]:
        """Places in other records that cite this record (by decision number or symbol)."""
        places: list[CitingPlace] = []
        if record.type == "decision" and record.fields.get("kind") in ("decision", "resolution") and "number" in record.fields:
            places += self.cites_decision.get(record.fields["number"], [])
        for s in _symbols_of(record):
            places += self.cites_symbol.get(s, [])
        return [p for p in places if p.record.id != record.id]

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


def _symbols_of(record: Record) -> list[str]:
    """The document symbols a record holds: its own, and those of its sources."""
    out = [record.fields["symbol"]] if "symbol" in record.fields else []
    out += [s["symbol"] for s in record.fields.get("sources", []) if "symbol" in s and s["symbol"] not in out]
    return out


_SENTENCE_BREAK = re.compile(r"(?<=[。；;！？!?])|(?<=\.)\s|\n\s*\n")
_MARKUP = re.compile(r"\[\^[^\]]+\]|[*_`#>]|\[([^\]]*)\]\([^)]*\)")
SNIPPET_MAX = 160


def snippet(body: str, start: int, end: int) -> str:
    """The sentence around a citation, without Markdown marks, at most ~160 characters."""
    left = max((m.end() for m in _SENTENCE_BREAK.finditer(body, 0, start)), default=0)
    right_m = _SENTENCE_BREAK.search(body, end)
    right = right_m.start() if right_m else len(body)
    text = body[left:right]
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    text = re.sub(r"^\s*(?:\d{1,3}\.|\([a-z]{1,4}\))\s*", "", " ".join(text.split()))
    if len(text) > SNIPPET_MAX:
        pos = text.find(body[start:end].split()[0]) if body[start:end].split() else 0
        a = max(0, min(pos - SNIPPET_MAX // 3, len(text) - SNIPPET_MAX))
        text = ("…" if a > 0 else "") + text[a : a + SNIPPET_MAX].strip() + ("…" if a + SNIPPET_MAX < len(text) else "")
    return text


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
        record.paragraphs = number_paragraphs(record.src.body)[1]
        record.citations = find_citations(record.src.body, first_line=record.src.body_line)
        for c in record.citations:
            if c.kind == "article" and c.instrument and c.article:
                why = check_ref(ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph), instruments)
                if why:
                    problems.append(Problem(src.path, c.line, "citation", f"'{c.text}' cites a provision that does not exist: {why}"))
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
