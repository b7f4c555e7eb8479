"""Errors an editor can fix, and a build that stops before it writes anything.

The site's modules call `log(problem)` with a content model Problem; the message is one
line naming file, line and field: `file:line: field: what is wrong → how to fix`, in
Chinese. A warning (a Problem whose severity is "warning") is printed and does not stop
the build. Every error logged while the site is read, whether ours or Pelican's, is
counted (`start()`, at `initialized`, begins counting), and once all generators have
built their context `stop_on_errors()` stops the build if there were any: no page is
written, the output folder is left as it was, and nothing prints a traceback.
"""

import logging

from dangjian.model.problems import Problem

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


def start(_pelican=None):
    """Count errors from now on (once per process; again from zero for a new build)."""
    root = logging.getLogger()
    if _counter not in root.handlers:
        if not root.handlers:
            # Pelican's plain log handler installs no handler and relies on Python's
            # last resort, which falls silent once any handler (the counter) exists:
            # print as it did.
            root.addHandler(logging.StreamHandler())
            root.handlers[-1].setLevel(logging.WARNING)
        root.addHandler(_counter)
    _counter.count = 0


def log(problem):
    if getattr(problem, "is_warning", False):
        logger.warning("%s", problem)  # its text begins "警告："
    else:
        logger.error("错误：%s", problem)


def check_choice(settings, name, choices, meaning):
    """Log an error unless the setting `name` is one of `choices` ({value: what it means},
    the first the default); `meaning` says what the setting decides."""
    value = settings.get(name, next(iter(choices)))
    if value not in choices:
        ways = " 或 ".join(f"{choice!r}（{what}）" for choice, what in choices.items())
        log(
            Problem(
                "",
                f"{value!r} 不是可用的值（它决定{meaning}）。",
                f"在 pelicanconf.py 中设为 {ways}",
                name,
            )
        )


def forget_errors():
    """Count errors afresh, for a process that checks content again (the preview)."""
    _counter.count = 0


def stop_on_errors(_sender=None):
    """Stop the build if any error has been logged since counting started."""
    count = _counter.count
    if count:
        logger.critical(
            "构建已停止：发现 %d 处错误（见上文），网站没有生成，输出目录保持原样。", count
        )
        forget_errors()  # this message is not an error of the next build's
        raise BuildStopped()
