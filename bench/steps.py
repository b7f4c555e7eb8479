"""Our build exactly as `python -m tools.build` runs it, with the time of each phase.

    python bench/steps.py PHASES_JSON [tools.build's arguments]

Run from the checkout to measure (its tools/ is imported from the working directory).
Writes {phase: [start, end]} to PHASES_JSON, in time.monotonic() seconds, the clock
bench/measure.py samples memory with: Pelican, then each step of tools.build.STEPS.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())

import tools.build as build  # from the working directory

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
