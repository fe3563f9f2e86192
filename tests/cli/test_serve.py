"""`backstride serve`: a port that is taken is one clear line, not a traceback."""

from __future__ import annotations

import logging
import resource
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from clitools import run

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        port = other.getsockname()[1]
        code, out, err = run(tmp_path / "runner.db", "serve", "--port", str(port))
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and "choose another --port" in err
    assert "backstride is at" not in out


# --- a real server process: the connection cap, the wildcard host ----------------------


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    log: Path

    def get(self, path: str, host: str | None = None) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        if host is not None:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def stderr(self) -> str:
        return self.log.read_text()

    def stdout(self) -> str:
        return self.log.with_suffix(".out").read_text()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(
    tmp_path: Path, *args: str, open_files: int | None = None, host: str = "127.0.0.1"
) -> Iterator[Served]:
    """`backstride serve` in its own process, until the block ends (then Ctrl+C)."""
    port = _free_port()
    log = tmp_path / "serve.err"

    def limit_files() -> None:
        if open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))

    command = [sys.executable, "-m", "backstride", "--db", str(tmp_path / "runner.db"), "serve"]
    with log.open("w") as err, log.with_suffix(".out").open("w") as out:
        process = subprocess.Popen(
            [*command, "--host", host, "--port", str(port), *args],
            stdout=out,
            stderr=err,
            text=True,
            preexec_fn=limit_files,
        )
    server = Served(process, port, log)
    try:
        for _ in range(600):
            try:
                if server.get("/api/settings") == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, server.stderr()
            time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _hold(port: int, count: int) -> tuple[list[socket.socket], list[bytes]]:
    """`count` connections that send nothing; the answers of those the server refused."""
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(count)]
    answers: dict[socket.socket, bytes] = {}
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        waiting = [s for s in held if s not in answers]
        ready, _, _ = select.select(waiting, [], [], 0.5)
        for sock in ready:
            answers[sock] = sock.recv(4096)
    return held, list(answers.values())


def _refusal_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "refusing new ones" in line]


def test_the_server_caps_connections_and_says_so_once(tmp_path: Path) -> None:
    with served(tmp_path, "--max-connections", "8") as server:
        held, answers = _hold(server.port, 40)
        try:
            refused = [a for a in answers if a.startswith(b"HTTP/1.1 503")]
            assert len(refused) == len(answers) and 40 - len(refused) <= 8
            assert all(b"x-frame-options: DENY" in a and b"busy" in a for a in refused)
            assert server.get("/api/settings") == 503  # full: a clear "busy", not a hang
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.5)
        assert server.get("/api/settings") == 200  # the held ones gone, served again
    err = server.stderr()
    assert len(_refusal_lines(err)) == 1, err
    assert "8 connections are open" in err and "Traceback" not in err


def test_the_cap_stays_under_the_open_files_limit(tmp_path: Path) -> None:
    """With few open files allowed, the cap comes down under them: no accept fails for
    lack of files, and nothing is logged per attempt."""
    with served(tmp_path, "--max-connections", "5000", open_files=100) as server:
        held, answers = _hold(server.port, 150)
        try:
            refused = [a for a in answers if a.startswith(b"HTTP/1.1 503")]
            assert len(refused) >= 100
        finally:
            for sock in held:
                sock.close()
        time.sleep(0.5)
        assert server.get("/api/settings") == 200
    err = server.stderr()
    assert "Too many open files" not in err and "Traceback" not in err, err
    assert len(_refusal_lines(err)) == 1, err


def test_serve_on_every_interface_prints_an_address_it_serves(tmp_path: Path) -> None:
    with served(tmp_path, host="0.0.0.0") as server:
        assert server.get("/api/settings", host=f"127.0.0.1:{server.port}") == 200
        name = socket.gethostname().lower()
        assert server.get("/api/settings", host=f"{name}:{server.port}") == 200
        assert server.get("/api/settings", host=f"evil.example:{server.port}") == 400
    out = server.stdout()
    assert f"backstride is at http://127.0.0.1:{server.port}/" in out, out
    assert "0.0.0.0" not in out.split("backstride is at", 1)[1]


def test_failed_accepts_are_logged_once_a_minute_without_a_traceback() -> None:
    from backstride.web.connections import OncePerInterval, QuietAcceptErrors

    now = [0.0]
    quiet = QuietAcceptErrors()
    quiet.said = OncePerInterval(60.0, clock=lambda: now[0])
    error = OSError(24, "Too many open files")
    kept = []
    for second in range(0, 200):
        now[0] = float(second)
        for _ in range(100):  # asyncio retries many times a second
            record = logging.LogRecord(
                "asyncio", logging.ERROR, __file__, 1, "socket.accept() out of system resource",
                None, (OSError, error, None),
            )  # fmt: skip
            if quiet.filter(record):
                kept.append(record)
    assert len(kept) == 4  # at 0, 60, 120 and 180 s
    assert all(r.exc_info is None and "Too many open files" in r.getMessage() for r in kept)
    assert "6000 times" in kept[1].getMessage()
    other = logging.LogRecord("asyncio", logging.ERROR, __file__, 1, "another error", None, None)
    assert quiet.filter(other)
