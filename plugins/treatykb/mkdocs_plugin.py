"""The MkDocs adapter: each event hands over to the core, nothing more.

Per-build state is set in `on_config` (plugins live across `mkdocs serve` rebuilds).
Content problems are logged through the plugin logger, so `mkdocs build --strict`
fails on them while a plain build still shows every page it can.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, get_navigation
from mkdocs.utils.templates import TemplateContext

from . import catalogue as cat
from .csp import protect_site
from .linking import link_html, resolver_for
from .pages import ASSETS, PAGE_ASSETS, asset, site_pages
from .pages.common import switcher
from .publish import absolute_url, write_published
from .records import LANGUAGES
from .sanitize import sanitize
from .search.fields import page_fields, wrap
from .search.pagefind import PagefindError, index_site
from .vocab import ui

log = get_plugin_logger(__name__)

#: Markdown extensions the generated pages rely on.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "footnotes", "tables", "toc")


class TreatyKBConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of records and instruments, relative to mkdocs.yml."""
    pages = c.Type(list, default=["about"])
    """Hand-written pages (`docs/<lang>/<name>.md`) to add to each language's navigation."""
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind after each build (the search page needs it)."""


def language_nav(lang: str, docs_pages: dict[str, set[str]]) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    """The navigation of one interface language, in that language: (title -> page entries
    for MkDocs' `nav`, then (title, URL) links). A hand-written page missing in `lang` is a
    link to a language it exists in, and its title says which."""
    pages = [
        {ui("nav.home", lang): f"{lang}/index.md"},
        {ui("nav.decisions", lang): f"{lang}/decisions/index.md"},
        {ui("nav.cases", lang): f"{lang}/cases/index.md"},
        {ui("nav.legislation", lang): f"{lang}/legislation/index.md"},
        {ui("nav.countries", lang): f"{lang}/countries/index.md"},
        {ui("nav.instruments", lang): f"{lang}/articles/index.md"},
        {ui("nav.search", lang): f"{lang}/search/index.md"},
    ]
    links: list[tuple[str, str]] = []
    for name, langs in docs_pages.items():
        try:
            title = ui(f"nav.{name}", lang)
        except KeyError:
            title = name.replace("-", " ").capitalize()
        if lang in langs:
            pages.append({title: f"{lang}/{name}.md"})
        elif langs:
            other = next(x for x in LANGUAGES if x in langs)
            links.append((f"{title} ({ui(f'languages.{other}', lang)})", f"{other}/{name}/"))
    return pages, links


class TreatyKBPlugin(BasePlugin[TreatyKBConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.content_dir = (base_dir / self.config.content_dir).resolve()
        if not self.content_dir.is_dir():
            raise PluginError(f"treatykb: content_dir '{self.config.content_dir}' is not a folder (looked in {self.content_dir})")
        self.catalogue = cat.load(self.content_dir)
        for problem in self.catalogue.problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        for ext in REQUIRED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        for path in ASSETS:
            target = config.extra_css if path.endswith(".css") else config.extra_javascript
            if path not in [str(x) for x in target]:
                target.append(path)
        # Page-language templates (Material's strings, <html lang>, dir, the switcher) come
        # before the theme's own, after a project's custom_dir.
        templates = str(resources.files("treatykb").joinpath("templates"))
        if templates not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        config.extra["alternate"] = [{"name": ui(f"languages.{x}", x), "link": f"{x}/", "lang": x} for x in LANGUAGES]
        docs = Path(config.docs_dir)
        self.docs_pages = {name: {x for x in LANGUAGES if (docs / x / f"{name}.md").is_file()} for name in self.config.pages}
        self.navs: dict[str, Navigation] = {}
        if config.nav is None:
            config.nav = language_nav("en", self.docs_pages)[0]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in site_pages(self.catalogue, site_url=config.site_url or "", site_name=config.site_name):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.error(f"{existing.src_uri}: this page is generated by treatykb from content/; remove it from {config.docs_dir}")
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV))
        for path in ASSETS + PAGE_ASSETS:
            files.append(File.generated(config, path, content=asset(Path(path).name)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """One navigation per interface language; each page is shown its own."""
        main_nav = config.nav
        try:
            for lang in LANGUAGES:
                pages, links = language_nav(lang, self.docs_pages)
                for entry in pages:
                    ((title, path),) = entry.items()
                    file = files.get_file_from_path(path)
                    if file is not None and file.page is not None:
                        file.page.title = title  # the page was made before its language's nav
                config.nav = pages
                self.navs[lang] = get_navigation(files, config)
                # A page that exists only in another language: a plain link, labelled.
                self.navs[lang].items += [Link(title, url) for title, url in links]
        finally:
            config.nav = main_nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Hand-written pages under `docs/<lang>/` get the language and switcher that
        generated pages carry in their front matter."""
        lang = page.url.split("/", 1)[0]
        if "tkb_lang" not in page.meta and lang in LANGUAGES:
            page.meta["tkb_lang"] = lang
            rest = page.file.src_uri.split("/", 1)[1]
            urls = {x: page.url.replace(lang, x, 1) for x in LANGUAGES if files.get_file_from_path(f"{x}/{rest}")}
            page.meta["tkb_alternates"] = switcher(urls, lang)
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """Record pages are sanitised, then their citations become links; every page that has search fields
        becomes Pagefind's body (hand-written pages are searched as plain pages)."""
        rid, lang = page.meta.get("tkb_id"), page.meta.get("tkb_lang")
        record = self.catalogue.versions.get(rid, {}).get(lang) if rid else None
        if record is not None:
            html = sanitize(html)  # a record's text is anyone's: nothing in it may run
            html, unresolved = link_html(html, resolver_for(self.catalogue, page.url))
            if unresolved and not page.meta.get("tkb_parallel"):
                names = ", ".join(sorted({c.text.replace("\n", " ") for c in unresolved}))
                log.info(f"{record.src.path}: not in the knowledge base, left as text: {names}")
        fields = page.meta.get("tkb_search")
        if fields is None and not page.file.generated_by and lang in LANGUAGES:
            fields = page_fields(lang)
        return wrap(html, fields)

    def on_page_context(self, context: TemplateContext, *, page: Any, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Swap in the page's language: its navigation, and `hreflang` links to the
        versions of this page that exist (Material writes them from `extra.alternate`)."""
        lang = page.meta.get("tkb_lang")
        if lang in LANGUAGES:
            context["tkb_lang"] = lang  # type: ignore[typeddict-unknown-key]  # the templates' interface language
        if lang in self.navs:
            context["nav"] = self.navs[lang]
        alts = page.meta.get("tkb_alternates")
        if alts:
            config.extra["alternate"] = [{"name": a["name"], "link": a["url"], "lang": a["lang"]} for a in alts if a.get("url")]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        done = write_published(site, self.catalogue, config.site_url or "", config.site_name)
        for path in done.refused:
            log.error(f"{path}: a page of the site is at this former URL; the alias redirecting it was not written")
        if not absolute_url(config.site_url or ""):
            log.info("no site_url in the configuration: open data (data/) and feeds (feeds/), which name pages by URL, not written")
        log.info(f"published {done.data} data files, {done.feeds} feeds and {done.redirects} redirects")
        protect_site(site)  # last: every page the build wrote, redirects included
        # `treatykb offline` builds without the online index, which cannot run from disk.
        if not self.config.search or os.environ.get("TREATYKB_SEARCH") == "off":
            return
        try:
            stats = index_site(site)
        except PagefindError as e:
            log.error(f"search index not built: {e}")
            return
        log.info(f"search: {stats.pages} pages in {len(stats.languages)} languages indexed in {stats.seconds:.1f} s")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        return server
