"""Time, CPU time and peak memory of a command and every process it starts (Linux /proc).

The CPU time is the sum, over every process seen in the tree, of its user and system time
when last sampled (a process that lives less than SAMPLE_SECONDS may be missed, and up to
SAMPLE_SECONDS of each one's last moments): on a machine shared with others it is a
steadier figure than the wall time.

The memory is the largest sum, over the command's whole process tree (the process, its
children, theirs …), of each process's proportional set size (PSS: its private memory
plus its share of the pages it shares with others, so that pages shared by forked
workers count once), sampled every SAMPLE_SECONDS, or less often when a sample costs more:
reading a process's PSS walks its memory, and at 100,000 articles sampling every 50 ms kept
40-46 % of a core busy, slowing most the build that uses both cores. The sampler now waits
long enough between samples to use at most SAMPLER_SHARE of one core.
"""

import os
import subprocess
import threading
import time
from dataclasses import dataclass

SAMPLE_SECONDS = 0.05
SAMPLER_SHARE = 0.1


@dataclass
class Measured:
    seconds: float
    cpu: float  # CPU seconds (user + system) of the whole tree
    memory: int  # bytes: the peak of the tree's summed PSS
    log: str
    returncode: int
    samples: list  # (time.monotonic(), bytes)

    def peak_between(self, start, end):
        """The peak memory sampled between two times."""
        return max((memory for at, memory in self.samples if start <= at <= end), default=0)


def tree(pid):
    """pid and all its descendants."""
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


def measure(command, cwd=None, env=None):
    """Run `command` to its end; a Measured (its output in .log)."""
    samples, cpu, done = [], {}, threading.Event()

    def sample(pid):
        wait = SAMPLE_SECONDS
        while not done.wait(wait):
            began = time.thread_time()
            pids = tree(pid)
            samples.append((time.monotonic(), sum(pss(p) for p in pids)))
            for p in pids:
                cpu[p] = max(cpu.get(p, 0.0), cpu_seconds(p))
            cost = time.thread_time() - began  # this thread's CPU time, not the wall's
            wait = max(SAMPLE_SECONDS, cost * (1 / SAMPLER_SHARE - 1))

    started = time.monotonic()
    process = subprocess.Popen(
        [str(part) for part in command], cwd=cwd, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
    )  # fmt: skip
    sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
    sampler.start()
    log, _ = process.communicate()
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    peak = max((memory for _at, memory in samples), default=0)
    return Measured(seconds, sum(cpu.values()), peak, log, process.returncode, samples)


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """The process's own user and system time so far (not its children's)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0.0
