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


def _project(content: Path) -> Path:
    """A site project around a content folder: mkdocs.yml and one hand-written page."""
    project = content.parent
    (project / "docs" / "en").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "en" / "about.md").write_text("# About\n\nA test site.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: t\ntheme:\n  name: material\nplugins:\n  - treatykb\n", encoding="utf-8")
    return project


def test_index_builds_one_search_bundle_per_language_of_a_site_built_without_it(make_content: MakeContent) -> None:
    project = _project(make_content({"cases/a.en.md": CASE}))
    env = {"PATH": "", "NO_MKDOCS_2_WARNING": "1", "TREATYKB_SEARCH": "off"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True, env=env, check=False
    )
    assert build.returncode == 0, build.stderr
    assert not (project / "site" / "search-index").exists()  # the build left search to a later step
    result = run("index", "site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("treatykb index: ") and " pages in 6 languages" in result.stdout
    for lang in ("ar", "zh", "en", "fr", "ru", "es"):
        assert (project / "site" / "search-index" / lang / "entry.tkb").is_file()


def test_index_of_a_folder_that_is_no_site_says_so(tmp_path: Path) -> None:
    result = run("index", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "treatykb index: 'nowhere' has no index.html; pass the folder of a built site\n"


def test_offline_refuses_content_with_errors_and_keeps_the_last_zip(make_content: MakeContent) -> None:
    project = _project(make_content({"cases/a.en.md": CASE.replace("country: CAN", "country: KEY")}))
    last = project / "dist" / "treatykb-offline.zip"
    last.parent.mkdir()
    last.write_bytes(b"the last good edition")
    result = run("offline", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/cases/a.en.md:4: country: unknown country 'KEY'; did you mean 'KEN'?",
        "treatykb offline: the content has errors (above); no zip written",
    ]
    assert last.read_bytes() == b"the last good edition"
