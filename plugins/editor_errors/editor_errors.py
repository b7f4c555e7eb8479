"""Errors an editor can fix, and a build that stops before it writes anything.

Plugins call `report()` with the source file, the metadata field and what to do
(or `log()` with a Problem); the message is one line naming file, line and field:
`file:line: field: what is wrong → how to fix`, in Chinese. Every error logged during
reading, whether ours or Pelican's, is counted, and once all generators have built
their context the build stops if there were any: no page is written, the output
folder is left as it was, and nothing prints a traceback.
"""

import logging

from pelican import signals

from .problems import Problem, field_line

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


def report(path, problem, fix=None, *, field=None, line=None):
    """Log an editor-facing error: file:line: field: what is wrong → how to fix"""
    log(Problem(path, problem, fix or "", field=field or "", line=line or field_line(path, field)))


def log(problem):
    logger.error("错误：%s", problem)


def forget_errors():
    """Count errors afresh, for a process that checks content again (the preview)."""
    _counter.count = 0


def stop_on_errors(_sender=None):
    """Stop the build if any error has been logged since the last build."""
    count = _counter.count
    if count:
        logger.critical(
            "构建已停止：发现 %d 处错误（见上文），网站没有生成，输出目录保持原样。", count
        )
        forget_errors()  # this message is not an error of the next build's
        raise BuildStopped()


def register():
    signals.all_generators_finalized.connect(stop_on_errors)
