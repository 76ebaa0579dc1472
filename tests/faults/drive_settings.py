"""What the settings dialog does on OK, as a process the fault suite can kill:
`python -m tests.faults.drive_settings` applies new settings and writes them, the way
desktop/context.py does (use_settings, then write_settings), and reports a HearthError the
way the CLI does. Any other exception escapes as a traceback: that is what the suite looks
for. `--unsafe` writes them non-atomically instead (the suite's self-test)."""

from __future__ import annotations

import dataclasses
import sys

NEW = {
    "theme": "light",
    "threads": 3,
    "max_concurrent_downloads": 3,
    # Big enough for several write() calls of a buffered file.
    "system_prompt": "You are a careful assistant who answers in plain words. " * 300,
}


def main() -> int:
    from engine.api import Hearth
    from engine.errors import HearthError

    try:
        hearth = Hearth()
        hearth.use_settings(dataclasses.replace(hearth.settings, **NEW))
        if "--unsafe" in sys.argv:
            unsafe_write(hearth)
        else:
            hearth.write_settings()
    except HearthError as e:
        print(f"error: {e.message}", file=sys.stderr)
        if e.hint:
            print(e.hint, file=sys.stderr)
        return e.exit_code
    print("saved")
    return 0


def unsafe_write(hearth) -> None:  # type: ignore[no-untyped-def]
    """For the suite's self-test only: settings.json overwritten in place, in two writes,
    the way a naive save does (test_harness.py shows the sweep catches it)."""
    import json

    data = json.dumps(hearth.settings.to_dict(), indent=2).encode("utf-8")
    with open(hearth.paths.settings_file, "wb", buffering=0) as f:
        f.write(data[: len(data) // 2])
        f.write(data[len(data) // 2 :])


if __name__ == "__main__":
    sys.exit(main())
