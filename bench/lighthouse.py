"""Lighthouse scores (mobile preset, Lighthouse 12.2.3 from .ci/lighthouse) of the
home page and the largest category page, for this repository's site and a
1,000-code synthetic catalog (bench/synth.py). Prints a Markdown table; the
median of --runs runs per page. The three deterministic scores are also a test
(tests/test_lighthouse.py); performance depends on the machine. Pages are served
gzip-compressed, as static hosts serve them.

    npm ci --prefix .ci/lighthouse --ignore-scripts
    python bench/lighthouse.py [--runs 3] [--codes 1000]
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from error_catalog.core import permalinks  # noqa: E402
from error_catalog.core.loader import load_catalog  # noqa: E402

LIGHTHOUSE = ROOT / ".ci" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless --no-sandbox --disable-background-networking --disable-component-update --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# Text is sent gzip-compressed, as Netlify, Cloudflare, GitHub Pages and a stock nginx
# (gzip on) send it: an uncompressed local server would time a download no host makes.
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _Handler(http.server.SimpleHTTPRequestHandler):
    _gz: dict[str, bytes] = {}  # compressed once per file and run

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the address with a slash
            path = os.path.join(path, "index.html")
        if (not path.endswith(_COMPRESSED) or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = self._gz.get(path)
        if body is None:
            with open(path, "rb") as f:
                body = self._gz[path] = gzip.compress(f.read(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(catalog: Path, out: Path) -> None:
    env = {**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True)


NOTES: list[str] = []  # why a category had no score, printed after the table


def scores(url: str, out: Path) -> dict[str, int | None]:
    report = out / "report.json"
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={FLAGS}"],
                   env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    got = {k: (None if data["categories"][k]["score"] is None else round(data["categories"][k]["score"] * 100))
           for k in CATEGORIES}
    if None in got.values():  # Lighthouse could not score it: say why (an audit's error)
        errors = sorted({a["errorMessage"][:160] for a in data["audits"].values() if a.get("errorMessage")})
        NOTES.append(f"{url}: no score for {', '.join(k for k, v in got.items() if v is None)}: "
                     + ("; ".join(errors) or (data.get("runtimeError") or {}).get("message", "no reason given")))
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--codes", type=int, default=1000)
    args = ap.parse_args(argv)
    import synth

    print("| site | page | " + " | ".join(CATEGORIES) + " |")
    print("|---|---|" + "---|" * len(CATEGORIES))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        synth.write_catalog(tmp / "synth", args.codes)
        for name, catalog_dir in (("this repository", ROOT / "catalog"), (f"synthetic {args.codes} codes", tmp / "synth")):
            site = tmp / ("site-" + str(abs(hash(name))))
            build(catalog_dir, site)
            catalog = load_catalog(catalog_dir)
            largest = max(catalog.categories, key=lambda c: len(catalog.entries_in(c.id)))
            httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                    functools.partial(_Handler, directory=str(site)))
            threading.Thread(target=httpd.serve_forever, daemon=True).start()
            try:
                for page, path in (("home", "/"), (f"largest category ({len(catalog.entries_in(largest.id))} codes)",
                                                   "/" + permalinks.page_path(largest.id))):
                    runs = [scores(f"http://127.0.0.1:{httpd.server_address[1]}{path}", tmp) for _ in range(args.runs)]
                    med = {k: statistics.median(v) if (v := [r[k] for r in runs if r[k] is not None]) else None
                           for k in CATEGORIES}
                    print(f"| {name} | {page} | " + " | ".join("n/a" if med[k] is None else f"{med[k]:g}"
                                                               for k in CATEGORIES) + " |", flush=True)
            finally:
                httpd.shutdown()
                httpd.server_close()
    for note in NOTES:
        print("- " + note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
