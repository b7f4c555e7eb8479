from .columns import load_columns, register

__all__ = ["load_columns", "register"]
