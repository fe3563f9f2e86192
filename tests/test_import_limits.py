"""Bounded memory and clean processes: big files and zip members are refused by their
size before they are read, and killing an import leaves no worker behind."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from backstride.ingest.archive import MIB, ZipLimits, read_capped, zip_members
from backstride.ingest.errors import IngestError
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

GIB = 1024 * MIB


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def peak_rss_mib(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run `backstride ARGS` in a fresh process; its peak resident memory in MiB."""
    code = (
        "import sys\n"
        "from backstride.cli import main\n"
        "sys.argv = ['backstride', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        # VmHWM: this process's own peak (ru_maxrss keeps the forking parent's across exec)
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "print(hwm.split()[1], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600
    )
    kib = int(done.stderr.strip().splitlines()[-1])
    return kib / 1024, done


@pytest.mark.clock_free
def test_a_2_gib_file_is_refused_by_its_size_before_reading(tmp_path: Path) -> None:
    big = sparse(tmp_path / "huge.gpx", 2 * GIB, b'<?xml version="1.0"?><gpx>')
    with pytest.raises(IngestError, match="refused before reading"):
        read_capped(big)
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        report = import_paths(store, [big], workers=1)
    assert len(report.failed) == 1 and "huge.gpx" in report.failed[0]
    assert "refused before reading" in report.failed[0]


def test_the_2_gib_file_costs_little_memory(tmp_path: Path) -> None:
    big = sparse(tmp_path / "huge.fit", 2 * GIB, b"\x0e\x10")
    peak, done = peak_rss_mib("--db", str(tmp_path / "db.sqlite"), "import", str(big))
    assert "refused before reading" in done.stdout + done.stderr
    assert peak < 300, peak


def bomb(path: Path, member_bytes: int) -> Path:
    """A zip whose one member declares (and inflates to) `member_bytes` of zeros."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("activities/bomb.fit", "w", force_zip64=True) as member,
    ):
        chunk = bytes(16 * MIB)
        for _ in range(member_bytes // len(chunk)):
            member.write(chunk)
    return path


@pytest.mark.clock_free
def test_a_zip_member_is_refused_by_its_declared_size_before_it_is_inflated(
    tmp_path: Path,
) -> None:
    archive = bomb(tmp_path / "bomb.zip", 64 * MIB)
    members = list(zip_members(archive, ZipLimits(max_member_bytes=32 * MIB)))
    with pytest.raises(IngestError, match="refused before reading"):
        members[0].load()


@pytest.mark.clock_free
def test_a_zip_member_lying_about_its_size_is_cut_at_the_declared_size(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.fit", bytes(4 * MIB))
    data = bytearray(buffer.getvalue())
    # The central directory says 1 KiB; the stream inflates to 4 MiB.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(IngestError, match="corrupt"):
        for member in zip_members(path):
            member.load()


def test_a_1_gib_zip_bomb_costs_little_memory(tmp_path: Path) -> None:
    archive = bomb(tmp_path / "bomb.zip", GIB)  # benchmarks/README.md: the 10 GiB one
    assert archive.stat().st_size < GIB // 100
    peak, done = peak_rss_mib("--db", str(tmp_path / "db.sqlite"), "import", str(archive))
    assert "refused" in done.stdout + done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert peak < 300, peak


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_an_import_leaves_no_worker_behind(tmp_path: Path, corpus: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    for kind in ("fit", "gpx", "tcx"):
        for path in (corpus / kind).iterdir():
            (folder / path.name).write_bytes(path.read_bytes())
    command = [sys.executable, "-m", "backstride", "--db", str(tmp_path / "db.sqlite")]
    process = subprocess.Popen(
        [*command, "import", str(folder), "--workers", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        workers = _descendants(process.pid)
        if len(workers) >= 3:  # the forkserver and its workers
            break
        time.sleep(0.05)
    assert process.poll() is None and len(workers) >= 3, "the import ended before it was killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == []
