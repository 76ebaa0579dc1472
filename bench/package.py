"""The packaged app: size and what takes it, start-up against the venv app, idle memory.

In one run, with one data folder (SmolLM2 imported, so the GUI opens a real Chats page):
- size of the app folder, the .deb and the tarball, and the biggest parts of the folder;
- start-up, packaged vs venv, alternating, a fresh process each time (the OS file cache
  warm after the first): `hearth --version`, `hearth doctor --json`, and
  `hearth gui --page chats --screenshot` (start → window painted → PNG written → exit);
- idle RSS of the GUI (offscreen, Chats page) 5 s after the window is up, both apps.

    python bench/package.py [--app /usr/bin/hearth] [--venv build/venv/bin/hearth] [--runs 5]

The app defaults to /usr/bin/hearth when the .deb is installed, else dist/hearth/hearth.
Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def du(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*"))


def space_users(folder: Path, n: int = 12) -> list[tuple[str, int]]:
    """The biggest entries of _internal/ (a package, a library, the model), then files."""
    inner = folder / "_internal" if (folder / "_internal").is_dir() else folder
    parts = [(p.name, du(p)) for p in inner.iterdir()]
    return sorted(parts, key=lambda x: -x[1])[:n]


def biggest_files(folder: Path, n: int = 10) -> list[tuple[str, int]]:
    files = [(str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*")
             if p.is_file() and not p.is_symlink()]
    return sorted(files, key=lambda x: -x[1])[:n]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - t) * 1000


def idle_rss(cmd: list[str], env: dict[str, str], up_s: float) -> float:
    """MB resident 5 s after the window is up (up_s: its screenshot run's median time)."""
    import psutil

    proc = subprocess.Popen([*cmd, "gui", "--page", "chats"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(up_s + 5)
        p = psutil.Process(proc.pid)
        return sum(q.memory_info().rss for q in [p, *p.children(recursive=True)]) / 1e6
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    installed = Path("/usr/bin/hearth")
    ap.add_argument("--app", type=Path,
                    default=installed if installed.exists() else REPO / "dist" / "hearth" / "hearth")
    venv = Path(os.environ.get("HEARTH_BUILD_VENV", REPO / "build" / "venv"))
    ap.add_argument("--venv", type=Path, default=venv / "bin" / "hearth")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app_dir = args.app.resolve().parent
    sizes = {"app_folder_mb": du(app_dir) / 1e6}
    for key, pattern in [("deb_mb", "hearth_*.deb"), ("tarball_mb", "hearth-*-linux-*.tar.xz")]:
        found = sorted((REPO / "dist").glob(pattern))
        if found:
            sizes[key] = found[-1].stat().st_size / 1e6
    print(f"app folder {app_dir}: {sizes['app_folder_mb']:.0f} MB; "
          + ", ".join(f"{k} {v:.0f}" for k, v in sizes.items() if k != "app_folder_mb"))
    users = space_users(app_dir)
    for name, size in users:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    print("biggest files:")
    for name, size in biggest_files(app_dir):
        print(f"  {size / 1e6:7.1f} MB  {name}")

    from tests.model_files import smollm2_path

    with tempfile.TemporaryDirectory(prefix="hearth-bench-pkg-") as tmp:
        env = {**os.environ, "HEARTH_HOME": f"{tmp}/home", "QT_QPA_PLATFORM": "offscreen"}
        env.pop("HEARTH_EMBEDDING_MODEL_PATH", None)
        subprocess.run([str(args.app), "models", "import", "--link", str(smollm2_path())],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        sides = {"app": [str(args.app)], "venv": [str(args.venv)]}
        cases = {"version": ["--version"], "doctor": ["doctor", "--json"],
                 "gui": ["gui", "--page", "chats", "--screenshot", f"{tmp}/shot.png"]}
        times: dict[str, dict[str, list[float]]] = {s: {c: [] for c in cases} for s in sides}
        for _ in range(args.runs):
            for case, extra in cases.items():
                for side, cmd in sides.items():
                    times[side][case].append(timed([*cmd, *extra], env))
        rss = {side: idle_rss(cmd, env, statistics.median(times[side]["gui"]) / 1000)
               for side, cmd in sides.items()}
        shutil.rmtree(f"{tmp}/home", ignore_errors=True)
    med = {s: {c: statistics.median(v) for c, v in cs.items()} for s, cs in times.items()}
    for case in cases:
        a, v = med["app"][case], med["venv"][case]
        print(f"{case:8s} packaged {a:7.0f} ms   venv {v:7.0f} ms   ratio {a / v:.2f}   "
              f"(packaged runs: {', '.join(f'{x:.0f}' for x in times['app'][case])})")
    print(f"idle RSS (GUI, Chats page): packaged {rss['app']:.0f} MB, venv {rss['venv']:.0f} MB")
    print(json.dumps({
        **{k: round(v, 1) for k, v in sizes.items()},
        "top_space_mb": {name: round(size / 1e6, 1) for name, size in users},
        **{f"{side}_{case}_ms": round(med[side][case], 1) for side in sides for case in cases},
        **{f"{case}_ratio_packaged_vs_venv": round(med["app"][case] / med["venv"][case], 2)
           for case in cases},
        "idle_rss_mb_packaged": round(rss["app"], 1),
        "idle_rss_mb_venv": round(rss["venv"], 1),
        "runs": args.runs,
    }))


if __name__ == "__main__":
    main()
