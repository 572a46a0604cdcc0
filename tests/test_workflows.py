"""The CI workflows and the pre-commit hook, run here: the same `run:` steps, in a copy of
the project, with the tools of this environment (the workflow's set-up step installs
them; here they are installed already)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, project_copy

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = str(Path(sys.executable).parent)


def steps(workflow: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    """(name, command) of each step that runs a command, the set-up excepted."""
    return [(s["name"], s["run"]) for s in steps(workflow) if "run" in s and s.get("name") != "set-up"]


def sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(shlex.split(command), cwd=cwd, capture_output=True, text=True, env=env, check=False)


def test_workflows_exist_and_set_up_from_the_pinned_versions() -> None:
    assert {w.name for w in WORKFLOWS} == {"pull-request.yml", "publish.yml"}
    for workflow in WORKFLOWS:
        setup = [s for s in steps(workflow) if s.get("name") == "set-up"]
        assert [s["run"] for s in setup] == ["python -m pip install -c constraints.txt -e '.[dev]'"]
        names = [name for name, _ in run_steps(workflow)]
        assert names[:3] == ["check the records", "build the site", "check the links"], workflow.name
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert "pull_request" in pr[True]  # YAML 1.1 reads the key `on` as true
    uploads = [
        s for s in steps(ROOT / ".github/workflows/pull-request.yml") if str(s.get("uses", "")).startswith("actions/upload-artifact")
    ]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["push"]["branches"] == ["main"]
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in steps(ROOT / ".github/workflows/publish.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_the_workflow_steps_pass_on_the_bundled_content(workflow: Path, tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    for name, command in run_steps(workflow):
        result = sh(command, project)
        assert result.returncode == 0, f"{name}: {command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        assert "::error" not in result.stdout
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "feeds" / "all.atom").is_file()


def test_the_steps_stop_a_broken_record_and_a_broken_link(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    commands = dict(run_steps(ROOT / ".github/workflows/pull-request.yml"))
    case = project / "content/cases/can-2015-appulonappa.en.md"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("country: CAN", "country: CNA"), encoding="utf-8")
    check = sh(commands["check the records"], project)
    assert check.returncode == 1
    line = good.split("\n").index("country: CAN") + 1
    assert (
        f"::error file=content/cases/can-2015-appulonappa.en.md,line={line},title=country::unknown country 'CNA'; did you mean 'CAN'?"
        in check.stdout
    )
    build = sh(commands["build the site"], project)
    assert build.returncode == 1 and "unknown country 'CNA'" in build.stderr
    # The record fixed, but a page with a link into a paragraph that does not exist.
    case.write_text(good + "\n\nSee [the other case](../can-2013-jp/#para-999).\n", encoding="utf-8")
    assert sh(commands["build the site"], project).returncode == 0
    links = sh(commands["check the links"], project)
    assert links.returncode == 1
    assert (
        "en/cases/can-2015-appulonappa/index.html: ../can-2013-jp/#para-999: no element with id 'para-999' in en/cases/can-2013-jp/index.html"
        in links.stdout
    )


def test_the_pre_commit_hook_checks_the_records_it_is_given(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"]]
    assert hook["pass_filenames"] is True
    project = project_copy(tmp_path)
    bad = project / "content/cases/phl-2014-casio.en.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("court:", "cout:"), encoding="utf-8")
    import re

    changed = ["content/cases/phl-2014-casio.en.md", "content/legislation/model-law-firearms.en.md"]
    assert all(re.search(hook["files"], f) for f in changed)
    result = sh(f"{hook['entry']} {' '.join(changed)}", project)
    assert result.returncode == 1
    assert "content/cases/phl-2014-casio.en.md:5: cout: unknown field; did you mean 'court'?" in result.stdout
    assert "model-law-firearms" not in result.stdout
    ok = sh(f"{hook['entry']} content/legislation/model-law-firearms.en.md", project)
    assert ok.returncode == 0, ok.stdout
