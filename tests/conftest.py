"""Shared fixtures: tiny content trees written into a temp dir, never into the repo."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def mkdocs_build(project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of a project through its real entry point, with an empty PATH (so
    nothing outside the venv is used) and without MkDocs' own banner; `env` adds to that
    environment."""
    return subprocess.run(
        [MKDOCS, "build", "--site-dir", str(site_dir), *extra],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", **(env or {})},
    )


def project_copy(tmp_path: Path, *files: str) -> Path:
    """What a checkout holds that the build reads (content, docs, mkdocs.yml, and any
    other top-level `files`), copied into a temp dir to build or break there."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "docs"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", *files):
        shutil.copy(ROOT / name, project / name)
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content built once with the project's own mkdocs.yml, strictly; tests
    read it and serve it, none writes into it."""
    out = tmp_path_factory.mktemp("real-site")
    result = mkdocs_build(ROOT, out, "--strict")
    assert result.returncode == 0, result.stderr
    return out


# Small stand-ins for the instrument files: enough articles for the tests, with one
# known paragraph count so paragraph checks can be exercised.
_INSTRUMENTS = {
    "untoc": (41, {32: 5}),
    "tip": (20, {}),
    "som": (25, {}),
    "fp": (21, {}),
}


def write_instruments(content: Path) -> None:
    folder = content / "instruments"
    folder.mkdir(parents=True, exist_ok=True)
    for inst, (n, paragraphs) in _INSTRUMENTS.items():
        lines = [f"id: {inst}", f"name: {{en: Instrument {inst}}}", f"short_name: {{en: {inst.upper()}}}", "articles:"]
        for number in range(1, n + 1):
            lines.append(f"  - number: {number}")
            lines.append(f"    title: {{en: Article {number} title}}")
            if number in paragraphs:
                lines.append(f"    paragraphs: {paragraphs[number]}")
        (folder / f"{inst}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


DECISION = dedent(
    """
    ---
    id: cop-decision-3-4
    type: decision
    kind: decision
    body: cop
    session: 3
    number: "3/4"
    date: 2006-10-18
    title: Recommendations on technical assistance
    summary: The Conference endorsed recommendations.
    articles: ["untoc 32(5)"]
    sources:
      - title: Report of the Conference
        symbol: CTOC/COP/2006/14
    ---

    The Conference of the Parties,

    (a) Endorses the recommendations;

    1. The working group stressed the need for information.

    2. Priority areas:

    (a) criminalization;

    (b) international cooperation.
    """
)

CASE = dedent(
    """
    ---
    id: can-2015-example
    type: case
    country: CAN
    court: Supreme Court
    case_number: "2015 SCC 1"
    decision_date: 2015-11-27
    crime_types: [smuggling-of-migrants]
    title: R. v. Example
    summary: A test digest.
    articles: ["som 6"]
    sources:
      - url: https://example.org/judgment
    ---

    Digest text.
    """
)

LAW = dedent(
    """
    ---
    id: model-law-test
    type: legislation
    country: model
    date: 2009
    status: model
    title: Model Law on Testing
    summary: A model law for tests.
    sources:
      - title: Publication
        url: https://example.org/model-law
    ---

    Text of the law.
    """
)


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write records (relative path -> text) plus instruments; return the content dir."""

    def make(records: dict[str, str]) -> Path:
        content = tmp_path / "content"
        write_instruments(content)
        for rel, text in records.items():
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return content

    return make
