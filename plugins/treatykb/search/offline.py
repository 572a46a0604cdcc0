"""The offline edition: a zip of the site that works opened from disk (`file://`).

Browsers refuse `fetch()` from `file://`, so the online index cannot be read
there. Instead each language gets a lunr index of titles, symbols, metadata and
summaries, built here from the catalogue and written as a plain script
(`search-offline/<lang>.js`) that a `<script>` element can load. Chinese is cut into
words with jieba at build time; the search page cuts queries against the index's own
vocabulary, so both sides agree on the words. The built site's links are rewritten to
name `index.html`, since a folder opened from disk is not a page.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.index import Index
from lunr.stemmer import stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.trimmer import trimmer

from ..catalogue import Catalogue
from ..csp import without_policy
from ..instruments import ArticleRef
from ..pages.articles import article_url
from ..pages.common import article_label, pick
from ..pages.record import cited_articles
from ..pages.search import OFFLINE_DIR
from ..records import LANGUAGES
from ..schema import Record
from ..vocab import country_name, vocabularies
from .fields import article_fields, record_fields

SUMMARY_SHOWN = 200
"""Characters of a summary kept for the result list (the whole summary is indexed)."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SYMBOL_FIELDS = ("symbol", "number", "case_number", "ecli", "official_source")
_META_FIELDS = ("court", "body", "place", "publisher", "provision")


@dataclass(frozen=True)
class OfflineDoc:
    url: str
    """Relative to the site root, naming the file (`en/cases/x/index.html`)."""
    title: str
    date: str
    summary: str
    filters: dict[str, list[str]]
    text: dict[str, str]
    """What is searched, by index field: title, symbols, meta, summary."""


def segment(text: str) -> str:
    """Text as space-separated words: Chinese runs cut by jieba (with the shorter words
    inside long ones, so that 缔约国 is also found by 缔约), other text unchanged."""
    if not _CJK.search(text):
        return text
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return " ".join(w for w in jieba.cut_for_search(text) if w.strip())


def record_doc(record: Record, catalogue: Catalogue) -> OfflineDoc:
    lang, f = record.lang, record.fields
    vocab = vocabularies()
    title, _ = record.title_in(lang)
    cited = cited_articles(record)
    symbols = [str(f[k]) for k in _SYMBOL_FIELDS if f.get(k)]
    symbols += [s["symbol"] for s in f.get("sources", []) if s.get("symbol")]
    meta = [str(f[k]) for k in _META_FIELDS if f.get(k)]
    meta.append(vocab.label_in("record_types", record.type, lang)[0])
    if record.country:
        meta += [country_name(record.country, lang), record.country]
    if record.date:
        meta.append(record.date[:4])
    meta += [vocab.label_in("crime_types", k, lang)[0] for k in f.get("crime_types", [])]
    meta += [vocab.label_in("topics", k, lang)[0] for k in f.get("topics", [])]
    meta += [article_label(ref, catalogue.instruments, lang) for ref in cited]
    summary = record.summary.get(lang) or next(iter(record.summary.values()), "")
    return OfflineDoc(
        url=file_link(record.url),
        title=title,
        date=record.date,
        summary=summary,
        filters=record_fields(record, cited)["filters"],
        text={"title": " ".join(record.title.values()), "symbols": " ".join(symbols), "meta": " ".join(meta), "summary": summary},
    )


def article_docs(catalogue: Catalogue, lang: str) -> Iterator[OfflineDoc]:
    for inst in catalogue.instruments.values():
        name, _ = pick(inst.name, lang, inst.id)
        for n, art in sorted(inst.articles.items()):
            label = article_label(ArticleRef(inst.id, n), catalogue.instruments, lang)
            title, _ = pick(art.title, lang)
            yield OfflineDoc(
                url=file_link(article_url(inst.id, n, lang)),
                title=f"{label}: {title}" if title else label,
                date="",
                summary="",
                filters=article_fields(inst.id, n, lang)["filters"],
                text={
                    "title": f"{label} {' '.join(art.title.values())}",
                    "symbols": str(inst.meta.get("symbol", "")),
                    "meta": name,
                    "summary": "",
                },
            )


def documents(catalogue: Catalogue, lang: str) -> list[OfflineDoc]:
    """Every page of one language the offline search finds: the record versions written
    in it, then the articles."""
    return [record_doc(r, catalogue) for r in catalogue.all_versions if r.lang == lang] + list(article_docs(catalogue, lang))


def build_index(docs: Iterable[OfflineDoc], lang: str) -> dict[str, Any]:
    """A serialised lunr index (as lunr.js 2.3 loads it) and the list of its documents.
    English words are stemmed (lunr's English stemmer); other languages are matched as
    words, with the last query word as a prefix."""
    builder = Builder()
    if lang == "en":
        builder.pipeline.add(trimmer, stop_word_filter, stemmer)
        builder.search_pipeline.add(stemmer)
    else:
        builder.pipeline.add(trimmer)
    builder.ref("i")
    for name, boost in (("title", 10), ("symbols", 8), ("meta", 2), ("summary", 1)):
        builder.field(name, boost=boost)
    shown = []
    for i, doc in enumerate(docs):
        builder.add({"i": str(i), **{k: segment(v) for k, v in doc.text.items()}})
        item: dict[str, Any] = {"u": doc.url, "t": doc.title, "f": doc.filters}
        if doc.date:
            item["d"] = doc.date
        if doc.summary:
            item["s"] = doc.summary[:SUMMARY_SHOWN] + ("…" if len(doc.summary) > SUMMARY_SHOWN else "")
        shown.append(item)
    index: Index = builder.build()
    return {"index": index.serialize(), "docs": shown}


def index_script(data: dict[str, Any], lang: str) -> str:
    """The index as a script: `file://` pages may load scripts but not fetch JSON."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.TKB_OFFLINE=window.TKB_OFFLINE||{{}};window.TKB_OFFLINE[{json.dumps(lang)}]={body};\n"


def lunr_js() -> bytes:
    """lunr.js 2.3.9 (MIT), as the MkDocs package ships it: the reader of the indexes
    lunr.py writes."""
    return resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_bytes()


def write_indexes(site_dir: Path, catalogue: Catalogue, languages: tuple[str, ...] = LANGUAGES) -> dict[str, int]:
    """Write `search-offline/` into a built site; returns bytes written per file."""
    out = site_dir / OFFLINE_DIR
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    (out / "lunr.js").write_bytes(lunr_js())
    sizes["lunr.js"] = len(lunr_js())
    for lang in languages:
        script = index_script(build_index(documents(catalogue, lang), lang), lang).encode("utf-8")
        (out / f"{lang}.js").write_bytes(script)
        sizes[f"{lang}.js"] = len(script)
    return sizes


_LINK = re.compile(r"""(\s(?:href|src|action)=)(["'])([^"']*)\2""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/|^#|^\?")


def file_link(url: str) -> str:
    """A relative link as a page opened from disk needs it: a folder becomes its
    `index.html` (`../cases/` -> `../cases/index.html`, `..` -> `../index.html`)."""
    if not url or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/") or path.rsplit("/", 1)[-1] in (".", ".."):
        path = path.rstrip("/") + "/index.html"
    return path + rest


def rewrite_links(html: str) -> str:
    return _LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}{file_link(m.group(3))}{m.group(2)}", html)


def make_offline(site_dir: Path, catalogue: Catalogue, out_zip: Path) -> dict[str, Any]:
    """Turn a built site into the offline edition, written as a zip next to nothing else:
    indexes added, links rewritten for `file://`, the online index left out. The site
    folder is changed in place (pass a copy)."""
    sizes = write_indexes(site_dir, catalogue)
    shutil.rmtree(site_dir / "search-index", ignore_errors=True)
    shutil.rmtree(site_dir / "search", ignore_errors=True)  # another engine's index, if any
    pages = 0
    for page in site_dir.rglob("*.html"):
        text = page.read_text("utf-8")
        fixed = without_policy(rewrite_links(text))  # CSP's 'self' means nothing on file://
        if fixed != text:
            page.write_text(fixed, "utf-8")
        pages += 1
    tmp = out_zip.with_name(out_zip.name + ".tmp")
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                z.write(path, f"treatykb/{path.relative_to(site_dir).as_posix()}")
    tmp.replace(out_zip)
    index_bytes = {name: size for name, size in sizes.items() if name != "lunr.js"}
    return {"pages": pages, "index_bytes": index_bytes, "zip_bytes": out_zip.stat().st_size}
