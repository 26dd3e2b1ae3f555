"""The markup builder escapes by construction: text and attribute values are
escaped whatever the caller forgets, markup of the dialect's own kind passes
through, and each dialect writes the entity forms its output always had."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from error_catalog.render.elements import Xml, h, h_std, xml
from error_catalog.render.safe_markdown import plain

HOSTILE = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>' onmouseover='alert(1)' {{ 7*7 }} &amp;"


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tree:
    t = _Tree()
    t.feed(html)
    t.close()
    return t


@pytest.mark.parametrize("dialect", [h, h_std], ids=["h", "h_std"])
def test_text_and_attributes_are_inert(dialect):
    out = dialect("td", {"title": HOSTILE, "data-x": HOSTILE}, HOSTILE, dialect("code", None, HOSTILE))
    tree = _parse(out)
    # Two elements, the ones built, with exactly the attributes given, and the text as written.
    assert tree.tags == [("td", {"title": HOSTILE, "data-x": HOSTILE}), ("code", {})]
    assert "".join(tree.text) == HOSTILE * 2


def test_entity_forms_per_dialect():
    assert h("p", {"title": "'\"&<>"}, "'\"&<>") == '<p title="&#39;&#34;&amp;&lt;&gt;">&#39;&#34;&amp;&lt;&gt;</p>'
    assert h_std("p", {"title": "'\"&<>"}, "'\"&<>") == ('<p title="&#x27;&quot;&amp;&lt;&gt;">'
                                                        "&#x27;&quot;&amp;&lt;&gt;</p>")
    # XML: quotes are text in text; an attribute is quoted with what its value does not hold.
    assert xml("t", {"a": 'x"y', "b": "x'y"}, "'\"&<>") == """<t a='x"y' b="x'y">'"&amp;&lt;&gt;</t>"""


def test_markup_passes_through_only_in_its_own_dialect():
    bold = Markup("<b>x</b>")
    assert h("p", None, bold) == "<p><b>x</b></p>"
    assert h_std("p", None, bold) == "<p><b>x</b></p>"
    # In the feed, HTML is the content's text: escaped, never nested as XML.
    assert xml("content", None, bold) == "<content>&lt;b&gt;x&lt;/b&gt;</content>"
    assert xml("entry", None, xml("id", None, "1")) == "<entry><id>1</id></entry>"
    assert isinstance(xml("id"), Xml) and not isinstance(xml("id"), Markup)
    # A str that merely looks like markup is text.
    assert h("p", None, "<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


def test_attributes_in_order_bare_and_left_out():
    assert h("td", {"b": "1", "a": 2, "data-search-exclude": True, "dir": None, "hidden": False}) == (
        '<td b="1" a="2" data-search-exclude></td>')
    assert h("td", {"data-since": ""}) == '<td data-since=""></td>'  # empty is a value, not absence


def test_void_and_empty_elements():
    assert h("meta", {"charset": "utf-8"}) == '<meta charset="utf-8">'
    assert h("wbr") == "<wbr>"
    assert h("span") == "<span></span>"
    assert xml("link", {"href": "/x"}) == '<link href="/x"/>'
    with pytest.raises(ValueError):
        h("br", None, "text")


def test_children_and_join():
    assert h("td", None, 3, None, "a") == "<td>3a</td>"
    joined = h.join([h("code", None, "a"), "<", None, h("code", None, "b")], ", ")
    assert joined == "<code>a</code>, &lt;, <code>b</code>"
    assert h.join([]) == "" and isinstance(h.join([]), Markup)
    assert h.start("html", {"lang": "en"}) == '<html lang="en">'


def test_control_characters_dropped_on_pages():
    assert h("p", {"title": "a\x03b"}, "c\x02d") == '<p title="ab">cd</p>'


def test_page_text_is_plain():
    """`h` escapes text exactly as `safe_markdown.plain` (its own table, for speed)."""
    every = "".join(map(chr, range(0x3000))) + "\U0001f600"
    assert h("p", None, every) == f"<p>{plain(every)}</p>"


@pytest.mark.parametrize("name", ["td onclick", 'a"', "", "x>", "1x", "A"])
def test_names_come_from_code_only(name):
    with pytest.raises(ValueError):
        h(name)
    with pytest.raises(ValueError):
        h("td", {name: "x"})
