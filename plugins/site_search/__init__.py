from .site_search import register, search_branches

__all__ = ["register", "search_branches"]
