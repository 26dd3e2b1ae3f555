"""Plain YAML scalars: which type YAML 1.1 gives one, and its value.

Types and values as PyYAML's SafeLoader reads them, for the loader's event
reader (core/yamlsource.py), which also refuses numbers not written as JSON
writes them (`NUMBERS`).
"""
from __future__ import annotations

import re
from typing import Any

TAG = "tag:yaml.org,2002:"

# The implicit types of YAML 1.1 (yaml.org/type/), as PyYAML's SafeLoader tries
# them on a plain scalar. PyYAML documents no call that resolves one scalar (its
# Resolver.resolve and constructor tables are internals), so its patterns are
# written out here; tests/test_dependency_apis.py compares them with yaml.safe_load
# and fails when PyYAML reads a plain scalar differently.
_IMPLICIT = [(TAG + tag, re.compile(pattern, re.X)) for tag, pattern in (
    ("bool", r"""^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"""),
    ("float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                  |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                  |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                  |[-+]?\.(?:inf|Inf|INF)
                  |\.(?:nan|NaN|NAN))$"""),
    ("int", r"""^(?:[-+]?0b[0-1_]+
                |[-+]?0[0-7_]+
                |[-+]?(?:0|[1-9][0-9_]*)
                |[-+]?0x[0-9a-fA-F_]+
                |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"""),
    ("merge", r"^(?:<<)$"),
    ("null", r"^(?:~|null|Null|NULL|)$"),
    # Verbose patterns, as PyYAML writes them: a space outside [...] is not matched.
    ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                      |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                      (?:[Tt]|[ \t]+)[0-9][0-9]?
                      :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                      (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"""),
    ("value", r"^(?:=)$"),
    ("yaml", r"^(?:!|&|\*)$"),
)]
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}

# Numbers as JSON writes them. YAML 1.1 also reads 0042 (octal: 34), 0x1F,
# 0b101, 1_000 and 1:30 (sexagesimal: 90) as integers, and 1. or 1_0.5 as
# numbers: silent misreads of what was meant, refused with the plain spelling.
NUMBERS = {TAG + "int": re.compile(r"-?(?:0|[1-9][0-9]*)"),
           TAG + "float": re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)")}


def resolve(plain: str) -> str:
    """The tag of a plain (unquoted) scalar: the first implicit type it matches, else text."""
    return next((tag for tag, pattern in _IMPLICIT if pattern.match(plain)), TAG + "str")


def construct(tag: str, text: str) -> Any:
    """The value of a null, bool, int or float scalar (numbers already in JSON's spelling)."""
    if tag == TAG + "null":
        return None
    if tag == TAG + "bool":
        return _BOOLS[text.lower()]
    if tag == TAG + "int":
        return int(text)
    if text.lower().lstrip("+-") in (".inf", ".nan"):
        return float(text.lower().replace(".", ""))  # refused by the caller: not finite
    return float(text)
