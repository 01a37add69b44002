"""Start each page's kernel from a warm process that has already imported torch, by fork.

Every page runs in a fresh Jupyter kernel, and every kernel used to spend about 2.5 s of CPU
importing the same things before the page's first line: torch, ``torch._dynamo``
(which the first optimizer loads) and matplotlib. A build of ten pages on two cores spent
over ten seconds of its wall time on that. Here one process imports them once and forks a
kernel for each page; the fork shares those modules, so a kernel starts at once.

How it fits Jupyter: the kernel manager starts ``kernel_stub.py`` in place of the kernel (see
:class:`WarmKernelManager`). The stub sends the warm process its environment, working folder
and standard streams; the warm process forks, and the child becomes an ordinary ipykernel
(``ipykernel_launcher``'s own entry point) with exactly that environment, folder and streams.
The stub stands in for it: it forwards signals, and exits with the kernel's exit code. The
kernel exits when the stub is killed.

What a page computes cannot tell: the warm process has only imported modules (no tensor
computed, no thread started), from the same interpreter, ``sys.path`` and environment as the
kernel would have had. It refuses, and the stub then starts the kernel the ordinary way, when
the kernel's command or environment differ from its own in anything but the variables each
kernel gets for itself (:data:`PER_KERNEL`). Project modules (``loopdocs``) are never
imported ahead: each kernel imports them itself, so the read recorder sees them.

Run by path: ``python -P warm_kernels.py SOCKET`` serves until its standard input closes.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
import select
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from subprocess import PIPE, Popen, TimeoutExpired
from typing import Any

#: What every page's kernel imports; none of it is project code, nor Jupyter's: ipykernel
#: reads its parent's pid (``JPY_PARENT_PID``) from the environment as it is imported, so it is
#: imported in each kernel, after that kernel's environment is in place.
WARM = (
    "torch",
    "torch._dynamo",
    "numpy",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.Image",
)
#: Environment variables that may differ between the warm process and a kernel: the kernel
#: manager's per-kernel ones, and the build's per-page read record (read after start).
PER_KERNEL = re.compile(r"JPY_.*|PYDEVD_.*|LOOPDOCS_READS")
STUB = Path(__file__).with_name("kernel_stub.py")
#: Beside the socket: one line for each kernel the warm process refused, saying why.
REFUSED = "refused.txt"
#: The kernel command a Python kernelspec gives: ``python -m ipykernel_launcher ARGS``.
LAUNCHER = ["-m", "ipykernel_launcher"]


def refusal(request: dict[str, Any], environ: dict[str, str]) -> str | None:
    """Why the warm process may not stand in for this kernel, or None if it may."""
    argv = request["argv"]
    if len(argv) < 3 or argv[1:3] != LAUNCHER:
        return f"not an ipykernel command: {argv[:3]}"
    if os.path.realpath(argv[0]) != os.path.realpath(sys.executable):
        return f"another interpreter: {argv[0]}"
    given = request["env"]
    differ = {
        name
        for name in set(environ) | set(given)
        if environ.get(name) != given.get(name) and not PER_KERNEL.fullmatch(name)
    }
    return f"environment differs in {sorted(differ)}" if differ else None


def _watch(stub: int) -> None:
    """In a kernel: exit when the stub that stands for it is gone (it was killed)."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(stub, 0)
        except ProcessLookupError:
            os._exit(1)


def _become_kernel(
    request: dict[str, Any], streams: list[int], others: list[socket.socket]
) -> None:
    """In the forked child: take the stub's streams, folder and environment; run ipykernel."""
    code = 1
    try:
        for other in others:
            other.close()
        for target, fd in enumerate(streams):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        signal.signal(signal.SIGINT, signal.default_int_handler)
        threading.Thread(target=_watch, args=(request["stub"],), daemon=True).start()
        launcher = importlib.util.find_spec("ipykernel_launcher")  # as `python -m` sets it
        sys.argv = [(launcher and launcher.origin) or "", *request["argv"][3:]]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=request["argv"][3:])
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            with suppress(Exception):
                stream.flush()  # type: ignore[union-attr]
        os._exit(code)


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """One request: a JSON line sent with the stub's three standard streams."""
    data, streams, _flags, _address = socket.recv_fds(connection, 1 << 20, 3)
    while not data.endswith(b"\n"):
        more = connection.recv(1 << 20)
        if not more:
            raise ConnectionError("the stub hung up mid-request")
        data += more
    return json.loads(data), list(streams)


def serve(path: str) -> None:
    """Listen at ``path`` (queued from the start), import :data:`WARM`, fork kernels on request
    until standard input closes; then kill the kernels still running."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    print("listening", flush=True)  # from here on a kernel's request waits in the queue
    environ = dict(os.environ)  # as the kernel manager's is: compared with each kernel's
    for name in WARM:
        importlib.import_module(name)
    # What the imports set for themselves (torch._dynamo sets TORCHINDUCTOR_CACHE_DIR): a
    # kernel that imported them would have it too.
    imported = {name: value for name, value in os.environ.items() if environ.get(name) != value}
    kernels: dict[int, socket.socket] = {}
    running = True
    while running or kernels:
        readable, _, _ = select.select([listener, sys.stdin] if running else [], [], [], 0.05)
        _reap(kernels)
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1024):
            running = False
            for pid in kernels:
                os.kill(pid, signal.SIGKILL)
        if running and listener in readable:
            connection, _ = listener.accept()
            try:
                request, streams = _receive(connection)
            except (OSError, ValueError, ConnectionError):
                connection.close()
                continue
            why = refusal(request, environ)
            if why is not None:
                with open(os.path.join(os.path.dirname(path), REFUSED), "a") as log:
                    log.write(why + "\n")
                connection.sendall(f"no {why}\n".encode())
                connection.close()
                for fd in streams:
                    os.close(fd)
                continue
            pid = os.fork()
            if pid == 0:
                request["env"].update(imported)
                _become_kernel(request, streams, [listener, connection, *kernels.values()])
            for fd in streams:
                os.close(fd)
            connection.sendall(f"pid {pid}\n".encode())
            kernels[pid] = connection


def _reap(kernels: dict[int, socket.socket]) -> None:
    """Tell each exited kernel's stub its exit code."""
    while kernels:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = kernels.pop(pid, None)
        if connection is not None:
            with suppress(OSError):
                connection.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
            connection.close()


@contextmanager
def warm_process() -> Iterator[str]:
    """A warm process serving kernels for the ``with`` block; yields its socket's path."""
    folder = tempfile.mkdtemp(prefix="loopdocs-kernels-")  # a socket path must be short
    path = os.path.join(folder, "warm.sock")
    # os.environ, as the kernel manager gives its kernels: the C-level environment that a
    # plain Popen inherits can hold more (under pytest, COLUMNS and LINES).
    command = [sys.executable, "-P", __file__, path]
    process = Popen(command, stdin=PIPE, stdout=PIPE, env=dict(os.environ))
    assert process.stdout is not None
    process.stdout.readline()  # listening (or it failed to start: kernels start as ever)
    try:
        yield path
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        for leftover in (path, os.path.join(folder, REFUSED), folder):
            with suppress(OSError):
                os.rmdir(leftover) if leftover == folder else os.remove(leftover)


def refusals(path: str) -> list[str]:
    """Why the warm process at ``path`` refused each kernel it refused, so far."""
    try:
        with open(os.path.join(os.path.dirname(path), REFUSED)) as log:
            return log.read().splitlines()
    except FileNotFoundError:
        return []


def kernel_manager(path: str) -> type:
    """A jupyter_client kernel manager class whose kernels the warm process at ``path`` forks."""
    from jupyter_client import AsyncKernelManager

    class WarmKernelManager(AsyncKernelManager):  # type: ignore[misc]
        """Starts ``kernel_stub.py`` in front of the kernel command it would have run."""

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            command = super().format_kernel_cmd(extra_arguments)
            return [sys.executable, "-P", "-S", str(STUB), path, "--", *command]

    return WarmKernelManager


if __name__ == "__main__":
    serve(sys.argv[1])
