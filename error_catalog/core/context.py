"""What the layers below the plugin are told about one build.

The plugin makes one `BuildContext` per build from its config and MkDocs'
and passes it down to the output writers; nothing below the plugin reads
MkDocs' config, the environment or the plugin itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from . import permalinks
from .model import Catalog


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

    @cached_property
    def layout(self) -> permalinks.Layout:
        """Which page holds each entry's section, for this build."""
        return permalinks.layout(self.catalog, self.page_size, self.directory_urls)

    @property
    def base(self) -> str:
        """The site's path prefix ('/' or '/docs/'), from `site_url`."""
        return permalinks.url_path(self.site_url) if self.site_url else "/"
