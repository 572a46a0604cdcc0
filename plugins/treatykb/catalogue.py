"""One catalogue per build: every record read once, validated once, indexed once.

Everything downstream (pages, links, search, data) asks the catalogue; nothing reads
content files again. Loading never stops at the first problem: each file is read on its
own, and the catalogue carries the full list of problems for the report.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import stat
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .citations import Citation, find_citations
from .instruments import ArticleRef, Instrument, check_ref, load_instruments
from .paragraphs import Paragraph, number_paragraphs
from .problems import Problem
from .records import LANGUAGES, FrontMatterError, SourceFile, parse_source, read_source, read_text
from .schema import TYPES, Record, validate
from .timing import phase
from .vocab import suggest

FOLDER_TYPES = {folder: rtype for rtype, folder in TYPES.items()}
IGNORED_NAMES = {"README.md"}

LANGUAGE_FIELDS = frozenset({"id", "title", "summary", "language", "sources"})
"""Fields each language version of a record has for itself. Every other field is the
record's shared metadata: a translation may leave it out (it is taken from the fullest
version) or repeat it, but then with the same value."""


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


T = TypeVar("T")


@dataclass
class Catalogue:
    """All records of a knowledge base, with lookups and the problems found loading it.

    A record may be written in several languages: one file per language, sharing an id.
    `all_versions` holds every file's record; `records` one per id (its primary version,
    the one with the fullest metadata), which is what counts and lists use.
    """

    content_dir: Path
    all_versions: list[Record]
    instruments: dict[str, Instrument]
    problems: list[Problem] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    versions: dict[str, dict[str, Record]] = field(default_factory=dict)
    """id -> language -> that language version, in UN language order."""
    by_id: dict[str, Record] = field(default_factory=dict)
    """id -> primary version."""
    by_number: dict[str, Record] = field(default_factory=dict)
    """COP decision or resolution number ("3/4") -> its record."""
    by_symbol: dict[str, Record] = field(default_factory=dict)
    cites_article: dict[tuple[str, int], list[CitingPlace]] = field(default_factory=dict)
    """(instrument, article) -> every place citing it, explicit ones included."""
    cites_decision: dict[str, list[CitingPlace]] = field(default_factory=dict)
    """COP decision number -> places citing it."""
    cites_symbol: dict[str, list[CitingPlace]] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)
    """Files (as shown in problems) whose last good version stands in for what they hold
    now, which has errors (only while serving: see `load`)."""
    cache: LoadCache | None = field(default=None, repr=False, compare=False)
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for r in self.all_versions:
            if r.id not in self.by_id:
                self.by_id[r.id] = r
                self.records.append(r)
            self.versions.setdefault(r.id, {})[r.lang] = r
        for rid, by_lang in self.versions.items():
            self.versions[rid] = {lang: by_lang[lang] for lang in LANGUAGES if lang in by_lang}
        for r in self.records:
            if r.type == "decision" and "number" in r.fields and r.fields.get("kind") in ("decision", "resolution"):
                self.by_number.setdefault(r.fields["number"], r)
            if "symbol" in r.fields:
                self.by_symbol.setdefault(r.fields["symbol"], r)

        with phase("citations"):
            self._build_graph()

    def version(self, rid: str, lang: str) -> Record:
        """The version of a record to show a reader of `lang`: theirs if it exists, else the
        English one (the most widely read of the others), else the primary."""
        versions = self.versions[rid]
        return versions.get(lang) or versions.get("en") or self.by_id[rid]

    def title(self, rid: str, lang: str) -> tuple[str, str]:
        """(title, its language) of a record for a reader of `lang`: the title of the version in
        that language, else an editors' title in that language, else that of the version shown."""
        for v in self.versions[rid].values():
            if v.title.get(lang):
                return v.title[lang], lang
        return self.version(rid, lang).title_in(lang)

    def _build_graph(self) -> None:
        """Index every citation once: who cites which article, decision and document."""
        graphs = {"article": self.cites_article, "decision": self.cites_decision, "symbol": self.cites_symbol}
        for r in self.all_versions:
            for kind, key, place in places_of(r) if self.cache is None else self.cache.places(r):
                graphs[kind].setdefault(key, []).append(place)  # type: ignore[attr-defined]

    def citing_records(self, places: list[CitingPlace], lang: str = "en") -> list[tuple[Record, list[CitingPlace]]]:
        """Places grouped by citing record, newest record first.

        A record cited from several of its language versions is listed once, with the
        places of the version a reader of `lang` is shown."""
        groups = []
        for rid, ps in by_record(places).items():
            mine = self.shown_places(rid, ps, lang)
            groups.append((mine[0].record, mine))
        rank = self.newest_rank()
        groups.sort(key=lambda g: rank[g[0].id, g[0].lang])
        return groups

    def shown_places(self, rid: str, places: list[CitingPlace], lang: str) -> list[CitingPlace]:
        """Of the places where one record cites, those of the version a reader of `lang`
        is shown (else those of the first version citing)."""
        if len(self.versions[rid]) == 1:
            return places  # one version: the one shown (most records)
        shown = self.version(rid, lang)
        return [p for p in places if p.record is shown] or [p for p in places if p.record.lang == places[0].record.lang]

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` derives from the catalogue, made once: pages in six languages ask
        for the same orders and tallies over every record. The catalogue does not change
        once loaded (a new build loads a new one), so nothing here goes stale."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def newest_rank(self) -> dict[tuple[str, str], int]:
        """(id, language) -> place of that version among all, newest first (ties by id):
        article pages sort the records citing each article, thousands for some, by it."""

        def make() -> dict[tuple[str, str], int]:
            order = sorted(self.all_versions, key=lambda r: (_neg(r.date), r.id, r.lang))
            return {(r.id, r.lang): i for i, r in enumerate(order)}

        return self.memo("newest rank", make)

    def cited_by(self, record: Record) -> list[CitingPlace]:
        """Places in other records that cite this record (by decision number or symbol)."""
        places: list[CitingPlace] = []
        for kind, key in cited_as(record):
            places += (self.cites_decision if kind == "decision" else self.cites_symbol).get(key, [])
        return [p for p in places if p.record.id != record.id]

    def of_type(self, rtype: str) -> list[Record]:
        """Records of one type, newest first (ties by id, so the order is stable)."""
        return [r for r in self._newest_records() if r.type == rtype]

    def newest(self, n: int) -> list[Record]:
        return self._newest_records()[:n]

    def _newest_records(self) -> list[Record]:
        rank = self.newest_rank()  # one rule for "newest first" (primary versions keep it)
        return self.memo("newest records", lambda: sorted(self.records, key=lambda r: rank[r.id, r.lang]))

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(TYPES, 0)
        for r in self.records:
            out[r.type] += 1
        return out


Place = tuple[str, Any, CitingPlace]
"""("article", (instrument, article) | "decision", number | "symbol", symbol) and the place."""


def by_record(places: list[CitingPlace]) -> dict[str, list[CitingPlace]]:
    """Places grouped by the id of the record citing, in the order of each one's first."""
    out: dict[str, list[CitingPlace]] = {}
    for p in places:
        out.setdefault(p.record.id, []).append(p)
    return out


def places_of(r: Record) -> list[Place]:
    """Every place where one record version cites an article, a decision or a document."""
    out: list[Place] = []
    for c in r.citations:
        para = r.paragraph_at(c.line)

        def place(ref: ArticleRef | None, target: str, c: Citation = c, para: Paragraph | None = para) -> CitingPlace:
            return CitingPlace(
                r, ref, target, para.anchor if para else None, para.label if para else None, snippet(r.src.body, c.start, c.end), c.line
            )

        if c.kind == "article" and c.instrument and c.article:
            ref = ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph)
            out.append(("article", (c.instrument, c.article), place(ref, f"{c.instrument} {c.article}")))
        elif c.kind == "decision" and c.body == "cop" and c.number and r.fields.get("number") != c.number:
            out.append(("decision", c.number, place(None, c.number)))
        elif c.kind == "symbol" and c.symbol and r.fields.get("symbol") != c.symbol:
            out.append(("symbol", c.symbol, place(None, c.symbol)))
    seen_explicit: set[tuple[str, int]] = set()
    for ref in r.articles:
        key = (ref.instrument, ref.article)
        if key in seen_explicit:
            continue
        seen_explicit.add(key)
        out.append(("article", key, CitingPlace(r, ref, f"{key[0]} {key[1]}", explicit=True)))
    return out


def cited_as(record: Record) -> list[tuple[str, str]]:
    """How other records cite this one: ("decision", its number), ("symbol", a symbol)."""
    out = []
    if record.type == "decision" and record.fields.get("kind") in ("decision", "resolution") and "number" in record.fields:
        out.append(("decision", record.fields["number"]))
    return out + [("symbol", s) for s in _symbols_of(record)]


def _symbols_of(record: Record) -> list[str]:
    """The document symbols a record holds: its own, and those of its sources."""
    out = [record.fields["symbol"]] if "symbol" in record.fields else []
    out += [s["symbol"] for s in record.fields.get("sources", []) if "symbol" in s and s["symbol"] not in out]
    return out


_SENTENCE_BREAK = re.compile(r"(?<=[。；;！？!?])|(?<=\.)\s|\n\s*\n")
_MARKUP = re.compile(r"\[\^[^\]]+\]|[*_`#>]|\[([^\]]*)\]\([^)]*\)")
SNIPPET_MAX = 160


SNIPPET_CONTEXT = 500
"""Characters looked at on each side of a citation for its sentence. A snippet shows
at most SNIPPET_MAX of them; the bound keeps a body full of citations, or one endless
sentence, from costing time in proportion to its length for each citation."""


@functools.lru_cache(maxsize=4)
def _sentence_breaks(body: str) -> tuple[list[int], list[int]]:
    """Starts and ends of a body's sentence breaks, found once per body, not per citation."""
    found = list(_SENTENCE_BREAK.finditer(body))
    return [m.start() for m in found], [m.end() for m in found]


def snippet(body: str, start: int, end: int) -> str:
    """The sentence around a citation, without Markdown marks, at most ~160 characters."""
    starts, ends = _sentence_breaks(body)
    before = bisect.bisect_right(ends, start)
    left = max(ends[before - 1] if before else 0, start - SNIPPET_CONTEXT)
    after = bisect.bisect_left(starts, end)
    right = min(starts[after] if after < len(starts) else len(body), end + SNIPPET_CONTEXT)
    text = body[left:right]
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    text = re.sub(r"^\s*(?:\d{1,3}\.|\([a-z]{1,4}\))\s*", "", " ".join(text.split()))
    if len(text) > SNIPPET_MAX:
        pos = text.find(body[start:end].split()[0]) if body[start:end].split() else 0
        a = max(0, min(pos - SNIPPET_MAX // 3, len(text) - SNIPPET_MAX))
        text = ("…" if a > 0 else "") + text[a : a + SNIPPET_MAX].strip() + ("…" if a + SNIPPET_MAX < len(text) else "")
    return text


@functools.cache
def _neg(date: str) -> str:
    """A key that sorts dates descending when sorted ascending (kept: lists sort by it a
    few hundred thousand times, over a few thousand distinct dates)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date) if date else "\U0010ffff"


def record_files(content_dir: Path) -> tuple[list[tuple[Path, str | None]], list[Problem]]:
    """Every Markdown file under the content folder, with the type its folder implies.

    Files outside the three record folders, links that lead out of the content folder
    (or nowhere), folders named like records and names that are not UTF-8 are reported
    rather than read.
    """
    root = content_dir.resolve()
    shown_base = content_dir.parent
    files: list[tuple[Path, str | None]] = []
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        kept = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            path = Path(dirpath) / d
            if path.is_symlink() and not _inside(path, root, loop=True):  # (links are never followed)
                problems.append(
                    Problem(_shown(path, shown_base), 1, "", "links to a folder outside the content folder; copy the records in instead")
                )
            elif d.endswith(".md"):
                problems.append(
                    Problem(
                        _shown(path, shown_base), 1, "", "is a folder named like a record file; a record is a file, so rename the folder"
                    )
                )
            else:
                kept.append(d)
        dirnames[:] = kept
        # Worked out once per folder, not per file (20,000 of them in a large build).
        folder = Path(dirpath)
        under = folder.relative_to(content_dir).parts
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = folder / name
            rel = (*under, name)
            if rel[0] in IGNORED_NAMES and len(rel) == 1:
                continue
            shown = _shown(path, shown_base)
            if not _is_utf8("/".join(rel)):
                problems.append(Problem(shown, 1, "", "the file name is not valid UTF-8; rename the file"))
                continue
            if os.path.islink(path):
                inside = _inside(path, root, loop=None)
                if inside is None:
                    problems.append(Problem(shown, 1, "", "is a symbolic link that loops back on itself; replace it with the file"))
                    continue
                if not inside:
                    problems.append(Problem(shown, 1, "", "links to a file outside the content folder; copy the record in instead"))
                    continue
            folder_type = FOLDER_TYPES.get(rel[0]) if len(rel) > 1 else None
            if folder_type is None:
                where = ", ".join(f"{content_dir.name}/{f}/" for f in FOLDER_TYPES)
                problems.append(Problem(shown, 1, "", f"record outside the record folders; move it into one of {where}"))
                continue
            files.append((path, folder_type))
    return files, problems


def _inside(path: Path, root: Path, loop: bool | None) -> bool | None:
    """Whether a path, its links followed, stays in `root`; `loop` when they loop."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop, 3.13 OSError
        return loop


def _is_utf8(name: str) -> bool:
    """File names come from the file system as text with undecodable bytes escaped."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: Path, base: Path) -> str:
    """A path as messages show it: relative to the project, printable even when the file
    system gave a name that is not UTF-8 (its bytes then appear as \\xNN)."""
    text, prefix = str(path), str(base) + os.sep
    if text.startswith(prefix) and prefix != "." + os.sep:  # the common case, without pathlib's cost
        shown = text[len(prefix) :].replace(os.sep, "/")
    else:
        try:
            shown = path.relative_to(base).as_posix()
        except ValueError:
            shown = path.as_posix()
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass
class _Cached:
    text: str
    stamp: tuple[int, int, int, int] | None
    """The file's inode, size, and modification and change times when it was read."""
    src: SourceFile | None
    problem: Problem | None
    validated: dict[tuple[str | None, int], tuple[SourceFile | None, Record | None, list[Problem]]] = field(default_factory=dict)
    """(folder type, id of the file it takes shared fields from) -> (that file, result)."""
    body: tuple[list[Paragraph], list[Citation]] | None = None
    places: tuple[Record, list[Place]] | None = None


class LoadCache:
    """What `load` keeps from one build to the next while `mkdocs serve` runs, so that a
    rebuild parses, validates and reads citations only in the files whose text changed
    (at 20,000 records, most of a rebuild's time otherwise). Entries are keyed by a
    file's path and checked against its text; what a build does not use is dropped.

    A file read again gives the same objects (its `SourceFile`, its `Record`): nothing
    changes a record once loaded, and pages can tell an unchanged record by identity."""

    def __init__(self) -> None:
        self._files: dict[str, _Cached] = {}
        self._used: dict[str, _Cached] = {}
        self._instruments: dict[str, Instrument] | None = None

    def start(self, instruments: dict[str, Instrument]) -> None:
        if instruments != self._instruments:  # validation checks article references against them
            for entry in self._files.values():
                entry.validated.clear()
        self._instruments = instruments
        self._used = {}

    def read(self, path: Path, shown: str) -> tuple[SourceFile | None, Problem | None]:
        """`records.read_source`, from the cache when the text is the same: a file whose
        inode, size and times are those it had when read is not read again (at 20,000
        records, reading them all takes a second and a half of each rebuild)."""
        entry = self._files.get(shown)
        stamp = _stamp(path)
        if entry is not None and stamp is not None and entry.stamp == stamp:
            self._used[shown] = entry
            return entry.src, entry.problem
        text, problem = read_text(path, shown)
        if text is None:
            return None, problem
        if entry is None or entry.text != text:
            try:
                entry = _Cached(text, stamp, parse_source(text, shown, path.name), None)
            except FrontMatterError as e:
                entry = _Cached(text, stamp, None, Problem(shown, e.line, "", e.message))
        # A file written in the last seconds may be written again within the same tick of
        # the file system's clock, at the same size: it is read again next time (as git
        # treats an index entry as old as its file, "racily clean").
        entry.stamp = stamp if stamp is not None and time.time_ns() - stamp[2] > RACY_NS else None
        self._used[shown] = entry
        return entry.src, entry.problem

    def validate(
        self, src: SourceFile, checked: SourceFile, base: SourceFile | None, folder_type: str | None, instruments: dict[str, Instrument]
    ) -> tuple[Record | None, list[Problem]]:
        """`schema.validate(checked, ...)`, where `checked` is `src` with the shared fields
        it takes from `base` (if any)."""
        entry = self._used[src.path]
        key = (folder_type, id(base))
        hit = entry.validated.get(key)
        if hit is None or hit[0] is not base:
            hit = (base, *validate(checked, folder_type, instruments))
            entry.validated[key] = hit
        return hit[1], hit[2]

    def places(self, record: Record) -> list[Place]:
        """The places where a record version cites something (see `Catalogue._build_graph`)."""
        entry = self._used.get(record.src.path)
        if entry is None:  # a last good version kept in place of its file
            return places_of(record)
        if entry.places is None or entry.places[0] is not record:
            entry.places = (record, places_of(record))
        return entry.places[1]

    def body(self, src: SourceFile) -> tuple[list[Paragraph], list[Citation]]:
        """The paragraphs and citations of a file's body."""
        entry = self._used[src.path]
        if entry.body is None:
            entry.body = _body(src)
        return entry.body

    def finish(self) -> None:
        self._files = self._used


RACY_NS = 2_000_000_000


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns) if stat.S_ISREG(info.st_mode) else None


def _body(src: SourceFile) -> tuple[list[Paragraph], list[Citation]]:
    paragraphs = number_paragraphs(src.body)[1]
    with phase("citations"):
        return paragraphs, find_citations(src.body, first_line=src.body_line)


def load(
    content_dir: Path, only: Iterable[Path] | None = None, last_good: Catalogue | None = None, cache: LoadCache | None = None
) -> Catalogue:
    """Load and validate every record under `content_dir` (or only the given files and
    the other language versions of their records).

    With `last_good` (the previous build's catalogue, while `mkdocs serve` runs), a record
    whose file now fails to load keeps its previous version, with a warning: its page stays
    up while the editor fixes the file, instead of turning into a 404."""
    shown_base = content_dir.parent
    instruments, problems = load_instruments(content_dir / "instruments", _shown(content_dir / "instruments", shown_base))
    if cache is not None:
        cache.start(instruments)
    files, file_problems = record_files(content_dir)
    problems += file_problems
    sources: list[tuple[SourceFile, str | None]] = []
    for path, folder_type in files:
        shown = _shown(path, shown_base)
        src, problem = read_source(path, shown) if cache is None else cache.read(path, shown)
        if src is None:
            if only is None or path.resolve() in {p.resolve() for p in only}:
                problems.append(problem)  # type: ignore[arg-type]
            continue
        sources.append((src, folder_type))
    if only is not None:
        wanted = {_shown(p, shown_base) for p in only} | {_shown(p.resolve(), shown_base) for p in only}
        ids = {_id_of(src) for src, _ in sources if src.path in wanted} - {None}
        sources = [(src, t) for src, t in sources if src.path in wanted or _id_of(src) in ids]

    base_of = _versions_of_same_id(sources)
    records: list[Record] = []
    seen: dict[tuple[str, str], Record] = {}
    primary_type: dict[str, Record] = {}
    translation: dict[int, bool] = {}
    for i, (src, folder_type) in enumerate(sources):
        inherited: set[str] = set()
        checked = src
        base = sources[base_of[i]][0] if i in base_of else src
        if base is not src:
            if base.lang != src.lang:  # the same id twice in one language is reported below, once
                problems += _compare_shared(src, base)
            inherited = {k for k in base.meta if k not in src.meta and (k not in LANGUAGE_FIELDS or k == "sources")}
            if inherited:
                checked = replace(src, meta={**src.meta, **{k: base.meta[k] for k in inherited}})
        if cache is None:
            record, found = validate(checked, folder_type, instruments)
        else:
            record, found = cache.validate(src, checked, base if inherited else None, folder_type, instruments)
        if _translation_only(base):
            # One clear problem instead of one "missing" per field it was meant to share.
            found = [p for p in found if _top_field(p.field) in LANGUAGE_FIELDS or _top_field(p.field) in src.meta]
            found.append(_no_original(src, folder_type, sources))
        found = [p for p in found if _top_field(p.field) not in inherited]
        if record is None:
            problems += found
            continue
        first = seen.get((record.id, record.lang))
        other = primary_type.get(record.id)
        if first is not None or (other is not None and other.type != record.type):
            owner = first or other
            assert owner is not None
            # The id is what to fix first: of the rest, only what the file itself writes
            # (what it lacks depends on which record it was meant to be).
            problems += [p for p in found if _top_field(p.field) in src.meta]
            problems.append(
                Problem(src.path, src.line_of("id"), "id", f"'{record.id}' is already the id of {owner.src.path}:{owner.src.line_of('id')}")
            )
            continue
        problems += found
        seen[(record.id, record.lang)] = record
        primary_type.setdefault(record.id, record)
        record.paragraphs, record.citations = _body(src) if cache is None else cache.body(src)
        with phase("citations"):
            for c in record.citations:
                if c.kind == "article" and c.instrument and c.article:
                    why = check_ref(ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph), instruments)
                    if why:
                        problems.append(Problem(src.path, c.line, "citation", f"'{c.text}' cites a provision that does not exist: {why}"))
        records.append(record)
        translation[id(record)] = i in base_of
    kept: list[Record] = []
    if last_good is not None:
        records, kept = _prefer_last_good(last_good, records, problems)
        for r in kept:
            translation[id(r)] = last_good.by_id.get(r.id) is not r
    # The primary version (fullest metadata) comes first, so the catalogue picks it.
    records.sort(key=lambda r: (r.id, translation[id(r)], _lang_rank(r.lang)))
    primaries = [r for n, r in enumerate(records) if n == 0 or records[n - 1].id != r.id]
    _check_cross_references(primaries, problems)
    _check_aliases(primaries, problems)
    _check_id_scheme(primaries, problems)
    if cache is not None:
        cache.finish()
    return Catalogue(content_dir, records, instruments, sorted(set(problems)), kept={r.src.path for r in kept}, cache=cache)


def _prefer_last_good(last_good: Catalogue, records: list[Record], problems: list[Problem]) -> tuple[list[Record], list[Record]]:
    """(records, the kept ones among them): each record whose file has an error now is
    replaced by its last version that had none, if there is one, with a warning that says
    so (appended to `problems`). A new record with errors has no good version: it stays."""
    broken = {p.path for p in problems if p.severity == "error"}
    was_broken = {p.path for p in last_good.problems if p.severity == "error"} - last_good.kept
    good = {r.src.path: r for r in last_good.all_versions if r.src.path not in was_broken}
    out = [r for r in records if not (r.src.path in broken and r.src.path in good)]
    taken = {(r.id, r.lang) for r in out}
    kept = []
    for path, r in good.items():
        if path in broken and (r.id, r.lang) not in taken:
            kept.append(r)
            taken.add((r.id, r.lang))
            problems.append(
                Problem(path, 1, "", "the site shows the last good version of this record until the errors are fixed", "warning")
            )
    return out + kept, kept


def _lang_rank(lang: str | None) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)


def _top_field(name: str) -> str:
    return re.split(r"[.\[]", name, maxsplit=1)[0]


def _id_of(src: SourceFile) -> str | None:
    """The id a file gives, when it is text (anything else is the schema's to report)."""
    rid = src.meta.get("id")
    return rid if isinstance(rid, str) and rid else None


def _versions_of_same_id(sources: list[tuple[SourceFile, str | None]]) -> dict[int, int]:
    """For each file that shares its id with others: the index of the fullest of them,
    whose shared metadata it takes.

    Two files in one language with one id are both linked too (the second is reported as
    a duplicate id), so a duplicated translation is not also reported field by field."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (src, _) in enumerate(sources):
        rid = _id_of(src)
        if rid:
            groups[rid].append(i)
    base_of: dict[int, int] = {}
    for idxs in groups.values():
        if len(idxs) < 2:
            continue
        base = min(idxs, key=lambda i: (-len(sources[i][0].meta), _lang_rank(sources[i][0].lang)))
        for i in idxs:
            if i != base:
                base_of[i] = base
    return base_of


def _translation_only(src: SourceFile) -> bool:
    """Whether a file (the fullest version of its id) has only a translation's own fields,
    so the record's shared metadata is in no version at all."""
    return _id_of(src) is not None and all(k in LANGUAGE_FIELDS for k in src.meta)


def _no_original(src: SourceFile, folder_type: str | None, sources: list[tuple[SourceFile, str | None]]) -> Problem:
    """A translation whose original is missing: usually a mistyped id, so suggest the
    closest id of the same folder."""
    rid = _id_of(src)
    others = sorted({i for s, t in sources if t == folder_type and (i := _id_of(s)) and i != rid})
    return Problem(
        src.path,
        src.line_of("id"),
        "id",
        f"'{rid}' has only a translation's fields (id, title, summary, sources), and no version of this id has the record's "
        f"other fields; give it the id of the record it translates, or add those fields here{suggest(str(rid), others)}",
    )


def _compare_shared(src: SourceFile, base: SourceFile) -> list[Problem]:
    """Shared metadata a translation repeats must say what the fullest version says."""
    out = []
    for key, value in src.meta.items():
        if key in LANGUAGE_FIELDS or key not in base.meta or base.meta[key] == value:
            continue
        out.append(
            Problem(
                src.path,
                src.line_of(key),
                key,
                f"differs from the {base.lang or 'other'} version ({base.path}:{base.line_of(key)}); language versions of a record "
                "share its metadata: remove it here, or give the same value",
            )
        )
    return out


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


def alias_paths(record: Record) -> list[tuple[str, str]]:
    """(folder, former id) of each alias: a bare id stays in the record's own folder."""
    out = []
    for a in record.fields.get("aliases", []):
        folder, _, old = a.rpartition("/")
        out.append((folder or record.collection, old))
    return out


def _check_aliases(records: list[Record], problems: list[Problem]) -> None:
    """A former URL must lead to one record, and never hide a record that has it now."""
    current = {(r.collection, r.id): r for r in records}
    claimed: dict[tuple[str, str], Record] = {}
    for r in records:
        for folder, old in alias_paths(r):
            where = f"{folder}/{old}"
            owner = current.get((folder, old))
            if owner is not None:
                message = (
                    "is this record's own id; an alias names a former id"
                    if owner is r
                    else f"'{where}' is the id of {owner.src.path}; an alias must be a former id no record has now"
                )
                problems.append(Problem(r.src.path, r.src.line_of("aliases"), "aliases", message))
            elif (folder, old) in claimed:
                first = claimed[(folder, old)]
                problems.append(
                    Problem(
                        r.src.path, r.src.line_of("aliases"), "aliases", f"'{where}' is already an alias of {first.src.path} ({first.id})"
                    )
                )
            else:
                claimed[(folder, old)] = r


_SHORT_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def id_scheme(record: Record) -> tuple[str, bool, str] | None:
    """(prefix, whether the id is the prefix exactly, example) for the record's id, from its
    own metadata; None when the metadata it depends on is missing (that is reported on its
    own). Otherwise the prefix is followed by a short name. (Not one regular expression per
    record: thousands of patterns would each be compiled again, the `re` cache holding 512.)"""
    f = record.fields
    if record.type == "case":
        if not f.get("country") or not record.date:
            return None
        prefix = f"{f['country'].lower()}-{record.date[:4]}-"
    elif record.type == "legislation":
        if not f.get("country"):
            return None
        prefix = f"{f['country'].lower()}-"
    elif not f.get("body"):
        return None
    elif f.get("kind") in ("decision", "resolution") and f.get("number"):
        session, n = str(f["number"]).split("/")
        exact = f"{f['body']}-{f['kind']}-{session}-{n}"
        return exact, True, exact
    else:
        prefix = f"{f['body']}-"
    return prefix, False, f"{prefix}<short-name>"


def follows_scheme(rid: str, scheme: tuple[str, bool, str]) -> bool:
    prefix, exact, _ = scheme
    if exact:
        return rid == prefix
    return rid.startswith(prefix) and _SHORT_NAME.fullmatch(rid, len(prefix)) is not None


def _check_id_scheme(records: list[Record], problems: list[Problem]) -> None:
    """Ids follow one scheme (content/README.md), so a reader can tell from a URL what it
    names and an editor cannot give two records confusable ids."""
    for r in records:
        scheme = id_scheme(r)
        if scheme is None or follows_scheme(r.id, scheme):
            continue
        problems.append(
            Problem(
                r.src.path,
                r.src.line_of("id"),
                "id",
                f"'{r.id}' does not follow the id scheme: expected '{scheme[2]}' for this {r.type} "
                "(see content/README.md; a record already published keeps its old id as an alias)",
            )
        )
