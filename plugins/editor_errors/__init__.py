from .editor_errors import BuildStopped, field_line, register, report, stop_on_errors

__all__ = ["BuildStopped", "field_line", "register", "report", "stop_on_errors"]
