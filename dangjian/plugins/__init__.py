"""General Pelican plugins: each stands alone (its own register()), and the site
connects their receivers in its phase order (dangjian.site.register)."""
