"""Deploy a built site: to an rsync target, or to a gh-pages branch with ghp-import.

Both copy the folder exactly as it was built and checked; neither builds.
"""

import subprocess
import sys
from pathlib import Path

from dangjian.paths import ROOT


def to_rsync(site, target):
    """Copy `site` to `target` (user@host:/path or a local folder).

    --delay-updates puts the new files in place at the end, --delete-after then
    removes the old ones: readers rarely see a mix of two versions.
    """
    subprocess.run(
        ["rsync", "--recursive", "--links", "--times", "--checksum", "--delay-updates",
         "--delete-after", f"{Path(site)}/", target],
        check=True,
    )  # fmt: skip


def to_gh_pages(site, repo=ROOT, remote="origin", branch="gh-pages"):
    """Commit `site` as the whole of `branch` in `repo` and push it to `remote`."""
    subprocess.run(
        [sys.executable, "-m", "ghp_import", "--no-jekyll", "--push", "--force",
         "--remote", remote, "--branch", branch, "--message", "Publish the site",
         str(Path(site).resolve())],
        cwd=repo, check=True,
    )  # fmt: skip
