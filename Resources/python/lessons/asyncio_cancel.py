# shows: an asyncio task ticking, still pending when main() returns, cancelled by asyncio.run() at loop shutdown (its cleanup runs)
# Run by daemondeck's cancel lesson (`run-python asyncio_cancel`), beside the Swift alarm task.
import sys

if sys.version_info < (3, 8):
    print("this is Python %d.%d; daemondeck's lesson programs need 3.8 or later" % tuple(sys.version_info[:2]))
    sys.exit(3)  # daemondeck reads status 3 as "too old": the step counts as not run

import asyncio

TICKS = 5


async def alarm():
    try:
        for n in range(1, TICKS + 1):
            await asyncio.sleep(0.5)
            print(f"alarm task: tick {n} of {TICKS}")
        print("alarm task: rings")
    except asyncio.CancelledError:
        print("alarm task: CancelledError: cleanup ran")
        raise


async def main():
    # Keep a reference: the event loop keeps only weak references to tasks.
    task = asyncio.create_task(alarm())
    await asyncio.sleep(1.7)
    print(f"main: returns; the alarm task is still pending (done: {task.done()})")


asyncio.run(main())
print("after asyncio.run(): the loop is closed")
