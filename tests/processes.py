"""Ports and child processes for the tests that run a real server beside the suite
(PgBouncer, nginx, gunicorn, redis-server, the OpenID provider, the Nu HTML Checker): one
place for finding a free loopback port, waiting until something listens, and stopping."""

import socket
import subprocess
import time


def port_is_free(port):
    """Nothing listens on the loopback port."""
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def free_port(candidates=None):
    """A loopback port nobody has bound: the first free one of `candidates`, or any."""
    for port in candidates or [0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free loopback port in {candidates}")


def wait_until(condition, *, timeout, interval=0.1, message="condition"):
    """The first true value of condition(), asked every `interval` seconds until `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{message} not met within {timeout} s")


def wait_for_port(port, process=None, *, timeout=30, describe=lambda: ""):
    """Until something listens on the port; fails at once if `process` exits first, with
    describe() (a log tail, say) in the message."""

    def listening():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode} before listening\n{describe()}")
        return not port_is_free(port)

    wait_until(listening, timeout=timeout, interval=0.05, message=f"a server on {port}")


def stop(process, timeout=10):
    """SIGTERM, then SIGKILL if it is still there after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
