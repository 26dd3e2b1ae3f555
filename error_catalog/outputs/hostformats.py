"""The host table: every host the permalink rules are written for, in one place.

Each `Host` says what the host reads (the file, its syntax and status), how it
applies rules (forcing over files, both slashes, fragments kept) and its limits;
`redirects` (the build's writers, `fallback_pages: auto`), `headers` and the
`redirects --format` command read only this table. The text functions take the
rules `redirects.rules` made from the one permalink map (objects with `.path`
and `.target`, already checked to be plain URL paths: letters, digits and
`_ . ~ - /`, the target with its `#fragment`); nothing here derives a path.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# What a permalink path or target may contain to be written into any host's
# syntax unquoted and unescaped: no space, quote, '$', '{', ';', '%', ':' or '*'
# (nginx variables and blocks, path-to-regexp parameters, CSV quoting).
SAFE = re.compile(r"^/[A-Za-z0-9_.~/-]*(#[A-Za-z0-9_-]+)?$")

REDIRECTS_FILE = "_redirects"
NGINX_FILE = "nginx-redirects.conf"


@dataclass(frozen=True)
class Limit:
    """What a host applies: `rules` rules at most (lines of its file), `size` bytes at most."""
    rules: int | None = None
    size: int | None = None
    files: int | None = None  # files per deployment
    headers: int | None = None  # rules of `_headers`
    note: str = ""


@dataclass(frozen=True)
class Host:
    """One host (or plain format) of permalink rules."""
    name: str
    file: str | None  # the file the build writes into the site; None: printed by the command only
    text: Callable[..., str]  # (host, rules, service, own site path of the file) -> the file's text
    forced: bool = False  # a `_redirects` rule fires over an existing file only when forced: '301!'
    both_slashes: bool = False  # a rule per path with and without its trailing slash (each counts)
    plain_paths: bool = False  # written unquoted: only `SAFE` paths and targets
    fragment: bool = True  # a 301 keeps the target's #fragment: the rule lands on the entry
    reads_headers: bool = False  # also reads `_headers` (outputs/headers.py)
    limit: Limit | None = None
    note: str = ""  # what its file says about how the host applies the rules

    def rule_text(self, r) -> str:
        """One rule in `_redirects` syntax (both slashes where the host needs them)."""
        status = "301!" if self.forced else "301"
        line = f"{r.path} {r.target} {status}\n"
        return line + f"{r.path}/ {r.target} {status}\n" if self.both_slashes and not r.path.endswith("/") else line

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


def redirects_file(host: Host, chosen: Sequence, service: str) -> str:
    """`_redirects` (Netlify, Cloudflare Pages, GitLab Pages): a rule per line."""
    lines = [
        f"# Permalinks of the {one_line(service)} error reference, generated from the catalog: do not edit.",
        "# Each /errors/<code>, /errors/<number>, alias and type URL path goes in one hop to its section.",
        host.note,
    ]
    return "\n".join(lines) + "\n" + "".join(host.rule_text(r) for r in chosen)


HOSTS: dict[str, Host] = {h.name: h for h in (
    # Netlify serves an existing file before an unforced rule, so its rules are forced.
    # One rule matches the path with and without its trailing slash.
    Host("netlify", REDIRECTS_FILE, lambda h, rules, service, own: redirects_file(h, rules, service),
         forced=True, reads_headers=True,
         note="# Forced (301!): Netlify serves a file (a fallback page) before an unforced rule."),
    # Rules before files, but '301!' is rejected as a status; static rules beyond 2,000
    # are skipped; 20,000 files on the free plan (100,000 paid); 100 header rules.
    Host("cloudflare", REDIRECTS_FILE, lambda h, rules, service, own: redirects_file(h, rules, service),
         both_slashes=True, reads_headers=True,
         limit=Limit(rules=2000, files=20000, headers=100, note="Cloudflare Pages: 2,000 static rules, "
                     "20,000 files per deployment on the free plan (100,000 paid)"),
         note="# Cloudflare Pages: rules apply before files; '301!' is not a status it accepts."),
    # No forcing, files first: no fallback page may sit at a path it has a rule for.
    # Limits: instance defaults (gitlab-pages `redirects-max-rule-count`, `redirects-max-config-size`).
    Host("gitlab", REDIRECTS_FILE, lambda h, rules, service, own: redirects_file(h, rules, service),
         limit=Limit(rules=1000, size=65536, note="GitLab Pages: 1,000 rules and 64 KB by default"),
         note="# GitLab Pages: no forcing; files win over rules, so no fallback page sits at these paths."),
    Host("nginx", NGINX_FILE, lambda h, rules, service, own: nginx_text(rules, service, own),
         both_slashes=True, plain_paths=True),
    Host("vercel", "vercel.json", lambda h, rules, service, own: vercel_json(rules),
         plain_paths=True,
         limit=Limit(rules=1024, note="Vercel: about 1,024 redirects in vercel.json "
                     "(bulk redirects on paid plans take more)")),
    # `from,to,status` for any other tool: printed by `redirects --format csv`, never written.
    Host("csv", None, lambda h, rules, service, own: csv_text(rules), plain_paths=True),
)}
