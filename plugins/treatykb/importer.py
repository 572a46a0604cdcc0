"""`treatykb import`: a UN document as extracted from PDF -> a draft decision record.

Text extracted from a PDF keeps the printed page: hard line breaks, running headers and
footers, job numbers and barcodes, footnote marks as superscripts or bare digits with the
footnotes in the middle of the text. The importer undoes that, reads the metadata a UN
document prints on its cover (symbol, date, session, body, kind, number, title) and drafts
a record that `treatykb check` accepts, except where a value is not in the text: that
field is then left empty, so the check keeps flagging it, with a `# import:` comment
beside it, and a note says what is missing. Nothing is invented; the summary is always
left to the editor.

`import_document` and `render` are pure (text in, text out); `register` wires the
`treatykb import FILE` command, which only adds reading and writing files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml

from .citations import find_citations
from .citations.numerals import to_int
from .records import LANGUAGES, MAX_FILE_BYTES
from .schema import ID_MAX, ID_PATTERN
from .vocab import country_codes, country_name, vocabularies

TODO = "# import: TODO"
"""Marks a value the importer could not fill; the field is left empty so the check flags it."""

# --- characters ----------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK = re.compile(f"[{_HAN}{_CJK_PUNCT}]")
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ", "0123456789abcdefghijklmnopqrstuvwxyz"
)
_CLOSERS = "\"'”’」』）)]》〉"
_ENDS = "。；：，、！？.;:,!?"
"""Punctuation after which a line may end a paragraph (a clause or sentence is closed)."""


def _width(text: str) -> int:
    """Printed width: CJK characters take two columns, as on the page."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _closed(text: str) -> bool:
    """Whether a line ends with clause or sentence punctuation (footnote refs and closing quotes aside)."""
    s = re.sub(r"(?:\[\^\w+\])+$", "", text).rstrip(_CLOSERS + " ")
    return bool(s) and s[-1] in _ENDS


# --- page furniture ------------------------------------------------------------------

_SYMBOL_LINE = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.\-]+){2,}$")
_FURNITURE = [
    re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$"),  # page number
    re.compile(r"^(?:Page|Página|Страница|Стр\.)\s*\d{1,3}(?:\s*(?:of|de|/|из)\s*\d{1,3})?$", re.IGNORECASE),
    re.compile(r"^第\s*\d{1,3}\s*页(?:\s*[/，,]\s*共\s*\d{1,3}\s*页)?$"),
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),  # "3/12" page of pages
    re.compile(r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+(?:[A-Z]{1,4}|\d{6}|\*[0-9A-Z]{5,12}\*))*$"),  # job number
    re.compile(r"^\*[0-9A-Z]{5,12}\*$"),  # barcode
    re.compile(
        r"^Distr\.?\s*[:：]?\s*(?:General|Limited|Restricted|générale|limitée|restreinte|general|limitada|reservada)$", re.IGNORECASE
    ),
    re.compile(r"^Original\s*[:：]\s*\w+$", re.IGNORECASE),
    re.compile(r"^(?:Arabic|Chinese|English|French|Russian|Spanish)$"),
    re.compile(r"^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций|联合国|الأمم المتحدة)$"),
    re.compile(r"^(?:Please recycle|请回收|Prière de recycler|Sírvanse reciclar)\W*$", re.IGNORECASE),
    re.compile(r"^[*\s]+$"),
]


def furniture(line: str) -> bool:
    """A line of page furniture: page number, symbol header, job number, barcode, cover labels."""
    s = line.strip()
    return bool(s) and (bool(_SYMBOL_LINE.match(s)) or any(rx.match(s) for rx in _FURNITURE))


def _metadata_fragment(s: str) -> bool:
    """A fragment of a two-column cover line that stands on its own (symbol, Distr., date...)."""
    return (furniture(s) and not s.isdigit()) or _parse_date(s) is not None


# --- dates, sessions and other cover lines ---------------------------------------------

_MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
):
    for _n, _name in enumerate(_names.split(), start=1):
        _MONTHS[_name] = _n
_MONTHS.update({"setiembre": 9, "يونيو": 6, "يوليو": 7})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_LEVANTINE_MONTH = r"تشرين الأول|تشرين الثاني|كانون الأول|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول"
_DATE_LINE = [
    re.compile(
        rf"^(?P<d>\d{{1,2}})(?:er)?\s+(?:de\s+)?(?:[^\s/]+/)?(?P<m>{_MONTH})\s+(?:de\s+)?(?P<y>\d{{4}})(?:\s*(?:года|г\.))?$", re.IGNORECASE
    ),
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$"),
]
_ZH_MEETING = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*\d{1,2}\s*日[^，,]{0,20}[，,]\s*(?P<place>[^\d，,]{1,20})$")
_MEETING = re.compile(r"^(?P<place>[^\d,，،]{2,40}?)\s*[,，،]\s*(?P<rest>[^,，،]*\d{4}[^,，،]*)$")
_ORDINALS: dict[str, int] = {}
for _words in (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth",
    "première deuxième troisième quatrième cinquième sixième septième huitième neuvième dixième onzième douzième "
    "treizième quatorzième quinzième",
    "primer segundo tercer cuarto quinto sexto séptimo octavo noveno décimo undécimo duodécimo decimotercer decimocuarto decimoquinto",
    "первая вторая третья четвертая пятая шестая седьмая восьмая девятая десятая одиннадцатая двенадцатая тринадцатая "
    "четырнадцатая пятнадцатая",
    "الأولى الثانية الثالثة الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة",
):
    for _n, _word in enumerate(_words.split(), start=1):
        _ORDINALS[_word] = _n
_ORDINALS.update({"premier": 1, "primero": 1, "tercero": 3, "четвёртая": 4})
_SESSION = [
    re.compile(r"^第\s*(?P<n>[一二三四五六七八九十]+|\d{1,2})\s*届会议$"),
    re.compile(r"^(?P<w>\w+)\s+(?:session|período de sesiones|сессия)$", re.IGNORECASE),
    re.compile(r"^(?P<n>\d{1,2})(?:st|nd|rd|th|e|ème)\s+session$", re.IGNORECASE),
    re.compile(r"^الدورة\s+(?P<w>\S+)$"),
]
_AGENDA_ITEM = [
    re.compile(r"^(?:临时)?议程项目\s*(?P<n>\d{1,2})(?:\s*[(（][a-z][)）])?\s*\*?$"),
    re.compile(r"^(?:provisional\s+)?agenda item\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?\s*\*?$", re.IGNORECASE),
    re.compile(r"^item\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?\s+of the (?:provisional )?agenda\s*\*?$", re.IGNORECASE),
    re.compile(r"^point\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?\s+de l.ordre du jour(?: provisoire)?\s*\*?$", re.IGNORECASE),
    re.compile(r"^tema\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?\s+del programa(?: provisional)?\s*\*?$", re.IGNORECASE),
    re.compile(r"^пункт\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?\s+(?:предварительной )?повестки дня\s*\*?$", re.IGNORECASE),
    re.compile(r"^البند\s+(?P<n>\d{1,2})(?:\s*\([a-z]\))?.*$"),
]
_NUMBER_LINE = [
    re.compile(r"^第\s*(?P<s>\d{1,2})\s*/\s*(?P<n>\d{1,2})\s*号(?P<k>决定|决议)$"),
    re.compile(
        r"^(?P<k>Decision|Resolution|Décision|Résolution|Decisión|Resolución|Решение|Резолюция|المقرر|القرار)\s+(?P<s>\d{1,2})/(?P<n>\d{1,2})$",
        re.IGNORECASE,
    ),
]
_NUMBER_KIND = {
    "决定": "decision",
    "决议": "resolution",
    "decision": "decision",
    "décision": "decision",
    "decisión": "decision",
    "решение": "decision",
    "المقرر": "decision",
}

_COP = re.compile(
    r"缔约方会议|Conference of the Parties|Conférence des Parties|Conferencia de las Partes|Конференция участников|مؤتمر الأطراف",
    re.IGNORECASE,
)
_WG = re.compile(r"工作组|Working Group|Groupe de travail|Grupo de Trabajo|Рабочая группа|الفريق العامل", re.IGNORECASE)
_CONVENTION = re.compile(
    r"打击跨国有组织犯罪公约|Convention against|Transnational Organized Crime|criminalité transnationale organisée|"
    r"Delincuencia Organizada Transnacional|транснациональной организованной преступности",
    re.IGNORECASE,
)
_WG_TOPICS = {
    "wg-technical-assistance": r"技术援助|technical assistance|assistance technique|asistencia técnica|технической помощи|المساعدة التقنية",
    "wg-international-cooperation": r"国际合作|international cooperation|coopération internationale|cooperación internacional|"
    r"международному сотрудничеству|التعاون الدولي",
    "wg-trafficking-in-persons": r"贩运人口|人口贩运|trafficking in persons|traite des personnes|trata de personas|торговле людьми|الاتجار بالأشخاص",
    "wg-smuggling-of-migrants": r"偷运移民|smuggling of migrants|trafic illicite de migrants|tráfico ilícito de migrantes|"
    r"незаконному ввозу мигрантов|تهريب المهاجرين",
    "wg-firearms": r"枪支|firearms|armes à feu|armas de fuego|огнестрельному оружию|الأسلحة النارية",
}
_ORGANS = {
    "ga": re.compile(
        r"^(?:大会|General Assembly|Assemblée générale|Asamblea General|Генеральная Ассамблея|الجمعية العامة)$", re.IGNORECASE
    ),
    "ecosoc": re.compile(
        r"^(?:经济及社会理事会|Economic and Social Council|Conseil économique et social|Consejo Económico y Social|"
        r"Экономический и Социальный Совет|المجلس الاقتصادي والاجتماعي)$",
        re.IGNORECASE,
    ),
}


def _parse_date(s: str) -> str | None:
    """A date line on its own (the issue date on a cover) as YYYY-MM-DD, in any UN language."""
    for rx in _DATE_LINE:
        m = rx.match(s.strip())
        if m:
            month = m.group("m")
            mo = int(month) if month.isdigit() else _MONTHS[month.lower()]
            y, d = int(m.group("y")), int(m.group("d"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _parse_meeting(s: str) -> tuple[str, str] | None:
    """(YYYY-MM of the meeting's first day, place) from a line such as 'Vienna, 18-22 October 2010'."""
    m = _ZH_MEETING.match(s)
    if m:
        return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}", m.group("place").strip()
    m = _MEETING.match(s)
    if not m:
        return None
    rest = m.group("rest")
    months = [_MONTHS[w.lower()] for w in re.findall(_MONTH, rest, re.IGNORECASE)]
    years = re.findall(r"\d{4}", rest)
    leftover = re.sub(_MONTH, "", rest, flags=re.IGNORECASE)
    leftover = re.sub(_LEVANTINE_MONTH, "", leftover)  # Arabic writes 'تشرين الأول/أكتوبر'
    leftover = re.sub(r"\d+|\b(?:and|to|et|au|y|a|de|del|года|г\.|и|по)\b|[-–—/\s.]", "", leftover, flags=re.IGNORECASE)
    if not months or not years or leftover:
        return None
    return f"{int(years[0]):04d}-{months[0]:02d}", m.group("place").strip()


def _parse_session(s: str) -> int | None:
    for rx in _SESSION:
        m = rx.match(s)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("n"):
            return to_int(groups["n"])
        n = _ORDINALS.get((groups.get("w") or "").lower())
        if n:
            return n
    return None


def _parse_agenda_item(s: str) -> int | None:
    for rx in _AGENDA_ITEM:
        m = rx.match(s)
        if m:
            return int(m.group("n"))
    return None


def _parse_number(s: str) -> tuple[str, int, int] | None:
    """(kind, session, number) from a heading such as '第 3/4 号决定' or 'Decision 3/4'."""
    for rx in _NUMBER_LINE:
        m = rx.match(s)
        if m:
            kind = _NUMBER_KIND.get(m.group("k").lower(), "resolution")
            return kind, int(m.group("s")), int(m.group("n"))
    return None


@cache
def _kind_labels() -> list[tuple[str, str]]:
    """(label, kind key) for every decision kind in every language, longest label first."""
    out = [(label.lower(), key) for key, labels in vocabularies().terms["decision_kinds"].items() for label in labels.values()]
    out += [("draft decision", "draft-resolution"), ("projet de décision", "draft-resolution"), ("决定草案", "draft-resolution")]
    return sorted(out, key=lambda p: -len(p[0]))


def _kind_of(s: str) -> str | None:
    """The kind named at the start (or, in Chinese, the end) of a title or label line."""
    low = s.lower().rstrip("*")
    for label, key in _kind_labels():
        if low == label or (low.startswith(label) and (_is_cjk(label[-1]) or not low[len(label)].isalnum())):
            return key
        if _is_cjk(label[0]) and low.endswith(label) and key not in ("decision", "resolution"):
            return key
    return None


def _organ(s: str) -> str | None:
    """The body a cover line names ('' for a line that names only the Convention or an unknown group)."""
    for key, rx in _ORGANS.items():
        if rx.match(s):
            return key
    if _WG.search(s):
        for key, words in _WG_TOPICS.items():
            if re.search(words, s, re.IGNORECASE):
                return key
        return ""
    if _COP.search(s):
        return "cop"
    if _CONVENTION.search(s):
        return ""
    return None


# --- structure -----------------------------------------------------------------------

_BULLET = re.compile(r"^[-•◦▪·]\s+")
_NUM_ITEM = re.compile(r"^(?P<n>\d{1,3})[.．](?:\s+|$)")
_LET_ITEM = re.compile(r"^[(（]\s*(?P<l>[a-z]{1,4})\s*[)）](?P<sp>\s*)")
_ZH_ITEM = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）])\s*")
_ROMAN_ITEM = re.compile(r"^(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s+")
_CAP_ITEM = re.compile(r"^[A-H]\.\s+")
_TABLE = re.compile(r"^\|.*\|$")
_SEPARATOR = re.compile(r"^[_—–-]{5,}$")
_ANNEX = re.compile(
    r"^(?:附件[一二三四五六七八九十]*|Annexe?(?:\s+[IVX]+)?|Anexo(?:\s+[IVX]+)?|Приложение(?:\s+[IVX]+)?|المرفق(?:\s+\S+)?)$", re.IGNORECASE
)
_SUP_DEF = re.compile(rf"^(?P<n>[{_SUPERSCRIPT}]+)\s*(?P<text>\S.*)$")
_PLAIN_DEF = re.compile(r"^(?P<n>\d{1,3}|\*{1,3})\s+(?P<text>\S.*)$")
_FN_REF = re.compile(r"\[\^\w+\]")


def _marker(text: str) -> str | None:
    """What numbered item a line starts: 'num' (1.), 'let' ((a), (i)), 'zh' (一、), 'roman' (I.), 'cap' (A.)."""
    s = _BULLET.sub("", text).translate(_FULLWIDTH)
    if _NUM_ITEM.match(s):
        return "num"
    m = _LET_ITEM.match(s)
    if m and s[m.end() :] and (m.group("sp") or s[m.end()] not in "项款目条段"):
        return "let"
    if _ZH_ITEM.match(s):
        return "zh"
    if _ROMAN_ITEM.match(s):
        return "roman"
    if _CAP_ITEM.match(s):
        return "cap"
    return None


def _normalise_marker(text: str) -> str:
    """'（a）核可' -> '(a) 核可', '1．' -> '1.', '- (b) x' -> '(b) x': the forms paragraph anchors read."""
    if not _marker(text):
        return text
    s = _BULLET.sub("", text)
    head = s[:8].translate(_FULLWIDTH)
    s = head + s[8:]
    m = _LET_ITEM.match(s)
    if m:
        return f"({m.group('l')}) {s[m.end() :].lstrip()}"
    m = _NUM_ITEM.match(s)
    if m:
        return f"{m.group('n')}. {s[m.end() :].lstrip()}"
    return s


def _starts_block(text: str) -> bool:
    return bool(_marker(text) or _BULLET.match(text) or _TABLE.match(text) or text.startswith("#"))


# --- the draft -----------------------------------------------------------------------


class UnreadableDocument(ValueError):
    """Text that holds nothing to import (no words at all)."""


@dataclass
class Draft:
    """A draft decision record: front matter values, Markdown body and what is left to decide.

    A value the text does not give is None; `render` writes it empty with a `# import:`
    comment, so `treatykb check` keeps reporting it until an editor fills it in."""

    id: str | None
    kind: str | None
    body: str | None
    """Who issued the document (vocabulary `bodies`), e.g. 'cop'; the Markdown text is `markdown`."""
    date: str | None
    title: str | None
    lang: str
    markdown: str
    session: int | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    summary: str | None = None
    notes: list[str] = field(default_factory=list)
    """What the importer could not decide, each 'line N: message' or a sentence."""
    source_name: str = ""
    slug: str = "imported"
    """File name stem: the record is written to `<slug>.<lang>.md`."""

    @property
    def sources(self) -> list[dict[str, str]]:
        entry = {k: v for k, v in (("title", self.title), ("symbol", self.symbol)) if v}
        return [entry]

    def front_matter(self) -> dict[str, Any]:
        """The fields in the order records are written (None: to be filled in by the editor)."""
        fm: dict[str, Any] = {"id": self.id, "type": "decision", "kind": self.kind, "body": self.body}
        for key in ("session", "number", "symbol"):
            if getattr(self, key) is not None:
                fm[key] = getattr(self, key)
        fm["date"] = self.date
        if self.place:
            fm["place"] = self.place
        fm["title"] = self.title
        fm["summary"] = self.summary
        if self.topics:
            fm["topics"] = list(self.topics)
        fm["sources"] = self.sources
        return fm


_HINTS = {
    "id": "give '<body>-<kind>-<session>-<number>' or '<body>-<short-name>' (content/README.md)",
    "kind": "what kind of document: decision, resolution, draft-resolution, recommendations, report, agenda or note",
    "body": "who issued it, a key of vocabulary `bodies` (e.g. cop, wg-technical-assistance)",
    "date": "date of adoption or issue, YYYY-MM-DD (or YYYY-MM, YYYY); not in the text",
    "title": "the title in the record's language; none found before the text",
    "summary": "a short abstract; the importer does not write summaries",
}


def split_note(note: str) -> tuple[int | None, str]:
    """(source line, message) of a note written 'line N: message'; None when it has no line."""
    m = re.match(r"^line (\d+): (.*)$", note, re.DOTALL)
    return (int(m.group(1)), m.group(2)) if m else (None, note)


# --- reading the cover ------------------------------------------------------------------


@dataclass
class _Line:
    no: int
    text: str
    indent: int
    soft: bool = False
    """A blank line standing for removed page furniture or footnotes: a page break, which
    does not end a paragraph by itself."""

    @property
    def width(self) -> int:
        return _width(self.text)


@dataclass
class _Cover:
    """What the lines before the text say about the document."""

    date: str | None = None
    meeting: tuple[str, str, int] | None = None  # (YYYY-MM, place, line)
    session: int | None = None
    kind: str | None = None
    number: tuple[int, int] | None = None
    organs: list[str] = field(default_factory=list)
    organ_lines: list[str] = field(default_factory=list)
    agenda_title: str | None = None
    sponsors: list[tuple[str, int]] = field(default_factory=list)
    title: str | None = None
    used: set[int] = field(default_factory=set)  # indexes of the lines read as cover


def _read_cover(lines: list[_Line]) -> _Cover:
    """Classify the lines at the top, up to and including the title; the text starts after."""
    cover = _Cover()
    after_kind = False
    expect_agenda_title = False
    labels = dict(_kind_labels())
    seen = 0
    for i, ln in enumerate(lines):
        s = ln.text.rstrip("*").strip()
        if not s:
            continue
        seen += 1
        if seen > 25:  # covers are short; past this, whatever comes is text
            break
        if expect_agenda_title and not _parse_number(s) and not _sponsored(s):
            cover.agenda_title, expect_agenda_title = s, False
            cover.used.add(i)
            continue
        expect_agenda_title = False
        date = _parse_date(s)
        session = _parse_session(s)
        meeting = _parse_meeting(s)
        number = _parse_number(s)
        sponsored = _sponsored(s)
        cover_like = _width(s) <= 160 and not _closed(s) and not s.endswith("-") and not re.match(r"(?i)the\s", s)
        organ = _organ(s) if not after_kind and cover_like and not _kind_of(s) else None
        if date:
            cover.date = cover.date or date
        elif session:
            cover.session = session
        elif meeting:
            cover.meeting = cover.meeting or (*meeting, ln.no)
        elif _parse_agenda_item(s) is not None:
            expect_agenda_title, after_kind = True, True
        elif number:
            cover.kind, cover.number, after_kind = number[0], (number[1], number[2]), True
        elif sponsored:
            cover.kind, after_kind = sponsored[1], True
            cover.sponsors = [(name, ln.no) for name in sponsored[0]]
        elif organ is not None:
            if organ:
                cover.organs.append(organ)
            cover.organ_lines.append(s)
        elif s.lower() in labels and not cover.kind:  # a label on its own line: 'Draft resolution'
            cover.kind, after_kind = labels[s.lower()], True
        elif not _closed(s) and not _starts_block(s) and _width(s) <= 240 and not _runs_on(lines, i):
            cover.title = s
            cover.kind = cover.kind or _kind_of(s)
            cover.used.add(i)
            _title_continuation(lines, i, cover)
            return cover
        else:
            return cover
        cover.used.add(i)
    return cover


def _runs_on(lines: list[_Line], i: int) -> bool:
    """Whether line i is the start of a wrapped sentence (so not a title): it ends in a
    hyphen or comma, or the next line starts in lower case and closes the sentence."""
    if lines[i].text.endswith(("-", ",", "，")):
        return True
    nxt = next((ln.text for ln in lines[i + 1 :] if ln.text), "")
    return bool(nxt) and nxt[0].islower() and _closed(nxt)


def _title_continuation(lines: list[_Line], i: int, cover: _Cover) -> None:
    """A Latin-script title wrapped onto a second line: the first line is long (or the next
    starts in lower case) and the next is neither closed by punctuation nor an item. A CJK
    title cannot be told from a heading below it, so it is never continued."""
    first = lines[i].text
    for j in range(i + 1, min(i + 4, len(lines))):
        nxt = lines[j].text
        if not nxt:
            continue
        latin = not _CJK.search(first + nxt)
        wrapped = nxt[0].islower() or (_width(first) >= 60 and _width(nxt) <= _width(first) + 10)
        if latin and wrapped and cover.title and not _closed(nxt) and not _starts_block(nxt):
            cover.title = _join(cover.title, nxt, lines[j].no, [])
            cover.used.add(j)
        return


def _sponsored(s: str) -> tuple[list[str], str] | None:
    """(sponsors, kind) from 'Kenya: draft resolution' / '肯尼亚：决议草案'."""
    m = re.match(r"^(?P<who>[^:：]{2,120}?)\s*[:：]\s*(?P<kind>.+)$", s)
    if not m:
        return None
    kind = _kind_of(m.group("kind").strip())
    if kind is None or _width(m.group("kind").strip()) > 40:
        return None
    who = re.sub(r"[(（][^)）]*[)）]", "", m.group("who"))
    names = [n.strip() for n in re.split(r"\s*(?:、|，|,|和|及|\band\b|\bet\b|\by\b|\bи\b)\s*", who) if n.strip()]
    return names, kind


# --- footnotes -----------------------------------------------------------------------


@dataclass
class _Footnote:
    label: str
    text: str
    line: int
    plain: bool  # written with a bare number after a separator (its mark is a bare number too)
    used: bool = False


def _without(lines: list[_Line], drop: set[int]) -> list[_Line]:
    """The lines minus those at the `drop` indexes; a run of blank and dropped lines becomes
    one soft blank line, so a paragraph can run on across the page break it stands for."""
    out: list[_Line] = []
    run: list[_Line] = []
    dropped = False
    for i, ln in enumerate(lines):
        if i in drop:
            dropped = True
        elif not ln.text:
            run.append(ln)
        else:
            out.extend([_Line(run[0].no if run else ln.no, "", 0, soft=True)] if dropped else run)
            out.append(ln)
            run, dropped = [], False
    return out + run


def _take_footnotes(lines: list[_Line], full: int, notes: list[tuple[int, str]]) -> tuple[list[_Line], dict[str, _Footnote]]:
    """Lift footnote texts (after a '____' separator, or lines opening with a superscript number) out of the text."""
    taken: set[int] = set()
    found: dict[str, _Footnote] = {}
    zone = False
    current: _Footnote | None = None
    last_full = False
    for i, ln in enumerate(lines):
        s = ln.text
        if not s:
            current = None if ln.soft else current  # footnotes end with their page
            continue
        if _SEPARATOR.match(s):
            zone, current = True, None
            taken.add(i)
            continue
        taken.add(i)
        m_sup = _SUP_DEF.match(s)
        m_plain = _PLAIN_DEF.match(s) if zone else None
        if m_sup or m_plain:
            m = m_sup or m_plain
            assert m is not None
            label = m.group("n").translate(_SUP_TO_DIGIT)
            if label in found:
                first = found[label].line
                notes.append((ln.no, f"footnote {label} is given twice (first on line {first}); kept the first, left out this one: {s}"))
                current = None
            else:
                current = found[label] = _Footnote(label, m.group("text").strip(), ln.no, plain=m_sup is None)
            zone, last_full = True, ln.width >= full and not _closed(s)
            continue
        if zone and current is not None and last_full and not _starts_block(s):
            current.text = _join(current.text, s, ln.no, [])
            last_full = ln.width >= full and not _closed(s)
            continue
        zone, current = False, None
        taken.discard(i)
    return _without(lines, taken), found


def _mark_footnotes(lines: list[_Line], found: dict[str, _Footnote], notes: list[tuple[int, str]]) -> None:
    """Turn superscript and bare-number footnote marks into Markdown references `[^n]`."""
    for ln in lines:
        ln.text = _sup_refs(ln.text, ln.no, found, notes)
    after = 0  # marks come in order: look for each after the previous one
    for fn in sorted((f for f in found.values() if f.plain and f.label.isdigit()), key=lambda f: int(f.label)):
        rx = re.compile(rf"(?<=[^\s\d/.\-:第^\[])({fn.label})(?=\s|$|[，。；：、）)\]」”’,;:.!?])")
        for k, ln in enumerate(lines):
            if k < after or ln.no > fn.line:
                continue
            m = rx.search(ln.text)
            if m:
                ln.text = f"{ln.text[: m.start()]}[^{fn.label}]{ln.text[m.end() :]}"
                fn.used, after = True, k
                break


def _sup_refs(text: str, line: int, found: dict[str, _Footnote], notes: list[tuple[int, str]]) -> str:
    return re.sub(f"[{_SUPERSCRIPT}]+", lambda m: _sup_ref(m.group(), line, found, notes), text)


def _sup_ref(sup: str, line: int, found: dict[str, _Footnote], notes: list[tuple[int, str]]) -> str:
    """'³' -> '[^3]'; '³⁰' with a footnote 3 but no 30 -> '[^3]' and a note; unknown -> kept."""
    digits = sup.translate(_SUP_TO_DIGIT)
    for k in range(len(digits), 0, -1):
        fn = found.get(digits[:k])
        if fn is not None and not fn.plain:
            if k < len(digits):
                notes.append(
                    (line, f"footnote mark '{sup}': there is no footnote {digits}; took footnote {digits[:k]} and dropped '{sup[k:]}'")
                )
            fn.used = True
            return f"[^{fn.label}]"
    notes.append((line, f"superscript '{sup}' has no footnote text; left as it is"))
    return sup


# --- joining lines into paragraphs ---------------------------------------------------------


@dataclass
class _Block:
    lines: list[_Line]
    table: bool = False
    text: str = ""
    heading: int = 0  # Markdown heading level, 0 for a paragraph


_KEEP_HYPHEN = {"non", "self", "well", "semi"}


def _join(a: str, b: str, line: int, rejoined: list[tuple[int, str]]) -> str:
    """Join two lines of one paragraph: no space around CJK, a space between Latin words,
    and a word hyphenated at the line end made whole again."""
    if not a:
        return b
    if _is_cjk(a[-1]) or _is_cjk(b[0]) or a.endswith(("“", "‘")):
        return a + b
    m = re.search(r"([A-Za-zÀ-ɏЀ-ӿ]+)-$", a)
    if m and b[0].islower():
        if m.group(1).lower() in _KEEP_HYPHEN:
            return a + b
        word = m.group(1) + b.split(maxsplit=1)[0]
        rejoined.append((line, word.rstrip(".,;:)")))
        return a[:-1] + b
    if re.search(r"\S-$", a):  # '2011-' + '2012', 'Trans-' + 'Pacific': the hyphen is part of the text
        return a + b
    return f"{a} {b}"


def _blocks(lines: list[_Line], rejoined: list[tuple[int, str]]) -> list[_Block]:
    """Group lines into blocks (paragraphs, headings, tables).

    Two layouts occur. Either blank lines separate paragraphs (each may still be wrapped),
    or the extraction put a blank line after every printed line, so blank lines mean nothing
    and paragraphs show only by indentation, numbering and lines that stop short of the
    margin. A line continues into the next when it reaches the margin (it was wrapped) and
    the next neither starts an item nor is indented."""
    text_lines = [ln for ln in lines if ln.text and not _TABLE.match(ln.text)]
    widths = sorted(ln.width for ln in text_lines) or [0]
    page = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    baseline = min((ln.indent for ln in text_lines), default=0)
    gaps = sum(1 for k in range(len(lines) - 1) if lines[k].text and not lines[k + 1].text)
    spaced = 50 <= page <= 130 and gaps >= 0.6 * len(text_lines)  # printed lines are 50 to 130 columns wide

    def continues(a: _Line, b: _Line) -> bool:
        if _starts_block(b.text) or b.indent > baseline or _SEPARATOR.match(b.text):
            return False
        full = page <= 130 and a.width >= (0.85 if _CJK.search(a.text) else 0.7) * page  # longer lines were never wrapped
        if full:
            return True
        return not _CJK.search(a.text[-1:]) and not _closed(a.text) and b.text[0].islower()

    blocks: list[_Block] = []
    prev: _Line | None = None
    gap = False
    for ln in lines:
        if not ln.text:
            gap = gap or not ln.soft
            continue
        table = bool(_TABLE.match(ln.text))
        cur = blocks[-1] if blocks else None
        if (
            cur is not None
            and prev is not None
            and ((cur.table and table) or (not cur.table and not table and (spaced or not gap) and continues(prev, ln)))
        ):
            cur.lines.append(ln)
        else:
            blocks.append(_Block([ln], table=table))
        prev, gap = ln, False
    for b in blocks:
        if b.table:
            b.text = "\n".join(ln.text for ln in b.lines)
        else:
            text = b.lines[0].text
            for ln in b.lines[1:]:
                text = _join(text, ln.text, ln.no, rejoined)
            b.text = text
    return _split_inline_items(blocks)


def _split_inline_items(blocks: list[_Block]) -> list[_Block]:
    """'(b) ...公约； (c) 以举办...': a sub-paragraph run into the previous one is split off."""
    out: list[_Block] = []
    for b in blocks:
        m = _LET_ITEM.match(_normalise_marker(b.text)) if not b.table else None
        while m and len(m.group("l")) == 1:
            nxt = chr(ord(m.group("l")) + 1)
            cut = re.search(rf"(?<=[；;。：:])\s*(?=[(（]{nxt}[)）]\s)", b.text)
            if not cut:
                break
            out.append(_Block(b.lines, text=b.text[: cut.start()].rstrip()))
            b = _Block(b.lines, text=b.text[cut.end() :])
            m = _LET_ITEM.match(b.text)
        out.append(b)
    return out


def _tidy(text: str) -> str:
    """Spaces the extraction left around CJK punctuation and footnote references."""
    text = _normalise_marker(text)
    text = re.sub(rf"\s+(?=[{_CJK_PUNCT}])", "", text)
    text = re.sub(r"(?<=[（《「『“])\s+", "", text)
    text = re.sub(rf"(\[\^\w+\])\s+(?=[{_HAN}{_CJK_PUNCT}])", r"\1", text)
    text = re.sub(rf"(?<=[{_HAN}{_CJK_PUNCT}])\s+(\[\^\w+\])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _headings(blocks: list[_Block]) -> None:
    """Short unpunctuated single lines are headings; levels follow the numbering they carry."""
    numbered_level = 0  # level of the last numbered heading in this part
    roman_level = 0
    for k, b in enumerate(blocks):
        if b.table or len(b.lines) > 1 or k == len(blocks) - 1:
            continue
        s = b.text
        if _closed(s) or s.rstrip()[-1:] in "）)" or _width(s) > 90 or _FN_REF.search(s):
            continue
        kind = _marker(s)
        prev = blocks[k - 1].heading if k else 0
        if _ANNEX.match(s):
            b.heading, numbered_level, roman_level = 2, 0, 0
        elif kind in ("zh", "roman", "cap"):
            b.heading = 3 if any(x.heading == 2 for x in blocks[:k]) else 2
            roman_level, numbered_level = b.heading, 0
        elif kind == "num":
            b.heading = roman_level + 1 if roman_level else (3 if any(x.heading == 2 for x in blocks[:k]) else 2)
            numbered_level = b.heading
        elif kind == "let":
            b.heading = min(6, (numbered_level or roman_level or 2) + 1)
        elif prev:
            b.heading = min(6, prev + 1)
        elif numbered_level:
            b.heading = min(6, numbered_level + 1)
        else:
            b.heading, numbered_level, roman_level = 2, 0, 0


# --- language, countries, ids ----------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """The UN language a text is written in, from its script (and, for Latin, common words)."""
    han = len(re.findall(f"[{_HAN}]", text))
    arabic = len(re.findall(r"[\u0600-\u06ff]", text))
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    latin = len(re.findall(r"[A-Za-zÀ-ÿ]", text))
    letters = han + arabic + cyrillic + latin
    if not letters:
        return None
    if han >= 0.2 * letters:
        return "zh"
    if arabic >= 0.3 * letters:
        return "ar"
    if cyrillic >= 0.3 * letters:
        return "ru"
    words = Counter(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text))
    score = {
        "en": sum(words[w] for w in ("the", "of", "and", "to", "in", "on")),
        "fr": sum(words[w] for w in ("le", "les", "des", "et", "du", "au", "sur")),
        "es": sum(words[w] for w in ("el", "los", "las", "del", "y", "en", "por")),
    }
    return max(score, key=lambda k: score[k])


@cache
def _countries() -> dict[str, str]:
    """Country name in any UN language (lower case) -> ISO alpha-3 code."""
    out: dict[str, str] = {}
    for code in country_codes():
        c = pycountry.countries.get(alpha_3=code)
        for name in (getattr(c, "name", None), getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[str(name).lower()] = code
        for lang in LANGUAGES:
            out.setdefault(country_name(code, lang).lower(), code)
    return out


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _sponsor_slug(name: str) -> str | None:
    code = _countries().get(name.lower())
    country = pycountry.countries.get(alpha_3=code) if code else None
    if country is not None:
        return _slug(str(getattr(country, "common_name", None) or country.name))
    return _slug(name) if re.fullmatch(r"[A-Za-z0-9 .'&-]+", name) else None


def _topics(lang: str, *texts: str | None) -> list[str]:
    """Topics whose label (in the record's language) a title or cover line contains."""
    out = []
    for key, labels in vocabularies().terms["topics"].items():
        label = labels.get(lang, "").lower()
        if label and any(t and label in t.lower() for t in texts):
            out.append(key)
    return out


# --- the core ------------------------------------------------------------------------------


def _lines_of(text: str) -> list[_Line]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    for ch in ("\u00ad", "\u200b", "\u200e", "\u200f"):
        text = text.replace(ch, "")
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", "    ")
    out: list[_Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        parts = re.split(r"\s{3,}", stripped)
        if len(parts) > 1 and not furniture(stripped) and any(_metadata_fragment(p) for p in parts):  # a two-column cover line
            out.extend(_Line(no, p, 0) for p in parts)
        else:
            out.append(_Line(no, stripped, len(raw) - len(raw.lstrip())))
    return out


def _markdown(body_lines: list[_Line], at: list[tuple[int, str]], rejoined: list[tuple[int, str]]) -> str:
    """The text as Markdown: paragraphs joined, headings marked, footnotes at the end."""
    text_widths = sorted(ln.width for ln in body_lines if ln.text) or [0]
    page = text_widths[min(len(text_widths) - 1, int(len(text_widths) * 0.9))]
    body_lines, footnotes = _take_footnotes(body_lines, int(0.85 * page) if page <= 130 else 10**6, at)
    _mark_footnotes(body_lines, footnotes, at)
    blocks = _blocks(body_lines, rejoined)
    for b in blocks:
        if not b.table:
            b.text = _tidy(b.text)
    blocks = [b for b in blocks if b.text]
    _headings(blocks)
    parts = [("#" * b.heading + " " + b.text) if b.heading else b.text for b in blocks]
    for fn in sorted(footnotes.values(), key=lambda f: (not f.label.isdigit(), int(f.label) if f.label.isdigit() else 0)):
        if fn.label.startswith("*"):
            at.append((fn.line, f"footnote '{fn.label}' ({fn.text}) belongs to a cover line; left out of the text"))
            continue
        if not fn.used:
            at.append(
                (
                    fn.line,
                    f"footnote {fn.label}: no mark for it found in the text; its text is kept at the end, put [^{fn.label}] where it belongs",
                )
            )
        parts.append(f"[^{fn.label}]: {_tidy(fn.text)}")
    return "\n\n".join(parts) + "\n"


def import_document(text: str, source_name: str = "", lang: str | None = None) -> Draft:
    """Draft a decision record from a UN document's text as extracted from PDF.

    `lang` overrides the language detected from the script. Raises UnreadableDocument
    when the text has no words at all."""
    detected = detect_language(text)
    if detected is None:
        raise UnreadableDocument("the file has no words in it; there is nothing to import")
    general: list[str] = []
    at: list[tuple[int, str]] = []
    if lang and lang != detected:
        general.append(f"language: the text looks like '{detected}', but '{lang}' was asked for; the file is named for '{lang}'")
    lang = lang or detected

    lines = _lines_of(text)
    symbols = Counter(ln.text for ln in lines if _SYMBOL_LINE.match(ln.text))
    lines = _without(lines, {i for i, ln in enumerate(lines) if furniture(ln.text)})
    cover = _read_cover(lines)
    body_lines = _without(lines, cover.used)
    while body_lines and not body_lines[0].text:
        body_lines.pop(0)

    rejoined: list[tuple[int, str]] = []
    markdown = _markdown(body_lines, at, rejoined)

    # --- metadata ---
    symbol = None
    if symbols:
        symbol = symbols.most_common(1)[0][0]
        if len(symbols) > 1:
            others = ", ".join(s for s in symbols if s != symbol)
            general.append(f"symbol: the page headers show more than one symbol; took {symbol} (also: {others})")
    else:
        general.append("symbol: no document symbol in the text (e.g. CTOC/COP/2010/L.5); add it to sources, or a url or citation")

    kind = cover.kind
    number = session = None
    if cover.number:
        session, n = cover.number
        number = f"{session}/{n}"
    session = cover.session or session

    groups = [o for o in cover.organs if o.startswith("wg-")]  # a working group meets under the COP: it is the body
    body = groups[0] if groups else (cover.organs[0] if cover.organs else None)
    opening = [p for p in markdown.split("\n\n") if not p.startswith("#")][:2]  # 'The Conference of the Parties, ...'
    if body is None and (session is not None or any(_COP.search(p) for p in opening)):
        body = "cop"
    if body is None:
        keys = ", ".join(vocabularies().keys("bodies"))
        general.append(f"body: could not tell who issued the document; expected one of {keys}")

    date = cover.date
    place = cover.meeting[1] if cover.meeting else None
    if date is None and cover.meeting:
        date = cover.meeting[0]
        at.append((cover.meeting[2], f"date: no issue date in the text; took the month of the meeting ({date})"))
    elif date is None:
        which = f" ({kind} {number} was adopted at session {session})" if number else ""
        general.append(f"date: no date in the text{which}; give the date of adoption or issue")

    if kind is None:
        general.append(
            f"kind: could not tell what kind of document this is; expected one of {', '.join(vocabularies().keys('decision_kinds'))}"
        )
    elif kind in ("decision", "resolution") and number is None:
        general.append(f'number: a {kind} needs its number (e.g. "3/4"); none found in the text')
    if cover.title is None:
        general.append("title: no title found before the text; give the document's title")

    rid, slug = _identify(body, kind, number, session, date, cover, lang, general, at)
    if rid is None and source_name:
        slug = _slug(Path(source_name).name.split(".")[0]) or slug

    cited = _cited_articles(markdown)
    if cited:
        general.append(f"articles: the text cites {', '.join(cited)}; list under 'articles' those the record applies or concerns")
    if rejoined:
        words = ", ".join(f"{w} (line {n})" for n, w in rejoined)
        general.append(f"rejoined words hyphenated at line ends: {words}; put the hyphen back where it belongs to the word")
    general.insert(0, "summary: left empty; write a short abstract (the importer does not summarise)")

    notes = general + [f"line {n}: {m}" for n, m in sorted(at, key=lambda p: p[0])]
    return Draft(
        id=rid,
        kind=kind,
        body=body,
        date=date,
        title=cover.title,
        lang=lang,
        markdown=markdown,
        session=session,
        number=number,
        symbol=symbol,
        place=place,
        topics=_topics(lang, cover.title, cover.agenda_title, *cover.organ_lines),
        notes=notes,
        source_name=source_name,
        slug=slug,
    )


def _cited_articles(markdown: str) -> list[str]:
    """Articles of the four instruments the text cites, as `articles` entries ('untoc 32(5)')."""
    cited: list[str] = []
    for c in find_citations(markdown):
        if c.kind == "article" and c.instrument in ("untoc", "tip", "som", "fp") and c.article:
            ref = f"{c.instrument} {c.article}" + "".join(f"({x})" for x in (c.paragraph, c.subparagraph) if x)
            if ref not in cited:
                cited.append(ref)
    return cited


def _identify(
    body: str | None,
    kind: str | None,
    number: str | None,
    session: int | None,
    date: str | None,
    cover: _Cover,
    lang: str,
    general: list[str],
    at: list[tuple[int, str]],
) -> tuple[str | None, str]:
    """(id, file slug) by the scheme `treatykb check` enforces (content/README.md)."""
    if body is None or kind is None:
        general.append(
            "id: left empty; it is built from the body and the kind, and the text does not give "
            + ("the body" if body is None else "the kind")
        )
        return None, "imported"
    if kind in ("decision", "resolution") and number:
        s, n = number.split("/")
        return f"{body}-{kind}-{s}-{n}", f"{kind}-{s}-{n}"
    parts = [body]
    if session is not None:
        parts.append(str(session))
    elif date:
        parts.append(date[:4])
    for name, line in cover.sponsors:
        slug = _sponsor_slug(name)
        if slug:
            parts.append(slug)
        else:
            at.append((line, f"id: the sponsor '{name}' is not a country name the importer knows; the id leaves it out"))
    parts.append(_slug(vocabularies().label_in("decision_kinds", kind, "en")[0]))
    topic = _topics(lang, cover.agenda_title)
    if topic and topic[0] not in body:
        parts.append(topic[0])
    rid = "-".join(parts)[:ID_MAX].strip("-")
    if not ID_PATTERN.match(rid):
        return None, "imported"
    general.append(f"id: '{rid}' was built from the metadata found; an id is permanent, so settle it before the record is published")
    return rid, rid


# --- writing the record ---------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    s = str(value)
    plain = re.fullmatch(r"[^\s\"'#&*!|>%@`{}\[\],?:-][^#]*", s) and ": " not in s and not s.endswith(":")
    if plain and yaml.safe_load(s) == s:
        return s
    return json.dumps(s, ensure_ascii=False)


def render(draft: Draft) -> str:
    """The record file: front matter (notes as `# import:` comments at its top) and body."""
    out = ["---", f"# Drafted by `treatykb import` from {draft.source_name or 'a text'}: check every value against the document."]
    out += [f"# import: {note}" for note in draft.notes]
    for key, value in draft.front_matter().items():
        if value is None:
            out.append(f"{key}:  {TODO} {_HINTS.get(key, '')}".rstrip())
        elif key == "date":
            out.append(f"date: {value}")
        elif key == "number":
            out.append(f'number: "{value}"')
        elif key == "topics":
            out.append(f"topics: [{', '.join(value)}]")
        elif key == "sources":
            out.append("sources:")
            entry = value[0]
            if not entry:
                out.append(f"  - {{}}  {TODO} no document symbol in the text: give symbol, url or citation")
            for n, (k, v) in enumerate(entry.items()):
                out.append(f"  {'- ' if n == 0 else '  '}{k}: {_scalar(v)}")
            if entry and "symbol" not in entry:
                out.append(f"    {TODO} no document symbol in the text: give symbol, url or citation")
        else:
            out.append(f"{key}: {_scalar(value)}")
    out += ["---", "", draft.markdown]
    return "\n".join(out)


# --- the command ----------------------------------------------------------------------------


def read_document(path: Path, shown: str) -> tuple[str | None, str | None]:
    """The text of a file to import, or why it cannot be imported ('FILE:line: message')."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"{shown}:1: file is {size:,} bytes; import takes at most {MAX_FILE_BYTES:,}"
        raw = path.read_bytes()
    except OSError as e:
        return None, f"{shown}:1: cannot read file: {e.strerror}"
    if raw.startswith(b"%PDF"):
        return None, f"{shown}:1: this is a PDF; import takes the text extracted from it (e.g. pdftotext -layout {shown} out.txt)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, f"{shown}:1: the file is UTF-16; save it as UTF-8"
    if b"\x00" in raw:
        return None, f"{shown}:1: not a text file (it contains NUL bytes); import takes plain text extracted from a PDF"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, f"{shown}:{line}: not valid UTF-8 (byte {e.start}); save the file as UTF-8"
    if not text.strip():
        return None, f"{shown}:1: file is empty; there is nothing to import"
    return text, None


def cmd_import(args: argparse.Namespace) -> int:
    """Draft a record from FILE; notes go to stderr as FILE:line: message."""
    shown = args.file
    text, problem = read_document(Path(args.file), shown)
    if text is None:
        print(f"treatykb import: {problem}", file=sys.stderr)
        return 2
    try:
        draft = import_document(text, source_name=Path(args.file).name, lang=args.lang)
    except UnreadableDocument as e:
        print(f"treatykb import: {shown}:1: {e}", file=sys.stderr)
        return 2
    target = Path(args.out) / f"{draft.slug}.{draft.lang}.md"
    if not args.print:
        if not Path(args.out).is_dir():
            print(f"treatykb import: no folder '{args.out}'; pass --out DIR (the record folder, e.g. content/decisions)", file=sys.stderr)
            return 2
        if target.exists() and not args.force:
            print(f"treatykb import: {target} already exists; pass --force to overwrite it", file=sys.stderr)
            return 2
    for note in draft.notes:
        line, message = split_note(note)
        print(f"{shown}:{line}: {message}" if line else f"{shown}: {message}", file=sys.stderr)
    output = render(draft)
    if args.print:
        sys.stdout.write(output)
        return 0
    target.write_text(output, encoding="utf-8")
    print(f"treatykb import: wrote {target}; {len(draft.notes)} note(s) to settle (above, and as '# import:' comments in it)")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `treatykb import` to the command's subparsers."""
    p = sub.add_parser("import", help="draft a decision record from a UN document's text as extracted from PDF")
    p.add_argument("file", metavar="FILE", help="the document's text (UTF-8), e.g. from pdftotext")
    p.add_argument("--out", default="content/decisions", help="folder to write <slug>.<lang>.md into (default: content/decisions)")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the text (default: detected from its script)")
    p.add_argument("--print", action="store_true", help="write the record to stdout instead of a file")
    p.add_argument("--force", action="store_true", help="overwrite the record file if it exists")
    p.set_defaults(func=cmd_import)
