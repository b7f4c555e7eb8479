"""Our build exactly as `python -m dangjian.build.pipeline` runs it, with the time of each
phase.

    python bench/steps.py PHASES_JSON [the pipeline's arguments]

Run from the checkout to measure (its code is imported from the working directory: the
package, or tools/ in a checkout older than it). Writes {phase: [start, end]} to
PHASES_JSON, in time.monotonic() seconds, the clock bench/measure.py samples memory with:
Pelican, then each step of the pipeline's STEPS.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())

if os.path.isdir("dangjian"):
    import dangjian.build.pipeline as build
else:  # a checkout from before the package
    import tools.build as build

phases = {}


def timed(name, function):
    def run(*args, **kwargs):
        start = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = [start, time.monotonic()]

    return run


build._run_pelican = timed("pelican", build._run_pelican)
build.STEPS[:] = [timed(step.__name__, step) for step in build.STEPS]
try:
    build.main(sys.argv[2:])
finally:
    Path(sys.argv[1]).write_text(json.dumps(phases), encoding="utf-8")
