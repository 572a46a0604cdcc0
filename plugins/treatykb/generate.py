"""`treatykb generate OUT`: the whole site as a docs tree any Markdown generator can render.

It writes what the MkDocs plugin hands MkDocs, without needing MkDocs to run it:

    OUT/mkdocs.yml     a configuration without plugins (Zensical reads it too; so does MkDocs)
    OUT/docs/          every generated page (records rendered, sanitised and linked; article,
                       browse and home pages in every language), the hand-written pages with
                       their language, switcher and search fields, and treatykb's assets
    OUT/overrides/     the theme templates (page language, switcher, head metadata, one
                       navigation per language)

Then a generator builds OUT (`zensical build -f OUT/mkdocs.yml` writes OUT/site) and
`treatykb postbuild OUT/site` finishes it. The navigation is one section per language;
`templates/main.html` shows each page its own language's section.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import catalogue as cat
from .pages import ASSETS, PAGE_ASSETS, asset
from .pages.common import front_matter, switcher
from .pages.nav import sectioned_nav
from .postbuild import ConfigLoader
from .problems import errors
from .records import LANGUAGES
from .render import MARKDOWN_EXTENSIONS, final_pages, page_url, search_block
from .search.fields import page_fields
from .vocab import ui

MARKER = ".treatykb-generated"
"""File that says a folder was written by `generate`, so a second run may replace it."""


class GenerateError(Exception):
    """The tree cannot be written; the message says why and what to do."""


@dataclass
class Generated:
    pages: int = 0
    """Markdown pages written (generated and hand-written)."""
    files: int = 0
    """Other files copied from the docs folder (images, ...)."""
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Project:
    """What `generate` needs from a project's MkDocs configuration."""

    root: Path
    config: dict[str, Any]
    docs_dir: Path
    content_dir: Path
    pages: list[str]
    """Hand-written pages (`docs/<lang>/<name>.md`) that go in each language's navigation."""

    @property
    def site_url(self) -> str:
        return str(self.config.get("site_url") or "")

    @property
    def site_name(self) -> str:
        return str(self.config.get("site_name") or "treatykb")


def read_project(config_file: Path, content: Path | None = None) -> Project:
    """The project's configuration, with the treatykb plugin's settings (its content folder
    and hand-written pages); `content` overrides the configured content folder."""
    if not config_file.is_file():
        raise GenerateError(f"{config_file}: no such configuration; pass --config mkdocs.yml")
    loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=ConfigLoader)
    config: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    root = config_file.resolve().parent
    options: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "treatykb" in plugin:
            options = plugin["treatykb"] or {}
    content_dir = content if content is not None else root / str(options.get("content_dir", "content"))
    return Project(root, config, root / str(config.get("docs_dir", "docs")), content_dir, list(options.get("pages", ["about"])))


def tree_path(src_uri: str) -> str:
    """Where a generated page is written: `a/b.md` as `a/b/index.md`, the folder of its
    URL. Its links are relative to its URL; a generator that rewrites relative links in
    HTML as relative to the source file (Zensical does) then leaves them as they are."""
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri[: -len(".md")] + "/index.md"


_MD_HREF = re.compile(r'href="([^"#?:]+)\.md(#[^"]*)?"')


def file_links(text: str, url: str, tree: set[str]) -> str:
    """Links to `.md` files that are not pages of the tree (`data/README.md`, which
    `postbuild` writes) with the dot escaped, so a generator that turns `x.md` links into
    page URLs (Zensical does, in HTML too) leaves them pointing at the file."""

    def fix(m: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(url, m.group(1) + ".md"))
        if target in tree or target.removesuffix(".md") + "/index.md" in tree:
            return m.group(0)
        return f'href="{m.group(1)}%2Emd{m.group(2) or ""}"'

    return _MD_HREF.sub(fix, text)


def docs_pages(docs_dir: Path, names: list[str]) -> dict[str, set[str]]:
    """For each hand-written page of the navigation, the languages it is written in."""
    return {name: {x for x in LANGUAGES if (docs_dir / x / f"{name}.md").is_file()} for name in names}


def _hand_written(path: Path, rel: str, docs_dir: Path) -> str:
    """A hand-written page under `<lang>/` with what a generated page carries: its
    language and switcher in the front matter, its search fields at the end."""
    text = path.read_text(encoding="utf-8")
    lang, rest = rel.split("/", 1)
    own, body = "", text
    if text.startswith("---\n") and (end := text.find("\n---\n", 3)) != -1:
        own, body = text[4:end] + "\n", text[end + 5 :]
    loaded = yaml.safe_load(own) if own else None
    meta: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    if "tkb_lang" in meta:
        return text
    url = page_url(rel)
    urls: dict[str, str | None] = {x: url.replace(lang, x, 1) for x in LANGUAGES if (docs_dir / x / rest).is_file()}
    ours = front_matter(tkb_lang=lang, tkb_alternates=switcher(urls, lang))  # the page's own keys stay as written
    return "---\n" + own + ours[4:] + body.lstrip("\n") + ("" if "tkb_search" in meta else search_block(page_fields(lang)))


def site_config(project: Project, nav: list[Any]) -> dict[str, Any]:
    """The generated tree's configuration: the project's, without plugins, with the theme
    overrides, the extensions and assets the pages need, and the sectioned navigation."""
    src = project.config
    theme = dict(src.get("theme") or {"name": "material"})
    theme["custom_dir"] = "overrides"
    theme.setdefault("variant", "classic")  # Zensical's look closest to Material for MkDocs
    extensions = list(src.get("markdown_extensions") or [])
    named = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    extensions += [e for e in MARKDOWN_EXTENSIONS if e not in named]
    extra = dict(src.get("extra") or {})
    # The switcher is treatykb's, from each page's `tkb_alternates`; the theme only needs
    # `alternate` set to show it. Not a list: a list becomes `<link rel=alternate>` tags in
    # every head, and Zensical's script then sends any link into another language's
    # folder to that language's home page.
    extra["alternate"] = True
    extra["tkb_languages"] = [{"name": ui(f"languages.{x}", x), "link": f"{x}/", "lang": x} for x in LANGUAGES]
    extra["tkb_nav_sections"] = True
    css = [str(x) for x in src.get("extra_css") or []] + [p for p in ASSETS if p.endswith(".css")]
    js = [x for x in src.get("extra_javascript") or []] + [p for p in ASSETS if p.endswith(".js")]
    keep = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name", "use_directory_urls")
    out: dict[str, Any] = {k: src[k] for k in keep if k in src}
    out.update(
        docs_dir="docs",
        site_dir="site",
        theme=theme,
        markdown_extensions=extensions,
        extra=extra,
        extra_css=css,
        extra_javascript=js,
        nav=nav,
        # Search is treatykb's (its own index, by `postbuild`); the generator's own stays off.
        plugins=[{"search": {"enabled": False}}],
    )
    return out


def generate(project: Project, out: Path) -> Generated:
    """Write the docs tree, overrides and configuration into `out` (replacing what an
    earlier run wrote there; any other non-empty folder is refused)."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise GenerateError(f"{out}: not empty and not written by treatykb generate; pass a new or empty folder")
    catalogue = cat.load(project.content_dir)
    problems = errors(catalogue.problems)
    if problems:
        raise GenerateError("the content has errors:\n" + "\n".join(str(p) for p in problems))
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        done = _write(project, catalogue, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    return done


def _write(project: Project, catalogue: cat.Catalogue, tmp: Path) -> Generated:
    done = Generated()
    docs = tmp / "docs"
    docs.mkdir(parents=True)
    (tmp / MARKER).write_text("Written by `treatykb generate`; the next run replaces this folder.\n", encoding="utf-8")
    final = final_pages(catalogue, project.site_url, project.site_name)
    done.notes = final.notes
    generated = {p.src_uri for p in final.pages} | {tree_path(p.src_uri) for p in final.pages}
    if project.docs_dir.is_dir():
        for path in sorted(project.docs_dir.rglob("*")):
            rel = path.relative_to(project.docs_dir).as_posix()
            if not path.is_file():
                continue
            if rel in generated:
                done.errors.append(f"{project.docs_dir.name}/{rel}: this page is generated by treatykb from content/; remove it")
                continue
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel.endswith(".md") and rel.split("/", 1)[0] in LANGUAGES and "/" in rel:
                target.write_text(_hand_written(path, rel, project.docs_dir), encoding="utf-8")
                done.pages += 1
            else:
                shutil.copyfile(path, target)
                done.pages += rel.endswith(".md")
                done.files += not rel.endswith(".md")
    tree = {tree_path(p.src_uri) for p in final.pages} | {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    for page in final.pages:
        target = docs / tree_path(page.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file_links(page.content, page_url(page.src_uri), tree), encoding="utf-8")
        done.pages += 1
    for rel in ASSETS + PAGE_ASSETS:
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset(Path(rel).name))
    _copy_templates(tmp / "overrides", project)
    nav = sectioned_nav(docs_pages(project.docs_dir, project.pages))
    config = site_config(project, nav)
    text = "# Written by `treatykb generate`: edit the project's mkdocs.yml, not this file.\n"
    text += yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")
    return done


def _copy_templates(target: Path, project: Project) -> None:
    """treatykb's templates, then the project's own `custom_dir` over them (a project's
    override takes precedence, as with the plugin)."""
    templates = resources.files("treatykb").joinpath("templates")
    with resources.as_file(templates) as src:
        shutil.copytree(src, target)
    custom = (project.config.get("theme") or {}).get("custom_dir")
    if custom and (project.root / custom).is_dir():
        shutil.copytree(project.root / custom, target, dirs_exist_ok=True)


def cmd_generate(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    try:
        project = read_project(Path(args.config), Path(args.content) if args.content else None)
        done = generate(project, Path(args.out))
    except GenerateError as e:
        print(f"treatykb generate: {e}", file=sys.stderr)
        return 1
    for note in done.notes if args.verbose else []:
        print(f"treatykb generate: {note}", file=sys.stderr)
    for error in done.errors:
        print(f"treatykb generate: {error}", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(f"treatykb generate: {done.pages} pages and {done.files} other files in {args.out} ({seconds:.1f} s)")
    print(f"next: zensical build -f {Path(args.out) / 'mkdocs.yml'}, then treatykb postbuild {Path(args.out) / 'site'}")
    return 1 if done.errors else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("generate", help="write the site as a docs tree and configuration that a plain Markdown generator can build")
    p.add_argument("out", help="the folder to write (created, or replaced if an earlier run wrote it)")
    p.add_argument("--config", default="mkdocs.yml", help="the project's configuration (default: ./mkdocs.yml)")
    p.add_argument("--content", help="the content folder (default: the plugin's content_dir in the configuration)")
    p.add_argument("-v", "--verbose", action="store_true", help="also list citations left as text (not in the knowledge base)")
    p.set_defaults(func=cmd_generate)
