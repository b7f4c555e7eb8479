from .pieces import COVERAGE_GROUPS, PIECE_TYPES, Credit, Person, by_type, register

__all__ = ["COVERAGE_GROUPS", "PIECE_TYPES", "Credit", "Person", "by_type", "register"]
