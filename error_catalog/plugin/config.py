"""The plugin's options in `mkdocs.yml`, validated by MkDocs before the build.

    plugins:
      - error-catalog:
          catalog: catalog          # the catalog folder, relative to mkdocs.yml
          redirects: [netlify]      # hosts to write redirect rules for
          fallback_pages: auto      # auto | always | never
          translation_status: reference/translations.md   # or false

A wrong value stops MkDocs with `Config value 'plugins' ... 'redirects': ...`,
before anything is read or built.
"""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..core import permalinks
from ..core.context import BuildContext, Readings, Sources
from ..outputs.redirects import FALLBACK_CHOICES, HOST_FILES


class Hosts(c.ListOfItems):
    """A list of redirect hosts; one name alone (as `!ENV` gives it) counts as a list of one."""

    def __init__(self, default: list[str]):
        super().__init__(c.Choice(tuple(HOST_FILES)), default=default)

    def run_validation(self, value: object) -> list[str]:
        if isinstance(value, str):
            value = [part.strip().lower() for part in value.split(",") if part.strip()]
        hosts = super().run_validation(value)
        by_file: dict[str, str] = {}
        for host in hosts:
            other = by_file.setdefault(HOST_FILES[host], host)
            if other != host:
                raise ValidationError(f"'{other}' and '{host}' both write {HOST_FILES[host]}; choose one "
                                      "(one deploy serves one host)")
        return list(dict.fromkeys(hosts))


class PagePath(c.Type):
    """A page of the site as a path under docs_dir ('reference/index.md'); `false` for none."""

    def __init__(self, default: str | bool, optional: bool = True):
        super().__init__((str, bool), default=default)
        self.optional = optional

    def run_validation(self, value: object) -> str | bool:
        value = super().run_validation(value)
        if value is True:
            raise ValidationError("expected a page path such as 'reference/index.md', or false")
        if value is False:
            if not self.optional:
                raise ValidationError("expected a page path such as 'reference/index.md'")
            return False
        path = value.strip().replace("\\", "/")
        if not path.endswith(".md") or path.startswith("/") or ".." in path.split("/"):
            raise ValidationError(f"expected a Markdown page under docs_dir such as 'reference/index.md', "
                                  f"not {value!r}")
        return path


class PageSize(c.Type):
    """A count of entries: an integer, or its decimal text (as `!ENV` gives it); 0 or more."""

    def __init__(self, default: int):
        super().__init__((int, str), default=default)

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if isinstance(value, bool) or (isinstance(value, str) and not value.strip().isdecimal()):
            raise ValidationError(f"expected a whole number of entries (0 never splits), not {value!r}")
        value = int(value)
        if value < 0:
            raise ValidationError(f"expected a whole number of entries (0 never splits), not {value}")
        return value


class ErrorCatalogConfig(Config):
    catalog = c.Dir(exists=True, default="catalog")
    """The catalog folder (catalog.yaml, errors/, locales/), relative to mkdocs.yml."""

    redirects = Hosts(default=["netlify"])
    """Hosts to write rules for: netlify, cloudflare, gitlab (`_redirects`), nginx
    (`nginx-redirects.conf`, to include in a server block), vercel (`vercel.json`);
    `[]` for hosts without server rules (GitHub Pages, S3). Not set: Netlify's
    `_redirects` and a fallback page at every path, so any static host lands them."""

    fallback_pages = c.Choice(FALLBACK_CHOICES, default="auto")
    """auto: with `redirects` not set, a fallback page at every permalink path (the
    one-line setup lands on any static host); with hosts named, only at paths that
    some host of the build has no rule for (GitLab's files would shadow its rules);
    always: at every path; never: none."""

    security_headers = c.Type(bool, default=False)
    """Write `_headers` (Netlify, Cloudflare Pages) with a Content-Security-Policy and
    other security headers for the whole site, allowing what its config loads from
    other origins (Material's fonts, analytics, extra_javascript/extra_css URLs).
    Off by default: those headers would apply to the site's own pages too."""

    overview = PagePath(default=f"{permalinks.PAGES_DIR}/index.md", optional=False)
    """The overview page (categories, A-Z of codes, HTTP statuses). The plugin writes it
    unless the site has its own page there (which may call the macros)."""

    translation_status = PagePath(default=f"{permalinks.PAGES_DIR}/translations.md")
    """The translation status page (with two or more locales), the site's own or written
    by the plugin; `false` for none."""

    site_name_from_catalog = c.Type(bool, default=False)
    """Name the site "<service> error reference" after the catalog (a site of its own);
    false leaves `site_name` as the site set it."""

    page_size = PageSize(default=permalinks.PAGE_SIZE)
    """The most entries on one page: a longer category is split into pages of this
    many (by number range, else alphabetically), listed on the category page; 0 never splits."""

    nav_title = c.Type(str, default="Errors")
    """The title of the navigation section that holds the generated pages."""

    allowed_roots = c.ListOfItems(c.Dir(exists=True), default=[])
    """Folders outside the catalog's repository that `emitted:` sources may read (a
    service checked out beside the docs), relative to mkdocs.yml. Sources anywhere
    else outside the repository stay refused."""

    pages_only_for = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    """Pages (paths or folders under docs_dir) that belong to one catalog's site only:
    `{catalog folder: [paths]}`. Building any other catalog leaves them out of the
    pages, the navigation and the search index (this repository's guide)."""


def build_context(options: ErrorCatalogConfig, readings: Readings, site_url: str, directory_urls: bool,
                  hosts_named: bool, serving: bool = False, security: Sources | None = None,
                  kept: dict | None = None) -> BuildContext:
    """What the layers below are told about one build from the plugin's `options`, for
    the plugin's `on_config` and the build without MkDocs (`hosts_named`: the site's
    config names `redirects`; `kept`: the serve session's store, `Session.kept`)."""
    fallback = options.fallback_pages
    if fallback == "auto" and not hosts_named:
        fallback = "always"  # the one-line setup: Netlify's rules, and a page for every other host
    return BuildContext(readings.catalog, site_url or "", tuple(options.redirects), serving, fallback,
                        options.page_size, directory_urls, security if options.security_headers else None, readings,
                        kept)
