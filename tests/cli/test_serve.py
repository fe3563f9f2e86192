"""`backstride serve`: a port that is taken is one clear line, not a traceback."""

from __future__ import annotations

import socket
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
