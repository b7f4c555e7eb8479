"""A Pelican plugin for the build benchmark: how long each module of the site takes.

Listed last in PLUGINS (bench/build.py adds it), it wraps every receiver the site
connects (dangjian.site.PHASES, in place: the order stays) and every generator method of
the site's modules with a timer, and at the end of the build writes the seconds per
module ("branches", "pieces", "speed" …), as JSON, to the file named by the environment
variable BENCH_PLUGIN_TIMES.
Work a plugin causes elsewhere (a template rendering its lists inside Pelican's own
generators) is not counted: this measures the plugins' own code. A timed receiver
called from inside another plugin's timed code (content_written, sent for each page a
plugin's generator writes) counts for its own plugin only, not for both.
"""

import functools
import json
import os
import sys
import time
from collections import defaultdict

from pelican import signals
from pelican.generators import Generator

from dangjian.site import PHASES

seconds = defaultdict(float)
_inner = [0.0]  # seconds spent in timed calls inside the timed call now running


def plugin_of(function):
    """The site's module a function belongs to: dangjian.site.branches.x → "branches"."""
    parts = (getattr(function, "__module__", "") or "").split(".")
    if parts[0] != "dangjian" or len(parts) < 2:
        return None
    return parts[2] if parts[1] in ("site", "plugins") and len(parts) > 2 else parts[1]


def timed(function, plugin):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        outer, _inner[0] = _inner[0], 0.0
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            seconds[plugin] += spent - _inner[0]
            _inner[0] = outer + spent

    return wrapper


def wrap_receivers():
    for _signal, receivers in PHASES:
        for position, receiver in enumerate(receivers):
            plugin = plugin_of(receiver)
            if plugin:
                receivers[position] = timed(receiver, plugin)


def wrap_generators():
    for name, module in list(sys.modules.items()):
        if not name.startswith("dangjian."):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and issubclass(value, Generator) and plugin_of(value):
                for method in ("generate_context", "generate_output"):
                    if method in vars(value):
                        setattr(value, method, timed(vars(value)[method], plugin_of(value)))


def write_times(_pelican):
    path = os.environ.get("BENCH_PLUGIN_TIMES")
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(dict(sorted(seconds.items())), file)


def register():
    wrap_receivers()
    wrap_generators()
    signals.finalized.connect(write_times, weak=False)
