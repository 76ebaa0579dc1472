"""The `hearth` entry: opening the app parses only the app's own command, every other
command still parses as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli.main import main

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
from engine.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("engine.cli."))))
"""


def _cli_modules(*argv: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_opening_the_app_loads_no_other_command():
    assert _cli_modules("gui", "--help") == ["engine.cli.gui", "engine.cli.main"]


def test_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("chat", "models", "hub", "library", "serve", "gui"):
        assert command in out


def test_gui_options_are_still_checked(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["gui", "--size", "wide"])
    assert exc.value.code == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
