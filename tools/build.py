"""Build the site into a staging folder; swap it in only when the build succeeds.

Pelican runs in a child process, so every build starts from fresh plugin state
and a failed build cannot leave a half-written or emptied output folder: the
last good site stays where it was.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tools.search import SearchIndexError, index_site

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    ok: bool
    log: str  # everything Pelican printed
    seconds: float


def build_site(
    output=ROOT / "output",
    settings=ROOT / "pelicanconf.py",
    content=None,
    overrides=None,
):
    """Build `content` (the settings' PATH by default) into `output`.

    `overrides` are extra Pelican settings, e.g. {"SITEURL": "https://x"}.
    """
    output = Path(output).resolve()
    staging = output.with_name(f".{output.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", *([str(content)] if content else [])]
    command += ["-s", str(settings), "-o", str(staging), "--log-handler", "plain"]
    if overrides:  # one -e for all: a second -e would replace the first
        command += ["-e"] + [
            f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in overrides.items()
        ]
    started = time.monotonic()
    # Long Chinese lines stay whole in the log; PYTHONUTF8 for odd locales.
    env = {**os.environ, "COLUMNS": "200", "PYTHONUTF8": "1"}
    process = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env
    )
    log = (process.stdout + process.stderr).strip()
    if process.returncode != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, log, time.monotonic() - started)
    try:  # index the staged site: a failed index never replaces the live one
        index_site(staging)
    except SearchIndexError as error:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, f"{log}\n{error}".strip(), time.monotonic() - started)
    _swap_in(staging, output)
    return BuildResult(True, log, time.monotonic() - started)


def _swap_in(staging, output):
    previous = output.with_name(f".{output.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
