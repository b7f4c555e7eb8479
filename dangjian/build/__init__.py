"""The build: Pelican into a fresh folder, the steps after it, and the atomic swap.

pipeline.py holds the order (lock, Pelican, the steps, swap); each step takes the built
folder and the build's settings and raises BuildFailed, with a message in Chinese, when
the site must not go live: checks.py (links, feeds), search.py (the search index);
unchanged.py keeps the files the live site has as they are, for the deploy.
"""


class BuildFailed(Exception):
    """Stops a build; its message says, in Chinese, what is wrong and how to fix it."""
