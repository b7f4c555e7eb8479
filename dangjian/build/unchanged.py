"""A new build's files that have the same bytes as the live site's become the live files
themselves (hard links: the same inode and modification time), so that rsync, gh-pages
or object storage see them unchanged and upload only what changed. Files the render cache
or the search index's cache linked are the same file already.

Two of the pipeline's steps do it: one for every file but the search index's, beside
the index, and one for the index's folder once it is written (pipeline.SHARED_STEPS,
INDEX_STEPS).
"""

import os
from dataclasses import dataclass

from dangjian.hardlinks import link_if_same


@dataclass(frozen=True)
class Changes:
    """What a build changed against the live site."""

    changed: int = 0  # files added, rewritten with other bytes or removed
    built: int = 0  # files in the build

    def __add__(self, other):
        return Changes(self.changed + other.changed, self.built + other.built)

    def report(self, had_site):
        """The line for the build's log."""
        if not had_site:
            return f"网站共 {self.built} 个文件（没有上一版可比较）。"
        return (
            f"与上一版网站相比：{self.built} 个文件中有 {self.changed} 个新增、改动或删除；"
            "其余文件与上一版相同，沿用原文件（修改时间不变），部署时只需上传改动的文件。"
        )


def keep_unchanged(fresh, live, chosen=None):
    """Give every file of the `fresh` build that has the same bytes as the `live` site's
    that file itself; of the files and folders at the top, those whose name is `chosen`
    (a predicate; all by default).

    Removes the folders left empty (pipeline._reuse): a site of files holds none.

    Returns the Changes."""
    counts = {"changed": 0, "built": 0}
    _keep_unchanged_in(os.fspath(fresh), os.fspath(live), counts, chosen)
    return Changes(**counts)


def _keep_unchanged_in(fresh, live, counts, chosen=None):
    """keep_unchanged for the folder `fresh` and the live site's `live`; whether `fresh`
    holds a file. The two folders are listed side by side: a file's inode is in its
    folder's listing, so that a file that is the live one costs no system call of its
    own (two each before: 0.30 s against 0.12 s at 5,000 articles)."""
    with os.scandir(fresh) as entries:
        here = [entry for entry in entries if chosen is None or chosen(entry.name)]
    try:
        with os.scandir(live) as entries:
            before = {
                entry.name: entry for entry in entries if chosen is None or chosen(entry.name)
            }
    except OSError:  # not in the live site
        before = {}
    holds = False
    for entry in here:
        old = before.pop(entry.name, None)
        old_folder = old is not None and old.is_dir(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            if _keep_unchanged_in(entry.path, old.path if old_folder else "", counts):
                holds = True
            else:
                os.rmdir(entry.path)
            if old is not None and not old_folder:
                counts["changed"] += 1  # a file that became a folder: removed
            continue
        holds = True
        counts["built"] += 1
        if old is None or old_folder:
            counts["changed"] += 1 + (_files_under(old.path) if old_folder else 0)
        # siblings on one file system (the swap): the same inode is the same file
        elif entry.inode() != old.inode() and not link_if_same(entry.path, old.path):
            counts["changed"] += 1
    for old in before.values():  # removed since the live site
        counts["changed"] += _files_under(old.path) if old.is_dir(follow_symlinks=False) else 1
    return holds


def _files_under(folder):
    return sum(len(names) for _folder, _folders, names in os.walk(folder))
