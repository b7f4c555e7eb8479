"""What the build may read and publish from the content folder.

- Confinement: the build reads nothing outside `content/`. A symbolic link that leads
  out of it (to the checkout's .git/config, /proc/self/environ, /etc …) is refused, as
  is one that loops or leads to a folder above itself; a link inside `content/` is
  allowed, its target being checked where it lies. Paths named in fields (Image, Photo)
  and in bodies must stay inside `content/` too.
- Typed static files: the folders Pelican copies as they are (STATIC_PATHS) may hold
  only the pictures and documents the site shows, recognised by their first bytes and
  named with a matching extension. SVG and HTML run script in the site's origin when a
  host serves them without headers: refused, with the fix.
"""

import contextvars
import errno
import os
import posixpath
from contextlib import contextmanager

from .problems import Problem, display_path

# type → (the extensions it may have, its first bytes (offset, bytes) all to match)
STATIC_TYPES = {
    "JPEG": ((".jpg", ".jpeg"), [(0, b"\xff\xd8\xff")]),
    "PNG": ((".png",), [(0, b"\x89PNG\r\n\x1a\n")]),
    "GIF": ((".gif",), [(0, b"GIF8")]),
    "WebP": ((".webp",), [(0, b"RIFF"), (8, b"WEBP")]),
    "AVIF": ((".avif",), [(4, b"ftypavi")]),
    "PDF": ((".pdf",), [(0, b"%PDF-")]),
}
ALLOWED_EXTENSIONS = "、".join(
    extension for extensions, _magic in STATIC_TYPES.values() for extension in extensions
)


# The files a check looks at, while looking_at() records them.
_looked_at = contextvars.ContextVar("looked_at", default=None)


@contextmanager
def looking_at():
    """The set of files content_file() and static_type() look at inside this block: a
    check's result holds while each of them is as it was (check.Remembered)."""
    looked = set()
    token = _looked_at.set(looked)
    try:
        yield looked
    finally:
        _looked_at.reset(token)


def _look(path):
    looked = _looked_at.get()
    if looked is not None:
        looked.add(path)


def file_state(path):
    """What a check can see of a file: where it really is, and its type, size, time and
    inode (None when there is nothing there)."""
    try:
        found = os.stat(path)
    except OSError:
        return os.path.realpath(path), None
    return os.path.realpath(path), (found.st_mode, found.st_size, found.st_mtime_ns, found.st_ino)


def _inside(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def link_problems(root):
    """Symbolic links under `root` that lead outside it, loop, dangle, or lead to a folder
    above themselves (which Pelican would walk for ever)."""
    problems = []
    real_root = os.path.realpath(root)
    for directory, path in _symbolic_links(root):
        problem = _link_problem(path, directory, real_root)
        if problem:
            problems.append(problem)
    return problems


def _symbolic_links(directory):
    """(folder, path) of the symbolic links under `directory`, in os.walk's order (top
    down; in each folder, the folders first), links to folders not followed. The
    listing tells which entry is a link: no stat of each file (6,900 at 5,000 articles)."""
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return
    folders = [entry for entry in entries if _is_folder(entry)]
    files = [entry for entry in entries if not _is_folder(entry)]
    for entry in folders + files:
        if entry.is_symlink():
            yield directory, entry.path
    for entry in folders:
        if not entry.is_symlink():
            yield from _symbolic_links(entry.path)


def _is_folder(entry):
    try:
        return entry.is_dir()
    except OSError:
        return False


def _link_problem(path, directory, real_root):
    remove = f"删除这个链接：rm '{display_path(path)}'"
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as error:
        looping = error.errno == errno.ELOOP
        return Problem(
            path,
            "符号链接形成循环（链接最终指回自己）。"
            if looping
            else f"符号链接指向的“{os.readlink(path)}”不存在。",
            f"{remove}。",
            field="文件",
        )
    if not _inside(target, real_root):
        return Problem(
            path,
            f"符号链接指向 content/ 之外的“{os.readlink(path)}”（{target}）：网站只读取 content/ "
            "中的文件，链接到外面的文件可能把密码或系统文件发布出去。",
            f"{remove}；需要的文件请直接复制到 content/ 中。",
            field="文件",
        )
    if os.path.isdir(target) and _inside(os.path.realpath(directory), target):
        return Problem(
            path,
            f"目录链接指向它的上级目录“{target}”，读取时会无限循环。",
            f"{remove}；需要的文件请直接复制进来。",
            field="文件",
        )
    return None


def content_file(root, value):
    """(the file a path field names, or None; why not: "outside" or "missing"). The path is
    relative to `root` (the content folder) and must stay inside it, whatever links lie on
    the way: "/etc/hostname" and "../../.git/config" are outside."""
    relative = value.strip().replace("\\", "/")
    if relative.startswith("/") or ":" in relative.split("/")[0]:
        return None, "outside"
    path = os.path.join(root, posixpath.normpath(relative))
    _look(path)
    if not _inside(os.path.realpath(path), os.path.realpath(root)):
        return None, "outside"
    if not os.path.isfile(path):
        return None, "missing"
    return path, ""


def static_type(path):
    """The name of the allowed type a file is, judged by its first bytes and its name;
    None when it is none of them."""
    _look(path)
    try:
        with open(path, "rb") as file:
            head = file.read(16)
    except OSError:
        return None
    extension = os.path.splitext(path)[1].lower()
    for name, (extensions, magic) in STATIC_TYPES.items():
        if extension in extensions and all(
            head[offset : offset + len(bytes_)] == bytes_ for offset, bytes_ in magic
        ):
            return name
    return None


def static_problems(root, folders):
    """Files under the static folders that are not one of STATIC_TYPES."""
    problems = []
    for folder in folders:
        for directory, subfolders, files in os.walk(os.path.join(root, folder)):
            subfolders.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                if static_type(path) is None:
                    problems.append(_static_problem(path))
    return problems


def _static_problem(path):
    extension = os.path.splitext(path)[1].lower()
    if extension in (".svg", ".svgz"):
        what = "SVG 图片可以带脚本，在没有安全响应头的主机上会在本站运行，网站不发布 SVG"
        fix = "把它导出为 PNG（或 JPEG、WebP）后放在这里，并删去 SVG 文件"
    elif extension in (".html", ".htm", ".xhtml", ".xml", ".js", ".mjs"):
        what = "网页和脚本文件会在本站的地址下运行，不能放在图片目录中发布"
        fix = "删去这个文件；要发表的内容写成稿件（.md）"
    elif any(extension in extensions for extensions, _magic in STATIC_TYPES.values()):
        what = f"文件名是 {extension}，但内容不是这种图片（可能改过扩展名，或文件已损坏）"
        fix = "用图片软件重新导出，或改成与内容相符的扩展名"
    else:
        kind = extension or "无扩展名"
        what = f"网站只发布图片和版面 PDF（{ALLOWED_EXTENSIONS}），不发布 {kind} 文件"
        fix = "转换成上面的一种格式，或把它移出 content/"
    return Problem(path, f"{what}。", f"{fix}。", field="文件")
