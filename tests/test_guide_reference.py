"""The guide's reference names everything a team can set or run: every option of
the plugin (`ErrorCatalogConfig`) has its section in docs/guide/plugin.md, and
every command `error-catalog` registers has its section in
docs/guide/reference/commands.md, naming each of the command's options."""
from __future__ import annotations

import argparse
import importlib
import re

import pytest
from conftest import ROOT

from error_catalog import cli
from mkdocs.config.base import BaseConfigOption

from error_catalog.plugin.config import ErrorCatalogConfig

OPTIONS_PAGE = ROOT / "docs" / "guide" / "plugin.md"
COMMANDS_PAGE = ROOT / "docs" / "guide" / "reference" / "commands.md"


def sections(page) -> dict[str, str]:
    """Each `## ... { #id }` section of the page, by its id, with its text up to the next."""
    text = page.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^##+ .*\{ #([\w-]+) \}[ \t]*$", text, re.M))
    return {m.group(1): text[m.end():(heads[i + 1].start() if i + 1 < len(heads) else len(text))]
            for i, m in enumerate(heads)}


def commands() -> dict[str, argparse.ArgumentParser]:
    """The subcommands as `error-catalog` registers them (cli.main's way)."""
    parser = argparse.ArgumentParser(prog="error-catalog")
    sub = parser.add_subparsers(dest="command")
    for name in cli.COMMANDS:
        importlib.import_module(name).register(sub)
    return dict(sub.choices)


def flags(parser: argparse.ArgumentParser) -> list[str]:
    """The long options of a command, from its help (argparse lists its actions only privately)."""
    return sorted(set(re.findall(r"(?<![\w-])--[a-z][\w-]*", parser.format_help())) - {"--help"})


OPTIONS = [name for name, value in vars(ErrorCatalogConfig).items() if isinstance(value, BaseConfigOption)]


@pytest.mark.parametrize("option", OPTIONS)
def test_every_plugin_option_has_its_section(option):
    found = sections(OPTIONS_PAGE)
    assert option in found, f"plugin option {option!r} has no '## `{option}` {{ #{option} }}' in {OPTIONS_PAGE.name}"
    assert f"[`{option}`](#{option})" in OPTIONS_PAGE.read_text(encoding="utf-8"), "missing from the options table"


@pytest.mark.parametrize("command", sorted(commands()))
def test_every_command_has_its_section_naming_its_options(command):
    found = sections(COMMANDS_PAGE)
    assert command in found, f"command {command!r} has no section {{ #{command} }} in {COMMANDS_PAGE.name}"
    for flag in flags(commands()[command]):
        assert f"`{flag}" in found[command], f"{command}: option {flag} is not documented"


def test_the_check_can_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("## `a` { #a }\n\nuses `--x`\n\n## b { #b }\n\nnothing\n", encoding="utf-8")
    found = sections(page)
    assert set(found) == {"a", "b"} and "`--x" in found["a"] and "`--x" not in found["b"]
    assert {"catalog", "redirects", "allowed_roots", "pages_only_for"} <= set(OPTIONS)
    assert flags(commands()["check"]) == ["--allowed-root", "--strict"]
