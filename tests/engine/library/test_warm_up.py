"""warm_up loads LanceDB ahead of need only where a library has an index to read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CHILD = """
import json, sys
from pathlib import Path
from engine.api import Hearth
h = Hearth(Path(sys.argv[1]))
before = "lancedb" in sys.modules
h.libraries.warm_up()
print(json.dumps({"before": before, "after": "lancedb" in sys.modules}))
h.close()
"""


def _warm(home: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CHILD, str(home)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_warm_up_imports_lancedb_only_for_an_indexed_library(lib_home: Path, lib_hearth,
                                                               tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# Kettle\n\nThe kettle boils water in three minutes.\n",
                                  "utf-8")
    lib_hearth.libraries.create("Not yet", [docs])
    assert _warm(lib_home) == {"before": False, "after": False}  # nothing to read yet

    lib_hearth.libraries.index("Not yet")
    assert _warm(lib_home) == {"before": False, "after": True}
