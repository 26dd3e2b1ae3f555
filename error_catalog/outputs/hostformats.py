"""The permalink rules in each host's own syntax, and each host's limits.

Every function takes the rules `redirects.rules` made from the one permalink
map (objects with `.path` and `.target`, already checked to be plain URL
paths: letters, digits and `_ . ~ - /`, the target with its `#fragment`) and
returns the text of one file; nothing here derives a path.

- netlify, cloudflare, gitlab: `_redirects` (`redirects.redirects_text`).
- nginx: a snippet to `include` inside a `server {}` block.
- vercel: `vercel.json` with a `redirects` array, or a bulk-redirects CSV.
- csv: `from,to,status`, for any other tool.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

# What a permalink path or target may contain to be written into any host's
# syntax unquoted and unescaped: no space, quote, '$', '{', ';', '%', ':' or '*'
# (nginx variables and blocks, path-to-regexp parameters, CSV quoting).
SAFE = re.compile(r"^/[A-Za-z0-9_.~/-]*(#[A-Za-z0-9_-]+)?$")


@dataclass(frozen=True)
class Limit:
    """What a host applies: `rules` rules at most (lines of its file), `size` bytes at most."""
    rules: int | None = None
    size: int | None = None
    files: int | None = None  # files per deployment
    note: str = ""


LIMITS = {
    # Static rules beyond 2,000 are skipped; 20,000 files on the free plan (100,000 paid).
    "cloudflare": Limit(rules=2000, files=20000, note="Cloudflare Pages: 2,000 static rules, "
                        "20,000 files per deployment on the free plan (100,000 paid)"),
    # Instance defaults (gitlab-pages `redirects-max-rule-count`, `redirects-max-config-size`).
    "gitlab": Limit(rules=1000, size=65536, note="GitLab Pages: 1,000 rules and 64 KB by default"),
    "vercel": Limit(rules=1024, note="Vercel: about 1,024 redirects in vercel.json "
                    "(bulk redirects on paid plans take more)"),
}


def nginx_quote(text: str) -> str:
    """`text` as one nginx string argument: double-quoted, '\\' and '"' escaped.

    Quoting keeps '{', '}' and ';' literal; '$' would still start a variable
    in `return`, so callers pass only `SAFE` text (checked once more here)."""
    if "$" in text or any(ord(c) < 32 or c == "\x7f" for c in text):
        raise ValueError(f"cannot write {text!r} into an nginx config")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_text(rules: Sequence, service: str, own_file: str | None = None) -> str:
    """An nginx snippet for `include` inside `server {}`: one exact-match location
    per permalink path, with and without its trailing slash, answering 301 to its
    section. `= /path` locations are case-sensitive and win over every prefix or
    regex location of the server, so they apply before files and the site's own
    rules. `absolute_redirect off` keeps Location as written (`/page/#anchor`):
    behind a TLS proxy an absolute one would name nginx's own scheme and port.
    `own_file`: the snippet's own site path, answered 404 when it is served from
    the site folder."""
    lines = [f"# Permalinks of the {one_line(service)} error reference, generated from the catalog: do not edit.",
             "# Include inside a server {} block: include /path/to/nginx-redirects.conf;"]
    if own_file:
        lines.append(f"location = {nginx_quote(own_file)} {{ return 404; }}")
    seen: set[str] = set()
    for r in rules:
        for source in (r.path, r.path + "/") if not r.path.endswith("/") else (r.path,):
            if source in seen:
                continue
            seen.add(source)
            lines.append(f"location = {nginx_quote(source)} {{ absolute_redirect off; "
                         f"return 301 {nginx_quote(r.target)}; }}")
    return "\n".join(lines) + "\n"


def vercel_json(rules: Sequence) -> str:
    """`vercel.json` with one redirect per rule: status 301 (`statusCode`; Vercel's
    `permanent` would give 308 and cannot be combined with it)."""
    redirects = [{"source": r.path, "destination": r.target, "statusCode": 301} for r in rules]
    return json.dumps({"redirects": redirects}, indent=2, ensure_ascii=True) + "\n"


def vercel_bulk_csv(rules: Sequence) -> str:
    """A Vercel bulk-redirects CSV (`bulkRedirectsPath`): 301, case-sensitive."""
    return _csv(["source", "destination", "statusCode", "sensitive"],
                [(r.path, r.target, "301", "true") for r in rules])


def csv_text(rules: Sequence) -> str:
    """Generic `from,to,status`, one row per permalink path."""
    return _csv(["from", "to", "status"], [(r.path, r.target, "301") for r in rules])


def _csv(head: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(head)
    w.writerows(rows)
    return out.getvalue()


def one_line(text: str) -> str:
    # The service name goes into a comment: one line, nothing that could end it.
    return " ".join(text.split())
