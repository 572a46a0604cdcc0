"""axe-core, the accessibility engine the browser tests inject into pages: a pinned
version from the npm registry, installed once with npm into `.cache/` (git ignores it)
and reused by every later run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import ROOT

AXE_VERSION = "4.14.1"
CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The rules WCAG 2.1 level AA asks for, by axe's tags."""


def axe_script() -> str:
    """The source of `axe.min.js`, installed first if this machine has not got it yet."""
    script = CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed once, to install axe-core for the accessibility tests (.ci/run installs it)"
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        # Installed beside the cache and moved in whole, so that two test runs at once
        # never see half a package.
        staging = Path(tempfile.mkdtemp(prefix="axe-", dir=CACHE.parent))
        result = subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(staging),
                f"axe-core@{AXE_VERSION}",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, f"npm install axe-core@{AXE_VERSION} failed:\n{result.stdout}\n{result.stderr}"
        try:
            os.rename(staging, CACHE)
        except OSError:  # another run finished first
            shutil.rmtree(staging, ignore_errors=True)
    package = json.loads((CACHE / "node_modules" / "axe-core" / "package.json").read_text("utf-8"))
    assert package["version"] == AXE_VERSION, f"{CACHE}: axe-core {package['version']}, expected {AXE_VERSION}"
    return script.read_text("utf-8")
