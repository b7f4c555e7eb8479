from .editor_errors import BuildStopped, log, register, report, stop_on_errors
from .problems import Problem, display_path, field_line

__all__ = [
    "BuildStopped",
    "Problem",
    "display_path",
    "field_line",
    "log",
    "register",
    "report",
    "stop_on_errors",
]
