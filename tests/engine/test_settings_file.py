"""A settings.json of the wrong shape: each bad field reset and named, the rest kept, the
file backed up, and every entry point (doctor, chat, the app) still starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.api import Hearth
from engine.config import MAX_SYSTEM_PROMPT, Settings, load_settings
from engine.errors import SettingsError
from tests.model_files import REPO

GOOD = {"theme": "dark", "default_model": "smol", "system_prompt": "Odpowiadaj po polsku."}

BAD_FIELDS = {
    "sampling": "hot",
    "sampling.top_k": "x",
    "threads": 1e308,
    "offline": "false",
    "max_concurrent_downloads": 0,
    "gpu_layers": True,
    "sampling.temperature": float("nan"),
    "sampling.stop": ["ok", 3],
    "system_prompt": "x" * (MAX_SYSTEM_PROMPT + 1),
    "theme": "neon",
}


def _write(path: Path, d: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(d), "utf-8")  # NaN is written as NaN, as a hand edit could


@pytest.mark.parametrize("field", list(BAD_FIELDS))
def test_a_bad_field_is_reset_named_and_backed_up(tmp_path: Path, field: str) -> None:
    path = tmp_path / "settings.json"
    d: dict = dict(GOOD)
    if field.startswith("sampling."):
        d["sampling"] = {"top_p": 0.5, field.split(".", 1)[1]: BAD_FIELDS[field]}
    else:
        d[field] = BAD_FIELDS[field]
    _write(path, d)
    original = path.read_bytes()
    settings, warnings = load_settings(path)
    assert len(warnings) == 1 and field in warnings[0], warnings
    default = Settings()
    if field.startswith("sampling."):
        name = field.split(".", 1)[1]
        assert getattr(settings.sampling, name) == getattr(default.sampling, name)
        assert settings.sampling.top_p == 0.5  # its neighbour kept
    elif field != "sampling":
        assert getattr(settings, field) == getattr(default, field)
    for k, v in GOOD.items():
        if k != field:
            assert getattr(settings, k) == v
    assert settings.offline is False  # "false" never turns offline mode on
    assert (tmp_path / "settings.json.bak").read_bytes() == original
    # The file now holds the repaired settings: the next start is quiet.
    assert load_settings(path)[1] == []


@pytest.mark.parametrize("content", ["[1,2,3]", "null", '"text"', "{broken", "\xff\xfe"])
def test_a_file_that_is_not_an_object_gives_defaults_and_is_kept(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("latin-1"))
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert warnings and "settings.json.bad" in warnings[0]
    assert (tmp_path / "settings.json.bad").read_bytes() == content.encode("latin-1")


def test_saving_refuses_an_invalid_field_by_name(tmp_path: Path) -> None:
    h = Hearth(tmp_path / "home")
    s = Settings(system_prompt="y" * (MAX_SYSTEM_PROMPT + 10))
    with pytest.raises(SettingsError, match="system prompt is too long"):
        h.save_settings(s)
    s = Settings()
    s.sampling.top_k = "x"  # type: ignore[assignment]
    with pytest.raises(SettingsError, match="sampling.top_k"):
        h.save_settings(s)
    h.close()


@pytest.mark.parametrize("content", ["[1,2,3]", '{"sampling": "hot", "threads": 1e308, "offline": "false"}'])
def test_every_entry_point_starts_with_a_broken_file(tmp_path: Path, content: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.json").write_text(content, "utf-8")
    env = dict(os.environ, HEARTH_HOME=str(home), PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    shot = tmp_path / "settings.png"
    for args in (["doctor"], ["chats", "list"], ["gui", "--page", "settings", "--screenshot", str(shot)]):
        out = subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True,
                             text=True, env=env, timeout=300, cwd=REPO)
        assert out.returncode == 0, (args, out.stderr[-2000:])
        assert "Traceback" not in out.stderr, out.stderr[-2000:]
        (home / "settings.json").write_text(content, "utf-8")  # broken again for the next
    assert shot.exists()
