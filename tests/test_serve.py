"""`mkdocs serve` and broken edits: the last good page stays up and the error is shown in
the browser, then goes away when the record is fixed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM_ARGS, chromium
from conftest import CASE, MKDOCS, dedent
from treatykb import catalogue as cat
from treatykb.problems import BANNER_LIMIT, Problem, errors, problems_banner, with_banner

MakeContent = Callable[[dict[str, str]], Path]

BROKEN_DATE = CASE.replace("decision_date: 2015-11-27", "decision_date: 2015-11-31")


def _title(catalogue: cat.Catalogue, rid: str) -> str | None:
    record = catalogue.by_id.get(rid)
    return record.title_in("en")[0] if record else None


@pytest.mark.parametrize(
    "broken",
    [
        BROKEN_DATE.replace("R. v. Example", "R. v. Edited"),  # a field error: the record still loads
        CASE.replace("R. v. Example", "R. v. Edited").replace("court: Supreme Court", 'court: "Supreme Court'),  # no record at all
    ],
    ids=["field-error", "yaml-error"],
)
def test_a_broken_record_keeps_its_last_good_version(make_content: MakeContent, broken: str) -> None:
    content = make_content({"cases/can.en.md": CASE})
    good = cat.load(content)
    assert not good.problems
    (content / "cases/can.en.md").write_text(broken, encoding="utf-8")

    plain = cat.load(content)  # a build: the errors, and what can be shown of the file now
    assert errors(plain.problems) and _title(plain, "can-2015-example") in ("R. v. Edited", None)

    served = cat.load(content, last_good=good)
    assert _title(served, "can-2015-example") == "R. v. Example"
    assert served.kept == {"content/cases/can.en.md"}
    assert [str(p) for p in errors(served.problems)] == [str(p) for p in errors(plain.problems)]
    notice = "content/cases/can.en.md:1: the site shows the last good version of this record until the errors are fixed"
    assert notice in [str(p) for p in served.problems]
    # Kept across several broken edits in a row: the catalogue passed on carries it.
    again = cat.load(content, last_good=served)
    assert _title(again, "can-2015-example") == "R. v. Example"
    # Fixed: the new text, nothing kept.
    (content / "cases/can.en.md").write_text(CASE.replace("R. v. Example", "R. v. Fixed"), encoding="utf-8")
    fixed = cat.load(content, last_good=again)
    assert _title(fixed, "can-2015-example") == "R. v. Fixed" and not fixed.problems and not fixed.kept


def test_a_new_record_with_errors_has_no_good_version_to_keep(make_content: MakeContent) -> None:
    content = make_content({"cases/can.en.md": CASE})
    first = cat.load(content)
    (content / "cases/gbr.en.md").write_text(BROKEN_DATE.replace("can-2015-example", "gbr-2015-example"), encoding="utf-8")
    served = cat.load(content, last_good=first)
    assert _title(served, "gbr-2015-example") == "R. v. Example" and not served.kept
    # ... and its broken first version is not "good" for the next edit either.
    (content / "cases/gbr.en.md").write_text(
        BROKEN_DATE.replace("can-2015-example", "gbr-2015-example").replace("R. v.", "S. v."), encoding="utf-8"
    )
    assert _title(cat.load(content, last_good=served), "gbr-2015-example") == "S. v. Example"


def test_a_deleted_record_is_not_kept(make_content: MakeContent) -> None:
    content = make_content({"cases/can.en.md": CASE})
    good = cat.load(content)
    (content / "cases/can.en.md").unlink()
    assert "can-2015-example" not in cat.load(content, last_good=good).by_id


def test_banner_lists_errors_escaped_and_counts_the_rest() -> None:
    assert problems_banner([Problem("a.md", 3, "title", "looks odd", "warning")]) == ""
    many = [Problem(f"c/{n:02}.md", n, "title", "<script>alert(1)</script> is not a title") for n in range(BANNER_LIMIT + 5)]
    banner = problems_banner(many)
    assert "<script>" not in banner and "&lt;script&gt;" in banner
    assert banner.count("<li>") == BANNER_LIMIT
    assert f"{BANNER_LIMIT + 5} error(s)" in banner and "and 5 more" in banner
    assert "c/00.md:0: title: &lt;script&gt;" in banner
    page = with_banner('<html><body class="x"><p>page</p></body></html>', "<b>B</b>")
    assert page == '<html><body class="x"><b>B</b><p>page</p></body></html>'


CONFIG = dedent(
    """
    site_name: Served treatykb
    docs_dir: docs
    theme:
      name: material
    plugins:
      - treatykb:
          search: false
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"mkdocs serve did not answer at {url} within {seconds} s")


def _serve(project: Path, config: str, options: list[str]) -> tuple[subprocess.Popen[str], int]:
    """`mkdocs serve` of a project with this configuration, in a session of its own (so
    the test can stop it and what it started): (process, port)."""
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "docs").mkdir()
    port = _free_port()
    proc = subprocess.Popen(
        [MKDOCS, "serve", *options, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
        start_new_session=True,
    )
    return proc, port


@pytest.fixture
def served(make_content: MakeContent) -> Iterator[tuple[Path, str]]:
    """A tiny project served by a real `mkdocs serve`: (content dir, base URL)."""
    content = make_content({"cases/can.en.md": CASE})
    proc, port = _serve(content.parent, CONFIG, ["--no-livereload"] if os.environ.get("TKB_NO_LIVERELOAD") else [])
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(base + "en/cases/can-2015-example/", proc)
        yield content, base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_shows_the_error_and_keeps_the_page(served: tuple[Path, str]) -> None:
    content, base = served
    record = content / "cases/can.en.md"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "en/cases/can-2015-example/")
        assert page.locator("h1").inner_text() == "R. v. Example"
        assert page.locator(".tkb-build-errors").count() == 0

        # A broken edit: the page reloads by itself (livereload), still shows the last
        # good version, and opens with the error as the editor wrote it.
        record.write_text(BROKEN_DATE.replace("R. v. Example", "R. v. Edited"), encoding="utf-8")
        banner = page.locator(".tkb-build-errors")
        banner.wait_for(timeout=90_000)
        text = banner.inner_text()
        assert "content/cases/can.en.md:7: decision_date:" in text
        assert page.locator("h1").inner_text() == "R. v. Example"
        banner.wait_for(state="visible", timeout=10_000)  # still there, whatever livereload did

        # The other pages say it too.
        page.goto(base + "en/")
        assert "content/cases/can.en.md:7: decision_date:" in page.locator(".tkb-build-errors").inner_text()

        # Fixed: the box goes and the new text shows.
        page.goto(base + "en/cases/can-2015-example/")
        record.write_text(CASE.replace("R. v. Example", "R. v. Edited"), encoding="utf-8")
        page.locator("h1", has_text="R. v. Edited").wait_for(timeout=90_000)
        assert page.locator(".tkb-build-errors").count() == 0
        browser.close()


def test_workers_make_the_first_build_of_serve_and_rebuilds_stay_in_one_process(make_content: MakeContent) -> None:
    """Workers are forked for `mkdocs serve`'s first build only (its server has no threads
    yet); a rebuild after an edit writes a few pages, made as they come."""
    content = make_content({"cases/can.en.md": CASE})
    proc, port = _serve(content.parent, CONFIG.replace("search: false", "search: false\n      workers: 2"), ["--dirty"])
    url = f"http://127.0.0.1:{port}/en/cases/can-2015-example/"
    try:
        _wait_until_up(url, proc)
        record = content / "cases/can.en.md"
        edited = record.read_text(encoding="utf-8").replace("R. v. Example", "R. v. Served")
        record.write_text(edited + "\nAn edit while serving.\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with urllib.request.urlopen(url, timeout=5) as r:
                if "An edit while serving." in r.read().decode("utf-8"):
                    break
            time.sleep(0.3)
        else:
            raise AssertionError("the edit was not served")
        # The open data follow from the background (a forked process on Linux).
        data = f"http://127.0.0.1:{port}/data/records/case/can-2015-example.json"

        def served_data() -> str:
            with urllib.request.urlopen(data, timeout=5) as r:
                return str(r.read().decode("utf-8"))

        while time.monotonic() < deadline and "R. v. Served" not in served_data():
            time.sleep(0.3)
        assert "R. v. Served" in served_data()
        time.sleep(1)  # its summary reaches the log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output = proc.communicate(timeout=30)[0]
    assert output.count("treatykb: published") >= 2, output  # the first build's, and the rebuild's from the background
    builds = [line for line in output.splitlines() if "time per phase:" in line]
    assert len(builds) >= 2, output
    assert "in workers: record pages" in builds[0], builds[0]
    assert all("in workers:" not in line for line in builds[1:]), builds[1:]
