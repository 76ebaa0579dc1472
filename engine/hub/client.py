"""Hub API calls through huggingface_hub's HfApi, with our endpoint, token, offline rule,
retries and error translation. Only this module imports huggingface_hub (lazily)."""

from __future__ import annotations

import logging
import os
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from engine.errors import (
    AuthError,
    HearthError,
    NetworkError,
    NotFound,
    OfflineError,
)
from engine.hub import retry
from engine.hub.files import RemoteEntry
from engine.hub.http import token_allowed
from engine.hub.safety import check_repo_id
from engine.hub.transfer import auth_error
from engine.i18n import N_, _

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
HF_HUB_OFFLINE = N_("HF_HUB_OFFLINE is set, so Hearth does not connect to the Hugging Face Hub.")
API_ATTEMPTS = 3
T = TypeVar("T")


def resolve_endpoint(setting: str) -> str:
    """The setting, else HF_ENDPOINT, else the public Hub — as huggingface_hub resolves it
    (it reads HF_ENDPOINT once at import; we read it per call so a changed setting counts)."""
    return (setting.strip() or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def check_online(offline_setting: bool) -> None:
    """Raise OfflineError when Hearth's offline mode (or HF_HUB_OFFLINE) is on."""
    if offline_setting:
        raise OfflineError(
            _("Offline mode is on, so Hearth does not connect to the Hugging Face Hub."),
            _("Turn offline mode off in Settings ({setting} in settings.json) to search and "
              "download models. Installed models keep working offline.").format(
                setting='"offline": false'),
        )
    from huggingface_hub import constants

    if constants.is_offline_mode():
        raise OfflineError(
            _(HF_HUB_OFFLINE),
            _("Unset the HF_HUB_OFFLINE environment variable to search and download models."),
        )


@dataclass
class RepoSummary:
    repo: str
    downloads: int
    likes: int
    license: str | None
    gated: bool | str
    updated: str | None  # ISO 8601
    tags: list[str]
    library: str | None
    format: str | None  # "gguf" | "mlc" | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class HubClient:
    def __init__(self, endpoint: str, token: str | None) -> None:
        self.endpoint = endpoint
        if token and not token_allowed(endpoint):
            log.warning("not sending the Hugging Face token to %s: it is not https", endpoint)
            token = None
        self.token = token
        from huggingface_hub import HfApi

        # token=False: never fall back to another token than the one we chose.
        self.api = HfApi(endpoint=endpoint, token=token or False, library_name="hearth")

    @property
    def host(self) -> str | None:
        return urllib.parse.urlsplit(self.endpoint).hostname

    def resolve_url(self, repo: str, path: str, revision: str = "main") -> str:
        return (
            f"{self.endpoint}/{repo}/resolve/{urllib.parse.quote(revision, safe='')}/"
            f"{urllib.parse.quote(path)}"
        )

    # calls ----------------------------------------------------------------------------
    def search(self, query: str, fmt: str | None, sort: str, limit: int) -> list[RepoSummary]:
        sort_key = {"downloads": "downloads", "likes": "likes", "updated": "last_modified",
                    "last_modified": "last_modified", "recent": "last_modified"}.get(sort)
        if sort_key is None:
            raise HearthError(_("Unknown sort {sort}.").format(sort=repr(sort)),
                              _("Use downloads, likes or updated."))
        filt = {"gguf": "gguf", "mlc": "mlc"}.get(fmt or "")
        expand = ["downloads", "likes", "gated", "lastModified", "cardData", "tags",
                  "library_name"]

        def call() -> list[Any]:
            return list(self.api.list_models(
                search=query or None, filter=filt, sort=sort_key, limit=limit,
                expand=expand,  # type: ignore[arg-type]
            ))

        infos = self._call(call, what=_("search the Hub"))
        return [_summary(i, fmt) for i in infos]

    def repo_info(self, repo: str, revision: str | None = None) -> Any:
        repo = check_repo_id(repo)
        return self._call(lambda: self.api.model_info(repo, revision=revision), repo=repo)

    def tree(self, repo: str, revision: str = "main") -> list[RemoteEntry]:
        """Every file in the repository, with size and hash (LFS sha256 or git blob id)."""
        repo = check_repo_id(repo)
        from huggingface_hub.hf_api import RepoFile

        def call() -> list[Any]:
            return list(self.api.list_repo_tree(repo, recursive=True, revision=revision))

        out = []
        for item in self._call(call, repo=repo):
            if isinstance(item, RepoFile):
                out.append(RemoteEntry(
                    path=item.path, size=int(item.size or 0),
                    sha256=item.lfs.sha256 if item.lfs else None,
                    git_oid=None if item.lfs else item.blob_id,
                ))
        return out

    def paths_info(self, repo: str, paths: list[str], revision: str = "main") -> list[RemoteEntry]:
        repo = check_repo_id(repo)
        from huggingface_hub.hf_api import RepoFile

        items = self._call(lambda: self.api.get_paths_info(repo, paths, revision=revision),
                           repo=repo)
        return [
            RemoteEntry(path=i.path, size=int(i.size or 0),
                        sha256=i.lfs.sha256 if i.lfs else None,
                        git_oid=None if i.lfs else i.blob_id)
            for i in items if isinstance(i, RepoFile)
        ]

    # retries and error translation ----------------------------------------------------
    def _call(self, fn: Callable[[], T], repo: str = "", what: str = "") -> T:
        """`what`: what the call does, translated, for errors ("search the Hub")."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except Exception as e:  # translated below; nothing is swallowed
                err = self.translate(e, repo, what)
                if getattr(err, "retryable", False) and attempt < API_ATTEMPTS:
                    time.sleep(retry.delay(attempt, getattr(err, "retry_after", None)))
                    continue
                raise err from e

    def translate(self, e: Exception, repo: str = "", what: str = "") -> HearthError:
        import httpx
        from huggingface_hub import errors as hf

        if isinstance(e, HearthError):
            return e
        endpoint = self.endpoint
        if isinstance(e, hf.OfflineModeIsEnabled):
            return OfflineError(_(HF_HUB_OFFLINE),
                                _("Unset the HF_HUB_OFFLINE environment variable."))
        if isinstance(e, hf.GatedRepoError):
            status = e.response.status_code if e.response is not None else 403
            return auth_error(repo or _("this repository"), status, gated=True)
        if isinstance(e, hf.RepositoryNotFoundError):
            status = e.response.status_code if e.response is not None else 404
            hint = _("Check the spelling (owner/name). If it is private, set a token with "
                     "`hearth hub token set`.")
            if status == 401 and self.token:
                hint = _("Your token cannot read it: check the token with "
                         "`hearth hub token status`.")
            return NotFound(_("There is no model repository {repo} on the Hub at {endpoint}.")
                            .format(repo=repr(repo), endpoint=endpoint), hint)
        if isinstance(e, (hf.RevisionNotFoundError, hf.EntryNotFoundError)):
            return NotFound(f"{repo}: {str(e).splitlines()[0]}",
                            _("Check the file name with `hearth hub files REPO`."))
        if isinstance(e, hf.HfHubHTTPError):
            status = e.response.status_code if e.response is not None else 0
            if status in (401, 403):
                return auth_error(repo or _("the Hub"), status, gated=False)
            if status in retry.RETRY_STATUS:
                busy = (_("The Hub is busy ({status}); could not {what}.") if what
                        else _("The Hub is busy ({status}); could not reach {repo}."))
                err = NetworkError(busy.format(status=status, what=what, repo=repo),
                                   _("Try again in a minute."))
                err.retryable = True  # type: ignore[attr-defined]
                err.retry_after = e.response.headers.get("Retry-After") if e.response is not None else None  # type: ignore[attr-defined]
                return err
            return NetworkError(_("The Hub answered {status}: {said}").format(
                status=status, said=str(e).splitlines()[0]))
        if isinstance(e, (httpx.TransportError, ConnectionError, TimeoutError, OSError)):
            err = NetworkError(
                _("Cannot reach the Hugging Face Hub at {endpoint}: {error}.").format(
                    endpoint=endpoint, error=type(e).__name__),
                _("Check your internet connection, a proxy (HTTPS_PROXY), or the Hub address "
                  "(HF_ENDPOINT / the hub endpoint setting)."),
            )
            err.retryable = True  # type: ignore[attr-defined]
            return err
        if isinstance(e, (ValueError, KeyError, TypeError)):
            return NetworkError(
                _("The Hub at {endpoint} sent an answer Hearth does not understand "
                  "({error}).").format(endpoint=endpoint, error=type(e).__name__),
                _("If you use a mirror (HF_ENDPOINT), check that it is a Hugging Face Hub "
                  "mirror."),
            )
        return NetworkError(_("The Hub request failed: {error}").format(
            error=f"{type(e).__name__}: {e}"))


def _summary(info: Any, fmt: str | None) -> RepoSummary:
    tags = list(info.tags or [])
    lic = None
    card = info.card_data
    if card is not None:
        lic = getattr(card, "license", None) or (card.get("license") if hasattr(card, "get") else None)
    if lic is None:
        lic = next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None)
    updated = info.last_modified
    kind = fmt
    if kind is None:
        lowered = [t.lower() for t in tags] + [str(info.library_name or "").lower()]
        kind = "gguf" if "gguf" in lowered else "mlc" if "mlc" in lowered or "mlc-llm" in lowered else None
    return RepoSummary(
        repo=info.id,
        downloads=int(info.downloads or 0),
        likes=int(info.likes or 0),
        license=str(lic) if lic else None,
        gated=info.gated or False,
        updated=updated.isoformat() if isinstance(updated, datetime) else updated,
        tags=tags,
        library=info.library_name,
        format=kind,
    )


__all__ = ["HubClient", "RepoSummary", "AuthError", "resolve_endpoint", "check_online"]
