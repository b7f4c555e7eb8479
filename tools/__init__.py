"""Project tooling behind tasks.py: the safe build, the editors' preview server, check,
new and the page importer.

The content rules live with the plugins that use them (plugins/content_model):
the tools import them from there.
"""

import sys
from pathlib import Path

PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
