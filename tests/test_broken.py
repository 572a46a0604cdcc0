"""The broken-record corpus: every broken file gives its exact problems, and nothing else.

Each case in `tests/data/broken/expected.yml` is placed in a fresh content tree next to a
few good records (and a "canary", a record with one known problem, which proves the
others are still checked once the broken file has been met). Cases that git cannot hold
or that are too big to commit (a 50 MB file, links, a pipe, a name that is not UTF-8)
are written by the generators below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import CASE, DECISION, LAW, dedent, write_instruments
from treatykb import catalogue

CORPUS = Path(__file__).resolve().parent / "data" / "broken"
EXPECTED = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
FILES: dict[str, list[str]] = EXPECTED["files"]
GENERATED: dict[str, list[str]] = EXPECTED["generated"]
TREATYKB = str(Path(sys.executable).parent / "treatykb")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

GOOD = {
    "cases/_good.en.md": CASE,
    "cases/_good.fr.md": dedent(
        """
        ---
        id: can-2015-example
        title: R. c. Exemple
        summary: Un résumé pour les tests.
        ---

        Texte du résumé.
        """
    ),
    "decisions/_good.en.md": DECISION,
    "legislation/_good.en.md": LAW,
}
"""Valid records, named to sort before every case (so a colliding case is the one blamed)."""

CANARY = "legislation/_canary.en.md"
CANARY_TEXT = LAW.replace("id: model-law-test", "id: model-law-canary").replace("status: model", "status: model\ntopics: [extradtion]")
CANARY_PROBLEM = f"content/{CANARY}:7: topics[0]: unknown value 'extradtion'; did you mean 'extradition'?"

BIG = 50 * 1024 * 1024
PWNED = Path("/tmp/treatykb-pwned")
"""What `legislation/yaml-python-tag.en.md` would create if its tag were ever run."""


# --- generated cases -------------------------------------------------------------------


def _huge(target: Path) -> None:
    head = CASE.encode()
    with target.open("wb") as f:
        f.write(head)
        f.write(b"x" * (BIG - len(head)))


def _link_outside(target: Path) -> None:
    outside = target.parents[2] / "outside" / "secret.en.md"
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(CASE, encoding="utf-8")
    target.symlink_to(outside)


def _link_to_folder_outside(target: Path) -> None:
    outside = target.parents[2] / "outside-folder"
    outside.mkdir(exist_ok=True)
    (outside / "x.en.md").write_text(CASE, encoding="utf-8")
    target.symlink_to(outside, target_is_directory=True)


def _folder(target: Path) -> None:
    target.mkdir()
    (target / "inside.en.md").write_text(CASE.replace("can-2015-example", "can-2015-inside"), encoding="utf-8")


def _unreadable(target: Path) -> None:
    target.write_text(CASE.replace("can-2015-example", "can-2015-unreadable"), encoding="utf-8")
    target.chmod(0)


def _name_not_utf8(target: Path) -> None:
    target.with_name(os.fsdecode(b"generated-name-\xff.en.md")).write_text(CASE, encoding="utf-8")


GENERATORS: dict[str, Callable[[Path], None]] = {
    "cases/generated-50-mb.en.md": _huge,
    "cases/generated-link-outside.en.md": _link_outside,
    "cases/generated-link-to-itself.en.md": lambda t: t.symlink_to(t.name),
    "cases/generated-link-to-nothing.en.md": lambda t: t.symlink_to("missing.en.md"),
    "cases/generated-link-to-folder-outside": _link_to_folder_outside,
    "cases/generated-folder.en.md": _folder,
    "cases/generated-pipe.en.md": lambda t: os.mkfifo(t),
    "cases/generated-unreadable.en.md": _unreadable,
    "cases/generated-name-\\xff.en.md": _name_not_utf8,
}
"""Case (as `expected.yml` names it) -> writes it at its place in the content tree."""

NEEDS_NON_ROOT = {"cases/generated-unreadable.en.md"}
"""Root reads any file whatever its permissions, so that case means nothing as root."""

CASES = sorted(FILES) + sorted(GENERATED)


def _params() -> list[object]:
    return [
        pytest.param(case, marks=pytest.mark.skipif(AS_ROOT, reason="root can read any file")) if case in NEEDS_NON_ROOT else case
        for case in CASES
    ]


def _place(content: Path, case: str) -> None:
    target = content / case
    target.parent.mkdir(parents=True, exist_ok=True)
    if case in GENERATORS:
        GENERATORS[case](target)
    else:
        shutil.copyfile(CORPUS / case, target)


def _tree(root: Path, cases: list[str], canary: bool = True) -> Path:
    content = root / "content"
    write_instruments(content)
    for rel, text in {**GOOD, **({CANARY: CANARY_TEXT} if canary else {})}.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    for case in cases:
        _place(content, case)
    return content


def _expected(case: str) -> list[str]:
    return FILES[case] if case in FILES else GENERATED[case]


def _check(content: Path) -> subprocess.CompletedProcess[str]:
    """`treatykb check` through its installed entry point, as editors and CI run it."""
    return subprocess.run(
        [TREATYKB, "check", "--content", str(content)], cwd=content.parent, capture_output=True, text=True, check=False, timeout=120
    )


def _report_order(line: str) -> tuple[str, int]:
    path, number, _ = line.split(":", 2)
    return path, int(number)


# --- the corpus itself -----------------------------------------------------------------


def test_the_table_names_every_file_of_the_corpus_and_every_generator() -> None:
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.md")}
    assert on_disk == set(FILES)
    assert set(GENERATORS) == set(GENERATED)
    assert len(CASES) >= 40
    assert not any(Path(case).name.startswith("_") for case in CASES), "names starting with _ are the good records'"


def test_no_expected_problem_is_blamed_on_another_file() -> None:
    for case in CASES:
        for message in _expected(case):
            assert message.startswith(f"content/{case}:"), message


# --- one case at a time, in process ----------------------------------------------------


@pytest.mark.parametrize("case", _params())
def test_broken_file_gives_exact_problems_and_good_records_still_load(tmp_path: Path, case: str) -> None:
    content = _tree(tmp_path, [case])
    started = time.perf_counter()
    cat = catalogue.load(content)  # an exception escaping fails the test
    elapsed = time.perf_counter() - started
    found = [str(p) for p in cat.problems]
    assert [p for p in found if p != CANARY_PROBLEM] == _expected(case)
    assert CANARY_PROBLEM in found, "the records after the broken one were not checked"
    loaded = {r.src.path for r in cat.all_versions}
    assert {f"content/{rel}" for rel in [*GOOD, CANARY]} <= loaded
    assert cat.by_id["cop-decision-3-4"].paragraphs, "good records are fully read (paragraphs numbered)"
    assert elapsed < 3, f"{case} took {elapsed:.1f} s to refuse"
    assert not PWNED.exists()


def test_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    content = _tree(tmp_path, ["cases/generated-50-mb.en.md"], canary=False)
    started = time.perf_counter()
    cat = catalogue.load(content)
    assert time.perf_counter() - started < 1
    assert [str(p) for p in cat.problems] == GENERATED["cases/generated-50-mb.en.md"]


# --- through the command ---------------------------------------------------------------


def test_check_prints_the_whole_corpus_and_fails(tmp_path: Path) -> None:
    """All cases in one tree: each still gives exactly its own problems, in report order."""
    cases = [c for c in CASES if not (AS_ROOT and c in NEEDS_NON_ROOT)]
    content = _tree(tmp_path, cases)
    started = time.perf_counter()
    result = _check(content)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    expected = [message for case in cases for message in _expected(case)] + [CANARY_PROBLEM]
    printed = result.stdout.splitlines()
    assert sorted(printed) == sorted(expected)
    assert printed == sorted(printed, key=_report_order), "the report reads top to bottom"
    files = len({_report_order(line)[0] for line in expected})
    assert result.stderr.endswith(f"; {len(expected)} error(s), 0 warning(s) in {files} file(s)\n"), result.stderr
    assert elapsed < 30


SAMPLES = [
    "legislation/yaml-alias-bomb.en.md",
    "legislation/yaml-python-tag.en.md",
    "legislation/yaml-deep-flow-nesting.en.md",
    "cases/encoding-latin-1.en.md",
    "cases/structure-empty.en.md",
    "cases/translation-without-original.fr.md",
    "cases/generated-50-mb.en.md",
    "cases/encoding-bom.en.md",
    "cases/encoding-crlf.en.md",
]


@pytest.mark.parametrize("case", SAMPLES)
def test_check_of_one_case_exits_1_without_traceback(tmp_path: Path, case: str) -> None:
    """A few cases alone (no canary), for the exit code: 1 with errors, 0 when accepted."""
    content = _tree(tmp_path, [case], canary=False)
    result = _check(content)
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == _expected(case)
    assert result.returncode == (1 if _expected(case) else 0), result.stderr
    assert not PWNED.exists()
