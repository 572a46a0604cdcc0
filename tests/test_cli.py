"""`treatykb check` through its installed entry point, as editors and CI run it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import CASE, DECISION

MakeContent = Callable[[dict[str, str]], Path]
TREATYKB = str(Path(sys.executable).parent / "treatykb")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TREATYKB, *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_check_passes_on_valid_content(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE, "decisions/d.en.md": DECISION})
    result = run("check", cwd=content.parent)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == "treatykb check: 2 records read; no problems\n"


def test_check_reports_every_problem_and_fails(make_content: MakeContent) -> None:
    content = make_content(
        {
            "cases/a.en.md": CASE.replace("country: CAN", "country: KEY"),
            "decisions/d.en.md": DECISION.replace("date: 2006-10-18", "date: 2010-02-30"),
            "decisions/empty.en.md": "",
        }
    )
    result = run("check", cwd=content.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/cases/a.en.md:4: country: unknown country 'KEY'; did you mean 'KEN'?",
        "content/decisions/d.en.md:8: date: '2010-02-30' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY",
        "content/decisions/empty.en.md:1: file is empty; a record needs YAML front matter and a body",
    ]
    assert result.stderr == "treatykb check: 2 records read; 3 error(s), 0 warning(s) in 3 file(s)\n"


def test_check_limited_to_given_paths(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY"), "decisions/d.en.md": "x"})
    result = run("check", "content/cases", cwd=content.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["content/cases/a.en.md:4: country: unknown country 'KEY'; did you mean 'KEN'?"]


def test_check_json_and_github_formats(make_content: MakeContent) -> None:
    content = make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY")})
    as_json = run("check", "--format", "json", cwd=content.parent)
    assert [json.loads(line) for line in as_json.stdout.splitlines()] == [
        {
            "path": "content/cases/a.en.md",
            "line": 4,
            "field": "country",
            "message": "unknown country 'KEY'; did you mean 'KEN'?",
            "severity": "error",
        }
    ]
    github = run("check", "--format", "github", cwd=content.parent)
    assert github.stdout == "::error file=content/cases/a.en.md,line=4,title=country::unknown country 'KEY'; did you mean 'KEN'?\n"


def test_check_without_content_folder_says_so(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "treatykb check: no content folder at 'content'; pass --content DIR\n"
