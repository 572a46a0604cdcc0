"""Helpers shared by the page builders: escaping, relative links, labels."""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from ..instruments import ArticleRef, Instrument
from ..records import LANGUAGES
from ..vocab import ui

INSTRUMENT_ABBREVIATIONS = {"untoc": "UNTOC", "tip": "TIP Protocol", "som": "SOM Protocol", "fp": "Firearms Protocol"}
RTL = frozenset({"ar"})
_ARTICLE_PATTERNS = {"fr": "{inst}, art. {num}", "es": "{inst}, art. {num}", "ru": "{inst}, ст. {num}", "ar": "{inst}، المادة {num}"}


def in_lang(lang: str, path: str) -> str:
    """The URL of a page in one UI language: every page lives under `<lang>/`."""
    return f"{lang}/{path}"


def switcher(urls: dict[str, str | None], page_lang: str) -> list[dict[str, str | None]]:
    """The language switcher's entries for a page, in UN order: each language named in
    itself, with the page's URL in it, or None and a note saying it does not exist."""
    out: list[dict[str, str | None]] = []
    for lang in LANGUAGES:
        url = urls.get(lang)
        note = None if url else ui("not_available", page_lang, language=ui(f"language_names.{lang}", page_lang))
        out.append({"lang": lang, "name": ui(f"languages.{lang}", lang), "url": url, "note": note})
    return out


def every_language(path: str, page_lang: str) -> list[dict[str, str | None]]:
    """Switcher entries for a generated page, which exists in every language."""
    return switcher({lang: in_lang(lang, path) for lang in LANGUAGES}, page_lang)


def labelled(text: str, text_lang: str, page_lang: str, tag: str = "span") -> str:
    """A text, marked with its language when it is not the page's: the `lang` attribute for
    screen readers and a visible "(English)" for everyone. No silent fallback."""
    if text_lang == page_lang:
        return f"<{tag}>{esc(text)}</{tag}>" if tag != "span" else esc(text)
    return f"<{tag}{lang_attrs(text_lang, page_lang)}>{esc(text)}</{tag}> {lang_marker(text_lang, page_lang)}"


def lang_marker(text_lang: str, page_lang: str, extra: str = "") -> str:
    """The visible note "(中文)" that says which language a text or link is in: the
    language's own name, itself marked with its language."""
    name = f"<span{lang_attrs(text_lang, page_lang)}>{esc(ui(f'languages.{text_lang}', text_lang))}</span>"
    return f'<span class="tkb-lang-note">({name}{"; " + esc(extra) if extra else ""})</span>'


def pick(texts: dict[str, str], lang: str, default: str = "") -> tuple[str, str]:
    """(text, its language) from a language map: `lang` if present, else English, else any."""
    for candidate in (lang, "en", *LANGUAGES):
        if texts.get(candidate):
            return texts[candidate], candidate
    return default, lang


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two site URLs of directory form (`a/b/` -> `c/`)."""
    if to_url.startswith(("http://", "https://", "#")):
        return to_url
    path, _, frag = to_url.partition("#")
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    out = _relpath(path or ".", start or ".")
    if path.endswith("/") and out != ".":
        out += "/"
    elif out == ".":
        out = "./"
    return out + (f"#{frag}" if frag else "")


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for the plain site paths pages link between (no `.`, `..`, or
    leading or doubled `/`), without its two `abspath` calls: pages make a few hundred
    thousand links at 20,000 records. Any other path goes to `posixpath.relpath`."""
    to, here = _parts(path), _parts(start)
    if to is None or here is None:
        return posixpath.relpath(path, start)
    i = 0
    while i < len(to) and i < len(here) and to[i] == here[i]:
        i += 1
    return "/".join([".."] * (len(here) - i) + to[i:]) or "."


def _parts(path: str) -> list[str] | None:
    if path == ".":
        return []
    parts = path.rstrip("/").split("/")
    return None if path.startswith("/") or any(p in ("", ".", "..") for p in parts) else parts


TEMPLATE_TEXT = ("title", "description")
"""Front-matter values the theme prints into HTML without escaping (`<title>`, the
header, `<meta name=description>`): escaped here, since a record's title is anyone's."""


def feed_link(page_url: str, feed: str, title: str) -> str:
    """The head link that lets a browser or feed reader find a page's Atom feed."""
    return f'<link rel="alternate" type="application/atom+xml" title="{esc(title)}" href="{esc(rel(page_url, feed))}">'


def search_url(page_url: str, lang: str, langs: Iterable[str], params: Iterable[tuple[str, str]]) -> str:
    """The search page with filters set, searching every language the matching records
    are written in (`langs`; the search page otherwise searches only its own)."""
    wanted = set(langs)
    query = [*params, *(("lang", x) for x in LANGUAGES if x in wanted)]
    return rel(page_url, in_lang(lang, "search/")) + "?" + urlencode(query)


def front_matter(**fields: Any) -> str:
    """YAML front matter for a generated page (JSON strings are valid YAML)."""
    fields = {k: esc(v) if k in TEMPLATE_TEXT and isinstance(v, str) else v for k, v in fields.items()}
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def article_label(ref: ArticleRef, instruments: dict[str, Instrument], lang: str = "en") -> str:
    """How a reference reads to a person: `UNTOC art. 30(2)(c)` or `《公约》第30条第2款(c)项`."""
    if lang == "zh":
        inst = instruments.get(ref.instrument)
        name = "《公约》" if ref.instrument == "untoc" else f"《{inst.label('zh') if inst else ref.instrument}》"
        s = f"{name}第{ref.article}条"
        if ref.paragraph is not None:
            s += f"第{ref.paragraph}款"
        if ref.subparagraph:
            s += f"({ref.subparagraph})项"
        return s
    if lang in _ARTICLE_PATTERNS:
        inst = instruments.get(ref.instrument)
        name = (inst.short_name.get(lang) if inst else None) or INSTRUMENT_ABBREVIATIONS.get(ref.instrument, ref.instrument)
        s = _ARTICLE_PATTERNS[lang].format(inst=name, num=ref.article)
    else:
        s = f"{INSTRUMENT_ABBREVIATIONS.get(ref.instrument, ref.instrument)} art. {ref.article}"
    if ref.paragraph is not None:
        s += f"({ref.paragraph})"
    if ref.subparagraph:
        s += f"({ref.subparagraph})"
    return s


def lang_attrs(text_lang: str, page_lang: str) -> str:
    """` lang="zh"` when a text's language differs from the page's, so readers and screen
    readers know which language they are reading (and `dir` where it changes)."""
    if text_lang == page_lang:
        return ""
    direction = ' dir="rtl"' if text_lang in RTL else (' dir="ltr"' if page_lang in RTL else "")
    return f' lang="{text_lang}"{direction}'
