"""Serving: a rebuild after an edit makes again only the pages that depend on it
(`incremental.py`), from records loaded again only where their files changed
(`catalogue.LoadCache`). Whatever the edit, the pages must be exactly those a full build
makes, and every page whose links change must be rendered again."""

from __future__ import annotations

import gc
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from treatykb import catalogue as cat
from treatykb import incremental
from treatykb.incremental import Background, IdleCollector, Lines, PageCache, can_fork
from treatykb.instruments import Instrument
from treatykb.pages import articles, site_pages
from treatykb.pages.record import cited_articles
from treatykb.prerender import prerender
from treatykb.records import LANGUAGES
from treatykb.render import split_front_matter

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic import write_records

SITE = {"site_url": "https://kb.example.org/", "site_name": "kb"}


def _front(path: Path) -> tuple[dict[str, object], str]:
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    return yaml.safe_load(head.removeprefix("---\n")), body


def _write(path: Path, front: dict[str, object], body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


def _edit(content: Path, rng: random.Random) -> str:
    """One edit an editor might make; returns what it did, for the failure message."""
    files = sorted(p for p in content.rglob("*.md") if p.parent.name != "instruments")
    path = rng.choice(files)
    front, body = _front(path)
    what = rng.choice(["body", "remark", "shift", "title", "date", "country", "cite", "delete", "copy", "translate", "number", "break"])
    if what == "body":
        body = body.replace("1. ", "1. An edited sentence. ", 1)
    elif what == "remark":  # text no other page shows
        body += "\n\nA closing remark.\n"
    elif what == "shift":  # every citation one line down, each still in its sentence and paragraph
        body = "\n" + body
    elif what == "title":
        front["title"] = f"Edited title {rng.randrange(1000)}"
    elif what == "date":
        key = "decision_date" if "decision_date" in front else "date"
        front[key] = f"{rng.randint(1990, 2030)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    elif what == "country" and "country" in front:
        front["country"] = rng.choice(["KEN", "BRA", "FRA"])
    elif what == "cite":
        numbers = [str(_front(p)[0].get("number")) for p in files if p.parent.name == "decisions" and "number" in _front(p)[0]]
        body += f"\n\n{rng.randint(20, 40)}. See decision {rng.choice(numbers or ['1/1'])} and article 24 of the Convention.\n"
    elif what == "delete":
        path.unlink()
        return f"deleted {path.name}"
    elif what == "copy":
        front["id"] = f"{front['id']}-copy{rng.randrange(1000)}"
        front.pop("number", None)
        front.pop("symbol", None)
        if front.get("kind") in ("decision", "resolution"):
            front["kind"] = "report"
        path = path.with_name(f"copy{rng.randrange(10**6)}-{path.name}")
    elif what == "translate":
        lang = path.name.split(".")[-2]
        other = "fr" if lang != "fr" else "es"
        front = {"id": front["id"], "title": f"Traduction {front['id']}", "summary": "Résumé.", "sources": front["sources"]}
        path = path.with_name(path.name.replace(f".{lang}.md", f".{other}.md"))
    elif what == "number" and "number" in front:
        session, n = str(front["number"]).split("/")
        front["number"] = f"{session}/{int(n) % 99 + 1}"
        front["id"] = f"cop-{front['kind']}-{session}-{int(n) % 99 + 1}"
    elif what == "break":
        front["decision_date" if "decision_date" in front else "date"] = "2010-02-30"
    _write(path, front, body)
    return f"{what} {path.name}"


def test_pages_after_edits_are_those_of_a_full_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_records(content, 30, seed=3)
    cache, pages = cat.LoadCache(), PageCache()
    last = cat.load(content, cache=cache)
    before = pages.pages(last, **SITE).pages
    assert before == {p.src_uri: p.content for p in site_pages(cat.load(content), **SITE)}
    rng = random.Random(7)
    done = []
    for _ in range(20):
        done.append(_edit(content, rng))
        now = cat.load(content, cache=cache, last_good=last)
        update = pages.pages(now, **SITE)
        full = {p.src_uri: p.content for p in site_pages(cat.load(content, last_good=last), **SITE)}
        assert set(update.pages) == set(full), done
        assert [uri for uri in full if update.pages[uri] != full[uri]] == [], done
        assert update.made < len(full), "an edit made every page again"
        # A record page neither made again nor renewed links exactly as before.
        for uri, text in update.pages.items():
            meta, body = split_front_matter(text)
            if "tkb_id" in meta and before.get(uri) == text and uri not in update.renew:
                old, new = prerender(body, meta, last, {"permalink": True}), prerender(body, meta, now, {"permalink": True})
                assert old is not None and new is not None and old.html == new.html, (uri, done)
        last, before = now, update.pages


def test_an_edit_no_other_page_shows_makes_only_the_records_own_pages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_records(content, 30, seed=3)
    cache, pages = cat.LoadCache(), PageCache()
    last = cat.load(content, cache=cache)
    pages.pages(last, **SITE)
    path = sorted((content / "cases").glob("*.md"))[0]
    front, body = _front(path)
    _write(path, front, "\n" + body + "\n\nA closing remark.\n")  # lines moved, a sentence added
    now = cat.load(content, cache=cache, last_good=last)
    update = pages.pages(now, **SITE)
    own = {uri for uri, text in update.pages.items() if split_front_matter(text)[0].get("tkb_id") == front["id"]}
    assert update.made == len(own) >= 1
    assert update.pages == {p.src_uri: p.content for p in site_pages(cat.load(content), **SITE)}
    # Text others do show, the sentence around a citation: the pages listing it are made too.
    record = now.by_id[front["id"]]
    start = next(c.start for c in record.citations if c.kind == "article")
    _write(path, front, record.src.body[:start] + "新增" + record.src.body[start:])
    update = pages.pages(cat.load(content, cache=cache, last_good=now), **SITE)
    assert update.made > len(own)
    assert update.pages == {p.src_uri: p.content for p in site_pages(cat.load(content), **SITE)}


@pytest.mark.skipif(not can_fork(), reason="background work runs in a forked process only on Linux")
def test_background_work_runs_in_a_lower_priority_child_and_reports_what_it_logs() -> None:
    background = Background()
    got: list[Lines] = []
    done = threading.Event()

    def report(lines: Lines) -> None:
        got.append(lines)
        if len(got) == 4:
            done.set()

    def where() -> Lines:
        return [("info", f"{os.getpid()} {os.nice(0)}")]

    def fails() -> Lines:
        raise ValueError("no site here")

    def killed() -> Lines:
        os.kill(os.getpid(), signal.SIGKILL)
        return []

    def interrupted() -> Lines:  # Ctrl-C in the terminal reaches the whole process group
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(30)
        return [("info", "not stopped")]

    background.submit(where, report)
    background.wait()
    background.submit(fails, report)
    background.wait()
    background.submit(killed, report)
    background.wait()
    background.submit(interrupted, report)
    assert done.wait(60)
    pid, nice = got[0][0][1].split()
    assert int(pid) != os.getpid() and int(nice) >= os.nice(0) + Background.NICE - 1  # (a nice of 19 stays 19)
    assert got[1][0][0] == "error" and "ValueError: no site here" in got[1][0][1]
    assert got[2] == [("error", "treatykb: background work ended without finishing (status -9)")]
    assert got[3] == [("info", "treatykb: background work stopped (the server is stopping)")]


def test_background_work_without_fork_runs_in_a_thread_and_a_later_job_replaces_a_waiting_one() -> None:
    background = Background(fork=False)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow() -> Lines:
        started.set()
        release.wait(30)
        ran.append("slow")
        return [("info", str(os.getpid()))]

    def job(name: str) -> Callable[[], Lines]:
        def run() -> Lines:
            ran.append(name)
            return []

        return run

    got: list[Lines] = []
    background.submit(slow, got.append)
    assert started.wait(30)
    background.submit(job("waiting"), got.append)
    background.submit(job("latest"), got.append)
    release.set()
    background.wait()
    assert ran == ["slow", "latest"]
    assert got[0] == [("info", str(os.getpid()))]


def test_a_new_title_remakes_only_the_article_pages_that_list_the_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Article pages list the newest citing records only (two here): a record retitled is
    made again on those that list it, and the pages are still those of a full build."""
    monkeypatch.setattr(articles, "LIST_LIMIT", 2)
    made: list[tuple[str, int, str]] = []
    real = incremental.article_markdown

    def counted(inst: Instrument, number: int, catalogue: cat.Catalogue, lang: str) -> str:
        made.append((inst.id, number, lang))
        return real(inst, number, catalogue, lang)

    monkeypatch.setattr(incremental, "article_markdown", counted)
    content = tmp_path / "content"
    write_records(content, 30, seed=3)
    cache, pages = cat.LoadCache(), PageCache()
    last = cat.load(content, cache=cache)
    pages.pages(last, **SITE)
    skipped = 0
    for path in sorted((content / "cases").glob("*.md"))[:6]:
        front, body = _front(path)
        front["title"] = f"Retitled {front['id']}"
        _write(path, front, body)
        made.clear()
        now = cat.load(content, cache=cache, last_good=last)
        update = pages.pages(now, **SITE)
        full = {p.src_uri: p.content for p in site_pages(cat.load(content), **SITE)}
        assert update.pages == full, path.name
        record = now.by_id[front["id"]]
        for ref in {(r.instrument, r.article) for r in cited_articles(record)}:
            for lang in LANGUAGES:
                if (*ref, lang) not in made:
                    assert f"Retitled {front['id']}" not in full[f"{lang}/articles/{ref[0]}/{ref[1]}.md"]
                    skipped += 1
        last = now
    assert skipped > 0, "every article page was made again"


def test_full_garbage_collection_waits_for_the_server_to_be_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IdleCollector, "DELAY", 0.2)
    monkeypatch.setattr(IdleCollector, "MAX_SKIPPED", 3)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            collections.append(1)

    collector = IdleCollector()
    gc.callbacks.append(count)
    try:
        collector.pause()  # a rebuild starts
        assert not gc.isenabled()
        collector.resume_later()  # it ends; another starts before the server was idle
        collector.pause()
        time.sleep(0.5)
        assert not gc.isenabled() and collections == []
        collector.resume_later()  # the third rebuild without a pause: collected at its end
        collector.pause()
        collector.resume_later()
        assert gc.isenabled() and len(collections) == 1
        collector.pause()
        collector.resume_later()  # then idle: collected after the delay
        assert not gc.isenabled()
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled() and len(collections) == 2
    finally:
        gc.callbacks.remove(count)
        collector.close()
        gc.enable()


@pytest.mark.skipif(not can_fork(), reason="background work runs in a forked process only on Linux")
def test_background_work_is_done_in_the_thread_when_no_process_can_be_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    background = Background()
    got: list[Lines] = []
    background.submit(lambda: [("info", str(os.getpid()))], got.append)
    background.wait()
    assert got == [[("info", str(os.getpid()))]]
