"""Hearth's engine: everything except the Qt app. Never imports PySide6."""

__version__ = "0.1.0"
