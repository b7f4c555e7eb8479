"""Every file of a built site, by hash: to prove that a change leaves the output as it was.

    python -m bench.identity record MANIFEST.json [--corpus N] [--settings FILE]
    python -m bench.identity compare MANIFEST.json [--corpus N] [--settings FILE]

Builds the site from content/ (or from a synthetic corpus of N articles, bench/corpus.py)
into a temporary folder with the project's build, and records {file: SHA-256} of every
file it wrote, or compares them with a recorded manifest and lists what differs.
"""

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

from bench.corpus import generate
from dangjian.build.pipeline import build_site
from dangjian.paths import ROOT


def manifest(root):
    """{path relative to root: SHA-256 of its bytes} for every file under root."""
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(recorded, found):
    """Lines naming each file added, removed or changed."""
    lines = [f"- {name}" for name in sorted(recorded.keys() - found.keys())]
    lines += [f"+ {name}" for name in sorted(found.keys() - recorded.keys())]
    lines += [
        f"~ {name}"
        for name in sorted(recorded.keys() & found.keys())
        if recorded[name] != found[name]
    ]
    return lines


def build_manifest(corpus=0, settings=ROOT / "pelicanconf.py"):
    with tempfile.TemporaryDirectory() as folder:
        content = None
        if corpus:
            generate(folder, corpus)
            content = Path(folder) / "content"
        result = build_site(Path(folder) / "output", settings, content=content)
        if not result.ok:
            sys.exit(result.log)
        return manifest(Path(folder) / "output")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--corpus", type=int, default=0, help="articles of a synthetic corpus")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    args = parser.parse_args(argv)
    found = build_manifest(args.corpus, args.settings)
    if args.action == "record":
        args.manifest.write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{len(found)} files recorded in {args.manifest}")
        return
    recorded = json.loads(args.manifest.read_text(encoding="utf-8"))
    lines = differences(recorded, found)
    print("\n".join(lines) or f"identical: {len(found)} files")
    sys.exit(1 if lines else 0)


if __name__ == "__main__":
    main()
