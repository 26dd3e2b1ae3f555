"""The MkDocs wiring: load once, generate category pages, fix permalink icons.

`macros/hooks.py` forwards MkDocs events here; `define_env` reads `state()`.
Failures of the layers below come up as `Failure` and are reported by `fail`.
Everything that does real work lives in the modules this one calls.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..core import gate, loader, locales, lock, permalinks
from ..core.context import BuildContext
from ..core.model import Catalog
from ..core.problems import Failure
from ..outputs import redirects, write_all
from ..render import sections
from ..render.deferred import Deferred
from ..render.renderer import Renderer, compact

log = logging.getLogger("mkdocs.plugins.error_catalog")

DEFAULT_CATALOG = "catalog"


@dataclass
class State:
    catalog: Catalog
    renderer: Renderer
    site_url: str
    base: str  # the site's path prefix ('/' or '/docs/')
    # Finished HTML (entry bodies, derived tables) kept out of Markdown, per build.
    deferred: Deferred = field(default_factory=Deferred)


def catalog_dir(config) -> Path:
    """`CATALOG_DIR` (default `catalog`), relative to the folder of mkdocs.yml."""
    root = Path(config["config_file_path"] or ".").resolve().parent
    return root / os.environ.get("CATALOG_DIR", DEFAULT_CATALOG)


_states: dict[int, State] = {}


def fail(failure: Failure) -> PluginError:
    """Log every finding, then give the one short error that stops the build (no traceback)."""
    for line in failure.lines:
        log.error(line)
    return PluginError(" ".join(x for x in (f"{failure.summary}; see above.", failure.advice) if x))


def state(config) -> State:
    """The catalog and its renderer, loaded once per catalog change (not per page)."""
    try:
        catalog = loader.load_cached(catalog_dir(config))
        locales.load(catalog)  # PO files, read once per change; the policy may fail the build
    except Failure as e:
        raise fail(e) from None
    st = _states.get(id(catalog))
    if st is None or st.catalog is not catalog:
        site_url = config.get("site_url") or ""
        st = State(catalog, Renderer(catalog, sections.for_catalog(catalog)), site_url,
                   permalinks.url_path(site_url) if site_url else "/")
        _states.clear()
        _states[id(catalog)] = st
    return st


def on_config(config):
    st = state(config)
    st.deferred.clear()
    run_gate(st.catalog)
    for line in locales.report(locales.load(st.catalog)):
        log.info(line)
    _check_lock(st)
    # Material prints site_name and nav titles as HTML: hand it escaped text, as
    # Markup so that its own `| e` in attributes does not escape it twice.
    config["site_name"] = html_text(f"{st.catalog.service} error reference")
    section = {"Errors": [{html_text(c.title): permalinks.page_src(c.id)} for c in st.catalog.categories]}
    nav = list(config["nav"] or [{"Overview": "index.md"}])
    nav.insert(1, section)
    config["nav"] = nav
    return config


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


def html_text(text: str) -> Markup:
    return Markup(escape(text))


def on_files(files: Files, config) -> Files:
    st = state(config)

    def slot(body: str) -> str:
        # Entry bodies skip Python-Markdown (see macros/render/deferred.py).
        token = st.deferred.defer(body)
        return compact(body) if token is body else token + "\n"

    for c in st.catalog.categories:
        src = permalinks.page_src(c.id)
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} exists, but category pages are generated: remove or rename it")
        files.append(File.generated(config, src, content=st.renderer.category_page(c, slot)))
    _check_page_paths(st, files)
    return files


def _check_lock(st: State) -> None:
    """Every permalink in the catalog's permalinks.lock must still land on its entry."""
    try:
        lock.verify(st.catalog)
    except Failure as e:
        raise fail(e) from None


def on_template_context(context, template_name, config):
    """Give the 404 page what it needs to recognise an unknown /errors/<code>."""
    if template_name == "404.html":
        st = state(config)
        pl = st.catalog.permalinks
        # The path prefixes under which a permalink lives (type URL paths are host-absolute).
        prefixes = [st.base + pl.errors_path.lstrip("/")]
        prefixes += [permalinks.url_path(u) for u in (pl.type_base, pl.documentation_base) if u]
        context["error_catalog"] = {"prefixes": sorted(set(prefixes)), "service": st.catalog.service}
    return context


def _check_page_paths(st: State, files: Files) -> None:
    """A permalink path must never be a real page, or one would shadow the other."""
    pages = {f.url.rstrip("/").lower(): f.src_uri for f in files if f.url}
    problems = []
    for path, entry in permalinks.permalink_map(st.catalog).items():
        src = pages.get(path.strip("/").lower())
        if src:
            problems.append(f"{entry.file}:{entry.line}: code [{entry.code}]: permalink {path} "
                            f"is also the page docs/{src}")
    if problems:
        raise fail(Failure(problems, f"{len(problems)} permalink(s) collide with pages"))


_HEADERLINK = re.compile(r'<a class="headerlink" href="#([a-z0-9-]+)"')


def on_page_content(html: str, page, config, files) -> str:
    """Put deferred HTML back in place of its tokens; point each entry's permalink
    icon at /errors/<code>, the URL to share."""
    st = state(config)
    cid = _category_of(page)
    if cid is None:
        return st.deferred.swap(html)
    by_anchor = {e.anchor: e for e in st.catalog.entries_in(cid)}
    here = permalinks.page_path(cid)

    def link(m: re.Match) -> str:
        e = by_anchor.get(m.group(1))
        if e is None:
            return m.group(0)
        if st.site_url:
            url = permalinks.permalink_url(st.catalog, e, st.site_url)
        else:
            url = os.path.relpath(permalinks.permalink_url(st.catalog, e).lstrip("/"), here)
        return f'<a class="headerlink" href="{url}"'

    return st.deferred.swap(_HEADERLINK.sub(link, html))


_serving = False
_served = redirects.ServedRules()


def on_startup(command, dirty) -> None:
    global _serving
    _serving = command == "serve"  # `mkdocs serve --clean` says "build": it gets fallback pages


def on_serve(server, config, builder):
    """`mkdocs serve` rebuilds when a catalog file changes (it only watches docs/),
    and answers each permalink with a redirect, as Netlify does with `_redirects`."""
    server.watch(str(catalog_dir(config)))
    server.set_app(redirects.serve_app(server.get_app(), _served))
    return server


def on_post_build(config) -> None:
    st = state(config)
    hosts = (os.environ.get("REDIRECTS_FOR", "netlify").strip().lower() or "netlify",)
    if hosts[0] not in redirects.HOSTS:
        raise PluginError(f"REDIRECTS_FOR={hosts[0]!r} is not supported; use one of {', '.join(redirects.HOSTS)}")
    ctx = BuildContext(st.catalog, st.site_url, hosts, _serving)
    try:
        write_all(ctx, Path(config["site_dir"]))
    except Failure as e:
        raise fail(e) from None
    if _serving:
        _served.update(st.catalog, st.base)


def _category_of(page) -> str | None:
    src = page.file.src_uri
    prefix = permalinks.PAGES_DIR + "/"
    if page.file.generated_by and src.startswith(prefix) and src.endswith(".md"):
        return src[len(prefix):-3]
    return None
