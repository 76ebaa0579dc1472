"""Closing the window while a reply streams and a library indexes: the app process exits by
itself with status 0, the partial reply is kept, and the library opens and indexes again.

Run in a child process: a hang or a crash on the way out (a worker touching a freed model,
a LanceDB writer left open) would otherwise take the test process with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from desktop.app import build_window, create_app
    from desktop.context import AppContext
    from engine.api import Hearth


    # The library's parser processes (spawn) re-import this file: only the parent runs the app.
    def main():

        home = Path(sys.argv[1])
        app = create_app()
        ctx = AppContext(Hearth(home))
        win = build_window(ctx, "libraries")
        win.resize(1200, 800)
        win.show()
        seen = {"streamed": 0, "indexing": False, "closed_at": None}
        chats = None

        def step():
            nonlocal chats
            detail = win.pages["libraries"].detail if "libraries" in win.pages else None
            if not seen["indexing"]:
                if detail is not None and detail.name:
                    detail.start_index()
                    seen["indexing"] = detail.indexing
                    win.show_page("chats")
                return
            chats = win.current_widget()
            if not hasattr(chats, "busy"):  # still looking whether a model is installed
                return
            if not chats.busy and not seen["streamed"]:
                if chats.current_model():
                    chats.composer.set_text("Write a long story about a lighthouse keeper.")
                    chats.send()
                    seen["streamed"] = -1
                return
            bubble = chats.stream_bubble
            text = bubble.text if bubble is not None else ""
            if chats.busy and len(text) > 20 and ctx.tasks.lane_busy("index"):
                seen["streamed"] = len(text)
                seen["closed_at"] = time.monotonic()
                timer.stop()
                win.close()  # the last window: app.exec() returns

        timer = QTimer()
        timer.timeout.connect(step)
        timer.start(20)
        QTimer.singleShot(180_000, app.quit)  # never hang the test
        code = app.exec()
        busy = {lane: ctx.tasks.lane_busy(lane) for lane in ("model", "index")}
        ctx.close()
        print(json.dumps({"code": code, "closed": seen["closed_at"] is not None,
                          "busy_at_quit": busy, "chat_id": chats.chat_id if chats else None}))


    if __name__ == "__main__":
        main()
""")


def test_closing_while_streaming_and_indexing_exits_cleanly(tmp_path, smollm2, minilm):
    from engine.api import Hearth

    home, docs = tmp_path / "home", tmp_path / "docs"
    docs.mkdir()
    for i in range(120):  # enough text that indexing is still running when the window closes
        (docs / f"note-{i}.txt").write_text(
            f"Notatka {i}: zażółć gęślą jaźń. 笔记 {i}：灯塔看守人的故事。 " * 60, "utf-8")
    hearth = Hearth(home)
    settings = hearth.settings
    settings.embedding_model_path = str(minilm)
    settings.sampling.max_tokens = 2000
    model = hearth.models.import_file(smollm2, link=True)
    settings.default_model = model.name
    hearth.save_settings(settings)
    hearth.libraries.create("notes", [docs])
    hearth.close()

    env = dict(os.environ, HEARTH_HOME=str(home), PYTHONPATH=str(REPO))
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    done = subprocess.run([sys.executable, str(script), str(home)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["closed"], "the window was never closed mid-reply"
    assert result["code"] == 0

    # Nothing lost or broken: the partial reply is stored, the library indexes to the end.
    hearth = Hearth(home)
    try:
        last = hearth.chats.messages(result["chat_id"])[-1]
        assert last.role == "assistant" and last.content
        assert last.state in ("interrupted", "complete")
        report = hearth.libraries.index("notes")
        assert report.failed == 0
        states = hearth.libraries.status("notes")
        assert len(states) == 120 and all(s.state == "indexed" for s in states)
    finally:
        hearth.close()
