"""The checks a build runs before it writes anything, and how a failure is reported:
every finding logged, then one short `PluginError` (no traceback)."""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from ..core import gate, imported, locales, lock
from ..core.context import BuildContext
from ..core.model import Catalog
from ..core.problems import Failure

log = logging.getLogger("mkdocs.plugins.error_catalog")


def fail(failure: Failure) -> PluginError:
    """Log every finding, then give the one short error that stops the build (no traceback)."""
    for line in failure.lines:
        log.error(line)
    return PluginError(" ".join(x for x in (f"{failure.summary}; see above.", failure.advice) if x))


@contextmanager
def reported() -> Iterator[None]:
    """A `Failure` inside becomes `fail(failure)`."""
    try:
        yield
    except Failure as e:
        raise fail(e) from None


def check(ctx: BuildContext, allowed_roots: Sequence[str] = ()) -> None:
    """Once per build: the emitted-code gate (its sources may also read `allowed_roots`),
    the translations' state, the permalink lock."""
    run_gate(ctx.catalog, ctx.translations, allowed_roots)
    for line in locales.report(ctx.translations):
        log.info(line)
    with reported():
        lock.verify(ctx.catalog, ctx.permalink_map())


def run_gate(catalog: Catalog, translations: locales.Translations, allowed_roots: Sequence[str] = ()) -> None:
    """The emitted-code gate: undocumented codes fail it.

    Entries never emitted, and entries not yet explained, are warnings, so
    `mkdocs build --strict` fails on them while `mkdocs serve` keeps going.
    """
    found = gate.check(catalog, translations, allowed_roots)
    for p in found.unused + imported.unexplained(catalog):
        log.warning(str(p))
    with reported():
        found.raise_errors("Nothing was built.")
    if catalog.emitted:
        log.info(f"emitted-code gate: {found.summary()}")


def note_site_url(site_url: str) -> None:
    """Say once what a build without `site_url` assumes."""
    if not site_url:
        log.info("site_url is not set: redirect rules and the 404 page assume the site is served at the "
                 "root of its host. A site served under a path (GitHub Pages project sites: "
                 "https://<user>.github.io/<repo>/) must set site_url, or its permalinks and 404 page break.")
