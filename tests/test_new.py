"""`treatykb new` through its installed entry point, in temp content folders.

The scaffold must guide an editor from nothing to a record `treatykb check` accepts: every
field of the type listed with its doc, bad values refused with check's own messages, and
a record that builds into a real page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import CASE, DECISION, mkdocs_build, write_instruments
from test_build import CONFIG
from treatykb.records import load_yaml, split_front_matter
from treatykb.scaffold import field_comment, short_name
from treatykb.schema import FIELDS
from treatykb.vocab import vocabularies

MakeContent = Callable[[dict[str, str]], Path]
TREATYKB = str(Path(sys.executable).parent / "treatykb")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TREATYKB, *args], cwd=cwd, capture_output=True, text=True, check=False)


def new(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`treatykb new` run next to the content folder, naming it as `content`."""
    return run("new", *args, "--content", "content", cwd=content.parent)


def files(content: Path) -> list[str]:
    return sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))


# Enough flags to make each type's id, and no more: the scaffold leaves the rest empty.
MINIMAL = {
    "case": ["--country", "CAN", "--date", "2015-11-27", "--title", "R. v. Appulonappa", "--lang", "en", "--name", "appulonappa"],
    "legislation": ["--country", "model", "--title", "Model Law against Firearms", "--lang", "en"],
    "decision": ["--body", "cop", "--kind", "resolution", "--number", "5/6", "--lang", "fr"],
}
MINIMAL_PATH = {
    "case": "cases/can-2015-appulonappa.en.md",
    "legislation": "legislation/model-model-law-against-firearms.en.md",
    "decision": "decisions/cop-resolution-5-6.fr.md",
}
# What the minimal flags leave to fill, in schema order.
STILL_EMPTY = {
    "case": ["summary", "sources", "court", "case_number", "crime_types"],
    "legislation": ["summary", "sources", "date", "status"],
    "decision": ["title", "summary", "sources", "date"],
}
# Every required field given by a flag.
COMPLETE = {
    "case": [
        *MINIMAL["case"],
        *("--summary", "A digest.", "--court", "Supreme Court of Canada", "--case-number", "2015 SCC 59"),
        *("--crime", "smuggling-of-migrants", "--source-url", "https://example.org/judgment"),
    ],
    "legislation": [
        *MINIMAL["legislation"],
        *("--summary", "A model law.", "--date", "2011", "--status", "model"),
        *("--source-title", "UNODC", "--source-url", "https://example.org/l"),
    ],
    "decision": [
        *MINIMAL["decision"],
        *("--title", "Application du Protocole", "--summary", "La Conférence a adopté la résolution.", "--date", "2010-10-18"),
        *("--source-symbol", "CTOC/COP/2010/17", "--topic", "technical-assistance", "--article", "untoc 32(5)"),
    ],
}


@pytest.fixture
def content(make_content: MakeContent) -> Path:
    """A content folder with instruments and one case (id `can-2015-example`)."""
    return make_content({"cases/can.en.md": CASE})


def front_matter(path: Path) -> tuple[str, dict[str, object]]:
    fm, line, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta, _ = load_yaml(fm, line)
    assert isinstance(meta, dict)
    return fm, meta


# --- the scaffold: every field, its doc, in schema order ------------------------------


@pytest.mark.parametrize("rtype", list(FIELDS))
def test_scaffold_lists_every_field_of_the_type_in_schema_order_with_its_doc(content: Path, rtype: str) -> None:
    result = new(content, rtype, *MINIMAL[rtype])
    assert result.returncode == 0, result.stderr
    fm, meta = front_matter(content / MINIMAL_PATH[rtype])
    lines = fm.split("\n")
    places = []
    for f in FIELDS[rtype]:
        at = [i for i, line in enumerate(lines) if re.fullmatch(rf"(# )?{f.name}:( .*)?", line)]
        assert len(at) == 1, f"{f.name} appears {len(at)} times"
        comment = field_comment(f)
        assert lines[at[0] - len(comment) : at[0]] == comment
        assert comment[0] == f"# {f.name} ({'required' if f.required else 'optional'}): {f.doc}"
        places.append(at[0])
    assert places == sorted(places)
    # Given fields are filled in, required ones left empty, optional ones commented out.
    assert [k for k, v in meta.items() if v is None] == STILL_EMPTY[rtype]
    assert set(meta) == {f.name for f in FIELDS[rtype] if f.required or meta.get(f.name) is not None}


@pytest.mark.parametrize(
    ("rtype", "field", "vocabulary"),
    [
        ("case", "crime_types", "crime_types"),
        ("case", "topics", "topics"),
        ("legislation", "status", "legislation_statuses"),
        ("decision", "kind", "decision_kinds"),
        ("decision", "body", "bodies"),
    ],
)
def test_vocabulary_fields_list_their_allowed_values(content: Path, rtype: str, field: str, vocabulary: str) -> None:
    new(content, rtype, *MINIMAL[rtype])
    fm, _ = front_matter(content / MINIMAL_PATH[rtype])
    comment = fm.split(f"\n# {field} (", 1)[1].split(f"\n{field}:", 1)[0].split(f"\n# {field}:", 1)[0]
    listed = " ".join(line.lstrip("# ") for line in comment.split("\n")[1:])
    assert listed.startswith("values: ")
    assert listed.removeprefix("values: ").split(", ") == vocabularies().keys(vocabulary)


def test_body_is_a_comment_showing_numbered_paragraphs(content: Path) -> None:
    new(content, "case", *MINIMAL["case"])
    _, _, body, _ = split_front_matter((content / MINIMAL_PATH["case"]).read_text(encoding="utf-8"))
    assert body.startswith("\n<!--\nWrite the digest of the judgment here,")
    assert '"1." gets the\npermanent anchor #para-1, and one that starts with "(a)" after it #para-1-a.' in body
    assert body.endswith("-->\n")
    # No line of it could be taken for a numbered paragraph or a heading.
    assert not [line for line in body.split("\n") if re.match(r"\d|\(|#", line)]


def test_output_says_what_was_written_and_what_remains(content: Path) -> None:
    result = new(content, "case", *MINIMAL["case"])
    assert result.returncode == 0
    assert result.stdout == (
        "treatykb new: wrote content/cases/can-2015-appulonappa.en.md\n"
        "treatykb new: still to fill (required): summary, sources, court, case_number, crime_types\n"
    )
    assert result.stderr == ""
    done = new(content, "case", *COMPLETE["case"], "--force")
    assert done.stdout.splitlines()[1] == "treatykb new: all required fields are filled; run `treatykb check` when the text is in"


def test_values_are_written_as_records_are(content: Path) -> None:
    result = new(
        content,
        "case",
        *COMPLETE["case"],
        *("--crime", "document-fraud", "--article", "som 6", "--article", "som 6(1)(a)"),
        *("--set", "parties=[{role: appellant, name: F. Appulonappa}]", "--set", "outcome=Appeals allowed."),
    )
    assert result.returncode == 0, result.stderr
    text = (content / MINIMAL_PATH["case"]).read_text(encoding="utf-8")
    for line in [
        "id: can-2015-appulonappa",
        "decision_date: 2015-11-27",
        "case_number: 2015 SCC 59",
        "crime_types: [smuggling-of-migrants, document-fraud]",
        "articles: [som 6, som 6(1)(a)]",
        "sources:\n  - url: https://example.org/judgment",
        "parties:\n  - role: appellant\n    name: F. Appulonappa",
        "outcome: Appeals allowed.",
    ]:
        assert f"\n{line}\n" in text
    assert front_matter(content / MINIMAL_PATH["case"])[1]["decision_date"] == "2015-11-27"


# --- check accepts a complete scaffold and names what an incomplete one lacks ----------


@pytest.mark.parametrize("rtype", list(FIELDS))
def test_complete_scaffold_passes_check(content: Path, rtype: str) -> None:
    result = new(content, rtype, *COMPLETE[rtype])
    assert result.returncode == 0, result.stderr
    assert files(content) == sorted(["cases/can.en.md", MINIMAL_PATH[rtype]])
    check = run("check", cwd=content.parent)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "treatykb check: 2 records read; no problems\n")


@pytest.mark.parametrize("rtype", list(FIELDS))
def test_incomplete_scaffold_fails_check_naming_exactly_the_missing_fields(content: Path, rtype: str) -> None:
    result = new(content, rtype, *MINIMAL[rtype])
    assert result.stdout.splitlines()[1] == f"treatykb new: still to fill (required): {', '.join(STILL_EMPTY[rtype])}"
    check = run("check", cwd=content.parent)
    assert check.returncode == 1
    problems = [line.split(": ", 2) for line in check.stdout.splitlines()]
    assert [where.rsplit(":", 1)[0] for where, _, _ in problems] == [f"content/{MINIMAL_PATH[rtype]}"] * len(STILL_EMPTY[rtype])
    assert [name for _, name, _ in problems] == STILL_EMPTY[rtype]
    docs = {f.name: f.doc for f in FIELDS[rtype]}
    assert [message for _, _, message in problems] == [f"is empty; expected {docs[n]}" for n in STILL_EMPTY[rtype]]
    # Each message points at the field's own line, where the editor types the value.
    lines = (content / MINIMAL_PATH[rtype]).read_text(encoding="utf-8").split("\n")
    for where, name, _ in problems:
        assert lines[int(where.rsplit(":", 1)[1]) - 1] == f"{name}:"


# --- bad input: check's messages, exit 2, nothing written -----------------------------

CASE_ARGS = ["case", "--country", "CAN", "--date", "2015-11-27", "--title", "R. v. Appulonappa", "--lang", "en"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["cases", "--lang", "en"], ["unknown type 'cases'; expected one of decision, case, legislation; did you mean 'case'?"]),
        (["treaty", "--lang", "en"], ["unknown type 'treaty'; expected one of decision, case, legislation"]),
        ([*CASE_ARGS, "--country", "CNA"], ["--country: unknown country 'CNA'; did you mean 'CAN'?"]),
        ([*CASE_ARGS, "--date", "2015-13-01"], ["--date: '2015-13-01' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY"]),
        ([*CASE_ARGS, "--date", "27/11/2015"], ["--date: '27/11/2015' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"]),
        ([*CASE_ARGS, "--lang", "eng"], ["--lang: unknown language 'eng'; expected one of ar, zh, en, fr, ru, es; did you mean 'en'?"]),
        ([*CASE_ARGS, "--crime", "smuggling"], ["--crime: unknown value 'smuggling'; did you mean 'smuggling-of-migrants'?"]),
        ([*CASE_ARGS, "--topic", "refugees", "--topic", "refugees"], ["--topic: lists the same value twice"]),
        ([*CASE_ARGS, "--article", "untoc 99"], ["--article: UNTOC has no article 99 (it has articles 1 to 41)"]),
        ([*CASE_ARGS, "--article", "treaty 5"], ["--article: unknown instrument 'treaty' in 'treaty 5'; expected one of fp, som, tip, untoc, then the article, e.g. 'untoc 24'"]),
        ([*CASE_ARGS, "--court", " "], ["--court: must not be empty"]),
        ([*CASE_ARGS, "--source-url", "ftp://x"], ["--source-url: 'ftp://x' is not a web address; expected one starting with https://"]),
        ([*CASE_ARGS, "--source-title", "Judgment"], ["--source-title: needs 'url' or 'symbol' or 'citation'"]),
        ([*CASE_ARGS, "--set", "outcom=Appeal allowed"], ["--set outcom: unknown field; did you mean 'outcome'?"]),
        ([*CASE_ARGS, "--set", "parties=oops"], ["--set parties: expected a list, got text"]),
        ([*CASE_ARGS, "--set", "parties=[{name: X}]"], ["--set parties[0]: missing field 'role'"]),
        ([*CASE_ARGS, "--set", "outcome=[unclosed"], ["--set outcome: invalid YAML: a '[' opened here is never closed"]),
        ([*CASE_ARGS, "--set", "outcome"], ["--set outcome: expected FIELD=VALUE, e.g. --set outcome='Appeal dismissed'"]),
        ([*CASE_ARGS, "--set", "id=can-2015-x"], ["--set id: the id is made from the record's metadata; use --name for its short name"]),
        ([*CASE_ARGS, "--set", "court=A", "--court", "B"], ["--set court: 'court' is already given by --court"]),
        ([*CASE_ARGS, "--status", "in-force"], ["--status: case records have no field 'status'"]),
        ([*CASE_ARGS, "--name", "Appulonappa v R"], ["--name: 'Appulonappa v R' is not a short name; expected lower-case letters, digits and single hyphens, e.g. 'appulonappa-v-r'"]),
        ([*CASE_ARGS, "--name", "x" * 75], [f"--name: the id 'can-2015-{'x' * 75}' would be longer than 80 characters; give a shorter name"]),
        (["case", "--title", "R. v. Appulonappa", "--lang", "en"], ["a case's id is <country>-<year>-<short-name>: give --country and --date"]),
        (["case", "--country", "CAN", "--date", "2015", "--lang", "en"], ["give --name (the id's short name) or --title to make it from"]),
        (["legislation", "--title", "Law", "--lang", "en"], ["a law's id is <country>-<short-name> (model-<short-name> for a model law): give --country"]),
        (["legislation", "--country", "KEN", "--title", "Law", "--lang", "en", "--court", "High Court", "--status", "in-forc"], ["--court: legislation records have no field 'court'", "--status: unknown value 'in-forc'; did you mean 'in-force'?"]),
        (["decision", "--kind", "note", "--title", "Note", "--lang", "en"], ["a decision's id is <body>-<short-name>, or <body>-<kind>-<session>-<number> for a numbered decision or resolution: give --body"]),
        (["decision", "--body", "cop", "--kind", "resolution", "--lang", "en"], ["a resolution's id is <body>-resolution-<session>-<number>: give --number, e.g. 3/4"]),
        (["decision", "--body", "cop", "--kind", "decision", "--number", "3/4", "--session", "5", "--lang", "en"], ["--session: 5 differs from the session in --number 3/4"]),
        (["decision", "--body", "cop", "--kind", "decision", "--number", "3-4", "--lang", "en"], ["--number: '3-4' is not a decision number; expected session/number in quotes, e.g. \"3/4\""]),
        (["decision", "--body", "cop", "--kind", "decision", "--number", "3/4", "--name", "x", "--lang", "en"], ["--name: a numbered decision's id is made from its number alone; leave out --name"]),
        (["decision", "--body", "COP", "--kind", "decisions", "--number", "3/4", "--session", "three", "--lang", "en"], ["--kind: unknown value 'decisions'; did you mean 'decision'?", "--body: unknown value 'COP'; did you mean 'cop'?", "--session: expected a whole number, got text"]),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_checks_message_and_nothing_is_written(content: Path, args: list[str], expected: list[str]) -> None:
    result = new(content, *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"treatykb new: {line}" for line in expected]
    assert files(content) == ["cases/can.en.md"]


def test_missing_content_folder_is_said(tmp_path: Path) -> None:
    result = run("new", *CASE_ARGS, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "treatykb new: no content folder at 'content'; pass --content DIR\n")


# --- ids: the scheme, names from titles, taken ids --------------------------------------


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (CASE_ARGS, "cases/can-2015-r-v-appulonappa.en.md"),
        ([*CASE_ARGS, "--name", "appulonappa"], "cases/can-2015-appulonappa.en.md"),
        (["case", "--country", "PHL", "--date", "2014-03", "--title", "People of the Philippines v. Casio", "--lang", "en"], "cases/phl-2014-people-of-the-philippines-v-casio.en.md"),
        (["case", "--country", "RUS", "--date", "2019", "--title", "Дело Иванова", "--lang", "ru"], "cases/rus-2019-delo-ivanova.ru.md"),
        (["legislation", "--country", "KEN", "--title", "Counter-Trafficking in Persons Act, 2010", "--lang", "en"], "legislation/ken-counter-trafficking-in-persons-act-2010.en.md"),
        (["legislation", "--country", "model", "--name", "law-firearms", "--lang", "en"], "legislation/model-law-firearms.en.md"),
        (["decision", "--body", "cop", "--kind", "decision", "--number", "3/4", "--lang", "zh"], "decisions/cop-decision-3-4.zh.md"),
        (["decision", "--body", "cop", "--kind", "resolution", "--session", "5", "--number", "6", "--lang", "en"], "decisions/cop-resolution-5-6.en.md"),
        (["decision", "--body", "wg-technical-assistance", "--kind", "agenda", "--title", "Provisional agenda, 2009", "--lang", "en"], "decisions/wg-technical-assistance-provisional-agenda-2009.en.md"),
    ],
)  # fmt: skip
def test_id_follows_the_scheme(content: Path, args: list[str], path: str) -> None:
    result = new(content, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"treatykb new: wrote content/{path}"
    rid = path.split("/")[1].split(".")[0]
    assert front_matter(content / path)[1]["id"] == rid


def test_numbered_decision_gets_its_session_from_its_number(content: Path) -> None:
    new(content, "decision", "--body", "cop", "--kind", "decision", "--number", "3/4", "--lang", "en")
    meta = front_matter(content / "decisions/cop-decision-3-4.en.md")[1]
    assert (meta["session"], meta["number"]) == (3, "3/4")


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("R. v. Appulonappa", "r-v-appulonappa"),
        ("Société Générale c. État belge", "societe-generale-c-etat-belge"),
        ("Straße, Ærø & Łódź", "strasse-aero-lodz"),
        ("The State’s case", "the-states-case"),
        ("Дело Иванова против Объединённого", "delo-ivanova-protiv-obedinennogo"),
        ("Model Law against Trafficking in Persons, with commentary", "model-law-against-trafficking-in-persons"),
        ("A" * 50, "a" * 40),
        ("  --Kenya--  ", "kenya"),
    ],
)
def test_short_name_from_a_latin_or_cyrillic_title(title: str, name: str) -> None:
    assert short_name(title) == (name, False)


@pytest.mark.parametrize("title", ["最高人民法院关于审理拐卖妇女儿童犯罪案件的意见", "قضية تهريب المهاجرين", "2015 年 第 59 号", "!!!"])
def test_short_name_of_a_title_without_latin_letters_is_a_stable_hash(title: str) -> None:
    name, hashed = short_name(title)
    assert hashed
    assert re.fullmatch(r"[0-9a-f]{8}", name)
    assert short_name(title) == (name, True)
    assert short_name(title + "x") != (name, True)


def test_hashed_short_name_is_announced(content: Path) -> None:
    result = new(content, "case", "--country", "CHN", "--date", "2010", "--title", "拐卖妇女案", "--lang", "zh")
    assert result.returncode == 0
    name, _ = short_name("拐卖妇女案")
    assert result.stdout.splitlines()[0] == f"treatykb new: wrote content/cases/chn-2010-{name}.zh.md"
    assert result.stderr == (
        "treatykb new: the title has no Latin or Cyrillic letters, so the id's short name is a hash of it; "
        "pass --name to choose a readable one\n"
    )


@pytest.mark.parametrize(
    ("existing", "message"),
    [
        ({"cases/can.en.md": CASE}, "'can-2015-example' is already the id of content/cases/can.en.md; the next free id is 'can-2015-example-2' (--name example-2)"),
        ({"cases/can.en.md": CASE, "cases/b.fr.md": CASE.replace("can-2015-example", "can-2015-example-2")}, "'can-2015-example' is already the id of content/cases/can.en.md; the next free id is 'can-2015-example-3' (--name example-3)"),
        ({"cases/other.en.md": CASE.replace("can-2015-example", "can-2015-other").replace("title:", "aliases: [can-2015-example]\ntitle:")}, "'can-2015-example' is already a former id (alias) of content/cases/other.en.md; the next free id is 'can-2015-example-2' (--name example-2)"),
        # A record with errors still holds its id.
        ({"cases/broken.en.md": "---\nid: can-2015-example\ntype: case\n---\n"}, "'can-2015-example' is already the id of content/cases/broken.en.md; the next free id is 'can-2015-example-2' (--name example-2)"),
    ],
)  # fmt: skip
def test_taken_id_is_refused_and_the_next_free_one_proposed(make_content: MakeContent, existing: dict[str, str], message: str) -> None:
    content = make_content(existing)
    result = new(content, "case", "--country", "CAN", "--date", "2015", "--name", "example", "--title", "X", "--lang", "en")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"treatykb new: {message}\n")
    assert files(content) == sorted(existing)
    proposed = re.search(r"--name (\S+)\)", message)
    assert proposed is not None
    again = new(content, "case", "--country", "CAN", "--date", "2015", "--name", proposed.group(1), "--title", "X", "--lang", "en")
    assert again.returncode == 0, again.stderr


NUMBERED = ["decision", "--body", "cop", "--kind", "decision", "--number", "3/4"]


@pytest.mark.parametrize(
    ("lang", "force", "code", "message"),
    [
        ("fr", False, 1, "'cop-decision-3-4' is already the id of content/decisions/d.en.md; to add its fr version, pass --force"),
        ("en", False, 1, "'cop-decision-3-4' is already the id of content/decisions/d.en.md, which is its en version; edit that file instead"),
        ("en", True, 1, "'cop-decision-3-4' is already the id of content/decisions/d.en.md, which is its en version; edit that file instead"),
        ("fr", True, 0, ""),
    ],
)  # fmt: skip
def test_numbered_decision_id_is_fixed_and_force_adds_a_language_version(
    make_content: MakeContent, lang: str, force: bool, code: int, message: str
) -> None:
    content = make_content({"decisions/d.en.md": DECISION})
    result = new(content, *NUMBERED, "--lang", lang, *(["--force"] if force else []))
    assert result.returncode == code
    assert result.stderr == (f"treatykb new: {message}\n" if message else "")
    assert ("decisions/cop-decision-3-4.fr.md" in files(content)) == (code == 0)


def test_existing_file_is_only_overwritten_with_force(content: Path) -> None:
    target = content / "cases" / "can-2015-appulonappa.en.md"
    target.write_text("---\nid: something-else\n---\n", encoding="utf-8")
    refused = new(content, "case", *MINIMAL["case"])
    assert (refused.returncode, refused.stderr) == (
        1,
        "treatykb new: content/cases/can-2015-appulonappa.en.md already exists; pass --force to overwrite it\n",
    )
    assert target.read_text(encoding="utf-8") == "---\nid: something-else\n---\n"
    forced = new(content, "case", *MINIMAL["case"], "--force")
    assert forced.returncode == 0, forced.stderr
    assert front_matter(target)[1]["id"] == "can-2015-appulonappa"


def test_print_writes_nothing_and_shows_what_would_be_written(content: Path) -> None:
    shown = new(content, "case", *COMPLETE["case"], "--print")
    assert shown.returncode == 0
    assert files(content) == ["cases/can.en.md"]
    assert shown.stderr == (
        "treatykb new: not written (--print); it would be content/cases/can-2015-appulonappa.en.md\n"
        "treatykb new: all required fields are filled; run `treatykb check` when the text is in\n"
    )
    new(content, "case", *COMPLETE["case"])
    assert shown.stdout == (content / MINIMAL_PATH["case"]).read_text(encoding="utf-8")


def test_print_still_refuses_a_taken_id(content: Path) -> None:
    result = new(content, "case", "--country", "CAN", "--date", "2015", "--name", "example", "--lang", "en", "--print")
    assert (result.returncode, result.stdout) == (1, "")


# --- end to end: scaffold with flags only, then a strict build --------------------------


def test_scaffolded_case_builds_into_its_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_instruments(content)
    result = new(
        content,
        *CASE_ARGS,
        *("--name", "appulonappa", "--court", "Supreme Court of Canada", "--case-number", "2015 SCC 59"),
        *("--summary", "The smuggling offence was read down.", "--crime", "smuggling-of-migrants", "--topic", "refugees"),
        *("--article", "som 6", "--source-title", "Judgment", "--source-url", "https://example.org/appulonappa"),
        *("--set", "outcome=Appeals allowed."),
    )
    assert result.returncode == 0, result.stderr
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    built = mkdocs_build(tmp_path, tmp_path / "site", "--strict")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site/en/cases/can-2015-appulonappa/index.html").read_text(encoding="utf-8")
    assert "<h1>R. v. Appulonappa</h1>" in html
    facts = re.search(r'<section class="tkb-facts".*?</section>', html, re.S)
    assert facts is not None
    for term, value in [
        ("Country", "Canada"),
        ("Court", "Supreme Court of Canada"),
        ("Case number", "2015 SCC 59"),
        ("Date of decision", "2015-11-27"),
        ("Outcome", "Appeals allowed."),
    ]:
        assert re.search(rf"<dt>{term}</dt>\s*<dd>{re.escape(value)}</dd>", facts.group(0)), term
    assert '<a href="https://example.org/appulonappa">Judgment</a>' in facts.group(0)
    assert "The smuggling offence was read down." in html
    # The body's guidance stays an HTML comment: nothing of it shows on the page.
    visible = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    assert "Delete this comment" not in visible


def test_scaffold_yaml_is_plain_yaml_too(content: Path) -> None:
    """Any YAML reader (MkDocs' own, an editor's plugin) reads the front matter."""
    new(content, "decision", *COMPLETE["decision"])
    fm, meta = front_matter(content / MINIMAL_PATH["decision"])
    plain = yaml.safe_load(fm)
    assert plain["id"] == meta["id"] == "cop-resolution-5-6"
    assert plain["articles"] == ["untoc 32(5)"]
