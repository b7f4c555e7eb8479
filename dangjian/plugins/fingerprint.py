"""Cache-busting names for the theme's stylesheets and scripts.

Templates write `{{ SITEURL }}/{{ 'css/site.css'|fingerprint }}`, which gives
`theme/css/site.<hash>.css`: the hash of the file's content, so the name changes
exactly when the file does and hosts may cache it for a year. Once the site is
written, every such file under THEME_STATIC_DIR gets a copy under its hashed
name; the plain name stays too, for scripts that import each other.

Settings:
    FINGERPRINT_EXTENSIONS  which files get hashed names (default [".css", ".js"])
"""

import hashlib
import os
import shutil
from pathlib import Path

from pelican import signals

DEFAULT_EXTENSIONS = [".css", ".js"]
HASH_LENGTH = 10  # hex digits: a collision between two versions of a file is negligible


def fingerprinted_name(name, content):
    """site.css + its bytes → site.<first digits of the SHA-256>.css"""
    stem, dot, extension = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}{dot}{extension}"


def static_source(settings, path):
    """The theme file that Pelican copies to THEME_STATIC_DIR/`path`."""
    for folder in settings["THEME_STATIC_PATHS"]:
        source = Path(settings["THEME"], folder, path)
        if source.is_file():
            return source
    raise FileNotFoundError(f"fingerprint: no {path} under the theme's static paths")


def add_filter(generator):
    settings = generator.settings
    cache = {}

    def fingerprint(path):
        if path not in cache:
            hashed = fingerprinted_name(path, static_source(settings, path).read_bytes())
            cache[path] = f"{settings['THEME_STATIC_DIR']}/{hashed}"
        return cache[path]

    generator.env.filters["fingerprint"] = fingerprint


def write_fingerprinted_copies(pelican):
    extensions = tuple(pelican.settings.get("FINGERPRINT_EXTENSIONS", DEFAULT_EXTENSIONS))
    static = Path(pelican.output_path, pelican.settings["THEME_STATIC_DIR"])
    for folder, _dirs, files in os.walk(static):
        for name in sorted(files):
            if name.endswith(extensions):
                file = Path(folder, name)
                shutil.copyfile(file, file.with_name(fingerprinted_name(name, file.read_bytes())))


def register():
    signals.generator_init.connect(add_filter)
    signals.finalized.connect(write_fingerprinted_copies)
