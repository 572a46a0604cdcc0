"""Reading one record file: front matter with line numbers, body, language.

Editors need errors that point at a line, so the YAML is composed into nodes first and
each field's line is kept. The loader is deliberately narrower than YAML:
- no implicit timestamps (dates stay text, so the schema can report 2010-02-30 itself);
- no anchors or aliases (they serve no purpose in a record and enable alias bombs);
- no duplicate keys (YAML would silently keep the last one);
- only the safe tags (no `!!python/object`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official UN languages, in the UN's order."""

MAX_FILE_BYTES = 2_000_000
"""A record larger than this is refused unread: no real digest or decision comes close."""

MAX_DEPTH = 20
"""Deeper nesting than this in front matter is refused: records are shallow."""

_FILE_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")

#: Where a value sits in the front matter: a tuple of keys and list indexes.
FieldPath = tuple[str | int, ...]


class _RecordLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps and with duplicate keys refused."""

    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads this class attribute)
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    first_line = 1
    """File line of the YAML text's first line, so messages give file lines."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise ConstructorError(
                    None,
                    None,
                    f"field '{key}' is given twice (first on line {seen[key] + self.first_line})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


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


def _check_node(node: Node, depth: int, seen: set[int], offset: int) -> None:
    if id(node) in seen:
        raise FrontMatterError(node.start_mark.line + offset, "YAML anchors and aliases (&name, *name) are not allowed in records")
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise FrontMatterError(node.start_mark.line + offset, f"front matter is nested more than {MAX_DEPTH} levels deep")
    if isinstance(node, MappingNode):
        for k, v in node.value:
            _check_node(k, depth + 1, seen, offset)
            _check_node(v, depth + 1, seen, offset)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_node(item, depth + 1, seen, offset)


def _collect_lines(node: Node, path: FieldPath, offset: int, out: dict[FieldPath, int]) -> None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                sub = (*path, str(k.value))
                out[sub] = k.start_mark.line + offset
                _collect_lines(v, sub, offset, out)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            sub = (*path, i)
            out[sub] = item.start_mark.line + offset
            _collect_lines(item, sub, offset, out)


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[FieldPath, int]]:
    """Parse YAML safely, returning the value and the line of every field.

    `first_line` is the file line the text starts on, so lines are the file's own.
    Raises FrontMatterError with that line for anything unreadable.
    """
    offset = first_line  # node lines are 0-based
    loader = _RecordLoader(text)
    loader.first_line = first_line
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            _check_node(node, 0, set(), offset)
            lines: dict[FieldPath, int] = {}
            _collect_lines(node, (), offset, lines)
            value = loader.construct_document(node)
        except yaml.MarkedYAMLError as e:
            raise _yaml_error(e, offset) from None
        except RecursionError:
            raise FrontMatterError(first_line, f"front matter is nested more than {MAX_DEPTH} levels deep") from None
        return value, lines
    finally:
        loader.dispose()


def _yaml_error(e: yaml.MarkedYAMLError, offset: int) -> FrontMatterError:
    """Turn PyYAML's message into one an editor can act on, at the right line."""
    problem = e.problem or str(e)
    mark = e.problem_mark or e.context_mark
    line = mark.line + offset if mark else offset
    if e.context and "quoted scalar" in e.context and e.context_mark:
        return FrontMatterError(e.context_mark.line + offset, "invalid YAML: a quotation mark opened here is never closed")
    if "could not determine a constructor" in problem:
        tag = problem.split(" for the tag ")[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return FrontMatterError(line, f"invalid YAML: the tag '{tag}' is not allowed; records hold only text, numbers, lists and mappings")
    if "found character '\\t'" in problem:
        return FrontMatterError(line, "invalid YAML: a tab character; indent with spaces")
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return FrontMatterError(line, f"invalid YAML: {problem}; check the indentation and quote text that contains ': '")
    context = f"{e.context} " if e.context else ""
    return FrontMatterError(line, f"invalid YAML: {context}{problem}".strip())


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
    """Read a file as UTF-8 text with LF line ends, or say why it cannot be."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(shown, 1, "", f"file is {size:,} bytes; records are limited to {MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as e:
        return None, Problem(shown, 1, "", f"cannot read file: {e.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, Problem(shown, line, "", f"not valid UTF-8 (byte {e.start}); save the file as UTF-8")
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
        raise FrontMatterError(fm_line, f"front matter must be a mapping of fields, not a {type(meta).__name__}")
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
