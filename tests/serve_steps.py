"""Rebuild a site the way `mkdocs serve` does, in one process, over several versions
of a catalog: `python tests/serve_steps.py SITE LIVE STEP...`, where each STEP is
`<catalog folder>:<page size>`. Each step's files replace LIVE's, then the site is
rebuilt into SITE like a serve rebuild (plugins kept, config reloaded, same folder)
and copied to SITE.<n> (n = 1, 2, ...).

tests/test_serve_incremental.py compares each step's site with a fresh one.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(site: str, live: str, *steps: str) -> None:
    os.environ.update(NO_MKDOCS_2_WARNING="1", CATALOG_DIR=live)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url = "http://127.0.0.1:8000/"
    started = False
    for n, step in enumerate(steps, 1):
        folder, page_size = step.rsplit(":", 1)
        if os.path.isdir(live):
            shutil.rmtree(live)
        shutil.copytree(folder, live)
        os.environ["PAGE_SIZE"] = page_size
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=site)
        config.site_url = serve_url
        if not started:  # once per serve session, as MkDocs does
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        build(config, serve_url=serve_url)
        if n == 1:  # after the first build, as MkDocs does (with live reload, its default)
            config.plugins.on_serve(_Server(), config=config, builder=None)
        shutil.copytree(site, f"{site}.{n}")


class _Server:
    """What on_serve is handed: a server to watch paths and wrap the WSGI app of."""

    def watch(self, path: str) -> None:
        pass

    def get_app(self):
        return None

    def set_app(self, app) -> None:
        pass


if __name__ == "__main__":
    main(*sys.argv[1:])
