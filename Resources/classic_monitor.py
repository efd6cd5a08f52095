#!/usr/bin/env python3
"""The classic Python program daemondeck is measured against: four daemon threads poll a global at
10 Hz and report when it changes, while the main thread changes it now and then (written for
daemondeck's comparison from the long-running monitor example: a while-loop, a look, sleep(0.1))."""
from random import random
from threading import Thread
from time import sleep
import sys

data = 0.0


def background_task():
    """Checks the shared value ten times a second and reports a change."""
    global data
    last_seen = data
    while True:
        if data != last_seen:
            print(f"Monitor: data has changed to {data}", flush=True)
            last_seen = data
        sleep(0.1)


def main(seconds):
    global data
    for n in range(4):
        Thread(target=background_task, daemon=True, name=f"Monitor-{n + 1}").start()
    print("Main thread is carrying on...", flush=True)
    # The main thread writes a new value every few seconds, as the example's main loop does.
    left = seconds
    while left > 0:
        pause = min(left, 1 + random() * 4)
        sleep(pause)
        left -= pause
        data = random() * 5
    print("Main thread done.", flush=True)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
