"""Atom feeds: every feed parses as valid Atom, holds the right records newest first, and
reproduces byte for byte; first-commit dates come from one `git log` of the content."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest

from conftest import CASE, DECISION, LAW, dedent
from treatykb import catalogue, feeds

MakeContent = Callable[[dict[str, str]], Path]

SITE = "https://example.org/kb/"
ATOM = "{http://www.w3.org/2005/Atom}"

CASE_FR = dedent(
    """
    ---
    id: can-2015-example
    type: case
    title: R. c. Exemple
    summary: Un résumé d'essai.
    ---

    Texte du résumé.
    """
)

# Cites UNTOC art. 24 in its text only.
CASE_KEN = dedent(
    """
    ---
    id: ken-2020-text-citation
    type: case
    country: KEN
    court: High Court
    case_number: "12 of 2020"
    decision_date: 2020-03
    crime_types: [trafficking-in-persons]
    topics: [witness-protection]
    title: Republic v. Witness
    summary: The court protected a witness.
    sources:
      - url: https://example.org/ken
    ---

    The court applied article 24 of the Convention to protect the witness.
    """
)

# Cites UNTOC art. 24 in its `articles` field only; written in French alone.
LAW_KEN = dedent(
    """
    ---
    id: ken-2012-act
    type: legislation
    country: KEN
    date: 2012
    status: in-force
    articles: ["untoc 24"]
    title: Loi sur la protection des témoins
    summary: Une loi kényane.
    sources:
      - url: https://example.org/ken-act
    ---

    Texte de la loi.
    """
)

RECORDS = {
    "cases/can-2015-example.en.md": CASE,
    "cases/can-2015-example.fr.md": CASE_FR,
    "cases/ken-2020-text-citation.en.md": CASE_KEN,
    "legislation/ken-2012-act.fr.md": LAW_KEN,
    "legislation/model-law-test.en.md": LAW,
    "decisions/cop-decision-3-4.en.md": DECISION,
}

CAN = SITE + "en/cases/can-2015-example/"
KEN_CASE = SITE + "en/cases/ken-2020-text-citation/"
KEN_ACT = SITE + "fr/legislation/ken-2012-act/"
MODEL = SITE + "en/legislation/model-law-test/"
DEC = SITE + "en/decisions/cop-decision-3-4/"


def load(make_content: MakeContent, records: Mapping[str, str] = RECORDS) -> catalogue.Catalogue:
    cat = catalogue.load(make_content(dict(records)))
    assert [str(p) for p in cat.problems] == []
    return cat


def parse(xml: bytes) -> Any:
    """Parse a feed, failing on anything feedparser finds malformed."""
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def links(item: Any) -> list[tuple[str, str | None, str]]:
    return [(link["rel"], link.get("hreflang"), link["href"]) for link in item.links]


# --- which feeds, with what ----------------------------------------------------------

FEEDS = [
    ("feeds/all.atom", "treatykb: new records", "en/", [KEN_CASE, CAN, KEN_ACT, MODEL, DEC]),
    ("feeds/type/case.atom", "treatykb: new cases", "en/cases/", [KEN_CASE, CAN]),
    ("feeds/type/decision.atom", "treatykb: new decisions and documents", "en/decisions/", [DEC]),
    ("feeds/type/legislation.atom", "treatykb: new legislation", "en/legislation/", [KEN_ACT, MODEL]),
    ("feeds/country/CAN.atom", "treatykb: new records from Canada", "en/", [CAN]),
    ("feeds/country/KEN.atom", "treatykb: new records from Kenya", "en/", [KEN_CASE, KEN_ACT]),
    ("feeds/country/model.atom", "treatykb: new model laws", "en/", [MODEL]),
    # one record citing it in its text, one in its `articles` field; no other record
    ("feeds/article/untoc-24.atom", "treatykb: records citing UNTOC art. 24", "en/articles/untoc/24/", [KEN_CASE, KEN_ACT]),
    ("feeds/article/untoc-32.atom", "treatykb: records citing UNTOC art. 32", "en/articles/untoc/32/", [DEC]),
    ("feeds/article/som-6.atom", "treatykb: records citing SOM art. 6", "en/articles/som/6/", [CAN]),
]


def test_one_feed_each_for_all_types_countries_and_cited_articles(make_content: MakeContent) -> None:
    out = feeds.build_feeds(load(make_content), SITE)
    assert list(out) == sorted(path for path, *_ in FEEDS)


@pytest.mark.parametrize(("path", "title", "page", "entry_ids"), FEEDS)
def test_feed(make_content: MakeContent, path: str, title: str, page: str, entry_ids: list[str]) -> None:
    parsed = parse(feeds.build_feeds(load(make_content), SITE)[path])
    assert parsed.feed.id == SITE + path
    assert parsed.feed.title == title
    assert links(parsed.feed) == [("self", None, SITE + path), ("alternate", None, SITE + page)]
    assert parsed.feed.author_detail == {"name": "treatykb"}
    assert [e.id for e in parsed.entries] == entry_ids
    assert parsed.feed.updated == parsed.entries[0].updated


def test_paths_for_pages_to_link_to() -> None:
    assert feeds.feed_path_for_type("case") == "feeds/type/case.atom"
    assert feeds.feed_path_for_country("KEN") == "feeds/country/KEN.atom"
    assert feeds.feed_path_for_country("model") == "feeds/country/model.atom"
    assert feeds.feed_path_for_article("untoc", 24) == "feeds/article/untoc-24.atom"
    with pytest.raises(ValueError, match="unknown record type 'cases'; expected one of decision, case, legislation"):
        feeds.feed_path_for_type("cases")


def test_article_that_does_not_exist_gets_no_feed(make_content: MakeContent) -> None:
    """The citation is reported as a problem by the catalogue; there is no page to follow."""
    text = CASE_KEN.replace("article 24 of the Convention", "article 99 of the Convention")
    cat = catalogue.load(make_content({"cases/k.en.md": text}))
    assert [p.message for p in cat.problems] == [
        "'article 99' cites a provision that does not exist: UNTOC has no article 99 (it has articles 1 to 41)"
    ]
    out = feeds.build_feeds(cat, SITE)
    assert not any(path.startswith("feeds/article/") for path in out)
    assert [t.term for t in parse(out["feeds/all.atom"]).entries[0].tags] == ["case", "KEN", "trafficking-in-persons", "witness-protection"]


# --- entries -------------------------------------------------------------------------


def test_record_in_two_languages_is_one_entry_with_a_link_per_language(make_content: MakeContent) -> None:
    parsed = parse(feeds.build_feeds(load(make_content), SITE)["feeds/all.atom"])
    (entry,) = [e for e in parsed.entries if e.id == CAN]
    assert links(entry) == [("alternate", "en", CAN), ("alternate", "fr", SITE + "fr/cases/can-2015-example/")]
    assert (entry.title, entry.title_detail.language) == ("R. v. Example", "en")
    assert (entry.summary, entry.summary_detail.language) == ("A test digest.", "en")
    assert (entry.updated, entry.published) == ("2015-11-27T00:00:00Z", "2015-11-27T00:00:00Z")
    assert [(t.term, t.label) for t in entry.tags] == [
        ("case", "Case"),
        ("CAN", "Canada"),
        ("smuggling-of-migrants", "Smuggling of migrants"),
        ("som 6", "SOM art. 6"),
    ]


def test_record_in_another_language_keeps_its_language(make_content: MakeContent) -> None:
    parsed = parse(feeds.build_feeds(load(make_content), SITE)["feeds/country/KEN.atom"])
    entry = parsed.entries[1]
    assert entry.id == KEN_ACT
    assert links(entry) == [("alternate", "fr", KEN_ACT)]
    assert (entry.title, entry.title_detail.language) == ("Loi sur la protection des témoins", "fr")
    assert (entry.summary, entry.summary_detail.language) == ("Une loi kényane.", "fr")
    assert [(t.term, t.label) for t in entry.tags] == [("legislation", "Legislation"), ("KEN", "Kenya"), ("untoc 24", "UNTOC art. 24")]
    # the feed itself stays English: its title and the category labels
    assert parsed.feed.title_detail.language == "en"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2015-11-27", "2015-11-27T00:00:00Z"),
        ("2015-11", "2015-11-01T00:00:00Z"),
        ("2015", "2015-01-01T00:00:00Z"),
        ("", None),
    ],
)
def test_record_dates_become_rfc3339(date: str, expected: str | None) -> None:
    assert feeds.record_datetime(date) == expected


def test_partial_dates_in_entries(make_content: MakeContent) -> None:
    entries = parse(feeds.build_feeds(load(make_content), SITE)["feeds/all.atom"]).entries
    assert [(e.updated, e.published) for e in entries] == [
        ("2020-03-01T00:00:00Z", "2020-03-01T00:00:00Z"),
        ("2015-11-27T00:00:00Z", "2015-11-27T00:00:00Z"),
        ("2012-01-01T00:00:00Z", "2012-01-01T00:00:00Z"),
        ("2009-01-01T00:00:00Z", "2009-01-01T00:00:00Z"),
        ("2006-10-18T00:00:00Z", "2006-10-18T00:00:00Z"),
    ]


def test_added_date_is_updated_in_utc_and_puts_the_record_first(make_content: MakeContent) -> None:
    """Only the primary version's file counts: a later translation does not make the record new."""
    added = {
        "decisions/cop-decision-3-4.en.md": "2024-01-05T09:00:00+01:00",
        "cases/can-2015-example.fr.md": "2030-01-01T00:00:00Z",
    }
    parsed = parse(feeds.build_feeds(load(make_content), SITE, added)["feeds/all.atom"])
    assert [e.id for e in parsed.entries] == [DEC, KEN_CASE, CAN, KEN_ACT, MODEL]
    assert (parsed.entries[0].updated, parsed.entries[0].published) == ("2024-01-05T08:00:00Z", "2006-10-18T00:00:00Z")
    assert parsed.feed.updated == "2024-01-05T08:00:00Z"


SAME = "2024-06-01T12:00:00Z"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        # newest updated first
        ({}, [KEN_CASE, CAN, KEN_ACT, MODEL, DEC]),
        ({"legislation/model-law-test.en.md": "2021-01-01T00:00:00Z"}, [MODEL, KEN_CASE, CAN, KEN_ACT, DEC]),
        # same updated: newest published first
        ({path: SAME for path in RECORDS}, [KEN_CASE, CAN, KEN_ACT, MODEL, DEC]),
        # same updated, record dated in the same year: the full date is the later one
        ({"legislation/ken-2012-act.fr.md": SAME, "cases/ken-2020-text-citation.en.md": SAME}, [KEN_CASE, KEN_ACT, CAN, MODEL, DEC]),
    ],
)
def test_newest_first(make_content: MakeContent, added: dict[str, str], expected: list[str]) -> None:
    entries = parse(feeds.build_feeds(load(make_content), SITE, added)["feeds/all.atom"]).entries
    assert [e.id for e in entries] == expected


def test_ties_on_both_dates_go_by_id(make_content: MakeContent) -> None:
    records = {f"cases/{rid}.en.md": CASE.replace("can-2015-example", rid) for rid in ("can-2015-c", "can-2015-a", "can-2015-b")}
    entries = parse(feeds.build_feeds(load(make_content, records), SITE)["feeds/all.atom"]).entries
    assert [e.id for e in entries] == [SITE + f"en/cases/{rid}/" for rid in ("can-2015-a", "can-2015-b", "can-2015-c")]


@pytest.mark.parametrize(
    ("limit", "all_ids", "untoc_24_ids"),
    [
        (1, [KEN_CASE], [KEN_CASE]),
        (2, [KEN_CASE, CAN], [KEN_CASE, KEN_ACT]),
        (5, [KEN_CASE, CAN, KEN_ACT, MODEL, DEC], [KEN_CASE, KEN_ACT]),
        (50, [KEN_CASE, CAN, KEN_ACT, MODEL, DEC], [KEN_CASE, KEN_ACT]),
    ],
)
def test_limit_keeps_the_newest(make_content: MakeContent, limit: int, all_ids: list[str], untoc_24_ids: list[str]) -> None:
    out = feeds.build_feeds(load(make_content), SITE, limit=limit)
    assert [e.id for e in parse(out["feeds/all.atom"]).entries] == all_ids
    assert [e.id for e in parse(out["feeds/article/untoc-24.atom"]).entries] == untoc_24_ids
    assert all(len(parse(xml).entries) <= limit for xml in out.values())


# --- whole feeds ---------------------------------------------------------------------


def test_empty_feeds_are_valid_and_dated_by_the_newest_record(make_content: MakeContent) -> None:
    out = feeds.build_feeds(load(make_content, {"cases/c.en.md": CASE}), SITE)
    parsed = parse(out["feeds/type/decision.atom"])
    assert parsed.entries == []
    assert parsed.feed.updated == "2015-11-27T00:00:00Z"


def test_empty_knowledge_base(make_content: MakeContent) -> None:
    out = feeds.build_feeds(load(make_content, {}), SITE)
    assert list(out) == ["feeds/all.atom", "feeds/type/case.atom", "feeds/type/decision.atom", "feeds/type/legislation.atom"]
    for xml in out.values():
        parsed = parse(xml)
        assert (parsed.entries, parsed.feed.updated) == ([], feeds.EPOCH)


def test_output_is_byte_identical_across_builds(make_content: MakeContent) -> None:
    added = {"decisions/cop-decision-3-4.en.md": "2024-01-05T09:00:00+01:00"}
    first = feeds.build_feeds(load(make_content), SITE, added)
    again = feeds.build_feeds(catalogue.load(make_content(RECORDS)), SITE, dict(added))
    assert first == again
    assert all(
        xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"") for xml in first.values()
    )


def test_every_feed_has_the_rfc_4287_structure(make_content: MakeContent) -> None:
    """Checked by hand, not by feedparser, which is lenient: what RFC 4287 requires."""
    for path, xml in feeds.build_feeds(load(make_content), SITE).items():
        root = ET.fromstring(xml)
        assert root.tag == f"{ATOM}feed", path
        for tag in ("id", "title", "updated"):
            assert len(root.findall(f"{ATOM}{tag}")) == 1, (path, tag)
        assert root.find(f"{ATOM}author/{ATOM}name") is not None, path  # no entry has its own
        assert [link.get("rel") for link in root.findall(f"{ATOM}link")] == ["self", "alternate"], path
        for entry in root.findall(f"{ATOM}entry"):
            for tag in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{tag}")) == 1, (path, tag)
            alternates = [
                (link.get("type"), link.get("hreflang")) for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"
            ]
            assert alternates or entry.find(f"{ATOM}content") is not None, path
            assert len(set(alternates)) == len(alternates), path  # one alternate per type and language
            assert all(c.get("term") for c in entry.findall(f"{ATOM}category")), path


def test_site_name_and_site_url_without_slash(make_content: MakeContent) -> None:
    out = feeds.build_feeds(load(make_content), "https://example.org/kb", site_name="UNTOC KB")
    parsed = parse(out["feeds/type/case.atom"])
    assert parsed.feed.title == "UNTOC KB: new cases"
    assert parsed.feed.author_detail == {"name": "UNTOC KB"}
    assert parsed.feed.id == SITE + "feeds/type/case.atom"
    assert parsed.entries[0].id == KEN_CASE


@pytest.mark.parametrize("site_url", ["", "/kb/", "example.org/kb/", "file:///srv/kb/"])
def test_feeds_need_an_absolute_site_url(make_content: MakeContent, site_url: str) -> None:
    with pytest.raises(ValueError, match=r"feeds need the site's absolute URL \(site_url in mkdocs.yml\)"):
        feeds.build_feeds(load(make_content), site_url)


@pytest.mark.parametrize("value", ["yesterday", "2024-01-05T09:00:00"])
def test_unreadable_added_date_names_the_file(make_content: MakeContent, value: str) -> None:
    with pytest.raises(ValueError, match=f"added date of 'cases/x.en.md': '{value}' is not an ISO 8601 datetime with a timezone"):
        feeds.build_feeds(load(make_content), SITE, {"cases/x.en.md": value})


def test_limit_must_be_positive(make_content: MakeContent) -> None:
    with pytest.raises(ValueError, match="limit must be 1 or more, got 0"):
        feeds.build_feeds(load(make_content), SITE, limit=0)


# --- dates from git ------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2020-01-01T00:00:00Z") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def write(root: Path, files: Mapping[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@needs_git
def test_git_dates_first_commit_of_each_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    content = repo / "content"
    write(repo, {"content/cases/a.en.md": "a", "content/cases/moved.en.md": "m", "README.md": "outside"})
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", date="2020-01-02T03:04:05+02:00")
    write(repo, {"content/decisions/d é.en.md": "d", "content/cases/a.en.md": "a, edited"})
    (content / "legislation").mkdir()
    git(repo, "mv", "content/cases/moved.en.md", "content/legislation/moved.en.md")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "second", date="2021-06-07T08:09:10Z")
    assert feeds.git_dates(content) == {
        "cases/a.en.md": "2020-01-02T01:04:05Z",  # an edit does not make it new
        "legislation/moved.en.md": "2020-01-02T01:04:05Z",  # nor does a move
        "decisions/d é.en.md": "2021-06-07T08:09:10Z",
    }


@needs_git
def test_git_dates_reach_the_feeds(make_content: MakeContent) -> None:
    content = make_content(RECORDS)
    repo = content.parent
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first", date="2023-01-01T00:00:00Z")
    write(content, {"decisions/later.en.md": DECISION.replace("cop-decision-3-4", "later").replace('"3/4"', '"3/5"')})
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "second", date="2024-02-02T10:00:00Z")
    out = feeds.build_feeds(catalogue.load(content), SITE, feeds.git_dates(content))
    entries = parse(out["feeds/all.atom"]).entries
    assert [(e.id, e.updated) for e in entries[:2]] == [
        (SITE + "en/decisions/later/", "2024-02-02T10:00:00Z"),
        (KEN_CASE, "2023-01-01T00:00:00Z"),
    ]
    assert {e.updated for e in entries[1:]} == {"2023-01-01T00:00:00Z"}


@needs_git
def test_git_dates_outside_a_repository_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write(tmp_path / "content", {"cases/a.en.md": "a"})
    assert feeds.git_dates(tmp_path / "content") == {}


def test_git_dates_without_git_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert feeds.git_dates(tmp_path) == {}
