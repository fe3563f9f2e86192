"""Peak memory of `backstride import` on files built to exhaust it (see README.md).

    .venv/bin/python benchmarks/bench_memory.py          # ~1 minute, ~25 MB of disk

Each case runs in a fresh process and reports its peak resident set (VmHWM). The
2 GiB file is sparse (no disk used); the zip bomb holds one 10 GiB member of zeros.
Set PYTHONPATH to another checkout's src/ to measure that version instead.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

MIB = 1024 * 1024
GIB = 1024 * MIB

_RUN = (
    "import sys\n"
    "from backstride.cli import main\n"
    "sys.argv = ['backstride', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    # VmHWM: this process's own peak (ru_maxrss keeps the forking parent's across exec)
    "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
    "print(hwm.split()[1], file=sys.stderr)\n"
)


def peak(db: Path, path: Path) -> tuple[float, float, str]:
    """Peak RSS (MiB), seconds, and the first failure line of importing `path`."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "--db", str(db), "import", str(path), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    kib = int(done.stderr.strip().splitlines()[-1])
    said = next((line for line in (done.stdout + done.stderr).splitlines() if "MiB" in line), "")
    return kib / 1024, seconds, said[-110:]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        big = root / "huge.fit"
        with big.open("wb") as handle:
            handle.write(b"\x0e\x10")
            handle.truncate(2 * GIB)
        bomb = root / "bomb.zip"
        with (
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
            archive.open("activities/bomb.fit", "w", force_zip64=True) as member,
        ):
            chunk = bytes(64 * MIB)
            for _ in range(10 * GIB // len(chunk)):
                member.write(chunk)
        small = root / "small.gpx"
        small.write_text(
            '<?xml version="1.0"?><gpx version="1.1" creator="b" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
            + "".join(
                f'<trkpt lat="48.8{i}" lon="2.3{i}"><time>2024-06-01T07:0{i}:00Z</time></trkpt>'
                for i in range(5)
            )
            + "</trkseg></trk></gpx>"
        )
        print("| case | peak RSS (MiB) | seconds | what the runner reads |")
        print("|---|---|---|---|")
        for name, path in (
            ("baseline: one small GPX", small),
            ("plain 2 GiB file", big),
            (f"zip bomb, 10 GiB member ({bomb.stat().st_size // MIB} MiB zip)", bomb),
        ):
            rss, seconds, said = peak(root / "db.sqlite", path)
            print(f"| {name} | {rss:.0f} | {seconds:.1f} | {said} |")


if __name__ == "__main__":
    main()
