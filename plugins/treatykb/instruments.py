"""The treaties as data: each instrument's articles and their titles per language.

Instruments live in `content/instruments/<id>.yml`; see the files for their sources.
An article reference (`untoc 30(2)(c)`) is the one form records use to name an article,
in front matter and in every generated link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .records import FrontMatterError, load_yaml, read_text

INSTRUMENT_IDS = ("untoc", "tip", "som", "fp")
"""The Convention and its three Protocols, in the order the UN lists them."""

_REF = re.compile(r"^(?P<inst>[a-z]+)\s+(?P<art>\d{1,3})(?:\s*\((?P<para>\d{1,2})\))?(?:\s*\((?P<sub>[a-z]{1,4})\))?$")


@dataclass(frozen=True, order=True)
class ArticleRef:
    """An article of an instrument, optionally down to a paragraph and sub-paragraph."""

    instrument: str
    article: int
    paragraph: int | None = None
    subparagraph: str | None = None

    def __str__(self) -> str:
        s = f"{self.instrument} {self.article}"
        if self.paragraph is not None:
            s += f"({self.paragraph})"
        if self.subparagraph:
            s += f"({self.subparagraph})"
        return s

    @property
    def anchor(self) -> str:
        """Fragment of the paragraph on the article's page (`para-2`), or empty."""
        return f"para-{self.paragraph}" if self.paragraph is not None else ""


def parse_article_ref(text: str) -> ArticleRef | None:
    """Parse `untoc 30(2)(c)`; None when the text is not of that form."""
    m = _REF.match(text.strip())
    if not m:
        return None
    return ArticleRef(
        m.group("inst"),
        int(m.group("art")),
        int(m.group("para")) if m.group("para") else None,
        m.group("sub"),
    )


@dataclass(frozen=True)
class Article:
    number: int
    title: dict[str, str]
    paragraphs: int | None = None
    """How many numbered paragraphs the article has, when known from the text."""


@dataclass(frozen=True)
class Instrument:
    id: str
    name: dict[str, str]
    short_name: dict[str, str]
    articles: dict[int, Article]
    meta: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.short_name.get(lang) or self.short_name.get("en") or self.id


def check_ref(ref: ArticleRef, instruments: dict[str, Instrument]) -> str | None:
    """Why a reference names nothing that exists, or None when it is fine."""
    inst = instruments.get(ref.instrument)
    if inst is None:
        return f"unknown instrument '{ref.instrument}'; expected one of {', '.join(sorted(instruments))}"
    art = inst.articles.get(ref.article)
    if art is None:
        return f"{inst.label()} has no article {ref.article} (it has articles 1 to {max(inst.articles)})"
    if ref.paragraph is not None and art.paragraphs is not None and ref.paragraph > art.paragraphs:
        return f"article {ref.article} of the {inst.label()} has no paragraph {ref.paragraph} (it has {art.paragraphs})"
    return None


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    return {}


def load_instruments(directory: Path, shown: str) -> tuple[dict[str, Instrument], list[Problem]]:
    """Load every `<id>.yml` in the instruments directory, reporting what is malformed."""
    instruments: dict[str, Instrument] = {}
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        where = f"{shown}/{path.name}"
        text, problem = read_text(path, where)
        if text is None:
            problems.append(problem)  # type: ignore[arg-type]
            continue
        try:
            data, lines = load_yaml(text)
        except FrontMatterError as e:
            problems.append(Problem(where, e.line, "", e.message))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            problems.append(Problem(where, 1, "articles", "an instrument file needs `id` and a list `articles`"))
            continue
        inst_id = str(data.get("id", path.stem))
        articles: dict[int, Article] = {}
        for i, item in enumerate(data["articles"]):
            line = lines.get(("articles", i), 1)
            if not isinstance(item, dict) or not isinstance(item.get("number"), int):
                problems.append(Problem(where, line, f"articles[{i}]", "each article needs an integer `number`"))
                continue
            number = item["number"]
            if number in articles:
                problems.append(Problem(where, line, f"articles[{i}]", f"article {number} is listed twice"))
                continue
            paragraphs = item.get("paragraphs")
            articles[number] = Article(number, _texts(item.get("title")), paragraphs if isinstance(paragraphs, int) else None)
        instruments[inst_id] = Instrument(
            inst_id,
            _texts(data.get("name")),
            _texts(data.get("short_name")),
            articles,
            {k: v for k, v in data.items() if k not in ("articles", "name", "short_name")},
        )
    for missing in (i for i in INSTRUMENT_IDS if i not in instruments):
        problems.append(Problem(f"{shown}/{missing}.yml", 1, "", f"instrument file for '{missing}' is missing"))
    return instruments, problems
