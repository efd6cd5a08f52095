# shows: a daemon monitor thread that looks at data ten times a second and reports each change main makes, then is abandoned when main returns
# Run by daemondeck's monitor lesson (`run-python monitor`), beside the Swift monitor: tutorial 000's
# program, with main's waits kept between 0.4 and 1.2 s (as the Swift side's writes are) and seeded.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(3)  # daemondeck reads status 3 as "too old": the step counts as not run

import random
import threading
import time

WRITES = 5
POLL = 0.1  # the monitor looks about 10 times a second


def say(line):
    # One write per line: print() writes the text and its "\n" separately, so with two threads
    # printing at once the other thread's text can land between them.
    sys.stdout.write(line + "\n")


def background_task():
    global data
    last_seen = data
    while True:
        if data != last_seen:
            say(f"Monitor: data has changed to {data:.3f}")
            last_seen = data
        time.sleep(POLL)


data = 0.0
say("Starting background task...")
monitor = threading.Thread(target=background_task, daemon=True, name="Monitor")
monitor.start()
say("Main thread is carrying on...")
chance = random.Random(7)  # the same waits and values in every run
for n in range(1, WRITES + 1):
    time.sleep(chance.uniform(0.4, 1.2))
    data = chance.random() * 5
    say(f"main: data = {data:.3f} (write {n} of {WRITES})")
# Half a second for the monitor to look once more (it looks every 0.1 s); then main returns and the
# daemon monitor is abandoned wherever it is.
time.sleep(0.5)
say("Main thread done.")
