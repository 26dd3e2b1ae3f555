"""Site build benchmark: the generated site against a hand-written one.

    python3 bench/run.py [--sizes 100,1000,10000] [--repeat N] [--quick]

For each size: write a synthetic catalog (bench/synth.py) and build it with
the repository's mkdocs.yml, write the equivalent hand-written Markdown site
and build it with the same MkDocs and Material configuration, then time both
alternately (fresh `python -m mkdocs build` processes, generated first on even
rounds and hand first on odd ones). Prints, per size, the median wall time and
peak RSS of each side and the median of the per-round ratios
generated/hand; then the 10,000/1,000 linearity, the page weight of the
1,000-code sites, the `mkdocs serve` rebuild time after editing one entry, and
the gate's scan benchmark when bench/scan_bench.py exists. Everything is
written under bench/out/ (git-ignored); results.json keeps the figures.
"""
from __future__ import annotations

import argparse
import html.parser
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

RATIO_LIMIT = 1.10
LINEAR_LIMIT = 11.0


# -- one build ---------------------------------------------------------------

@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system CPU time of the build process
    peak_mb: float
    sys: float = 0.0  # the system (kernel) part of `cpu`: mostly creating files


def build(side: str, n_dir: Path, out: Path) -> Run:
    """One fresh `mkdocs build` process into the new folder `out`; its wall
    time, CPU time and peak RSS (from wait4)."""
    if out.exists():
        raise FileExistsError(f"{out} exists: every build writes into a new folder")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    if side == "generated":
        env["CATALOG_DIR"] = str(n_dir / "catalog")
        cmd += ["-f", str(REPO / "mkdocs.yml")]
    else:
        cmd += ["-f", str(n_dir / "hand" / "mkdocs.yml")]
    log = n_dir / f"{side}.log"
    with open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=err, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{side} build of {n_dir.name} failed ({proc.returncode}):\n{log.read_text()[-4000:]}")
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, usage.ru_stime)


# -- what the generated sections contain ---------------------------------------

class _Text(html.parser.HTMLParser):
    """Visible text of a page's <article>, and counts of some tags inside it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 inside <article>
        self.skip = 0
        self.parts: list[str] = []
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.tags[tag] = self.tags.get(tag, 0) + 1
            if tag in ("script", "style"):
                self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.depth and tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(path: Path) -> _Text:
    p = _Text()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def detect_mirror(site: Path, es: list[synth.SynthEntry]) -> synth.Mirror:
    """Which optional parts the generated sections show, so the hand site shows the same.

    Translations: the first codes' Japanese messages are on their page.
    Examples: <pre> blocks per surface of the codes of the first category, on its
    page or, when it is split, on its part pages.
    """
    first = synth.CATEGORIES[0][0]
    pages = sorted((site / "reference" / first).rglob("index.html"))
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    codes = [e for e in es if e.category == first]
    shown = any(e.translation("ja") in text for e in codes[:5])
    pres = sum(page_text(p).tags.get("pre", 0) for p in pages)
    surfaces = sum(len(e.surfaces) for e in codes)
    return synth.Mirror(locale_table=shown, examples=round(pres / max(1, surfaces)))


def text_per_code(site: Path, es: list[synth.SynthEntry]) -> float:
    """Visible characters per code on the category pages (content parity check)."""
    # A split category's entries are on its part pages (reference/<cid>/<part>/).
    chars = sum(len(page_text(p).text()) for cid, *_ in synth.CATEGORIES
                for p in sorted((site / "reference" / cid).rglob("index.html")))
    return chars / max(1, len(es))


# -- page weight ---------------------------------------------------------------

def weight(site: Path, errors_path: str = synth.ERRORS_PATH) -> dict:
    # Every HTML page of the site (overview, A-Z pages, category parts), not only categories.
    pages = sorted(site.rglob("*.html"), key=lambda p: (p.stat().st_size, p.as_posix()))
    index = site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    texts: dict[str, int] = {}
    for d in docs:
        t = d.get("text", "").strip()
        if t:
            texts[t] = texts.get(t, 0) + 1
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "largest_page": pages[-1].relative_to(site).as_posix() if pages else None,
        "largest_page_bytes": pages[-1].stat().st_size if pages else 0,
        "search_index_bytes": index.stat().st_size,
        "search_docs": len(docs),
        "search_docs_redirects": sum(1 for d in docs if d["location"].startswith(errors_path.lstrip("/"))),
        "search_duplicate_texts": sum(n - 1 for n in texts.values() if n > 1),
        "site_files": len(files),
        "site_bytes": sum(p.stat().st_size for p in files),
    }


# -- mkdocs serve: one edited entry --------------------------------------------

# What each side's author edits: one entry's cause, in the catalog or in the page.
_SERVE_EDIT = {
    "generated": ("catalog", "errors/resources.yaml", r"(\n  cause: The )"),
    "hand": ("hand", "docs/reference/resources.md", r"(\*\*Cause\*\*\n\nThe )"),
}


_POLLING = 0.5  # mkdocs.livereload's polling interval (seconds)


def serve_rebuild(side: str, n_dir: Path, work: Path, edits: int, timeout: float = 300.0) -> dict:
    """Start `mkdocs serve` on one side's copy, edit one entry `edits` times, time each rebuild.

    `edit_to_reload` runs from the file write to the "Reloading browsers" log
    line (it includes MkDocs' 0.5 s polling and 0.1 s settle delay);
    `rebuild` from "Building documentation..." to that line.
    """
    folder, rel, pattern = _SERVE_EDIT[side]
    copy = work / f"serve-{side}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(n_dir / folder, copy)
    target = copy / rel
    with socket.socket() as s:  # a free ephemeral port (MkDocs prints the URL it gets)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f"]
    if side == "generated":
        env["CATALOG_DIR"] = str(copy)
        cmd.append(str(REPO / "mkdocs.yml"))
    else:
        cmd.append(str(copy / "mkdocs.yml"))
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[tuple[float, str]] = []
    cond = threading.Condition()

    def reader():
        for line in proc.stdout:
            with cond:
                lines.append((time.perf_counter(), line.rstrip()))
                cond.notify_all()
        with cond:
            lines.append((time.perf_counter(), "<exit>"))
            cond.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(text: str, after: int) -> tuple[int, float]:
        deadline = time.monotonic() + timeout
        with cond:
            while True:
                for i in range(after, len(lines)):
                    if text in lines[i][1]:
                        return i, lines[i][0]
                    if lines[i][1] == "<exit>":
                        raise RuntimeError("mkdocs serve exited:\n" + "\n".join(x for _, x in lines[-30:]))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no '{text}' within {timeout:.0f} s; last lines:\n"
                                       + "\n".join(x for _, x in lines[-10:]))
                cond.wait(left)

    result: dict = {"edits": [], "rebuilds": [], "extra_rebuilds": 0, "verified": False}
    try:
        wait_for("Serving on", 0)
        time.sleep(1.5)  # let the watcher take its first snapshot
        for k in range(edits):
            text = target.read_text(encoding="utf-8")
            marker = f"edited{k}x"
            text, found = re.subn(pattern, rf"\1{marker} ", text, count=1)
            if not found:
                raise RuntimeError(f"{target}: nothing to edit")
            with cond:
                pos = len(lines)
            t0 = time.perf_counter()
            target.write_text(text, encoding="utf-8")
            i_build, t_build = wait_for("Building documentation", pos)
            i_end, t_end = wait_for("Reloading browsers", i_build)
            result["edits"].append(t_end - t0)
            result["rebuilds"].append(t_end - t_build)
            # Settle (and count rebuilds the one edit caused beyond the first), then wait a
            # further k/edits of the watcher's polling interval: a fixed pause would put every
            # edit at the same moment of the 0.5 s polling cycle, a moment that depends on how
            # long the side's rebuild took, so one side would always wait longer than the other.
            # Spread evenly, each side's median waits about half a cycle, as a person's edit does.
            time.sleep(2.0)
            with cond:
                result["extra_rebuilds"] += sum("Building documentation" in x for _, x in lines[i_end:])
            time.sleep(_POLLING * k / edits)
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/reference/resources/", timeout=30) as r:
            result["verified"] = f"edited{edits - 1}x" in r.read().decode("utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # our own serve process group only
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return result


# -- the machine ---------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass

    def ver(pkg: str) -> str:
        try:
            return importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            return "-"

    return {
        "cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory": mem,
        "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}",
        "versions": {p: ver(p) for p in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "Markdown",
                                         "PyYAML", "Jinja2", "Babel", "jsonschema")},
    }


# -- the run ---------------------------------------------------------------------

@dataclass
class SizeResult:
    codes: int
    generated: list[Run] = field(default_factory=list)
    hand: list[Run] = field(default_factory=list)
    mirror: dict = field(default_factory=dict)
    text_per_code: dict = field(default_factory=dict)
    sites: dict = field(default_factory=dict)  # side -> the folder of its last build

    def ratios(self, what: str = "seconds") -> list[float]:
        """generated/hand of each round (both builds of a round ran back to back)."""
        return [getattr(g, what) / getattr(h, what) for g, h in zip(self.generated, self.hand)]

    def med(self, side: str, what: str = "seconds") -> float:
        return statistics.median(getattr(r, what) for r in getattr(self, side))

    def peak(self, side: str) -> float:
        return max(r.peak_mb for r in getattr(self, side))


class Sites:
    """Where the builds write: a new, never used folder for every build.

    By default the folders are on tmpfs (`/dev/shm`), removed at exit. On this
    VM's ext4, creating a file gets slower the more inodes were freed in the
    last minutes: ext4 skips recently deleted inodes (`recently_deleted` in
    `find_inode_bit`, 60 s, 6 min while their table block is dirty; seen with
    `perf record -g`). The 3,826 fallback pages of the 1,000-code site took
    0.3 s of system time after a quiet spell and up to 1.4 s after earlier
    rounds, test runs or the previous benchmark had deleted sites. That is the
    disk's history, not the build's cost, and it only hits the side that
    writes many files. `--sites-in DIR` builds on a disk folder instead (old
    folders are then renamed aside, not deleted, until the run ends).
    """

    def __init__(self, root: Path | None):
        shm = Path("/dev/shm")
        self.temporary = root is None and shm.is_dir() and os.access(shm, os.W_OK)
        if root is None:
            root = Path(tempfile.mkdtemp(prefix="ec-bench-", dir=shm if self.temporary else None))
            self.temporary = True
        self.root = root.resolve()
        self.trash = self.root / "trash"
        self.count = 0

    def new(self, n: int, side: str) -> Path:
        self.count += 1
        path = self.root / f"n{n}" / "builds" / f"{self.count:03d}-{side}"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def retire(self, path: Path) -> None:
        if path.exists():
            self.trash.mkdir(parents=True, exist_ok=True)
            path.rename(self.trash / f"{time.time_ns()}-{path.name}")

    def finish(self) -> None:
        shutil.rmtree(self.root if self.temporary else self.trash, ignore_errors=True)


def bench_size(n: int, out: Path, repeat: int, warmup: bool, sites: Sites) -> SizeResult:
    n_dir = out / f"n{n}"
    n_dir.mkdir(parents=True, exist_ok=True)
    sites.retire(sites.root / f"n{n}" / "builds")
    t = time.perf_counter()
    es = synth.write_catalog(n_dir / "catalog", n)
    res = SizeResult(n)
    # One generated build first: it checks the catalog builds, and shows which
    # optional parts (translations, examples) the hand site has to mirror.
    site = sites.new(n, "generated")
    first = build("generated", n_dir, site)
    res.sites["generated"] = site
    mirror = detect_mirror(site, es)
    synth.write_hand_site(n_dir / "hand", es, REPO, mirror)
    res.mirror = asdict(mirror)
    print(f"  {n} codes: generated in {time.perf_counter() - t:.1f} s; baseline mirrors "
          f"locale table={'yes' if mirror.locale_table else 'no'}, examples per surface={mirror.examples}",
          flush=True)
    if not warmup:
        res.generated.append(first)
    else:
        res.sites["hand"] = sites.new(n, "hand")
        build("hand", n_dir, res.sites["hand"])  # warm caches for the hand side too
    for r in range(repeat):
        order = ("generated", "hand") if r % 2 == 0 else ("hand", "generated")
        if not warmup and r == 0:
            order = ("hand",)
        for side in order:
            res.sites[side] = sites.new(n, side)
            run = build(side, n_dir, res.sites[side])
            getattr(res, side).append(run)
            print(f"    round {r + 1}/{repeat} {side:9} wall {run.seconds:7.2f} s  CPU {run.cpu:7.2f} s "
                  f"(system {run.sys:5.2f} s) {run.peak_mb:6.0f} MB", flush=True)
    res.text_per_code = {side: round(text_per_code(res.sites[side], es), 1) for side in ("generated", "hand")}
    keep = set(res.sites.values())
    for old in sorted((sites.root / f"n{n}" / "builds").iterdir()):
        if old not in keep:
            sites.retire(old)
    return res


def fmt_mb(x: float) -> str:
    return f"{x:.0f} MB"


def _ratio(values: list[float]) -> str:
    m = statistics.median(values)
    flag = "" if m <= RATIO_LIMIT else " **over 1.10**"
    return f"{m:.3f}{flag} ({min(values):.2f}–{max(values):.2f})"


def report(results: list[SizeResult]) -> list[str]:
    lines = [
        "| codes | wall gen / hand (medians) | **wall ratio** (range) | CPU gen / hand (medians) "
        "| **CPU ratio** (range) | peak RSS gen / hand | visible text per code gen / hand |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.codes:,} | {r.med('generated'):.2f} s / {r.med('hand'):.2f} s | {_ratio(r.ratios())} "
            f"| {r.med('generated', 'cpu'):.2f} s / {r.med('hand', 'cpu'):.2f} s | {_ratio(r.ratios('cpu'))} "
            f"| {fmt_mb(r.peak('generated'))} / {fmt_mb(r.peak('hand'))} "
            f"| {r.text_per_code['generated']:.0f} / {r.text_per_code['hand']:.0f} chars |")
    lines += ["", "Ratios are medians of the per-round ratios generated/hand (range in brackets)."]
    by = {r.codes: r for r in results}
    if 1000 in by and 10000 in by:
        for what, label in (("seconds", "wall"), ("cpu", "CPU")):
            g = by[10000].med("generated", what) / by[1000].med("generated", what)
            h = by[10000].med("hand", what) / by[1000].med("hand", what)
            ok = "ok" if g <= LINEAR_LIMIT else "OVER the limit"
            lines.append(f"Linearity ({label}), 10,000 / 1,000 codes: generated {g:.2f}x "
                         f"(limit {LINEAR_LIMIT:.0f}x, {ok}), hand-written {h:.2f}x.")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="codes per catalog, comma-separated")
    ap.add_argument("--repeat", type=int, default=5, help="timed builds per side and size (default 5)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 100 codes, 2 rounds, no serve, no scan")
    ap.add_argument("--no-warmup", action="store_true", help="time the first builds too")
    ap.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild measurement")
    ap.add_argument("--no-scan", action="store_true", help="skip bench/scan_bench.py")
    ap.add_argument("--serve-edits", type=int, default=5, help="edits timed under mkdocs serve (default 5)")
    ap.add_argument("--out", default=str(HERE / "out"), help="work folder (default bench/out)")
    ap.add_argument("--sites-in", help="build the sites in this disk folder instead of a tmpfs one")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.no_serve, args.no_scan = "100", min(args.repeat, 2), True, True
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    m = machine()
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; Python {m['python']}; "
          + ", ".join(f"{k} {v}" for k, v in m["versions"].items()), flush=True)
    print(f"Load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    started = time.time()
    sites = Sites(Path(args.sites_in) if args.sites_in else None)
    print(f"Sites built in {sites.root}{' (tmpfs, removed at exit)' if sites.temporary else ''}", flush=True)
    try:
        return run_all(args, sizes, out, sites, m, started)
    finally:
        sites.finish()


def run_all(args: argparse.Namespace, sizes: list[int], out: Path, sites: Sites, m: dict, started: float) -> int:
    results = [bench_size(n, out, args.repeat, not args.no_warmup, sites) for n in sizes]
    summary = {"machine": m, "repeat": args.repeat, "sizes": {}, "started": started}
    for r in results:
        summary["sizes"][r.codes] = {
            "generated_s": [round(x.seconds, 3) for x in r.generated],
            "hand_s": [round(x.seconds, 3) for x in r.hand],
            "generated_cpu_s": [round(x.cpu, 3) for x in r.generated],
            "hand_cpu_s": [round(x.cpu, 3) for x in r.hand],
            "ratios": [round(x, 4) for x in r.ratios()],
            "ratio_median": round(statistics.median(r.ratios()), 4),
            "cpu_ratios": [round(x, 4) for x in r.ratios("cpu")],
            "cpu_ratio_median": round(statistics.median(r.ratios("cpu")), 4),
            "peak_mb": {"generated": round(r.peak("generated")), "hand": round(r.peak("hand"))},
            "mirror": r.mirror, "text_per_code": r.text_per_code,
            "sites": {side: str(path) for side, path in r.sites.items()},
        }

    print("\n## Build times\n")
    print("\n".join(report(results)))

    by_size = {r.codes: r for r in results}
    summary["weight_by_size"] = {}
    for wsize in sizes:
        n = by_size[wsize]
        w = {side: weight(n.sites[side]) for side in ("generated", "hand")}
        for side in w:
            w[side]["search_bytes_per_code"] = w[side]["search_index_bytes"] / wsize
        summary["weight_by_size"][str(wsize)] = w
        if wsize == (1000 if 1000 in sizes else sizes[-1]):
            summary["weight"] = {"codes": wsize, **w}
        print(f"\n## Page weight, {wsize:,} codes\n")
        print("| | generated | hand-written | ratio |\n|---|---:|---:|---:|")
        for key, label in (("largest_page_bytes", "largest HTML page"), ("search_index_bytes", "search_index.json"),
                           ("search_bytes_per_code", "search index bytes per code"),
                           ("search_docs", "search index documents"),
                           ("search_docs_redirects", "search documents under /errors/ (redirects)"),
                           ("search_duplicate_texts", "search documents repeating another's text"),
                           ("site_files", "files in the site"), ("site_bytes", "site size")):
            a, b = w["generated"][key], w["hand"][key]
            ratio = f"{a / b:.2f}" if b else "—"
            if key == "search_bytes_per_code":
                a, b = f"{a:,.0f} B", f"{b:,.0f} B"
            elif key.endswith("bytes"):
                a, b = f"{a / 1024:,.0f} KiB", f"{b / 1024:,.0f} KiB"
            print(f"| {label} | {a} | {b} | {ratio} |")

    if not args.no_serve:
        ssize = 1000 if 1000 in sizes else sizes[-1]
        print(f"\n## mkdocs serve, {ssize:,} codes: edit one entry\n", flush=True)
        summary["serve"] = {"codes": ssize}
        print("| | edit -> browsers reloaded (median) | each edit | rebuild alone (median) | edit served |\n"
              "|---|---:|---|---:|---|")
        for side in ("generated", "hand"):
            try:
                s = serve_rebuild(side, out / f"n{ssize}", out, args.serve_edits)
            except (TimeoutError, RuntimeError) as e:
                summary["serve"][side] = {"error": str(e)}
                print(f"| {side} | no rebuild: {e} | | | |")
                continue
            summary["serve"][side] = s
            print(f"| {side} | {statistics.median(s['edits']):.2f} s | {', '.join(f'{x:.2f}' for x in s['edits'])} "
                  f"| {statistics.median(s['rebuilds']):.2f} s | {'yes' if s['verified'] else 'NO'} |")
        both = [summary["serve"].get(side, {}) for side in ("generated", "hand")]
        if all("edits" in x for x in both):
            ratio = statistics.median(both[0]["edits"]) / statistics.median(both[1]["edits"])
            summary["serve"]["ratio"] = round(ratio, 3)
            print(f"\nreload ratio generated / hand: **{ratio:.2f}** (target ≤ 0.35)")

    print(f"\nLoad average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"total {time.time() - started:.0f} s")
    (out / "results.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

    scan = HERE / "scan_bench.py"
    if scan.exists() and not args.no_scan:
        print("\n## Scan benchmark (bench/scan_bench.py)\n", flush=True)
        subprocess.run([sys.executable, str(scan)], cwd=REPO, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
