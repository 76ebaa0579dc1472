"""The user's Hugging Face access token: in the OS keyring where a real backend exists,
else in a file only the user can read (0600) in the data folder. Never logged or printed.

The keyring entry is keyed by the data folder, so a test's temporary HEARTH_HOME can never
read or overwrite the user's real token.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from engine.errors import HearthError, StorageError
from engine.i18n import N_, _

log = logging.getLogger(__name__)
SERVICE = "hearth-huggingface-token"
HF_TOKEN = N_("a Hugging Face access token")
HF_TOKEN_HINT = N_("Create one at https://huggingface.co/settings/tokens (read access is "
                   "enough).")


@dataclass
class TokenStatus:
    set: bool
    where: str  # "keyring" | "file" | "huggingface" (the token `hf auth login` saved) | ""
    preview: str  # "hf_…abcd" — never the whole token

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _usable_keyring():  # type: ignore[no-untyped-def]
    """The keyring backend, or None when only the fail/null/plaintext backends exist."""
    if os.environ.get("HEARTH_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
    except Exception as e:  # noqa: BLE001 - any import or D-Bus trouble means "no keyring here"
        log.debug("no keyring: %s", e)
        return None
    if isinstance(kr, fail.Keyring) or getattr(kr, "priority", 0) <= 0:
        return None
    name = type(kr).__module__
    if "null" in name or "chainer" in name and not getattr(kr, "backends", None):
        return None
    return kr


class TokenStore:
    """One secret: the HF token by default; `name` keeps others the same way (the API
    server's key, a remote engine's key), each in its own keyring entry or 0600 file.
    `what` and `hint` are English, marked with N_: they are translated when shown."""

    def __init__(self, home: Path, name: str = "hf_token", service: str = SERVICE,
                 what: str = HF_TOKEN, hint: str = HF_TOKEN_HINT) -> None:
        self.home = home
        self.file = home / name
        self.user = f"token:{home}"
        self.service = service
        self.what = what
        self.hint = hint

    def get(self) -> str | None:
        kr = _usable_keyring()
        if kr is not None:
            try:
                value = kr.get_password(self.service, self.user)
                if value:
                    return value
            except Exception as e:  # noqa: BLE001 - a locked or broken keyring: fall back to the file
                log.debug("keyring read failed: %s", type(e).__name__)
        try:
            value = self.file.read_text("utf-8").strip()
            return value or None
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StorageError(_("Cannot read the token file {file}: {error}.").format(
                file=self.file, error=e.strerror)) from e

    def where(self) -> str:
        kr = _usable_keyring()
        if kr is not None:
            try:
                if kr.get_password(self.service, self.user):
                    return "keyring"
            except Exception:  # noqa: BLE001 - a locked or broken keyring: ask the file
                log.debug("keyring read failed")
        return "file" if self.file.exists() else ""

    def set(self, token: str) -> str:
        token = token.strip()
        if not token or any(c.isspace() for c in token) or len(token) > 512:
            raise HearthError(_("That does not look like {what}.").format(what=_(self.what)),
                              _(self.hint))
        kr = _usable_keyring()
        if kr is not None:
            try:
                kr.set_password(self.service, self.user, token)
                self._remove_file()
                return "keyring"
            except Exception as e:  # noqa: BLE001 - keyring backends raise anything
                log.debug("keyring write failed (%s); using the file", type(e).__name__)
        self.home.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{self.file.name}.tmp")
        try:
            # Created 0600 from the start: the token is never readable by others, not even briefly.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(token)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.file)
        except OSError as e:
            raise StorageError(_("Cannot save the token in {file}: {error}.").format(
                file=self.file, error=e.strerror)) from e
        return "file"

    def clear(self) -> None:
        kr = _usable_keyring()
        if kr is not None:
            try:
                kr.delete_password(self.service, self.user)
            except Exception:  # noqa: BLE001 - nothing there to delete, or no keyring
                log.debug("no keyring entry to delete")
        self._remove_file()

    def _remove_file(self) -> None:
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass


def preview(token: str | None) -> str:
    if not token:
        return ""
    return f"{token[:3]}…{token[-4:]}" if len(token) > 10 else "…"
