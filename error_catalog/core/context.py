"""What the layers below the plugin are told about one build.

The plugin makes one `BuildContext` per build from its config and MkDocs'
and passes it down to the output writers; nothing below the plugin reads
MkDocs' config, the environment or the plugin itself.

`Readings` holds what a build derives from a catalog beyond the model's own
indexes (its translations, its permalink map per base path), each computed
once and handed down: the core functions that compute them keep nothing, and
nothing is set on the `Catalog`.
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import locales, permalinks
from .model import Catalog, Entry


class Readings:
    """One catalog's translations and permalink maps, each computed on first use.

    Kept by whoever owns the build: a `BuildContext` makes its own, and the
    plugin's session keeps one per reading of the catalog folder, so a
    `mkdocs serve` rebuild with no catalog edit computes neither again.
    """

    def __init__(self, catalog: Catalog, read: locales.ReadPo | None = None) -> None:
        self.catalog = catalog
        self._read = read  # how a PO file is read (`locales.load`'s `read`)
        self._maps: dict[str, Mapping[str, Entry]] = {}

    @cached_property
    def translations(self) -> locales.Translations:
        """`locales.load(catalog)`: raises `CatalogError` as it does."""
        return locales.load(self.catalog, read=self._read)

    def permalink_map(self, base: str = "/") -> Mapping[str, Entry]:
        """`permalinks.permalink_map(catalog, base)`."""
        found = self._maps.get(base)
        if found is None:
            found = self._maps[base] = permalinks.permalink_map(self.catalog, base)
        return found


@dataclass(frozen=True)
class Sources:
    """What a site loads from other origins, per Content-Security-Policy directive
    (origins such as 'https://fonts.gstatic.com'), as its config says."""
    script: tuple[str, ...] = ()
    style: tuple[str, ...] = ()
    font: tuple[str, ...] = ()
    img: tuple[str, ...] = ()
    connect: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildContext:
    catalog: Catalog
    site_url: str = ""  # the site's public URL, '' when not configured
    # Hosts whose rules file to write (outputs.redirects.HOST_FILES), in config order.
    redirect_hosts: tuple[str, ...] = ("netlify",)
    # Under `mkdocs serve` the dev server answers permalinks (no fallback pages).
    serving: bool = False
    # Fallback pages: 'auto' where no rule of the build lands a path, 'always', 'never'.
    fallback_pages: str = "always"
    # Entries per page before a category is split (the plugin's `page_size`).
    page_size: int = permalinks.PAGE_SIZE
    # MkDocs' `use_directory_urls`: which URL every generated page has.
    directory_urls: bool = True
    # `security_headers: true`: `_headers` with a policy allowing these; None: no `_headers`.
    security: Sources | None = None
    # The catalog's translations and permalink maps; made here when the caller has none.
    readings: Readings | None = field(default=None, compare=False, repr=False)
    # Texts derived from the catalog's prose (search documents), kept by the caller
    # between builds (`mkdocs serve`) and keyed by their source text; None: none kept.
    kept: MutableMapping[tuple, Any] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.readings is None:
            object.__setattr__(self, "readings", Readings(self.catalog))  # frozen: set once, here

    @property
    def translations(self) -> locales.Translations:
        return self.readings.translations

    def permalink_map(self, base: str = "/") -> Mapping[str, Entry]:
        return self.readings.permalink_map(base)

    @cached_property
    def layout(self) -> permalinks.Layout:
        """Which page holds each entry's section, for this build."""
        return permalinks.layout(self.catalog, self.page_size, self.directory_urls)

    @property
    def base(self) -> str:
        """The site's path prefix ('/' or '/docs/'), from `site_url`."""
        return permalinks.url_path(self.site_url) if self.site_url else "/"
