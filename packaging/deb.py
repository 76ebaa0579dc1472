"""Package the built app folder (dist/hearth) as a .deb and a portable tarball.

    python packaging/deb.py            # -> dist/hearth_VERSION_ARCH.deb, dist/hearth-VERSION-linux-ARCH.tar.xz

The .deb puts the app in /opt/hearth, `hearth` in /usr/bin (a symlink), a menu entry, the
icon and the GGUF MIME type. It has no maintainer scripts: the menu and MIME caches are
refreshed by the dpkg triggers of desktop-file-utils and shared-mime-info where they are
installed, and removal deletes only the package's own files — never ~/.local/share/Hearth.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
APP = DIST / "hearth"
LINUX = ROOT / "packaging" / "linux"
# What the bundle loads from the system rather than carrying (measured with objdump: every
# NEEDED library that PyInstaller did not copy): glibc, the GPU driver stack (libGL/libEGL/
# libdrm, which must match the machine's driver) and libxcb. Wayland's client libraries
# are for Qt's Wayland plugin; X11 works without them.
DEPENDS = ["libgl1", "libegl1", "libdrm2", "libxcb1"]
RECOMMENDS = ["libwayland-client0", "libwayland-cursor0", "libwayland-egl1",
              "fonts-dejavu-core"]
DESCRIPTION = """Local AI chat with your own documents, private and offline
 Hearth runs GGUF language models on this computer (llama.cpp) and answers from
 folders of your documents with citations. Everything it needs ships inside:
 its own Python, llama.cpp (CPU build), Qt and an embedding model, so it works
 offline on first run. Your data stays in ~/.local/share/Hearth."""


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def deb_arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def glibc_needed(app: Path) -> str:
    """The newest GLIBC_x.y symbol version any bundled ELF file asks for."""
    found: set[tuple[int, ...]] = set()
    for path in app.rglob("*"):
        if path.is_file() and (path.suffix == ".so" or ".so." in path.name or path.name == "hearth"):
            out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
            found.update(tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_(\d+\.\d+)", out))
    return ".".join(map(str, max(found))) if found else "2.31"


def tree_size_kib(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*")) // 1024 + 1


def build_tree(root: Path, ver: str, arch: str) -> None:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(APP, root / "opt" / "hearth", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink("/opt/hearth/hearth", root / "usr" / "bin" / "hearth")
    share = root / "usr" / "share"
    icons = ROOT / "build" / "icons"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "icons.py"), str(icons)], check=True,
                   stdout=subprocess.DEVNULL)
    for src, dst in [
        (LINUX / "hearth.desktop", share / "applications" / "hearth.desktop"),
        (LINUX / "hearth-gguf.xml", share / "mime" / "packages" / "hearth.xml"),
        (ROOT / "resources" / "icons" / "hearth.svg",
         share / "icons" / "hicolor" / "scalable" / "apps" / "hearth.svg"),
        (icons / "hearth-256.png", share / "icons" / "hicolor" / "256x256" / "apps" / "hearth.png"),
        (ROOT / "packaging" / "linux" / "copyright", share / "doc" / "hearth" / "copyright"),
    ]:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    control = root / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: hearth\nVersion: {ver}\nArchitecture: {arch}\n"
        "Maintainer: Hearth developers <hearth@localhost>\n"
        f"Installed-Size: {tree_size_kib(root)}\nSection: utils\nPriority: optional\n"
        f"Depends: libc6 (>= {glibc_needed(APP)}), {', '.join(DEPENDS)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        f"Description: {DESCRIPTION}\n"
    )
    for path in root.rglob("*"):  # dpkg wants 0755 dirs and no group/other write bits
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o022 | (0o755 if path.is_dir() else 0))


def build_deb(ver: str, arch: str, fast: bool) -> Path:
    root = ROOT / "build" / "deb"
    build_tree(root, ver, arch)
    out = DIST / f"hearth_{ver}_{arch}.deb"
    # xz -6 for a release (323 MB; ~17 min on 2 busy cores, dpkg-deb compresses on one);
    # zstd -3 for CI (400 MB, 22 s). Every dpkg on a system with the glibc the
    # bundle needs (2.36: Debian 12, Ubuntu 23.04 and later) reads both.
    comp = ["-Zzstd", "-z3"] if fast else ["-Zxz", "-z6"]
    subprocess.run(["dpkg-deb", "--root-owner-group", *comp, "--threads-max=0", "--build",
                    str(root), str(out)], check=True)
    return out


def build_tarball(ver: str, arch: str) -> Path:
    """hearth-VERSION/ with the app, its menu entry and icon: unpack anywhere and run."""
    top = f"hearth-{ver}"
    out = DIST / f"hearth-{ver}-linux-{arch}.tar.xz"
    share = ROOT / "build" / "tar-share"
    shutil.rmtree(share, ignore_errors=True)
    share.mkdir(parents=True)
    for path in [LINUX / "hearth.desktop", LINUX / "hearth-gguf.xml",
                 ROOT / "resources" / "icons" / "hearth.svg"]:
        shutil.copy2(path, share / path.name)
    # GNU tar + xz on all cores (Python's tarfile compresses on one).
    subprocess.run(["tar", "-I", "xz -T0 -6", "-cf", str(out), "--owner=0", "--group=0",
                    "-C", str(DIST), f"--transform=s,^hearth,{top},", "hearth",
                    "-C", str(share.parent), f"--transform=s,^tar-share,{top}/share,",
                    "tar-share"], check=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-tarball", action="store_true")
    ap.add_argument("--fast", action="store_true", help="quick zstd compression (CI)")
    args = ap.parse_args()
    if not (APP / "hearth").exists():
        sys.exit(f"{APP}/hearth not found: run packaging/build.py first")
    ver, arch = version(), deb_arch()
    print(build_deb(ver, arch, args.fast))
    if not args.no_tarball:
        print(build_tarball(ver, arch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
