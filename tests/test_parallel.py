"""Record pages made by worker processes (parallel.py) are the pages the build makes by
itself, to the byte; and a build whose workers die still writes every page."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build, project_copy
from treatykb import catalogue as cat
from treatykb import parallel
from treatykb.parallel import MIN_PAGES, Job, Workers, workers_for
from treatykb.prerender import prerender
from treatykb.render import split_front_matter
from treatykb.timing import WORKERS


def _with_workers(project: Path, workers: int) -> None:
    path = project / "mkdocs.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, plugin in enumerate(config["plugins"]):
        if plugin == "treatykb" or (isinstance(plugin, dict) and "treatykb" in plugin):
            options = plugin["treatykb"] if isinstance(plugin, dict) else {}
            config["plugins"][i] = {"treatykb": {**(options or {}), "workers": workers, "search": False}}
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_pages_made_by_workers_are_the_pages_made_in_the_build(tmp_path: Path) -> None:
    sites, phases = {}, {}
    for workers in (0, 2):
        (tmp_path / f"w{workers}").mkdir()
        project = project_copy(tmp_path / f"w{workers}")
        _with_workers(project, workers)
        timings = tmp_path / f"timings-{workers}.json"
        result = mkdocs_build(project, tmp_path / f"site-{workers}", "--strict", env={"TREATYKB_TIMINGS": str(timings)})
        assert result.returncode == 0, result.stderr
        sites[workers] = _files(tmp_path / f"site-{workers}")
        phases[workers] = json.loads(timings.read_text(encoding="utf-8"))["phases"]
    # The workers made the record pages (their phases are reported apart), the build none.
    assert f"{WORKERS}record pages (Markdown, sanitising)" in phases[2]
    assert "record pages (Markdown, sanitising)" not in phases[2]
    assert not any(name.startswith(WORKERS) for name in phases[0])
    assert "record pages (Markdown, sanitising)" in phases[0]
    assert sites[2].keys() == sites[0].keys()
    different = [name for name in sites[0] if sites[0][name] != sites[2][name]]
    assert different == []
    assert sum(name.endswith("index.html") for name in sites[0]) > 100


@pytest.mark.parametrize(
    ("pages", "asked", "cores", "expected"),
    [
        (5000, None, 2, 2),
        (5000, None, 1, 0),  # one core: nothing to gain
        (MIN_PAGES - 1, None, 4, 0),  # too few pages to pay for the start
        (MIN_PAGES, None, 4, 4),
        (10, 3, 1, 3),  # asked for: given
        (5000, 0, 8, 0),
        (5000, -1, 8, 0),
    ],
)
def test_how_many_workers(pages: int, asked: int | None, cores: int, expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert workers_for(pages, asked, platform="linux") == expected


def test_workers_only_where_asked_off_linux_and_never_without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert workers_for(5000, None, platform="darwin") == 0
    assert workers_for(5000, 2, platform="darwin") == 2
    monkeypatch.setattr(parallel.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers_for(5000, 2, platform="linux") == 0
    assert workers_for(5000, None, platform="linux") == 0


def _record_jobs(tmp_path: Path) -> tuple[cat.Catalogue, list[Job], dict[str, str]]:
    """Each bundled record's generated page as a file, with what the build would make of it."""
    from treatykb.pages import iter_site_pages

    catalogue = cat.load(Path(__file__).resolve().parent.parent / "content")
    jobs, expected = [], {}
    for page in iter_site_pages(catalogue, site_url="https://example.org/", site_name="t"):
        meta, body = split_front_matter(page.content)
        if "tkb_id" not in meta:
            continue
        path = tmp_path / page.src_uri.replace("/", "_")
        path.write_text(page.content, encoding="utf-8")
        jobs.append(Job(page.src_uri, str(path), meta))
        done = prerender(body, meta, catalogue, {"permalink": True})
        assert done is not None
        expected[page.src_uri] = done.html
        if len(jobs) == 12:
            break
    return catalogue, jobs, expected


def test_workers_give_pages_in_any_order_asked(tmp_path: Path) -> None:
    catalogue, jobs, expected = _record_jobs(tmp_path)
    assert len(jobs) > parallel.WINDOW  # with one worker, some are handed out only as the first are taken
    ahead = Workers(catalogue, {"permalink": True}, 1).ahead(jobs)
    assert ahead is not None
    try:
        order = [jobs[5].uri, jobs[0].uri, jobs[-1].uri, *[j.uri for j in jobs]]
        got = {}
        for uri in order:
            done = ahead.take(uri)
            if uri not in got:  # each page is handed out once; asked again, the caller makes it
                assert done is not None, uri
                got[uri] = done.html
            else:
                assert done is None
        assert got == expected
        assert ahead.take("en/nowhere/index.md") is None
    finally:
        ahead.close()
    assert parallel._state is None


def test_when_the_workers_die_the_caller_is_told_to_make_the_pages(tmp_path: Path) -> None:
    catalogue, jobs, expected = _record_jobs(tmp_path)
    assert len(jobs) > parallel.WINDOW + 1
    ahead = Workers(catalogue, {"permalink": True}, 1).ahead(jobs)
    assert ahead is not None
    try:
        first = ahead.take(jobs[0].uri)
        assert first is not None and first.html == expected[jobs[0].uri]
        assert ahead.pool is not None
        for pid in list(ahead.pool._processes):  # as the kernel would on running out of memory
            os.kill(pid, signal.SIGKILL)
        got = [ahead.take(job.uri) for job in jobs[1:]]
        # Pages finished before the kill are good; the first one lost ends the workers, and
        # the caller makes it and every later one. The last was never handed out before.
        lost = next(i for i, done in enumerate(got) if done is None)
        assert [done.html for done in got[:lost] if done is not None] == [expected[job.uri] for job in jobs[1 : lost + 1]]
        assert got[lost:] == [None] * (len(got) - lost)
        assert ahead.pool is None
    finally:
        ahead.close()
