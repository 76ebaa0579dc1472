"""requirements.lock pins everything pyproject.toml asks for, within its ranges, with hashes.

scripts/setup installs from the lock only, so a dependency added to pyproject.toml but not
locked (scripts/lock) would be missing from every fresh install and from CI.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]


def locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes)."""
    out: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (REPO / "requirements.lock").read_text("utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)", line)
        if m:
            current = canonicalize_name(m.group(1))
            out[current] = (m.group(2), 0)
        elif "--hash=sha256:" in line and current:
            version, n = out[current]
            out[current] = (version, n + 1)
    return out


def test_every_dependency_is_locked_within_its_range_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = locked()
    assert len(pins) > len(wanted)  # the transitive dependencies are locked too
    for spec in wanted:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: run scripts/lock"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), (spec, version)
        assert hashes > 0, f"{req.name} has no hash in requirements.lock"
