#!/usr/bin/env python3
"""The Python start-up hook's cost per start: CPU (user + system, from wait4's rusage) of `python3 -c pass`
started N times in turn without the hook, with the hook written afresh to a new folder for each start (as
daemondeck did before it cached the hook), and with the hook in one folder kept between starts (where Python
caches its bytecode in __pycache__, as daemondeck's cache folder does). Medians, in milliseconds.

    scripts/measure-hook-start.py [N] [PYTHON]
"""
import os, shutil, statistics, sys, tempfile

HOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Resources", "python", "hook", "sitecustomize.py")


def start(python, folder):
    """One start of `python -c pass`, with the hook's folder on PYTHONPATH and its pipe (None: no hook)."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    read_end = write_end = None
    if folder:
        read_end, write_end = os.pipe()
        os.set_inheritable(write_end, True)
        env.update(PYTHONPATH=folder, DAEMONDECK_HOOK_DIR=folder, DAEMONDECK_HOOK_FD=str(write_end))
    pid = os.posix_spawn(python, [python, "-c", "pass"], env)
    if write_end is not None:
        os.close(write_end)
    _, _, usage = os.wait4(pid, 0)
    if read_end is not None:
        os.close(read_end)
    return (usage.ru_utime + usage.ru_stime) * 1000


def fresh_folder():
    folder = tempfile.mkdtemp(prefix="daemondeck-hook-measure-")
    shutil.copy(HOOK, folder)
    return folder


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    python = sys.argv[2] if len(sys.argv) > 2 else shutil.which("python3")
    kept = fresh_folder()
    start(python, kept)  # the first start compiles the hook and writes __pycache__; the rest reuse it
    without, afresh, cached = [], [], []
    for _ in range(n):  # interleaved, so that each kind sees the same machine
        without.append(start(python, None))
        folder = fresh_folder()
        afresh.append(start(python, folder))
        shutil.rmtree(folder)
        cached.append(start(python, kept))
    shutil.rmtree(kept)
    base = statistics.median(without)
    print(f"{n} starts of {python} -c pass each, median CPU per start:")
    for name, values in (("without the hook", without), ("hook written afresh (before)", afresh), ("hook cached (now)", cached)):
        m = statistics.median(values)
        print(f"  {name:30} {m:6.1f} ms  ({m - base:+5.1f} ms)")


if __name__ == "__main__":
    main()
