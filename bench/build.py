"""Build speed: our site against vanilla Pelican on the same synthetic corpus.

    .venv/bin/python -m bench.build [N ...] [--runs 3]     N articles (default: 1000 5000)
    ./run bench [--sizes 1000,5000,20000] [--runs 3]

For each N, bench/corpus.py writes a corpus, then four configurations are built in
turns (vanilla, ours, vanilla, ours …) so that the load from other processes falls on
all of them alike:
- vanilla cold / warm: Pelican 4.12, its default theme, no plugins (bench/vanillaconf.py);
- ours cold / warm: our whole build as `invoke build` runs it (tools/build.py: Pelican
  with our theme and plugins, then every build step and check), with the plugin timer
  (bench/plugin_times.py) added; "ours-cold-1-process" with BUILD_PROCESSES = 1, where
  each plugin's pages are rendered inside its own generator, gives the plugins' shares.
"Warm" turns Pelican's content cache on, filled by one unmeasured build first, and keeps
the search index's cache (tools/search.py) from the build before; "cold" has neither.
Printed per configuration: median wall seconds of the runs (and their
range, the noise), peak memory (the sum of the proportional set size of the build's
whole process tree, sampled), pages written, ms per article, the ratio to vanilla in
the same state, and each of our plugins' share of the wall time. A benchmark, not a
test: it prints figures; bench/RESULTS.md records them.
"""

import argparse
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.corpus import generate

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SAMPLE_SECONDS = 0.1


@dataclass
class Config:
    name: str
    ours: bool
    warm: bool
    processes: int | None = None  # BUILD_PROCESSES; None: the site's default
    runs: list = field(default_factory=list)  # Run per measured build

    def command(self, content, output, cache):
        cache_settings = {
            "CACHE_CONTENT": self.warm,
            "LOAD_CONTENT_CACHE": self.warm,
            "CACHE_PATH": str(cache),
        }
        if not self.ours:
            settings = [f"{k}={json.dumps(v)}" for k, v in cache_settings.items()]
            return [
                sys.executable, "-m", "pelican", str(content), "-s", str(BENCH / "vanillaconf.py"),
                "-o", str(output), "-q", "-e", *settings,
            ]  # fmt: skip
        plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
        overrides = {
            **cache_settings,
            "PLUGINS": [*plugins, "plugin_times"],
            "PLUGIN_PATHS": [str(BENCH)],
        }
        if self.processes:
            overrides["BUILD_PROCESSES"] = self.processes
        settings = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in overrides.items()]
        return [
            sys.executable, "-m", "dangjian.build.pipeline", "--content", str(content),
            "--output", str(output), "-e", *settings,
        ]  # fmt: skip


@dataclass
class Run:
    seconds: float
    memory: int  # bytes, peak of the process tree's summed PSS
    pages: int
    plugins: dict  # plugin → seconds


def tree(pid):
    """pid and all its descendants (Linux /proc)."""
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                with open(f"/proc/{pids[index]}/task/{task}/children") as children:
                    pids += [int(child) for child in children.read().split()]
        except OSError:  # the process ended meanwhile
            pass
        index += 1
    return pids


def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(command, output, env):
    """Run one build; (wall seconds, peak memory in bytes)."""
    peak, done = [0], threading.Event()

    def sample(pid):
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], sum(pss(p) for p in tree(pid)))

    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
    sampler.start()
    log, _ = process.communicate()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    if process.returncode != 0 or not (output / "index.html").is_file():
        sys.exit(f"build failed: {' '.join(command)}\n{log}")
    return seconds, peak[0]


def build_once(config, content, folder, record=True):
    output = folder / f"output-{config.name}" / "output"
    if config.warm:  # keep the search index's cache beside the output
        for old in (output, output.with_name(f".{output.name}.previous")):
            shutil.rmtree(old, ignore_errors=True)
    else:
        shutil.rmtree(output.parent, ignore_errors=True)  # a fresh folder for every build
    output.parent.mkdir(parents=True, exist_ok=True)
    times = folder / f"times-{config.name}.json"
    times.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_PLUGIN_TIMES": str(times), "PYTHONUTF8": "1"}
    command = config.command(content, output, folder / f"cache-{config.name}")
    seconds, memory = measure(command, output, env)
    if record:
        pages = sum(1 for _ in output.rglob("*.html"))
        plugins = json.loads(times.read_text()) if times.exists() else {}
        config.runs.append(Run(seconds, memory, pages, plugins))


def bench(articles, runs, folder, only=None):
    content = generate(folder, articles)
    configs = [
        Config("vanilla-cold", ours=False, warm=False),
        Config("ours-cold", ours=True, warm=False),
        Config("ours-cold-1-process", ours=True, warm=False, processes=1),
        Config("vanilla-warm", ours=False, warm=True),
        Config("ours-warm", ours=True, warm=True),
    ]
    configs = [config for config in configs if not only or config.name in only]
    for config in configs:
        if config.warm:  # fill the content cache
            build_once(config, content, folder, record=False)
    for _ in range(runs):
        for config in configs:
            build_once(config, content, folder)
            print(f"  {articles} {config.name}: {config.runs[-1].seconds:.1f} s", flush=True)
    return configs


def median(values):
    return statistics.median(values) if values else 0.0


def report(articles, configs):
    nan = float("nan")  # no vanilla build in that state to compare with
    vanilla, vanilla_memory = defaultdict(lambda: nan), defaultdict(lambda: nan)
    for config in configs:
        if not config.ours:
            vanilla[config.warm] = median([r.seconds for r in config.runs])
            vanilla_memory[config.warm] = median([r.memory for r in config.runs])
    lines = [
        f"\n### N = {articles:,} articles\n",
        "| configuration | median s | range s | ms/article | × vanilla | peak MB | × vanilla "
        "| pages |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for config in configs:
        seconds = [run.seconds for run in config.runs]
        memory = median([run.memory for run in config.runs])
        lines.append(
            f"| {config.name} | {median(seconds):.2f} | {min(seconds):.2f}–{max(seconds):.2f} "
            f"| {median(seconds) / articles * 1000:.2f} "
            f"| {median(seconds) / vanilla[config.warm]:.2f} | {memory / 2**20:.0f} "
            f"| {memory / vanilla_memory[config.warm]:.2f} | {config.runs[-1].pages:,} |"
        )
    for config in configs:
        if config.processes != 1:  # with workers, the plugins' pages render elsewhere
            continue
        plugins = sorted({name for run in config.runs for name in run.plugins})
        shares = [
            f"{name} {median([r.plugins.get(name, 0) / r.seconds for r in config.runs]):.1%}"
            for name in plugins
        ]
        lines.append(f"\n{config.name}, share of wall time per plugin: " + ", ".join(shares))
    return "\n".join(lines)


def machine():
    cores = os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.processor() or platform.machine()}, {cores} cores, "
        f"Python {platform.python_version()}, load average {load}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="e.g. vanilla-cold ours-cold")
    args = parser.parse_args(argv)
    print(f"Machine: {machine()} (at the start)", flush=True)
    results = []
    for articles in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-build-{articles}-") as folder:
            results.append(report(articles, bench(articles, args.runs, Path(folder), args.only)))
            print(results[-1], flush=True)
    print(f"\nMachine: {machine()} (at the end)")


if __name__ == "__main__":
    main()
