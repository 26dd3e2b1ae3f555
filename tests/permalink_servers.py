"""Real servers for the permalink tests, and the catalogs they cover.

- `StaticServer`: a plain static file server (no redirect rules), like GitHub
  Pages or S3: directories get their trailing slash by a 301, a missing path
  gets 404.html with status 404, and responses carry the headers netlify.toml
  gives their path (so Chromium enforces the site's real CSP and caching).
- `NginxServer`: Debian's nginx with a config generated from the `_redirects`
  file the build wrote, applying its rules the way Netlify does (one rule
  matches a path with and without its trailing slash; forced rules fire over
  existing files, unforced ones only where no file exists).

Both bind 127.0.0.1 on an ephemeral port and are stopped by the test.
"""
from __future__ import annotations

import fnmatch
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import tomllib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def catalogs() -> list[Path]:
    """The site's own catalog, the permalink fixture and every examples/*/ catalog."""
    found = [ROOT / "catalog", FIXTURES / "permalinks"]
    found += sorted(p.parent for p in (ROOT / "examples").glob("*/catalog.yaml"))
    return found


def catalog_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def site_headers() -> list[tuple[str, dict[str, str]]]:
    """netlify.toml's header rules: (path pattern, headers), in file order."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return [(h["for"], h["values"]) for h in config["headers"]]


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """The headers of every rule whose pattern matches `path` ('*' matches anything)."""
    out: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern):
            out.update(values)
    return out


# -- _redirects ----------------------------------------------------------------------

@dataclass(frozen=True)
class RedirectRule:
    source: str
    target: str
    status: int
    forced: bool
    line: int


def parse_redirects(text: str) -> list[RedirectRule]:
    """Static rules of a `_redirects` file, read the way Netlify reads them."""
    rules = []
    for n, line in enumerate(text.splitlines(), 1):
        tokens = line.split()
        # A token that starts with '#' begins a comment, at the start or after whitespace.
        cut = next((i for i, t in enumerate(tokens) if t.startswith("#")), len(tokens))
        tokens = tokens[:cut]
        if not tokens:
            continue
        if len(tokens) != 3:
            raise ValueError(f"_redirects:{n}: expected 'from to status', got {line!r}")
        source, target, status = tokens
        rules.append(RedirectRule(source, target, int(status.rstrip("!")), status.endswith("!"), n))
    return rules


# -- servers --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NotFoundPage:
    """Answer a missing path with the site's 404.html and status 404, as static hosts do."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _StaticHandler(NotFoundPage, http.server.SimpleHTTPRequestHandler):
    header_rules: list[tuple[str, dict[str, str]]] = []
    prefix = "/"
    protocol_version = "HTTP/1.1"  # keep-alive, as real static hosts do

    def translate_path(self, path):
        # Serve the site under `prefix` (e.g. a GitHub Pages project site at /repo/).
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "__outside_prefix__", "missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def end_headers(self):
        path = "/" + self.path.split("?")[0][len(self.prefix):]
        for k, v in headers_for(self.header_rules, path).items():
            self.send_header(k, v)
        super().end_headers()

    def log_message(self, *args):
        pass


class StaticServer:
    def __init__(self, site: Path, prefix: str = "/", headers: list[tuple[str, dict[str, str]]] | None = None):
        handler = type("Handler", (_StaticHandler,), {"header_rules": headers or [], "prefix": prefix})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _q(text: str) -> str:
    if any(c in text for c in '"\\\n'):
        raise ValueError(f"cannot quote {text!r} for nginx")
    return f'"{text}"'


def nginx_config(site: Path, tmp: Path, port: int, rules: list[RedirectRule]) -> str:
    """An nginx config that serves `site` and applies `rules` as Netlify does."""
    locations, seen = [], set()
    for i, r in enumerate(rules):
        sources = [r.source] if r.source.endswith("/") else [r.source, r.source + "/"]
        for s in sources:
            if s in seen:
                continue  # the first rule that matches a path wins
            seen.add(s)
            if r.forced:
                locations.append(f"    location = {_q(s)} {{ return {r.status} {_q(r.target)}; }}")
            else:  # unforced: a file at the path wins
                locations.append(f"    location = {_q(s)} {{ try_files $uri $uri/index.html @rule{i}; }}")
        if not r.forced:
            locations.append(f"    location @rule{i} {{ return {r.status} {_q(r.target)}; }}")
    temp = "\n".join(f"  {k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
{temp}
  types {{
    text/html html; text/css css; application/javascript js; application/json json;
    image/svg+xml svg; image/png png; application/xml xml; application/gzip gz; text/plain txt;
  }}
  default_type application/octet-stream;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    # Location as the rule writes it (path + #fragment), as Netlify sends it.
    absolute_redirect off;
    error_page 404 /404.html;
{chr(10).join(locations)}
  }}
}}
"""


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


class NginxServer:
    """nginx serving `site` with the rules of `site/_redirects`."""

    def __init__(self, site: Path, tmp: Path):
        if NGINX is None:
            raise RuntimeError("nginx is not installed: the _redirects test serves the site with "
                               "Debian's nginx (apt-get install nginx; .ci/run installs it)")
        self.site, self.tmp = site, tmp
        self.rules = parse_redirects((site / "_redirects").read_text(encoding="utf-8"))
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> NginxServer:
        for _attempt in range(5):
            self.port = free_port()
            conf = self.tmp / "nginx.conf"
            conf.write_text(nginx_config(self.site, self.tmp, self.port, self.rules), encoding="utf-8")
            self.proc = subprocess.Popen([NGINX, "-e", str(self.tmp / "error.log"), "-p", str(self.tmp),
                                          "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_ready():
                self.base = f"http://127.0.0.1:{self.port}"
                return self
            self.proc.kill()
            self.proc.wait()
            log = (self.tmp / "error.log").read_text(errors="replace") if (self.tmp / "error.log").exists() else ""
            if "Address already in use" not in log:
                break  # a port taken meanwhile is worth another try; nothing else is
        raise RuntimeError(f"nginx did not start:\n{log}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False  # e.g. the port was taken meanwhile: try another
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def fetch(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed: (status, headers, body)."""
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()
