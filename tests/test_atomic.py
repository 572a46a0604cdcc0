"""Nothing lost: `make build` keeps the last good site when a build fails, and two
builds of the same content are the same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import mkdocs_build, project_copy

BIN = str(Path(sys.executable).parent)


def make_build(project: Path) -> subprocess.CompletedProcess[str]:
    # `-o install`: this environment is installed already; BIN points at it.
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "TREATYKB_SEARCH": "off"}
    return subprocess.run(
        ["make", "-o", "install", f"BIN={BIN}", "build"], cwd=project, capture_output=True, text=True, env=env, check=False
    )


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_last_good_site(tmp_path: Path) -> None:
    project = project_copy(tmp_path, "Makefile")
    first = make_build(project)
    assert first.returncode == 0, first.stderr[-2000:]
    good = snapshot(project / "site")
    assert "en/cases/can-2015-appulonappa/index.html" in good
    record = project / "content/cases/can-2015-appulonappa.en.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("country: CAN", "country: CNA"), encoding="utf-8")
    failed = make_build(project)
    assert failed.returncode != 0
    assert "unknown country 'CNA'; did you mean 'CAN'?" in failed.stderr
    assert snapshot(project / "site") == good  # every byte of the last good site
    record.write_text(text.replace("R. v. Appulonappa", "R. v. Appulonappa (edited)", 1), encoding="utf-8")
    again = make_build(project)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "(edited)" in (project / "site/en/cases/can-2015-appulonappa/index.html").read_text(encoding="utf-8")
    assert not (project / "site.new").exists() and not (project / "site.old").exists()


def test_two_builds_of_the_same_content_are_the_same_bytes(tmp_path: Path) -> None:
    """Pages, data, feeds, redirects and the search bundles."""
    project = project_copy(tmp_path, "Makefile")
    for name in ("a", "b"):
        result = mkdocs_build(project, project / name, "--strict")
        assert result.returncode == 0, result.stderr
    a, b = snapshot(project / "a"), snapshot(project / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert any(k.startswith("data/") for k in a) and any(k.startswith("feeds/") for k in a)
    assert any(k.startswith("search-index/zh/") for k in a)
