"""`mkdocs serve` rebuilds when a catalog entry is edited, and serves the edit."""
from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    # mkdocs serve does not report the port it got for port 0: take a free one.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _head(url: str) -> tuple[int, str]:
    """Status and Location of a request, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path)
        r = conn.getresponse()
        r.read()
        return r.status, r.getheader("Location") or ""
    finally:
        conn.close()


def _wait_for(url: str, text: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else "mkdocs serve exited"
        page = _get(url)
        if page is not None and text in page:
            return
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not served at {url} within {timeout:.0f} s")


@contextlib.contextmanager
def _serving(catalog: Path, port: int, *options: str):
    """`mkdocs serve` of this repository's site with `catalog`, stopped (its whole group) after."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "CATALOG_DIR": str(catalog), "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.slow
def test_editing_an_entry_rebuilds_the_served_site(tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", catalog)
    entries = catalog / "errors" / "auth.yaml"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/reference/auth/"
    with _serving(catalog, port) as proc:
        text = entries.read_text(encoding="utf-8")
        first_title = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                           if line.strip().startswith("title:"))
        _wait_for(url, first_title, proc)
        # Permalinks are answered by the dev server, like _redirects on Netlify.
        for path in ("/errors/token/expired", "/errors/1001/", "/errors/expired_token", "/errors/validation_error"):
            status, location = _head(f"http://127.0.0.1:{port}{path}")
            assert status == 301 and location.startswith("/reference/auth/#"), (path, status, location)
        assert _head(f"http://127.0.0.1:{port}/errors/no-such-code")[0] == 404
        time.sleep(1.0)  # let the watcher take its first look at the files
        entries.write_text(text.replace(first_title, "Edited while serving", 1), encoding="utf-8")
        _wait_for(url, "Edited while serving", proc)


@pytest.mark.slow
def test_serve_without_live_reload_answers_permalinks_by_fallback_page(tmp_path):
    """`mkdocs serve --no-livereload` runs no on_serve, so no redirect middleware: the
    build it serves has a fallback page at every permalink instead."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", catalog)
    port = _free_port()
    with _serving(catalog, port, "--no-livereload") as proc:
        _wait_for(f"http://127.0.0.1:{port}/reference/auth/", "Token has expired", proc)
        for path in ("/errors/token/expired", "/errors/1001/", "/errors/EXPIRED_TOKEN"):
            page = _get(f"http://127.0.0.1:{port}{path}")
            assert page is not None and 'data-target="reference/auth/#token-expired"' in page, path
