"""Deploying a built site: to a gh-pages branch (ghp-import) and to an rsync target."""

import shutil
import subprocess

import pytest

from dangjian.build.publish import to_gh_pages, to_rsync
from support import article, tree_digest


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True).stdout


@pytest.fixture
def built(small_site):
    result, site = small_site({"articles/a.md": article(title="好稿件")})
    assert result.ok, result.log
    return site


def test_gh_pages_branch_holds_exactly_the_built_site(built, tmp_path):
    remote, clone = tmp_path / "remote.git", tmp_path / "clone"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    git("init", "--quiet", str(clone), cwd=tmp_path)
    git("config", "user.name", "测试", cwd=clone)
    git("config", "user.email", "test@example.cn", cwd=clone)
    git("remote", "add", "origin", str(remote), cwd=clone)

    for _ in range(2):  # the second publication replaces the first
        to_gh_pages(built.root, repo=clone)
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).decode().split()
    built_files = sorted(
        str(p.relative_to(built.root)) for p in built.root.rglob("*") if p.is_file()
    )
    assert sorted(files) == sorted([*built_files, ".nojekyll"])
    assert (
        git("show", "gh-pages:index.html", cwd=remote) == (built.root / "index.html").read_bytes()
    )


@pytest.mark.skipif(not shutil.which("rsync"), reason="run `./run system-packages`")
def test_rsync_target_ends_up_identical_to_the_built_site(built, tmp_path):
    target = tmp_path / "published"
    target.mkdir()
    (target / "stale.html").write_text("旧文件", encoding="utf-8")
    to_rsync(built.root, str(target))
    assert tree_digest(target) == tree_digest(built.root)
