"""Reading one record file: front matter with line numbers, body, language.

Editors need errors that point at a line, so the YAML is composed into nodes first and
each field's line is kept. The loader is deliberately narrower than YAML, and every
refusal is a `FrontMatterError` with a line, never an exception from PyYAML:
- no implicit timestamps (dates stay text, so the schema can report 2010-02-30 itself);
- no anchors or aliases (they serve no purpose in a record and enable alias bombs:
  the node graph is checked before anything is constructed, so nothing is expanded);
- no duplicate keys (YAML would silently keep the last one);
- field names are kept as written (`yes:` stays 'yes', not True), and must be text;
- only plain tags (text, numbers, true/false, null, lists, mappings): no `!!python/...`,
  `!!binary`, `!!set` or `!!timestamp`;
- no nesting deeper than `MAX_DEPTH`.
Lines are counted from character offsets and `\n` only, so a U+2028 or U+0085 inside a
value (which YAML counts as a line break) does not shift the lines reported after it.
"""

from __future__ import annotations

import bisect
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from .problems import Problem

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official UN languages, in the UN's order."""

MAX_FILE_BYTES = 2_000_000
"""A record larger than this is refused unread: no real digest or decision comes close
(the largest bundled record is under 10 kB), and PyYAML, pure Python, would take
seconds on a front matter that size. Stated in content/README.md under "Limits"."""

MAX_DEPTH = 20
"""Deeper nesting than this in front matter is refused: records are shallow."""

_FILE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
_KINDS = {_TAG + "int": "a whole number", _TAG + "float": "a number", _TAG + "bool": "true or false", _TAG + "null": "null"}

#: Where a value sits in the front matter: a tuple of keys and list indexes.
FieldPath = tuple[str | int, ...]


class _Marked:
    """What both loaders share: no implicit timestamps, field names kept as written,
    duplicate keys refused, and file lines for every mark."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        """File line of the YAML text's first line, so messages give file lines."""
        self._breaks = [m.start() for m in re.finditer("\n", text)]
        super().__init__(text)  # type: ignore[call-arg]  # the loader class mixed in

    def line_at(self, mark: Mark | None) -> int:
        """The file line of a mark, from its character offset (see the module notes)."""
        if mark is None:
            return self.first_line
        return bisect.bisect_left(self._breaks, mark.index) + self.first_line

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # PyYAML lets a few errors of its own constructors escape unmarked (`0b_`,
        # `!!int abc`, `!!bool maybe`, an integer of 5,000 digits): give them a line.
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (ValueError, TypeError, KeyError, OverflowError):
            shown = str(node.value) if isinstance(node, ScalarNode) else ""
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            kind = _KINDS.get(node.tag, "a value")
            raise ConstructorError(None, None, f"'{shown}' cannot be read as {kind}; put text in quotes", node.start_mark) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)  # a scalar: `_check_node` refused every other key
            if key in first:
                raise ConstructorError(None, None, f"field '{key}' is given twice (first on line {first[key]})", key_node.start_mark)
            first[key] = self.line_at(key_node.start_mark)
            out[key] = self.construct_object(value_node, deep=deep)
        return out


class _RecordLoader(_Marked, yaml.SafeLoader):
    """PyYAML's pure-Python SafeLoader, narrowed (see the module notes)."""

    # Nesting is refused while scanning: PyYAML's scanner is quadratic in the depth of
    # `[[[[...` (5,000 levels take seconds) and its composer recurses once per level.
    def fetch_flow_collection_start(self, TokenClass: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise FrontMatterError(self.line_at(self.get_mark()), f"front matter is nested more than {MAX_DEPTH} levels deep")
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise FrontMatterError(self.line_at(self.get_mark()), f"front matter is nested more than {MAX_DEPTH} levels deep")
        return bool(super().add_indent(column))


_CLoader: Any = getattr(yaml, "CSafeLoader", None)


class _FastRecordLoader(_Marked, _CLoader or yaml.SafeLoader):  # type: ignore[misc]
    """The same over libyaml's C parser, some twenty times faster: used for front matter
    that `_plainly_shallow` admits, and only when it reads without any problem (every
    refusal is read again by `_RecordLoader`, whose messages editors see)."""


_NESTING = re.compile(r"[-?](?= )")
_LEFT_TO_PYTHON = ("\t", "!", "\ufeff", "\r", "\x85", "\u2028", "\u2029")
"""Where libyaml and PyYAML differ: tabs (libyaml takes them in plain text), tags (`!`
alone is null to one, text to the other), a byte-order mark inside the text; and YAML's
other line breaks (they would hide indentation from `_plainly_shallow`)."""


def _plainly_shallow(text: str) -> bool:
    """Whether front matter is for the C parser: no character it reads otherwise than
    PyYAML, and nesting far less deep than it can take (it has no depth limit, and crashes
    the process on `[` repeated 100,000 times). Indentation, brackets and `- `/`? ` on one
    line are the only ways to nest; real front matter has a few of each."""
    brackets = text.count("[") + text.count("{")
    if brackets > 40 or (brackets and _FLOW_KEY.search(text)) or any(c in text for c in _LEFT_TO_PYTHON):
        return False
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if len(line) - len(body) > 40 or len(_NESTING.findall(body)) > 8:
            return False
        for m in _INDICATOR.finditer(line):
            if not (m.group(1) in "|>" and _BLOCK_HEADER.match(line)):
                return False  # the two read anchors, aliases and block headers differently
    return True


_FLOW_KEY = re.compile(r"[\s\[{,]\?")
"""`?` where it could key a flow mapping: libyaml takes `[x ?]` as text, PyYAML refuses it."""
_INDICATOR = re.compile(r"(?:^|[\s\-:?,\[{])([&*|>%@`])")
"""A character that starts something other than plain text where it stands."""
_BLOCK_HEADER = re.compile(r"^ *(?:- +)*(?:[^\s:#'\"][^:#]*: +)?[|>][-+]?[1-9]?$")


class FrontMatterError(Exception):
    """Front matter that cannot be read; carries the 1-based line of the fault."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class SourceFile:
    """A record file as read: front matter values with their lines, and the body."""

    path: str
    """Path as shown in messages (relative to the project root where possible)."""
    meta: dict[str, Any]
    lines: dict[FieldPath, int]
    """Line (1-based) of each field and list item in the front matter."""
    body: str
    body_line: int
    """Line (1-based) of the body's first line in the file."""
    lang: str | None
    """Language from the file name (`name.zh.md`), if it names one."""
    text: str = field(repr=False, default="")

    def line_of(self, *path: str | int) -> int:
        """The line of a field, falling back to its parent, then to the first line."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def language_of(file_name: str) -> str | None:
    """The language code a file name carries (`decision-3-4.zh.md` -> `zh`), or None."""
    m = _FILE_NAME.match(file_name)
    return m.group("lang") if m else None


def _check_node(node: Node, depth: int, seen: set[int], loader: _RecordLoader) -> None:
    """Refuse what records never need, before anything is constructed: aliases (a node
    reached twice), deep nesting, unusual tags, and field names that are not text."""
    line = loader.line_at(node.start_mark)
    if id(node) in seen:
        raise FrontMatterError(line, "YAML anchors and aliases (&name, *name) are not allowed in records")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise FrontMatterError(line, f"front matter is nested more than {MAX_DEPTH} levels deep")
    if node.tag == _TAG + "value":
        node.tag = _TAG + "str"  # a lone `=` is text, not YAML 1.1's unsupported "value" type
    if node.tag == _TAG + "merge":
        raise FrontMatterError(line, "YAML merge keys (<<) are not allowed in records; write each field out")
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace(_TAG, "!!")
        raise FrontMatterError(line, f"invalid YAML: the tag '{tag}' is not allowed; records hold only text, numbers, lists and mappings")
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                raise FrontMatterError(loader.line_at(k.start_mark), "a field name must be text, not a list or a mapping")
            _check_node(k, depth + 1, seen, loader)
            _check_node(v, depth + 1, seen, loader)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_node(item, depth + 1, seen, loader)


def _collect_lines(node: Node, path: FieldPath, loader: _RecordLoader, out: dict[FieldPath, int]) -> None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                sub = (*path, str(k.value))
                out[sub] = loader.line_at(k.start_mark)
                _collect_lines(v, sub, loader, out)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*path, i)
            out[sub] = loader.line_at(item.start_mark)
            _collect_lines(item, sub, loader, out)


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[FieldPath, int]]:
    """Parse YAML safely, returning the value and the line of every field.

    `first_line` is the file line the text starts on, so lines are the file's own.
    Raises FrontMatterError with that line for anything unreadable, and nothing else.
    """
    if _CLoader is not None and _plainly_shallow(text) and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        fast = _FastRecordLoader(text, first_line)
        try:
            node = fast.get_single_node()
            if node is None:
                return None, {}
            _check_node(node, 0, set(), fast)
            lines: dict[FieldPath, int] = {}
            _collect_lines(node, (), fast, lines)
            return fast.construct_document(node), lines
        except Exception:  # any refusal: the loader below reads it again and says exactly why
            pass
        finally:
            fast.dispose()
    try:
        loader = _RecordLoader(text, first_line)
    except ReaderError as e:  # the reader checks every character up front
        line = text.count("\n", 0, e.position) + first_line
        raise FrontMatterError(line, f"invalid character U+{e.character:04X} in the front matter; records are plain text") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_node(node, 0, set(), loader)
        lines = {}
        _collect_lines(node, (), loader, lines)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as e:
        raise _yaml_error(e, loader) from None
    except yaml.YAMLError as e:  # unmarked: PyYAML raises none today, but say so rather than crash
        raise FrontMatterError(first_line, f"invalid YAML: {e}") from None
    except RecursionError:  # the composer recurses once per level, before _check_node can count
        raise FrontMatterError(first_line, f"front matter is nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def _yaml_error(e: yaml.MarkedYAMLError, loader: _RecordLoader) -> FrontMatterError:
    """Turn PyYAML's message into one an editor can act on, at the right line."""
    problem = e.problem or str(e)
    line = loader.line_at(e.problem_mark or e.context_mark)
    context = e.context or ""
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return FrontMatterError(loader.line_at(e.context_mark), "invalid YAML: a quotation mark opened here is never closed")
    if "unknown escape character" in problem:
        return FrontMatterError(line, f"invalid YAML: {problem} in double-quoted text; write a backslash as '\\\\', or use single quotes")
    quote = _stray_quote(e, loader)
    if quote:
        return quote
    if context.startswith("while parsing a flow"):
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if "<stream end>" in problem:
            return FrontMatterError(loader.line_at(e.context_mark), f"invalid YAML: a '{opening}' opened here is never closed")
        return FrontMatterError(
            loader.line_at(e.context_mark), f"invalid YAML: a '{opening}' opened here is not closed with '{closing}' before line {line}"
        )
    if "could not determine a constructor" in problem:
        tag = problem.split(" for the tag ")[-1].strip("'").replace(_TAG, "!!")
        return FrontMatterError(line, f"invalid YAML: the tag '{tag}' is not allowed; records hold only text, numbers, lists and mappings")
    if "found character '\\t'" in problem:
        mark = e.problem_mark
        indenting = mark is None or not mark.buffer or not mark.buffer[mark.index - mark.column : mark.index].strip()
        if indenting:
            return FrontMatterError(line, "invalid YAML: a tab character; indent with spaces")
        return FrontMatterError(line, "invalid YAML: a tab character in a value; put text that contains a tab in quotes")
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return FrontMatterError(line, f"invalid YAML: {problem}; check the indentation and quote text that contains ': '")
    if "that cannot start any token" in problem:
        char = problem.split("found character ")[-1].split(" that")[0]
        return FrontMatterError(line, f"invalid YAML: a value cannot start with {char}; put the text in quotes")
    if "could not find expected ':'" in problem:
        return FrontMatterError(
            loader.line_at(e.context_mark or e.problem_mark),
            "invalid YAML: this line is not a field 'name: value' (a colon needs a space after it), nor part of the value above it",
        )
    prefix = f"{context} " if context else ""
    return FrontMatterError(line, f"invalid YAML: {prefix}{problem}".strip())


def _stray_quote(e: yaml.MarkedYAMLError, loader: _RecordLoader) -> FrontMatterError | None:
    """A quotation mark left open closes at the next one, lines further on, where PyYAML
    then fails: point at the line that opened it instead.

    Quoted text running over several lines is valid YAML but rare in records, so when an
    error comes right where such text ends, the opening line is the likely fault."""
    mark = e.problem_mark
    if mark is None or not mark.buffer:
        return None
    quoted = None
    try:
        for token in yaml.scan(mark.buffer.rstrip("\0"), Loader=yaml.SafeLoader):
            if token.end_mark.index > mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                quoted = token
    except yaml.YAMLError:
        pass
    if quoted is None:
        return None
    opened, closed = loader.line_at(quoted.start_mark), loader.line_at(quoted.end_mark)
    if opened == closed or closed != loader.line_at(mark):
        return None
    return FrontMatterError(opened, f"invalid YAML: the quotation mark opened here closes only on line {closed}; check the quotes")


def split_front_matter(text: str) -> tuple[str, int, str, int]:
    """Split `---` front matter from the body.

    Returns (front matter text, its first line, body, body's first line), lines 1-based.
    Raises FrontMatterError when the file does not open with a closed front matter block.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError(1, "a record must start with a line '---' opening its YAML front matter")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    raise FrontMatterError(1, "the front matter opened on line 1 is never closed with '---'")


def read_text(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    """Read a file as UTF-8 text with LF line ends, or say why it cannot be.

    Only regular files are read (a pipe named `x.en.md` would hang the build), and never
    more than the size limit, even if the file grows between the size check and the read.
    A UTF-8 byte-order mark is dropped: some editors write one, and it is invisible.
    """
    too_big = f"records are limited to {MAX_FILE_BYTES:,} bytes"
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            return None, Problem(shown, 1, "", f"is {what}, not a file; a record is a text file")
        if info.st_size > MAX_FILE_BYTES:
            return None, Problem(shown, 1, "", f"file is {info.st_size:,} bytes; {too_big}")
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        what = "links to a file that cannot be read" if path.is_symlink() else "cannot read file"
        return None, Problem(shown, 1, "", f"{what}: {e.strerror or e}")
    if len(raw) > MAX_FILE_BYTES:
        return None, Problem(shown, 1, "", f"file is more than {MAX_FILE_BYTES:,} bytes; {too_big}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(shown, 1, "", "file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, Problem(shown, line, "", f"not valid UTF-8 (byte {e.start}); save the file as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        return None, Problem(shown, line, "", f"contains a NUL character (byte {nul}), which text never holds; is this a binary file?")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def parse_source(text: str, shown: str, file_name: str) -> SourceFile:
    """Parse a record's text. Raises FrontMatterError for unreadable front matter."""
    if not text.strip():
        raise FrontMatterError(1, "file is empty; a record needs YAML front matter and a body")
    fm, fm_line, body, body_line = split_front_matter(text)
    meta, lines = load_yaml(fm, fm_line)
    if meta is None:
        raise FrontMatterError(fm_line, "front matter is empty")
    if not isinstance(meta, dict):
        kind = {list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(type(meta), type(meta).__name__)
        hint = "; write each field as 'name: value', with a space after the colon" if isinstance(meta, str) else ""
        raise FrontMatterError(fm_line, f"front matter must be a mapping of fields, not {kind}{hint}")
    return SourceFile(shown, meta, lines, body, body_line, language_of(file_name), text)


def read_source(path: Path, shown: str) -> tuple[SourceFile | None, Problem | None]:
    """Read and parse one record file, or return the problem that stopped it."""
    text, problem = read_text(path, shown)
    if text is None:
        return None, problem
    try:
        return parse_source(text, shown, path.name), None
    except FrontMatterError as e:
        return None, Problem(shown, e.line, "", e.message)
