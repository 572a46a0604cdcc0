"""Find article, decision and document-symbol references in text.

The parser works on plain text (a record's Markdown body, or text extracted from PDF)
and returns `Citation`s with character spans and line numbers. Three passes, each
masking what it found so the next cannot reuse it: UN document symbols first (so the
numbers inside `CTOC/COP/2008/7` are not read as decision 2008/7), then decisions and
resolutions, then articles. Whitespace, including a line break, may stand between
the parts of a citation, since PDF extraction breaks lines anywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from .names import OTHER_INSTRUMENTS, compile_names
from .numerals import CHINESE_NUMERAL, to_int

KINDS = ("article", "decision", "symbol")

_MAX_LIST = 40
"""Most items one citation lists ("articles 5, 6 and 8"). Bounding the repetition keeps
each match attempt short: unbounded, a long run of "第1、第1、..." with no closing 条 made
every starting point rescan the whole run (quadratic; 100 KB took minutes)."""


@dataclass(frozen=True)
class Citation:
    """One reference found in a text.

    `start`/`end` span the whole citation group (e.g. all of "articles 24 to 26 of the
    Convention"); `num_start`/`num_end` span this article's own number inside it, or are
    None for an article implied by a range (25 in "24 to 26").
    """

    kind: str
    start: int
    end: int
    line: int
    text: str
    instrument: str | None = None
    article: int | None = None
    paragraph: int | None = None
    subparagraph: str | None = None
    body: str | None = None
    number: str | None = None
    symbol: str | None = None
    num_start: int | None = None
    num_end: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The fields of the `treatykb refs` contract for this kind."""
        out: dict[str, Any] = {"line": self.line, "text": self.text, "kind": self.kind, "start": self.start, "end": self.end}
        keys = {
            "article": ("instrument", "article", "paragraph", "subparagraph"),
            "decision": ("body", "number"),
            "symbol": ("symbol",),
        }[self.kind]
        full = asdict(self)
        out.update({k: full[k] for k in keys})
        return out


# --- document symbols ----------------------------------------------------------------

_ROOTS = r"A|E|S|ST|CTOC|CAC|UNODC|TD|DP|HRC|CCPR|CRC|CEDAW|CERD|CAT|UNEP|IDB|ECE|TRANS|CND|CCPCJ"
_SEG = r"(?:[A-Z][A-Za-z]{0,5}(?:\.\d{1,3})?|\d{1,5})"
_SYMBOL = re.compile(rf"(?<![A-Za-z0-9/.])(?:{_ROOTS})(?:/[ \t]*(?:\n[ \t]*)?{_SEG}){{2,10}}(?![A-Za-z0-9])")


def _symbols(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for m in _SYMBOL.finditer(text):
        symbol = re.sub(r"\s+", "", m.group(0))
        if not re.search(r"\d", symbol):
            continue
        yield m.start(), m.end(), {"symbol": symbol}


# --- decisions and resolutions -------------------------------------------------------

_DNUM = r"\d{1,4}/\d{1,3}(?![\d/])"
_DECISION_PATTERNS = [
    # English, French, Spanish, Russian, Arabic: keyword then number(s)
    re.compile(
        rf"\b(?P<kw>decisions?|resolutions?|décisions?|résolutions?|decisi(?:ón|ones)|resoluci(?:ón|ones)"
        rf"|решени[еяйюи]\w*|резолюци[яиейю]\w*)\s+(?P<nums>{_DNUM}(?:\s*(?:,|and|et|y|и|or)\s*{_DNUM}){{0,{_MAX_LIST}}})",
        re.IGNORECASE,
    ),
    re.compile(rf"(?P<kw>المقرر(?:ين|ات)?|القرار(?:ين|ات)?|مقرر|قرار)\s+(?P<nums>{_DNUM}(?:\s*(?:،|,|و)\s*{_DNUM}){{0,{_MAX_LIST}}})"),
    # Chinese: 第 3/4 号决定, 第 5/1 号和第 6/1 号决议, 第 5/1 和 6/1 号决议
    re.compile(rf"第\s*(?P<nums>{_DNUM}(?:\s*号?\s*(?:、|和|及|以及|，|,)\s*(?:第\s*)?{_DNUM}){{0,{_MAX_LIST}}})\s*号\s*(?P<kw>决定|决议)"),
]
_ORGANS = [
    (
        "ga",
        r"General\s+Assembly|Assembly|Assemblée\s+générale|Asamblea\s+General|Генеральн\w+\s+Ассамбле\w+|الجمعية\s+العامة|联合国大会|大会",
    ),
    (
        "ecosoc",
        r"Economic\s+and\s+Social\s+Council|ECOSOC|Conseil\s+économique\s+et\s+social|Consejo\s+Económico\s+y\s+Social"
        r"|Экономическ\w+\s+и\s+Социальн\w+\s+Совет\w*|المجلس\s+الاقتصادي\s+والاجتماعي|经济及社会理事会|经社理事会",
    ),
    ("hrc", r"Human\s+Rights\s+Council|Conseil\s+des\s+droits\s+de\s+l'homme|人权理事会"),
    ("sc", r"Security\s+Council|Conseil\s+de\s+sécurité|安全理事会|安理会"),
    ("ccpcj", r"Commission\s+on\s+Crime\s+Prevention\s+and\s+Criminal\s+Justice|预防犯罪和刑事司法委员会"),
    ("cnd", r"Commission\s+on\s+Narcotic\s+Drugs|麻醉药品委员会"),
    (
        "cop",
        r"Conference\s+of\s+the\s+Parties|Conference|Conférence\s+des\s+Parties|Conferencia\s+de\s+las\s+Partes|Конференци\w+|مؤتمر\s+الأطراف|缔约方会议",
    ),
]
_ORGAN_BEFORE = [(body, re.compile(rf"(?:{rx})(?:\s+\w+)?[\s,]*$", re.IGNORECASE)) for body, rx in _ORGANS]
_ORGAN_AFTER = [(body, re.compile(rf"^\s*(?:de\s+l['’]\s*|de\s+la\s+|del\s+|of\s+the\s+)?(?:{rx})", re.IGNORECASE)) for body, rx in _ORGANS]
_SENTENCE_END = re.compile(r"[.。;；!?！？\n]")


def _decision_body(text: str, start: int, end: int, first: str) -> str:
    """Who adopted it: an organ named next to it, else what the numbering implies."""
    before = text[max(0, start - 40) : start]
    cut = [m.end() for m in _SENTENCE_END.finditer(before)]
    before = before[cut[-1] :] if cut else before
    for body, rx in _ORGAN_BEFORE:
        if rx.search(before):
            return body
    after = text[end : end + 60]
    for body, rx in _ORGAN_AFTER:
        if rx.search(after):
            return body
    session = first.split("/")[0]
    if len(session) == 4:
        return "ecosoc"  # ECOSOC numbers resolutions by year: 2006/27
    if int(session) > 30:
        return "ga"  # the Conference of the Parties has not had 30 sessions; 55/25 is the Assembly's
    return "cop"


def _decisions(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for rx in _DECISION_PATTERNS:
        for m in rx.finditer(text):
            numbers = list(re.finditer(_DNUM, m.group("nums")))
            body = _decision_body(text, m.start(), m.end(), numbers[0].group(0))
            for n in numbers:
                s = m.start("nums") + n.start()
                yield m.start(), m.end(), {"body": body, "number": n.group(0), "num_start": s, "num_end": s + len(n.group(0))}


# --- articles: European languages and Arabic -----------------------------------------

_NUM = r"\d{1,3}(?!\d)"
_PAREN_PARA = r"(?:\s*\(\s*\d{1,2}\s*\))?"
_PAREN_SUB = r"(?:\s*\(\s*[a-z]{1,4}\s*\))?"
_ITEM = rf"{_NUM}{_PAREN_PARA}{_PAREN_SUB}"
_ITEM_PARTS = re.compile(r"(?P<num>\d{1,3})(?:\s*\(\s*(?P<para>\d{1,2})\s*\))?(?:\s*\(\s*(?P<sub>[a-z]{1,4})\s*\))?")


@dataclass(frozen=True)
class _Words:
    lang: str
    art: str
    para: str
    sub: str
    of: str
    list_sep: str
    range_sep: str


_LANG_WORDS = [
    _Words(
        "en",
        r"\b(?:articles?|arts?\.|art\.?)",
        r"\b(?:paragraphs?|paras?\.|para\.?)",
        r"\bsub-?paragraphs?",
        r"of",
        r",|and|or",
        r"to|through|-|–|—",
    ),
    _Words("fr", r"\b(?:articles?|art\.)", r"\b(?:paragraphes?|par\.)", r"\balinéas?", r"de\s+l['’]\s*|du|de\s+la", r",|et|ou", r"à|-|–|—"),
    _Words("es", r"\b(?:artículos?|art\.)", r"\bpárrafos?", r"\b(?:apartados?|incisos?)", r"del?", r",|y|o|e", r"a|-|–|—"),
    _Words(
        "ru", r"(?<!\w)(?:стать(?:я|и|е|ю|ей|ям|ями|ях)|ст\.)", r"(?<!\w)(?:пункт\w*|п\.)", r"(?<!\w)подпункт\w*", r"", r",|и|или", r"-|–|—"
    ),
    _Words(
        "ar",
        r"(?:المادة|المادتان|المادتين|المواد|مادة)",
        r"(?:الفقرة|الفقرتان|الفقرتين|الفقرات|فقرة)",
        r"الفقرة\s+الفرعية",
        r"من",
        r"،|,|و",
        r"إلى|-|–",
    ),
]


def _postfix_pattern(w: _Words) -> re.Pattern[str]:
    sep = rf"\s*(?:{w.list_sep}|{w.range_sep})\s*"
    items = rf"{_ITEM}(?:{sep}(?:{w.art}\s*)?{_ITEM}){{0,{_MAX_LIST}}}"
    tail = rf"(?:\s*,?\s*{w.para}\s*(?P<tpara>\d{{1,2}})(?:\s*\(?\s*(?P<tsub>[a-z]{{1,4}})\s*\))?)?"
    subtail = rf"(?:\s*,?\s*{w.sub}\s*\(?\s*(?P<tsub2>[a-z]{{1,4}})\s*\))?"
    return re.compile(rf"{w.art}\s*(?P<items>{items}){tail}{subtail}", re.IGNORECASE)


def _prefix_pattern(w: _Words) -> re.Pattern[str]:
    of = rf"\s*(?:{w.of})?\s*" if w.of else r"\s*"
    return re.compile(
        rf"(?:{w.sub}\s*\(?\s*(?P<psub>[a-z]{{1,4}})\s*\)\s*(?:{w.of})?\s*)?"
        rf"{w.para}\s*(?P<ppara>\d{{1,2}})(?:\s*\(?\s*(?P<psub2>[a-z]{{1,4}})\s*\))?{of}{w.art}\s*(?P<items>{_NUM})",
        re.IGNORECASE,
    )


_PATTERNS = [(w, _prefix_pattern(w), _postfix_pattern(w)) for w in _LANG_WORDS]
_ART_WORDS = {w.lang: re.compile(w.art, re.IGNORECASE) for w in _LANG_WORDS}
"""Both patterns of a language need its word for "article": a text without it is not
scanned with them (a Chinese text, with none of the five, skips ten long patterns)."""
_NAMES = {lang: compile_names(lang) for lang in ("en", "fr", "es", "ru", "ar", "zh")}
_OTHER = {lang: re.compile(rx, re.IGNORECASE if lang != "zh" else 0) for lang, rx in OTHER_INSTRUMENTS.items()}
_AMBIGUOUS = {
    "en": re.compile(r"(?:the|this|that|its|each|both)\s+Protocols?\b(?!\s+(?:to|against))", re.IGNORECASE),
    "zh": re.compile(r"(?:该|本|各项|其|这些)?议定书》?$"),
}
_OF = {
    "en": r"^\s*,?\s*(?:of|to|under|in)\s+(?:the\s+|this\s+)?",
    "fr": r"^\s*,?\s*(?:de\s+la\s+|du\s+|de\s+l['’]\s*|de\s+|dans\s+la\s+|dans\s+le\s+)",
    "es": r"^\s*,?\s*(?:de\s+la\s+|del\s+|de\s+)",
    "ru": r"^\s*,?\s*",
    "ar": r"^\s*(?:من\s+)?",
}


_AMBIGUOUS_EN = re.compile(r"^(?:(?:the|its|each|both|that)\s+)?Protocols?\b(?!\s+(?:to|against|on|for))", re.IGNORECASE)
_PHRASE_END = re.compile(r"[.;:,()\n。；]")


def _instrument_after(text: str, end: int, lang: str) -> str | None:
    """'untoc', 'tip', ... named right after a citation; '' for another (or an ambiguous)
    instrument, whose articles are not ours; None when nothing is named."""
    after = text[end : end + 200]
    m = re.match(_OF.get(lang, _OF["en"]), after, re.IGNORECASE)
    if not m:
        return None
    rest = after[m.end() :]
    if lang == "en" and _AMBIGUOUS_EN.match(rest):
        return ""
    cut = _PHRASE_END.search(rest, 1)
    phrase = rest[: cut.start()] if cut else rest
    other = _OTHER[lang].search(phrase)
    for inst, rx in _NAMES[lang]:
        ours = rx.match(rest)
        if ours:
            if other and other.start() <= ours.start() and other.end() > ours.end():
                return ""
            return inst
    if other:
        return ""
    return None


def _instrument_before(text: str, start: int, lang: str) -> str | None:
    """The instrument named just before a citation (Chinese style, or 'Firearms Protocol, art. 8')."""
    before = text[max(0, start - 120) : start].rstrip()
    before = before.rstrip("的之") if lang == "zh" else re.sub(r"(?:,|'s|’s)\s*$", "", before).rstrip()
    for inst, rx in _NAMES[lang]:
        matches = list(rx.finditer(before))
        m = matches[-1] if matches else None
        if m is not None and m.end() == len(before):
            # "反腐败公约" ends with 公约 too: another instrument's name wins if it is longer
            other = [o for o in _OTHER[lang].finditer(before) if o.end() == len(before)]
            if other and other[-1].start() < m.start():
                return ""
            return inst
    if lang == "zh" and _AMBIGUOUS["zh"].search(before):
        return ""
    tail = before[-40:]
    other_m = [o for o in _OTHER[lang].finditer(tail) if o.end() == len(tail)]
    if other_m:
        return ""
    return None


def _sub(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    n = to_int(value) if not value.isascii() else None
    return chr(ord("a") + n - 1) if n and 0 < n <= 26 else value


_Item = tuple[int, int | None, str | None, int | None, int | None]


def _expand(items_text: str, base: int, range_sep: str) -> list[_Item]:
    """(article, paragraph, sub, num_start, num_end) for each item, with ranges filled in."""
    out: list[_Item] = []
    parts = list(_ITEM_PARTS.finditer(items_text))
    range_rx = re.compile(rf"^\s*(?:{range_sep})\s*$", re.IGNORECASE)
    for i, m in enumerate(parts):
        n = int(m.group("num"))
        para = int(m.group("para")) if m.group("para") else None
        if i > 0 and range_rx.match(items_text[parts[i - 1].end() : m.start()]):
            prev = out[-1][0]
            if prev < n <= prev + 50:
                out += [(k, None, None, None, None) for k in range(prev + 1, n)]
        out.append((n, para, m.group("sub"), base + m.start("num"), base + m.end("num")))
    return out


def _articles_alpha(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    seen: set[tuple[int, int]] = set()  # "art. 5" reads the same in several languages
    for w, prefix, postfix in _PATTERNS:
        if not _ART_WORDS[w.lang].search(text):
            continue
        for rx in (prefix, postfix):
            for m in rx.finditer(text):
                if m.span() in seen:
                    continue
                seen.add(m.span())
                inst = _instrument_after(text, m.end(), w.lang)
                if inst is None:
                    inst = _instrument_before(text, m.start(), w.lang)
                if inst == "":
                    continue  # another instrument's article, or an ambiguous "the Protocol"
                inst = inst or "untoc"
                gd = m.groupdict()
                items = _expand(m.group("items"), m.start("items"), w.range_sep)
                tpara = gd.get("tpara") or gd.get("ppara")
                tsub = gd.get("tsub") or gd.get("tsub2") or gd.get("psub") or gd.get("psub2")
                for k, (art, para, sub, ns, ne) in enumerate(items):
                    if k == len(items) - 1 and tpara:
                        para, sub = int(tpara), tsub or sub
                    elif k == len(items) - 1 and tsub and para is not None:
                        sub = sub or tsub
                    yield (
                        m.start(),
                        m.end(),
                        {
                            "instrument": inst,
                            "article": art,
                            "paragraph": para,
                            "subparagraph": _sub(sub),
                            "num_start": ns,
                            "num_end": ne,
                        },
                    )


# --- articles: Chinese ---------------------------------------------------------------

_ZN = rf"(?:\d{{1,3}}(?!\d)|{CHINESE_NUMERAL})"
_ZSEP_LIST = r"、|，|,|和|及|与|或|以及"
_ZSEP_RANGE = r"至|到|-|–|—|~|～"
_Z_ITEM = rf"第\s*{_ZN}(?:\s*(?:{_ZSEP_LIST}|{_ZSEP_RANGE})\s*(?:第\s*)?{_ZN}){{0,{_MAX_LIST}}}\s*[条條]"
_Z_SUB = r"[(（]\s*(?:[a-z]|[一二三四五六七八九十]+)\s*[)）]"
_Z_PARA = rf"第\s*{_ZN}\s*(?:{_Z_SUB})?\s*款(?:\s*(?:第\s*)?{_Z_SUB}\s*项)?"
_ZH = re.compile(rf"(?P<items>{_Z_ITEM}(?:\s*(?:{_ZSEP_LIST}|{_ZSEP_RANGE})\s*{_Z_ITEM}){{0,{_MAX_LIST}}})\s*(?P<para>{_Z_PARA})?")
_ZH_NUM = re.compile(_ZN)
_ZH_PARA_PARTS = re.compile(
    rf"第\s*(?P<p>{_ZN})\s*(?:[(（]\s*(?P<s1>[a-z]|[一二三四五六七八九十]+)\s*[)）])?\s*款(?:\s*(?:第\s*)?[(（]\s*(?P<s2>[a-z]|[一二三四五六七八九十]+)\s*[)）]\s*项)?"
)


def _articles_zh(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    range_rx = re.compile(rf"^\s*(?:[条條]\s*)?(?:{_ZSEP_RANGE})\s*(?:第\s*)?$")
    for m in _ZH.finditer(text):
        inst = _instrument_before(text, m.start(), "zh")
        if inst == "":
            continue
        inst = inst or "untoc"
        items_text = m.group("items")
        base = m.start("items")
        nums = list(_ZH_NUM.finditer(items_text))
        values: list[tuple[int, int | None, int | None]] = []
        for i, n in enumerate(nums):
            value = to_int(n.group(0))
            if value is None:
                continue
            if i > 0 and values and range_rx.match(items_text[nums[i - 1].end() : n.start()]):
                prev = values[-1][0]
                if prev < value <= prev + 50:
                    values += [(k, None, None) for k in range(prev + 1, value)]
            values.append((value, base + n.start(), base + n.end()))
        para = sub = None
        if m.group("para"):
            pm = _ZH_PARA_PARTS.match(m.group("para"))
            if pm:
                para = to_int(pm.group("p"))
                sub = _sub(pm.group("s1") or pm.group("s2"))
        for k, (art, ns, ne) in enumerate(values):
            last = k == len(values) - 1
            yield (
                m.start(),
                m.end(),
                {
                    "instrument": inst,
                    "article": art,
                    "paragraph": para if last else None,
                    "subparagraph": sub if last else None,
                    "num_start": ns,
                    "num_end": ne,
                },
            )


# --- putting it together -------------------------------------------------------------


_NUMBER = re.compile(rf"\d|{CHINESE_NUMERAL}")
"""Something every citation has: a number, in digits of any script or Chinese numerals."""


def find_citations(text: str, first_line: int = 1) -> list[Citation]:
    """Every citation in `text`, in order of appearance; lines count from `first_line`."""
    if not _NUMBER.search(text):
        return []  # most of the text pieces a page is linked in (linking.py)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    # Spans already taken, kept sorted and disjoint so each check is a binary search:
    # a text dense with citations must not cost the square of their number.
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    found: list[Citation] = []
    order: dict[Citation, int] = {}

    def free(start: int, end: int) -> bool:
        i = bisect_right(taken_starts, start)
        if i > 0 and taken_ends[i - 1] > start:
            return False
        return i == len(taken_starts) or taken_starts[i] >= end

    def take(start: int, end: int) -> None:
        i = bisect_right(taken_starts, start)
        taken_starts.insert(i, start)
        taken_ends.insert(i, end)

    def add(kind: str, hits: Iterator[tuple[int, int, dict[str, Any]]]) -> None:
        groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for start, end, fields in hits:
            groups.setdefault((start, end), []).append(fields)
        # longest group first where two overlap, then the earlier one
        for (start, end), items in sorted(groups.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
            if not free(start, end):
                continue
            take(start, end)
            seen: set[tuple[Any, ...]] = set()
            for seq, fields in enumerate(items):
                key = tuple(sorted(fields.items()))
                if key in seen:
                    continue
                seen.add(key)
                at = fields.get("num_start") or start
                line = bisect_right(line_starts, at) - 1 + first_line
                found.append(Citation(kind, start, end, line, text[start:end], **fields))
                order[found[-1]] = seq

    add("symbol", _symbols(text))
    add("decision", _decisions(text))
    add("article", _chain(_articles_zh(text), _articles_alpha(text)))
    return sorted(found, key=lambda c: (c.start, order[c]))


def _chain(*its: Iterator[tuple[int, int, dict[str, Any]]]) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for it in its:
        yield from it
