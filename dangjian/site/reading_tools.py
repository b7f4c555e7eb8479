"""The one script that must run before first paint, and its Content-Security-Policy hash.

The reading tools (字号, 打印, 复制链接; theme/static/js/reader.js, loaded with
defer) need two things before the page is first drawn, or it would jump: the
reader's saved 字号 applied, and a sign that scripts run (the tools are shown
only then, so a reader without scripts never sees buttons that do nothing). An
external script would block rendering; this one is inline, a few bytes, and
allowed by a strict policy through its hash: script-src 'self' 'sha256-…'.

Adds to the context: FIRST_PAINT_SCRIPT (the script's text, for base.html) and
FIRST_PAINT_SCRIPT_HASH (the source expression for a CSP's script-src).
"""

import base64
import hashlib

from markupsafe import Markup

FIRST_PAINT_SCRIPT = (
    'document.documentElement.classList.add("js");'
    "try{document.documentElement.dataset.fontSize="
    'localStorage.getItem("font-size")||"medium"}catch(e){}'
)
FIRST_PAINT_SCRIPT_HASH = "'sha256-{}'".format(
    base64.b64encode(hashlib.sha256(FIRST_PAINT_SCRIPT.encode("utf-8")).digest()).decode("ascii")
)


def add_to_context(pelican):
    pelican.settings["FIRST_PAINT_SCRIPT"] = Markup(FIRST_PAINT_SCRIPT)
    pelican.settings["FIRST_PAINT_SCRIPT_HASH"] = FIRST_PAINT_SCRIPT_HASH
