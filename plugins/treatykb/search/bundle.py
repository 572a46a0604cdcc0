"""The online index: one bundle per language, built from the built site, read by
`search.js` a few small files at a time.

A query should cost the reader what it needs and little more, on a slow connection and
with 10,000 pages in a language. So a bundle is cut up by what a query asks for:

- `entry.tkb`: the bundle's size, its stemmer, the first term of each chunk and the
  values of each facet. Fetched first, without the browser's cache (it names the rest).
- `<version>/c<i>.tkb`: the terms, in order, cut into chunks of about `CHUNK_BYTES`; each
  term with the pages it occurs on and a one-byte weight per page (BM25's share of the
  term in that page, title words counting more). A query fetches the chunk of each of its
  terms; a term's pages are stored as gaps, so a common word costs about two bytes a page.
- `<version>/facets.tkb`: for each facet, each page's values: what filtering and the
  counts beside the results need, for every page at once.
- `<version>/dates.tkb`: each page's date, for "newest first" and listings by filter only.
- `<version>/d/<n>.tkb`: page n's address, title, fields and text, from which its result
  is shown (the quoted passage is chosen in the browser, around the words found).

Every file is gzip-compressed here (the browser inflates it), since static hosts do not
compress files of a type they do not know. `<version>` is a hash of the bundle: a reader
still holding an older entry gets "not found", and `search.js` reads the entry again.
The rules that cut text into terms are in `text.py`, shared with `search.js`.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..records import LANGUAGES
from .extract import HEADING, TEXT, TITLE, Page, extract
from .fields import FACETS
from .text import Stemmer, terms

FOLDER = "search-index"
"""Folder of the bundles in the built site."""
FORMAT = 1
CHUNK_BYTES = 12_000
"""Target size of a chunk of terms before compression: a query fetches one per term."""
WEIGHTS = {TITLE: 5, HEADING: 2, TEXT: 1}
"""How much a word counts in the title and the headings, against the text."""
K1, B = 1.2, 0.75
"""BM25's saturation and length normalisation."""
QUOTED = 20_000
"""Characters of a page's text kept for its result's quoted passage."""
_EPOCH = datetime.date(1900, 1, 1)


class SearchIndexError(Exception):
    """The site could not be indexed; the message says why."""


@dataclass(frozen=True)
class IndexStats:
    languages: tuple[str, ...]
    pages: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class BundleStats:
    lang: str
    pages: int
    terms: int
    chunks: int
    bytes: int


def varint(n: int, out: bytearray) -> None:
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def utf16_key(term: str) -> bytes:
    """Terms in the order JavaScript compares strings (UTF-16 code units), so that the
    browser's binary search over chunk boundaries agrees with this sort."""
    return term.encode("utf-16-be")


def day_number(date: str) -> int:
    """A page's date as days since 1900 (plus one; 0 for none), from `YYYY[-MM[-DD]]`."""
    parts = [int(p) for p in date.split("-") if p.isdecimal()]
    if not parts or not parts[0]:
        return 0
    try:
        month, day_of_month = [*parts[1:3], 1, 1][:2]
        day = datetime.date(parts[0], month, day_of_month)
    except ValueError:
        return 0
    return max(0, (day - _EPOCH).days + 1)


def _pack(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class Builder:
    """Pages in, files out: add every page of a language in address order, then `files`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.stem = Stemmer(lang)
        self.docs: array[int] = array("I")
        self.postings: dict[str, tuple[array[int], array[int]]] = {}
        self.lengths: array[int] = array("I")
        self.facets: list[list[list[str]]] = []
        self.dates: list[int] = []
        self.fragments: list[bytes] = []

    def add(self, page: Page) -> None:
        doc = len(self.lengths)
        counts: Counter[str] = Counter()
        for part, text in enumerate(page.parts):
            weight = WEIGHTS[part]
            for term, n in Counter(terms(text, self.stem)).items():
                counts[term] += n * weight
        for term, tf in counts.items():
            lists = self.postings.get(term)
            if lists is None:
                lists = self.postings[term] = (array("I"), array("I"))
            lists[0].append(doc)
            lists[1].append(tf)
        self.lengths.append(sum(counts.values()))
        self.facets.append([page.filters.get(f, []) for f in FACETS])
        self.dates.append(day_number(page.sort.get("date", "")))
        fragment = {"u": page.url, "t": page.title, "m": page.meta, "x": page.text[:QUOTED]}
        self.fragments.append(_pack(_json(fragment)))

    def files(self) -> tuple[dict[str, bytes], dict[str, object]]:
        """The bundle's files under its version folder (by name), and its entry."""
        n = len(self.lengths)
        total = sum(self.lengths)
        avg = total / n if total else 1.0  # (no words at all: nothing is weighed)
        norm = [K1 * (1 - B + B * length / avg) for length in self.lengths]
        files: dict[str, bytes] = {}
        firsts: list[str] = []
        chunk = bytearray()
        for term in sorted(self.postings, key=utf16_key):
            docs, tfs = self.postings[term]
            body = bytearray()
            prev = 0
            for doc, tf in zip(docs, tfs, strict=True):
                varint(doc - prev, body)
                prev = doc
                body.append(max(1, min(255, round(255 * tf / (tf + norm[doc])))))
            head = bytearray()
            word = term.encode("utf-8")
            varint(len(word), head)
            head += word
            varint(len(docs), head)
            varint(len(body), head)
            if chunk and len(chunk) + len(head) + len(body) > CHUNK_BYTES:
                files[f"c{len(firsts) - 1}.tkb"] = _pack(bytes(chunk))
                chunk = bytearray()
            if not chunk:
                firsts.append(term)
            chunk += head + body
        if chunk:
            files[f"c{len(firsts) - 1}.tkb"] = _pack(bytes(chunk))
        values: list[list[str]] = []
        table = bytearray()
        for i, _ in enumerate(FACETS):
            seen = sorted({v for row in self.facets for v in row[i]})
            ids = {v: k for k, v in enumerate(seen)}
            values.append(seen)
            for row in self.facets:
                own = sorted(ids[v] for v in row[i])
                varint(len(own), table)
                prev = 0
                for k in own:
                    varint(k - prev, table)
                    prev = k
        files["facets.tkb"] = _pack(bytes(table))
        dates = bytearray()
        for day in self.dates:
            varint(day, dates)
        files["dates.tkb"] = _pack(bytes(dates))
        for doc, fragment in enumerate(self.fragments):
            files[f"d/{doc}.tkb"] = fragment
        digest = hashlib.sha256()
        for name in sorted(files):
            digest.update(name.encode() + b"\0" + files[name])
        entry: dict[str, object] = {
            "format": FORMAT,
            "lang": self.lang,
            "stem": self.stem.kind,
            "docs": n,
            "version": digest.hexdigest()[:12],
            "chunks": firsts,
            "facets": {f: values[i] for i, f in enumerate(FACETS)},
        }
        return files, entry


def pages_of(site: Path, lang: str) -> Iterable[Page]:
    """The indexed pages of a language folder, in address order."""
    folder = site / lang
    paths = sorted(p.relative_to(site).as_posix() for p in folder.rglob("*.html"))
    for rel in paths:
        try:
            html = (site / rel).read_text(encoding="utf-8", errors="replace")
        except OSError as e:
            raise SearchIndexError(f"{site / rel}: cannot be read ({e.strerror or e})") from e
        page = extract(html, rel)
        if page is not None:
            yield page


def build_bundle(site: Path, lang: str) -> BundleStats:
    """Index one language folder of a built site into `search-index/<lang>/`: written
    beside it and swapped in whole, so a failure leaves the last bundle as it was."""
    builder = Builder(lang)
    for page in pages_of(site, lang):
        builder.add(page)
    files, entry = builder.files()
    root = site / FOLDER
    tmp = root / f".{lang}.tmp"
    _remove(tmp)
    size = 0
    try:
        version = tmp / str(entry["version"])
        (version / "d").mkdir(parents=True)
        for name, data in files.items():
            (version / name).write_bytes(data)
            size += len(data)
        packed = _pack(_json(entry))
        (tmp / "entry.tkb").write_bytes(packed)
        size += len(packed)
    except OSError as e:
        _remove(tmp)
        raise SearchIndexError(f"{tmp}: cannot be written ({e.strerror or e})") from e
    target = root / lang
    old = root / f".{lang}.old"
    _remove(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    _remove(old)
    chunks = entry["chunks"]
    return BundleStats(lang, len(builder.lengths), len(builder.postings), len(chunks) if isinstance(chunks, list) else 0, size)


def index_site(site_dir: Path, languages: tuple[str, ...] = LANGUAGES, jobs: int | None = None) -> IndexStats:
    """Index every language folder of a built site, each in a process of its own (as many
    at once as there are cores), the largest first. The bundle of a language the site no
    longer has is removed. Any failure is a `SearchIndexError` naming the language, once
    every process has ended (a bundle that was built is kept)."""
    start = time.perf_counter()
    todo = sorted((lang for lang in languages if (site_dir / lang).is_dir()), key=lambda lang: -_size(site_dir / lang))
    for lang in languages:
        if lang not in todo:
            _remove(site_dir / FOLDER / lang)
    limit = max(1, jobs or os.cpu_count() or 1)
    running: list[tuple[str, subprocess.Popen[str]]] = []
    done: list[BundleStats] = []
    failed: list[str] = []

    def finish(lang: str, proc: subprocess.Popen[str]) -> None:
        out, err = proc.communicate()
        if proc.returncode != 0:
            failed.append(f"{lang} (exit {proc.returncode}): {err.strip()[-2000:]}")
            return
        try:
            done.append(BundleStats(**json.loads(out.strip().splitlines()[-1])))
        except (ValueError, IndexError, TypeError):
            failed.append(f"{lang}: the indexer's report is not what was expected: {out.strip()[-200:]!r}")

    try:
        for lang in todo:
            while len(running) >= limit:
                finish(*running.pop(0))
            cmd = [sys.executable, "-m", "treatykb.search.bundle", str(site_dir), lang]
            try:
                proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as e:
                failed.append(f"{lang}: the indexer could not be started ({e})")
                break
            running.append((lang, proc))
    finally:
        for lang, proc in running:
            finish(lang, proc)
    if failed:
        raise SearchIndexError("indexing failed for " + "; ".join(failed))
    order = {lang: i for i, lang in enumerate(languages)}
    langs = tuple(sorted((s.lang for s in done), key=order.__getitem__))
    return IndexStats(langs, sum(s.pages for s in done), sum(s.bytes for s in done), time.perf_counter() - start)


def _size(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("index.html"))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)


def main(argv: list[str] | None = None) -> int:
    """`python -m treatykb.search.bundle SITE LANG`: one language's bundle; prints its
    figures as JSON on the last line."""
    parser = argparse.ArgumentParser(description="index one language folder of a built site")
    parser.add_argument("site", type=Path)
    parser.add_argument("lang")
    args = parser.parse_args(argv)
    try:
        stats = build_bundle(args.site, args.lang)
    except SearchIndexError as e:
        print(e, file=sys.stderr)
        return 1
    print(json.dumps(stats.__dict__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
