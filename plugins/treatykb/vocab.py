"""Controlled vocabularies: record types, bodies, crime types, topics, countries.

Labels come from data files, never from records, so a value reads the same on every
page and can be translated once. Countries are ISO 3166-1 alpha-3 codes, with names
from pycountry (which ships ISO's names and their translations).
"""

from __future__ import annotations

import difflib
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry
import yaml

#: Language of treatykb -> gettext locale of pycountry's translations.
_PYCOUNTRY_LOCALES = {"ar": "ar", "zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}

MODEL = "model"
"""The `country` of a model law, which belongs to no state."""


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary by name: key -> {language: label}."""

    terms: dict[str, dict[str, dict[str, str]]]

    def keys(self, vocabulary: str) -> list[str]:
        return list(self.terms[vocabulary])

    def label_in(self, vocabulary: str, key: str, lang: str = "en") -> tuple[str, str]:
        """(label, its language): in `lang` where the data has it, else English, so that
        pages can mark a fallback instead of hiding it."""
        labels = self.terms.get(vocabulary, {}).get(key, {})
        if labels.get(lang):
            return labels[lang], lang
        return labels.get("en") or key, "en"


@cache
def vocabularies() -> Vocabularies:
    """The vocabularies shipped with treatykb (`treatykb/data/vocabularies.yml`)."""
    text = resources.files("treatykb").joinpath("data/vocabularies.yml").read_text("utf-8")
    return Vocabularies(yaml.safe_load(text))


@cache
def _strings() -> dict[str, Any]:
    text = resources.files("treatykb").joinpath("data/strings.yml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def ui(key: str, lang: str = "en", **values: Any) -> str:
    """An interface string of `data/strings.yml` (dotted keys reach nested ones), formatted with `values`."""
    value = _template(key, lang)
    return value.format(**values) if values else value


@cache
def _template(key: str, lang: str) -> str:
    """The unformatted string: pages ask for the same few hundred a million times."""
    node: Any = _strings().get(lang) or _strings()["en"]
    fallback: Any = _strings()["en"]
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        fallback = fallback.get(part) if isinstance(fallback, dict) else None
    value = node if isinstance(node, str) else fallback
    if not isinstance(value, str):
        raise KeyError(f"no interface string '{key}'")
    return value


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def country_name(code: str, lang: str = "en") -> str:
    """The ISO name of a country in a language (English where no translation exists)."""
    if code == MODEL:
        return ui("model_law", lang)
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    name = str(getattr(country, "common_name", None) or country.name)
    locale = _PYCOUNTRY_LOCALES.get(lang)
    if locale is None:
        return name
    return _translator(locale)(str(country.name))


@cache
def _translator(locale: str) -> Callable[[str], str]:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True).gettext


def typo_distance(a: str, b: str) -> int:
    """Edits between two strings, a swap of neighbours counting as one (optimal string
    alignment): the typos editors make are swapped, missing, extra or wrong letters."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def suggest(value: str, choices: list[str] | frozenset[str]) -> str:
    """ "; did you mean 'X'?" for the closest choice, or nothing when none is close.

    Closest by typo distance first ('CNA' is 'CAN' with two letters swapped, not 'TCA'),
    then by the letters shared at the start ('KEY' is 'KEN' rather than 'JEY'), then by
    difflib's similarity; case is ignored when comparing."""
    pool = sorted(choices)
    if not pool or not value:
        return ""
    folded = value.casefold()

    def closeness(c: str) -> tuple[int, int, float, str]:
        other = c.casefold()
        prefix = next((i for i, (x, y) in enumerate(zip(folded, other, strict=False)) if x != y), min(len(folded), len(other)))
        # (first letters are rarely the typo)
        return (typo_distance(folded, other), -prefix, -difflib.SequenceMatcher(None, folded, other).ratio(), c)

    best = min(pool, key=closeness)
    limit = 1 if len(value) <= 4 else 2
    if typo_distance(folded, best.casefold()) <= limit:
        return f"; did you mean '{best}'?"
    match = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(value.upper(), pool, n=1, cutoff=0.6) or difflib.get_close_matches(
            value.lower(), pool, n=1, cutoff=0.6
        )
    return f"; did you mean '{match[0]}'?" if match else ""
