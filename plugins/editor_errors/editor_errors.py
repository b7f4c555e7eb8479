"""Errors an editor can fix, and a build that stops before it writes anything.

Plugins call `report()` with the source file, the metadata field and what to do;
the message names file, line and field in Chinese. Every error logged during
reading, whether ours or Pelican's, is counted, and once all generators have built
their context the build stops if there were any: no page is written, the output
folder is left as it was, and nothing prints a traceback.
"""

import logging
import os

from pelican import signals

logger = logging.getLogger(__name__)


class BuildStopped(SystemExit):
    """Stops Pelican with exit status 1.

    A SystemExit, not an Exception: Pelican's command line logs an Exception with
    its traceback, while SystemExit leaves quietly with the status code.
    """

    def __init__(self):
        super().__init__(1)


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


_counter = _ErrorCounter()
_root = logging.getLogger()
if not _root.handlers:
    # Pelican's plain log handler installs no handler and relies on Python's last
    # resort, which falls silent once any handler (the counter) exists: print as it did.
    _root.addHandler(logging.StreamHandler())
    _root.handlers[-1].setLevel(logging.WARNING)
# Installed on import, not in register(): Pelican imports every plugin before it
# registers any, and a plugin that fails to import must stop the build too.
_root.addHandler(_counter)


def field_line(path, field):
    """Line number (1-based) of a metadata field in a file's header, or None."""
    if not field or not path or not os.path.isfile(path):
        return None
    prefix = field.lower() + ":"
    with open(path, encoding="utf-8", errors="replace") as source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                return None  # the header ends at the first blank line
            if line.lower().startswith(prefix):
                return number
    return None


def display_path(path):
    """The path as the editor typed it: relative to the working folder when inside."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def report(path, problem, fix=None, *, field=None, line=None):
    """Log an editor-facing error: 文件 第 N 行 字段：问题。修改方法：…"""
    where = display_path(path) if path else "（设置）"
    line = line or field_line(path, field)
    if line:
        where += f" 第 {line} 行"
    if field:
        where += f" {field} 字段"
    message = f"错误：{where}：{problem}"
    if fix:
        message += f" 修改方法：{fix}"
    logger.error(message)


def stop_on_errors(_sender=None):
    """Stop the build if any error has been logged since the last build."""
    count, _counter.count = _counter.count, 0
    if count:
        logger.critical(
            "构建已停止：发现 %d 处错误（见上文），网站没有生成，输出目录保持原样。", count
        )
        raise BuildStopped()


def register():
    signals.all_generators_finalized.connect(stop_on_errors)
