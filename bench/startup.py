"""Cold start to window shown, and idle memory without a model.

Runs, each in a fresh Python process (cold imports, no shared caches beyond the OS's):
  hearth  — our path, as a user starts it: `hearth` (engine.cli) opening the app
            (desktop.app.run) on the Chats page with a model installed, shown and painted;
  raw     — the bare library: a PySide6 QMainWindow with one label, shown and painted.
Each child reports the time from its own interpreter start to that page painted (for
Hearth also to the first frame, drawn before the Chats page is in it), plus its resident
memory after 1 s idle. Our packages are byte-compiled first, as an install has
them. The parent also times process launch → "shown".

    python bench/startup.py [--runs 3]

Last line: {"startup_ms": …, "idle_rss_mb": …, "raw_qt_startup_ms": …, …}
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHILD = r"""
import os, sys, time
t0 = float(sys.argv[1])
mode = sys.argv[2]
first = []


def probe(app, win, ctx):
    from PySide6.QtCore import QTimer

    def ready():
        # "Shown" is the Chats page itself painted, not the blank frame the window shows
        # while it looks for installed models on a worker thread.
        if ctx is not None and win.current_widget() is not win.pages.get("chats"):
            QTimer.singleShot(1, ready)
            return
        win.repaint()
        shown = (time.time() - t0) * 1000

        def idle():
            import psutil
            rss = psutil.Process(os.getpid()).memory_info().rss
            print(f"RESULT {shown:.1f} {rss} {first[0]:.1f}", flush=True)
            app.quit()
        QTimer.singleShot(1000, idle)

    win.repaint()  # force the first paint now, so "shown" means painted
    first.append((time.time() - t0) * 1000)
    QTimer.singleShot(0, ready)


if mode == "hearth":
    # The command a user runs: `hearth` opens the app (engine.cli -> desktop.app.run).
    from desktop import startup
    startup.first_frame_hooks.append(probe)
    from engine.cli.main import main
    main(["gui", "--size", "1200x780"])
else:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    app = QApplication([])
    win = QMainWindow()
    win.setCentralWidget(QLabel("hello"))
    win.resize(1200, 780)
    win.show()
    app.processEvents()
    probe(app, win, None)
    app.exec()
"""


def prepare_home(home: Path) -> None:
    """A data folder with the real SmolLM2 registered, so start-up opens the Chats page."""
    from engine.api import Hearth
    from tests.model_files import smollm2_path

    h = Hearth(home)
    try:
        h.models.import_file(smollm2_path(), link=True)
    finally:
        h.close()


def run_child(mode: str, home: Path) -> tuple[float, float, int, float]:
    env = {**os.environ, "HEARTH_HOME": str(home), "PYTHONPATH": str(REPO),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.time()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, repr(start), mode], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=120)
    for line in out.splitlines():
        if line.startswith("RESULT"):
            _, shown, rss, first = line.split()
            return float(shown), (time.time() - start) * 1000, int(rss), float(first)
    raise SystemExit(f"{mode} child failed:\n{err[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # Hearth's bytecode, as an install has it (pip and the .deb compile it): without it
    # every start compiles our sources (60-100 ms here), while PySide6's own is compiled.
    # Some machines set PYTHONDONTWRITEBYTECODE, so a checkout never gets it by itself.
    import compileall

    for package in ("engine", "desktop", "resources"):
        compileall.compile_dir(REPO / package, quiet=1)
    compileall.compile_file(REPO / "tests" / "model_files.py", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        prepare_home(home)
        results: dict[str, list[tuple[float, float, int, float]]] = {"hearth": [], "raw": []}
        for _ in range(args.runs):
            for mode in ("raw", "hearth"):
                results[mode].append(run_child(mode, home))
    med = {m: statistics.median(r[0] for r in rs) for m, rs in results.items()}
    rss = {m: statistics.median(r[2] for r in rs) / 1e6 for m, rs in results.items()}
    first = statistics.median(r[3] for r in results["hearth"])
    for m in ("raw", "hearth"):
        print(f"{m:7s} start→painted {med[m]:7.0f} ms   idle RSS {rss[m]:6.0f} MB   "
              f"(runs: {', '.join(f'{r[0]:.0f}' for r in results[m])})")
    print(json.dumps({
        "startup_ms": round(med["hearth"], 1),
        "idle_rss_mb": round(rss["hearth"], 1),
        "raw_qt_startup_ms": round(med["raw"], 1),
        "raw_qt_idle_rss_mb": round(rss["raw"], 1),
        "startup_ratio_vs_raw_qt": round(med["hearth"] / med["raw"], 2),
        "first_frame_ms": round(first, 1),  # the window before the Chats page is in it
        "startup_target_ms": 1000,
        "idle_rss_target_mb": 250,
        "runs": args.runs,
    }))


if __name__ == "__main__":
    main()
