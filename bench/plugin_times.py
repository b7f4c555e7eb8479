"""A Pelican plugin for the build benchmark: how long each of our plugins takes.

Listed last in PLUGINS (bench/build.py adds it), it wraps every signal receiver and
every generator method that our plugins registered with a timer, keeping the order
in which the receivers run, and at the end of the build writes the seconds per
plugin, as JSON, to the file named by the environment variable BENCH_PLUGIN_TIMES.
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
import weakref
from collections import defaultdict
from pathlib import Path

from blinker import Signal
from pelican import signals
from pelican.generators import Generator

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
seconds = defaultdict(float)
_inner = [0.0]  # seconds spent in timed calls inside the timed call now running


def plugin_of(function, names):
    module = getattr(function, "__module__", "") or ""
    top = module.split(".")[0]
    return top if top in names else None


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


def wrap_receivers(names):
    for signal in vars(signals).values():
        if not isinstance(signal, Signal):
            continue
        receivers = [
            receiver() if isinstance(receiver, weakref.ref) else receiver
            for receiver in signal.receivers.values()
        ]
        if not any(plugin_of(receiver, names) for receiver in receivers):
            continue
        for receiver in receivers:
            signal.disconnect(receiver)
        for receiver in receivers:  # reconnected in the same order
            plugin = plugin_of(receiver, names)
            signal.connect(timed(receiver, plugin) if plugin else receiver, weak=False)


def wrap_generators(names):
    for name in names:
        for value in list(vars(sys.modules.get(name, object)).values()):
            if isinstance(value, type) and issubclass(value, Generator):
                for method in ("generate_context", "generate_output"):
                    if method in vars(value):
                        setattr(value, method, timed(vars(value)[method], name))


def write_times(_pelican):
    path = os.environ.get("BENCH_PLUGIN_TIMES")
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump(dict(sorted(seconds.items())), file)


def register():
    # Called last: every other plugin has connected its receivers by now.
    names = {
        name
        for name, module in list(sys.modules.items())
        if "." not in name and str(getattr(module, "__file__", "")).startswith(str(PLUGINS))
    }
    wrap_receivers(names)
    wrap_generators(names)
    signals.finalized.connect(write_times, weak=False)
