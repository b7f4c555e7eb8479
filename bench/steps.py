"""Our build exactly as `python -m dangjian.build.pipeline` runs it, with the time of each
phase.

    python bench/steps.py PHASES_JSON [the pipeline's arguments]

Run from the checkout to measure (its code is imported from the working directory: the
package, or tools/ in a checkout older than it). Writes {phase: [start, end]} to
PHASES_JSON, in time.monotonic() seconds, the clock bench/measure.py samples memory with:
Pelican, then each step of the pipeline (steps run side by side overlap).
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

PHASES = Path(sys.argv[1])
ENDED = PHASES.with_name(f"{PHASES.name}.lines")  # one line per phase, from any process


def timed(name, function):
    def run(*args, **kwargs):
        start = time.monotonic()
        try:
            return function(*args, **kwargs)
        finally:
            with open(ENDED, "a", encoding="utf-8") as ended:  # steps may run in a fork
                ended.write(json.dumps([name, start, time.monotonic()]) + "\n")

    return run


def timed_step(step):
    return timed(step.__name__, step)


ENDED.unlink(missing_ok=True)
build._run_pelican = timed("pelican", build._run_pelican)
if hasattr(build, "INDEX_STEPS"):
    for steps in (build.INDEX_STEPS, build.CHECK_STEPS, getattr(build, "SHARED_STEPS", [])):
        steps[:] = map(timed_step, steps)
else:  # a checkout from before the two lines of steps
    build.STEPS[:] = [
        tuple(map(timed_step, step)) if isinstance(step, tuple) else timed_step(step)
        for step in build.STEPS
    ]
try:
    build.main(sys.argv[2:])
finally:
    lines = ENDED.read_text(encoding="utf-8").splitlines() if ENDED.exists() else []
    phases = {name: [start, end] for name, start, end in map(json.loads, lines)}
    PHASES.write_text(json.dumps(phases), encoding="utf-8")
    ENDED.unlink(missing_ok=True)
