# shows: a Python main thread that returns without join(): the interpreter waits for its non-daemon thread, and abandons its daemon thread mid-sleep
# Run by daemondeck's daemon-exit lesson (`run-python daemon_exit`), beside the Swift child.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(3)  # daemondeck reads status 3 as "too old": the step counts as not run

import threading
import time

started = time.monotonic()


def say(line):
    # One write per line: print() writes the text and its "\n" separately, so with three threads
    # printing at once another thread's text can land between them.
    sys.stdout.write(line + "\n")


def work(name, seconds):
    say(f"[{name}] working, sleeps {seconds:g} s")
    time.sleep(seconds)
    say(f"[{name}] woke at {time.monotonic() - started:.2f} s: cleanup ran")


threading.Thread(target=work, args=("non-daemon", 1.0), name="non-daemon").start()
threading.Thread(target=work, args=("daemon", 3.0), name="daemon", daemon=True).start()
say("main: returns now, joining nothing itself")
