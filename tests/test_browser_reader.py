"""The page a developer lands on, in a real Chromium (issue 15): codes wrap only at
their own separators, the A-Z index fits a phone, the filter narrows it, the landed
section is marked, the 404 page offers the nearest codes, the reader's language
comes first. Over this repository's site and every example catalog, under the
site's real Content-Security-Policy; a script error fails the test."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from permalink_servers import ROOT, StaticServer, site_headers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SITES = [ROOT / "catalog"] + sorted(p.parent for p in (ROOT / "examples").glob("*/catalog.yaml"))
IDS = [p.relative_to(ROOT).as_posix() for p in SITES]

# For each inline code (and each code in the table of contents): every place where
# its text continues on a new line. The character before a line break must be one
# of the code's separators; the line boxes come from Range.getClientRects per character.
WRAPS = """() => {
  const out = {checked: 0, wrapped: 0, bad: []};
  const els = document.querySelectorAll(".md-typeset :not(pre) > code, .md-nav--secondary .ec-code");
  for (const el of els) {
    if (!el.getClientRects().length) continue;  // not displayed (a collapsed block, a hidden nav)
    const text = el.textContent;
    if (/\\s/.test(text.trim())) continue;       // a message or a sentence, not a code
    out.checked++;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let prevTop = null, prev = "", node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        const r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        const rect = r.getClientRects()[0];
        if (!rect || rect.width === 0) continue;
        if (prevTop !== null && rect.top > prevTop + rect.height / 2) {
          out.wrapped++;
          if (!"/_.-".includes(prev)) out.bad.push(text + " breaks after " + JSON.stringify(prev));
        }
        prevTop = rect.top; prev = node.data[i];
      }
    }
  }
  return out;
}"""


def pages_of(catalog) -> list[str]:
    return ["/"] + [f"/{permalinks.page_path(c.id)}" for c in catalog.categories]


@pytest.mark.parametrize("catalog_dir", SITES, ids=IDS)
def test_codes_wrap_only_at_their_separators(build, context_for, catalog_dir):
    catalog = load_catalog(catalog_dir)
    with StaticServer(build(catalog_dir), headers=site_headers()) as server:
        totals = {}
        for width in (1366, 390):
            page = context_for(width)
            checked = wrapped = 0
            for path in pages_of(catalog):
                page.goto(server.base + path)
                found = page.evaluate(WRAPS)
                assert not found["bad"], f"at {width} px on {path}: {found['bad'][:5]}"
                checked += found["checked"]
                wrapped += found["wrapped"]
            totals[width] = (checked, wrapped)
        assert totals[1366][0] >= len(catalog.entries), totals  # every code was looked at
        # On a phone long codes do wrap (at separators): the check above saw real line breaks.
        if any(len(e.code) > 24 and any(s in e.code for s in "/_.-") for e in catalog.entries):
            assert totals[390][1] > 0, totals


@pytest.mark.parametrize("catalog_dir", SITES, ids=IDS)
def test_the_index_fits_a_phone(build, context_for, catalog_dir):
    with StaticServer(build(catalog_dir), headers=site_headers()) as server:
        page = context_for(390, 844)
        page.goto(server.base + "/")
        for table in (".ec-index", ".ec-statuses"):
            if not page.locator(table).count():
                continue
            box = page.locator(table).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (table, box)
            # Nothing inside scrolls sideways, the page neither.
            over = page.evaluate("""sel => [...document.querySelectorAll(sel + ', ' + sel + ' *')]
                .filter(el => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1
                        && getComputedStyle(el).overflowX !== 'visible')
                .map(el => el.tagName + '.' + el.className)""", table)
            assert not over, (table, over)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Each row reads as a few lines, not as a stack of boxes: no cell keeps the theme's
        # table padding (about 12 px above and below) or its rule between cells.
        cells = page.evaluate("""() => [...document.querySelectorAll('.ec-index tbody tr')].slice(0, 30)
            .flatMap(tr => [...tr.cells]).map(td => { const st = getComputedStyle(td);
                return [parseFloat(st.paddingTop) + parseFloat(st.paddingBottom), parseFloat(st.borderTopWidth),
                        td.textContent]; })""")
        assert cells and all(pad <= 6 and rule == 0 for pad, rule, _ in cells), cells[:8]
        # The category is on screen, not behind a sideways scroll.
        cell = page.locator(".ec-index tbody tr td[data-label='Category']").first
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box


def test_the_filter_narrows_the_index(site, context_for):
    catalog = load_catalog(ROOT / "catalog")
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366)
        page.goto(server.base + "/")
        rows = page.locator(".ec-index tbody tr")
        assert rows.count() == len(catalog.entries)
        box = page.get_by_role("searchbox", name="Filter the index of codes")
        numbered = next(e for e in catalog.entries if e.number is not None)
        for query, expected in [("expired", None), (str(numbered.number), numbered.code),
                                ("validation", None)]:
            box.fill(query)
            visible = page.locator(".ec-index tbody tr:visible")
            assert 0 < visible.count() < len(catalog.entries), query
            if expected:
                expect(visible.first.locator("code")).to_have_text(expected)
        box.fill("no code is called this")
        expect(page.locator(".ec-index tbody tr:visible")).to_have_count(0)
        box.fill("")
        expect(page.locator(".ec-index tbody tr:visible")).to_have_count(len(catalog.entries))


def test_the_landed_section_is_marked(site, context_for):
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366)
        page.goto(server.base + "/reference/auth/#token-expired")
        landed = page.locator("h2#token-expired")
        other = page.locator("h2#unauthenticated")
        bg = "el => getComputedStyle(el).backgroundColor"
        assert landed.evaluate(bg) != other.evaluate(bg)
        assert landed.evaluate("el => getComputedStyle(el.nextElementSibling).borderLeftStyle") == "solid"
        # Following an anchor on the page moves the mark.
        page.goto(server.base + "/")
        page.locator(".ec-index a[href*='#unauthenticated']").click()
        page.wait_for_url("**#unauthenticated")
        assert page.locator("h2#unauthenticated").evaluate(bg) != page.locator("h2#token-expired").evaluate(bg)


def test_an_entry_answers_first(site, context_for):
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366, locale="de-DE")
        page.goto(server.base + "/reference/auth/#token-expired")
        entry = page.locator("h2#token-expired + .ec-entry")
        # The example is open and highlighted, before the (collapsed) translations.
        example = entry.locator(".ec-example").first
        expect(example).to_be_visible()
        assert example.locator("pre code span").count() > 3
        order = entry.evaluate("el => [...el.querySelectorAll('.ec-message, .ec-cause, .ec-recovery, "
                               ".ec-example, details.ec-translations-more')].map(x => x.className.split(' ').pop())")
        assert order.index("ec-example") < order.index("ec-translations-more")
        assert order.index("ec-recovery") < order.index("ec-example")
        expect(entry.locator("details.ec-translations-more table")).to_be_hidden()
        # The reader's language first (a German browser), the source message too.
        reader = entry.locator(".ec-reader-message code")
        expect(reader).to_have_attribute("lang", "de")
        german = entry.locator("tr[data-locale='de'] td").first.text_content()
        expect(reader).to_have_text(german)
        # Copy buttons on the heading.
        expect(page.locator("h2#token-expired .ec-copy button")).to_have_count(2)


def test_the_phone_drawer_lists_every_section(site, context_for):
    """On a phone the table of contents lives in the navigation drawer, skipped while the
    drawer is closed (errors.css): opened, it shows every section, and a link lands."""
    catalog = load_catalog(ROOT / "catalog")
    codes = catalog.entries_in("auth")
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(390, 844)
        page.goto(server.base + "/reference/auth/")
        toc = page.locator(".md-nav--primary .md-nav--secondary")
        assert toc.evaluate("el => getComputedStyle(el).contentVisibility") == "auto"
        page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(".md-nav--primary label.md-nav__link[for='__toc']").click()
        links = toc.locator("a.md-nav__link")
        expect(links).to_have_count(len(codes))
        last = links.last
        expect(last).to_be_visible()
        box = last.bounding_box()
        assert box and box["width"] > 0 and 0 <= box["x"] < 390, box
        last.click()
        page.wait_for_url(f"**#{permalinks.anchor(codes[-1].code)}")
        expect(page.locator(f"h2#{permalinks.anchor(codes[-1].code)}")).to_be_in_viewport()


def test_each_example_gets_its_copy_button_on_screen(site, context_for):
    """`content.lazy` (mkdocs.yml): Material mounts a code block's buttons when it comes
    into view, not all on load; every example still gets its copy button."""
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(390, 844)
        page.goto(server.base + "/reference/validation/")
        examples = page.locator(".ec-example pre")
        assert examples.count() > 3
        for i in range(examples.count()):
            examples.nth(i).scroll_into_view_if_needed()
            expect(examples.nth(i).locator("button.md-code__button[data-md-type='copy']")).to_have_count(1)


@pytest.mark.parametrize("typed, expected", [
    ("token/expird", "token/expired"),        # a letter left out
    ("TOKEN-EXPIRED", "token/expired"),      # case and separator
    ("token/exipred", "token/expired"),      # two letters swapped
])
def test_404_offers_the_nearest_codes(site, context_for, typed, expected):
    catalog = load_catalog(ROOT / "catalog")
    entry = next(e for e in catalog.entries if e.code == expected)
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366)
        page.goto(server.base + "/errors/" + typed)
        expect(page.locator("#ec-unknown-code")).to_be_visible()
        first = page.locator("#ec-did-you-mean a").first
        expect(first).to_have_text(expected)
        first.click()
        page.wait_for_url("**/" + permalinks.page_path(entry.category) + "#" + entry.anchor)
        expect(page.locator("h2#" + entry.anchor)).to_be_in_viewport()


def test_404_suggestions_are_text_and_local(site, context_for):
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366)
        page.goto(server.base + "/errors/%3Cimg%20src=x%20onerror=alert(1)%3E")
        expect(page.locator("#ec-did-you-mean")).to_be_hidden()
        page.goto(server.base + "/errors/zzzzzzzzzzzzzzzzzzzz")
        expect(page.locator("#ec-did-you-mean")).to_be_hidden()  # nothing near: nothing offered
        page.goto(server.base + "/errors/token/expird")
        page.locator("#ec-did-you-mean a").first.wait_for()  # the codes file is fetched
        hrefs = page.eval_on_selector_all("#ec-did-you-mean a", "els => els.map(a => a.href)")
        assert hrefs and all(h.startswith(server.base + "/reference/") for h in hrefs), hrefs


CONTRAST = """() => {
  // WCAG contrast of each badge's and notice's text on its own background, with
  // translucent colours composited over what lies below them.
  const rgba = s => { const v = s.match(/[\\d.]+/g).map(Number); return v.length > 3 ? v : [...v, 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const bgOf = el => {
    const layers = [];
    for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  return [...document.querySelectorAll('.ec-badge, .ec-notice')].map(el => {
    const bg = bgOf(el), a = lum(over(rgba(getComputedStyle(el).color), bg)), b = lum(bg);
    return [el.className, el.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_badges_and_lifecycle_marks_are_readable(site, context_for, scheme):
    catalog = load_catalog(ROOT / "catalog")
    pages = sorted({permalinks.page_path(e.category) for e in catalog.entries if e.lifecycle != "active"})
    assert pages
    with StaticServer(site, headers=site_headers()) as server:
        page = context_for(1366)
        seen = set()
        for path in ["", *pages]:
            page.goto(server.base + "/" + path)
            page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            for cls, text, ratio in page.evaluate(CONTRAST):
                seen.add(cls)
                assert ratio >= 4.5, f"{scheme} {path}: {cls} {text!r} contrast {ratio:.2f}"
        assert any("ec-retired" in c for c in seen) and any("ec-deprecated" in c for c in seen), seen
