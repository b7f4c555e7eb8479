from .paper import Paper, print_json_ld, publisher_json_ld, register, zh_weekday

__all__ = ["Paper", "print_json_ld", "publisher_json_ld", "register", "zh_weekday"]
