"""The missing-translations report and the link check, through the real `treatykb`
entry point; and the suggestions that check messages make."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CASE, DECISION, LAW
from treatykb.linkcheck import check_site
from treatykb.vocab import country_codes, suggest, typo_distance

MakeContent = Callable[[dict[str, str]], Path]
TREATYKB = str(Path(sys.executable).parent / "treatykb")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TREATYKB, *args], capture_output=True, text=True, check=False, cwd=cwd)


def fr(text: str) -> str:
    return text.replace("title: R. v. Example", "title: R. c. Exemple").replace("summary: A test digest.", "summary: Un résumé.")


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    return make_content({"cases/x.en.md": CASE, "cases/x.fr.md": fr(CASE), "decisions/d.en.md": DECISION, "legislation/m.en.md": LAW})


def test_translations_table(content: Path) -> None:
    result = run("translations", "--content", str(content))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["record", "type", "ar", "zh", "en", "fr", "ru", "es"]
    assert lines[1].split() == ["cop-decision-3-4", "decision", "·", "·", "✓", "·", "·", "·"]
    assert lines[2].split() == ["can-2015-example", "case", "·", "·", "✓", "✓", "·", "·"]
    assert lines[3].split() == ["model-law-test", "legislation", "·", "·", "✓", "·", "·", "·"]
    assert "en: 3 of 3 records (100%)" in lines
    assert "fr: 1 of 3 records (33%)" in lines


def test_translations_missing_a_language_as_json_and_csv(content: Path) -> None:
    result = run("translations", "--content", str(content), "--missing", "fr", "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["cop-decision-3-4", "model-law-test"]
    assert rows[0]["missing"] == ["ar", "zh", "fr", "ru", "es"]
    assert rows[0]["files"] == ["content/decisions/d.en.md"]
    table = list(csv.DictReader(io.StringIO(run("translations", "--content", str(content), "--type", "case", "--format", "csv").stdout)))
    assert table == [{"id": "can-2015-example", "type": "case", "ar": "", "zh": "", "en": "yes", "fr": "yes", "ru": "", "es": ""}]
    text = run("translations", "--content", str(content), "--type", "case").stdout
    assert "(1 of the 3 records shown)" in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("translations", "--content", "/nonexistent"),
            2,
            "treatykb translations: no content folder at '/nonexistent'; pass --content DIR",
        ),
        (("translations", "--missing", "de"), 2, "argument --missing: invalid choice: 'de'"),
        (("linkcheck", "/nonexistent"), 2, "treatykb linkcheck: '/nonexistent' has no index.html; pass the folder of a built site"),
    ],
)
def test_bad_arguments(args: tuple[str, ...], code: int, message: str) -> None:
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr


def test_linkcheck_finds_missing_files_anchors_and_escapes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "en" / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="en/a/">a</a> <a href="https://example.org/x">out</a> <a href="#top" id="top">top</a>', encoding="utf-8"
    )
    (site / "en" / "a" / "index.html").write_text(
        '<p id="para-1">1.</p><a href="#para-1">ok</a> <a href="#para-2">bad anchor</a> <a href="../../index.html#top">ok</a>'
        ' <a href="../b/">missing</a> <img src="../../logo.png"> <a href="../../../outside.html">out</a>'
        ' <a href="/en/a/#para-1">root-relative</a> <a href="mailto:x@example.org">mail</a>',
        encoding="utf-8",
    )
    assert [str(b) for b in check_site(site)] == [
        "en/a/index.html: #para-2: no element with id 'para-2' in en/a/index.html",
        "en/a/index.html: ../../../outside.html: leads outside the site",
        "en/a/index.html: ../../logo.png: no such file in the site",
        "en/a/index.html: ../b/: no such file in the site",
    ]
    result = run("linkcheck", str(site))
    assert result.returncode == 1
    assert result.stderr.strip() == "treatykb linkcheck: 2 pages read; 4 broken link(s)"
    (site / "logo.png").write_bytes(b"")
    assert len(check_site(site)) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("CNA", "; did you mean 'CAN'?"),  # two letters swapped
        ("KEY", "; did you mean 'KEN'?"),  # one wrong letter; the first letters kept
        ("ken", "; did you mean 'KEN'?"),  # case
        ("Kenya", "; did you mean 'KEN'?"),  # a name, not a code: difflib's guess
        ("XYZ", ""),  # nothing close
    ],
)
def test_country_suggestions(value: str, expected: str) -> None:
    assert suggest(value, country_codes()) == expected


@pytest.mark.parametrize(("a", "b", "d"), [("CAN", "CNA", 1), ("KEN", "KEY", 1), ("abc", "abc", 0), ("", "abc", 3), ("court", "cout", 1)])
def test_typo_distance(a: str, b: str, d: int) -> None:
    assert typo_distance(a, b) == d
