from .structured_data import (
    absolute_url,
    article_breadcrumbs,
    json_ld_script,
    register,
    site_address,
    structured_data,
)

__all__ = [
    "absolute_url",
    "article_breadcrumbs",
    "json_ld_script",
    "register",
    "site_address",
    "structured_data",
]
