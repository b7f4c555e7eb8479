"""The editors' preview: a server that rebuilds on save and reloads the browser
(server.py), and the warm Pelican that renders an edited article at once (warm.py)."""
