"""The open-data export: every record, the instruments and the citation graph as files.

Researchers want the knowledge base as data, not pages: JSON with published JSON Schemas,
CSV for spreadsheets, and a README that says what each field means. Everything is taken
from the catalogue (nothing reads content again) and nothing here imports MkDocs, so the
CLI and tests build the same bytes as the site.

The output is byte-stable: sorted keys, lists in a defined order, no timestamps. A diff
between two releases therefore shows only what changed in the content or in treatykb.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from typing import Any

from .catalogue import LANGUAGE_FIELDS, Catalogue
from .citations import Citation
from .cite import cite
from .instruments import INSTRUMENT_IDS, ArticleRef, Instrument
from .records import LANGUAGES
from .schema import FIELDS, TYPES, Record

Json = dict[str, Any]

DATA_DIR = "data/"
SCHEMA_NAMES = ("record", "records", "instruments", "citations", "index")
"""The JSON Schemas shipped in `treatykb/schemas/<name>.schema.json` and published."""

OWN_FIELDS = frozenset({"id", "type"})
"""Fields every record has at the top of its object, whatever its type."""

SHARED_FIELDS = {rtype: [f.name for f in fields if f.name not in LANGUAGE_FIELDS | OWN_FIELDS] for rtype, fields in FIELDS.items()}
"""Per type, the metadata the language versions of a record share: written once per record."""

INSTRUMENT_META = ("adopted", "adopted_by", "entry_into_force", "symbol", "url")
"""Instrument file keys, besides names and articles, that the export carries (when text)."""

_TYPE_COLUMNS = {
    "decision": ["kind", "body", "session", "number", "symbol"],
    "case": ["country", "court", "case_number", "crime_types"],
    "legislation": ["country", "status", "crime_types"],
}
COLUMNS = {
    rtype: ["id", "type", "date", *_TYPE_COLUMNS[rtype], *(f"title_{lang}" for lang in LANGUAGES), "articles", "topics", "languages", "url"]
    for rtype in TYPES
}
"""CSV columns per record type: fixed, so a spreadsheet built on them keeps working."""

LIST_SEPARATOR = "; "
"""Joins the items of a list in a CSV cell (article references contain no semicolon)."""

_CSV_DOCS = {
    "date": "date of adoption, judgment or publication (`date`, or `decision_date` for cases)",
    "title_<lang>": "title in that language, empty where the record has none",
    "languages": "languages the record is written in, joined with '; '",
    "url": "absolute URL of the page of the primary version",
}


def build_data(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """Site-relative path -> file bytes, everything under `data/`.

    `site_url` must be the absolute address the site is published at: the data is used
    away from the site, so every page URL in it is absolute.
    """
    base = _base_url(site_url)
    out: dict[str, bytes] = {}
    files: list[Json] = []

    def add(path: str, content: bytes, schema: str | None, count: int, columns: list[str] | None = None) -> None:
        out[DATA_DIR + path] = content
        entry: Json = {
            "path": path,
            "format": path.rsplit(".", 1)[1],
            "schema": f"schemas/{schema}.schema.json" if schema else None,
            "count": count,
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        if columns is not None:
            entry["columns"] = columns
        files.append(entry)

    for rtype in TYPES:
        objects = [record_json(catalogue, rid, base) for rid in sorted(r.id for r in catalogue.records if r.type == rtype)]
        for obj in objects:
            add(f"records/{rtype}/{obj['id']}.json", dumps(obj), "record", 1)
        add(f"records/{rtype}.json", dumps(objects), "records", len(objects))
        add(f"records/{rtype}.csv", records_csv(rtype, objects), None, len(objects), COLUMNS[rtype])
    instruments = instruments_json(catalogue.instruments)
    add("instruments.json", dumps(instruments), "instruments", len(instruments))
    edges = citation_edges(catalogue)
    add("citations.json", dumps(edges), "citations", len(edges))

    index: Json = {
        "treatykb_version": metadata.version("treatykb"),
        "site_url": base,
        "records": catalogue.counts(),
        "citations": len(edges),
        "files": sorted(files, key=lambda f: str(f["path"])),
    }
    out[DATA_DIR + "index.json"] = dumps(index)
    schemas = published_schemas(base)
    for name, schema in schemas.items():
        out[f"{DATA_DIR}schemas/{name}.schema.json"] = dumps(schema)
    out[DATA_DIR + "README.md"] = readme(schemas, index).encode("utf-8")
    return dict(sorted(out.items()))


def dumps(value: Any) -> bytes:
    """The one JSON form of the export: UTF-8, sorted keys, indented, a final newline."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _base_url(site_url: str) -> str:
    if not re.match(r"^https?://[^\s/]+", site_url):
        raise ValueError(
            f"open data needs the site's absolute address to give absolute page URLs, got {site_url!r}; set site_url, e.g. https://example.org/"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


# --- records -------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A field value as JSON: article references as their text (`untoc 32(5)`)."""
    if isinstance(value, ArticleRef):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _shared(catalogue: Catalogue, rid: str) -> dict[str, Any]:
    """The record's shared metadata: the primary version's, completed by the others'
    (a translation may hold a field the fullest version lacks)."""
    primary = catalogue.by_id[rid]
    merged: dict[str, Any] = {}
    for version in (primary, *catalogue.versions[rid].values()):
        for name in SHARED_FIELDS[primary.type]:
            if name in version.fields and name not in merged:
                merged[name] = version.fields[name]
    return merged


def _best(versions: dict[str, Record], field: str) -> dict[str, str]:
    """language -> text of a multilingual field: the version in that language says it
    first; failing one, the first version (in UN order) that gives it in that language."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        own = versions[lang].fields.get(field, {}).get(lang) if lang in versions else None
        given = own or next((v.fields.get(field, {}).get(lang) for v in versions.values() if v.fields.get(field, {}).get(lang)), None)
        if given:
            out[lang] = given
    return out


def citation_target(c: Citation) -> str | None:
    """What a citation names, in the form records and the graph use; None if it names nothing."""
    if c.kind == "article" and c.instrument and c.article:
        return str(ArticleRef(c.instrument, c.article, c.paragraph, c.subparagraph))
    if c.kind == "decision" and c.number:
        return c.number
    if c.kind == "symbol" and c.symbol:
        return c.symbol
    return None


def _version_json(version: Record, base: str) -> Json:
    citations = []
    for c in version.citations:
        target = citation_target(c)
        if target is None:
            continue
        para = version.paragraph_at(c.line)
        citations.append(
            {
                "kind": c.kind,
                "target": target,
                "body": c.body if c.kind == "decision" else None,
                "anchor": para.anchor if para else None,
                "text": c.text,
            }
        )
    return {
        "language": version.lang,
        "url": base + version.url,
        "title": version.title.get(version.lang) or version.id,
        "summary": version.summary.get(version.lang),
        "sources": _plain(version.fields.get("sources", [])),
        "paragraphs": [{"anchor": p.anchor, "label": p.label, "cite": cite(version, base, p.anchor)} for p in version.paragraphs],
        "citations": citations,
        "cite": cite(version, base),
    }


def record_json(catalogue: Catalogue, rid: str, base: str) -> Json:
    """One record with all its language versions (see `schemas/record.schema.json`)."""
    primary = catalogue.by_id[rid]
    versions = catalogue.versions[rid]
    obj: Json = {name: _plain(value) for name, value in _shared(catalogue, rid).items()}
    obj.update(
        id=rid,
        type=primary.type,
        url=base + primary.url,
        languages=list(versions),
        title=_best(versions, "title"),
        summary=_best(versions, "summary"),
        versions={lang: _version_json(v, base) for lang, v in versions.items()},
    )
    return obj


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def records_csv(rtype: str, objects: Iterable[Json]) -> bytes:
    """One row per record, the columns of `COLUMNS[rtype]`; lists joined with '; '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS[rtype])
    for obj in objects:
        row = dict(obj)
        row["date"] = obj.get("date") or obj.get("decision_date")
        row.update({f"title_{lang}": obj["title"].get(lang) for lang in LANGUAGES})
        writer.writerow([_cell(row.get(column)) for column in COLUMNS[rtype]])
    return buffer.getvalue().encode("utf-8")


# --- instruments and citations -------------------------------------------------------


def instruments_json(instruments: dict[str, Instrument]) -> list[Json]:
    """The instruments in the UN's order (then others by id), articles by number."""
    order = [i for i in INSTRUMENT_IDS if i in instruments] + sorted(i for i in instruments if i not in INSTRUMENT_IDS)
    out = []
    for inst_id in order:
        inst = instruments[inst_id]
        obj: Json = {
            "id": inst.id,
            "name": inst.name,
            "short_name": inst.short_name,
            "articles": [
                {"number": a.number, "ref": f"{inst.id} {a.number}", "title": a.title, "paragraphs": a.paragraphs}
                for _, a in sorted(inst.articles.items())
            ],
        }
        obj.update({k: inst.meta[k] for k in INSTRUMENT_META if isinstance(inst.meta.get(k), str)})
        sources = inst.meta.get("sources")
        if isinstance(sources, list):
            obj["sources"] = [{str(k): str(v) for k, v in s.items() if v is not None} for s in sources if isinstance(s, dict)]
        out.append(obj)
    return out


def _edge(rid: str, lang: str | None, anchor: str | None, kind: str, to: str, body: str | None, to_record: str | None) -> Json:
    article = re.sub(r"\(.*$", "", to) if kind == "article" else None
    return {
        "from": rid,
        "from_lang": lang,
        "from_anchor": anchor,
        "to_kind": kind,
        "to": to,
        "to_article": article,
        "to_body": body,
        "to_record": to_record,
        "explicit": lang is None,
    }


def _record_edges(catalogue: Catalogue, rid: str) -> Iterator[Json]:
    for ref in _shared(catalogue, rid).get("articles", []):
        yield _edge(rid, None, None, "article", str(ref), None, None)
    for version in catalogue.versions[rid].values():
        for c in version.citations:
            target = citation_target(c)
            if target is None or _cites_itself(version, c):
                continue
            para = version.paragraph_at(c.line)
            cited: Record | None = None
            if c.kind == "decision" and c.body == "cop":
                cited = catalogue.by_number.get(target)
            elif c.kind == "symbol":
                cited = catalogue.by_symbol.get(target)
            body = c.body if c.kind == "decision" else None
            yield _edge(rid, version.lang, para.anchor if para else None, c.kind, target, body, cited.id if cited else None)


def _cites_itself(version: Record, c: Citation) -> bool:
    """A decision naming its own number, or a document its own symbol, as the catalogue
    ignores them: an edge from a record to itself says nothing."""
    if c.kind == "decision":
        return c.body == "cop" and c.number == version.fields.get("number")
    return c.kind == "symbol" and c.symbol == version.fields.get("symbol")


def citation_edges(catalogue: Catalogue) -> list[Json]:
    """The citation graph: one edge per citing paragraph and target, ordered by record id,
    explicit citations first, then by language version and place in the text."""
    edges: list[Json] = []
    for rid in sorted(catalogue.versions):
        seen: set[tuple[Any, ...]] = set()
        for edge in _record_edges(catalogue, rid):
            key = tuple(sorted(edge.items()))
            if key not in seen:
                seen.add(key)
                edges.append(edge)
    return edges


# --- schemas and README --------------------------------------------------------------


def packaged_schema(name: str) -> Json:
    """A JSON Schema as shipped in the package, before publication."""
    text = resources.files("treatykb").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    schema: Json = json.loads(text)
    return schema


def published_schemas(base: str) -> dict[str, Json]:
    """The schemas as published: `$id` under `<site>data/schemas/`, and each record
    field described by its doc in `FIELDS`, so the schema and the code say the same."""
    docs = {f.name: f.doc for fields in FIELDS.values() for f in fields}
    out: dict[str, Json] = {}
    for name in SCHEMA_NAMES:
        schema = packaged_schema(name)
        schema["$id"] = f"{base}{DATA_DIR}schemas/{name}.schema.json"
        if name == "record":
            for field_name in OWN_FIELDS:
                schema["properties"][field_name]["description"] = docs[field_name]
            for rtype, fields in FIELDS.items():
                props = schema["$defs"][rtype]["properties"]
                for f in fields:
                    if f.name in props:
                        props[f.name]["description"] = f.doc
        out[name] = schema
    return out


def _resolve(schema: Json, node: Json) -> Json:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        target: Json = schema["$defs"][ref.removeprefix("#/$defs/")]
        return target
    return node


def _type_name(schema: Json, node: Json) -> str:
    """A short reader's name for what a schema node allows."""
    if "$ref" in node:
        ref = str(node["$ref"])
        if ref.startswith("#/$defs/"):
            return str(_resolve(schema, node).get("title", ref.rsplit("/", 1)[1]))
        return ref.removesuffix(".schema.json")
    if "enum" in node:
        return "one of " + ", ".join("null" if v is None else str(v) for v in node["enum"])
    if "oneOf" in node:
        return " or ".join(_type_name(schema, n) for n in node["oneOf"])
    kind = node.get("type", "any")
    if kind == "array" and isinstance(node.get("items"), dict):
        return "list of " + _type_name(schema, node["items"])
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return "map to " + _type_name(schema, node["additionalProperties"])
    return " or ".join(kind) if isinstance(kind, list) else str(kind)


def _describe(schema: Json, node: Json, prefix: str, seen: frozenset[str] = frozenset()) -> list[str]:
    """One Markdown line per property of a schema node, each nested object's fields after it."""
    lines: list[str] = []
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        doc = prop.get("description") or _resolve(schema, prop).get("description", "")
        need = ", required" if name in required else ""
        lines.append(f"- `{prefix}{name}` ({_type_name(schema, prop)}{need}): {doc}".rstrip(": ") + "\n")
        for sub_prefix, inner in _children(schema, prop, prefix + name):
            key = str(inner.get("$ref", sub_prefix))
            if key not in seen:
                lines += _describe(schema, _resolve(schema, inner), sub_prefix, seen | {key})
    return lines


def _children(schema: Json, prop: Json, path: str) -> list[tuple[str, Json]]:
    """The objects inside a property that have fields of their own, with the prefix their
    fields are shown under (`versions.<lang>.`, `parties[].`)."""
    node = _resolve(schema, prop)
    found: list[tuple[str, Json]] = []
    if node is not prop and "properties" in node:
        found.append((f"{path}.", prop))
    if isinstance(node.get("items"), dict):
        found.append((f"{path}[].", node["items"]))
    if isinstance(node.get("additionalProperties"), dict):
        key = "<lang>" if node.get("propertyNames") == {"$ref": "#/$defs/language"} else "<key>"
        found.append((f"{path}.{key}.", node["additionalProperties"]))
    return [(p, n) for p, n in found if "properties" in _resolve(schema, n)]


_FILE_DOCS: list[tuple[str, str | None, str]] = [
    ("records/<type>/<id>.json", "record", "one record with all its language versions"),
    ("records/<type>.json", "records", "every record of a type, sorted by id"),
    ("records/<type>.csv", None, "one row per record of a type, sorted by id (columns below)"),
    ("instruments.json", "instruments", "the Convention and its Protocols, with every article"),
    ("citations.json", "citations", "the citation graph between records, articles, decisions and documents"),
    ("index.json", "index", "this list of files, with checksums and counts"),
]


def readme(schemas: dict[str, Json], index: Json) -> str:
    """data/README.md, written from the schemas and the `FIELDS` tables so it says what
    the code does."""
    counts = ", ".join(f"{n} {rtype}" for rtype, n in index["records"].items())
    parts = [
        "# Open data\n\n",
        f"The content of {index['site_url']} as data, written by treatykb {index['treatykb_version']}: {counts} records. "
        "JSON files are UTF-8, with sorted keys and no timestamps, so two releases differ only where the content does. "
        "Each JSON file follows a JSON Schema (draft 2020-12) in `schemas/`. "
        "`<type>` is one of "
        + ", ".join(f"`{t}`" for t in TYPES)
        + "; `<lang>` one of "
        + ", ".join(f"`{lang}`" for lang in LANGUAGES)
        + ".\n\n",
        "## Files\n\n",
    ]
    for path, schema_name, doc in _FILE_DOCS:
        where = f" (schema `schemas/{schema_name}.schema.json`)" if schema_name else ""
        parts.append(f"- `{path}`{where}: {doc}\n")
    for name in SCHEMA_NAMES:
        schema = schemas[name]
        parts.append(f"\n## {schema['title']} (`schemas/{name}.schema.json`)\n\n{schema['description']}\n\n")
        root = _resolve(schema, schema["items"]) if schema.get("type") == "array" and "$ref" in schema.get("items", {}) else schema
        if "properties" in root:
            parts += _describe(schema, root, "")
        else:
            parts.append(f"Each item follows `{_type_name(schema, schema['items'])}.schema.json`.\n")
        if name == "record":
            parts.append(_fields_section())
    parts.append("\n## CSV columns (`records/<type>.csv`)\n\n")
    parts.append(f"Lists are joined with '{LIST_SEPARATOR}'; an empty cell means the record has no value.\n\n")
    for rtype, columns in COLUMNS.items():
        docs = {f.name: f.doc for f in FIELDS[rtype]}
        shown = [c for c in columns if not c.startswith("title_")]
        shown.insert(shown.index("date") + 1, "title_<lang>")
        parts.append(f"\n### `records/{rtype}.csv`\n\n")
        parts += [f"- `{c}`: {_CSV_DOCS.get(c) or docs.get(c, '')}\n" for c in shown]
    return "".join(parts)


def _fields_section() -> str:
    """Every record field of every type, with where it sits in a record's JSON."""
    parts = []
    for rtype, fields in FIELDS.items():
        parts.append(f"\n### Fields of a {rtype} record\n\n")
        for f in fields:
            if f.name in OWN_FIELDS or f.name not in LANGUAGE_FIELDS:
                where = "top level"
            elif f.name in ("title", "summary"):
                where = f"`versions.<lang>.{f.name}`, and the best per language in `{f.name}`"
            elif f.name == "language":
                where = "`versions.<lang>.language`"
            else:
                where = f"`versions.<lang>.{f.name}`"
            need = ", required" if f.required else ""
            parts.append(f"- `{f.name}` ({where}{need}): {f.doc}\n")
    return "".join(parts)
