"""The Accept-Language example of docs/guide/translations.md runs as written,
against the JSON the build exports."""
from __future__ import annotations

import doctest
import re

import pytest
from conftest import FIXTURES, ROOT

GUIDE = ROOT / "docs" / "guide" / "translations.md"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", GUIDE.read_text(encoding="utf-8"), re.S | re.M)


@pytest.fixture(scope="module")
def example() -> dict:
    (code,) = [b for b in blocks("python") if "def choose_locale" in b]
    namespace: dict = {"__name__": "example"}
    exec(compile(code, str(GUIDE), "exec"), namespace)
    return namespace


@pytest.mark.slow
def test_the_guides_examples_hold(example, site, monkeypatch, tmp_path):
    (session,) = blocks("pycon")
    (tmp_path / "site").symlink_to(site)
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(session, dict(example), "guide", str(GUIDE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 8 and result.failed == 0


@pytest.mark.parametrize("header, expected", [
    ("", "en"),
    (None, "en"),
    ("es", "es"),
    ("fr;q=0.5, de;q=0.9", "de"),  # q wins over order
    ("fr, de", "fr"),  # equal q: order wins
    ("ja;q=abc, zh", "zh"),  # an unreadable q counts as 0
    ("*", "en"),
    ("pt-BR", "en"),
])
def test_choose_locale(example, header, expected):
    assert example["choose_locale"](header, ["de", "en", "es", "fr", "ja", "zh"], "en") == expected


def test_preferred_tags_ranked_expanded_and_cleaned(example):
    tags = example["preferred_tags"]
    assert tags("zh-Hant-TW;q=0.8, en-US") == ["en-US", "en", "zh-Hant-TW", "zh-Hant", "zh"]
    assert tags("xx-!!, ja, en_US, ;q=1, de;q=0") == ["ja"]  # malformed, empty and q=0 tags dropped


def test_script_and_region_tags_reach_configured_ids(example):
    available = ["en", "pt_BR", "zh-Hans", "zh-Hant"]
    assert example["choose_locale"]("pt-br", available, "en") == "pt_BR"
    assert example["choose_locale"]("zh-Hant-TW", available, "en") == "zh-Hant"


@pytest.mark.slow
def test_untranslated_message_falls_back_to_the_source_said_so(example, build):
    messages = example["load_messages"](build(FIXTURES / "i18n") / "locales")
    assert example["error_message"](messages, "quote_marks", "ja") == (
        "en", "Value <b>\"x\"</b> & 'y' is not allowed")
    assert example["error_message"](messages, "token/expired", "ja") == ("ja", "アクセストークンの有効期限が切れています")
    # A fuzzy variant is not exported: the French caller gets the English variant, not the http message.
    assert example["error_message"](messages, "PERMISSION_DENIED", "fr", surface="socket") == (
        "en", "Your role does not allow this change")
