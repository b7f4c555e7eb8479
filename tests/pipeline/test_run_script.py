"""./run in a copy of the project that borrows this checkout's .venv, as
../shared/real-pages/score.py copies it for each page: the copy runs its own code, and this
checkout's editable install is left pointing at this checkout (it used to be pointed at the
copy, which is deleted after the page)."""

import os
import shutil
import subprocess

import pytest

from support import ROOT

MARK = "代码来自副本"  # printed by the copy's code only


def test_a_copy_borrowing_the_venv_runs_its_own_code_and_leaves_the_install_alone(tmp_path):
    venv = ROOT / ".venv"
    finders = sorted(venv.glob("lib/python*/site-packages/__editable__*dangjian*finder.py"))
    if not finders:
        pytest.skip("the package is not installed editable in .venv (./run installs it so)")
    finder, before = finders[0], finders[0].read_bytes()
    copy = tmp_path / "copy"
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(venv)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    for pinned in [*copy.glob("requirements*.txt"), copy / "package-lock.json"]:
        os.utime(pinned, (946684800, 946684800))  # 2000-01-01: nothing to install
    os.utime(copy / "pyproject.toml")  # newer than the install, as in a fresh copy
    check = copy / "dangjian" / "desk" / "check.py"
    check.write_text(check.read_text("utf-8") + f"\nprint({MARK!r})\n", "utf-8")
    try:
        done = subprocess.run(
            ["./run", "check"], cwd=copy, capture_output=True, text=True, timeout=300
        )
    finally:
        changed = finder.read_bytes() != before
        if changed:  # this checkout's install back, whatever happened in the copy
            finder.write_bytes(before)
    assert not changed, "./run in the copy pointed this checkout's install at the copy"
    assert done.returncode == 0, done.stdout + done.stderr
    assert MARK in done.stdout
