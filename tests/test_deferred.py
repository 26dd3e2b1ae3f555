"""Deferred HTML comes out exactly as if Python-Markdown had passed it through."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from error_catalog.render.deferred import Deferred

ROOT = Path(__file__).resolve().parent.parent


def _site_markdown() -> markdown.Markdown:
    """A Markdown converter with the site's extensions (from mkdocs.yml)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for item in cfg["markdown_extensions"]:
        name, conf = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names.append(name)
        configs[name] = conf or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


TABLE = '<table class="t"><tbody><tr><td><a href="x/#a">a &amp; b</a></td></tr></tbody></table>'
BODY = '<div class="ec-entry" data-code="a">\n<p class="m"><code>x</code></p>\n</div>\n'

# Page layouts around finished HTML ({} marks where it goes). Deferred HTML
# stands in a paragraph of its own: blank lines around it (an entry body ends
# with a newline, so the category page's "{}\n##" has one).
LAYOUTS = [
    ("# Title\n\n{}\n\n## Next\n\nText.\n", [TABLE, BODY]),
    ("# Title\n\n{}\n", [TABLE, BODY]),
    ("# Title\n\n{}\n\n{}\n\n## Next\n", [TABLE, BODY]),
    ("Intro paragraph\nover two lines.\n\n{}\n\n- a list\n- after it\n", [TABLE, BODY]),
    ("## `code` · Title {{ #code }}\n\n{}\n## `other` · Other {{ #other }}\n\n{}\n", [BODY]),
]


@pytest.mark.parametrize("layout, html", [(layout, h) for layout, hs in LAYOUTS for h in hs])
def test_swap_gives_the_page_markdown_would_give(layout, html):
    md = _site_markdown()
    n = layout.count("{}")
    expected = md.reset().convert(layout.format(*[html] * n))
    deferred = Deferred()
    # Bodies keep their trailing newline in the page (as the category page has them).
    tokens = [deferred.defer(html) + ("\n" if html.endswith("\n") else "") for _ in range(n)]
    got = deferred.swap(md.reset().convert(layout.format(*tokens)))
    assert got == expected


def test_html_that_wants_markdown_inside_is_not_deferred():
    deferred = Deferred()
    html = '<div markdown="1">\n*emphasis*\n</div>'
    assert deferred.defer(html) is html


def test_tokens_of_another_build_are_left_alone():
    mine, other = Deferred(), Deferred()
    token = other.defer(TABLE)
    page = f"<p>{token}</p>"
    assert mine.swap(page) == page
    assert "<table" in other.swap(page)


def test_clear_starts_a_new_build():
    deferred = Deferred()
    first = deferred.defer("<b>1</b>")
    deferred.clear()
    second = deferred.defer("<i>2</i>")
    assert first == second  # numbering restarts; the old HTML is gone
    assert deferred.swap(f"<p>{second}</p>") == "<i>2</i>"


def test_a_token_inside_a_paragraph_is_replaced_inline():
    deferred = Deferred()
    token = deferred.defer("<code>x</code>")
    assert deferred.swap(f"<p>see {token} here</p>") == "<p>see <code>x</code> here</p>"
