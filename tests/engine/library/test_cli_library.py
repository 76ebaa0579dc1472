"""`hearth library create/add/index/status/list/rename/remove/delete` in-process."""

from __future__ import annotations

import argparse
import json

import pytest

from engine.errors import HearthError


def hearth_cli(*argv: str) -> int:
    """Parse and run like engine.cli.main does, for the library command tree only."""
    from engine.cli import library

    parser = argparse.ArgumentParser(prog="hearth")
    library.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    try:
        return int(args.func(args) or 0)
    except HearthError as e:
        print(f"error: {e.message}\n{e.hint}")
        return e.exit_code


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-docs")
    (folder / "otters.md").write_text("# Otters\n\nSea otters hold hands while sleeping.", "utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type")
    extra = tmp_path_factory.mktemp("cli-extra")
    (extra / "owls.txt").write_text("Owls can rotate their heads 270 degrees.", "utf-8")
    return folder, extra


def test_library_commands_end_to_end(lib_home, docs, capsys):
    folder, extra = docs
    assert hearth_cli("library", "create", "Notes", str(folder)) == 0
    assert "Created library 'Notes'" in capsys.readouterr().out

    assert hearth_cli("library", "index", "Notes") == 0
    out, err = capsys.readouterr()
    assert "1 indexed" in out and "1 failed" in out
    assert "2/2 files" in err and "ETA" in err  # the progress line on stderr

    assert hearth_cli("library", "status", "Notes", "--json") == 0
    rows = {r["path"].rsplit("/", 1)[1]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["otters.md"]["state"] == "indexed" and rows["otters.md"]["chunks"] == 1
    assert rows["broken.pdf"]["state"] == "failed" and rows["broken.pdf"]["reason"]

    assert hearth_cli("library", "add", "Notes", str(extra), "--index") == 0
    capsys.readouterr()
    assert hearth_cli("library", "status", "Notes") == 0
    out = capsys.readouterr().out
    assert "3 files" in out and "owls.txt" in out and "failed      " in out

    assert hearth_cli("library", "remove", "Notes", str(extra)) == 0
    assert "1 source(s)" in capsys.readouterr().out

    assert hearth_cli("library", "rename", "Notes", "Field notes") == 0
    assert hearth_cli("library", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    (info,) = [i for i in listed if i["name"] == "Field notes"]
    assert info["files"] == 2 and info["chunks"] == 1

    assert hearth_cli("library", "index", "Notes") == 1  # renamed: the old name is gone
    assert "No library named 'Notes'" in capsys.readouterr().out

    assert hearth_cli("library", "delete", "Field notes", "--yes") == 0
    assert "not touched" in capsys.readouterr().out
    assert (folder / "otters.md").exists()
    assert hearth_cli("library", "status", "Field notes") == 1


def test_create_twice_and_bad_paths_are_clear_errors(lib_home, tmp_path, capsys):
    assert hearth_cli("library", "create", "Twice") == 0
    assert hearth_cli("library", "create", "twice") == 1
    assert "already exists" in capsys.readouterr().out
    assert hearth_cli("library", "add", "Twice", str(tmp_path / "nope")) == 1
    assert "does not exist" in capsys.readouterr().out


@pytest.mark.parametrize("locale, expect", [
    ("pl_PL.UTF-8", {"create": "Utworzono bibliotekę", "index": "zaindeksowane: 1",
                     "status": "2 pliki", "reason": "uszkodzony plik PDF", "error": "błąd: Nie ma biblioteki"}),
    ("zh_TW.UTF-8", {"create": "已建立文件庫", "index": "已索引 1 個", "status": "2 個檔案",
                     "reason": "已損壞", "error": "錯誤：沒有名為"}),
])
def test_library_commands_speak_the_users_language(lib_home, docs, capsys, monkeypatch,
                                                   locale, expect) -> None:
    """Through `hearth` itself (engine.cli.main), with the locale a Polish or Taiwanese
    user has; the state names stay the ones --state takes."""
    from engine import i18n
    from engine.cli.main import main

    folder, _extra = docs
    name = f"Docs {locale[:2]}"
    monkeypatch.setenv("LC_ALL", locale)
    try:
        assert main(["library", "create", name, str(folder)]) == 0
        assert expect["create"] in capsys.readouterr().out
        assert main(["library", "index", name, "--quiet"]) == 0
        assert expect["index"] in capsys.readouterr().out
        assert main(["library", "status", name]) == 0
        out = capsys.readouterr().out
        assert expect["status"] in out and "failed      " in out, out
        failed = next(line for line in out.splitlines() if line.startswith("failed"))
        assert expect["reason"] in failed.split("—", 1)[1], failed  # the reason, translated
        assert main(["library", "status", "no such library"]) != 0
        assert expect["error"] in capsys.readouterr().err
        # JSON stays as stored, for scripts.
        assert main(["library", "status", name, "--json"]) == 0
        assert '"state": "failed"' in capsys.readouterr().out
    finally:
        i18n.set_language("en")
