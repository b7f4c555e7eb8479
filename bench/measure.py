"""Time and peak memory of a command and every process it starts (Linux /proc).

The memory is the largest sum, over the command's whole process tree (the process, its
children, theirs …), of each process's proportional set size (PSS: its private memory
plus its share of the pages it shares with others, so that pages shared by forked
workers count once), sampled every SAMPLE_SECONDS.
"""

import os
import subprocess
import threading
import time
from dataclasses import dataclass

SAMPLE_SECONDS = 0.05


@dataclass
class Measured:
    seconds: float
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
    samples, done = [], threading.Event()

    def sample(pid):
        while not done.wait(SAMPLE_SECONDS):
            samples.append((time.monotonic(), sum(pss(p) for p in tree(pid))))

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
    return Measured(seconds, peak, log, process.returncode, samples)
