"""The light/dark toggle (errors.js in place of Material's palette component, see
error_catalog/plugin/theme/partials/palette.html): it switches, remembers, follows the
system when automatic, answers the keyboard, and on load restyles nothing when the
page already wears the palette. In a real Chromium, under the site's CSP; a script
error fails the test. A team's own palette partial is left to Material."""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import yaml

from permalink_servers import ROOT, StaticServer, site_headers
from test_plugin import mkdocs_build, write_site

OURS = ROOT / "error_catalog" / "plugin" / "theme" / "partials" / "palette.html"
MATERIALS = Path(material.__file__).parent / "templates" / "partials" / "palette.html"

# Installed before any page script: records each change of a data-md-color-* attribute
# of <body> made once the document was parsed (Material's head script, which applies a
# stored palette while the page is parsed, does not count; nor does data-md-color-media,
# which no style reads), and each color-scheme meta added.
WATCH = """
window.__changes = [];
let parsed = false;
document.addEventListener("DOMContentLoaded", () => { parsed = true; }, {capture: true});
new MutationObserver(records => {
  for (const r of records) {
    if (r.target === document.body && r.attributeName && r.attributeName.startsWith("data-md-color-")
        && !["data-md-color-switching", "data-md-color-media"].includes(r.attributeName) && parsed)
      window.__changes.push(r.attributeName + "=" + document.body.getAttribute(r.attributeName));
    for (const n of r.addedNodes || [])
      if (parsed && n.nodeName === "META" && n.name === "color-scheme") window.__changes.push("meta color-scheme");
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def _body_template(text: str) -> str:
    """A partial without its leading {#- ... -#} comment."""
    return re.sub(r"\A\{#-.*?-#\}\s*", "", text, flags=re.S).strip()


def test_the_partial_is_materials_but_for_one_attribute():
    """A Material release that changes its toggle's markup fails here, not on a site."""
    theirs = _body_template(MATERIALS.read_text(encoding="utf-8"))
    ours = _body_template(OURS.read_text(encoding="utf-8"))
    assert 'data-md-component="palette"' in theirs
    assert ours == theirs.replace('data-md-component="palette"', "data-ec-palette")


@pytest.fixture
def open_page(context_for):
    def make(url: str, scheme: str = "light"):
        pg = context_for(1366, scheme=scheme)
        pg.add_init_script(WATCH)
        pg.goto(url)
        pg.wait_for_load_state("load")
        return pg
    return make


def state(page) -> dict:
    page.wait_for_timeout(100)  # Material's document$ subscribers, then ours, have run
    return page.evaluate("""() => {
      const meta = n => { const m = document.querySelector(`meta[name=${n}]`); return m ? m.content : null; };
      const bg = getComputedStyle(document.querySelector("[data-md-component=header]")).backgroundColor;
      return {
        scheme: document.body.getAttribute("data-md-color-scheme"),
        switching: document.body.hasAttribute("data-md-color-switching"),
        shown: [...document.querySelectorAll("form[data-ec-palette] label")].filter(l => !l.hidden).map(l => l.title),
        colorScheme: meta("color-scheme"), themeColor: meta("theme-color"),
        header: "#" + bg.match(/\\d+/g).slice(0, 3).map(v => (+v).toString(16).padStart(2, "0")).join(""),
        stored: typeof __md_get === "function" ? __md_get("__palette") : undefined,
        changes: window.__changes,
      };
    }""")


@pytest.mark.browser
@pytest.mark.slow
def test_the_toggle_switches_remembers_and_restyles_nothing_on_load(site, open_page):
    with StaticServer(site, headers=site_headers()) as server:
        page = open_page(server.base + "/reference/auth/")
        got = state(page)
        assert got["scheme"] == "default" and got["shown"] == ["Switch to dark mode"]
        # Nothing restyled the page once it was parsed: no attribute of <body> changed
        # and no color-scheme meta (a light page needs none).
        assert got["changes"] == [] and got["colorScheme"] is None
        assert got["themeColor"] == got["header"]

        page.locator("form[data-ec-palette] label:not([hidden])").click()
        got = state(page)
        assert got["scheme"] == "slate" and got["shown"] == ["Switch to light mode"]
        assert got["colorScheme"] == "dark" and got["themeColor"] == got["header"] != "#ffffff"
        assert got["stored"]["index"] == 1 and got["stored"]["color"]["scheme"] == "slate"
        assert not got["switching"]  # transitions are back once switched

        # Material's head script applies the stored palette while the page is parsed:
        # another page (and a reload) opens dark with nothing left to change.
        page.goto(server.base + "/")
        got = state(page)
        assert got["scheme"] == "slate" and got["shown"] == ["Switch to light mode"]
        assert got["changes"] == ["meta color-scheme"] and got["colorScheme"] == "dark"

        # The keyboard: Enter on the focused option switches to the next one.
        page.focus("#__palette_1")
        page.keyboard.press("Enter")
        got = state(page)
        assert got["scheme"] == "default" and got["shown"] == ["Switch to dark mode"]
        assert got["colorScheme"] in ("light", "normal") and got["stored"]["index"] == 0


AUTOMATIC = [
    {"media": "(prefers-color-scheme)", "toggle": {"icon": "material/link", "name": "Switch to light mode"}},
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "teal",
     "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "teal",
     "toggle": {"icon": "material/brightness-4", "name": "Switch to system preference"}},
]


def _team_site(root: Path, palette: list, partial: str | None = None, features: tuple = (),
               site_url: str = "") -> Path:
    write_site(root, nav=True, site_url=site_url)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["palette"] = palette
    config["theme"]["features"] = list(features)
    if partial is not None:
        (root / "overrides" / "partials").mkdir(parents=True)
        (root / "overrides" / "partials" / "palette.html").write_text(partial, encoding="utf-8")
        config["theme"]["custom_dir"] = "overrides"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    mkdocs_build(root)
    return root / "site"


@pytest.mark.slow
@pytest.mark.browser
def test_an_automatic_palette_follows_the_system(tmp_path, open_page):
    """Material's documented three-way palette (system, light, dark), on a site with
    Material's instant navigation (the page changes, the header and script stay)."""
    with StaticServer(tmp_path / "team" / "site") as server:
        # Built once the port is known: instant navigation follows only links to the
        # sitemap's host and port.
        _team_site(tmp_path / "team", AUTOMATIC, features=("navigation.instant",), site_url=server.base + "/")
        page = open_page(server.base + "/", scheme="dark")
        got = state(page)
        assert got["scheme"] == "slate" and got["shown"] == ["Switch to light mode"]
        page.emulate_media(color_scheme="light")
        got = state(page)
        assert got["scheme"] == "default" and got["stored"]["index"] == 0
        page.locator("form[data-ec-palette] label:not([hidden])").click()  # to light, fixed
        page.emulate_media(color_scheme="dark")
        got = state(page)
        assert got["scheme"] == "default" and got["stored"]["index"] == 1
        assert got["shown"] == ["Switch to dark mode"]

        page.evaluate("window.__same_page = true")
        page.wait_for_load_state("networkidle")  # Material's instant navigation has read sitemap.xml
        page.locator(".md-nav__link", has_text="About").first.click()
        page.wait_for_url("**/about/")
        assert page.evaluate("window.__same_page === true")  # an instant navigation
        page.locator("form[data-ec-palette] label:not([hidden])").click()  # to dark, fixed
        got = state(page)
        assert got["scheme"] == "slate" and got["stored"]["index"] == 2
        assert got["shown"] == ["Switch to system preference"] and got["colorScheme"] == "dark"


@pytest.mark.slow
@pytest.mark.browser
def test_a_sites_own_palette_partial_stays_materials(tmp_path, open_page):
    partial = MATERIALS.read_text(encoding="utf-8")
    site = _team_site(tmp_path / "team", AUTOMATIC[1:], partial=partial)
    assert "data-ec-palette" not in (site / "index.html").read_text(encoding="utf-8")
    with StaticServer(site) as server:
        page = open_page(server.base + "/")
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
