"""Words as the search index and the search page both cut them.

The same rules run twice: here, over every page at build time, and in `search.js`, over
the query in the reader's browser. They are few so that the two sides agree exactly
(`tests/test_search_engine.py` runs both on the same inputs):

- fold: NFKC (full-width digits and letters become plain), lower case, marks removed
  (é → e, أ → ا, ё → е), NFC again;
- a word is a run of letters and digits; inside it, each run of Han or kana characters
  gives each character and each overlapping pair (司法协助 → 司 司法 法 法协 协 协助 助), so
  a Chinese word is found inside Chinese text without agreeing on a dictionary, and a
  single character (罪) wherever it stands (犯罪);
- in English, words of the letters a-z are stemmed with Porter's algorithm (the version
  lunr.py carries; `search.js` has the same), so "extradite" finds "extradition". The other
  languages keep whole words; the search page matches those by their first letters.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator

from lunr.stemmer import PorterStemmer

_WORD = re.compile(r"[^\W_]+")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_PARTS = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_IS_CJK = re.compile(f"[{_CJK}]")
_ASCII_WORD = re.compile(r"[a-z]+")
MAX_WORD = 40
"""Longer runs (hashes, base64) are not words anyone types; they are left out."""

STEMMED = {"en": "porter"}
"""Languages whose words are stemmed, and how; the bundle's entry tells `search.js`."""


def fold(text: str) -> str:
    """Case, width and accents out of the way (the same steps as `fold` in search.js)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).lower())
    return unicodedata.normalize("NFC", text.translate(_marks()))


@functools.cache
def _marks() -> dict[int, None]:
    """Every combining mark (general category M*), to be deleted by `str.translate`."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("M")}


def is_cjk(term: str) -> bool:
    return bool(_IS_CJK.match(term))


class Stemmer:
    """A language's stemmer with a memory: a corpus repeats its words."""

    def __init__(self, lang: str) -> None:
        self.kind = STEMMED.get(lang)
        self._porter = PorterStemmer() if self.kind == "porter" else None
        self._seen: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if self._porter is None or not _ASCII_WORD.fullmatch(word):
            return word
        stem = self._seen.get(word)
        if stem is None:
            stem = self._seen[word] = self._porter.stem(word)
        return stem


def terms(text: str, stem: Callable[[str], str]) -> Iterator[str]:
    """The index terms of a text, in order (repeated as often as they occur)."""
    for word in _WORD.findall(fold(text)):
        if word.isascii():
            if len(word) <= MAX_WORD:
                yield stem(word)
            continue
        for part in _PARTS.findall(word):
            if _IS_CJK.match(part):
                for i, char in enumerate(part):
                    yield char
                    if i + 1 < len(part):
                        yield char + part[i + 1]
            elif len(part) <= MAX_WORD:
                yield stem(part)
