"""Find text shown in one language under a page (or element) marked as another.

Used by the tests on built pages: every text node gets the language of its nearest
`lang` attribute; a text in Chinese, Arabic or Cyrillic script under another language,
or a run of Latin-script words under a Chinese, Arabic or Russian element, is reported.
French, Spanish and English share a script, so what tells them apart is checked by the
tests on the strings themselves.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SCRIPTS = {"zh": re.compile(r"[\u4e00-\u9fff]"), "ar": re.compile(r"[\u0600-\u06ff]"), "ru": re.compile(r"[\u0400-\u04ff]")}
LATIN_RUN = re.compile(r"(?:\b[A-Za-zÀ-ÿ]{2,}\b[ ,;:'’-]+){2,}\b[A-Za-zÀ-ÿ]{2,}\b")
URL = re.compile(r"https?://\S+")
"""A web address is in no language (a permalink in a Chinese citation is not English)."""
SKIP = {"script", "style", "svg", "code", "pre", "kbd", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.problems: list[str] = []

    def lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang.split("-")[0] if lang else None))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip() or any(tag in SKIP for tag, _ in self.stack):
            return
        lang = self.lang()
        for script_lang, pattern in SCRIPTS.items():
            if pattern.search(data) and lang != script_lang:
                self.problems.append(f"{script_lang} text under lang={lang!r}: {data.strip()[:80]!r}")
        if lang in SCRIPTS:
            m = LATIN_RUN.search(URL.sub(" ", data))
            if m:
                self.problems.append(f"Latin-script words under lang={lang!r}: {m.group(0)[:80]!r}")


def unlabelled_text(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    return checker.problems
