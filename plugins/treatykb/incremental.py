"""The generated pages of a rebuild while `mkdocs serve` runs, made from the last build's:
only the pages that depend on the records an edit changed are made again.

`catalogue.load(cache=...)` gives an unchanged file the same `Record` object as before,
so the records an edit changed are those whose versions are not the same objects. From
them:
- their own pages and side-by-side views;
- the pages of the records they cite by decision number or symbol (whose "cited by"
  lists them), in the last catalogue and the new one;
- the browse page each is listed on and the first of its type (the counts), or all of a
  type's pages when its order changed; the article pages of the articles they cite, the
  pages of their countries; and the pages that count or list every record, which are
  few and quick (home, countries, instruments, search, open data).
The pages of records that cite a changed one are not made again (their Markdown does not
name it) but must be rendered again: their links carry its title (`renew`).
All but its own pages show of a record only its metadata, where it cites what (with the
sentence) and a decision's paragraphs with their first words (`_listing`): an edit of its
text that leaves those as they were (the usual fix of a typo) makes its own pages again
and no other.
A new title alone changes no count: the article pages cited are made again only where
they list the record (they list the newest fifty of thousands), and the pages that only
count records are left.
Anything that changes every page (the instruments, the site's address) makes all pages
again. `tests/test_incremental.py` checks, edit after edit, that the pages are those a
full build makes.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import sys
import threading
import traceback
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import Catalogue, cited_as, places_of
from .pages import GeneratedPage, site_pages
from .pages.articles import article_markdown, instrument_markdown, instruments_index_markdown
from .pages.browse import PAGE_SIZE, browse_pages, excerpts, ordered
from .pages.countries import by_country, countries_index_markdown, country_markdown
from .pages.home import home_markdown, open_data_markdown
from .pages.record import cited_articles, parallel_markdown, parallel_src_uri, record_markdown, record_src_uri
from .pages.search import search_markdown
from .records import LANGUAGES
from .schema import TYPES, Record
from .timing import phase

FULL_SHARE = 0.2
"""When more than this share of the records changed (a `git checkout`), every page is
made again: quicker than finding what depends on what."""


@dataclass
class Pages:
    pages: dict[str, str]
    """src_uri -> Markdown: every generated page of the build."""
    renew: set[str] = field(default_factory=set)
    """Pages to render again though their Markdown is unchanged."""
    made: int = 0
    """Pages made this time (all of them on a first or full build)."""


@dataclass
class _Last:
    catalogue: Catalogue
    key: tuple[object, ...]
    pages: dict[str, str]
    orders: dict[str, list[str]]


class PageCache:
    """The pages of the last build, and what they were made from."""

    def __init__(self) -> None:
        self._last: _Last | None = None

    def pages(self, catalogue: Catalogue, site_url: str = "", site_name: str = "treatykb") -> Pages:
        key = (site_url, site_name, catalogue.instruments)
        last = self._last
        changed = _changed(last.catalogue, catalogue) if last is not None and last.key == key else None
        if last is None or changed is None or len(changed) > FULL_SHARE * max(1, len(catalogue.versions)):
            with phase("generated pages"):
                made = {p.src_uri: p.content for p in site_pages(catalogue, site_url=site_url, site_name=site_name)}
            out = Pages(made, made=len(made))
        else:
            with phase("generated pages"):
                out = _update(last, catalogue, changed, site_url, site_name)
        self._last = _Last(catalogue, key, out.pages, {t: [r.id for r in ordered(t, catalogue)] for t in TYPES})
        return out


def _changed(old: Catalogue, new: Catalogue) -> set[str] | None:
    """Ids whose versions are not the very same records as before."""
    out = set()
    for rid in old.versions.keys() | new.versions.keys():
        a, b = old.versions.get(rid, {}), new.versions.get(rid, {})
        if a.keys() != b.keys() or any(a[lang] is not b[lang] for lang in a):
            out.add(rid)
    return out


def _listing(catalogue: Catalogue, rid: str, title: bool = True) -> list[tuple[object, ...]]:
    """What pages other than its own show of a record: its versions' metadata, their
    places (not their lines: a line added above moves them without changing a page) and
    the first words of their paragraphs; without `title`, all that but the titles."""
    return [
        (
            lang,
            v.fields if title else {k: x for k, x in v.fields.items() if k != "title"},
            [(kind, key, p.ref, p.target, p.anchor, p.label, p.snippet, p.explicit) for kind, key, p in places_of(v)],
            # Browse pages list a decision's paragraphs.
            ([(p.anchor, p.label) for p in v.paragraphs], excerpts(v.src.body, tuple(v.paragraphs))) if v.type == "decision" else None,
        )
        for lang, v in catalogue.versions.get(rid, {}).items()
    ]


def _versions(catalogues: Iterable[Catalogue], ids: Iterable[str]) -> list[Record]:
    return [v for c in catalogues for rid in ids for v in c.versions.get(rid, {}).values()]


def _cited(catalogues: tuple[Catalogue, ...], records: list[Record]) -> set[str]:
    """Ids of the records that these records cite by decision number or symbol."""
    keys = {(kind, key) for r in records for kind, key, _ in places_of(r) if kind != "article"}
    return {r.id for c in catalogues for r in c.all_versions if keys.intersection(cited_as(r))} if keys else set()


def _update(last: _Last, new: Catalogue, changed: set[str], site_url: str, site_name: str) -> Pages:
    old = last.catalogue
    both = (old, new)
    # Only a change others show reaches the pages that list, count or cite a record; a
    # change of title alone, only those that list it (not those that count).
    listed = {rid for rid in changed if _listing(old, rid) != _listing(new, rid)}
    retitled = {rid for rid in listed if _listing(old, rid, title=False) == _listing(new, rid, title=False)}
    touched = _versions(both, listed)
    # Records whose "cited by" lists a changed one; records whose links may lead to one:
    # those citing it, and those whose "cited by" quotes them doing so.
    cited = _cited(both, touched)
    citing = {p.record.id for c in both for r in touched for p in c.cited_by(r)}
    citing |= _cited(both, _versions(both, citing))
    pages = dict(last.pages)
    made: dict[str, str] = {}
    for v in _versions([old], changed | cited):
        pages.pop(record_src_uri(v), None)
        pages.pop(parallel_src_uri(v), None)
    for v in _versions([new], changed | cited):
        made[record_src_uri(v)] = record_markdown(v, new, site_url, site_name)
        if len(new.versions[v.id]) > 1:
            made[parallel_src_uri(v)] = parallel_markdown(v, new)
    # Browse pages: where the changed records are listed, and the first (its counts).
    for rtype in {r.type for r in touched}:
        order = [r.id for r in ordered(rtype, new)]
        only = None if order != last.orders.get(rtype) else {1} | {i // PAGE_SIZE + 1 for i, rid in enumerate(order) if rid in changed}
        if only is None:  # the order changed: every page of the type, and none of the old ones left over
            for uri in [u for u in pages if any(u.startswith(f"{lang}/{TYPES[rtype]}/") for lang in LANGUAGES) and "/page/" in u]:
                del pages[uri]
        for lang in LANGUAGES:
            made.update(browse_pages(rtype, new, lang, only))
    articles = {(ref.instrument, ref.article) for r in touched if r.id not in retitled for ref in cited_articles(r)}
    # A record retitled only is on an article page if it is among the newest listed there
    # (in the same place before and after): then the page links to it.
    links: dict[tuple[str, int], set[str]] = {}
    for r in touched:
        if r.id in retitled:
            for ref in cited_articles(r):
                links.setdefault((ref.instrument, ref.article), set()).update(f"{v.collection}/{v.id}/" for v in _versions(both, [r.id]))
    countries = {r.country for r in touched if r.country}
    now = by_country(new) if touched else {}
    for lang in LANGUAGES if touched else ():
        made[f"{lang}/index.md"] = home_markdown(new, lang)
        if listed - retitled:
            made[f"{lang}/open-data.md"] = open_data_markdown(new, lang)
            made[f"{lang}/articles/index.md"] = instruments_index_markdown(new, lang)
            made[f"{lang}/search/index.md"] = search_markdown(new, lang)
            made[f"{lang}/countries/index.md"] = countries_index_markdown(now, lang)
            for inst in new.instruments.values():
                made[f"{lang}/articles/{inst.id}/index.md"] = instrument_markdown(inst, new, lang)
        for inst_id, n in articles | links.keys():
            uri = f"{lang}/articles/{inst_id}/{n}.md"
            if (inst_id, n) not in articles and uri in pages and not any(link in pages[uri] for link in links[(inst_id, n)]):
                continue
            if inst_id in new.instruments and n in new.instruments[inst_id].articles:
                made[uri] = article_markdown(new.instruments[inst_id], n, new, lang)
        for code in countries:
            uri = f"{lang}/countries/{code.lower()}.md"
            if code in now:
                made[uri] = country_markdown(code, now[code], new, lang)
            else:
                pages.pop(uri, None)
    pages.update(made)
    renew = {uri for v in _versions([new], citing - changed - cited) for uri in (record_src_uri(v), parallel_src_uri(v)) if uri in pages}
    return Pages(pages, renew, len(made))


def record_pages(catalogues: Iterable[Catalogue], paths: set[str]) -> set[str]:
    """The pages (and side-by-side views) of the record versions read from these files."""
    return {uri for c in catalogues for v in c.all_versions if v.src.path in paths for uri in (record_src_uri(v), parallel_src_uri(v))}


class PageFolder:
    """Generated pages as files, for a generator that renders again only the files newer
    than what it built from them (`mkdocs serve --dirty`): a page's file is written only
    when its text changed, or when it must be rendered again anyway (`renew`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._texts: dict[str, str] = {}

    def path(self, uri: str) -> Path:
        return self.root / uri

    def add(self, page: GeneratedPage) -> GeneratedPage:
        """Write one page; it is returned without its text, which is now in the folder."""
        path = self.path(page.src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
        return GeneratedPage(page.src_uri, "")

    def write(self, pages: dict[str, str], renew: set[str]) -> tuple[list[str], list[str]]:
        """(pages written, pages gone since the last call)."""
        written = []
        for uri, text in pages.items():
            if self._texts.get(uri) != text or uri in renew:
                path = self.path(uri)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written.append(uri)
        gone = [uri for uri in self._texts if uri not in pages]
        for uri in gone:
            self.path(uri).unlink(missing_ok=True)
        self._texts = dict(pages)
        return written, gone

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


Lines = list[tuple[str, str]]
"""What a job has to say: (level, message), logged by the process that serves."""


class Background:
    """Work that may finish after the build, one job at a time: while serving, the open
    data, feeds and search index of a site of 20,000 records take longer than an editor
    should wait to see an edit. A job submitted while one runs replaces any still waiting.

    Where processes fork (Linux), each job runs in a forked child at low priority: in a
    thread it would hold the interpreter's lock for half of the next rebuild (two minutes
    of data export at 20,000 records), and the indexer would take the cores the rebuild
    needs. The child inherits the catalogue as it is, writes the site's files, sends back
    what to log through a pipe and touches neither logging nor the terminal, whose locks
    another thread of the server may have held when it was forked."""

    NICE = 10

    def __init__(self, fork: bool | None = None) -> None:
        self._lock = threading.Lock()
        self._next: tuple[Callable[[], Lines], Callable[[Lines], None]] | None = None
        self._thread: threading.Thread | None = None
        self.fork = can_fork() if fork is None else fork

    def submit(self, job: Callable[[], Lines], report: Callable[[Lines], None]) -> None:
        with self._lock:
            self._next = (job, report)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="treatykb-background", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                todo, self._next = self._next, None
                if todo is None:
                    self._thread = None
                    return
            job, report = todo
            try:
                report(_in_child(job) if self.fork else job())
            except Exception:  # the next job must still run
                logging.getLogger(__name__).exception("treatykb: background work failed")

    def wait(self, seconds: float = 600.0) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(seconds)


class IdleCollector:
    """Python's full garbage collection, moved out of the rebuilds while serving.

    Each rebuild leaves the last one's pages and files as garbage in reference cycles, so
    about every other rebuild the collector walks every object the server holds: at
    20,000 records, four to five seconds in the middle of a rebuild an editor waits for.
    Here it is off from the start of a rebuild (`pause`) and runs once the server has been
    idle for `DELAY` seconds after one (`resume_later`); a rebuild that starts meanwhile
    waits for it at most. The `MAX_SKIPPED`th rebuild in a row without such a pause runs it
    at its end, so that edits saved without a break cannot make memory grow."""

    DELAY = 2.0
    MAX_SKIPPED = 5

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._skipped = 0

    def pause(self) -> None:
        with self._lock:
            self._cancel()
            gc.disable()

    def resume_later(self) -> None:
        with self._lock:
            self._skipped += 1
            if self._skipped >= self.MAX_SKIPPED:
                self._collect()
                return
            self._timer = threading.Timer(self.DELAY, self._idle)
            self._timer.daemon = True
            self._timer.start()

    def close(self) -> None:
        with self._lock:
            self._cancel()
            gc.enable()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _idle(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():  # a rebuild started, or a later timer runs
                return
            self._timer = None
            self._collect()

    def _collect(self) -> None:
        gc.collect()  # (runs while automatic collection is off)
        gc.enable()
        self._skipped = 0


def can_fork(platform: str = sys.platform) -> bool:
    """Whether to fork unasked (the background here, the workers of parallel.py): only on
    Linux, since on macOS a forked process may inherit system libraries that do not survive it."""
    return hasattr(os, "fork") and platform.startswith("linux")


def _in_child(job: Callable[[], Lines]) -> Lines:
    read, write = os.pipe()
    try:
        with warnings.catch_warnings():  # Python 3.12 warns of forking a process with threads: see `Background`
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:  # no memory or processes to spare: the work is still done, here
        os.close(read)
        os.close(write)
        return job()
    if pid == 0:  # pragma: no cover (the child leaves by os._exit; its lines are what the tests check)
        code = 0
        try:
            os.close(read)
            # Ctrl-C in the terminal stops the server and this with it, without a traceback.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            gc.freeze()  # the inherited objects stay shared with the server, not copied by collections
            gc.enable()  # (off if the server forked this during a rebuild: see `IdleCollector`)
            os.nice(Background.NICE)
            try:
                lines = job()
            except BaseException:
                lines, code = [("error", "treatykb: background work failed:\n" + traceback.format_exc())], 1
            with os.fdopen(write, "wb") as out:
                out.write(json.dumps(lines).encode("utf-8"))
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    lines = [(str(level), str(msg)) for level, msg in json.loads(data)] if data else []
    if code in (-signal.SIGINT, -signal.SIGTERM):
        lines.append(("info", "treatykb: background work stopped (the server is stopping)"))
    elif not data or code < 0:
        lines.append(("error", f"treatykb: background work ended without finishing (status {code})"))
    return lines
