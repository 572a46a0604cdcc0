"""Pages made in other processes, while the build does what only it can do.

Most of treatykb's share of a large build is making pages, one after another on one core
while the others idle: the generated pages' Markdown (`write_site_pages`), then each
record page's HTML (Markdown, sanitising, linking citations: `Ahead`). Each depends only
on the catalogue and its own inputs, so forked workers can make them: they inherit the
catalogue as loaded (nothing is sent but a share of the work, nothing comes back but
pages), and run the same functions on the same inputs as the build would itself.
Record pages are handed out in the order the generator will ask for them, a bounded
number ahead, so finished pages never pile up in memory.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import Catalogue
from .incremental import PageFolder, can_fork
from .pages import GeneratedPage, Part, iter_site_pages, part_pages, site_parts
from .prerender import Prerendered, prerender
from .render import split_front_matter
from .timing import Clock, timer

MIN_PAGES = 100
"""Below this many pages, starting workers costs more than it saves."""
WINDOW = 8
"""Pages handed out ahead of the one being written, per worker."""

_state: tuple[Catalogue, dict[str, Any]] | None = None
"""The catalogue and table-of-contents options, set before the workers are forked."""


@dataclass(frozen=True)
class Job:
    uri: str
    path: str
    """The page's file (its front matter and Markdown)."""
    meta: Mapping[str, Any]
    """Its front matter as the generator read it."""


def workers_for(pages: int, asked: int | None, platform: str = sys.platform) -> int:
    """How many worker processes to start: `asked` if given (0: none), else one per core
    when the machine has more than one and there are enough pages. Workers are forked:
    none where processes cannot fork, and by default only on Linux (on macOS a forked
    process may inherit system libraries that do not survive the fork)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    if asked is not None:
        return max(0, asked)
    if not can_fork(platform):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores if cores > 1 and pages >= MIN_PAGES else 0


def _make(path: str, meta: Mapping[str, Any]) -> tuple[Prerendered | None, dict[str, Clock]]:
    """In a worker: one page, and the time its phases took."""
    assert _state is not None, "workers are forked after the state is set"
    catalogue, toc = _state
    timer.reset()
    markdown = split_front_matter(Path(path).read_text(encoding="utf-8"))[1]
    return prerender(markdown, meta, catalogue, toc), dict(timer.totals)


def _fork(catalogue: Catalogue, toc: Mapping[str, Any], workers: int) -> ProcessPoolExecutor:
    global _state
    _state = (catalogue, dict(toc))
    # Objects that exist now are left alone by the collector from here on, in this
    # process and in the forked ones: a collection would otherwise write to each of
    # them and make every worker a private copy of the whole catalogue.
    gc.freeze()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


ENDED = "workers (CPU, counted as they end)"
"""The phase in which the workers' processes end: their CPU time is counted for this
process then (the "in workers: …" phases break it down), so the phases' CPU adds up."""


def _done(pool: ProcessPoolExecutor) -> None:
    global _state
    with timer.phase(ENDED):
        pool.shutdown(wait=True, cancel_futures=True)
    gc.unfreeze()
    _state = None


def _write_part(part: Part, root: str, site_url: str, site_name: str) -> tuple[list[GeneratedPage], dict[str, Clock]]:
    """In a worker: one share of the generated pages, written to the folder."""
    assert _state is not None, "workers are forked after the state is set"
    timer.reset()
    folder = PageFolder(Path(root))
    with timer.phase("generated pages"):
        pages = [folder.add(page) for page in part_pages(part, _state[0], site_url, site_name)]
    return pages, dict(timer.totals)


def _ready() -> None:
    """In a worker: nothing; submitted once so the workers are forked at once."""


class Workers:
    """Worker processes for one build, forked once, early (when the catalogue is loaded and
    before the generator builds its own structures): a fork copies nothing at first, but
    every page of memory a worker writes to becomes its own, and CPython writes all over
    its heap as it allocates. Forked from a small process, the workers stay small."""

    def __init__(self, catalogue: Catalogue, toc: Mapping[str, Any], workers: int) -> None:
        self.catalogue, self.workers = catalogue, workers
        self.pool: ProcessPoolExecutor | None = _fork(catalogue, toc, workers)
        self.pool.submit(_ready).result()

    def write_site_pages(self, folder: PageFolder, site_url: str, site_name: str) -> list[GeneratedPage]:
        """`iter_site_pages` into the folder, shared among the workers; the pages in the
        same order, without their text. If a worker dies, the pages are made here instead."""
        parts = site_parts(self.catalogue)
        n = len(parts)
        try:
            if self.pool is None:
                raise BrokenProcessPool
            out: list[GeneratedPage] = []
            with timer.phase("waiting for workers"):
                results = list(self.pool.map(_write_part, parts, [str(folder.root)] * n, [site_url] * n, [site_name] * n))
            for pages, phases in results:
                out += pages
                timer.add_elsewhere(phases)
            return out
        except BrokenProcessPool:
            self.close()
            return [folder.add(page) for page in iter_site_pages(self.catalogue, site_url=site_url, site_name=site_name)]

    def ahead(self, jobs: list[Job]) -> Ahead | None:
        """The record pages of `jobs`, made ahead of the caller; None if the workers are gone."""
        return Ahead(self, jobs) if self.pool is not None else None

    def close(self) -> None:
        if self.pool is not None:
            _done(self.pool)
            self.pool = None


class Ahead:
    """Record pages made by workers in the order given; `take` waits for one."""

    def __init__(self, workers: Workers, jobs: list[Job]) -> None:
        self.workers = workers
        self.jobs = jobs
        self.index = {job.uri: i for i, job in enumerate(jobs)}
        self.window = WINDOW * workers.workers
        self.futures: dict[str, Future[tuple[Prerendered | None, dict[str, Clock]]]] = {}
        self.next = 0
        self._fill(self.window)

    @property
    def pool(self) -> ProcessPoolExecutor | None:
        return self.workers.pool

    def _fill(self, upto: int) -> None:
        assert self.pool is not None
        while self.next < min(upto, len(self.jobs)):
            job = self.jobs[self.next]
            self.futures[job.uri] = self.pool.submit(_make, job.path, job.meta)
            self.next += 1

    def take(self, uri: str) -> Prerendered | None:
        """The page made by a worker; None if it was not handed out (the caller makes it)
        or the workers are gone (the caller makes this one and every later one)."""
        i = self.index.get(uri)
        if i is None or self.pool is None:
            return None
        try:
            self._fill(i + 1 + self.window)
            future = self.futures.pop(uri, None)
            if future is None:
                return None
            with timer.phase("waiting for workers"):
                done, phases = future.result()
        except BrokenProcessPool:  # a worker died (out of memory, killed): carry on without
            self.workers.close()
            self.futures.clear()
            return None
        timer.add_elsewhere(phases)
        return done

    def close(self) -> None:
        self.workers.close()
        self.futures.clear()
