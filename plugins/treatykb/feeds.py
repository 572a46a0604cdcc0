"""Atom feeds of what is new: everything, per record type, per country, per article cited.

A reader who follows "new cases citing UNTOC art. 24" subscribes to one feed instead of
re-reading the article page. Pure functions of the catalogue (no MkDocs import), so the
plugin, the CLI and the tests produce the same bytes.

"New" means newly added to the knowledge base, not newly decided: a 2009 judgment
digested today should reach subscribers today. So an entry's `updated` is the date the
record's file was first committed (`git_dates`), and its `published` the record's own
date. Nothing reads the clock: the same content and history give the same feeds.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .catalogue import Catalogue
from .schema import TYPES, Record
from .vocab import MODEL, country_name, ui, vocabularies

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_LANG = "en"
"""Feed titles and category labels are English; entry titles and summaries carry their own
language. Pages the feeds link to are the English ones for the same reason."""

ALL_FEED = "feeds/all.atom"
EPOCH = "1970-01-01T00:00:00Z"
"""`updated` of a feed of an empty knowledge base, and of a record with no valid date: a
fixed value, because the current time would make every build differ."""


def feed_path_for_type(rtype: str) -> str:
    if rtype not in TYPES:
        raise ValueError(f"unknown record type '{rtype}'; expected one of {', '.join(TYPES)}")
    return f"feeds/type/{rtype}.atom"


def feed_path_for_country(code: str) -> str:
    """`feeds/country/KEN.atom`; model laws (country 'model') have `feeds/country/model.atom`."""
    return f"feeds/country/{code}.atom"


def feed_path_for_article(instrument: str, article: int) -> str:
    """`feeds/article/untoc-24.atom`: one feed per article, whatever paragraph is cited."""
    return f"feeds/article/{instrument}-{article}.atom"


# --- dates from git ------------------------------------------------------------------


def git_dates(content_dir: Path) -> dict[str, str]:
    """When each file under `content_dir` was first committed, from one `git log` run.

    Keys are POSIX paths relative to `content_dir` (`cases/x.en.md`); values UTC RFC 3339
    datetimes. A file moved with `git mv` keeps the date it was first added under its old
    name, so tidying folders does not make old records look new. (Files since deleted may
    remain: callers look up the files they have.) Outside a git work tree,
    or without git, there is no history to read: the result is empty and feeds fall back
    to the records' own dates. (A shallow clone has only its last commit: build feeds from
    a full clone.)
    """
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "-c",
        "log.showSignature=false",
        "log",
        "--reverse",
        "--no-color",
        "--format=%x01%cI",
        "--name-status",
        "-z",
        "--diff-filter=AR",
        "-M",
        "--relative",
        "--",
        ".",
    ]
    try:
        result = subprocess.run(command, cwd=content_dir, capture_output=True, check=False)
    except OSError:  # git not installed, or no such folder
        return {}
    if result.returncode != 0:
        return {}
    return _parse_git_log(result.stdout.decode("utf-8", errors="replace"))


def _parse_git_log(out: str) -> dict[str, str]:
    """Parse `git log --reverse --format=%x01%cI --name-status -z`, oldest commit first."""
    dates: dict[str, str] = {}
    for chunk in out.split("\x01"):
        if not chunk:
            continue
        when, _, changes = chunk.partition("\0")
        date = _utc(when.strip())
        tokens = [t for t in changes.lstrip("\n").split("\0") if t]
        i = 0
        while i < len(tokens):
            status = tokens[i]
            if status.startswith("R") and i + 2 < len(tokens):
                old, new = tokens[i + 1], tokens[i + 2]
                dates.setdefault(new, dates.pop(old, date))
                i += 3
            elif status == "A" and i + 1 < len(tokens):
                dates.setdefault(tokens[i + 1], date)
                i += 2
            else:  # a status this parser does not know: skip it alone
                i += 1
    return dates


def _utc(value: str) -> str:
    """An ISO 8601 datetime with an offset as UTC `...Z`, so dates sort as text."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"'{value}' has no timezone")
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_datetime(date: str) -> str | None:
    """A record date (`2015-11-27`, `2015-11` or `2015`) as RFC 3339, at the start of that
    day, month or year; None when the record has no date."""
    if not date:
        return None
    year, _, rest = date.partition("-")
    month, _, day = rest.partition("-")
    return f"{year}-{month or '01'}-{day or '01'}T00:00:00Z"


# --- feeds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """What one record's entry says, computed once and written into every feed it is in."""

    id: str
    title: str
    lang: str
    links: tuple[tuple[str, str], ...]
    """(hreflang, absolute URL): the primary version first, then the others in UN order."""
    updated: str
    published: str | None
    summary: str | None
    categories: tuple[tuple[str, str], ...]
    """(term, English label)."""

    @property
    def order(self) -> tuple[str, str, str]:
        """Newest first by updated, then published; ties by id, ascending, so it is stable."""
        return (_desc(self.updated), _desc(self.published or ""), self.id)


@dataclass(frozen=True)
class _Feed:
    path: str
    title: str
    page: str
    """Site-relative URL of the page the feed follows."""
    record_ids: tuple[str, ...]


def build_feeds(
    catalogue: Catalogue,
    site_url: str,
    added: Mapping[str, str] | None = None,
    limit: int = 50,
    site_name: str = "treatykb",
) -> dict[str, bytes]:
    """Every feed: site-relative path -> Atom XML (UTF-8), sorted by path.

    `added` maps a source file's path relative to the content folder to when it was first
    committed (see `git_dates`); records it does not name are dated by their own date.
    Atom ids must be absolute IRIs, so `site_url` must be the site's absolute URL.
    """
    if limit < 1:
        raise ValueError(f"limit must be 1 or more, got {limit}")
    base = _base_url(site_url)
    added_utc = {path: _checked_date(path, value) for path, value in (added or {}).items()}
    cited = _cited(catalogue)
    cited_by_record: dict[str, list[tuple[str, int]]] = {}
    for key, ids in cited.items():
        for rid in ids:
            cited_by_record.setdefault(rid, []).append(key)
    entries = {r.id: _entry(r, catalogue, base, added_utc, cited_by_record.get(r.id, [])) for r in catalogue.records}
    fallback = max((e.updated for e in entries.values()), default=EPOCH)

    out: dict[str, bytes] = {}
    for feed in _feeds(catalogue, cited, site_name):
        chosen = sorted((entries[rid] for rid in feed.record_ids), key=lambda e: e.order)[:limit]
        out[feed.path] = _render(feed, chosen, base, site_name, chosen[0].updated if chosen else fallback)
    return dict(sorted(out.items()))


def _base_url(site_url: str) -> str:
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"feeds need the site's absolute URL (site_url in mkdocs.yml), such as 'https://example.org/kb/'; got '{site_url}'"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def _checked_date(path: str, value: str) -> str:
    try:
        return _utc(value)
    except ValueError:
        raise ValueError(f"added date of '{path}': '{value}' is not an ISO 8601 datetime with a timezone") from None


def _desc(text: str) -> str:
    """A key that sorts text descending when sorted ascending (as the catalogue's `_neg`)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _source_key(record: Record, content_dir: Path) -> str | None:
    """The record file's path relative to the content folder, as `git_dates` keys it.
    (`src.path` is shown relative to the content folder's parent.)"""
    try:
        return (content_dir.parent / record.src.path).relative_to(content_dir).as_posix()
    except ValueError:
        return None


def _cited(catalogue: Catalogue) -> dict[tuple[str, int], list[str]]:
    """(instrument, article) -> ids of the records citing it, in text or in `articles`.

    Only articles that exist get a feed (and a category): a citation of one that does not
    is already reported as a problem, and there is no article page to link to."""
    out: dict[tuple[str, int], list[str]] = {}
    for key in sorted(catalogue.cites_article):
        inst = catalogue.instruments.get(key[0])
        if inst is None or key[1] not in inst.articles:
            continue
        ids = dict.fromkeys(p.record.id for p in catalogue.cites_article[key] if p.record.id in catalogue.by_id)
        if ids:
            out[key] = list(ids)
    return out


def _article_label(catalogue: Catalogue, instrument: str, article: int) -> str:
    inst = catalogue.instruments.get(instrument)
    return f"{inst.label(FEED_LANG) if inst else instrument} art. {article}"


def _entry(record: Record, catalogue: Catalogue, base: str, added: Mapping[str, str], articles: list[tuple[str, int]]) -> _Entry:
    key = _source_key(record, catalogue.content_dir)
    published = record_datetime(record.date)
    updated = (added.get(key) if key else None) or published or EPOCH
    others = [v for lang, v in catalogue.versions.get(record.id, {}).items() if lang != record.lang]
    links = ((record.lang, urljoin(base, record.url)), *((v.lang, urljoin(base, v.url)) for v in others))

    vocab = vocabularies()
    categories = [(record.type, vocab.label_in("record_types", record.type, FEED_LANG)[0])]
    if record.country:
        categories.append((record.country, country_name(record.country, FEED_LANG)))
    for name in ("crime_types", "topics"):
        categories += [(k, vocab.label_in(name, k, FEED_LANG)[0]) for k in record.fields.get(name, [])]
    categories += [(f"{i} {n}", _article_label(catalogue, i, n)) for i, n in articles]

    return _Entry(
        id=urljoin(base, record.url),
        title=record.title_in(record.lang)[0],
        lang=record.lang,
        links=links,
        updated=updated,
        published=published,
        summary=record.summary.get(record.lang),
        categories=tuple(categories),
    )


def _feeds(catalogue: Catalogue, cited: dict[tuple[str, int], list[str]], site_name: str) -> Iterable[_Feed]:
    """Every feed to write, with the ids of the records it may hold."""
    by_type: dict[str, list[str]] = {rtype: [] for rtype in TYPES}
    by_country: dict[str, list[str]] = {}
    for r in catalogue.records:
        by_type[r.type].append(r.id)
        if r.country:
            by_country.setdefault(r.country, []).append(r.id)
    yield _Feed(ALL_FEED, f"{site_name}: new records", f"{FEED_LANG}/", tuple(r.id for r in catalogue.records))
    for rtype, folder in TYPES.items():
        plural = ui(f"record_types_plural.{rtype}", FEED_LANG).lower()
        yield _Feed(feed_path_for_type(rtype), f"{site_name}: new {plural}", f"{FEED_LANG}/{folder}/", tuple(by_type[rtype]))
    for code in sorted(by_country):
        what = "model laws" if code == MODEL else f"records from {country_name(code, FEED_LANG)}"
        yield _Feed(feed_path_for_country(code), f"{site_name}: new {what}", f"{FEED_LANG}/", tuple(by_country[code]))
    for (inst, n), ids_list in cited.items():
        title = f"{site_name}: records citing {_article_label(catalogue, inst, n)}"
        yield _Feed(feed_path_for_article(inst, n), title, f"{FEED_LANG}/articles/{inst}/{n}/", tuple(ids_list))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def _render(feed: _Feed, entries: list[_Entry], base: str, site_name: str, updated: str) -> bytes:
    # Atom elements are written unprefixed under a literal default namespace: ElementTree
    # would otherwise name it `ns0:`, or need a process-wide `register_namespace`.
    root = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: FEED_LANG})
    self_url = urljoin(base, feed.path)
    _el(root, "id", self_url)
    _el(root, "title", feed.title)
    _el(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(root, "link", rel="alternate", type="text/html", href=urljoin(base, feed.page))
    _el(root, "updated", updated)
    author = _el(root, "author")
    _el(author, "name", site_name)
    for e in entries:
        entry = _el(root, "entry")
        _el(entry, "id", e.id)
        _el(entry, "title", e.title).set(_XML_LANG, e.lang)
        for lang, href in e.links:
            _el(entry, "link", rel="alternate", type="text/html", hreflang=lang, href=href)
        _el(entry, "updated", e.updated)
        if e.published:
            _el(entry, "published", e.published)
        if e.summary:
            _el(entry, "summary", e.summary).set(_XML_LANG, e.lang)
        for term, label in e.categories:
            _el(entry, "category", term=term, label=label)
    ET.indent(root, "  ")
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"
