"""Screenshots of a built site for review in pull requests: desktop (1366 px) and
phone (390 px), light and dark, of the overview, the largest category page, one
landed section and the 404 page with a misspelt code. No pixel comparison: they
are for people to look at.

    python bench/screenshots.py                       # builds catalog/ into a temp folder
    python bench/screenshots.py --catalog examples/copilot --out /tmp/shots
    python bench/screenshots.py --site /tmp/site      # an already built site

Uses Debian's Chromium (/usr/bin/chromium) through Playwright, offline; the site
is served on 127.0.0.1 for the run only.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from error_catalog.core import permalinks  # noqa: E402
from error_catalog.core.loader import load_catalog  # noqa: E402

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
SCHEMES = {"light": "default", "dark": "slate"}  # Material's palette names


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        # Static hosts answer a missing path with 404.html: so does this one.
        path = Path(self.translate_path(self.path))
        if not path.exists() and not path.with_suffix(".html").exists():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


def build(catalog: Path, out: Path) -> None:
    env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True)


def targets(catalog_dir: Path) -> list[tuple[str, str]]:
    catalog = load_catalog(catalog_dir)
    largest = max(catalog.categories, key=lambda c: len(catalog.entries_in(c.id)))
    entry = catalog.entries_in(largest.id)[0]
    typo = entry.code[:-1] if len(entry.code) > 3 else entry.code + "x"
    return [("overview", "/"), ("category", f"/{permalinks.page_path(largest.id)}"),
            ("landed", f"/{permalinks.page_path(entry.category)}#{entry.anchor}"),
            ("404", catalog.permalinks.errors_path.rstrip("/") + "/" + typo)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--catalog", type=Path, default=ROOT / "catalog")
    ap.add_argument("--site", type=Path, help="an already built site of --catalog")
    ap.add_argument("--out", type=Path, default=Path("screenshots"))
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(args.catalog.resolve(), site)
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        args.out.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=["--no-sandbox", "--disable-background-networking",
                                                  "--disable-component-update", "--no-first-run"])
                for vp, (w, h) in VIEWPORTS.items():
                    for scheme, palette in SCHEMES.items():
                        ctx = browser.new_context(viewport={"width": w, "height": h},
                                                  color_scheme="dark" if scheme == "dark" else "light")
                        page = ctx.new_page()
                        for name, path in targets(args.catalog):
                            page.goto(base + path)
                            page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", palette)
                            page.wait_for_timeout(200)
                            shot = args.out / f"{name}-{vp}-{scheme}.png"
                            page.screenshot(path=str(shot), full_page=name != "category")
                            print(shot)
                        ctx.close()
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
