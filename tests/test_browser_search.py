"""Searching a code in a real Chromium: its section is the first section result."""
from __future__ import annotations

import pytest
from error_catalog.core.loader import load_catalog
from permalink_servers import ROOT, StaticServer
from po_texts import translated_messages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = [  # what a person types -> the section that must come first
    ("token/expired", "#token-expired"),
    ("token", "#token-expired"),
    ("VALIDATION_ERROR", "#validation-error"),
    ("validation", "#validation-error"),
    ("EXPIRED_TOKEN", "#token-expired"),  # an alias
    ("1002", "#token-expired"),           # a number
    ("sdk/timeout", "#sdk-timeout"),
]


# Material's search runs in a Web Worker: the page posts each query to it ({type: 2,
# data: the input's value}) and renders the first results when the answer ({type: 3})
# arrives, in that message's handler. Wrapping the page's Worker class (before
# Material's script runs) counts both, so a test reads the list rendered for exactly
# the query typed, as soon as it is there, instead of waiting for the list to settle.
WATCH_WORKER = """(() => {
  const Native = window.Worker;
  const seen = window.__searchSeen = {queries: [], results: 0};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => { if (e.data && e.data.type === 3) seen.results++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) seen.queries.push(message.data);
      return super.postMessage(message, ...rest);
    }
  };
})();"""

ANSWERED = """async () => {
  // The first section result of the list rendered for the input's value: the worker
  // answers queries in order, and Material renders each answer in its message handler.
  const seen = window.__searchSeen, input = document.querySelector('input.md-search__input');
  const answered = () => seen.queries.length > 0 && seen.queries[seen.queries.length - 1] === input.value
      && seen.results === seen.queries.length;
  for (let i = 0; i < 2000 && !answered(); i++) await new Promise(r => setTimeout(r, 5));
  if (!answered()) return 'no answer to ' + JSON.stringify(input.value);
  await new Promise(r => setTimeout(r, 0));  // every listener of that message has run
  return [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)
      .filter(h => h.includes('#'))[0] || '';
}"""


def first_section(page, query: str) -> str:
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "")
    page.type("input.md-search__input", query, delay=10)  # as a person types: a query per keystroke
    return page.evaluate(ANSWERED)


def searchable(page) -> None:
    """`page` watches Material's search worker (WATCH_WORKER) from its next load on."""
    page.add_init_script(WATCH_WORKER)


def test_a_code_is_found_whole_and_by_its_parts(site, page):
    with StaticServer(site) as server:
        search_codes(server, page)


def search_codes(server, page):
    searchable(page)
    page.goto(server.base + "/")
    for query, anchor in CASES:
        found = first_section(page, query)
        assert found.endswith(anchor), f"searching {query!r}: first section is {found}"
    page.click(".md-search-result__item a[href*='#sdk-timeout']")
    page.wait_for_url("**/reference/sdk/**#sdk-timeout")
    assert page.locator("#sdk-timeout").is_visible()


# -- every code of every example catalog (issue 15) ----------------------------------

EXAMPLES = [ROOT / "catalog", *sorted(p.parent for p in (ROOT / "examples").glob("*/catalog.yaml"))]


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def queries(catalog) -> list[tuple[str, set[str]]]:
    """(what is typed, the sections any of which must come first): each code, alias and
    number, and each message as the API sends it (entry and variants, and translated:
    an API may answer in the client's language), as pasted. A
    text several entries share (the same message on two codes) may find any of them."""
    texts = []
    for e in catalog.entries:
        texts += [(t, e.anchor) for t in (e.code, *e.aliases, *([str(e.number)] if e.number is not None else []))]
        texts += [(m, e.anchor) for m in (e.message, *(v.message for v in e.variants.values())) if m.strip()]
    # Translated messages: each entry's in one target language, in turn (every language
    # on a share of the entries; test_site checks exact.json for them all). Who owns a
    # text counts every language: two codes may share a message in one of them.
    targets, order = catalog.locales[1:], {e.code: i for i, e in enumerate(catalog.entries)}
    translated = [(m, code, loc) for m, code, loc in translated_messages(catalog) if m.strip()]
    owners: dict[str, set[str]] = {}
    for text, anchor in texts + [(m, catalog.entries[order[code]].anchor) for m, code, _ in translated]:
        owners.setdefault(_key(text), set()).add(anchor)
    texts += [(m, None) for m, code, loc in translated if targets.index(loc) == order[code] % len(targets)]
    return [(text, owners[_key(text)]) for text in dict.fromkeys(t for t, _ in texts)]


def catalog_id(path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.slow
@pytest.mark.parametrize("catalog_dir", EXAMPLES, ids=catalog_id)
def test_every_code_alias_number_and_message_finds_its_entry_first(build, page, catalog_dir):
    search_every_query(build, page, catalog_dir)


def search_every_query(build, page, catalog_dir) -> None:
    catalog = load_catalog(catalog_dir)
    misses = []
    with StaticServer(build(catalog_dir)) as server:
        searchable(page)
        page.goto(server.base + "/")
        page.click("input.md-search__input")
        for query, anchors in queries(catalog):
            page.fill("input.md-search__input", query)
            page.press("input.md-search__input", "End")  # Material searches on keyup
            found = page.evaluate(ANSWERED)
            if found.rsplit("#", 1)[-1] not in anchors:
                misses.append(f"{query!r} -> {found.rsplit('/', 3)[-2:]}, expected {sorted(anchors)}")
    assert not misses, f"{len(misses)} of {len(queries(catalog))} searches:\n" + "\n".join(misses)
