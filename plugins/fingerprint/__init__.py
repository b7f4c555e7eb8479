from .fingerprint import fingerprinted_name, register

__all__ = ["fingerprinted_name", "register"]
