from .structured_data import (
    absolute_url,
    article_breadcrumbs,
    clean_url,
    json_ld_script,
    register,
    structured_data,
)

__all__ = [
    "absolute_url",
    "article_breadcrumbs",
    "clean_url",
    "json_ld_script",
    "register",
    "structured_data",
]
