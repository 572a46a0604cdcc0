"""End-to-end: the built site's open data, feeds, page metadata and redirects, read the way
other tools read them (JSON Schema, a feed parser, JSON-LD from the page head, a browser
following a former URL)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import jsonschema
import pytest

from browser import CHROMIUM_ARGS, chromium, serve
from conftest import CASE, CONTENT, ROOT, dedent, mkdocs_build
from treatykb import catalogue

MakeContent = Callable[[dict[str, str]], Path]
TREATYKB = str(Path(sys.executable).parent / "treatykb")
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url


class Head(HTMLParser):
    """The parts of a page other tools read: <html lang>, JSON-LD, meta and link tags."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.jsonld: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.hrefs: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")
        elif tag == "meta" and "property" in a:
            self.meta.setdefault(a["property"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "a" and "href" in a:
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld[-1] += data


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def record_pages(site: Path) -> list[Path]:
    return sorted(
        p for folder in ("decisions", "cases", "legislation") for p in site.glob(f"*/{folder}/*/index.html") if "/page/" not in str(p)
    )


def test_every_data_file_validates_against_its_published_schema(real_site: Path) -> None:
    from referencing import Registry, Resource

    data = real_site / "data"
    schemas = {p.relative_to(data).as_posix(): json.loads(p.read_text(encoding="utf-8")) for p in (data / "schemas").glob("*.json")}
    registry: Registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == SITE_URL + "data/" + next(k for k, v in schemas.items() if v is schema)

    def validate(doc: object, schema_path: str, where: str) -> None:
        validator = jsonschema.Draft202012Validator(schemas[schema_path], registry=registry)
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, f"{where}: {errors[0].message}"

    manifest = json.loads((data / "index.json").read_text(encoding="utf-8"))
    validate(manifest, "schemas/index.schema.json", "data/index.json")
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()}
    assert on_disk - set(listed) == {"index.json", "README.md", *schemas}
    for rel, entry in listed.items():
        raw = (data / rel).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"], rel
        if entry["format"] == "json":
            validate(json.loads(raw), entry["schema"], f"data/{rel}")
        else:
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
            assert len(rows) == entry["count"] and list(rows[0]) == entry["columns"], rel
    assert manifest["records"] == catalogue.load(CONTENT).counts()
    assert len([r for r in listed if r.count("/") == 2]) == sum(manifest["records"].values())


def test_record_pages_carry_jsonld_canonical_and_open_graph(real_site: Path) -> None:
    pages = record_pages(real_site)
    assert len(pages) >= 11
    for path in pages:
        head = parse(path)
        where = path.relative_to(real_site).parent.as_posix() + "/"
        assert len(head.jsonld) == 1, where
        data = json.loads(head.jsonld[0])
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [SITE_URL + where], where
        assert data["@context"] == "https://schema.org"
        assert data["url"] == data["@id"] == SITE_URL + where
        assert data["inLanguage"] == head.lang == where.split("/")[0]
        assert data["@type"] == ("Legislation" if "/legislation/" in where else "CreativeWork")
        assert data["name"] and data["abstract"] and data["identifier"]
        assert head.meta["og:url"] == [SITE_URL + where]
        assert head.meta["og:title"] == [data["name"]]
        assert head.meta["og:type"] == ["article"]
        hreflangs = {link["hreflang"] for link in head.links if link.get("rel") == "alternate" and link.get("hreflang")}
        assert head.lang in hreflangs
        for cited in data.get("citation", []):
            assert (real_site / urlsplit(cited).path.lstrip("/") / "index.html").is_file(), cited


def test_feeds_parse_and_lead_to_pages_of_the_site(real_site: Path) -> None:
    feeds = sorted((real_site / "feeds").rglob("*.atom"))
    names = {p.relative_to(real_site).as_posix() for p in feeds}
    assert {
        "feeds/all.atom",
        "feeds/type/case.atom",
        "feeds/type/decision.atom",
        "feeds/type/legislation.atom",
        "feeds/country/CAN.atom",
    } <= names
    assert "feeds/article/untoc-24.atom" in names or any(n.startswith("feeds/article/") for n in names)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.feed.title and feed.feed.id and feed.feed.updated
        assert feed.entries, path
        for entry in feed.entries:
            url = urlsplit(entry.link)
            assert entry.link.startswith(SITE_URL)
            assert (real_site / url.path.lstrip("/") / "index.html").is_file(), entry.link
            assert entry.updated and entry.title
    everything = feedparser.parse((real_site / "feeds/all.atom").read_bytes())
    assert len(everything.entries) == len({p.parent.name for p in record_pages(real_site)})


def test_home_links_to_data_and_feeds_and_they_exist(real_site: Path) -> None:
    for lang in ("en", "zh", "ar"):
        home = parse(real_site / lang / "index.html")
        targets = {urljoin(f"{lang}/", h) for h in home.hrefs}
        for wanted in ("data/index.json", "feeds/all.atom", f"{lang}/open-data/"):
            assert wanted in targets, (lang, wanted)
        page = parse(real_site / lang / "open-data" / "index.html")
        for href in page.hrefs:
            if "data/" in href or "feeds/" in href:
                target = urlsplit(urljoin(f"{lang}/open-data/", href)).path
                assert (real_site / target).exists(), (lang, href)


def test_publish_command_writes_what_the_plugin_wrote(real_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(real_site, site, ignore=shutil.ignore_patterns("search-index"))
    shutil.rmtree(site / "data")
    shutil.rmtree(site / "feeds")
    result = subprocess.run(
        [TREATYKB, "publish", str(site), "--content", str(CONTENT), "--site-url", SITE_URL, "--site-name", "treatykb"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"PATH": ""},  # as the build ran: without git, so feed dates come from the records
    )
    assert result.returncode == 0, result.stderr
    assert "data files" in result.stdout
    for folder in ("data", "feeds"):
        ours = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / folder).rglob("*") if p.is_file()}
        theirs = {p.relative_to(real_site).as_posix(): p.read_bytes() for p in (real_site / folder).rglob("*") if p.is_file()}
        assert ours.keys() == theirs.keys()
        assert [k for k in ours if ours[k] != theirs[k]] == []


# --- a renamed record keeps its old address ------------------------------------------------

CONFIG = dedent(
    """
    site_name: Tiny treatykb
    site_url: https://kb.example/
    docs_dir: docs
    theme:
      name: material
    plugins:
      - treatykb:
          search: false
    """
)


@pytest.fixture
def renamed_site(make_content: MakeContent) -> Path:
    renamed = CASE.replace("id: can-2015-example", "id: can-2015-renamed").replace("articles:", "aliases: [can-2015-example]\narticles:")
    renamed = renamed.replace("Digest text.", "1. First paragraph.\n\n2. Second paragraph.")
    content = make_content({"cases/renamed.en.md": renamed})
    project = content.parent
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs").mkdir(exist_ok=True)
    result = mkdocs_build(project, project / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_renamed_records_old_url_redirects_in_a_browser(renamed_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    old = renamed_site / "en/cases/can-2015-example/index.html"
    assert old.is_file()
    assert '<link rel="canonical" href="https://kb.example/en/cases/can-2015-renamed/">' in old.read_text(encoding="utf-8")
    with serve(renamed_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "en/cases/can-2015-example/#para-2")
        page.wait_for_url(base + "en/cases/can-2015-renamed/#para-2")
        assert page.locator("h1").inner_text() == "R. v. Example"
        # Without JavaScript, the refresh still gets there.
        nojs = browser.new_context(java_script_enabled=False).new_page()
        nojs.goto(base + "en/cases/can-2015-example/")
        nojs.wait_for_url(base + "en/cases/can-2015-renamed/")
        browser.close()


def test_an_alias_onto_a_page_of_the_site_is_refused(make_content: MakeContent) -> None:
    content = make_content({"cases/clash.en.md": CASE.replace("articles:", "aliases: [guide]\narticles:")})
    project = content.parent
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs/en/cases").mkdir(parents=True)
    (project / "docs/en/cases/guide.md").write_text("# A hand-written guide\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    # The former URL is now a hand-written page: the build says so and leaves the page be.
    assert "en/cases/guide/index.html: a page of the site is at this former URL" in result.stderr
    assert "A hand-written guide" in (project / "site/en/cases/guide/index.html").read_text(encoding="utf-8")
