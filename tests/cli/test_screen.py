"""Screening where it matters, through the command line: the questions offered at first
start on a real terminal (a pseudo-terminal here), and asked again when pain first comes
with numbness."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from clitools import ok, run

from backstride.rules import RED_FLAGS
from backstride.store import open_store


def on_a_terminal(db: Path, replies: list[str], *args: str) -> str:
    """`backstride --db DB ARGS` on a pseudo-terminal, answering each prompt in turn with
    the next reply; everything it wrote."""
    main, child = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "backstride", "--db", str(db), *args],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "COLUMNS": "200", "TERM": "dumb"},
        close_fds=True,
    )
    os.close(child)
    shown, pending, deadline = b"", list(replies), time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:
                    break  # the terminal closed: the command is done
                if not chunk:
                    break
                shown += chunk
                while pending and shown.rstrip().endswith((b"]:", b"?", b"]")):
                    os.write(main, (pending.pop(0) + "\n").encode())
                    shown += b"\n"
            elif process.poll() is not None:
                break
        process.wait(timeout=30)
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, shown.decode(errors="replace")
    return shown.decode(errors="replace")


@pytest.fixture()
def new_db(tmp_path: Path) -> Path:
    db = tmp_path / "new.db"
    ok(db, "profile", "--time-zone", "UTC")
    return db


def answers(db: Path) -> int:
    with open_store(f"sqlite:///{db}") as store:
        return len(store.red_flag_answers())


def test_the_first_command_on_a_terminal_offers_the_red_flag_questions(new_db: Path) -> None:
    shown = on_a_terminal(new_db, ["y", *["n"] * len(RED_FLAGS)], "status")
    assert "First, the red-flag questions." in shown
    assert f"No red flags in the {len(RED_FLAGS)} answers" in shown
    assert answers(new_db) == len(RED_FLAGS)
    status = json.loads(ok(new_db, "status", "--json"))
    assert status["screening_due"] is None and not status["answer"].startswith("Answer")
    again = on_a_terminal(new_db, [], "status")
    assert "First, the red-flag questions." not in again, "asked once answered, never again"


def test_declined_the_questions_are_offered_again_and_status_says_so(new_db: Path) -> None:
    shown = on_a_terminal(new_db, ["n"], "status")
    assert "Asked again next time" in shown and answers(new_db) == 0
    assert "Answer the red-flag questions first" in shown
    assert "First, the red-flag questions." in on_a_terminal(new_db, ["n"], "status")


def test_without_a_terminal_nothing_waits(new_db: Path) -> None:
    code, out, _ = run(new_db, "status")
    assert code == 0 and "First, the red-flag questions." not in out


def test_first_numbness_asks_the_red_flag_questions_again(
    new_db: Path, move_clock: Callable[[timedelta], None]
) -> None:
    ok(new_db, "screen", "--none-apply")
    move_clock(timedelta(minutes=5))  # the pain comes after the screening
    code, _, err = run(new_db, "log", "pain", "--score", "3", "--numbness")
    assert code == 0 and "changed character (numbness)" in err
    status = json.loads(ok(new_db, "status", "--json"))
    assert "numbness" in (status["screening_due"] or "")
    assert status["answer"].startswith("Answer the red-flag questions first")
    with open_store(f"sqlite:///{new_db}") as store:
        assert [r.numbness for r in store.pain_reports()] == [True]
    out = ok(new_db, "log", "pain", "--score", "3", "--numbness", "--none-apply")
    assert "changed character" not in out, "only the first numbness asks again"
