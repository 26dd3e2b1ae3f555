"""Real servers for the permalink tests, and the catalogs they cover.

- `StaticServer`: a plain static file server (no redirect rules), like GitHub
  Pages or S3: directories get their trailing slash by a 301, a missing path
  gets 404.html with status 404, and responses carry the headers netlify.toml
  gives their path (so Chromium enforces the site's real CSP and caching).
- `NginxServer`: Debian's nginx with a config generated from the `_redirects`
  file the build wrote, applying its rules the way Netlify does (one rule
  matches a path with and without its trailing slash; forced rules fire over
  existing files, unforced ones only where no file exists).
- `NetlifyDev`, `WranglerPagesDev`: the hosts' own engines, `netlify dev` and
  `wrangler pages dev` from the npm registry (versions locked in .ci/npm,
  installed by `bash .ci/npm-tools`), serving a built site offline.

All bind 127.0.0.1 on an ephemeral port and are stopped by the test.
"""
from __future__ import annotations

import fnmatch
import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import tomllib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from error_catalog.core import permalinks

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


def nginx_config(site: Path, tmp: Path, port: int, rules: list[RedirectRule] | None = None,
                 include: Path | None = None) -> str:
    """An nginx config that serves `site` and applies `rules` as Netlify does, or
    (with `include`) a minimal server block that only includes that snippet."""
    locations, seen = [], set()
    rules = rules or []
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
    if include is None:
        # Location as the rule writes it (path + #fragment), as Netlify sends it.
        server = "    absolute_redirect off;\n    error_page 404 /404.html;\n" + "\n".join(locations)
    else:  # what a team writes: the site, its 404 page, the emitted snippet; nothing else
        server = f"    error_page 404 /404.html;\n    include {include};"
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
{server}
  }}
}}
"""


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


class NginxServer:
    """nginx serving `site` with the rules of `site/_redirects`, or (`snippet`) with
    only the nginx snippet the build wrote, included in a minimal server block."""

    def __init__(self, site: Path, tmp: Path, snippet: Path | None = None):
        if NGINX is None:
            raise RuntimeError("nginx is not installed: the _redirects test serves the site with "
                               "Debian's nginx (apt-get install nginx; .ci/run installs it)")
        self.site, self.tmp, self.snippet = site, tmp, snippet
        self.rules = [] if snippet else parse_redirects((site / "_redirects").read_text(encoding="utf-8"))
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> NginxServer:
        for _attempt in range(5):
            self.port = free_port()
            conf = self.tmp / "nginx.conf"
            conf.write_text(nginx_config(self.site, self.tmp, self.port, self.rules, self.snippet),
                            encoding="utf-8")
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


def assert_every_permalink_lands(base: str, pmap: dict, layout: permalinks.Layout) -> int:
    """Every path of `pmap` (a permalink map), with and without its trailing slash,
    answers one 301 whose Location is its entry's section on the page `layout` gives (fragment kept), and
    that page answers 200 with the anchor in it. Returns the requests made."""
    pages: dict[str, bytes] = {}
    for path, entry in pmap.items():
        target = layout.entry_target(entry)
        for asked in (path, path + "/"):
            status, headers, _ = fetch(base, asked)
            assert (status, headers.get("location")) == (301, target), asked
        page, _, anchor = target.partition("#")
        if page not in pages:
            status, _, pages[page] = fetch(base, page)
            assert status == 200, page  # one hop: the target is a page, not another redirect
        assert f'id="{anchor}"'.encode() in pages[page], target
    return 2 * len(pmap) + len(pages)


def fetch(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed: (status, headers, body)."""
    conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# -- the hosts' own engines (npm) ------------------------------------------------------

def host_engines_dir() -> Path:
    """The folder `.ci/npm-tools` installs the locked engines into (it alone decides)."""
    out = subprocess.run(["bash", str(ROOT / ".ci" / "npm-tools"), "--where"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def engine_bin(name: str) -> Path:
    """The engine's executable; without it, fail under CI (where .ci/run installs it), else skip."""
    exe = host_engines_dir() / "node_modules" / ".bin" / name
    if not (exe.exists() and shutil.which("node")):
        why = (f"{name} is not installed ({exe}): run `bash .ci/npm-tools` "
               "(needs Node.js >= 20.12 and npm; .ci/run does it)")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(why)
        pytest.skip(why)
    return exe


class NodeEngine:
    """A host's engine run by Node.js on `site`, on 127.0.0.1 with nothing reaching the network.

    Each run gets its own working, home, config and temp folders under `tmp`
    (state, logs, caches), every telemetry and update check off, and
    tests/loopback.cjs preloaded so that no server listens beyond 127.0.0.1.
    Started in its own process group, which is stopped whole (the engines
    spawn children: workerd, helpers).
    """

    name = "engine"
    startup_timeout = 180  # seconds; netlify dev takes ~30 s on a busy 2-core machine

    def __init__(self, site: Path, tmp: Path):
        self.exe = engine_bin(self.name)  # skips or fails before anything starts
        self.site, self.tmp = site, tmp
        self.proc: subprocess.Popen | None = None
        self.log = tmp / f"{self.name}.log"
        self.startup_seconds = 0.0

    def command(self, port: int) -> list[str]:
        raise NotImplementedError

    def prepare(self, env: dict[str, str]) -> None:
        """Seed the engine's own folders before it starts (nothing by default)."""

    def environment(self) -> dict[str, str]:
        home, config, temp = (self.tmp / d for d in ("home", "config", "temp"))
        for d in (home, config, temp):
            d.mkdir(parents=True, exist_ok=True)
        preload = f"--require {Path(__file__).with_name('loopback.cjs')}"
        return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(config),
                "XDG_CACHE_HOME": str(self.tmp / "cache"), "TMPDIR": str(temp),
                "NODE_OPTIONS": f"{os.environ.get('NODE_OPTIONS', '')} {preload}".strip(),
                "NO_UPDATE_NOTIFIER": "1", "npm_config_update_notifier": "false",
                "BROWSER": "none", "NO_COLOR": "1", "FORCE_COLOR": "0"}

    def __enter__(self):
        env = self.environment()
        self.prepare(env)
        work = self.tmp / "work"
        work.mkdir(exist_ok=True)
        started = time.monotonic()
        for _attempt in range(3):
            self.port = free_port()
            self.base = f"http://127.0.0.1:{self.port}"
            with open(self.log, "wb") as log:
                self.proc = subprocess.Popen(self.command(self.port), cwd=work, env=env, stdin=subprocess.DEVNULL,
                                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            if self._wait_ready(started + self.startup_timeout):
                self.startup_seconds = time.monotonic() - started
                return self
            self._stop()
            text = self.log.read_text(errors="replace")
            if "EADDRINUSE" not in text and "Address already in use" not in text:
                break  # a port taken meanwhile is worth another try; nothing else is
        raise RuntimeError(f"{self.name} did not answer on {self.base} within "
                           f"{self.startup_timeout} s:\n{text[-4000:]}")

    def _wait_ready(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                if fetch(self.base, "/")[0] == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    def _stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # children left in the group after the leader exited (workerd, helpers)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __exit__(self, *exc) -> None:
        self._stop()


class NetlifyDev(NodeEngine):
    """Netlify's own redirect engine: `netlify dev --offline` serving the built site
    and its `_redirects`, nothing else (no netlify.toml: the site folder alone).

    Telemetry: netlify-cli 26 reads no environment variable for it (only
    NETLIFY_TELEMETRY_DISABLED for its build step), so its own config file turns it off.
    """

    name = "netlify"

    def command(self, port: int) -> list[str]:
        return [str(self.exe), "dev", "--offline", "--internal-disable-edge-functions",
                "--no-open", "--skip-gitignore", "--dir", str(self.site), "--port", str(port)]

    def prepare(self, env: dict[str, str]) -> None:
        env["NETLIFY_TELEMETRY_DISABLED"] = "1"
        config = Path(env["XDG_CONFIG_HOME"]) / "netlify"
        config.mkdir(parents=True, exist_ok=True)
        (config / "config.json").write_text(json.dumps({"telemetryDisabled": True}), encoding="utf-8")


class WranglerPagesDev(NodeEngine):
    """Cloudflare's own engine: `wrangler pages dev` (workerd, shipped in the npm
    package) serving the site built with REDIRECTS_FOR=cloudflare.

    Offline: metrics and error reports off by their variables; its update check
    finds a fresh answer in its cache (update-check's file in TMPDIR); NODE_ENV=test
    makes miniflare use its built-in `Request.cf` instead of fetching one.
    """

    name = "wrangler"
    # workerd 1.20250718 (wrangler 3.114.17) supports dates up to its own; a fixed
    # date keeps the run the same every day and the log free of fallback warnings.
    compatibility_date = "2025-07-18"

    def command(self, port: int) -> list[str]:
        return [str(self.exe), "pages", "dev", str(self.site), "--ip", "127.0.0.1",
                "--port", str(port), "--inspector-port", str(free_port()),
                "--compatibility-date", self.compatibility_date, "--log-level", "log"]

    def prepare(self, env: dict[str, str]) -> None:
        env.update(WRANGLER_SEND_METRICS="false", WRANGLER_SEND_ERROR_REPORTS="false", NODE_ENV="test")
        version = json.loads((host_engines_dir() / "node_modules" / "wrangler" / "package.json")
                             .read_text(encoding="utf-8"))["version"]
        cache = Path(env["TMPDIR"]) / "update-check"
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "wrangler-latest.json").write_text(
            json.dumps({"latest": version, "lastUpdate": int(time.time() * 1000)}), encoding="utf-8")
