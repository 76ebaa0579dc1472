"""About and licenses: the licences of the packages Hearth runs on, read from the installed
packages' own metadata (so the list is true for this installation)."""

from __future__ import annotations

from importlib import metadata

from desktop.i18n import translate

PACKAGES = [
    "PySide6", "llama-cpp-python", "lancedb", "pyarrow", "fastembed", "onnxruntime",
    "huggingface-hub", "platformdirs", "jinja2", "psutil", "pypdf", "python-docx",
    "selectolax", "charset-normalizer", "watchdog", "keyring", "markdown-it-py", "pygments",
    "ebooklib", "numpy", "mlc-llm",
]


def package_license(name: str) -> str | None:
    """The license of an installed package, or None when it is not installed."""
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return None
    expr = meta.get("License-Expression")
    if expr:
        return expr
    lic = (meta.get("License") or "").strip()
    if lic and len(lic) < 60 and "\n" not in lic:
        return lic
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or (lic.splitlines()[0][:60] if lic
                                      else translate("About", "see package"))


def licenses_text() -> str:
    lines = [translate("About", "Hearth is licensed under Apache-2.0. It is built on:"), ""]
    for name in PACKAGES:
        lic = package_license(name)
        if lic is None:
            continue
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "?"
        lines.append(f"{name} {version} — {lic}")
    lines += ["", translate("About", "Models you download keep their own licences; see each "
                                     "model's page.")]
    return "\n".join(lines)
