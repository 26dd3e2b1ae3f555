"""An OpenAPI 3.1 components fragment: the error-code schema and an example response per code.

A team `$ref`s it from its own spec (`$ref: 'errors.openapi.yaml#/components/schemas/ErrorCode'`):

- `components.schemas.ErrorCode`: a string whose `enum` is every code and
  alias, each also a `oneOf` branch with `const`, `title` and its permalink as
  `externalDocs` (deprecated and retired codes, and aliases, `deprecated:
  true`), plus `x-enum-varnames` (the constants of `codegen`) and
  `x-enum-descriptions` (the titles) that code generators read;
- `components.responses.<CONSTANT>`: the example HTTP response of each code
  with an HTTP status, in the catalog's envelope, as the site shows it.

The fragment is itself a valid OpenAPI 3.1 document (3.1 allows one made of
`components` alone). Deterministic: the catalog's order, no dates.
"""
from __future__ import annotations

import json
from typing import Any

import yaml

from ..core import permalinks
from ..core.model import Catalog, Entry
from ..render import responses
from .clientcode import names_or_fail

SCHEMA = "ErrorCode"


def fragment(catalog: Catalog, site_url: str = "") -> dict[str, Any]:
    names = names_or_fail(catalog)
    branches = []
    for e in catalog.entries:
        branches.append(_branch(catalog, e, e.code, e.title, e.lifecycle != "active", site_url))
        for a in e.aliases:
            branches.append(_branch(catalog, e, a, f"{e.title} (another name for {e.code})", True, site_url))
    values = [b["const"] for b in branches]
    schema = {
        "type": "string",
        "description": f"An error code of {catalog.service}; each links to its entry in the error reference.",
        "enum": values,
        "x-enum-varnames": [names[e.code] + ("" if v == e.code else f"__ALIAS_{i}")
                            for e in catalog.entries for i, v in enumerate((e.code, *e.aliases))],
        "x-enum-descriptions": [b["title"] for b in branches],
        "oneOf": branches,
    }
    out: dict[str, Any] = {"openapi": "3.1.0",
                           "info": {"title": f"{catalog.service} error codes", "version": _version(catalog)},
                           "components": {"schemas": {SCHEMA: schema}}}
    examples = {names[e.code]: _response(catalog, e) for e in catalog.entries if responses.has_http_response(e)}
    if examples:
        out["components"]["responses"] = examples
    return out


def _version(catalog: Catalog) -> str:
    return catalog.versions[-1].name if catalog.versions else "1"


def _branch(catalog: Catalog, e: Entry, value: str, title: str, deprecated: bool, site_url: str) -> dict:
    url = permalinks.permalink_url(catalog, e, site_url)
    out: dict[str, Any] = {"const": value, "title": title}
    if "://" in url:
        out["externalDocs"] = {"url": url}
    else:  # externalDocs needs an absolute URL: without the site's, the path is named in text
        out["description"] = f"See {url} on the error reference."
    if deprecated:
        out["deprecated"] = True
    return out


def _response(catalog: Catalog, e: Entry) -> dict:
    example = responses.http_example(catalog, e)
    media = dict(example.headers).get("Content-Type", responses.content_type(catalog))
    out: dict[str, Any] = {"description": f"{e.title} ({e.code})"}
    shown = [(n, v) for n, v in example.headers if n.lower() != "content-type"]
    if shown:
        out["headers"] = {n: {"description": next((h.description for h in catalog.headers if h.name == n), ""),
                              "schema": {"type": "string"}, "example": v} for n, v in shown}
    out["content"] = {media: {"example": example.body}}
    return out


def to_text(data: dict[str, Any], fmt: str = "yaml") -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
