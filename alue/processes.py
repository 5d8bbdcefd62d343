"""Child processes: each app under uvicorn, its output in a log file, restarted when one
dies (`Supervisor`, with backoff), stopped together.

Each child runs in its own process group, so a Ctrl-C in the terminal reaches
only `alue run`, which then stops the children and waits for them; on Linux a child is
also told to exit if `alue run` itself dies without cleaning up.
"""

from __future__ import annotations

import contextlib
import ctypes
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PR_SET_PDEATHSIG = 1
METRICS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

ReadyCallback = Callable[["Child", float], None]
WaitingCallback = Callable[[list["Child"], float], None]


class ChildFailed(RuntimeError):
    """A child exited, or did not become ready in time; the message ends with its last log lines."""


@dataclass
class Child:
    name: str
    app: str  # "package.main:build_app"
    host: str
    port: int
    env: Mapping[str, str]
    log_path: Path
    # Worker processes under one uvicorn supervisor, sharing its listening socket.
    workers: int = 1
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log_offset: int = 0  # where this run's output starts in the log file

    @property
    def url(self) -> str:
        return self.url_of(self.host, self.port)

    @staticmethod
    def url_of(host: str, port: int) -> str:
        return f"http://{host}:{port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, *, append: bool = False) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "uvicorn", self.app, "--factory",
            "--host", self.host, "--port", str(self.port),
            "--no-access-log", "--timeout-graceful-shutdown", "5",
            *(["--workers", str(self.workers)] if self.workers > 1 else []),
        ]  # fmt: skip
        _reset_metrics_dir(self.env)
        with self.log_path.open("ab" if append else "wb") as log:
            self.log_offset = log.tell()
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**self.env, "PYTHONUNBUFFERED": "1"},
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 20) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(self.log_offset)
                text = log.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def failure(self, reason: str) -> ChildFailed:
        tail = self.log_tail() or "(no output)"
        return ChildFailed(f"{self.name} {reason}. Last lines of {self.log_path}:\n{_indent(tail)}")


def _reset_metrics_dir(env: Mapping[str, str]) -> None:
    """prometheus_client's multiprocess mode keeps each worker's metrics in files there; the
    files of a previous run would add their counts to this one's (servicekit.app /metrics)."""
    directory = env.get(METRICS_DIR_VARIABLE)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True)


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM when the parent exits, however it exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def is_ready(child: Child, client: httpx.Client) -> bool:
    """Ready, and really this child: another server that took its port answers as someone else."""
    try:
        response = client.get(f"{child.url}/readyz")
        return response.status_code == 200 and response.json().get("service") == child.name
    except (httpx.HTTPError, ValueError, AttributeError):
        return False


def wait_ready(
    children: Sequence[Child],
    *,
    timeout: float = 60.0,
    on_ready: ReadyCallback | None = None,
    on_waiting: WaitingCallback | None = None,
) -> None:
    """Polls every child's /readyz until all answer 200; raises ChildFailed if one exits."""
    started = time.monotonic()
    pending = list(children)
    last_report = started
    with httpx.Client(timeout=2.0) as client:
        while pending:
            for child in list(pending):
                if not child.running():
                    code = child.process.returncode if child.process else None
                    raise child.failure(f"exited with code {code} before it was ready")
                if is_ready(child, client):
                    pending.remove(child)
                    if on_ready:
                        on_ready(child, time.monotonic() - started)
            now = time.monotonic()
            if pending and now - started > timeout:
                raise pending[0].failure(f"was not ready within {timeout:.0f} s")
            if pending and on_waiting and now - last_report >= 3:
                on_waiting(pending, now - started)
                last_report = now
            if pending:
                time.sleep(0.1)


def stop_all(children: Sequence[Child], timeout: float = 10.0) -> None:
    """SIGTERM to all at once, then wait; what does not exit in time is killed."""
    for child in children:
        if child.running() and child.process is not None:
            with contextlib.suppress(ProcessLookupError):
                child.process.send_signal(signal.SIGTERM)
    for child in children:
        child.stop(timeout)


# Below Linux's ephemeral range (32768-60999): ports the OS hands to `bind(0)` and to client
# sockets never land here, so a port chosen now is not taken by one of those before use.
FREE_PORT_RANGE = range(20000, 32000)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now, picked at random outside the ephemeral range."""
    for _ in range(200):
        port = random.choice(FREE_PORT_RANGE)
        if not port_in_use(host, port):
            return port
    raise RuntimeError(f"no free port on {host} in {FREE_PORT_RANGE}")


def port_in_use(host: str, port: int) -> bool:
    """Whether a server could not listen on host:port now (as uvicorn would, with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


@dataclass(frozen=True)
class RestartPolicy:
    """How `alue run` restarts a child that died: after 1 s, then 2, 4, ... at most 30 s;
    a child that then runs for `stable_after` seconds starts again from 1 s. After `limit`
    quick failures in a row (each within `stable_after` of its start) it gives up, and the
    whole system stops: a child that cannot stay up needs a person, not a loop."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    stable_after: float = 60.0
    limit: int = 5

    def delay(self, failures: int) -> float:
        return float(min(self.first_delay * 2 ** (failures - 1), self.max_delay))


@dataclass
class _Watch:
    started_at: float
    failures: int = 0  # quick failures in a row
    restart_at: float | None = None
    awaiting_ready: bool = False


class Supervisor:
    """Watches the children of a running system; `check()` restarts a dead one with backoff
    (saying so, with the end of its log) and raises ChildFailed when it gives up."""

    def __init__(
        self,
        children: Sequence[Child],
        say: Callable[[str], None],
        policy: RestartPolicy | None = None,
    ) -> None:
        self.children = list(children)
        self.say = say
        self.policy = policy or RestartPolicy()
        now = time.monotonic()
        self._watches = {child.name: _Watch(started_at=now) for child in self.children}
        self._client = httpx.Client(timeout=2.0)

    def close(self) -> None:
        self._client.close()

    def check(self) -> None:
        now = time.monotonic()
        for child in self.children:
            watch = self._watches[child.name]
            if watch.restart_at is not None:
                if now >= watch.restart_at:
                    self._restart(child, watch, now)
            elif child.running():
                self._watch_running(child, watch, now)
            else:
                self._died(child, watch, now)

    def _restart(self, child: Child, watch: _Watch, now: float) -> None:
        child.start(append=True)
        watch.started_at, watch.restart_at, watch.awaiting_ready = now, None, True
        self.say(f"  {child.name} restarted (pid {child.pid}); waiting for it to be ready")

    def _watch_running(self, child: Child, watch: _Watch, now: float) -> None:
        if watch.awaiting_ready and is_ready(child, self._client):
            watch.awaiting_ready = False
            self.say(f"  {child.name} is ready again on {child.url}")
        if watch.failures and now - watch.started_at >= self.policy.stable_after:
            watch.failures = 0

    def _died(self, child: Child, watch: _Watch, now: float) -> None:
        how = exit_description(child)
        quick = now - watch.started_at < self.policy.stable_after
        watch.failures = watch.failures + 1 if quick else 1
        if watch.failures > self.policy.limit:
            raise child.failure(
                f"{how}, {watch.failures} times in a row each within "
                f"{self.policy.stable_after:g} s of starting; not restarting it again"
            )
        delay = self.policy.delay(watch.failures)
        watch.restart_at = now + delay
        tail = _indent(child.log_tail(10) or "(no output)")
        self.say(
            f"\n{child.name} {how}; restarting it in {delay:g} s (quick failure "
            f"{watch.failures} of {self.policy.limit}). Last lines of {child.log_path}:\n{tail}"
        )


def exit_description(child: Child) -> str:
    code = child.process.returncode if child.process else None
    if code is not None and code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited unexpectedly with code {code}"
