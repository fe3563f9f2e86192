"""`backstride demo` (what `make demo` runs): the generated history imported into a
throwaway database, then served in the browser until Ctrl+C; `--no-serve` only prints."""

from __future__ import annotations

import html
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import run, runner

from backstride.cli.app import app

ADDRESS = re.compile(r"backstride is at (http://127\.0\.0\.1:(\d+)/)")


def test_demo_no_serve_imports_its_generated_history(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["demo", "--no-serve", "--folder", str(tmp_path / "demo"), "--weeks", "6"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Imported" in result.stdout and "0 failed" in result.stdout
    assert "backstride is at" not in result.stdout
    database = tmp_path / "demo" / "demo.db"
    assert f"--db {database} serve" in result.stdout
    rows = json.loads(run(database, "activities", "--json")[1])
    runs = [r for r in rows if r["sport"] == "run"]
    assert len(runs) >= 12  # three or four runs a week
    assert {r["source_format"] for r in rows} >= {"fit", "strava-csv"}
    assert all(r["gear"] for r in runs)
    again = runner.invoke(app, ["demo", "--no-serve", "--folder", str(tmp_path / "demo")])
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_demo_serves_on_port_8000_by_default() -> None:
    result = runner.invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    assert "--no-serve" in result.output
    assert "--port" in result.output and "[default: 8000]" in result.output


@pytest.fixture()
def taken_port() -> Iterator[int]:
    """A port something else is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen(1)
        yield int(other.getsockname()[1])


class Output:
    """A process's stdout, read line by line in a thread: select() on the pipe would not
    see lines already in the file object's buffer and would wait for output that never
    comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self.process, self.lines, self.seen = process, queue.Queue[str | None](), list[str]()
        stdout = process.stdout

        def read() -> None:
            for line in stdout:
                self.lines.put(line)
            self.lines.put(None)

        self.thread = threading.Thread(target=read, daemon=True)
        self.thread.start()

    def until(self, pattern: re.Pattern[str], seconds: float) -> str:
        """Everything so far, once a line matches `pattern` (or fail, saying why)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if pattern.search(line):
                return "".join(self.seen)
        self.process.kill()
        _, err = self.process.communicate()
        pytest.fail(f"no {pattern.pattern!r} within {seconds} s; stdout: {self.seen}; {err}")

    def rest(self, seconds: float) -> tuple[str, str]:
        """(stdout after what `until` saw, stderr) once the process has ended."""
        assert self.process.stderr is not None
        err = self.process.stderr.read()
        self.process.wait(timeout=seconds)
        self.thread.join(timeout=seconds)
        out = []
        while (line := self.lines.get_nowait()) is not None:
            out.append(line)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return "".join(out), err


def test_demo_serves_the_web_app_on_its_history_until_ctrl_c(
    tmp_path: Path, taken_port: int
) -> None:
    folder = tmp_path / "demo"
    command = [sys.executable, "-m", "backstride", "demo", "--weeks", "4"]
    process = subprocess.Popen(
        [*command, "--folder", str(folder), "--port", str(taken_port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        output = Output(process)
        shown = output.until(ADDRESS, seconds=120)
        found = ADDRESS.search(shown)
        assert found is not None
        address, port = found.group(1), int(found.group(2))
        assert port != taken_port
        assert f"Port {taken_port} is in use" in shown
        with urllib.request.urlopen(address, timeout=30) as response:
            assert response.status == 200
            page = html.unescape(response.read().decode())
        status = json.loads(run(folder / "demo.db", "status", "--json")[1])
        assert "May I run today?" in page
        answer = re.search(r'<p class="answer-text"[^>]*>([^<]+)</p>', page)
        assert answer is not None and answer.group(1) == status["answer"]
        process.send_signal(signal.SIGINT)  # Ctrl+C
        out, err = output.rest(seconds=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Stopped." in out
    assert "Traceback" not in err
    with pytest.raises(OSError):
        urllib.request.urlopen(address, timeout=2)
