"""Synthetic catalogs and the equivalent hand-written Material site.

`write_catalog(dir, n)` writes a catalog of `n` codes in 10 categories that
uses every part of the catalog format: 6 locales with PO files for the five
translated ones (written with Babel), `type_base` and `documentation_base`,
numbers in category ranges, HTTP, socket and SDK codes, aliases, deprecated and
retired codes with successors, headers, troubleshooting advice and an emitted
list. Output is deterministic: the same `n` gives the same bytes.

`write_hand_site(dir, entries, ...)` writes what a team would write by hand for
the same content: plain Markdown pages built by the same MkDocs and Material
configuration (the repository's mkdocs.yml, inherited) without the macros
and error-catalog plugins. What it contains is documented in bench/README.md.
"""
from __future__ import annotations

import json
import random
from datetime import datetime, timezone
import shutil
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import yaml
from babel import Locale
from babel.messages.catalog import Catalog as POCatalog
from babel.messages.pofile import write_po

LOCALES = ("en", "es", "fr", "de", "ja", "zh")
ERRORS_PATH = "/errors/"
TYPE_BASE = "https://synth.example/problems/"
DOC_BASE = "https://docs.synth.example/errors/"

# (id, title, statuses the category's HTTP codes use, surfaces)
CATEGORIES = (
    ("auth", "Authentication & access", (401, 403), ("http", "socket")),
    ("validation", "Request validation", (400, 422), ("http",)),
    ("resources", "Resources", (404, 409, 410), ("http",)),
    ("rate-limits", "Rate limits & quotas", (429,), ("http",)),
    ("billing", "Billing & plans", (402, 403), ("http",)),
    ("storage", "Files & storage", (413, 415, 507), ("http",)),
    ("search", "Search & queries", (400, 408), ("http",)),
    ("realtime", "Real-time events", (), ("socket",)),
    ("server", "Server & upstream", (500, 502, 503, 504), ("http", "socket")),
    ("sdk", "Client SDKs", (), ("sdk",)),
)
SURFACES = {"http": "REST API", "socket": "WebSocket events", "sdk": "Client SDKs"}
RETRYABLE = {408, 429, 500, 502, 503, 504}

_NOUNS = ("token", "session", "workspace", "document", "comment", "upload", "invoice", "query",
          "index", "channel", "webhook", "member", "role", "quota", "export", "snapshot")
_STATES = ("expired", "invalid", "missing", "locked", "conflict", "too-large", "unavailable",
           "forbidden", "exceeded", "malformed", "revoked", "duplicate", "timeout", "stale")
_WORDS = ("request", "server", "client", "value", "limit", "field", "header", "version", "record",
          "window", "region", "account", "payload", "schema", "cursor", "lease", "replica", "key")
# Words that make translations look and weigh like real ones (accents, CJK).
_TRANSLATED = {
    "es": ("la", "solicitud", "falló", "porque", "el", "valor", "no", "es", "válido", "según"),
    "fr": ("la", "requête", "a", "échoué", "car", "la", "valeur", "n'est", "pas", "valide"),
    "de": ("die", "Anfrage", "ist", "fehlgeschlagen", "weil", "der", "Wert", "ungültig", "ist", "laut"),
    "ja": ("リクエスト", "は", "失敗", "しました", "値", "が", "無効", "です", "トークン", "期限"),
    "zh": ("请求", "失败", "因为", "该值", "无效", "令牌", "已过期", "服务器", "资源", "不存在"),
}


@dataclass(frozen=True)
class SynthEntry:
    """One code as the generator knows it (the hand-written site is made from these)."""

    code: str
    category: str
    title: str
    number: int
    status: int | None
    surfaces: tuple[str, ...]
    retryable: bool
    message: str
    cause: str
    recovery: str
    aliases: tuple[str, ...] = ()
    lifecycle: str = "active"
    replaced_by: str | None = None
    details: dict | None = None

    @property
    def anchor(self) -> str:
        # Same rule as error_catalog.core.permalinks.anchor for the codes made here; kept
        # independent so the baseline does not call project code.
        out = "".join(c if c.isalnum() else "-" for c in self.code.lower())
        while "--" in out:
            out = out.replace("--", "-")
        return out.strip("-")

    def translation(self, locale: str) -> str:
        if locale == LOCALES[0]:
            return self.message
        words = _TRANSLATED[locale]
        rnd = random.Random(f"{self.code}/{locale}")
        n = len(self.message.split())
        sep = "" if locale in ("ja", "zh") else " "
        text = sep.join(rnd.choice(words) for _ in range(n))
        return text[:1].upper() + text[1:] + ("。" if sep == "" else ".")


def entries(n: int) -> list[SynthEntry]:
    """`n` codes spread evenly over the 10 categories, in category order."""
    out: list[SynthEntry] = []
    per = [n // len(CATEGORIES) + (1 if k < n % len(CATEGORIES) else 0) for k in range(len(CATEGORIES))]
    i = 0
    for k, (cid, _title, statuses, surfaces) in enumerate(CATEGORIES):
        first = len(out)
        for j in range(per[k]):
            rnd = random.Random(i)
            noun, state = rnd.choice(_NOUNS), rnd.choice(_STATES)
            # Three code styles, as real catalogs mix them; the index keeps codes unique.
            style = i % 3
            if style == 0:
                code = f"{cid}/{noun}-{state}-{i}"
            elif style == 1:
                code = f"{cid.upper().replace('-', '_')}_{noun.upper()}_{state.upper().replace('-', '_')}_{i}"
            else:
                code = f"{noun}.{state}.{i}"
            status = statuses[j % len(statuses)] if statuses else None
            own = surfaces if status is None or j % 4 else surfaces[:1]
            w = [rnd.choice(_WORDS) for _ in range(6)]
            message = f"The {noun} {w[0]} is {state.replace('-', ' ')} for this {w[1]}"
            cause = (f"The `{noun}` sent with the {w[2]} was {state.replace('-', ' ')} when the "
                     f"{w[3]} checked it, so the {w[4]} could not be completed.")
            recovery = (f"Fetch a fresh `{noun}` and send the {w[5]} again. "
                        f"See the [{noun} guide](https://docs.synth.example/guides/{noun}) for the limits.")
            if status in RETRYABLE:
                recovery += " Retry with exponential backoff, honouring `Retry-After`."
            lifecycle, replaced_by = "active", None
            if i % 50 == 49 and j > 0:
                lifecycle, replaced_by = "retired", out[first].code
            elif i % 40 == 39 and j > 0:
                lifecycle, replaced_by = "deprecated", out[first].code
            out.append(SynthEntry(
                code=code, category=cid,
                title=f"{noun.capitalize()} {state.replace('-', ' ')} ({w[0]})",
                number=(k + 1) * 10000 + j, status=status, surfaces=own,
                retryable=status in RETRYABLE, message=message, cause=cause, recovery=recovery,
                aliases=(f"LEGACY_{i:05d}",) if i % 25 == 7 else (),
                lifecycle=lifecycle, replaced_by=replaced_by,
                details={"field": w[0], "limit": j % 100} if i % 10 == 3 else None))
            i += 1
    return out


# -- the catalog ---------------------------------------------------------------

def write_catalog(root: Path, n: int) -> list[SynthEntry]:
    """Write a catalog of `n` codes into `root` (replacing it); return its entries."""
    if root.exists():
        shutil.rmtree(root)
    (root / "errors").mkdir(parents=True)
    (root / "locales").mkdir()
    es = entries(n)
    head = {
        "service": "Synth",
        "envelope": "problem",
        "permalinks": {"errors_path": ERRORS_PATH, "type_base": TYPE_BASE, "documentation_base": DOC_BASE},
        "locales": list(LOCALES),
        "translations": {"missing": "fallback"},
        "surfaces": SURFACES,
        "headers": [
            {"name": "Retry-After", "description": "Seconds to wait before retrying.", "example": 30,
             "statuses": [429, 503], "retryable_only": True},
            {"name": "X-Request-Id", "description": "Identifier of the request; quote it to support.",
             "example": "req_123"},
        ],
        "categories": [
            {"id": cid, "title": title, "summary": f"Synthetic codes about {title.lower()}.",
             "numbers": f"{(k + 1) * 10000}-{(k + 1) * 10000 + 9999}"}
            for k, (cid, title, _s, _f) in enumerate(CATEGORIES)],
        "troubleshooting": {str(s): f"Check the `details` of the {s} response first." for s in
                            sorted({s for c in CATEGORIES for s in c[2]})},
        "emitted": [{"list": "emitted-codes.txt"}],
    }
    _dump(root / "catalog.yaml", head)
    for cid, *_ in CATEGORIES:
        _dump(root / "errors" / f"{cid}.yaml", [_entry_yaml(e) for e in es if e.category == cid])
    (root / "emitted-codes.txt").write_text(
        "# Codes the synthetic service emits (all but the retired ones).\n"
        + "".join(f"{e.code}\n" for e in es if e.lifecycle != "retired"), encoding="utf-8")
    for loc in LOCALES[1:]:
        fixed = datetime(2025, 1, 1, tzinfo=timezone.utc)  # deterministic PO headers
        po = POCatalog(locale=loc, project="Synth", version="1", fuzzy=False,
                       creation_date=fixed, revision_date=fixed,
                       header_comment=f"# Synthetic {loc} translations for the benchmark.")
        for e in es:
            po.add(e.message, e.translation(loc), context=e.code)
        with open(root / "locales" / f"{loc}.po", "wb") as f:
            write_po(f, po, width=0, omit_header=False, sort_output=False)
    return es


def _entry_yaml(e: SynthEntry) -> dict:
    d: dict = {"code": e.code, "category": e.category, "title": e.title}
    if e.status is not None:
        d["status"] = e.status
    d["surfaces"] = list(e.surfaces)
    d["number"] = e.number
    if e.retryable:
        d["retryable"] = True
    d["message"] = e.message
    d["cause"] = e.cause
    d["recovery"] = e.recovery
    if e.details:
        d["details"] = e.details
    if e.aliases:
        d["aliases"] = list(e.aliases)
    if e.lifecycle != "active":
        d["lifecycle"] = e.lifecycle
        d["replaced_by"] = e.replaced_by
    return d


def _dump(path: Path, data) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")


# -- the hand-written site -----------------------------------------------------

@dataclass(frozen=True)
class Mirror:
    """Which optional parts the generated sections show, so the baseline shows them too."""

    locale_table: bool = True
    examples: int = 0  # example blocks per surface of a code (the generated site shows one per surface)


def write_hand_site(root: Path, es: list[SynthEntry], repo: Path, mirror: Mirror) -> Path:
    """Write the hand-written equivalent site into `root`; return its mkdocs.yml."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    repo_cfg = _read_config(repo / "mkdocs.yml")
    repo_docs = repo / repo_cfg.get("docs_dir", "docs")
    # Every other page and asset of docs/ as it is: the same site around the codes.
    for src in sorted(repo_docs.rglob("*")):
        rel = src.relative_to(repo_docs)
        if src.is_file() and str(rel) not in ("index.md", "statuses.md"):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, docs / rel)
    # The stylesheet the plugin adds to a site, as a file of the hand-written one.
    css = docs / "assets" / "error-catalog" / "errors.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(repo / "error_catalog" / "plugin" / "assets" / "errors.css", css)
    by_code = {e.code: e for e in es}
    names = {loc: Locale.parse(loc).display_name for loc in LOCALES}
    for k, (cid, title, _s, _f) in enumerate(CATEGORIES):
        mine = [e for e in es if e.category == cid]
        (docs / "reference").mkdir(exist_ok=True)
        (docs / "reference" / f"{cid}.md").write_text(
            _category_page(k, cid, title, mine, by_code, names, mirror), encoding="utf-8")
    (docs / "index.md").write_text(_index_page(es), encoding="utf-8")
    (docs / "statuses.md").write_text(_statuses_page(es), encoding="utf-8")

    nav = list(repo_cfg.get("nav") or [{"Overview": "index.md"}])
    nav.insert(1, {"Errors": [{title: f"reference/{cid}.md"} for cid, title, _s, _f in CATEGORIES]})
    plugins = [p for p in repo_cfg.get("plugins", ["search"])
               if (p if isinstance(p, str) else next(iter(p))) not in ("macros", "error-catalog")]
    cfg = {
        "INHERIT": str((repo / "mkdocs.yml").resolve()),
        "site_name": "Synth error reference",
        "docs_dir": "docs",
        "plugins": plugins,
        "extra_css": ["assets/error-catalog/errors.css"],
        "nav": nav,
    }
    custom_dir = (repo_cfg.get("theme") or {}).get("custom_dir")
    if custom_dir:
        cfg["theme"] = {"custom_dir": str((repo / custom_dir).resolve())}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _read_config(path: Path) -> dict:
    """mkdocs.yml as plain data; tags (!ENV, !!python/name) become None (not needed here)."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}


def _reason(status: int | None) -> str:
    return HTTPStatus(status).phrase if status else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _category_page(k: int, cid: str, title: str, mine: list[SynthEntry], by_code: dict,
                   names: dict, mirror: Mirror) -> str:
    statuses: dict[int, int] = {}
    for e in mine:
        if e.status:
            statuses[e.status] = statuses.get(e.status, 0) + 1
    lo = (k + 1) * 10000
    used = f"{mine[0].number}–{mine[-1].number}" if mine else "none"
    out = [
        "---", f"title: {json.dumps(title)}", "---", "",
        f"# {title} {{ #_title }}", "",
        f"Synthetic codes about {title.lower()}.", "",
        "| | |", "|---|---|",
        f"| Codes | {len(mine)} |",
        f"| Numbers | {used} (of {lo}–{lo + 9999}) |",
        f"| HTTP statuses | {', '.join(f'{s} ({n})' for s, n in sorted(statuses.items())) or 'none'} |",
        "",
    ]
    for e in mine:
        out += _section(e, by_code, names, mirror)
    return "\n".join(out) + "\n"


def _section(e: SynthEntry, by_code: dict, names: dict, mirror: Mirror) -> list[str]:
    """One code: what the generated section shows, written as Markdown by hand."""
    badges = []
    if e.status:
        badges.append(f"**HTTP {e.status} {_reason(e.status)}**")
    badges.append(f"No. {e.number}")
    if e.retryable:
        badges.append("**Retryable**")
    badges += [SURFACES[s] for s in e.surfaces]
    if e.lifecycle != "active":
        badges.append(f"**{e.lifecycle.capitalize()}**")
    out = [f"## `{e.code}` · {e.title} {{ #{e.anchor} }}", "", " · ".join(badges), ""]
    if e.replaced_by:
        succ = by_code[e.replaced_by]
        link = f"[`{succ.code}`](#{succ.anchor})"
        if e.lifecycle == "retired":
            out += ['!!! note "Retired"',
                    "    This code is no longer returned; its section and links stay so that old "
                    f"responses and logs still land here. Its successor is {link}.", ""]
        else:
            out += ['!!! warning "Deprecated"',
                    f"    Still returned for now, but clients should stop relying on it. Use {link} instead.", ""]
    if e.aliases:
        out += ["Also returned as: " + ", ".join(f"`{a}`" for a in e.aliases), ""]
    if mirror.locale_table:  # the message in every locale (the generated table replaces the message line)
        out += ["| Locale | Message |", "|---|---|"]
        out += [f"| {names[loc]} (`{loc}`) | {_cell(e.translation(loc))} |" for loc in LOCALES]
        out.append("")
    else:
        out += [f"**Message** `{e.message}`", ""]
    for _ in range(mirror.examples):
        for s in e.surfaces:
            out += _example(e, s)
    out += ["**Cause**", "", e.cause, "", "**Recovery**", "", e.recovery, ""]
    return out


def _example(e: SynthEntry, surface: str) -> list[str]:
    """A collapsed block (pymdownx.details) with an example, as the generated sections
    have one per surface; an indented code block, as theirs is not highlighted."""
    if surface == "http":
        status = e.status or 400
        body = {"type": TYPE_BASE + e.code, "title": e.title, "status": status, "detail": e.message,
                "code": e.code, "documentation_url": DOC_BASE + str(e.number)}
        if e.details:
            body["details"] = e.details
        text = (f"HTTP/1.1 {status} {_reason(status)}\nContent-Type: application/problem+json\n\n"
                + json.dumps(body, indent=2, ensure_ascii=False))
        title = "Example response"
    elif surface == "socket":
        text = json.dumps({"event": "error", "data": {"code": e.code, "message": e.message}},
                          indent=2, ensure_ascii=False)
        title = "Example event"
    else:
        text = json.dumps({"code": e.code, "message": e.message}, indent=2, ensure_ascii=False)
        title = "Example SDK error"
    return [f'??? example "{title} · {SURFACES[surface]}"', "",
            *(f"        {line}" if line else "" for line in text.splitlines()), ""]


def _index_page(es: list[SynthEntry]) -> str:
    out = ["---", "title: Overview", "---", "", "# Synth error reference { #_title }", "",
           "Every error code Synth returns, with what causes it and how to recover. Each code has a "
           "permanent link: `/errors/<code>` always lands on its section.", "",
           "## Categories { #_categories }", "",
           "| Category | Codes | Numbers | HTTP statuses |", "|---|---|---|---|"]
    for k, (cid, title, *_r) in enumerate(CATEGORIES):
        mine = [e for e in es if e.category == cid]
        sts = ", ".join(str(s) for s in sorted({e.status for e in mine if e.status})) or "—"
        used = f"{mine[0].number}–{mine[-1].number}" if mine else "none"
        lo = (k + 1) * 10000
        out.append(f"| [{title}](reference/{cid}.md) | {len(mine)} | {used} (of {lo}–{lo + 9999}) | {sts} |")
    out.append(f"| **Total** | {len(es)} | | |")
    out += ["", "## All codes A–Z { #_a-z }", "", "| Code | Title | Status | Category |", "|---|---|---|---|"]
    titles = {cid: title for cid, title, *_r in CATEGORIES}
    for e in sorted(es, key=lambda e: (e.code.lower(), e.code)):
        status = f"{e.status} {_reason(e.status)}" if e.status else "—"
        life = "" if e.lifecycle == "active" else f" *{e.lifecycle}*"
        out.append(f"| [`{e.code}`](reference/{e.category}.md#{e.anchor}){life} | {e.title} | {status} | "
                   f"{titles[e.category]} |")
    return "\n".join(out) + "\n"


def _statuses_page(es: list[SynthEntry]) -> str:
    out = ["---", "title: HTTP statuses", "---", "", "# HTTP statuses { #_title }", "",
           "Each HTTP status Synth returns, the codes that carry it, and what to check first.", "",
           "| Status | Reason | Count | Codes | What to check |", "|---|---|---|---|---|"]
    by: dict[int, list[SynthEntry]] = {}
    for e in es:
        if e.status:
            by.setdefault(e.status, []).append(e)
    for s in sorted(by):
        codes = ", ".join(f"[`{e.code}`](reference/{e.category}.md#{e.anchor})"
                          for e in sorted(by[s], key=lambda e: e.code))
        out.append(f"| {s} | {_reason(s)} | {len(by[s])} | {codes} | Check the `details` of the {s} response first. |")
    return "\n".join(out) + "\n"
