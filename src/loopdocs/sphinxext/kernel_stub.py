"""Stand in for one Jupyter kernel that a warm process forks (see ``warm_kernels``).

Run by path, standard library only: ``python -P -S kernel_stub.py SOCKET -- KERNEL_ARGV...``.
The kernel manager started this process and watches it as the kernel: it asks the warm
process at ``SOCKET`` to fork a kernel with this process's environment, working folder and
standard streams, forwards the signals it gets to that kernel, and exits with its exit code.
When the warm process cannot be reached, or refuses, it becomes the kernel the ordinary way:
it executes ``KERNEL_ARGV``.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import signal
import socket
import sys

#: Signals passed on to the forked kernel (SIGKILL cannot be caught: the kernel then notices
#: that this process is gone and exits).
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1)


def ask_for_kernel(path: str, argv: list[str]) -> socket.socket | None:
    """Send the request with this process's streams; None if the warm process is not there."""
    request = {
        "argv": argv,
        "env": dict(os.environ),
        "cwd": os.getcwd(),
        "stub": os.getpid(),
    }
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(path)
        payload = json.dumps(request).encode() + b"\n"
        client.sendmsg(
            [payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))]
        )
    except OSError:
        client.close()
        return None
    return client


def main(args: list[str]) -> int:
    if len(args) < 3 or args[1] != "--":
        print("usage: kernel_stub.py SOCKET -- KERNEL_ARGV...", file=sys.stderr)
        return 2
    path, argv = args[0], args[2:]
    client = ask_for_kernel(path, argv)
    reader = client.makefile("rb") if client is not None else None
    first = reader.readline() if reader is not None else b""
    if reader is None or not first.startswith(b"pid "):  # unreachable, or refused:
        os.execv(argv[0], argv)  # the ordinary kernel
    kernel = int(first.split()[1])

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(kernel, signum)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    last = reader.readline()  # "exit CODE" once the kernel has exited
    return int(last.split()[1]) if last.startswith(b"exit ") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
