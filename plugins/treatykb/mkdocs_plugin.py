"""The MkDocs adapter: each event hands over to the core, nothing more.

Per-build state is set in `on_config` (plugins live across `mkdocs serve` rebuilds).
Content problems are logged through the plugin logger, so `mkdocs build --strict`
fails on them while a plain build still shows every page it can.
"""

from __future__ import annotations

import os
import tempfile
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
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from . import catalogue as cat
from .csp import with_policy
from .incremental import Background, IdleCollector, Lines, PageCache, PageFolder, record_pages
from .pages import ASSETS, PAGE_ASSETS, GeneratedPage, asset, iter_site_pages
from .pages.common import switcher
from .pages.nav import language_nav
from .parallel import Ahead, Job, Workers, workers_for
from .postbuild import postbuild, summary
from .prerender import Prerendered, deferrable, prerender, search_body, usable
from .problems import problems_banner, with_banner
from .records import LANGUAGES
from .render import MARKDOWN_EXTENSIONS, final_page, final_pages, search_block, split_front_matter
from .search.body import with_search_body
from .search.fields import page_fields
from .timing import phase, requested, timer
from .vocab import ui

log = get_plugin_logger(__name__)


def _log(lines: Lines) -> None:
    for level, message in lines:
        (log.error if level == "error" else log.info)(message)


class TreatyKBConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of records and instruments, relative to mkdocs.yml."""
    pages = c.Type(list, default=["about"])
    """Hand-written pages (`docs/<lang>/<name>.md`) to add to each language's navigation."""
    search = c.Type(bool, default=True)
    """Index the built site after each build (the search page needs it)."""
    workers = c.Optional(c.Type(int))
    """Processes that make record pages beside the build (parallel.py): by default one per
    core on a machine with several, for a full build of at least a hundred of them; 0 for
    none."""


class TreatyKBPlugin(BasePlugin[TreatyKBConfig]):
    build_folder: PageFolder | None = None
    """The pages of a build (not serving) while MkDocs renders them; removed after."""
    ahead: Ahead | None = None
    workers: Workers | None = None
    """Workers making record pages ahead of `on_page_context` (parallel.py), on a full build."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per `mkdocs` run. What outlives a rebuild while serving: the last good
        catalogue, so a broken edit keeps the record's previous page up; and what did not
        change (records as loaded, generated pages), so that with `--dirty` a rebuild makes
        and renders only what depends on the edit (incremental.py)."""
        self.serving = command == "serve"
        self.dirty = dirty
        self.last_good: cat.Catalogue | None = None
        self.load_cache = cat.LoadCache() if self.serving else None
        self.page_cache = PageCache() if self.serving else None
        self.folder = PageFolder(Path(tempfile.mkdtemp(prefix="treatykb-serve-"))) if self.serving else None
        self.background = Background()
        self.collector = IdleCollector()
        self.shown_banner, self.shown_paths = "", set[str]()

    def on_build_error(self, *, error: Exception) -> None:
        self._close_workers()
        self._drop_build_folder()
        if getattr(self, "serving", False) and getattr(self, "built_once", False):
            self.collector.resume_later()

    def _close_workers(self) -> None:
        if self.workers is not None:
            self.workers.close()
        self.ahead = self.workers = None

    def _drop_build_folder(self) -> None:
        if self.build_folder is not None:
            self.build_folder.remove()
            self.build_folder = None

    def on_shutdown(self) -> None:
        if getattr(self, "collector", None) is not None:
            self.collector.close()
        if getattr(self, "folder", None) is not None:
            self.background.wait()
            self.folder.remove()  # type: ignore[union-attr]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.content_dir = (base_dir / self.config.content_dir).resolve()
        if not self.content_dir.is_dir():
            raise PluginError(f"treatykb: content_dir '{self.config.content_dir}' is not a folder (looked in {self.content_dir})")
        serving = getattr(self, "serving", False)
        if serving and getattr(self, "built_once", False):
            self.collector.pause()  # a rebuild: no full garbage collection until it is done
        timer.reset()
        with phase("load and validate"):
            self.catalogue = cat.load(
                self.content_dir, last_good=getattr(self, "last_good", None) if serving else None, cache=getattr(self, "load_cache", None)
            )
        if serving:
            self.last_good = self.catalogue
        self.banner = problems_banner(self.catalogue.problems) if serving else ""
        for problem in self.catalogue.problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        for ext in MARKDOWN_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        # Generated pages are given to MkDocs as HTML (prerender.py) when the site renders
        # them as treatykb does; else MkDocs renders the Markdown of `final_pages`.
        toc = dict(config.mdx_configs.get("toc") or {})
        self.toc: dict[str, Any] | None = toc if usable(config.markdown_extensions, toc) else None
        self.prerendered: dict[str, Prerendered] = {}
        self.whole: set[str] = set()  # pages whose content is all prerendered HTML
        self.deferred: set[str] = set()  # pages prerendered in `on_page_context`
        self.ahead = None
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
        site_url, site_name = config.site_url or "", config.site_name
        # Workers for a build that writes every page: a build, or the first of `mkdocs
        # serve` (before its server starts any thread); not later rebuilds while serving,
        # nor a dirty build, which write few. Forked now, while this process is small.
        serving = getattr(self, "serving", False)
        everything = not getattr(self, "built_once", False) if serving else not getattr(self, "dirty", False)
        count = workers_for(len(self.catalogue.all_versions), self.config.workers) if everything and self.toc is not None else 0
        self.workers = Workers(self.catalogue, self.toc or {}, count) if count else None
        folder: PageFolder | None = None  # where the pages are files, MkDocs reading each when it needs it
        if self.toc is None:
            final = final_pages(self.catalogue, site_url=site_url, site_name=site_name)
            for note in final.notes:
                log.info(note)
            pages = final.pages
        elif getattr(self, "page_cache", None) is None:
            # One at a time into a folder: at 20,000 records, their text would take more
            # memory than the rest of the build.
            folder = PageFolder(Path(tempfile.mkdtemp(prefix="treatykb-pages-")))
            self.build_folder = folder
            with phase("generated pages"):
                if self.workers is not None:
                    pages = self.workers.write_site_pages(folder, site_url, site_name)
                else:
                    pages = [folder.add(page) for page in iter_site_pages(self.catalogue, site_url=site_url, site_name=site_name)]
        else:
            pages, folder = self._serve_pages(config), self.folder
        self.generated = {page.src_uri for page in pages}
        for page in pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.error(f"{existing.src_uri}: this page is generated by treatykb from content/; remove it from {config.docs_dir}")
                files.remove(existing)
            if folder is not None:
                file = File.generated(
                    config, page.src_uri, abs_src_path=str(folder.path(page.src_uri)), inclusion=InclusionLevel.NOT_IN_NAV
                )
            else:
                file = File.generated(config, page.src_uri, content=page.content, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
        for path in ASSETS + PAGE_ASSETS:
            files.append(File.generated(config, path, content=asset(Path(path).name)))
        self.files = files
        return files

    def _serve_pages(self, config: MkDocsConfig) -> list[GeneratedPage]:
        """While serving: the pages of this build, made from the last build's, written to
        the serving folder where they changed (MkDocs `--dirty` renders those only); pages
        gone are taken off the site. The pages are listed without their text, which is in
        the folder."""
        assert self.page_cache is not None and self.folder is not None
        update = self.page_cache.pages(self.catalogue, site_url=config.site_url or "", site_name=config.site_name)
        renew = set(update.renew)
        if self.banner != self.shown_banner:  # the errors box opens the pages of the records concerned, and home
            paths = {p.path for p in self.catalogue.problems}
            renew |= record_pages([self.catalogue], paths | self.shown_paths) | {f"{lang}/index.md" for lang in LANGUAGES}
            self.shown_banner, self.shown_paths = self.banner, paths
        written, gone = self.folder.write(update.pages, renew)
        for uri in gone:
            Path(File.generated(config, uri, content="").abs_dest_path).unlink(missing_ok=True)
        log.info(f"{update.made} generated pages made, {len(written)} to render again")
        return [GeneratedPage(uri, "") for uri in update.pages]

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
                with phase("languages"):
                    self.navs[lang] = get_navigation(files, config)
                # A page that exists only in another language: a plain link, labelled.
                self.navs[lang].items += [Link(title, url) for title, url in links]
        finally:
            config.nav = main_nav
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        """A generated page is made final here, one at a time: as HTML, kept for
        `on_page_content` (MkDocs then renders nothing), or as the Markdown of
        `final_pages`. Hand-written pages under `docs/<lang>/` get the language, switcher
        and search fields that generated pages carry (as `treatykb generate` gives them)."""
        uri = page.file.src_uri
        if self.toc is not None and uri in self.generated:
            if deferrable(markdown, page.meta):  # made when its template is: see `on_page_context`
                self.deferred.add(uri)
                return ""
            done = prerender(markdown, page.meta, self.catalogue, self.toc)
            if done is None:
                final, note = final_page(GeneratedPage(uri, page.file.content_string), self.catalogue)
                markdown = split_front_matter(final.content)[1]
            else:
                self.prerendered[uri], note, markdown = done, done.note, ""
            if note:
                log.info(note)
            return markdown
        lang = page.url.split("/", 1)[0]
        if "tkb_lang" not in page.meta and lang in LANGUAGES:
            page.meta["tkb_lang"] = lang
            rest = page.file.src_uri.split("/", 1)[1]
            urls = {x: page.url.replace(lang, x, 1) for x in LANGUAGES if files.get_file_from_path(f"{x}/{rest}")}
            page.meta["tkb_alternates"] = switcher(urls, lang)
        if not page.file.generated_by and lang in LANGUAGES and "tkb_search" not in page.meta:
            markdown += search_block(page_fields(lang))
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        done = self.prerendered.pop(page.file.src_uri, None)
        return html if done is None else self._give(page, done)

    def _give(self, page: Any, done: Prerendered) -> str:
        page.toc = get_toc(done.toc)  # type: ignore[arg-type]  # Python-Markdown's toc_tokens
        page.present_anchor_ids = done.anchor_ids()
        self.whole.add(page.file.src_uri)
        return done.html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page has been read; record pages are about to be written, in this order:
        the workers, if any, start making them now (parallel.py)."""
        if self.deferred and self.workers is not None:
            jobs = [
                Job(f.src_uri, f.abs_src_path, f.page.meta)
                for f in files.documentation_pages()
                if f.src_uri in self.deferred and f.page is not None and f.abs_src_path
            ]
            self.ahead = self.workers.ahead(jobs)
        return env

    def on_page_context(self, context: TemplateContext, *, page: Any, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Swap in the page's language: its navigation, and `hreflang` links to the
        versions of this page that exist (Material writes them from `extra.alternate`).
        A record's page is made here, just before its template is rendered: MkDocs keeps the
        HTML of every page it has read until it writes them all, which at 20,000 records
        would take gigabytes; made here, each page's is dropped once written."""
        if page.file.src_uri in self.deferred:
            done = self.ahead.take(page.file.src_uri) if self.ahead is not None else None
            if done is None:
                markdown = split_front_matter(page.file.content_string)[1]
                done = prerender(markdown, page.meta, self.catalogue, self.toc or {})
            assert done is not None, page.file.src_uri  # `deferrable` took only pages that always have HTML
            if done.note:
                log.info(done.note)
            page.content = self._give(page, done)
        lang = page.meta.get("tkb_lang")
        if lang in LANGUAGES:
            context["tkb_lang"] = lang  # type: ignore[typeddict-unknown-key]  # the templates' interface language
        if lang in self.navs:
            context["nav"] = self.navs[lang]
        alts = page.meta.get("tkb_alternates")
        if alts:
            config.extra["alternate"] = [{"name": a["name"], "link": a["url"], "lang": a["lang"]} for a in alts if a.get("url")]
        return context

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        """Each page gets what `postbuild` would otherwise read it back for: its search body
        and its Content-Security-Policy. While serving, it opens with the content's errors
        instead, so an editor sees them in the browser and not only in the terminal (and
        has no policy, which would block the live-reload script)."""
        with phase("search"):
            whole = page.file.src_uri in self.whole and search_body(output, page.content)
            output = whole or with_search_body(output)
        if page.file.src_uri in self.generated:
            # Written next; nothing reads a generated page's HTML again, and MkDocs would
            # keep every page's until the build ends (gigabytes at 20,000 records).
            page.content, page.toc = None, get_toc([])
        if getattr(self, "serving", False):
            return with_banner(output, self.banner) if self.banner else output
        with phase("CSP"):
            return with_policy(output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close_workers()
        # `treatykb offline` builds without the online index, which cannot run from disk.
        search = self.config.search and os.environ.get("TREATYKB_SEARCH") != "off"
        serving = getattr(self, "serving", False)
        site, catalogue, site_url, site_name = Path(config.site_dir), self.catalogue, config.site_url or "", config.site_name
        files = self.files

        def finish() -> Lines:
            # Every page was written through `on_post_page`, in this build or (`--dirty`) an
            # earlier one. (Listed here: while serving, in the background.)
            done = {Path(f.abs_dest_path) for f in files.documentation_pages()}
            report = postbuild(site, catalogue, site_url, site_name, search=search, csp=not serving, done=done)
            return [("info", line) for line in summary(report, site_url)] + [("error", p) for p in report.problems]

        # While serving, after the first build, data, feeds and the search index follow a
        # few seconds after the pages: an edit shows without waiting for them.
        first = not getattr(self, "built_once", False)
        self.built_once = True
        if serving and not first:
            self.background.submit(finish, _log)
            self.collector.resume_later()
        else:
            _log(finish())
        self._drop_build_folder()
        log.info(f"time per phase: {timer.summary()}")
        if (out := requested()) is not None:
            timer.write(out)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.content_dir))
        return server
