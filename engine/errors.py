"""Errors the engine raises. Each carries a message for the user and a hint on what to do,
in the interface language (looked up when raised; `details` stays English, for logs).

Adapters translate library exceptions (llama_cpp, lancedb, httpx, ...) into these at the
boundary, so the CLI and the GUI only ever deal with HearthError.
"""

from __future__ import annotations

from engine.i18n import _


class HearthError(Exception):
    """Base class: `message` says what happened, `hint` says what to do next."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "", *, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class Cancelled(HearthError):
    """The user cancelled; callers show nothing for it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Cancelled."))  # looked up now, not at import


class NotFound(HearthError):
    """A named thing (model, chat, library, file) does not exist."""


class InvalidModelFile(HearthError):
    """A file that is not a usable model (bad magic, truncated, junk)."""


class BackendUnavailable(HearthError):
    """An engine (llama.cpp, MLC) is not installed or cannot run here."""


class ModelLoadError(HearthError):
    """The engine refused to load a model."""


class GenerationError(HearthError):
    """Generation failed mid-way."""


class SettingsError(HearthError):
    """Settings file unreadable or a value out of range."""


class StorageError(HearthError):
    """Disk full, permission denied, corrupt database."""


class LibraryError(HearthError):
    """A document library operation failed."""


class DocumentError(HearthError):
    """One document could not be read; the library goes on with the others."""


class NetworkError(HearthError):
    """The network or the Hub failed (after retries)."""


class OfflineError(NetworkError):
    """Offline mode is on and an action needed the network."""


class AuthError(NetworkError):
    """401/403: a gated or private repository, or a bad token."""


class ChecksumError(HearthError):
    """A downloaded file does not match its published hash."""


class NotEnoughSpace(StorageError):
    """Not enough free disk space for a download or an index."""


class ReadOnlyFolder(StorageError):
    """The file system is read-only. Callers tell it from other failures by class, never by
    the message (which is in the interface language)."""


class NoPermission(StorageError):
    """Hearth may not write the file or folder."""
