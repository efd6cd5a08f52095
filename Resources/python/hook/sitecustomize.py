# daemondeck's start-up hook for `daemondeck watch -- python3 ...`.
#
# Python imports a module named `sitecustomize` at start-up (the `site` module); daemondeck puts the
# folder holding this file first on PYTHONPATH for the watched program only. It then:
#   - names each threading.Thread at the OS level (Linux: /proc/self/task/<native id>/comm, 15 bytes),
#     so `ps -L` and daemondeck's Workers panel show `Monitor`, not `python3`;
#   - reports on a private pipe (its fd number in DAEMONDECK_HOOK_FD), one JSON object a line, each
#     thread's start and end, asyncio tasks created and done, and the interpreter's shutdown.
# It never prints (a failing sitecustomize of the user's is reported as site reports it), swallows its own
# errors, and stops reporting when the pipe is gone. It costs nothing while nothing starts or ends: no trace
# or profile function, only wrappers around Thread.start/run, threading._shutdown and the event loop's task
# factory. It gives the program back its environment (PYTHONPATH, PYTHONUNBUFFERED) and sys.path as they were.
import os
import sys


def _daemondeck_install():
    fd_text = os.environ.pop("DAEMONDECK_HOOK_FD", None)
    hook_dir = os.environ.pop("DAEMONDECK_HOOK_DIR", None)
    # Give the program back the PYTHONPATH it was started with (child processes it starts see it too).
    user_path = os.environ.pop("DAEMONDECK_USER_PYTHONPATH", None)
    in_cache = os.environ.pop("DAEMONDECK_HOOK_CACHED", None) == "1"
    if user_path is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = user_path
    # daemondeck sets PYTHONUNBUFFERED=1 so that the program's lines reach it as they are printed. Python read
    # it when it made sys.stdout and sys.stderr, before site imported this module; changing it now leaves those
    # streams unbuffered and gives the program (and the programs it starts) the user's value, or none.
    user_unbuffered = os.environ.pop("DAEMONDECK_USER_PYTHONUNBUFFERED", None)
    if user_unbuffered is None:
        os.environ.pop("PYTHONUNBUFFERED", None)
    else:
        os.environ["PYTHONUNBUFFERED"] = user_unbuffered
    if hook_dir:
        try:
            while hook_dir in sys.path:
                sys.path.remove(hook_dir)
        except Exception:
            pass
        _import_shadowed_sitecustomize(hook_dir)
        if in_cache:
            _write_own_bytecode(hook_dir)
    if not fd_text:
        return
    try:
        fd = int(fd_text)
        # Only this process reports: the programs it starts do not inherit the pipe.
        os.set_inheritable(fd, False)
    except Exception:
        return
    _Reporter(fd).install()


def _import_shadowed_sitecustomize(hook_dir):
    """Runs the sitecustomize this one hides (the user's or the system's), as site would have: one that raises
    is reported on stderr in site's words (Lib/site.py, execsitecustomize), and the program goes on."""
    paths = [p for p in sys.path if p != hook_dir]
    own = sys.modules.get("sitecustomize")
    try:
        try:
            # A look at each folder first: the import machinery is loaded only when there may be one to run.
            if not _may_hold_sitecustomize(paths):
                return
            import importlib.machinery
            import importlib.util
            spec = importlib.machinery.PathFinder.find_spec("sitecustomize", paths)
            if spec is None or spec.loader is None:
                return
            module = importlib.util.module_from_spec(spec)
            sys.modules["sitecustomize"] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                sys.modules["sitecustomize"] = own  # as a failed import leaves no module of its own behind
                raise
        except ImportError as exc:
            if exc.name != "sitecustomize":
                raise
    except Exception as err:
        if sys.flags.verbose:
            sys.excepthook(*sys.exc_info())
        else:
            sys.stderr.write("Error in sitecustomize; set PYTHONVERBOSE for traceback:\n"
                             "%s: %s\n" % (err.__class__.__name__, err))


def _may_hold_sitecustomize(paths):
    """Whether a folder on `paths` holds a sitecustomize module (source, bytecode, package or extension module),
    or an entry is a file (a zip archive, read by zipimport): then the finders look for real. Plain os.access
    calls: this runs at every start, and os.path's helpers cost several times as much."""
    import _imp  # built in and already loaded: costs nothing
    names = ["/sitecustomize", "/sitecustomize.py", "/sitecustomize.pyc"]
    names += ["/sitecustomize" + suffix for suffix in _imp.extension_suffixes()]
    access, folder_mode = os.access, 0o040000
    for path in paths:
        folder = path or "."
        try:
            mode = os.stat(folder).st_mode
        except OSError:
            continue  # not there (the usual pythonXY.zip): nothing to find
        if mode & 0o170000 != folder_mode:
            return True
        for name in names:
            if access(folder + name, os.F_OK):
                return True
    return False


def _write_own_bytecode(hook_dir):
    """Python compiles this file at every start when it may not write bytecode (-B or PYTHONDONTWRITEBYTECODE,
    usual in containers): about 2 ms of the program's CPU each time. In daemondeck's cache folder (kept between
    runs, and this user's alone) the hook writes its own bytecode once, with py_compile; the program's own
    modules are left as the user asked. Nothing is printed: a failure only means the next start compiles again."""
    try:
        if not sys.dont_write_bytecode:
            return  # Python writes it itself
        spec = globals().get("__spec__")
        source, compiled = getattr(spec, "origin", None), getattr(spec, "cached", None)
        if not source or not compiled or os.path.dirname(source) != hook_dir:
            return
        if os.path.dirname(compiled) != os.path.join(hook_dir, "__pycache__") or os.path.exists(compiled):
            return  # elsewhere (PYTHONPYCACHEPREFIX: not daemondeck's to write), or written by an earlier run
        import py_compile
        py_compile.compile(source, cfile=compiled, doraise=True)
    except Exception:
        pass


class _Reporter:
    def __init__(self, fd):
        self.fd = fd
        self.alive = True
        self.threads = {}  # id(thread) -> Thread, each thread started and not yet done (for the shutdown report)
        self.reported_joins = False

    def send(self, **fields):
        if not self.alive:
            return
        try:
            line = (_json_line(fields) + "\n").encode("ascii")
            # One write of less than PIPE_BUF bytes: lines from different threads never interleave.
            if len(line) <= 4000:
                os.write(self.fd, line)
        except Exception:
            self.alive = False  # daemondeck is gone (BrokenPipeError) or the fd was closed: stop reporting

    def install(self):
        import threading
        self.threading = threading
        # A child made with os.fork (multiprocessing's fork start method) inherits the pipe whatever its flags: its
        # threads are not the watched process's, so it stays silent.
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self.silence)
        self.patch_threads(threading)
        self.patch_rename(threading)
        self.watch_for_asyncio()
        self.watch_shutdown(threading)

    def silence(self):
        self.alive = False

    # Threads --------------------------------------------------------------------------------------

    def patch_threads(self, threading):
        reporter = self
        original_start = threading.Thread.start

        def start(thread, *args, **kwargs):
            try:
                run = thread.run  # the subclass's run, or Thread.run calling the target

                def reported_run(*run_args, **run_kwargs):
                    reporter.thread_began(thread)
                    try:
                        return run(*run_args, **run_kwargs)
                    finally:
                        reporter.thread_ended(thread)

                thread.run = reported_run  # an instance attribute: the class and its subclasses are untouched
                # Known from here, not from its run: the main thread may reach shutdown before the new thread
                # runs a line of Python, and shutdown must still name it.
                reporter.threads[id(thread)] = thread
            except Exception:
                pass
            try:
                return original_start(thread, *args, **kwargs)
            except BaseException:
                reporter.threads.pop(id(thread), None)  # never started (no thread to be had)
                raise

        start.__wrapped__ = original_start
        start.__name__ = original_start.__name__
        start.__doc__ = original_start.__doc__
        threading.Thread.start = start

    def patch_rename(self, threading):
        """`thread.name = "New"` (or setName) on a running thread: CPython changes only the Python attribute, so
        the kernel's name is set again and the change reported. The class's `name` property gets a setter that
        calls the original first; reading a name is untouched, and Thread.__init__ sets `_name` directly."""
        reporter = self
        prop = threading.Thread.__dict__.get("name")
        if not isinstance(prop, property) or prop.fset is None:
            return
        original_set = prop.fset

        def set_name(thread, name):
            was = getattr(thread, "_name", None)
            original_set(thread, name)
            reporter.thread_renamed(thread, was)

        threading.Thread.name = property(prop.fget, set_name, prop.fdel, prop.__doc__)

    def thread_renamed(self, thread, was):
        try:
            # Only a thread this hook saw start and still running has a kernel thread of its own to rename (the
            # main thread keeps the program's name, as at start).
            if id(thread) not in self.threads or not thread.is_alive() or thread.native_id is None or thread.name == was:
                return
            name_os_thread(thread.native_id, thread.name)
            self.send(event="thread-rename", name=thread.name, was=str(was), tid=thread.native_id, daemon=bool(thread.daemon))
        except Exception:
            pass

    def thread_began(self, thread):
        try:
            native = self.threading.get_native_id()
            # Again if the name was set meanwhile (`t.name = "New"` right after start): the last write is the newest name.
            name = None
            while name != thread.name:
                name = thread.name
                name_os_thread(native, name)
            self.send(event="thread-start", name=thread.name, tid=native, daemon=bool(thread.daemon))
        except Exception:
            pass

    def thread_ended(self, thread):
        try:
            self.threads.pop(id(thread), None)
            self.send(event="thread-end", name=thread.name, tid=self.threading.get_native_id(), daemon=bool(thread.daemon))
        except Exception:
            pass

    # Shutdown -------------------------------------------------------------------------------------

    def watch_shutdown(self, threading):
        # At exit CPython calls the threading module's `_shutdown` attribute (Python/pylifecycle.c,
        # wait_for_thread_shutdown), which first runs the functions given to threading._register_atexit, last
        # registered first (concurrent.futures' _python_exit joins the executors' workers there), then joins the
        # non-daemon threads. Wrapping _shutdown reports before any of those joins; atexit functions run after.
        original = getattr(threading, "_shutdown", None)
        if callable(original):
            reporter = self

            def _shutdown():
                reporter.before_join()
                return original()

            _shutdown.__wrapped__ = original
            threading._shutdown = _shutdown
        else:
            register = getattr(threading, "_register_atexit", None)  # private too: the best there is then
            if register is not None:
                try:
                    register(self.before_join)
                except Exception:
                    pass
        import atexit
        atexit.register(self.at_exit)

    def living(self, daemon):
        main = self.threading.main_thread()
        return [t for t in list(self.threads.values()) if t is not main and t.daemon == daemon and t.is_alive()]

    def before_join(self):
        if self.reported_joins:
            return  # _shutdown may be called again (it returns at once then): one report
        self.reported_joins = True
        try:
            for thread in self.living(daemon=False):
                self.send(event="joins", name=thread.name, tid=thread.native_id)
        except Exception:
            pass

    def at_exit(self):
        try:
            for thread in self.living(daemon=True):
                self.send(event="abandons", name=thread.name, tid=thread.native_id)
            self.send(event="exit")
        except Exception:
            pass

    # asyncio --------------------------------------------------------------------------------------

    def watch_for_asyncio(self):
        # Importing asyncio costs a program that does not use it; patch it when the program imports it.
        if "asyncio.base_events" in sys.modules:
            self.patch_asyncio(sys.modules["asyncio.base_events"])
            return
        sys.meta_path.insert(0, _AfterImport("asyncio.base_events", self.patch_asyncio))

    def patch_asyncio(self, base_events):
        reporter = self
        loop_class = base_events.BaseEventLoop
        original_init = loop_class.__init__

        def __init__(loop, *args, **kwargs):
            original_init(loop, *args, **kwargs)
            try:
                loop.set_task_factory(reporter.task_factory)
            except Exception:
                pass

        loop_class.__init__ = __init__

    def task_factory(self, loop, coro, **kwargs):
        import asyncio
        task = asyncio.Task(coro, loop=loop, **kwargs)
        try:
            name = getattr(coro, "__qualname__", None) or type(coro).__name__
            if name.startswith("BaseEventLoop."):
                return task  # asyncio.run's own clean-up tasks, not the program's
            key = id(task)
            self.send(event="task-start", coro=name, key=key, tid=self.threading.get_native_id())

            def done(finished):
                try:
                    # Not finished.exception(): it marks the exception retrieved (clears _log_traceback), and
                    # asyncio would no longer log "Task exception was never retrieved" for a task nobody
                    # awaits. The _exception attribute reads the same exception without that side effect
                    # (Lib/asyncio/futures.py, and the C Task's getter in Modules/_asynciomodule.c).
                    failure = getattr(finished, "_exception", None)
                    if finished.cancelled():
                        how = "cancelled"
                    elif failure is not None:
                        how = "failed:" + type(failure).__name__
                    else:
                        how = "done"
                    self.send(event="task-end", coro=name, key=key, task=finished.get_name(), how=how)
                except Exception:
                    pass

            task.add_done_callback(done)
        except Exception:
            pass
        return task


class _AfterImport:
    """A finder that lets the usual finders load `name`, then calls `then(module)` once it is loaded."""

    def __init__(self, name, then):
        self.name = name
        self.then = then

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        try:
            sys.meta_path.remove(self)
            import importlib.util
            spec = importlib.util.find_spec(fullname)
            if spec is None or spec.loader is None:
                return None
            loader = spec.loader
            original_exec = loader.exec_module
            then = self.then

            def exec_module(module):
                original_exec(module)
                try:
                    then(module)
                except Exception:
                    pass

            loader.exec_module = exec_module
            return spec
        except Exception:
            return None


def _json_line(fields):
    """One report as a line of JSON. Strings are capped so that a line stays under PIPE_BUF: one write, never
    interleaved. The encoder is made at the first report, not at start-up."""
    global _encode
    if _encode is None:
        _encode = _json_encoder()
    return _encode({key: (value[:300] if isinstance(value, str) else value) for key, value in fields.items()})


_encode = None


def _json_encoder():
    """The json package's own C encoder (`_json.make_encoder`, what json.dumps runs for these settings), made
    without importing the json package: `import json` also loads its decoder and the `re` module, about 8 ms of
    the program's CPU at start-up where nothing had loaded `re` yet, for a hook that only writes JSON. It is
    checked against a known line first; where `_json` is missing or differs (another Python), json.dumps, which
    writes the same text."""
    try:
        import _json

        def refuse(value):
            raise TypeError("not JSON: %s" % type(value).__name__)

        encoder = _json.make_encoder(None, refuse, _json.encode_basestring_ascii, None, ":", ",", False, False, False)
        if "".join(encoder({"a": "\u00e9\n", "n": -1, "t": True}, 0)) == '{"a":"\\u00e9\\n","n":-1,"t":true}':
            return lambda fields: "".join(encoder(fields, 0))
    except Exception:
        pass
    import json
    return lambda fields: json.dumps(fields, ensure_ascii=True, separators=(",", ":"))


def name_os_thread(native_id, name):
    """The thread's kernel name (what ps -L and /proc show): at most 15 bytes on Linux."""
    try:
        # Cut at a character's boundary, never inside one: 15 bytes of "é" * 8 would end in half an "é".
        encoded = name.encode("utf-8", "replace")[:15].decode("utf-8", "ignore").encode("utf-8")
        with open("/proc/self/task/%d/comm" % native_id, "wb", buffering=0) as comm:
            comm.write(encoded)
    except Exception:
        pass  # not Linux, or /proc not mounted: rows keep the process's name


try:
    _daemondeck_install()
except Exception:
    pass
