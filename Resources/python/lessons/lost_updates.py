# shows: CPython's own result for four threads each doing `counter += 1` 200000 times with no lock
# Run by daemondeck's lost-updates lesson (`run-python lost_updates`), beside the Swift threads.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(0)

import threading

THREADS = 4
INCREMENTS = 200_000
counter = 0


def add():
    global counter
    for _ in range(INCREMENTS):
        counter += 1  # a load, an add and a store: no lock


def build():
    # sys._is_gil_enabled() exists from 3.13; before that every CPython build has the GIL.
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    version = "%d.%d" % tuple(sys.version_info[:2])
    return f"{sys.implementation.name} {version}, GIL {'enabled' if gil else 'disabled (free-threaded)'}"


print(f"{build()}: {THREADS} threads each add 1 to counter {INCREMENTS} times, no lock; "
      f"switch interval {sys.getswitchinterval() * 1000:.0f} ms")
threads = [threading.Thread(target=add, name=f"Adder-{n}") for n in range(1, THREADS + 1)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
expected = THREADS * INCREMENTS
print(f"expected {expected}, actual {counter}, lost {expected - counter}")
