"""The catalog on an engine that runs no MkDocs plugin (Zensical).

Zensical reads `mkdocs.yml` and ignores the `error-catalog` entry under
`plugins`. That entry stays the one place a site configures the catalog:
`site_options` reads it (validated by the plugin's own config class) with
`site_url` and `use_directory_urls`, and `Build` makes from them what the
plugin makes in `on_config` (the catalog, its `BuildContext`, the `Renderer`)
for the commands that write the pages before the engine runs and the files
beside the site after it (`cli/engine.py`), and for the macros module hook
(`error_catalog.define_env`). The HTML a page shows is the plugin's: the same
renderer, with finished HTML left in the Markdown (`compact`) instead of the
plugin's deferred tokens.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from yaml_env_tag import construct_env_tag

from ..core import changelog, gate, imported, lock, permalinks
from ..core.context import BuildContext, Readings, Sources
from ..core.files import write_atomic
from ..core.model import Catalog
from ..core.problems import Failure
from ..outputs import changes_feed, write_all
from ..render import pagehtml, sections, sitepages
from ..render.renderer import Renderer, compact
from ..render.safe_markdown import md_plain
from ..render.uitext import UiText
from . import assets, macros, security
from .config import ErrorCatalogConfig, build_context
from .session import Session

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN = "error-catalog"


class _SiteLoader(yaml.SafeLoader):
    """mkdocs.yml as data: `!ENV` as MkDocs reads it, any other tag (`!!python/name:`,
    `!relative`) as None, never constructed: only plain values are read from it."""


# MkDocs' own reader of `!ENV VAR` / `!ENV [VAR, OTHER, default]` (pyyaml_env_tag, a dependency of MkDocs).
_SiteLoader.add_constructor("!ENV", construct_env_tag)
_SiteLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteOptions:
    options: ErrorCatalogConfig
    hosts_named: bool  # the site's config names `redirects`
    site_url: str
    directory_urls: bool
    site_name: str
    repo_url: str
    security: Sources | None
    heading_ids: bool = True  # markdown_extensions set the generated headings' ids (`{ #id }`)
    language: str | None = None  # theme.language: the plugin's words in it
    scripts: tuple[str, ...] = ()  # extra_javascript


def find_config(folder: Path) -> Path | None:
    return next((folder / n for n in CONFIG_FILES if (folder / n).is_file()), None)


def config_file(given: str | None, nothing_done: str) -> Path | None:
    """The site's mkdocs.yml: `given` (--config), else the one in the current folder, if any."""
    config = Path(given) if given else find_config(Path.cwd())
    if config is not None and not config.is_file():
        raise Failure([f"{config}: no such file"], nothing_done)
    return config


def site_options(config_file: Path | None, catalog: str | None = None) -> SiteOptions:
    """The plugin's options from the `error-catalog` entry of `config_file` (its
    defaults without a file or an entry); `catalog`, when given, names the folder."""
    data: dict = {}
    if config_file is not None:
        try:
            data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SiteLoader) or {}
        except yaml.YAMLError as e:
            raise Failure([f"{config_file}: not valid YAML ({' '.join(str(e).split())[:200]})"],
                          "Nothing was written") from None
        if not isinstance(data, dict):
            raise Failure([f"{config_file}: not a mapping of settings"], "Nothing was written")
        wrong = _wrong_shapes(data)
        if wrong:
            raise Failure([f"{config_file}: {key}: expected {what}" for key, what in wrong], "Nothing was written")
    raw = _plugin_entry(data.get("plugins"))
    root = config_file.resolve().parent if config_file is not None else Path.cwd()
    options = dict(raw)
    if catalog is not None:
        options["catalog"] = str(Path(catalog).resolve())
    config = ErrorCatalogConfig(config_file_path=str(root / CONFIG_FILES[0]))
    config.load_dict(options)
    errors, _ = config.validate()
    errors += [(k, "unknown option") for k in options if k not in ErrorCatalogConfig().keys()]
    if errors:
        where = config_file or "the error-catalog options"
        raise Failure([f"{where}: plugins.{PLUGIN}.{k}: {e}" for k, e in errors], "Nothing was written")
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {"name": data.get("theme")}
    sources = security.sources_of(theme.get("name"), theme.get("font"), data.get("extra"),
                                  data.get("extra_javascript") or (), data.get("extra_css") or ())
    return SiteOptions(config, "redirects" in raw, str(data.get("site_url") or ""),
                       data.get("use_directory_urls", True) is not False, str(data.get("site_name") or ""),
                       str(data.get("repo_url") or ""), sources, _sets_heading_ids(data),
                       str(theme["language"]) if theme.get("language") else None,
                       tuple(str(s) for s in data.get("extra_javascript") or () if isinstance(s, str)))


# The settings read here and the shapes MkDocs takes them in (empty is its default).
_SHAPES = {"plugins": ((list, dict), "a list of plugins"), "markdown_extensions": ((list, dict), "a list of extensions"),
           "extra_javascript": ((list,), "a list of scripts"), "extra_css": ((list,), "a list of stylesheets"),
           "theme": ((str, dict), "a theme name or a mapping of theme settings"), "extra": ((dict,), "a mapping of settings")}


def _wrong_shapes(data: dict) -> list[tuple[str, str]]:
    """(key, what it should be) for each setting read here that has another shape, which
    MkDocs would refuse too: reported as such rather than failing on it later."""
    wrong = [(key, what) for key, (types, what) in _SHAPES.items()
             if data.get(key) is not None and not isinstance(data[key], types)]
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("name") is not None and not isinstance(theme["name"], str):
        wrong.append(("theme.name", "a theme name"))
    return wrong


def _sets_heading_ids(data: dict) -> bool:
    """Whether the site's Markdown honours `{ #id }` on headings: attr_list or this
    package's extension listed, or no `markdown_extensions` (Zensical's defaults have attr_list)."""
    if "markdown_extensions" not in data:
        return True
    listed = data["markdown_extensions"] or []
    names = listed if isinstance(listed, dict) else [next(iter(x), "") if isinstance(x, dict) else x for x in listed]
    return any(n in ("attr_list", "markdown.extensions.attr_list", "error_catalog.render.headings") for n in names)


def _plugin_entry(plugins: object) -> dict:
    """The options under `plugins: - error-catalog:` (a list or a mapping of plugins)."""
    items = plugins.items() if isinstance(plugins, dict) else \
        [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, {}) for p in plugins or ()]
    for name, value in items:
        if name == PLUGIN:
            if value is not None and not isinstance(value, dict):
                raise Failure([f"plugins.{PLUGIN}: expected a mapping of options"], "Nothing was written")
            return dict(value or {})
    return {}


class Build:
    """One build's catalog, context and renderer, as the plugin makes them in `on_config`."""

    def __init__(self, site: SiteOptions, session: Session | None = None) -> None:
        self.site = site
        session = session or Session()
        self.catalog: Catalog = session.catalog(Path(site.options.catalog))
        self.readings: Readings = session.readings(self.catalog)
        self.ctx: BuildContext = build_context(site.options, self.readings, site.site_url, site.directory_urls,
                                               site.hosts_named, security=site.security)
        self.text = UiText(site.language)
        self.script = assets.script_uri(self.text)  # where the plugin puts the script for this language
        self.renderer = Renderer(self.catalog, sections.for_catalog(self.catalog, self.readings.translations, self.text),
                                 None, self.ctx.layout, self.text)
        self._breaks = pagehtml.CodeBreaks()
        self._breaks.use(self.catalog)

    def check(self) -> list[str]:
        """The checks of the plugin's build: the emitted-code gate (an undocumented code
        fails, `Failure`), the permalink lock; returns the warnings (entries never emitted,
        entries not yet explained)."""
        found = gate.check(self.catalog, self.readings.translations, self.site.options.allowed_roots)
        found.raise_errors()
        lock.verify(self.catalog, self.ctx.permalink_map())
        return [str(p) for p in found.unused + imported.unexplained(self.catalog)]

    def defer(self, html: str) -> str:
        """Finished HTML as it stands in the Markdown: its own raw HTML block."""
        return compact(self._breaks.body(html))

    def pages(self, existing: set[str] = frozenset()) -> dict[str, str]:
        """Docs path -> Markdown of every page the plugin would add to a site whose
        own pages are `existing` (the overview, translation and changes pages it has stay its own)."""
        o = self.site.options
        planned = [*sitepages.category_pages(self.catalog, self.ctx.layout), *sitepages.az_pages(self.catalog),
                   *(p for p in sitepages.extra_pages(self.catalog, o.overview, o.translation_status)
                     if p.src not in existing)]
        pages = {p.src: sitepages.markdown(p, self.renderer, lambda: self.readings.translations, self.defer,
                                           self.defer, permalinks.page_folder(self.ctx.layout.url(p.src)))
                 for p in planned}
        permalinks.check_page_paths(self.catalog, [(self.ctx.layout.url(s), s) for s in [*pages, *existing]],
                                    self.ctx.permalink_map())
        return pages

    def write_outputs(self, site_dir: Path) -> list[str]:
        """What the plugin writes beside the site after a build, its stylesheet, script
        and 404 content, and the entry headings' link icons; returns notes for the user."""
        write_all(self.ctx, site_dir)
        self._permalink_icons(site_dir)
        notes = []
        if self.catalog.versions and not changes_feed.has_changes_page(self.ctx, site_dir):
            changes = self.ctx.layout.url(changelog.PAGE_SRC)
            notes.append(f"the catalog declares versions, but the site has no changes page ({changes}): "
                         f"{changelog.FEED_FILE}, which links to it, is left out; `error-catalog pages --out docs` "
                         "(the docs folder) writes docs/changes.md")
        # The script as the plugin names it: errors.js, or errors.<lang>.js with its words in another language.
        script = assets.SCRIPT.read_bytes() if self.script == assets.SCRIPT_URI else assets.script(self.text).encode()
        for data, uri in ((assets.STYLESHEET.read_bytes(), assets.STYLESHEET_URI), (script, self.script)):
            write_atomic(site_dir / uri, data, root=site_dir, durable=False)
        if self.script not in self.site.scripts:
            notes.append(f"extra_javascript does not list {self.script}, the reference's script "
                         "(its filter, copy buttons and 404 suggestions): add it to mkdocs.yml")
        page = site_dir / "404.html"
        if page.is_file():
            html = page.read_text(encoding="utf-8")
            found = with_not_found(html, self.not_found_html())
            if found is None:
                notes.append("404.html is the site's own (not the theme's): left as it is")
            else:
                write_atomic(page, found, root=site_dir, durable=False)
        return notes

    def _permalink_icons(self, site_dir: Path) -> None:
        """Each entry heading's link icon pointing at /errors/<code>, as the plugin's
        `on_page_content` makes it (`pagehtml.permalink_icons`, on the built page)."""
        layout = self.ctx.layout
        for page in sitepages.category_pages(self.catalog, layout):
            url = layout.url(page.src)
            path = site_dir / permalinks.page_file(url)
            if path.is_file():
                html = path.read_text(encoding="utf-8")
                done = pagehtml.permalink_icons(html, self.catalog, page.part, permalinks.page_folder(url),
                                                self.ctx.site_url)
                if done != html:
                    write_atomic(path, done, root=site_dir, durable=False)

    def not_found_html(self) -> str:
        """The content of the plugin's 404 page for this build."""
        ec = assets.not_found_context(self.ctx, self.ctx.layout.url(self.site.options.overview), self.text)
        return not_found_content(ec, self.ctx.base, self.site.site_name, self.site.repo_url)


# -- the 404 page on a theme the plugin does not run in ------------------------------

# The heading of the theme's own 404 page, which the plugin's 404 content replaces
# (Zensical's templates/404.html; tests/test_zensical.py fails if it changes).
THEME_NOT_FOUND = "<h1>404 - Not found</h1>"


def not_found_content(ec: dict, base: str, site_name: str, repo_url: str) -> str:
    """The `content` block of the plugin's 404 page (theme/404.html, the one source of
    it), rendered as MkDocs renders it: `ec` is what `on_template_context` gives it."""
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
        jinja2.FileSystemLoader(str(assets.THEME_DIR))]))
    return env.get_template("404.html").render(error_catalog=ec, base_url=base,
                                               config={"site_name": site_name, "repo_url": repo_url})


def with_not_found(page: str, content: str) -> str | None:
    """The built 404 page with the theme's heading replaced by `content`; None when
    the page is not the theme's (a site's own 404 page is left to it)."""
    if page.count(THEME_NOT_FOUND) != 1:
        return None
    return page.replace(THEME_NOT_FOUND, content.strip())


# -- the macros module hook under Zensical --------------------------------------------

_SESSION = Session()  # the catalog read once per change of its files, not once per page
_LAST: list = []  # [(config file, its stamp, catalog), Build]: the build the last page used
_LOCK = threading.Lock()


def build_for(root: Path) -> Build:
    """The `Build` of the site in `root` (its mkdocs.yml), the same while neither the
    config nor a catalog file changed: Zensical calls `define_env` once per page."""
    with _LOCK:
        config = find_config(root)
        stamp = config.stat().st_mtime_ns if config is not None else None
        site = _LAST[1].site if _LAST and _LAST[0][:2] == (config, stamp) else site_options(config)
        catalog = _SESSION.catalog(Path(site.options.catalog))
        if not _LAST or _LAST[0] != (config, stamp, catalog):
            _LAST[:] = [(config, stamp, catalog), Build(site, _SESSION)]
        return _LAST[1]


class _Page:
    """What `macros.macros` reads of the plugin, for one page: the build's state, and
    the macros env (its `page` is the page being rendered)."""

    def __init__(self, build: Build, env: Any) -> None:
        self.macros_plugin = env
        self.catalog, self.ctx, self.renderer, self.defer = build.catalog, build.ctx, build.renderer, build.defer


def define_env(env: Any) -> None:
    """Zensical's macros extension (`zensical.extensions.macros`): the plugin's macros
    and the `catalog` and `service` variables, for the site in the config's folder."""
    build = build_for(Path(env.conf.get("root_dir") or "."))
    for name, fn in macros.macros(_Page(build, env)).items():
        env.macro(fn, name)
    env.variables["catalog"] = build.catalog
    env.variables["service"] = md_plain(build.catalog.service)
