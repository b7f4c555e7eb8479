from .site_index import register, sitemap_xml

__all__ = ["register", "sitemap_xml"]
