"""Where the project is: its root folder, which holds content/, theme/ and the settings."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# The build's caches beside the output folder, each keyed inside by what makes its entries:
# `./run clean` removes them, the publish workflow keeps them between runs.
CACHES = [".search-cache", ".render-cache", ".qr-cache", ".page-cache"]
