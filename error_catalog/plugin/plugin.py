"""The `error-catalog` MkDocs plugin: wires the catalog into one build.

It only orchestrates MkDocs' events; the work is done by the layers below
(`core` reads and checks, `render` makes pages and finishes their HTML, `outputs`
writes files beside the site), each given what it needs, and by `nav` and
`macros` beside it. State lives on the plugin instance for one build. A
`Failure` from below is logged line by line and becomes one short
`PluginError` (`checks.fail`), never a traceback.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.utils import nest_paths

from ..core import permalinks
from ..core.context import BuildContext, Readings
from ..core.model import Catalog
from ..outputs import docsfolder, redirects, search, write_all
from ..render import headings, pagehtml, sections, sitepages
from ..render.deferred import Deferred
from ..render.renderer import Renderer, SectionMemo, compact
from ..render.uitext import ENGLISH, UiText
from . import assets, checks, i18nsite, macros, pagefiles, security
from . import nav as site_nav
from .checks import reported
from .compiled import CompiledTemplates
from .config import ErrorCatalogConfig, build_context
from .rendered import RenderedPages
from .session import Session


class ErrorCatalogPlugin(BasePlugin[ErrorCatalogConfig]):
    """One catalog folder -> category pages, an overview, redirects, fallback pages, exports."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.answering = False  # `mkdocs serve` answers permalinks (on_serve; never with --no-livereload)
        self.catalog: Catalog | None = None
        self.readings: Readings | None = None  # the catalog's translations and permalink maps (the session's)
        self.ctx: BuildContext | None = None  # what the layers below are told about this build
        self.renderer: Renderer | None = None
        self.text: UiText = ENGLISH  # the plugin's words in the site's language (`assets.site_language`)
        self.directory_urls = True  # MkDocs' use_directory_urls, read in on_config
        self.hosts_named = False  # whether the site's config names `redirects`
        # Finished HTML (entry bodies, derived tables) kept out of Markdown, per build.
        self.deferred = Deferred()
        self.served = redirects.ServedRules()
        self.auto_nav = False
        self.nav_plugin: str | None = None  # awesome-nav or literate-nav, when the site runs one
        self.left_out: tuple[str, ...] = ()  # docs paths of pages that belong to another catalog's site
        self.written: set[str] = set()  # docs paths `error-catalog pages` wrote (for Zensical): made here instead
        self.generated: dict[str, str] = {}  # src_uri -> what it is ('category', 'overview', ...)
        self.parts: dict[str, permalinks.Part] = {}  # src_uri of a category page -> the entries it holds
        self.macros_plugin = None  # the site's mkdocs-macros plugin, if it has one
        self._compiled = CompiledTemplates()  # kept across serve rebuilds (on_startup)
        self.session = Session()  # the catalog and PO files as read, kept across serve rebuilds
        self._memo = SectionMemo()  # entry sections kept across serve rebuilds
        self._rendered = RenderedPages()  # category pages' conversion kept across serve rebuilds
        self._breaks = pagehtml.CodeBreaks()  # documented codes' break chances
        self.has_search = False  # Material's search plugin is in this build
        self._search_view = search.LeanView()  # a page's HTML while search reads the lean one

    def load_config(self, options: dict, config_file_path: str | None = None):
        """MkDocs' validation, with an unknown option an error (MkDocs only warns):
        a misspelt option would otherwise be ignored without a word outside --strict."""
        errors, warnings = super().load_config(options, config_file_path)
        # With no host named, permalinks must land on any static host: fallback pages too.
        self.hosts_named = "redirects" in options
        known = set(self.config_class().keys())
        unknown = [(k, w) for k, w in warnings if k not in known]
        return errors + unknown, [(k, w) for k, w in warnings if k in known]

    # -- the catalog --------------------------------------------------------------

    @property
    def catalog_dir(self) -> Path:
        return Path(self.config.catalog)

    def load(self) -> Catalog:
        """The catalog, read once per change of its folder (not per page or per rebuild)."""
        with reported():
            catalog = self.session.catalog(self.catalog_dir)
            self.readings = self.session.readings(catalog)
            translations = self.readings.translations  # PO files, read once per change; the policy may fail the build
        if (catalog is not self.catalog or self.renderer is None or self.layout.page_size != self.config.page_size
                or self.layout.directory_urls != self.directory_urls or self.renderer.text != self.text):
            self.catalog = catalog
            self.renderer = Renderer(catalog, sections.for_catalog(catalog, translations, self.text),
                                     self._memo if self.is_serve else None,
                                     permalinks.layout(catalog, self.config.page_size, self.directory_urls), self.text)
            self._breaks.use(catalog)
        return catalog

    @property
    def layout(self) -> permalinks.Layout:
        """Which page holds each entry's section (equal to `self.ctx.layout`: both are
        `permalinks.layout(catalog, page_size, directory_urls)`)."""
        return self.renderer.layout

    # -- events -------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs serve` answers permalinks itself; `serve --clean` says "build"."""
        self.is_serve = command == "serve"
        self._breaks.keep = self.is_serve

    def _config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read and check the catalog, then hand MkDocs the nav, theme and stylesheet it needs."""
        self.directory_urls = config.use_directory_urls
        self.text = UiText(assets.site_language(config))
        catalog = self.load()
        # Until on_serve (never with `serve --no-livereload`), a fallback page at every permalink.
        self.ctx = build_context(self.config, self.readings, config.site_url, self.directory_urls,
                                 self.hosts_named and not self.is_serve, self.is_serve and self.answering,
                                 security.sources(config) if self.config.security_headers else None,
                                 self.session.kept())
        self.deferred.clear()
        checks.check(self.ctx, self.config.allowed_roots)
        # The ids of generated headings, whatever the site's markdown_extensions (render/headings.py).
        if not any(isinstance(x, headings.HeadingIds) for x in config.markdown_extensions):
            config.markdown_extensions.append(headings.HeadingIds(lambda: self.renderer.anchors))
        if self.config.site_name_from_catalog:
            config.site_name = pagehtml.html_text(self.text("{service} error reference", service=catalog.service))
        checks.note_site_url(self.ctx.site_url)
        root = Path(config.config_file_path or ".").resolve().parent
        self.left_out = site_nav.left_out(root, self.catalog_dir, self.config.pages_only_for)
        self.written = docsfolder.written_pages(Path(config.docs_dir))
        # A navigation plugin builds the nav itself: the section is placed in it (on_nav).
        self.nav_plugin = site_nav.nav_plugin(config.plugins)
        self.auto_nav = config.nav is None and self.nav_plugin is None
        if config.nav is not None and self.nav_plugin is None:
            own = set(site_nav.paths(config.nav))
            config.nav = self._with_section(site_nav.without(config.nav, self.left_out), own)
        assets.add_to_theme(config, self.text)
        if i18nsite.plugin(config) is not None:
            i18nsite.keep_one_404(config)
        self.has_search = any(name.split("/")[-1] == "search" for name in config.plugins)
        return config

    @event_priority(-100)  # after mkdocs-macros' on_config has loaded the site's own macros module
    def _offer_macros(self, config: MkDocsConfig) -> MkDocsConfig:
        self.macros_plugin = macros.offer(config, self)
        return config

    on_config = CombinedEvent(_config, _offer_macros)

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Under `mkdocs serve`, reuse the theme's compiled templates between rebuilds
        (otherwise about a tenth of a rebuild at 1,000 codes is Jinja compiling them)."""
        if self.is_serve and env.bytecode_cache is None:
            env.bytecode_cache = self._compiled
        return env

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        return files if i18nsite.plugin(config) is not None else self._add_pages(files, config)

    @event_priority(-110)  # after mkdocs-static-i18n's (-100), which cannot take generated pages
    def _files_after_i18n(self, files: Files, config: MkDocsConfig) -> Files:
        return self._add_pages(files, config) if i18nsite.plugin(config) is not None else files

    on_files = CombinedEvent(_files, _files_after_i18n)

    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out other catalogs' pages; add the category pages, the overview and
        translation status (unless the site has its own) and the stylesheet."""
        added = pagefiles.add(files, config, self.ctx.catalog, self.layout, self._extra_pages(), self._markdown,
                              self.left_out, self.written)
        self.generated, self.parts = added.generated, added.parts
        assets.add_files(files, config, self.text)
        with reported():
            permalinks.check_page_paths(self.ctx.catalog, [(f.url, f.src_uri) for f in files],
                                        self.ctx.permalink_map())
        if self.auto_nav:
            # MkDocs' own nav from the site's pages, with the reference as a section of it.
            config.nav = self._with_section(nest_paths(added.own), own=set(added.own))
        return files

    @event_priority(50)  # after awesome-nav builds the nav (100), before section-index (0) reads it
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        """With a navigation plugin, the reference's section where the site's navigation
        file puts the reference's folder, or after the first item."""
        if self.nav_plugin is None:
            return nav
        title = site_nav.title(self.config.nav_title, self.text)
        section = site_nav.reference_section(files, title, self._extra_pages(), self.catalog.categories,
                                             self.generated, self.text)
        return site_nav.place_section(nav, section)

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
        """Put deferred HTML back in place of its tokens, after the page's own finishing
        touches (`pagehtml`): a meta description, break chances in codes and, on a
        category page, each entry's permalink icon pointing at /errors/<code>."""
        part = self._part(page)
        if not page.meta.get("description") and self.catalog is not None:
            page.meta["description"] = pagehtml.description(self.catalog, part, page.title or "", self.text)
        if part is not None:
            html = pagehtml.permalink_icons(html, self.catalog, part, permalinks.page_folder(page.url),
                                            self.ctx.site_url)
        return self.deferred.swap(self._breaks.page(html, page.toc))

    on_page_content = CombinedEvent(_put_back_rendered, _page_content)

    @event_priority(100)  # before Material's search plugin (priority 0) reads the page
    def _lean_for_search(self, context: dict, page, config: MkDocsConfig, nav) -> dict:
        """Show the search plugin each entry's heading without its body and no table it
        would skip anyway (`search.LeanView`); the page itself is put back right after."""
        # Any page: the site's own pages may hold the A-Z index (az_index()) too.
        if page.content and self.has_search:
            part = self._part(page)
            self._search_view.show(page, part.entries if part is not None else None)
        return context

    @event_priority(-100)  # after every other plugin's on_page_context
    def _full_after_search(self, context: dict, page, config: MkDocsConfig, nav) -> dict:
        self._search_view.put_back(page)
        return context

    on_page_context = CombinedEvent(_lean_for_search, _full_after_search)

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        """Give the 404 page what it needs to recognise an unknown /errors/<code>."""
        if template_name == "404.html" and self.ctx is not None:
            context["error_catalog"] = assets.not_found_context(self.ctx, self.layout.url(self.config.overview),
                                                                self.text)
        return context

    def on_serve(self, server, config: MkDocsConfig, builder):
        """`mkdocs serve` rebuilds when a catalog file changes (it only watches docs/),
        and answers each permalink with a redirect, as Netlify does with `_redirects`."""
        server.watch(str(self.catalog_dir))
        server.set_app(redirects.serve_app(server.get_app(), self.served))
        self.answering = True
        return server

    @event_priority(-50)  # after other plugins have written their files: ours must not collide
    def _write_outputs(self, config: MkDocsConfig) -> None:
        """Write redirects, fallback pages and exports beside the site."""
        if not i18nsite.is_default_build(config):
            return  # the default language's build wrote them: one set for every language
        with reported():
            write_all(self.ctx, Path(config.site_dir))
        if self.is_serve:
            self.served.update(self.catalog, self.ctx.base, self.ctx.layout, self.ctx.permalink_map(self.ctx.base))

    @event_priority(-110)  # after mkdocs-static-i18n's (-100): it builds the other languages, then the index anew
    def _search_after_i18n(self, config: MkDocsConfig) -> None:
        if i18nsite.index_rebuilt(config):
            with reported():
                search.write(self.ctx, Path(config.site_dir))

    on_post_build = CombinedEvent(_write_outputs, _search_after_i18n)

    # -- helpers ------------------------------------------------------------------

    def defer(self, html: str) -> str:
        """`Deferred.defer`, with documented codes given their break chances first."""
        return self.deferred.defer(self._breaks.body(html))

    def _slot(self, body: str) -> str:
        # Entry bodies skip Python-Markdown (see error_catalog/render/deferred.py).
        token = self.defer(body)
        return token + "\n" if token.startswith("ec-slot-") else compact(token)

    def _part(self, page) -> permalinks.Part | None:
        """The entries a generated category page holds; None for any other page."""
        src = page.file.src_uri
        return self.parts.get(src) if self.generated.get(src) == "category" else None

    def _extra_pages(self) -> list[sitepages.Planned]:
        return sitepages.extra_pages(self.catalog, self.config.overview, self.config.translation_status)

    def _markdown(self, page: sitepages.Planned, from_dir: str) -> str:
        return sitepages.markdown(page, self.renderer, lambda: self.ctx.translations, self._slot, self.defer,
                                  from_dir)

    def _with_section(self, items: list | None, own: set[str]) -> list:
        title = site_nav.title(self.config.nav_title, self.text)
        return site_nav.with_section(items, own, title, self._extra_pages(), self.catalog.categories, self.text)

