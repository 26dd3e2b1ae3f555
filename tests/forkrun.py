"""Many `python -m mkdocs build` runs, each in a process of its own, without paying
Python's start-up and the imports of MkDocs, Material and the plugin every time (most
of the time of a build that fails on its catalog): one process imports them once and
forks a child per run, which runs `python -m mkdocs` (runpy, as the interpreter does)
with the run's arguments, environment and working folder. The child's output and exit
status are the run's; nothing a run does reaches the next one."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_SERVER = r"""
import json, os, runpy, sys, traceback
import mkdocs.__main__, mkdocs.commands.build, material.plugins.search.plugin  # noqa: F401 - imported once
import mkdocs_macros.plugin, error_catalog.plugin.plugin  # noqa: F401
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        out = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        sys.argv = ["mkdocs", *job["args"]]
        sys.path.insert(0, job["cwd"])  # as `python -m` puts the working folder first
        sys.modules.pop("mkdocs.__main__")  # run anew as __main__; what it imports stays imported
        code = 0
        try:
            runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
        except SystemExit as e:
            if isinstance(e.code, str):
                print(e.code, file=sys.stderr)
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class MkDocsRuns:
    """`with MkDocsRuns() as runs: code, output = runs.run([...], cwd, env, log)`."""

    def __enter__(self) -> MkDocsRuns:
        self._proc = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        return self

    def run(self, args: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[int, str]:
        """`python -m mkdocs <args>` in `cwd` with exactly `env`: (exit status, stdout and stderr)."""
        job = {"args": args, "cwd": str(cwd), "env": env, "log": str(log)}
        self._proc.stdin.write(json.dumps(job) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the mkdocs runner stopped (exit {self._proc.wait()})")
        return json.loads(line), log.read_text(encoding="utf-8", errors="replace")

    def __exit__(self, *exc) -> None:
        self._proc.stdin.close()
        self._proc.wait(timeout=60)
