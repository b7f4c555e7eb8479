from .branches import register
from .generator import BranchesGenerator
from .registry import Branch, Region

__all__ = ["Branch", "BranchesGenerator", "Region", "register"]
