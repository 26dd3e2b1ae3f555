"""The `error-catalog` MkDocs plugin: wires the catalog into one build.

It only orchestrates MkDocs' events; the work is done by the layers below
(`core` reads and checks, `render` makes pages and tables, `outputs` writes
files beside the site), each given what it needs. State lives on the plugin
instance for one build. A `Failure` from below is logged line by line and
becomes one short `PluginError` (`fail`), never a traceback.
"""
from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import nest_paths

from ..core import changelog, gate, locales, lock, permalinks
from ..core.context import BuildContext
from ..core.model import Catalog
from ..core.problems import Failure
from ..outputs import redirects, search, suggestions, write_all
from ..render import sections
from ..render.changelog import changes_page
from ..render.deferred import Deferred
from ..render.renderer import Renderer, SectionMemo, compact
from ..render.translations import status_page, translation_page
from ..render.safe_markdown import code_breaks, md_plain
from .config import ErrorCatalogConfig
from .rendered import RenderedPages
from .session import Session

log = logging.getLogger("mkdocs.plugins.error_catalog")

PACKAGE = Path(__file__).resolve().parent
THEME_DIR = PACKAGE / "theme"  # the 404 page, found before the theme's own
STYLESHEET = PACKAGE / "assets" / "errors.css"
STYLESHEET_URI = "assets/error-catalog/errors.css"
SCRIPT = PACKAGE / "assets" / "errors.js"
SCRIPT_URI = "assets/error-catalog/errors.js"

_NAV_TITLES = {"overview": "Overview", "translations": "Translations", "changes": "Changes"}
_HEADERLINK = re.compile(r'<a class="headerlink" href="#([a-z0-9-]+)"')
# Inline code (not a code block, not already broken) that may be a documented code.
_INLINE_CODE = re.compile(r"(?<!<pre>)<code>([A-Za-z0-9_./-]{2,200})</code>")


def fail(failure: Failure) -> PluginError:
    """Log every finding, then give the one short error that stops the build (no traceback)."""
    for line in failure.lines:
        log.error(line)
    return PluginError(" ".join(x for x in (f"{failure.summary}; see above.", failure.advice) if x))


def html_text(text: str) -> Markup:
    # Material prints site_name and nav titles as HTML: hand it escaped text, as
    # Markup so that its own `| e` in attributes does not escape it twice.
    return Markup(escape(text))


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per `mkdocs serve` session, not once per
    rebuild (MkDocs makes a new Jinja environment for each). Jinja checks each
    template's source checksum on load, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class ErrorCatalogPlugin(BasePlugin[ErrorCatalogConfig]):
    """One catalog folder -> category pages, an overview, redirects, fallback pages, exports."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.catalog: Catalog | None = None
        self.renderer: Renderer | None = None
        # Finished HTML (entry bodies, derived tables) kept out of Markdown, per build.
        self.deferred = Deferred()
        self.served = redirects.ServedRules()
        self.site_url = ""
        self.auto_nav = False
        self.left_out: tuple[str, ...] = ()  # docs paths of pages that belong to another catalog's site
        self.generated: dict[str, str] = {}  # src_uri -> what it is ('category', 'overview', ...)
        self.parts: dict[str, permalinks.Part] = {}  # src_uri of a category page -> the entries it holds
        self.macros_plugin = None  # the site's mkdocs-macros plugin, if it has one
        self._names_for: Catalog | None = None  # the catalog `_name_set` was made from
        self._name_set: frozenset[str] = frozenset()
        self._compiled = _CompiledTemplates()  # kept across serve rebuilds (on_startup)
        self.session = Session()  # the catalog and PO files as read, kept across serve rebuilds
        self._memo = SectionMemo()  # entry sections kept across serve rebuilds
        self._rendered = RenderedPages()  # category pages' conversion kept across serve rebuilds
        self._broken: dict[str, str] = {}  # deferred HTML -> with break chances (serve only)
        self._broken_for: frozenset[str] | None = None
        self.has_search = False  # Material's search plugin is in this build
        self._full_content: tuple[Any, str] | None = None  # a page's HTML while search reads the lean one

    def load_config(self, options: dict, config_file_path: str | None = None):
        """MkDocs' validation, with an unknown option an error (MkDocs only warns):
        a misspelt option would otherwise be ignored without a word outside --strict."""
        errors, warnings = super().load_config(options, config_file_path)
        known = set(self.config_class().keys())
        unknown = [(k, w) for k, w in warnings if k not in known]
        return errors + unknown, [(k, w) for k, w in warnings if k in known]

    # -- the catalog --------------------------------------------------------------

    @property
    def catalog_dir(self) -> Path:
        return Path(self.config.catalog)

    def load(self) -> Catalog:
        """The catalog, read once per change of its folder (not per page or per rebuild)."""
        try:
            catalog = self.session.catalog(self.catalog_dir)
            self.session.translations(catalog)  # PO files, read once per change; the policy may fail the build
        except Failure as e:
            raise fail(e) from None
        if getattr(catalog, "_page_size", None) != self.config.page_size:
            permalinks.paginate(catalog, self.config.page_size)
        if catalog is not self.catalog:
            self.catalog = catalog
            self.renderer = Renderer(catalog, sections.for_catalog(catalog), self._memo if self.is_serve else None)
        return catalog

    # -- events -------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs serve` answers permalinks itself; `serve --clean` says "build"."""
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read and check the catalog, then hand MkDocs the nav, theme and stylesheet it needs."""
        catalog = self.load()
        self.deferred.clear()
        self.site_url = config.site_url or ""
        run_gate(catalog)
        for line in locales.report(locales.load(catalog)):
            log.info(line)
        try:
            lock.verify(catalog)
        except Failure as e:
            raise fail(e) from None
        if self.config.site_name_from_catalog:
            config.site_name = html_text(f"{catalog.service} error reference")
        if not self.site_url:
            log.info("site_url is not set: redirect rules and the 404 page assume the site is served at the "
                     "root of its host. A site served under a path (GitHub Pages project sites: "
                     "https://<user>.github.io/<repo>/) must set site_url, or its permalinks and 404 page break.")
        self.left_out = self._left_out(config)
        self.auto_nav = config.nav is None
        if not self.auto_nav:
            config.nav = self._with_section(_without(config.nav, self.left_out), own=self._listed(config.nav))
        if STYLESHEET_URI not in config.extra_css:
            config.extra_css.append(STYLESHEET_URI)
        if SCRIPT_URI not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT_URI)
        # The 404 page: after the site's own overrides (custom_dir wins), before the theme's.
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        self.macros_plugin = offer_macros(config, self)
        self.has_search = any(name.split("/")[-1] == "search" for name in config.plugins)
        return config

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Under `mkdocs serve`, reuse the theme's compiled templates between rebuilds
        (otherwise about a tenth of a rebuild at 1,000 codes is Jinja compiling them)."""
        if self.is_serve and env.bytecode_cache is None:
            env.bytecode_cache = self._compiled
        return env

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out other catalogs' pages; add the category pages, the overview and
        translation status (unless the site has its own) and the stylesheet."""
        catalog = self.load()
        for f in list(files):
            if _under(f.src_uri, self.left_out):
                files.remove(f)
        own_pages = [f.src_uri for f in files.documentation_pages()]
        self.generated = {}
        self.parts = {}
        for c in catalog.categories:
            pages = [(permalinks.page_src(c.id), None)]
            if permalinks.is_split(catalog, c.id):
                pages += [(p.src, p) for p in permalinks.parts(catalog, c.id)]
            for src, part in pages:
                if files.get_file_from_path(src) is not None:
                    raise PluginError(f"docs/{src} exists, but category pages are generated: remove or rename it")
                files.append(File.generated(config, src, content=self.renderer.category_page(c, self._slot, part)))
                self.generated[src] = "category"
                self.parts[src] = part or permalinks.parts(catalog, c.id)[0]
        for path, entries in permalinks.az_parts(catalog):
            src = path.rstrip("/") + ".md"
            files.append(File.generated(config, src, content=self.renderer.az_page(path, entries, self._defer)))
            self.generated[src] = "a-z"
        for src, kind in self._extra_pages():
            if files.get_file_from_path(src) is None:
                file = File.generated(config, src, content="")
                file.content_string = self._extra_page(kind, _page_dir(file))
                files.append(file)
                self.generated[src] = kind
        files.append(File.generated(config, STYLESHEET_URI, abs_src_path=str(STYLESHEET)))
        files.append(File.generated(config, SCRIPT_URI, abs_src_path=str(SCRIPT)))
        self._check_page_paths(files)
        if self.auto_nav:
            # MkDocs' own nav from the site's pages, with the reference as a section of it.
            config.nav = self._with_section(nest_paths(own_pages), own=set(own_pages))
        return files

    @event_priority(-100)  # after every plugin's on_page_markdown: the Markdown MkDocs converts
    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        """Under `mkdocs serve`, a category page whose Markdown did not change is not
        converted again (`rendered.RenderedPages`)."""
        if self.is_serve and self._part(page) is not None:
            return self._rendered.markdown_for(page, markdown, config)
        return markdown

    @event_priority(100)  # before any other plugin sees the converted page
    def _put_back_rendered(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        if self.is_serve and self._part(page) is not None:
            return self._rendered.content_for(page, html)
        return html

    def _page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        """Put deferred HTML back in place of its tokens; point each entry's permalink
        icon at /errors/<code>, the URL to share."""
        part = self._part(page)
        self._describe(page, part)
        if part is None:
            return self.deferred.swap(self._breakable(html, page))
        catalog = self.catalog
        by_anchor = {e.anchor: e for e in part.entries}
        here = part.path

        def link(m: re.Match) -> str:
            e = by_anchor.get(m.group(1))
            if e is None:
                return m.group(0)
            if self.site_url:
                url = permalinks.permalink_url(catalog, e, self.site_url)
            else:
                url = os.path.relpath(permalinks.permalink_url(catalog, e).lstrip("/"), here)
            return f'<a class="headerlink" href="{url}"'

        return self.deferred.swap(self._breakable(_HEADERLINK.sub(link, html), page))

    on_page_content = CombinedEvent(_put_back_rendered, _page_content)

    def _part(self, page) -> permalinks.Part | None:
        """The entries a generated category page holds; None for any other page."""
        src = page.file.src_uri
        return self.parts.get(src) if self.generated.get(src) == "category" else None

    def _breakable(self, html: str, page) -> str:
        """Documented codes in inline code, headings and the page's table of contents
        get a break chance after each separator (`code_breaks`): they wrap there, not
        inside a word. Deferred HTML got its breaks when it was deferred (`_defer`)."""
        names = self._names()
        for item in _toc_items(page.toc):
            # A TOC title is HTML: "<code>" is gone, the code is its first word.
            head, sep, rest = item.title.partition(" ")
            if head in names:
                item.title = f'<span class="ec-code">{code_breaks(head)}</span>{sep}{rest}'
        return _INLINE_CODE.sub(lambda m: _code_with_breaks(m, names), html)

    def _defer(self, html: str) -> str:
        """`Deferred.defer`, with documented codes given their break chances first. Under
        `mkdocs serve` the same entry bodies come back after each edit (SectionMemo):
        each is scanned once per set of code names, not once per rebuild."""
        names = self._names()
        if self._broken_for != names:  # a code added or renamed: breaks may differ
            self._broken_for, self._broken = names, {}
        broken = self._broken.get(html)
        if broken is None:
            broken = _INLINE_CODE.sub(lambda m: _code_with_breaks(m, names), html)
            if self.is_serve and len(self._broken) < 100_000:
                self._broken[html] = broken
        return self.deferred.defer(broken)

    def _names(self) -> frozenset[str]:
        catalog = self.catalog
        if self._names_for is not catalog:
            self._names_for = catalog
            self._name_set = frozenset([e.code for e in catalog.entries] + [a for e in catalog.entries
                                                                            for a in e.aliases])
        return self._name_set

    def _describe(self, page, part: permalinks.Part | None) -> None:
        """A meta description per page from the catalog (Material prints it unescaped:
        it is given escaped), unless the page has its own."""
        if page.meta.get("description") or self.catalog is None:
            return
        catalog = self.catalog
        if part is not None:
            category = catalog.category(part.category)
            codes = [e.code for e in (part.entries or catalog.entries_in(part.category))]
            text = (f"{category.title}: {len(codes)} {catalog.service} error code{'s' if len(codes) != 1 else ''} "
                    f"with cause and recovery: {', '.join(codes[:8])}{'…' if len(codes) > 8 else ''}")
        else:
            title = page.title or ""
            text = (f"{title} · " if title and title != catalog.service else "") + (
                f"Every error code {catalog.service} returns, with its cause, recovery and a permanent link.")
        page.meta["description"] = html_text(" ".join(text.split())[:300])

    @event_priority(100)  # before Material's search plugin (priority 0) reads the page
    def _lean_for_search(self, context: dict, page, config: MkDocsConfig, nav) -> dict:
        """Show the search plugin each entry's heading without its body (`search.lean_page`)
        and no table it would skip anyway; the page itself is put back right after."""
        # Any page: the site's own pages may hold the A-Z index (az_index()) too.
        if page.content and self.has_search:
            part = self._part(page)
            self._full_content = (page, page.content)
            lean = search.lean_page(page.content, part.entries) if part is not None else page.content
            page.content = search.without_unsearched(lean)
        return context

    @event_priority(-100)  # after every other plugin's on_page_context
    def _full_after_search(self, context: dict, page, config: MkDocsConfig, nav) -> dict:
        held, self._full_content = self._full_content, None
        if held is not None and held[0] is page:
            page.content = held[1]
        return context

    on_page_context = CombinedEvent(_lean_for_search, _full_after_search)

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        """Give the 404 page what it needs to recognise an unknown /errors/<code>."""
        if template_name == "404.html" and self.catalog is not None:
            pl = self.catalog.permalinks
            base = BuildContext(self.catalog, self.site_url).base
            # The path prefixes under which a permalink lives (type URL paths are host-absolute).
            prefixes = [base + pl.errors_path.lstrip("/")]
            prefixes += [permalinks.url_path(u) for u in (pl.type_base, pl.documentation_base) if u]
            overview = self.config.overview
            url = overview[: -len("index.md")] if overview.endswith("index.md") else overview[:-3] + "/"
            if not config.use_directory_urls:
                url = overview[:-3] + ".html"
            # Did-you-mean data (each code and its aliases with its section's path) is a
            # file the page fetches: links are built only from it, never from the address.
            context["error_catalog"] = {"prefixes": sorted(set(prefixes)), "service": self.catalog.service,
                                        "overview": url, "codes": suggestions.CODES}
        return context

    def on_serve(self, server, config: MkDocsConfig, builder):
        """`mkdocs serve` rebuilds when a catalog file changes (it only watches docs/),
        and answers each permalink with a redirect, as Netlify does with `_redirects`."""
        server.watch(str(self.catalog_dir))
        server.set_app(redirects.serve_app(server.get_app(), self.served))
        return server

    @event_priority(-50)  # after other plugins have written their files: ours must not collide
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write redirects, fallback pages and exports beside the site."""
        ctx = BuildContext(self.catalog, self.site_url, tuple(self.config.redirects), self.is_serve,
                           self.config.fallback_pages)
        try:
            write_all(ctx, Path(config.site_dir))
        except Failure as e:
            raise fail(e) from None
        if self.is_serve:
            self.served.update(self.catalog, ctx.base)

    # -- macros for the site's own pages -------------------------------------------------

    def macros(self) -> dict[str, Any]:
        """The macros hand-written pages call through mkdocs-macros; each renders now."""
        def here() -> str:
            page = getattr(self.macros_plugin, "page", None)
            return page.url if page is not None else ""

        def defer(html: str) -> str:
            # Tables are finished HTML: `defer` keeps them out of Python-Markdown.
            return self._defer(html)

        def overview_intro():
            """The overview's opening: what the reference covers and which links land here."""
            return self.renderer.overview_intro()

        def az_index():
            """Every code A-Z with title, status and category, linking to its section."""
            return defer(self.renderer.az_index(here()))

        def categories_table():
            """Categories with count, number range and statuses, derived from the entries."""
            return defer(self.renderer.categories_table(here()))

        def status_table():
            """HTTP status -> codes, with reason phrases and troubleshooting advice."""
            return defer(self.renderer.status_table(here()))

        def shapes():
            """The service's further body shapes (`shapes:`), with their documented responses."""
            return defer(sections.shapes_html(self.catalog)) if self.catalog.shapes else ""

        def headers_table():
            """Documented response headers: which responses carry them, on how many codes, an example."""
            return defer(self.renderer.headers_table())

        def translation_status():
            """Per locale: translated, fuzzy and missing messages, and the codes left to translate."""
            return status_page(self.catalog, here())  # has markdown headings: not deferred

        return {f.__name__: f for f in (overview_intro, shapes, az_index, categories_table, status_table, headers_table,
                                        translation_status)}

    # -- helpers ------------------------------------------------------------------

    def _slot(self, body: str) -> str:
        # Entry bodies skip Python-Markdown (see error_catalog/render/deferred.py).
        token = self._defer(body)
        return token + "\n" if token.startswith("ec-slot-") else compact(token)

    def _extra_pages(self) -> list[tuple[str, str]]:
        pages = [(self.config.overview, "overview")]
        if self.config.translation_status and len(self.catalog.locales) > 1:
            pages.append((self.config.translation_status, "translations"))
        if self.catalog.versions:  # the changelog needs the catalog's order of versions
            pages.append((changelog.PAGE_SRC, "changes"))
        return pages

    def _extra_page(self, kind: str, from_dir: str) -> str:
        if kind == "overview":
            return self.renderer.overview_page(from_dir, self._defer)
        if kind == "changes":
            return changes_page(self.catalog, from_dir, self._defer)
        return translation_page(self.catalog, from_dir)

    def _listed(self, nav: list) -> set[str]:
        return set(_nav_paths(nav))

    def _with_section(self, nav: list, own: set[str]) -> list:
        """The nav with the reference's section after its first item (the home page).

        The section holds the overview and the translation status when the plugin
        writes them (a site's own page stays where the site put it) and every category.
        """
        catalog = self.catalog
        items: list = []
        for src, kind in self._extra_pages():
            if src not in own:
                items.append({_NAV_TITLES[kind]: src})
        items += [{html_text(c.title): permalinks.page_src(c.id)} for c in catalog.categories]
        nav = list(nav or [])
        nav.insert(1 if nav else 0, {html_text(self.config.nav_title): items})
        return nav

    def _left_out(self, config: MkDocsConfig) -> tuple[str, ...]:
        """Docs paths of pages that belong to another catalog's site (`pages_only_for`)."""
        root = Path(config.config_file_path or ".").resolve().parent
        mine = self.catalog_dir.resolve()
        out = []
        for folder, paths in self.config.pages_only_for.items():
            if (root / folder).resolve() != mine:
                out += [p.strip("/") for p in paths]
        return tuple(out)

    def _check_page_paths(self, files: Files) -> None:
        """A permalink path must never be a real page, or one would shadow the other."""
        pages = {f.url.rstrip("/").lower(): f.src_uri for f in files if f.url}
        problems = []
        for path, entry in permalinks.permalink_map(self.catalog).items():
            src = pages.get(path.strip("/").lower())
            if src:
                problems.append(f"{entry.file}:{entry.line}: code [{entry.code}]: permalink {path} "
                                f"is also the page docs/{src}")
        if problems:
            raise fail(Failure(problems, f"{len(problems)} permalink(s) collide with pages"))


def run_gate(catalog: Catalog) -> None:
    """The emitted-code gate, once per build: undocumented codes fail it.

    Entries never emitted are warnings, so `mkdocs build --strict` fails on them
    while `mkdocs serve` keeps going.
    """
    found = gate.check(catalog)
    for p in found.unused:
        log.warning(str(p))
    if found.errors:
        raise fail(Failure([str(p) for p in found.errors], f"emitted-code gate: {len(found.errors)} problem(s)",
                           "Document each emitted code (an entry or an alias) or fix its source. "
                           "Nothing was built."))
    if catalog.emitted:
        log.info(f"emitted-code gate: {found.summary()}")


def offer_macros(config: MkDocsConfig, plugin: ErrorCatalogPlugin):
    """Give mkdocs-macros, when the site uses it, the macros and the `catalog` and
    `service` variables; its `register_*` hooks work whichever plugin comes first.
    Returns that plugin (its `page` is the page being rendered), or None."""
    for other in config.plugins.values():
        if hasattr(other, "register_macros") and hasattr(other, "register_variables"):
            try:
                other.register_macros(plugin.macros())
                # Pages put `service` into markdown: escaped for HTML and markdown both.
                other.register_variables({"catalog": plugin.catalog, "service": md_plain(plugin.catalog.service)})
            except KeyError as e:
                raise PluginError(f"mkdocs-macros already defines {e}, which the error-catalog plugin "
                                  "provides: rename the site's own macro or variable") from None
            return other
    return None


def _without(nav: list | None, left_out: tuple[str, ...]) -> list | None:
    """The nav without pages under `left_out` (sections left empty go too)."""
    if nav is None or not left_out:
        return nav
    out = []
    for item in nav:
        if isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    inner = _without(value, left_out)
                    if inner:
                        kept[title] = inner
                elif not (isinstance(value, str) and _under(value, left_out)):
                    kept[title] = value
            if kept:
                out.append(kept)
        elif not (isinstance(item, str) and _under(item, left_out)):
            out.append(item)
    return out


def _nav_paths(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in _nav_paths(v)]
    if isinstance(nav, list):
        return [p for v in nav for p in _nav_paths(v)]
    return []


def _under(src: str, prefixes: tuple[str, ...]) -> bool:
    return any(src == p or src.startswith(p.rstrip("/") + "/") for p in prefixes)


def _page_dir(file: File) -> str:
    """The site path of the folder a page's relative links start from ('' at the root)."""
    url = file.url
    if url.endswith("/") or not url:
        return url
    folder = posixpath.dirname(url)
    return folder + "/" if folder else ""


def _code_with_breaks(m: re.Match, names: frozenset[str]) -> str:
    return f"<code>{code_breaks(m.group(1))}</code>" if m.group(1) in names else m.group(0)


def _toc_items(toc):
    for item in toc or ():
        yield item
        yield from _toc_items(item.children)
