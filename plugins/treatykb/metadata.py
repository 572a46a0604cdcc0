"""What a record page tells machines about itself: schema.org JSON-LD and Open Graph tags.

Search engines, reference managers and link previews read these from the page head, so a
judgment cited in a brief or a law shared in a chat carries its identifiers, dates,
jurisdiction and language with it. Pure functions of a record and the site's URL; the
page builder puts the result in the page's front matter and the theme prints it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from .catalogue import Catalogue
from .instruments import ArticleRef
from .schema import Record
from .vocab import country_name, vocabularies

SCHEMA_ORG = "https://schema.org"
UNDOCS = "https://undocs.org/"

OG_LOCALES = {"ar": "ar_AR", "zh": "zh_CN", "en": "en_GB", "fr": "fr_FR", "ru": "ru_RU", "es": "es_ES"}
"""Open Graph wants language_TERRITORY; one conventional territory per UN language."""

LEGAL_FORCE = {"in-force": "InForce", "amended": "PartiallyInForce", "repealed": "NotInForce"}
"""Legislation statuses that schema.org's `LegalForceStatus` can say; drafts and model
laws have no legal force to state, so they say nothing."""

DESCRIPTION_MAX = 300


def absolute(site_url: str, path: str) -> str:
    """A site-relative path as the URL a machine can follow (a root-relative path when the
    site's own URL is not configured)."""
    return urljoin(site_url or "/", path)


def description(record: Record, limit: int = DESCRIPTION_MAX) -> str:
    """The summary as one line, cut at a word (or character, for Chinese) near `limit`."""
    summary = record.fields.get("summary") or {}  # a record with errors may have none
    text = " ".join(str(summary.get(record.lang) or next(iter(summary.values()), "")).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(",;:，；：") + "…"


def _article_url(ref: ArticleRef, lang: str, site_url: str) -> str:
    return absolute(site_url, f"{lang}/articles/{ref.instrument}/{ref.article}/")


def jsonld(record: Record, catalogue: Catalogue, site_url: str, site_name: str = "treatykb") -> dict[str, Any]:
    """The schema.org description of one language version of a record.

    Laws are `Legislation`; judgments and decisions have no schema.org type of their own,
    so they are `CreativeWork` with identifiers, as schema.org's own guidance suggests.
    Language versions point at each other with `workTranslation`/`translationOfWork`."""
    from .pages.record import cited_articles  # the pages package imports this module

    f = record.fields
    lang = record.lang
    url = absolute(site_url, record.url)
    vocab = vocabularies()
    title = record.title_in(lang)[0]
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Legislation" if record.type == "legislation" else "CreativeWork",
        "@id": url,
        "url": url,
        "name": title,
        "headline": title,
        "inLanguage": lang,
        "abstract": description(record, limit=10**6),
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": absolute(site_url, "")},
    }
    identifiers = [record.id]
    if record.date:
        data["datePublished" if record.type != "case" else "dateCreated"] = record.date
    genre = vocab.label_in("record_types", record.type, "en")[0]
    if record.type == "decision":
        genre = vocab.label_in("decision_kinds", f["kind"], "en")[0] if "kind" in f else genre
        if "body" in f:
            data["author"] = {"@type": "Organization", "name": vocab.label_in("bodies", f["body"], lang)[0]}
        identifiers += [x for x in (f.get("number"), f.get("symbol")) if x]
        if "symbol" in f:
            data["sameAs"] = UNDOCS + f["symbol"]
        if "place" in f:
            data["locationCreated"] = {"@type": "Place", "name": f["place"]}
    elif record.type == "case":
        if "court" in f:
            data["author"] = {"@type": "Organization", "name": f["court"]}
        identifiers += [x for x in (f.get("case_number"), f.get("ecli")) if x]
    else:
        data["legislationIdentifier"] = f.get("official_source") or record.id
        if "date" in f:
            data["legislationDate"] = f["date"]
        if "status" in f and f["status"] in LEGAL_FORCE:
            data["legislationLegalForce"] = f"{SCHEMA_ORG}/{LEGAL_FORCE[f['status']]}"
        if "status" in f:
            data["legislationType"] = vocab.label_in("legislation_statuses", f["status"], "en")[0]
        if "publisher" in f:
            data["publisher"] = {"@type": "Organization", "name": f["publisher"]}
    data["genre"] = genre
    country = record.country
    if country and country != "model":
        place = {"@type": "Country", "name": country_name(country, "en"), "identifier": country}
        data["legislationJurisdiction" if record.type == "legislation" else "spatialCoverage"] = place
    data["identifier"] = identifiers if len(identifiers) > 1 else identifiers[0]
    keywords = [vocab.label_in("crime_types", c, "en")[0] for c in f.get("crime_types", [])]
    keywords += [vocab.label_in("topics", t, "en")[0] for t in f.get("topics", [])]
    if keywords:
        data["keywords"] = keywords
    cited = cited_articles(record)
    if cited:
        seen: list[str] = []
        for ref in cited:
            target = _article_url(ref, lang, site_url)
            if target not in seen and ref.instrument in catalogue.instruments:
                seen.append(target)
        data["citation"] = seen
    sources = [s.get("url") or (UNDOCS + s["symbol"] if s.get("symbol") else None) for s in f.get("sources", [])]
    sources = [s for s in sources if s]
    if sources:
        data["isBasedOn"] = sources
    versions = catalogue.versions.get(record.id, {})
    primary = catalogue.by_id.get(record.id)
    others = [absolute(site_url, v.url) for other, v in versions.items() if other != lang]
    if primary is not None and primary is record and others:
        data["workTranslation"] = others
    elif primary is not None and primary is not record:
        data["translationOfWork"] = absolute(site_url, primary.url)
    return data


def head_html(record: Record, catalogue: Catalogue, site_url: str, site_name: str = "treatykb") -> str:
    """JSON-LD and Open Graph tags for the page head of one version of a record."""
    from .pages.common import esc

    data = jsonld(record, catalogue, site_url, site_name)
    # `</` must not end the script early; JSON allows `<\/`.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).replace("</", "<\\/")
    og = {
        "og:type": "article",
        "og:site_name": site_name,
        "og:title": data["name"],
        "og:description": description(record),
        "og:url": data["url"],
        "og:locale": OG_LOCALES.get(record.lang, record.lang),
    }
    tags = [f'<meta property="{k}" content="{esc(v)}">' for k, v in og.items()]
    for other in catalogue.versions.get(record.id, {}):
        if other != record.lang:
            tags.append(f'<meta property="og:locale:alternate" content="{OG_LOCALES.get(other, other)}">')
    if record.date:
        tags.append(f'<meta property="article:published_time" content="{esc(record.date)}">')
    return f'<script type="application/ld+json">\n{payload}\n</script>\n' + "\n".join(tags)
