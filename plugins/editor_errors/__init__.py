from .editor_errors import BuildStopped, forget_errors, log, register, report, stop_on_errors
from .problems import Problem, display_path, field_line

__all__ = [
    "BuildStopped",
    "Problem",
    "display_path",
    "field_line",
    "forget_errors",
    "log",
    "register",
    "report",
    "stop_on_errors",
]
