"""Download throughput: Hearth's downloader vs `curl -o`, same file, same loopback server.

A large file (default 1 GiB of random bytes) is served by the fake Hub (tests/fakehub.py,
sendfile) on 127.0.0.1. Each round downloads it once with Hearth's Transfer (Range-capable,
sha256 verified while writing, fsync before it counts as done) and once with curl, in
alternating order; the best round of each is compared. Target: ratio >= 0.9.

Hearth hashes every byte (about 0.85 s of CPU per GB with SHA-NI) on a second thread while
the first reads and writes; curl does no verification. With a spare core the hash overlaps
and the ratio nears 1; on a loaded machine the hash competes for CPU, so the JSON also
reports curl followed by sha256sum (what verifying by hand costs) and the load average.

    python bench/download_throughput.py [--size-mb 1024] [--rounds 3]

Last line: {"hearth_mb_s": ..., "curl_mb_s": ..., "ratio": ..., ...}
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.hub.transfer import Target, Transfer  # noqa: E402
from tests.fakehub import FakeHub  # noqa: E402

REPO = "bench/big-file"
NAME = "big.bin"


def make_file(path: Path, size: int) -> str:
    """Random (incompressible) bytes; returns the sha256."""
    block = os.urandom(8 << 20)
    h = hashlib.sha256()
    with open(path, "wb") as f:
        left = size
        while left:
            chunk = block[: min(len(block), left)]
            f.write(chunk)
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


def run_hearth(url: str, size: int, sha: str, out: Path) -> float:
    for p in (out, out.with_name(out.name + ".json")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    Transfer(Target(url, size, sha, label=NAME), out).run()
    dt = time.perf_counter() - t0
    assert out.stat().st_size == size
    return dt


def run_curl(url: str, size: int, out: Path) -> float:
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-L", "-o", str(out), url], check=True)
    dt = time.perf_counter() - t0
    assert out.stat().st_size == size
    return dt


def run_curl_verified(url: str, size: int, out: Path, sha: str) -> float:
    """What a careful user does by hand: curl, then sha256sum (context for the ratio)."""
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(["curl", "-sS", "--fail", "-L", "-o", str(out), url], check=True)
    digest = subprocess.run(["sha256sum", str(out)], check=True, capture_output=True,
                            text=True).stdout.split()[0]
    dt = time.perf_counter() - t0
    assert digest == sha
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("curl"):
        print(json.dumps({"error": "curl not found"}))
        return 1
    size = args.size_mb << 20
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "source.bin"
        sha = make_file(src, size)
        hub = FakeHub(redirect=False, hash_files=False).start()
        try:
            f = hub.add_repo(REPO, {NAME: src}).files[NAME]
            f.sha256 = sha
            url = f"{hub.url}/{REPO}/resolve/main/{NAME}"
            hearth_times, curl_times, verified_times = [], [], []
            for i in range(args.rounds):
                order = [0, 1] if i % 2 == 0 else [1, 0]
                for which in order:
                    if which == 0:
                        hearth_times.append(run_hearth(url, size, sha, tmpd / "hearth.part"))
                    else:
                        curl_times.append(run_curl(url, size, tmpd / "curl.bin"))
                if shutil.which("sha256sum"):
                    verified_times.append(run_curl_verified(url, size, tmpd / "curl.bin", sha))
                print(f"round {i + 1}: hearth {size / hearth_times[-1] / 1e6:.0f} MB/s, "
                      f"curl {size / curl_times[-1] / 1e6:.0f} MB/s", file=sys.stderr)
        finally:
            hub.close()
    hearth_mb_s = size / min(hearth_times) / 1e6
    curl_mb_s = size / min(curl_times) / 1e6
    print(json.dumps({
        "hearth_mb_s": round(hearth_mb_s, 1),
        "curl_mb_s": round(curl_mb_s, 1),
        "ratio": round(hearth_mb_s / curl_mb_s, 3),
        "size_mb": args.size_mb,
        "rounds": args.rounds,
        "hearth_verifies_sha256": True,
        "curl_then_sha256sum_mb_s": round(size / min(verified_times) / 1e6, 1)
        if verified_times else None,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
