"""Tasks: `invoke --list`. The README's ./run script sets up .venv and calls these."""

import os
import shutil
import sys
from pathlib import Path

from invoke import task

from tools.build import ROOT, build_site

OUTPUT = ROOT / "output"
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_PACKAGES = "chromium fonts-noto-cjk"  # the fonts, to see Chinese as readers do


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
def check(c, content=None):
    """Check every article and registry without building; one line per problem."""
    from tools.check_content import run_check

    sys.exit(run_check(content))


@task(help={"file": "the page's text, as the layout system exports it", "date": "YYYY-MM-DD"})
def import_page(c, file, date=""):
    """Turn a printed page's text into draft articles under content/articles/<date>/."""
    from tools.importer import ImportStopped, import_page

    try:
        print(import_page(file, date))
    except ImportStopped as stopped:
        sys.exit(f"导入停止：{stopped}")


@task
def new(c, column="", type="", title="", branches="", author="", photographer="", person=""):
    """Start an article: asks for column, type, title and branches unless given as flags."""
    from tools.new import NewStopped, new_article

    ask = input if sys.stdin.isatty() else None
    try:
        path = new_article(
            column=column,
            piece_type=type,
            title=title,
            branches=branches,
            author=author,
            photographer=photographer,
            person=person,
            ask=ask,
        )
    except NewStopped as stopped:
        sys.exit(f"没有新建稿件：{stopped}")
    except (EOFError, KeyboardInterrupt):
        sys.exit("\n已取消，没有新建稿件。")
    print(
        f"已新建：{Path(path).relative_to(ROOT)}（草稿）。"
        "写好正文后删去 Status: draft 一行即可发布。"
    )


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
def browser(c):
    """Install Debian's Chromium and Chinese fonts for the browser tests (needs root or sudo)."""
    if CHROMIUM.exists():
        return
    sudo = "" if os.geteuid() == 0 else "sudo "
    c.run(f"{sudo}apt-get update -qq", env={"DEBIAN_FRONTEND": "noninteractive"})
    c.run(
        f"{sudo}apt-get install -y -qq {BROWSER_PACKAGES}",
        env={"DEBIAN_FRONTEND": "noninteractive"},
    )


@task(pre=[browser])
def test(c):
    """Run every test: real builds, feeds, links and a headless Chromium."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{sys.executable} -m ruff check .")
    c.run(f"{sys.executable} -m ruff format --check .")
