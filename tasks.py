"""Tasks: `invoke --list`. The README's ./run script sets up .venv and calls these."""

import os
import shutil
import sys
from pathlib import Path

from invoke import task

from tools.build import ROOT, build_site

OUTPUT = ROOT / "output"
# Debian packages the tests need: Chromium and the fonts to see Chinese as readers
# do; Java for the Nu HTML Checker (vnu-jar).
SYSTEM_PACKAGES = "chromium fonts-noto-cjk default-jre-headless"
SYSTEM_FILES = ["/usr/bin/chromium", "/usr/bin/java"]
NODE_MODULES = ROOT / "node_modules"
NPM_STAMP = NODE_MODULES / ".installed"  # touched after a successful `npm ci`


def _build(settings, overrides=None):
    result = build_site(OUTPUT, settings, overrides=overrides)
    if result.log:
        print(result.log)
    if not result.ok:
        sys.exit("构建失败：请按上面的提示修改。output/ 中仍是上一次成功构建的网站。")
    print(f"构建成功：{OUTPUT.relative_to(ROOT)}/（{result.seconds:.1f} 秒）")


@task
def build(c):
    """Build the site into output/ (kept as it was if the build fails)."""
    _build(ROOT / "pelicanconf.py")


@task
def serve(c, port=8000, host="127.0.0.1"):
    """Build, then serve on http://127.0.0.1:8000/, rebuilding and reloading on save."""
    from tools.devserver import report
    from tools.devserver import serve as serve_site

    result = build_site(OUTPUT)
    report(result)
    if not result.ok and not (OUTPUT / "index.html").exists():
        sys.exit("第一次构建失败，没有可以预览的网站：请按上面的提示修改后重试。")
    serve_site(host, int(port), OUTPUT)


@task
def publish(c):
    """Production build with publishconf.py into output/ (set SITEURL in the environment)."""
    if not os.environ.get("SITEURL"):
        print("提示：没有设置 SITEURL，订阅源中的链接将是相对地址。")
    _build(ROOT / "publishconf.py")


@task
def clean(c):
    """Remove output/ and the build's staging folders."""
    for path in (OUTPUT, ROOT / ".output.staging", ROOT / ".output.previous"):
        shutil.rmtree(path, ignore_errors=True)


@task
def system_packages(c):
    """Install the Debian packages the tests need (Chromium, fonts, Java): root or sudo."""
    if all(Path(p).exists() for p in SYSTEM_FILES):
        return
    sudo = "" if os.geteuid() == 0 else "sudo "
    c.run(f"{sudo}apt-get update -qq", env={"DEBIAN_FRONTEND": "noninteractive"})
    c.run(
        f"{sudo}apt-get install -y -qq {SYSTEM_PACKAGES}",
        env={"DEBIAN_FRONTEND": "noninteractive"},
    )


@task
def npm(c):
    """Install the validators (vnu-jar, axe-core) from package-lock.json, when it changed."""
    lock_files = [ROOT / "package.json", ROOT / "package-lock.json"]
    if NPM_STAMP.exists() and all(
        path.stat().st_mtime <= NPM_STAMP.stat().st_mtime for path in lock_files
    ):
        return
    # --ignore-scripts: vnu-jar's install script would download a Java; Debian's is used.
    c.run("npm ci --ignore-scripts --no-audit --no-fund", pty=False)
    NPM_STAMP.touch()


@task(pre=[system_packages, npm])
def test(c):
    """Run every test: real builds, feeds, links and a headless Chromium."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{sys.executable} -m ruff check .")
    c.run(f"{sys.executable} -m ruff format --check .")
