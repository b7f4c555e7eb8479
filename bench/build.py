"""Build speed, like for like: our build against what a Pelican or a Hugo user would run.

    ./run bench [--sizes 2000,5000] [--runs 3]
    .venv/bin/python -m bench.build [N ...] [--runs 3] [--only NAME ...] [--baseline DIR]
        [--authors COUNT|day]

For each N, bench/corpus.py writes a corpus of N articles. Cold builds, each into a fresh
folder, in turns (ours, peer A, peer B, ours …), so that the load from other processes
falls on all of them alike:
- ours-cold: our whole build as `./run build` runs it (dangjian.build.pipeline: Pelican with
  our theme and plugins, the search index, the checks), no cache of any kind;
- peer-a-cold: vanilla Pelican 4.12 (its default theme, PLUGINS = [], bench/vanillaconf.py)
  then the Pagefind 1.6 CLI over its article pages, as a Pelican user would index only the
  articles: `pagefind --site out --glob "articles/**/*.html"`;
- peer-b-cold: Hugo (Debian's `hugo`) over the same corpus as Hugo content (bench/hugo.py),
  then the same Pagefind run;
- baseline-cold (with --baseline DIR): our build from another checkout (e.g. main before a
  change), to compare a change in the same run; ours-cold-1-process (only with --only):
  BUILD_PROCESSES = 1, with the plugin timer (bench/plugin_times.py): each plugin's share.
Then the daily publish: each configuration builds the corpus once, unmeasured, to fill its
caches; then, for each run, one new day of 7 pieces is added (bench.corpus.add_day: one new
organization, one new author) and each rebuilds with the caches of its build before:
- ours-publish: our build, with Pelican's content cache and the search index's cache
  (.search-cache) kept from the build before, as CI keeps them; ours-publish-newest (only
  with --only): the same with the newest related pieces and listings' pages cut from the
  newest piece (Pelican's way), which a new day changes under many more pages;
- peer-a-publish: vanilla Pelican with its content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE)
  and the Pagefind CLI over all its articles again (baseline-publish with --baseline).
After the last run, ours is built from nothing into another folder, and every file of the
two outputs is compared by its hash: the result is printed, and how many output files each
publish build changed.

Printed per configuration: the median wall seconds of the runs (and their range: the noise),
the CPU seconds of the whole process tree (steadier than wall time when others share the
machine), the peak memory of the tree (summed PSS, bench/measure.py), the ratios of ours to
the peers, the pages written, and each phase's median seconds and peak. A benchmark, not a
test: it prints figures; bench/RESULTS.md records them.
"""

import argparse
import hashlib
import json
import os
import platform
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench import hugo
from bench.corpus import PIECES_PER_ISSUE, add_day, generate
from bench.measure import measure

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
ARTICLES = "articles/**/*.html"  # what the peers tell Pagefind to index: the articles
COLD = ["ours-cold", "peer-a-cold", "peer-b-cold", "baseline-cold"]
PUBLISH = ["ours-publish", "peer-a-publish", "baseline-publish"]
# The site with the newest related pieces and listings' pages cut from the newest piece,
# as before pelicanconf.py chose otherwise (ours-publish-newest)
NEWEST = {"RELATED_PIECES_ORDER": "newest", "PAGINATION_FROM": "newest"}


@dataclass
class Run:
    seconds: float
    cpu: float  # CPU seconds of the whole process tree
    memory: int  # bytes: peak of the process tree's summed PSS
    pages: int
    phases: dict  # phase → (seconds, peak bytes)
    plugins: dict  # plugin → seconds (ours-cold-1-process)
    # output files added, removed or rewritten with other bytes, per section (sections())
    changed_where: dict | None = None

    @property
    def changed(self):
        return None if self.changed_where is None else sum(self.changed_where.values())


@dataclass
class Config:
    name: str
    kind: str  # ours, baseline, peer-a or peer-b
    warm: bool = False  # caches kept from the build before
    processes: int | None = None  # BUILD_PROCESSES; None: the site's default
    settings: dict = field(default_factory=dict)  # ours: Pelican settings to override
    runs: list = field(default_factory=list)

    @property
    def ours(self):
        return self.kind in ("ours", "baseline")


@dataclass
class Place:
    """Where one size's corpus and builds live."""

    folder: Path
    content: Path
    hugo_site: Path | None = None
    baseline: Path | None = None

    def output(self, config):
        return self.folder / f"out-{config.name}" / "output"


def ours_steps(config, place, output, phases):
    cache = {
        "CACHE_CONTENT": config.warm,
        "LOAD_CONTENT_CACHE": config.warm,
        "CACHE_PATH": str(output.parent / "pelican-cache"),
        **config.settings,
    }
    if config.processes:
        plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
        cache["BUILD_PROCESSES"] = config.processes
        cache["PLUGINS"] = [*plugins, "plugin_times"]
        cache["PLUGIN_PATHS"] = [str(BENCH)]
    settings = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in cache.items()]
    command = [
        sys.executable, BENCH / "steps.py", phases, "--content", place.content,
        "--output", output, "-e", *settings,
    ]  # fmt: skip
    return [("build", command, place.baseline if config.kind == "baseline" else ROOT)]


def pagefind_step(output):
    return ("pagefind", [PAGEFIND, "--site", output, "--glob", ARTICLES], ROOT)


def peer_steps(config, place, output):
    if config.kind == "peer-b":
        return [("hugo", hugo.command(place.hugo_site, output), ROOT), pagefind_step(output)]
    cache = {
        "CACHE_CONTENT": config.warm,
        "LOAD_CONTENT_CACHE": config.warm,
        "CACHE_PATH": str(output.parent / "pelican-cache"),
    }
    settings = [f"{k}={json.dumps(v)}" for k, v in cache.items()]
    pelican = [
        sys.executable, "-m", "pelican", place.content, "-s", BENCH / "vanillaconf.py",
        "-o", output, "-q", "-e", *settings,
    ]  # fmt: skip
    return [("pelican", pelican, ROOT), pagefind_step(output)]


def hashes(folder):
    """{path in the folder: SHA-256 of its bytes} of every file."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def changed_files(before, after):
    return [path for path in before.keys() | after.keys() if before.get(path) != after.get(path)]


def sections(paths):
    """{section: files} of output paths, most first: the top folder (articles, tags …),
    a listing's later pages (…/page/N/, Pelican's …N.html) apart: they change only where
    pagination counts from the newest piece (PAGINATION_FROM)."""
    counts = Counter()
    for path in paths:
        top = path.split("/")[0] if "/" in path else "(top)"
        later = "/page/" in path or re.search(r"[a-z]\d+\.html$", path)
        counts[f"{top}, later pages" if later else top] += 1
    return dict(counts.most_common())


def where(changed):
    return "; ".join(f"{section} {files:,}" for section, files in changed.items())


def build_once(config, place, record=True):
    """Build with `config` (a fresh folder when cold); record a Run."""
    output = place.output(config)
    if not config.warm:
        shutil.rmtree(output.parent, ignore_errors=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    before = hashes(output) if config.warm and record and output.is_dir() else None
    phases_file = output.parent / "phases.json"
    times = output.parent / "plugin-times.json"
    phases_file.unlink(missing_ok=True)
    times.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_PLUGIN_TIMES": str(times), "PYTHONUTF8": "1"}
    if config.ours:
        steps = ours_steps(config, place, output, phases_file)
    else:
        steps = peer_steps(config, place, output)
    seconds, cpu, memory, phases = 0.0, 0.0, 0, {}
    for phase, command, cwd in steps:
        measured = measure(command, cwd=cwd, env=env)
        if measured.returncode != 0 or not (output / "index.html").is_file():
            sys.exit(
                f"{config.name}: {phase} failed\n{' '.join(map(str, command))}\n{measured.log}"
            )
        seconds += measured.seconds
        cpu += measured.cpu
        memory = max(memory, measured.memory)
        if phases_file.exists():  # ours: the phases inside the one command
            for name, (start, end) in json.loads(phases_file.read_text()).items():
                phases[name] = (end - start, measured.peak_between(start, end))
        else:
            phases[phase] = (measured.seconds, measured.memory)
    if not record:
        return
    pages = sum(1 for _ in output.rglob("*.html"))
    plugins = json.loads(times.read_text()) if times.exists() else {}
    changed = sections(changed_files(before, hashes(output))) if before is not None else None
    config.runs.append(Run(seconds, cpu, memory, pages, phases, plugins, changed))
    split = ", ".join(f"{name} {s:.1f} s ({m / 2**20:,.0f} MB)" for name, (s, m) in phases.items())
    print(
        f"    {config.name}: {seconds:.1f} s, CPU {cpu:.1f} s, peak {memory / 2**20:,.0f} MB, "
        f"{pages:,} pages; {split}",
        flush=True,
    )


def vanilla_plugins(place):
    """The plugins vanilla Pelican loads with bench/vanillaconf.py: there must be none."""
    from pelican import Pelican
    from pelican.settings import read_settings

    override = {"PATH": str(place.content), "OUTPUT_PATH": str(place.folder / "vanilla-check")}
    settings = read_settings(str(BENCH / "vanillaconf.py"), override=override)
    return [plugin.__name__ for plugin in Pelican(settings).plugins]


def bench(articles, runs, folder, only=None, baseline=None, authors=30):
    place = Place(folder, generate(folder, articles, authors=authors), baseline=baseline)
    wanted = only or [*COLD, *PUBLISH]
    configs = [
        Config("ours-cold", "ours"),
        Config("peer-a-cold", "peer-a"),
        Config("peer-b-cold", "peer-b"),
        Config("baseline-cold", "baseline"),
        Config("ours-cold-1-process", "ours", processes=1),
        Config("ours-publish", "ours", warm=True),
        Config("ours-publish-newest", "ours", warm=True, settings=NEWEST),
        Config("peer-a-publish", "peer-a", warm=True),
        Config("baseline-publish", "baseline", warm=True),
    ]
    configs = [
        config
        for config in configs
        if config.name in wanted and (baseline or config.kind != "baseline")
    ]
    if any(config.kind == "peer-a" for config in configs) and vanilla_plugins(place):
        sys.exit(f"vanilla Pelican loads plugins: {vanilla_plugins(place)}")
    if any(config.kind == "peer-b" for config in configs):
        place.hugo_site = hugo.write_site(place.content, folder / "hugo-site")
    cold = [config for config in configs if not config.warm]
    for _ in range(runs):
        for config in cold:
            build_once(config, place)
            print(f"  {articles} {config.name}: {config.runs[-1].seconds:.1f} s", flush=True)
    publish = [config for config in configs if config.warm]
    identical = []
    if publish:
        for config in publish:  # the build before the first new day: caches filled
            build_once(config, place, record=False)
        for _ in range(runs):
            add_day(place.content)
            for config in publish:
                build_once(config, place)
                run = config.runs[-1]
                print(
                    f"  {articles} {config.name}: {run.seconds:.1f} s, {run.changed} files "
                    f"changed: {where(run.changed_where)}",
                    flush=True,
                )
        for config in publish:
            if config.kind == "ours":
                identical.append(identity(config, place))
                print(f"  {identical[-1]}", flush=True)
    return configs, identical


def identity(config, place):
    """Whether the output of the last publish build is, byte for byte, that of a clean
    cold build of the same content."""
    clean = Config("identity-check", "ours", settings=config.settings)
    build_once(clean, place, record=False)
    published, fresh = hashes(place.output(config)), hashes(place.output(clean))
    differ = sorted(
        path for path in published.keys() | fresh.keys() if published.get(path) != fresh.get(path)
    )
    check = f"{config.name} after the last new day = a clean cold build:"
    if not differ:
        return f"{check} identical, all {len(fresh):,} files"
    return (
        f"{check} NOT identical, "
        f"{len(differ):,} of {len(fresh):,} files differ, e.g. {', '.join(differ[:5])}"
    )


def median(values):
    return statistics.median(values) if values else float("nan")


def ratio(a, b):
    return f"{a / b:.2f}" if b and b == b else "–"


def report(articles, configs, identical):
    by_name = {config.name: config for config in configs}

    def med(name, attribute):
        config = by_name.get(name)
        return median([getattr(run, attribute) for run in config.runs]) if config else float("nan")

    lines = [f"\n### N = {articles:,} articles"]
    for section, peer_names in [
        ("cold", ("peer-a-cold", "peer-b-cold")),
        ("publish", ("peer-a-publish", None)),
    ]:
        chosen = [c for c in configs if c.runs and (c.warm == (section == "publish"))]
        if not chosen:
            continue
        head = "| configuration | median s | range s | CPU s | peak MB | time × peer A "
        head += "| CPU × peer A | memory × peer A "
        if section == "cold":
            head += "| time × peer B | CPU × peer B | memory × peer B "
        else:
            head += "| files changed "
        head += "| pages | phases: median s (peak MB) |"
        lines += ["", head, "|---" * (head.count("|") - 1) + "|"]
        for config in chosen:
            seconds = [run.seconds for run in config.runs]
            memory = median([run.memory for run in config.runs])
            cpu = median([run.cpu for run in config.runs])
            cells = [
                config.name,
                f"{median(seconds):.2f}",
                f"{min(seconds):.2f}–{max(seconds):.2f}",
                f"{cpu:.1f}",
                f"{memory / 2**20:,.0f}",
                ratio(median(seconds), med(peer_names[0], "seconds")),
                ratio(cpu, med(peer_names[0], "cpu")),
                ratio(memory, med(peer_names[0], "memory")),
            ]
            if section == "cold":
                cells += [
                    ratio(median(seconds), med(peer_names[1], "seconds")),
                    ratio(cpu, med(peer_names[1], "cpu")),
                    ratio(memory, med(peer_names[1], "memory")),
                ]
            else:
                cells.append(f"{median([run.changed for run in config.runs]):,.0f}")
            phases = [
                f"{name} {median([r.phases[name][0] for r in config.runs]):.2f} "
                f"({median([r.phases[name][1] for r in config.runs]) / 2**20:,.0f})"
                for name in config.runs[-1].phases
            ]
            cells += [f"{config.runs[-1].pages:,}", ", ".join(phases)]
            lines.append("| " + " | ".join(cells) + " |")
    for config in configs:
        if config.warm and config.runs:
            lines.append(
                f"\n{config.name}, files the last new day changed, by section: "
                + where(config.runs[-1].changed_where)
            )
    for check in identical:
        lines += ["", check]
    for config in configs:
        if config.processes == 1 and config.runs:
            plugins = sorted({name for run in config.runs for name in run.plugins})
            shares = [
                f"{name} {median([r.plugins.get(name, 0) / r.seconds for r in config.runs]):.1%}"
                for name in plugins
            ]
            lines.append(f"\n{config.name}, share of wall time per plugin: " + ", ".join(shares))
    return "\n".join(lines)


def machine():
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, uptime: {uptime}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="e.g. ours-cold peer-a-cold")
    parser.add_argument(
        "--baseline", type=Path, metavar="DIR",
        help="another checkout of the project (with .venv and node_modules): baseline-cold "
        "and baseline-publish build with its code",
    )  # fmt: skip
    parser.add_argument(
        "--authors", default="30", metavar="COUNT|day",
        help="writers and photographers in the corpus; day: one per printed page (N/7), "
        "as in a paper's archive",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not Path(hugo.HUGO).exists() and (not args.only or "peer-b-cold" in args.only):
        sys.exit("Hugo is missing: ./run system-packages installs Debian's hugo.")
    print(f"Machine: {machine()} (at the start)", flush=True)
    for articles in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-build-{articles}-") as folder:
            configs, identical = bench(
                articles,
                args.runs,
                Path(folder),
                args.only,
                args.baseline and args.baseline.resolve(),
                articles // PIECES_PER_ISSUE if args.authors == "day" else int(args.authors),
            )
            print(report(articles, configs, identical), flush=True)
    print(f"\nMachine: {machine()} (at the end)")


if __name__ == "__main__":
    main()
