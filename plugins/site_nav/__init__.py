from .site_nav import nav_items, register

__all__ = ["nav_items", "register"]
