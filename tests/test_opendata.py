"""The open-data export: every file valid against its published schema, values that say
what the content says, and the same bytes for the same content."""

from __future__ import annotations

import copy
import csv
import datetime
import hashlib
import io
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import CASE, CONTENT, DECISION, LAW, dedent
from treatykb import catalogue, opendata
from treatykb.catalogue import LANGUAGE_FIELDS
from treatykb.records import LANGUAGES
from treatykb.schema import FIELDS, TYPES

MakeContent = Callable[[dict[str, str]], Path]
Files = dict[str, bytes]
SITE = "https://kb.example.org/"

# A Chinese version of DECISION: it gives only what is its own, the rest is shared.
DECISION_ZH = dedent(
    """
    ---
    id: cop-decision-3-4
    type: decision
    title: {zh: 技术援助建议, en: Editors' English title, fr: Recommandations sur l'assistance technique}
    summary: 缔约方会议核可了建议。
    ---

    1. 工作组强调公约第 24 条。
    """
)

# A report citing, paragraph by paragraph, things that exist in the tree and things that do not.
REPORT = dedent(
    """
    ---
    id: cop-report-4
    type: decision
    kind: report
    body: cop
    symbol: CTOC/COP/2008/19
    date: 2008-10
    title: Report of the fourth session
    summary: What the Conference did.
    articles: ["untoc 24", "tip 6(3)"]
    sources:
      - symbol: CTOC/COP/2008/19
    ---

    The Conference met in Vienna, as report CTOC/COP/2008/19 records.

    1. Recalling decision 3/4, the Conference turned to article 24 of the Convention.

    2. It noted document CTOC/COP/2006/14 and decision 9/9.

    3. See also document CTOC/COP/2009/3 and General Assembly resolution 55/25.
    """
)

# Cited as CTOC/COP/2009/3 by REPORT: a record of that symbol.
NOTE = dedent(
    """
    ---
    id: cop-note-2009
    type: decision
    kind: note
    body: cop
    symbol: CTOC/COP/2009/3
    date: 2009
    title: Note by the Secretariat
    summary: A note.
    sources:
      - symbol: CTOC/COP/2009/3
    ---

    Text of the note, citing decision 3/4.
    """
)


def load(content: Path) -> catalogue.Catalogue:
    cat = catalogue.load(content)
    assert [str(p) for p in cat.problems] == []
    return cat


def build(content: Path, site: str = SITE) -> Files:
    return opendata.build_data(load(content), site)


def as_json(files: Files, path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def validators(files: Files) -> dict[str, Draft202012Validator]:
    """A validator per published schema, resolving their references to each other by `$id`."""
    schemas = {name: as_json(files, f"data/schemas/{name}.schema.json") for name in opendata.SCHEMA_NAMES}
    registry: Registry[Any] = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()}


def check_all(files: Files) -> dict[str, Any]:
    """Validate every dataset file the index lists against its schema, and the index
    against the files: every file listed, with its true checksum and count."""
    index = as_json(files, "data/index.json")
    check = validators(files)
    check["index"].validate(index)
    listed = {"data/" + f["path"] for f in index["files"]}
    extra = {"data/index.json", "data/README.md", *(f"data/schemas/{n}.schema.json" for n in opendata.SCHEMA_NAMES)}
    assert listed == set(files) - extra
    for entry in index["files"]:
        content = files["data/" + entry["path"]]
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["path"]
        if entry["format"] == "json":
            data = json.loads(content)
            check[entry["schema"].removeprefix("schemas/").removesuffix(".schema.json")].validate(data)
            assert entry["count"] == (len(data) if isinstance(data, list) else 1)
        else:
            rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
            assert entry["count"] == len(rows)
            assert entry["schema"] is None
    return index  # type: ignore[no-any-return]


@pytest.fixture
def tiny(make_content: MakeContent) -> Files:
    """The fixture records, DECISION in English and Chinese, and two that cite others."""
    return build(
        make_content(
            {
                "decisions/decision-3-4.en.md": DECISION,
                "decisions/decision-3-4.zh.md": DECISION_ZH,
                "decisions/report-4.en.md": REPORT,
                "decisions/note-2009.en.md": NOTE,
                "cases/example.en.md": CASE,
                "legislation/model.en.md": LAW,
            }
        )
    )


@pytest.fixture(scope="module")
def real() -> Files:
    return opendata.build_data(catalogue.load(CONTENT), SITE)


# --- the schemas themselves ----------------------------------------------------------


@pytest.mark.parametrize("name", opendata.SCHEMA_NAMES)
def test_schemas_are_valid_draft_2020_12(name: str, tiny: Files) -> None:
    Draft202012Validator.check_schema(opendata.packaged_schema(name))
    published = as_json(tiny, f"data/schemas/{name}.schema.json")
    Draft202012Validator.check_schema(published)
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert published["$id"] == f"{SITE}data/schemas/{name}.schema.json"


@pytest.mark.parametrize("rtype", TYPES)
def test_record_schema_has_exactly_the_fields_of_the_code(rtype: str) -> None:
    """A field added to FIELDS without the schema (or the reverse) fails here, not in a user's pipeline."""
    shared = [f for f in FIELDS[rtype] if f.name not in LANGUAGE_FIELDS | {"type"}]
    definition = opendata.packaged_schema("record")["$defs"][rtype]
    assert sorted(definition["properties"]) == sorted(f.name for f in shared)
    assert sorted(definition["required"]) == sorted(f.name for f in shared if f.required)


def test_published_record_schema_describes_fields_by_their_doc(tiny: Files) -> None:
    schema = as_json(tiny, "data/schemas/record.schema.json")
    for rtype, fields in FIELDS.items():
        props = schema["$defs"][rtype]["properties"]
        assert {name: p["description"] for name, p in props.items()} == {f.name: f.doc for f in fields if f.name in props}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (("properties", "type", "enum"), list(TYPES)),
        (("$defs", "language", "enum"), list(LANGUAGES)),
    ],
)
def test_schema_enumerations_match_the_code(where: tuple[str, ...], expected: list[str]) -> None:
    node: Any = opendata.packaged_schema("record")
    for key in where:
        node = node[key]
    assert node == expected


# --- every file valid, on tiny trees and on the bundled content ----------------------


def test_every_file_of_the_bundled_content_is_valid(real: Files) -> None:
    index = check_all(real)
    cat = catalogue.load(CONTENT)
    assert index["records"] == cat.counts()
    assert sum(index["records"].values()) == len(cat.records) > 0
    for rtype in TYPES:
        assert [r["id"] for r in as_json(real, f"data/records/{rtype}.json")] == sorted(r.id for r in cat.records if r.type == rtype)


def test_every_file_of_a_tiny_tree_is_valid(tiny: Files) -> None:
    index = check_all(tiny)
    assert index["records"] == {"decision": 3, "case": 1, "legislation": 1}
    assert index["treatykb_version"] == metadata.version("treatykb")
    assert index["site_url"] == SITE


def test_an_empty_content_tree_still_gives_every_file(make_content: MakeContent) -> None:
    files = build(make_content({}))
    check_all(files)
    for rtype in TYPES:
        assert as_json(files, f"data/records/{rtype}.json") == []
        assert files[f"data/records/{rtype}.csv"].decode() == ",".join(opendata.COLUMNS[rtype]) + "\n"


def test_citation_anchors_are_paragraphs_of_the_version(real: Files) -> None:
    """A citation's anchor must exist on the page, or a link built from the data breaks."""
    for path, content in real.items():
        if path.startswith("data/records/") and path.count("/") == 3:
            for version in json.loads(content)["versions"].values():
                anchors = {p["anchor"] for p in version["paragraphs"]}
                assert {c["anchor"] for c in version["citations"]} - {None} <= anchors, path


def test_edges_name_records_that_exist(real: Files) -> None:
    ids = {r["id"] for rtype in TYPES for r in as_json(real, f"data/records/{rtype}.json")}
    edges = as_json(real, "data/citations.json")
    assert edges
    assert {e["from"] for e in edges} <= ids
    assert {e["to_record"] for e in edges} - {None} <= ids


# --- what the records say ------------------------------------------------------------


def test_a_record_in_two_languages_is_one_file_with_both(tiny: Files) -> None:
    assert [p for p in tiny if "cop-decision-3-4" in p] == ["data/records/decision/cop-decision-3-4.json"]
    record = as_json(tiny, "data/records/decision/cop-decision-3-4.json")
    assert record["languages"] == ["zh", "en"]  # UN order
    assert sorted(record["versions"]) == ["en", "zh"]
    assert record["url"] == f"{SITE}en/decisions/cop-decision-3-4/"  # the primary: fullest metadata
    assert record["versions"]["zh"]["url"] == f"{SITE}zh/decisions/cop-decision-3-4/"
    # Each language's own version says its title; an editors' title fills a language without one.
    assert record["title"] == {
        "en": "Recommendations on technical assistance",
        "fr": "Recommandations sur l'assistance technique",
        "zh": "技术援助建议",
    }
    assert record["versions"]["zh"]["title"] == "技术援助建议"
    assert record["versions"]["zh"]["summary"] == "缔约方会议核可了建议。"
    # Shared metadata once, at the top; the translation's sources are those it inherits.
    assert (record["number"], record["date"], record["session"], record["articles"]) == ("3/4", "2006-10-18", 3, ["untoc 32(5)"])
    assert all("number" not in v and "date" not in v for v in record["versions"].values())
    assert (
        record["versions"]["zh"]["sources"]
        == record["versions"]["en"]["sources"]
        == [{"symbol": "CTOC/COP/2006/14", "title": "Report of the Conference"}]
    )


def test_paragraphs_and_citations_of_a_version(tiny: Files) -> None:
    en = as_json(tiny, "data/records/decision/cop-decision-3-4.json")["versions"]["en"]
    assert [(p["anchor"], p["label"]) for p in en["paragraphs"]] == [
        ("para-a", "(a)"),
        ("para-1", "1."),
        ("para-2", "2."),
        ("para-2-a", "(a)"),
        ("para-2-b", "(b)"),
    ]
    zh = as_json(tiny, "data/records/decision/cop-decision-3-4.json")["versions"]["zh"]
    assert zh["citations"] == [{"kind": "article", "target": "untoc 24", "body": None, "anchor": "para-1", "text": "第 24 条"}]


def test_each_version_and_each_paragraph_says_how_to_cite_it(tiny: Files) -> None:
    """The strings the record page's "How to cite" box and paragraph buttons copy."""
    record = as_json(tiny, "data/records/decision/cop-decision-3-4.json")
    en, zh = record["versions"]["en"], record["versions"]["zh"]
    body = "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"
    assert en["cite"] == f"{body}, decision 3/4 (18 October 2006). Available at {SITE}en/decisions/cop-decision-3-4/"
    assert (
        zh["cite"] == f"联合国打击跨国有组织犯罪公约缔约方会议第3/4号决定（2006年10月18日）。可查阅：{SITE}zh/decisions/cop-decision-3-4/"
    )
    by_anchor = {p["anchor"]: p["cite"] for p in en["paragraphs"]}
    assert (
        by_anchor["para-2-b"]
        == f"{body}, decision 3/4, para. 2 (b) (18 October 2006). Available at {SITE}en/decisions/cop-decision-3-4/#para-2-b"
    )
    assert by_anchor["para-a"].startswith(f"{body}, decision 3/4, para. (a) (")


FULL_CASE = CASE.replace(
    "sources:",
    dedent(
        """
        outcome: Appeal allowed
        sentence: none
        procedural_history: Court of Appeal, 2013
        parties: [{role: appellant, name: A}, {role: respondent}]
        ecli: ECLI:XX:2015:1
        topics: [definitions]
        sources:"""
    ).strip(),
)


def test_every_field_of_a_full_record_is_exported(make_content: MakeContent) -> None:
    files = build(make_content({"cases/full.en.md": FULL_CASE}))
    check_all(files)
    case = as_json(files, "data/records/case/can-2015-example.json")
    expected = {f.name for f in FIELDS["case"] if f.name not in LANGUAGE_FIELDS | {"aliases"}}
    assert expected <= set(case)
    assert case["parties"] == [{"role": "appellant", "name": "A"}, {"role": "respondent"}]
    assert case["ecli"] == "ECLI:XX:2015:1"


def test_no_field_of_the_bundled_content_is_lost(real: Files) -> None:
    cat = catalogue.load(CONTENT)
    for r in cat.records:
        record = as_json(real, f"data/records/{r.type}/{r.id}.json")
        assert {k for k in r.fields if k not in LANGUAGE_FIELDS} <= set(record), r.id
        assert record["title"][r.lang] == r.title[r.lang]
        assert set(record["title"]) >= set(r.title)  # editors' titles in other languages too


def test_case_metadata_keeps_its_own_date_field(tiny: Files) -> None:
    case = as_json(tiny, "data/records/case/can-2015-example.json")
    assert (case["decision_date"], case["country"], case["crime_types"], case["articles"]) == (
        "2015-11-27",
        "CAN",
        ["smuggling-of-migrants"],
        ["som 6"],
    )
    assert "date" not in case


# --- the citation graph --------------------------------------------------------------


def _edges(files: Files, rid: str) -> list[dict[str, Any]]:
    return [e for e in as_json(files, "data/citations.json") if e["from"] == rid]


@pytest.mark.parametrize(
    ("lang", "anchor", "kind", "to", "body", "to_record", "explicit"),
    [
        # explicit: from the `articles` field, no language or paragraph, paragraph precision kept
        (None, None, "article", "untoc 24", None, None, True),
        (None, None, "article", "tip 6(3)", None, None, True),
        # in the text, with the paragraph they occur in
        ("en", "para-1", "decision", "3/4", "cop", "cop-decision-3-4", False),
        ("en", "para-1", "article", "untoc 24", None, None, False),
        ("en", "para-2", "symbol", "CTOC/COP/2006/14", None, None, False),  # a source's symbol, not a record's own
        ("en", "para-2", "decision", "9/9", "cop", None, False),  # no such decision in the catalogue
        ("en", "para-3", "symbol", "CTOC/COP/2009/3", None, "cop-note-2009", False),
        ("en", "para-3", "decision", "55/25", "ga", None, False),  # not the Conference's: never a COP record
    ],
)
def test_citation_edges(
    tiny: Files, lang: str | None, anchor: str | None, kind: str, to: str, body: str | None, to_record: str | None, explicit: bool
) -> None:
    edge = {
        "from": "cop-report-4",
        "from_lang": lang,
        "from_anchor": anchor,
        "to_kind": kind,
        "to": to,
        "to_article": to.split("(")[0] if kind == "article" else None,
        "to_body": body,
        "to_record": to_record,
        "explicit": explicit,
    }
    assert edge in _edges(tiny, "cop-report-4")


def test_edges_are_ordered_and_complete(tiny: Files) -> None:
    """Explicit first, then in text order; the report's own symbol is no edge; one edge per paragraph and target."""
    assert [(e["from_anchor"], e["to"]) for e in _edges(tiny, "cop-report-4")] == [
        (None, "untoc 24"),
        (None, "tip 6(3)"),
        ("para-1", "3/4"),
        ("para-1", "untoc 24"),
        ("para-2", "CTOC/COP/2006/14"),
        ("para-2", "9/9"),
        ("para-3", "CTOC/COP/2009/3"),
        ("para-3", "55/25"),
    ]
    assert [e["from"] for e in as_json(tiny, "data/citations.json")] == sorted(e["from"] for e in as_json(tiny, "data/citations.json"))


def test_a_citation_outside_numbered_paragraphs_has_no_anchor(tiny: Files) -> None:
    assert _edges(tiny, "cop-note-2009") == [
        {
            "from": "cop-note-2009",
            "from_lang": "en",
            "from_anchor": None,
            "to_kind": "decision",
            "to": "3/4",
            "to_article": None,
            "to_body": "cop",
            "to_record": "cop-decision-3-4",
            "explicit": False,
        }
    ]


def test_each_language_version_cites_for_itself(tiny: Files) -> None:
    edges = [(e["from_lang"], e["from_anchor"], e["to"], e["explicit"]) for e in _edges(tiny, "cop-decision-3-4")]
    assert edges == [(None, None, "untoc 32(5)", True), ("zh", "para-1", "untoc 24", False)]


# --- CSV -----------------------------------------------------------------------------


def test_csv_has_one_row_per_record_with_fixed_columns(tiny: Files) -> None:
    text = tiny["data/records/decision.csv"].decode("utf-8")
    assert "\r" not in text
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == opendata.COLUMNS["decision"]
    rows = {row["id"]: row for row in reader}
    assert sorted(rows) == ["cop-decision-3-4", "cop-note-2009", "cop-report-4"]
    row = rows["cop-decision-3-4"]
    assert (row["date"], row["number"], row["session"], row["languages"]) == ("2006-10-18", "3/4", "3", "zh; en")
    assert (row["title_en"], row["title_zh"], row["title_es"]) == ("Recommendations on technical assistance", "技术援助建议", "")
    assert row["title_fr"] == "Recommandations sur l'assistance technique"
    assert rows["cop-report-4"]["articles"] == "untoc 24; tip 6(3)"
    assert row["url"] == f"{SITE}en/decisions/cop-decision-3-4/"


@pytest.mark.parametrize(
    ("rtype", "column", "value"),
    [
        ("case", "date", "2015-11-27"),  # the judgment's date, under the common column name
        ("case", "crime_types", "smuggling-of-migrants"),
        ("case", "country", "CAN"),
        ("legislation", "country", "model"),
        ("legislation", "date", "2009"),
        ("legislation", "articles", ""),
    ],
)
def test_csv_cells(tiny: Files, rtype: str, column: str, value: str) -> None:
    rows = list(csv.DictReader(io.StringIO(tiny[f"data/records/{rtype}.csv"].decode("utf-8"))))
    assert len(rows) == 1
    assert rows[0][column] == value


# --- instruments ---------------------------------------------------------------------


def test_instruments(tiny: Files, real: Files) -> None:
    instruments = as_json(tiny, "data/instruments.json")
    assert [i["id"] for i in instruments] == ["untoc", "tip", "som", "fp"]
    untoc = instruments[0]
    assert (untoc["name"], untoc["short_name"], len(untoc["articles"])) == ({"en": "Instrument untoc"}, {"en": "UNTOC"}, 41)
    assert untoc["articles"][31] == {"number": 32, "ref": "untoc 32", "title": {"en": "Article 32 title"}, "paragraphs": 5}
    assert untoc["articles"][0]["paragraphs"] is None
    bundled = {i["id"]: i for i in as_json(real, "data/instruments.json")}
    assert bundled["untoc"]["symbol"] == "A/RES/55/25"
    assert bundled["untoc"]["name"]["zh"] == "联合国打击跨国有组织犯罪公约"


# --- README --------------------------------------------------------------------------


@pytest.mark.parametrize(("rtype", "name", "doc"), [(t, f.name, f.doc) for t, fs in FIELDS.items() for f in fs])
def test_readme_explains_every_field(tiny: Files, rtype: str, name: str, doc: str) -> None:
    readme = tiny["data/README.md"].decode("utf-8")
    section = readme.split(f"### Fields of a {rtype} record", 1)[1].split("\n### ", 1)[0]
    assert f"- `{name}` (" in section
    assert doc in section


def test_readme_explains_every_file_and_column(tiny: Files) -> None:
    readme = tiny["data/README.md"].decode("utf-8")
    for name in opendata.SCHEMA_NAMES:
        assert f"`schemas/{name}.schema.json`" in readme
    for rtype, columns in opendata.COLUMNS.items():
        section = readme.split(f"### `records/{rtype}.csv`", 1)[1].split("\n### ", 1)[0]
        for column in columns:
            shown = "title_<lang>" if column.startswith("title_") else column
            assert f"- `{shown}`: " in section
            assert not section.split(f"- `{shown}`: ", 1)[1].startswith("\n")
    for prop in ("versions.<lang>.citations[].anchor", "to_record", "files[].sha256", "articles[].paragraphs"):
        assert f"- `{prop}` (" in readme


# --- the schemas can fail ------------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(record: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = record
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value

    return change


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda record: record.pop(key) and None


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(_drop("versions"), id="no versions"),
        pytest.param(_drop("kind"), id="decision without its required kind"),
        pytest.param(_set("colour", "blue"), id="unknown field"),
        pytest.param(_set("country", "CAN"), id="a case's field on a decision"),
        pytest.param(_set("articles", ["untoc twenty-four"]), id="bad article reference"),
        pytest.param(_set("date", "18 October 2006"), id="bad date"),
        pytest.param(_set("session", "3"), id="session as text"),
        pytest.param(_set("type", "treaty"), id="unknown type"),
        pytest.param(_set("languages", ["en", "en"]), id="a language twice"),
        pytest.param(_set("title", {"xx": "Title"}), id="unknown language"),
        pytest.param(_set("versions.en.paragraphs", [{"anchor": "para 1", "label": "1.", "cite": "para. 1"}]), id="bad anchor"),
        pytest.param(_set("versions.en.paragraphs", [{"anchor": "para-1", "label": "1."}]), id="paragraph without its citation"),
        pytest.param(lambda record: record["versions"]["en"].pop("cite") and None, id="version without its citation"),
        pytest.param(
            _set("versions.en.citations", [{"kind": "treaty", "target": "x", "body": None, "anchor": None, "text": "x"}]), id="bad kind"
        ),
        pytest.param(
            _set("versions.en.citations", [{"kind": "article", "target": "3/4", "body": None, "anchor": None, "text": "x"}]),
            id="decision number as article",
        ),
        pytest.param(_set("versions.en.sources", [{"title": "no address"}]), id="source without url, symbol or citation"),
        pytest.param(_set("versions.en.summary", 3), id="summary not text"),
    ],
)
def test_record_schema_rejects_broken_records(tiny: Files, break_it: Callable[[dict[str, Any]], None]) -> None:
    check = validators(tiny)["record"]
    record = as_json(tiny, "data/records/decision/cop-decision-3-4.json")
    check.validate(record)  # the control: valid before the change
    broken = copy.deepcopy(record)
    break_it(broken)
    assert broken != record
    assert not check.is_valid(broken)


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("from_lang", "en"),  # explicit edges belong to no language version
        ("to_kind", "decision"),
        ("to_article", None),
        ("to_record", "cop-decision-3-4"),  # an article is no record
    ],
)
def test_citation_schema_rejects_broken_edges(tiny: Files, change: str, value: Any) -> None:
    check = validators(tiny)["citations"]
    edges = as_json(tiny, "data/citations.json")
    explicit = next(e for e in edges if e["explicit"])
    check.validate([explicit])
    assert not check.is_valid([{**explicit, change: value}])


# --- stable bytes --------------------------------------------------------------------


def test_same_content_gives_the_same_bytes(make_content: MakeContent) -> None:
    content = make_content({"decisions/a.en.md": DECISION, "decisions/a.zh.md": DECISION_ZH, "decisions/r.en.md": REPORT})
    cat = load(content)
    first = opendata.build_data(cat, SITE)
    assert opendata.build_data(cat, SITE) == first
    assert opendata.build_data(load(content), SITE) == first


def test_bundled_content_gives_the_same_bytes_twice(real: Files) -> None:
    assert opendata.build_data(catalogue.load(CONTENT), SITE) == real


def test_output_is_sorted_json_without_timestamps(real: Files) -> None:
    today = datetime.date.today().isoformat()
    for path, content in real.items():
        text = content.decode("utf-8")
        assert text.endswith("\n"), path
        assert today not in text, path
        if path.endswith(".json"):
            assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1) + "\n", path


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ("https://kb.example.org/", "https://kb.example.org/en/cases/can-2015-example/"),
        ("https://example.org/kb", "https://example.org/kb/en/cases/can-2015-example/"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/en/cases/can-2015-example/"),
    ],
)
def test_urls_are_absolute_under_the_site(make_content: MakeContent, site: str, expected: str) -> None:
    files = build(make_content({"cases/x.en.md": CASE}), site)
    assert as_json(files, "data/records/case/can-2015-example.json")["url"] == expected
    base = expected.removesuffix("en/cases/can-2015-example/")
    assert as_json(files, "data/schemas/record.schema.json")["$id"] == f"{base}data/schemas/record.schema.json"
    check_all(files)


@pytest.mark.parametrize("site", ["", "/", "kb.example.org", "/kb/", "ftp://example.org/"])
def test_a_site_url_that_is_not_absolute_is_refused(make_content: MakeContent, site: str) -> None:
    cat = load(make_content({"cases/x.en.md": CASE}))
    with pytest.raises(ValueError, match="absolute address"):
        opendata.build_data(cat, site)
