"""What the browser tests and the search bench share: Chromium's path and flags, a built
site served on localhost, Chromium launched, and a page that fails the test on a script
error."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless Chromium on this kind of machine: no sandbox as root, and none of the
background connections a closed network refuses."""


def chromium() -> str:
    """Debian's Chromium (`.ci/run` installs it)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is needed for the browser tests (.ci/run installs it)"
    return path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port; yields its base URL (ending in /)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def launched() -> Iterator[Any]:
    """Chromium, driven by Playwright (imported here: only browser tests need it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def watched_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A page in a fresh context (`options` go to the context); when it is closed, the
    test fails if any script on it raised."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors
