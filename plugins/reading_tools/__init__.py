from .reading_tools import FIRST_PAINT_SCRIPT, FIRST_PAINT_SCRIPT_HASH, register

__all__ = ["FIRST_PAINT_SCRIPT", "FIRST_PAINT_SCRIPT_HASH", "register"]
