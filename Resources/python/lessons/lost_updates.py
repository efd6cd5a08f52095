# shows: CPython's own result for four threads each doing `counter += 1` 200000 times with no lock, then the
# same with a call between the load and the store (`counter = counter + one()`)
# Run by daemondeck's lost-updates lesson (`run-python lost_updates`), beside the Swift threads.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(3)  # daemondeck reads status 3 as "too old": the step counts as not run

import threading

THREADS = 4
INCREMENTS = 200_000
counter = 0


def add():
    global counter
    for _ in range(INCREMENTS):
        counter += 1  # a load, an add and a store: no lock


def one():
    return 1


def add_with_a_call():
    global counter
    for _ in range(INCREMENTS):
        counter = counter + one()  # the same load and store, with a call between them: no lock


def build():
    # sys._is_gil_enabled() exists from 3.13; before that every CPython build has the GIL.
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    version = "%d.%d" % tuple(sys.version_info[:2])
    return f"{sys.implementation.name} {version}, GIL {'enabled' if gil else 'disabled (free-threaded)'}"


print(f"{build()}: {THREADS} threads each add 1 to counter {INCREMENTS} times, no lock; "
      f"switch interval {sys.getswitchinterval() * 1000:.0f} ms")


def run(target, name):
    """THREADS threads run `target` on a counter set to 0; returns what the counter reads once all are joined."""
    global counter
    counter = 0
    threads = [threading.Thread(target=target, name=f"{name}-{n}") for n in range(1, THREADS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counter


expected = THREADS * INCREMENTS
actual = run(add, "Adder")
print(f"expected {expected}, actual {actual}, lost {expected - actual}")
# CPython lets another thread take the GIL only where its interpreter checks for a request (a backward jump
# such as the loop's, a call), so where a switch can fall decides what is lost: a call inside the statement
# puts one between the load and the store.
actual = run(add_with_a_call, "Caller")
print(f"with a call inside (counter = counter + one()): expected {expected}, actual {actual}, lost {expected - actual}")
