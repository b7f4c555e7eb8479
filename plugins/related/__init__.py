from .related import register, related_pieces

__all__ = ["register", "related_pieces"]
