"""Serve a built site on 127.0.0.1 and visit its pages in headless Chromium.

`serve(site, headers)` runs a tiny static server (ephemeral port, stopped on
exit) that answers like a static host: `dir/` -> `dir/index.html`, unknown
paths -> `404.html` with status 404, plus the response headers `headers(path)`
returns (those of netlify.toml in the security-headers test).

`Visitor` loads pages (in the session's Chromium, the `browser` fixture of
conftest.py) and records what a person would never see on a healthy site:
dialogs, page errors, console errors, CSP violations and script left in the
DOM after the page's own scripts ran.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from permalink_servers import NotFoundPage

Headers = Callable[[str], dict[str, str]]


class _Handler(NotFoundPage, http.server.SimpleHTTPRequestHandler):
    extra: Headers = staticmethod(lambda path: {})

    def end_headers(self) -> None:
        for name, value in self.extra(self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextlib.contextmanager
def serve(site: Path, headers: Headers | None = None) -> Iterator[str]:
    """Serve `site`; yield its base URL ('http://127.0.0.1:<port>/')."""
    handler = type("Handler", (_Handler,), {"extra": staticmethod(headers or (lambda path: {}))})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page_urls(site: Path) -> list[str]:
    """Every HTML file of a built site as a site-relative URL path ('reference/auth/')."""
    out = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


# Collected inside the page, before any of its scripts run.
_WATCH = """
window.__seen = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__seen.push('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'));
});
"""

# After load: any event handler or script URL the DOM holds, whoever put it there.
_DOM_CHECK = """
() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\u0000-\\u0020\\u007f-\\u009f]+/g, '').toLowerCase();
      if (a.name.startsWith('on')) bad.push('<' + el.tagName.toLowerCase() + ' ' + a.name + '>');
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name)
          && /^(javascript|vbscript|data):/.test(v) && !(a.name === 'src' && /^data:image\\//.test(v)))
        bad.push('<' + el.tagName.toLowerCase() + ' ' + a.name + '=' + v.slice(0, 40) + '>');
    }
    if (el.tagName === 'SCRIPT' && /xss/i.test(el.textContent)) bad.push('<script> with a payload');
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push('<' + el.tagName.toLowerCase() + '>');
  }
  return bad.concat(window.__seen || []);
}
"""


@dataclass
class Visitor:
    """One browser page reused for many URLs; `problems` maps URL -> what went wrong."""

    page: object
    problems: dict[str, list[str]] = field(default_factory=dict)
    current: str = ""

    def __post_init__(self):
        self.page.add_init_script(_WATCH)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda err: self.note(f"page error: {err}"))
        self.page.on("console", self._console)

    def note(self, what: str) -> None:
        self.problems.setdefault(self.current, []).append(what)

    def _dialog(self, dialog) -> None:
        self.note(f"{dialog.type} dialog: {dialog.message!r}")
        dialog.dismiss()

    def _console(self, msg) -> None:
        if msg.type == "error" or "xss" in msg.text.lower():
            self.note(f"console {msg.type}: {msg.text[:200]}")

    def visit(self, url: str, expect_status: int | None = 200) -> None:
        self.current = url
        response = self.page.goto(url, wait_until="load")
        if expect_status is not None and (response is None or response.status != expect_status):
            self.note(f"HTTP {response.status if response else 'no response'}")
        self.page.wait_for_timeout(50)  # let deferred handlers (onload, onerror of lazy images) fire
        self.settle()

    def settle(self) -> None:
        for what in self.page.evaluate(_DOM_CHECK):
            self.note(what)
        self.page.evaluate("window.__seen = []")

    def search(self, query: str) -> int:
        """Type into Material's search (on the current page); return how many results it shows."""
        self.page.wait_for_load_state("networkidle")  # the search index is loaded
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("/")
        self.page.locator("input.md-search__input").fill("")
        self.page.keyboard.type(query)
        try:
            self.page.locator(".md-search-result__item").first.wait_for(timeout=5000)
        except Exception:  # noqa: BLE001 - no result is reported by the count below
            pass
        self.page.wait_for_timeout(100)
        self.settle()
        return self.page.locator(".md-search-result__item").count()


@contextlib.contextmanager
def visitor(browser) -> Iterator[Visitor]:
    """A `Visitor` on a fresh page of `browser`."""
    page = browser.new_page()
    try:
        yield Visitor(page)
    finally:
        page.close()
