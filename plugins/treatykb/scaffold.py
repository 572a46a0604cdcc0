"""`treatykb new`: scaffold a record whose front matter lists every field of its type.

The template is generated from `schema.FIELDS` (names, order, docs, required flags, and
the vocabularies behind the checkers), so it cannot drift from what `treatykb check`
enforces. Values given on the command line go through the same checkers before anything
is written, so a typo is caught while the editor still has the command in front of them.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalogue import record_files
from .instruments import load_instruments
from .records import LANGUAGES, FrontMatterError, load_yaml, read_source
from .schema import FIELDS, ID_MAX, ID_PATTERN, TYPES, Context, Field, Invalid, a_date, integer, language
from .vocab import MODEL, suggest, vocabularies

NAME_MAX = 40
"""Longest short name derived from a title: ids are typed and read, not just clicked."""

NUMBERED_KINDS = ("decision", "resolution")
"""Kinds whose id is exactly `<body>-<kind>-<session>-<number>` (content/README.md)."""

_SCALAR_FLAGS: tuple[tuple[str, str], ...] = (
    ("--title", "title"),
    ("--summary", "summary"),
    ("--country", "country"),
    ("--date", "date"),
    ("--court", "court"),
    ("--case-number", "case_number"),
    ("--body", "body"),
    ("--kind", "kind"),
    ("--session", "session"),
    ("--number", "number"),
    ("--symbol", "symbol"),
    ("--status", "status"),
)
_LIST_FLAGS: tuple[tuple[str, str], ...] = (("--crime", "crime_types"), ("--topic", "topics"), ("--article", "articles"))
_SOURCE_FLAGS: tuple[tuple[str, str], ...] = (("--source-title", "title"), ("--source-url", "url"), ("--source-symbol", "symbol"))
_DATE_FIELD = {"case": "decision_date"}
"""`--date` fills the field that holds the type's own date."""
_DERIVED = {
    "id": "the id is made from the record's metadata; use --name for its short name",
    "type": "the type is the command's first argument",
    "language": "use --lang",
}

_BODY_WHAT = {"decision": "the text of the document", "case": "the digest of the judgment", "legislation": "the digest or text of the law"}


class ScaffoldError(Exception):
    """A record that cannot be scaffolded as asked; the message says what to give."""


@dataclass(frozen=True)
class Given:
    """A value from the command line, with the option that gave it (for messages)."""

    option: str
    value: Any


@dataclass(frozen=True)
class Owner:
    """A file that already uses an id, as its own id or as a former one (alias)."""

    shown: str
    folder: str
    lang: str | None
    alias: bool


# --- what the schema says about a field --------------------------------------------


def _closure(check: Callable[..., Any]) -> dict[str, Any]:
    """The variables a checker factory (`one_of`, `list_of`, `mapping`) closed over.

    The schema's checkers are closures; reading what they hold keeps the scaffold in
    step with them without a second table that could drift."""
    code = getattr(check, "__code__", None)
    cells = getattr(check, "__closure__", None) or ()
    if code is None:
        return {}
    return {name: cell.cell_contents for name, cell in zip(code.co_freevars, cells, strict=False)}


def vocabulary_of(check: Callable[..., Any]) -> str | None:
    """The vocabulary a checker (or the checker of a list's items) draws on, if any."""
    env = _closure(check)
    if isinstance(env.get("vocabulary"), str) and env["vocabulary"] in vocabularies().terms:
        return str(env["vocabulary"])
    item = env.get("item")
    return vocabulary_of(item) if callable(item) else None


def _mapping_keys(check: Callable[..., Any]) -> list[str]:
    """Field names of a list of mappings (`sources`, `parties`), for the hint."""
    item = _closure(check).get("item")
    names = _closure(item).get("names") if callable(item) else None
    return [str(n) for n in names] if isinstance(names, list) else []


_FORMS: dict[Callable[..., Any], str] = {
    a_date: "YYYY-MM-DD, or YYYY-MM or YYYY when only that is known",
    integer: "a whole number",
}
"""How to write values whose doc does not say; keyed by the schema's own checkers."""


def field_comment(f: Field) -> list[str]:
    """YAML comment lines explaining a field: its doc, whether it is required, its values."""
    lines = [f"# {f.name} ({'required' if f.required else 'optional'}): {f.doc}"]
    if f.check in _FORMS:
        lines.append(f"#   form: {_FORMS[f.check]}")
    vocabulary = vocabulary_of(f.check)
    if vocabulary:
        lines += textwrap.wrap(
            ", ".join(vocabularies().keys(vocabulary)),
            width=92,
            initial_indent="#   values: ",
            subsequent_indent="#     ",
            break_on_hyphens=False,
            break_long_words=False,
        )
    keys = _mapping_keys(f.check)
    if keys:
        lines.append(f"#   each item a mapping of: {', '.join(keys)}")
    return lines


# --- writing the record ----------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Writes dates unquoted (the record loader reads them as text anyway) and indents
    list items under their key, as the records in content/ are written."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
    }

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _dump(name: str, value: Any) -> list[str]:
    """One field as YAML; lists of plain values in flow style (`[a, b]`), as editors write them."""
    flat = isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
    text = yaml.dump(
        {name: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=None if flat else False
    )
    return text.rstrip("\n").split("\n")


def body_template(rtype: str) -> list[str]:
    """A comment that shows how numbered paragraphs are written. No line starts with a
    number or a bracket, so the paragraph numbering never takes it for a paragraph."""
    return [
        "<!--",
        f"Write {_BODY_WHAT[rtype]} here, in plain paragraphs separated by blank lines.",
        'Number them as the source does: a paragraph that starts with "1." gets the',
        'permanent anchor #para-1, and one that starts with "(a)" after it #para-1-a.',
        'Footnotes are written [^1], with the note itself below as "[^1]: ...".',
        "Delete this comment once the text is in.",
        "-->",
    ]


def render(rtype: str, values: dict[str, Any]) -> str:
    """The record's text: every field of the type in schema order, each under a comment;
    given values filled in, required ones left empty (so `check` names them), optional
    ones commented out."""
    lines = [
        "---",
        f"# A new {rtype} record, scaffolded by `treatykb new` from the schema. Fill in the empty",
        "# fields, uncomment (remove '# ' before) the optional ones you need, then run `treatykb check`.",
    ]
    for f in FIELDS[rtype]:
        lines.append("")
        lines += field_comment(f)
        if f.name in values:
            lines += _dump(f.name, values[f.name])
        elif f.required:
            lines.append(f"{f.name}:")
        else:
            lines.append(f"# {f.name}:")
    lines += ["---", "", *body_template(rtype), ""]
    return "\n".join(lines)


def missing_required(rtype: str, values: dict[str, Any]) -> list[str]:
    """Required fields the scaffold leaves empty, in schema order."""
    return [f.name for f in FIELDS[rtype] if f.required and f.name not in values]


# --- the id -----------------------------------------------------------------------

_LETTERS = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ħ": "h"}
_CYRILLIC_PAIRS = (
    "а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch "
    "ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:yi є:ye ґ:g ў:u"
)
_CYRILLIC = dict(pair.split(":") for pair in _CYRILLIC_PAIRS.split())
"""Russian (and Ukrainian, Belarusian) letters in a plain romanisation: Russian is one of
the six languages, and its titles deserve readable ids."""


def _ascii(text: str) -> str:
    """Latin letters without their accents, Cyrillic letters transliterated; other
    scripts dropped (a short hash stands in for them)."""
    out = [_LETTERS.get(ch, _CYRILLIC.get(ch, ch)) for ch in text.lower()]
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def short_name(title: str) -> tuple[str, bool]:
    """(short name, whether it is a hash) derived from a title for the id.

    An ASCII slug cut at a word boundary to `NAME_MAX` characters; a title with no Latin
    or Cyrillic letters (Chinese, Arabic) gives a short hash of itself instead, so the
    id is still stable and valid and the editor is told to choose a name."""
    words = re.sub(r"[^a-z0-9]+", "-", _ascii(re.sub(r"['’ʼ]", "", title))).strip("-").split("-")
    name = ""
    for word in words:
        if len(name) + len(word) + (1 if name else 0) > NAME_MAX:
            break
        name = f"{name}-{word}" if name else word
    name = name or words[0][:NAME_MAX]
    if not re.search(r"[a-z]", name):
        return hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:8], True
    return name, False


def _title_text(title: Any, lang: str) -> str:
    if isinstance(title, dict):
        return str(title.get(lang) or next(iter(title.values()), ""))
    return str(title)


def make_id(rtype: str, values: dict[str, Any], name: str | None, lang: str) -> tuple[str, str | None, bool]:
    """(id, short name in it, whether that name is a hash), following the id scheme of
    content/README.md, which `treatykb check` enforces.

    Raises ScaffoldError naming the options to give when the id cannot be made."""
    if rtype == "decision":
        need = [opt for opt, key in (("--body", "body"), ("--kind", "kind")) if key not in values]
        if need:
            raise ScaffoldError(
                "a decision's id is <body>-<short-name>, or <body>-<kind>-<session>-<number> for a numbered decision "
                f"or resolution: give {' and '.join(need)}"
            )
        if values["kind"] in NUMBERED_KINDS:
            if "number" not in values:
                raise ScaffoldError(f"a {values['kind']}'s id is <body>-{values['kind']}-<session>-<number>: give --number, e.g. 3/4")
            if name is not None:
                raise ScaffoldError(f"--name: a numbered {values['kind']}'s id is made from its number alone; leave out --name")
            session, number = str(values["number"]).split("/")
            return f"{values['body']}-{values['kind']}-{session}-{number}", None, False
        prefix = f"{values['body']}-"
    elif rtype == "case":
        need = [opt for opt, key in (("--country", "country"), ("--date", "decision_date")) if key not in values]
        if need:
            raise ScaffoldError(f"a case's id is <country>-<year>-<short-name>: give {' and '.join(need)}")
        prefix = f"{str(values['country']).lower()}-{str(values['decision_date'])[:4]}-"
    else:
        if "country" not in values:
            raise ScaffoldError(f"a law's id is <country>-<short-name> ({MODEL}-<short-name> for a model law): give --country")
        prefix = f"{str(values['country']).lower()}-"
    hashed = False
    if name is None:
        if "title" not in values:
            raise ScaffoldError("give --name (the id's short name) or --title to make it from")
        name, hashed = short_name(_title_text(values["title"], lang))
    elif not ID_PATTERN.match(name):
        slug, _ = short_name(name)
        raise ScaffoldError(f"--name: '{name}' is not a short name; expected lower-case letters, digits and single hyphens, e.g. '{slug}'")
    rid = prefix + name
    if len(rid) > ID_MAX:
        raise ScaffoldError(f"--name: the id '{rid}' would be longer than {ID_MAX} characters; give a shorter name")
    return rid, name, hashed


def next_free(rid: str, taken: set[str] | dict[str, Any]) -> tuple[str, int]:
    """The first of `rid-2`, `rid-3`, ... that no record uses, and its number."""
    n = 2
    while f"{rid}-{n}" in taken:
        n += 1
    return f"{rid}-{n}", n


def existing_ids(content: Path) -> dict[str, list[Owner]]:
    """Every id the content uses now or used before (aliases), with the files using it.

    Files are scanned, not validated: a record with errors still holds its id."""
    owners: dict[str, list[Owner]] = {}
    files, _ = record_files(content)
    for path, folder_type in files:
        shown = _shown(path, content)
        src, _ = read_source(path, shown)
        if src is None:
            continue
        folder = TYPES.get(folder_type or "", "")
        lang = src.lang or (src.meta.get("language") if isinstance(src.meta.get("language"), str) else None)
        rid = src.meta.get("id")
        if isinstance(rid, str) and rid.strip():
            owners.setdefault(rid.strip(), []).append(Owner(shown, folder, lang, alias=False))
        aliases = src.meta.get("aliases")
        for a in aliases if isinstance(aliases, list) else []:
            if isinstance(a, str):
                owners.setdefault(a.strip().rpartition("/")[2], []).append(Owner(shown, folder, lang, alias=True))
    return owners


def taken_message(rid: str, owners: list[Owner], rtype: str, lang: str, free: tuple[str, str] | None) -> str:
    """Why an id cannot be used, and what to do instead: the next free id and the
    `--name` giving it; for a numbered decision (whose id is fixed), how to add a
    language version of it."""
    owner = next((o for o in owners if o.lang == lang and not o.alias), owners[0])
    what = f"a former id (alias) of {owner.shown}" if owner.alias else f"the id of {owner.shown}"
    message = f"'{rid}' is already {what}"
    if free is not None:
        return f"{message}; the next free id is '{free[0]}' (--name {free[1]})"
    if all(not o.alias and o.folder == TYPES[rtype] and o.lang != lang for o in owners):
        return f"{message}; to add its {lang} version, pass --force"
    if not owner.alias and owner.lang == lang:
        return f"{message}, which is its {lang} version; edit that file instead"
    return f"{message}; the id of a numbered decision or resolution is fixed, so settle the clash in that file"


def _blocks(owners: list[Owner], rtype: str, lang: str, target: str) -> bool:
    """Whether `--force` may still not use the id: only another language version of the
    same record (or rewriting its own file) is allowed, since anything else fails check."""
    return any(o.alias or o.folder != TYPES[rtype] or (o.lang == lang and o.shown != target) for o in owners)


# --- command-line values ------------------------------------------------------------


def _opt_dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def _plain(option: str, value: str) -> Any:
    """A flag's text as the value a record would hold (a session is a number)."""
    value = value.strip()
    if option == "--session" and value.isdigit():
        return int(value)
    return value


def gather(rtype: str, args: argparse.Namespace) -> tuple[dict[str, Given], list[str]]:
    """The fields the options give, and the problems with the options themselves
    (a field the type does not have, a field given twice, unreadable `--set`)."""
    names = [f.name for f in FIELDS[rtype]]
    given: dict[str, Given] = {}
    problems: list[str] = []

    def put(option: str, name: str, value: Any) -> None:
        if name not in names:
            problems.append(f"{option}: {rtype} records have no field '{name}'")
        elif name in given:
            problems.append(f"{option}: '{name}' is already given by {given[name].option}")
        else:
            given[name] = Given(option, value)

    for option, name in _SCALAR_FLAGS:
        raw = getattr(args, _opt_dest(option))
        if raw is not None:
            put(option, _DATE_FIELD.get(rtype, name) if name == "date" else name, _plain(option, raw))
    for option, name in _LIST_FLAGS:
        items = getattr(args, _opt_dest(option))
        if items:
            put(option, name, [s.strip() for s in items])
    source = {
        key: getattr(args, _opt_dest(option)).strip() for option, key in _SOURCE_FLAGS if getattr(args, _opt_dest(option)) is not None
    }
    if source:
        first = next(option for option, _ in _SOURCE_FLAGS if getattr(args, _opt_dest(option)) is not None)
        put(first, "sources", [source])
    for item in args.set_values or []:
        key, eq, raw = item.partition("=")
        key = key.strip()
        if not eq or not key:
            problems.append(f"--set {item}: expected FIELD=VALUE, e.g. --set outcome='Appeal dismissed'")
        elif key in _DERIVED:
            problems.append(f"--set {key}: {_DERIVED[key]}")
        elif key not in names:
            hint = suggest(key, names) or f"; {rtype} records take {', '.join(names)}"
            problems.append(f"--set {key}: unknown field{hint}")
        else:
            try:
                value, _ = load_yaml(raw)
            except FrontMatterError as e:
                problems.append(f"--set {key}: {e.message}")
                continue
            put(f"--set {key}", key, value.strip() if isinstance(value, str) else value)
    _join_session(given, problems)
    return given, problems


def _join_session(given: dict[str, Given], problems: list[str]) -> None:
    """`--session 3 --number 4` means decision 3/4; `--number 3/4` alone gives session 3."""
    number, session = given.get("number"), given.get("session")
    if number is None or not isinstance(number.value, str):
        return
    if number.value.isdigit() and session is not None and isinstance(session.value, int):
        given["number"] = Given(number.option, f"{session.value}/{number.value}")
    elif re.fullmatch(r"\d{1,2}/\d{1,2}", number.value):
        s = int(number.value.split("/")[0])
        if session is None:
            given["session"] = Given(number.option, s)
        elif isinstance(session.value, int) and session.value != s:
            problems.append(f"{session.option}: {session.value} differs from the session in {number.option} {number.value}")


def _label(g: Given, path: tuple[str | int, ...]) -> str:
    """The option to name in a message about a value (or an item of it)."""
    if g.option.startswith("--set "):
        return g.option + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    keys = [p for p in path if isinstance(p, str)]
    if g.option.startswith("--source-") and keys:
        return next((option for option, key in _SOURCE_FLAGS if key == keys[0]), g.option)
    return g.option


def check_values(rtype: str, given: dict[str, Given], ctx: Context) -> tuple[dict[str, Any], list[str]]:
    """Run each given value through its field's checker, the one `treatykb check` uses,
    and return the values to write (as given, not normalised) and the problems."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f in FIELDS[rtype]:
        g = given.get(f.name)
        if g is None:
            continue
        try:
            f.check(g.value, ctx)
        except Invalid as e:
            problems.append(f"{_label(g, e.path)}: {e.message}")
            continue
        values[f.name] = g.value
    return values, problems


# --- the command -------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"treatykb new: {message}", file=sys.stderr)


def _shown(path: Path, content: Path) -> str:
    """A path as `treatykb check` shows it: relative to the content folder's parent."""
    try:
        return path.relative_to(content.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _prepare(rtype: str, args: argparse.Namespace, content: Path) -> tuple[str, dict[str, Any], tuple[str, str | None, bool]]:
    """(language, values to write, (id, short name, hashed)) from the options, or
    ScaffoldError carrying every problem found, one a line."""
    problems: list[str] = []
    lang = args.lang
    try:
        language(lang, Context("en", {}))
    except Invalid as e:
        problems.append(f"--lang: {e.message}")
        lang = "en"
    instruments, _ = load_instruments(content / "instruments", "instruments")
    given, found = gather(rtype, args)
    values, invalid = check_values(rtype, given, Context(lang, instruments))
    problems += found + invalid
    if problems:
        raise ScaffoldError("\n".join(problems))
    return lang, values, make_id(rtype, values, args.name, lang)


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold a record; 2 for bad input, 1 when its id or file is taken, else 0."""
    rtype = args.rtype
    if rtype not in FIELDS:
        _say(f"unknown type '{rtype}'; expected one of {', '.join(FIELDS)}{suggest(rtype, list(FIELDS))}")
        return 2
    content = Path(args.content)
    if not content.is_dir():
        _say(f"no content folder at '{content}'; pass --content DIR")
        return 2
    try:
        lang, values, (rid, name, hashed) = _prepare(rtype, args, content)
    except ScaffoldError as e:
        for line in str(e).split("\n"):
            _say(line)
        return 2

    target = content / TYPES[rtype] / f"{rid}.{lang}.md"
    ids = existing_ids(content)
    owners = ids.get(rid, [])
    if owners and (not args.force or _blocks(owners, rtype, lang, _shown(target, content))):
        free = None
        if name is not None:
            free_id, n = next_free(rid, ids)
            free = (free_id, f"{name}-{n}")
        _say(taken_message(rid, owners, rtype, lang, free))
        return 1
    if target.exists() and not args.force:
        _say(f"{target} already exists; pass --force to overwrite it")
        return 1

    values = {"id": rid, "type": rtype, **values}
    text = render(rtype, values)
    todo = missing_required(rtype, values)
    left = (
        f"still to fill (required): {', '.join(todo)}"
        if todo
        else "all required fields are filled; run `treatykb check` when the text is in"
    )
    if hashed:
        _say("the title has no Latin or Cyrillic letters, so the id's short name is a hash of it; pass --name to choose a readable one")
    if args.print_only:
        sys.stdout.write(text)
        _say(f"not written (--print); it would be {target}")
        _say(left)
        return 0
    target.parent.mkdir(exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    print(f"treatykb new: wrote {target}")
    print(f"treatykb new: {left}")
    return 0


def _help(name: str) -> str:
    """An option's help from the schema: the field's doc and the types that have it."""
    types = [t for t, fields in FIELDS.items() if any(f.name == name for f in fields)]
    doc = next(f.doc for t in types for f in FIELDS[t] if f.name == name)
    return f"{name}: {doc}" + ("" if len(types) == len(FIELDS) else f" ({', '.join(types)})")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `treatykb new` to the command's subparsers."""
    new = sub.add_parser(
        "new",
        help="scaffold a new record: every field of its type, with what each one means",
        description="Write content/<folder>/<id>.<lang>.md with every field of the type's schema, "
        "the given values filled in and checked, and a comment explaining each field.",
    )
    new.add_argument("rtype", metavar="{case,legislation,decision}", help="the type of record")
    new.add_argument("--lang", required=True, help=f"language the record is written in: {', '.join(LANGUAGES)}")
    new.add_argument("--name", help="the id's short name (default: made from the title)")
    new.add_argument("--content", default="content", help="the content folder (default: ./content)")
    new.add_argument("--print", dest="print_only", action="store_true", help="print the record instead of writing it")
    new.add_argument("--force", action="store_true", help="overwrite the file, or write another language version of an existing id")
    for option, name in _SCALAR_FLAGS:
        if name == "date":
            new.add_argument(option, help="the record's date (decision_date of a case): YYYY-MM-DD, YYYY-MM or YYYY")
        else:
            new.add_argument(option, help=_help(name))
    for option, name in _LIST_FLAGS:
        new.add_argument(option, action="append", metavar=option.lstrip("-").upper(), help=_help(name) + "; repeatable")
    for option, key in _SOURCE_FLAGS:
        new.add_argument(option, help=f"the {key} of the record's source (sources[0].{key})")
    new.add_argument(
        "--set", dest="set_values", action="append", metavar="FIELD=VALUE", help="any other field, the value read as YAML; repeatable"
    )
    new.set_defaults(func=cmd_new)
