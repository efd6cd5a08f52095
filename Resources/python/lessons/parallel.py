# shows: CPU-bound Python threads using about one core (the GIL), the same work in Python processes (each with a GIL of its own, so they can use more than one core when cores are free), and I/O-bound Python threads overlapping
# Run by daemondeck's parallel lesson (`run-python parallel`), beside the Swift threads.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(3)  # daemondeck reads status 3 as "too old": the step counts as not run

import multiprocessing
import os
import select
import threading
import time

WORKERS = max(2, min(4, os.cpu_count() or 2))
# About half a second of CPU per worker on this machine's cores: enough that starting a process (a few ms)
# does not hide the work, short enough that the step takes a few seconds.
LOOPS = 15_000_000


def burn():
    total = 0
    for i in range(LOOPS):
        total += i
    return total


def measure(start_all):
    """Runs start_all(), which returns the workers to join; wall time and CPU time (own and children's)."""
    before, wall = os.times(), time.monotonic()
    for worker in start_all():
        worker.join()
    after, wall = os.times(), time.monotonic() - wall
    cpu = (after.user - before.user) + (after.system - before.system) \
        + (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def started(workers):
    for worker in workers:
        worker.start()
    return workers


def report(what, wall, cpu):
    # CPU time over wall time: 100% is one core busy all along, 200% two.
    share = cpu / wall
    # Said from this run's own figure, never assumed: more than one core only when the run measured it
    # (above 110%, past what timing noise could give one busy core). A figure a little above 100% is
    # still one core: the line says where the threshold is, so it does not read as a contradiction.
    if share > 1.1:
        verdict = "above 110%, so more than one core at once"
    else:
        try:
            load = f"load average {os.getloadavg()[0]:.1f}"
        except (AttributeError, OSError):  # getloadavg is Unix-only and raises OSError when unobtainable
            load = "load average unknown"
        verdict = ("up to 110% counts as one core (a margin for timing noise), so this run did not show"
                   f" more than one core at once ({load} on {os.cpu_count()} cores)")
    print(f"{what}: {round(100 * share)}% of one core (CPU {cpu:.2f} s over wall {wall:.2f} s): {verdict}")


print(f"{WORKERS} workers, each adding {LOOPS} numbers; os.cpu_count() = {os.cpu_count()}")
wall, cpu = measure(lambda: started([threading.Thread(target=burn, name=f"Burner-{n}") for n in range(1, WORKERS + 1)]))
report("threads, CPU-bound", wall, cpu)
# fork: the child starts as a copy of this process, so `burn` needs no importable main module.
fork = multiprocessing.get_context("fork")
wall, cpu = measure(lambda: started([fork.Process(target=burn, name=f"Burner-{n}") for n in range(1, WORKERS + 1)]))
report("processes, CPU-bound", wall, cpu)

# I/O-bound: four threads each wait up to 0.5 s for input on a pipe nobody writes to.
reader, writer = os.pipe()
wall, cpu = measure(lambda: started([threading.Thread(target=select.select, args=([reader], [], [], 0.5), name=f"Reader-{n}")
                                     for n in range(1, 5)]))
print(f"threads, I/O-bound: 4 waits of 0.5 s all done in {round(wall * 1000)} ms, CPU {cpu:.2f} s")
