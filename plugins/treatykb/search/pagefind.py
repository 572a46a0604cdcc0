"""The online index: Pagefind over the built site, one bundle per language.

Pagefind reads the HTML a site generator wrote (any generator), segments Chinese, stems
the languages it can, and splits the index into small chunks so that a query downloads
only what it needs. Each language gets its own bundle (`pagefind/<lang>/`): a reader
searches their own language and adds others on demand, without loading all six."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..records import LANGUAGES

BUNDLE = "pagefind"
"""Folder of the bundles in the built site."""


class PagefindError(Exception):
    """Pagefind could not index the site; the message has its output."""


@dataclass(frozen=True)
class IndexStats:
    languages: tuple[str, ...]
    pages: int
    bytes: int
    seconds: float


def index_site(site_dir: Path, languages: tuple[str, ...] = LANGUAGES) -> IndexStats:
    """Index every language folder of a built site that has pages. Writes each bundle to
    a temporary folder and swaps it in, so a failed run leaves the last index in place."""
    start = time.perf_counter()
    done: list[str] = []
    pages = 0
    for lang in languages:
        if not (site_dir / lang).is_dir():
            continue
        target = site_dir / BUNDLE / lang
        tmp = site_dir / BUNDLE / f".{lang}.tmp"
        _remove(tmp)
        cmd = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            "--glob",
            f"{lang}/**/*.html",
            "--output-path",
            str(tmp),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if run.returncode != 0 or not (tmp / "pagefind.js").is_file():
            _remove(tmp)
            raise PagefindError(f"pagefind failed for {lang} (exit {run.returncode}):\n{run.stdout}\n{run.stderr}".strip())
        pages += _indexed_pages(run.stdout)
        _remove(target)
        tmp.rename(target)
        done.append(lang)
    size = sum(p.stat().st_size for p in (site_dir / BUNDLE).rglob("*") if p.is_file()) if done else 0
    return IndexStats(tuple(done), pages, size, time.perf_counter() - start)


def _indexed_pages(output: str) -> int:
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] == "pages":
            return int(words[1])
    return 0


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
