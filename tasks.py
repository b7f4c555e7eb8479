"""Tasks: `invoke --list`. The README's ./run script sets up .venv and calls these."""

import os
import sys
from pathlib import Path

from invoke import task

from dangjian.build.pipeline import build_or_exit, build_site
from dangjian.paths import CACHES, OUTPUT, PUBLISH_SETTINGS, ROOT

NGINX = Path("/usr/sbin/nginx")
# Debian packages the tests need: Chromium and the fonts to see Chinese as readers
# do; Java for the Nu HTML Checker (vnu-jar); nginx (with its brotli module) to
# serve the built site; rsync for publish; zbar-tools to read the QR codes the pages draw.
SYSTEM_PACKAGES = (
    "chromium fonts-noto-cjk default-jre-headless nginx libnginx-mod-http-brotli-static rsync"
    " zbar-tools"
)
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
SYSTEM_FILES = [
    "/usr/bin/chromium", "/usr/bin/java", NGINX, BROTLI_MODULE, "/usr/bin/rsync",
    "/usr/bin/zbarimg",
]  # fmt: skip
# What only the build benchmark needs: Hugo, its peer B (bench/build.py).
BENCH_PACKAGES = "hugo"
BENCH_FILES = ["/usr/bin/hugo"]


def apt_install(c, packages, files):
    """Install Debian packages unless every one of `files` is there already."""
    if all(Path(p).exists() for p in files):
        return
    sudo = "" if os.geteuid() == 0 else "sudo "
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    c.run(f"{sudo}apt-get update -qq", env=env)
    c.run(f"{sudo}apt-get install -y -qq {packages}", env=env)


@task
def build(c):
    """Build the site into output/ (kept as it was if the build fails)."""
    build_or_exit(OUTPUT)


@task(help={"strict": "warnings fail the check too (CI)", "content": "another content folder"})
def check(c, content=None, strict=False):
    """Check every article and registry without building; one line per problem."""
    from dangjian.desk.check import run_check

    sys.exit(run_check(content, strict=strict))


@task(
    help={
        "file": "the page's text, as the layout system exports it",
        "date": "YYYY-MM-DD",
        "replace": "import the date again: replace the drafts the editor has not touched",
        "add-columns": "register the column heads the page prints and columns.toml lacks",
    }
)
def import_page(c, file, date="", replace=False, add_columns=False):
    """Turn a printed page's text into draft articles under content/articles/<date>/."""
    from dangjian.desk.importer import ImportStopped, import_page

    ask = input if sys.stdin.isatty() else None
    try:
        print(import_page(file, date, replace=replace, add_columns=add_columns, ask=ask))
    except ImportStopped as stopped:
        sys.exit(f"导入停止：{stopped}")
    except (EOFError, KeyboardInterrupt):
        sys.exit("\n已取消，没有写入任何文件。")


@task
def new(c, column="", type="", title="", branches="", author="", photographer="", person=""):
    """Start an article: asks for column, type, title and branches unless given as flags."""
    from dangjian.desk.new import NewStopped, new_article

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
    from dangjian.preview.server import report
    from dangjian.preview.server import serve as serve_site

    result = build_site(OUTPUT)
    report(result)
    if not result.ok and not (OUTPUT / "index.html").exists():
        sys.exit("第一次构建失败，没有可以预览的网站：请按上面的提示修改后重试。")
    serve_site(host, int(port), OUTPUT)


@task(
    help={
        "rsync": "then copy output/ there: user@host:/path or a folder",
        "gh-pages": "then commit output/ to the gh-pages branch and push it to origin",
    }
)
def publish(c, rsync=None, gh_pages=False):
    """Production build (publishconf.py; SITEURL=https://… in the environment), then deploy."""
    from dangjian.build import publish

    build_or_exit(OUTPUT, PUBLISH_SETTINGS)
    if rsync:
        publish.to_rsync(OUTPUT, rsync)
    if gh_pages:
        publish.to_gh_pages(OUTPUT)


@task
def rollback(c):
    """Swap the previous build back into output/ (run it again to undo)."""
    from dangjian.build import BuildFailed
    from dangjian.build.pipeline import rollback as swap_back

    try:
        swap_back(OUTPUT)
    except BuildFailed as error:
        sys.exit(str(error))
    except OSError as error:  # the folders could not be swapped: both stay as they were
        sys.exit(f"无法恢复上一次构建的网站（{error}），output/ 保持不变。")
    print("已恢复上一次构建的网站；再运行一次 rollback 可换回。")


@task
def clean(c):
    """Remove output/, the previous build kept for rollback, the caches (search index, rendered
    pages, QR codes, page images) and leftovers (not while a build runs)."""
    from dangjian.build import BuildFailed
    from dangjian.build.pipeline import clean as remove_builds

    try:
        remove_builds(OUTPUT, also=[ROOT / name for name in CACHES])
    except BuildFailed as error:
        sys.exit(f"没有清除：{error}")


@task
def system_packages(c):
    """Install the Debian packages the tests need (Chromium, fonts, Java, nginx, rsync)."""
    apt_install(c, SYSTEM_PACKAGES, SYSTEM_FILES)


@task(pre=[system_packages])
def test(c):
    """Check the content strictly (as CI does), then run every test: real builds, feeds,
    links and a headless Chromium."""
    from dangjian.desk.check import run_check

    if run_check(strict=True):
        sys.exit("内容检查（--strict）未通过，没有运行测试：请按上面的提示修改。")
    # One worker per core, each taking whole test files: a file's tests share its fixtures
    # (and the sites they build); the builds themselves use every core too. At most four:
    # each worker builds the shared sites and starts a Chromium of its own.
    c.run(
        f"{sys.executable} -m pytest --numprocesses auto --maxprocesses 4 --dist loadfile",
        pty=False,
    )


@task(
    help={
        "sizes": "comma-separated numbers of articles",
        "runs": "builds per configuration",
        "baseline": "another checkout of the project to compare with (bench/build.py)",
    }
)
def bench(c, sizes="2000,5000", runs=3, baseline=""):
    """Build speed against Pelican + Pagefind and Hugo + Pagefind, cold and for a new day's
    publish, on a synthetic corpus (bench/build.py); installs Debian's hugo first."""
    apt_install(c, BENCH_PACKAGES, BENCH_FILES)
    options = f" --baseline {baseline}" if baseline else ""
    c.run(
        f"{sys.executable} -m bench.build {sizes.replace(',', ' ')} --runs {runs}{options}",
        pty=False,
    )


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{sys.executable} -m ruff check .")
    c.run(f"{sys.executable} -m ruff format --check .")
