"""HubService: what the CLI and the GUI call for the model hub.

Every method that needs the network checks offline mode first and builds an API client
for the current endpoint and token, so a changed setting takes effect at once. Nothing
connects on construction.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import HearthError, InvalidModelFile, NetworkError, NotFound, StorageError
from engine.hub import download as dl
from engine.hub.catalog import CatalogEntry, apply_catalog_fit, load_catalog
from engine.hub.client import HubClient, RepoSummary, check_online, resolve_endpoint
from engine.hub.download_queue import DownloadQueue, DownloadState
from engine.hub.files import MLC_CONFIG, ModelFile, find_model, group_files
from engine.hub.fit import (
    Facts,
    FactsCache,
    apply_fit,
    family_key,
    mlc_facts,
    read_remote_header,
)
from engine.hub.safety import check_repo_id
from engine.hub.token import TokenStatus, TokenStore, preview
from engine.i18n import _
from engine.jobs import CancelToken, ProgressFn

if TYPE_CHECKING:
    from engine.config import Settings
    from engine.hardware import HardwareProfile
    from engine.models.registry import ModelInfo, ModelRegistry
    from engine.models.speeds import SpeedBook
    from engine.paths import Paths

log = logging.getLogger(__name__)

__all__ = ["HubService", "RepoSummary", "ModelFile", "CatalogEntry", "DownloadState"]


class HubService:
    """The Hub: search, files with their fit here, downloads. Receives the data folder, the
    settings, the model registry (finished downloads are registered) and the hardware
    report, never the facade."""

    def __init__(
        self,
        paths: Paths,
        settings: Callable[[], Settings],
        registry: ModelRegistry,
        hardware: Callable[[], HardwareProfile],
        speeds: SpeedBook | None = None,
    ) -> None:
        self.paths = paths
        self._settings = settings
        self.registry = registry
        self._hardware = hardware
        self._speeds = speeds  # measured generation speeds: the tokens/s estimates calibrate
        self.tokens = TokenStore(paths.home)
        self._facts = FactsCache(paths.cache / "hub-model-facts.json")
        self._queue: DownloadQueue | None = None
        self._queue_lock = threading.Lock()

    # connection -----------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return resolve_endpoint(self._settings().hf_endpoint)

    def _token(self) -> str | None:
        token = self.tokens.get()
        if token:
            return token
        from huggingface_hub import get_token  # a token saved by `hf auth login`, HF_TOKEN

        return get_token()

    def _client(self) -> HubClient:
        check_online(self._settings().offline)
        return HubClient(self.endpoint, self._token())

    # search and files -----------------------------------------------------------------
    def search(self, query: str, fmt: str | None = None, sort: str = "downloads",
               limit: int = 30) -> list[RepoSummary]:
        if fmt not in (None, "gguf", "mlc"):
            raise HearthError(_("Unknown format {format}.").format(format=repr(fmt)),
                              _("Use gguf or mlc."))
        return self._client().search(query.strip(), fmt, sort, max(1, min(limit, 200)))

    def files(self, repo: str, fit: bool = True, n_ctx: int | None = None) -> list[ModelFile]:
        """The repository's models with size, quantization and (if `fit`) how each fits."""
        client = self._client()
        models = group_files(client.tree(repo), repo)
        if fit and models:
            self._fit(client, repo, models, n_ctx or self._settings().context_length or None)
        return models

    def _fit(self, client: HubClient, repo: str, models: list[ModelFile],
             n_ctx: int | None) -> None:
        facts_by_name: dict[str, Facts] = {}
        families: dict[str, list[ModelFile]] = {}
        for m in models:
            if m.kind != "model":
                continue
            key = family_key(m.name) if m.format == "gguf" else f"mlc:{m.name}"
            families.setdefault(key, []).append(m)
        for members in families.values():
            probe = min(members, key=lambda m: m.size)
            try:
                facts = self._facts_for(client, repo, probe)
            except HearthError as e:
                for m in members:
                    m.fit_error = e.message
                continue
            for m in members:
                facts_by_name[m.name] = facts
        if facts_by_name:
            apply_fit(models, facts_by_name, self._hardware(), n_ctx, self._speeds)

    def _facts_for(self, client: HubClient, repo: str, m: ModelFile) -> Facts:
        first = m.entries[0] if m.format == "gguf" else next(
            e for e in m.entries if e.path.endswith(MLC_CONFIG))
        key = first.sha256 or first.git_oid or f"{repo}/{first.path}@{first.size}"
        cached = self._facts.get(key)
        if cached:
            return cached
        url = client.resolve_url(repo, first.path)
        if m.format == "gguf":
            facts = read_remote_header(url, client.token, client.host, f"{repo}/{first.path}")
        else:
            facts = mlc_facts(self._get_json(client, url, f"{repo}/{first.path}"))
        self._facts.put(key, facts)
        return facts

    def _get_json(self, client: HubClient, url: str, label: str) -> dict[str, Any]:
        import json

        from engine.hub.http import is_network_error, open_url
        from engine.hub.transfer import http_error

        try:
            resp = open_url(url, auth_host=client.host, token=client.token)
            try:
                if resp.status != 200:
                    raise http_error(resp, label)
                data = json.loads(resp.response.read(4 << 20))
            finally:
                resp.close()
        except ValueError as e:
            raise HearthError(_("{file} is not valid JSON.").format(file=label)) from e
        except HearthError:
            raise
        except Exception as e:
            if is_network_error(e):
                raise NetworkError(_("Cannot read {file}: {error}.").format(
                    file=label, error=e)) from e
            raise
        if not isinstance(data, dict):
            raise HearthError(_("{file} is not a JSON object.").format(file=label))
        return data

    def catalog(self, fit: bool = False, n_ctx: int | None = None) -> list[CatalogEntry]:
        """The curated starter models; with `fit`, how each fits this machine (local only)."""
        entries = load_catalog()
        if fit:
            apply_catalog_fit(entries, self._hardware(),
                              n_ctx or self._settings().context_length or None, self._speeds)
        return entries

    # downloads ------------------------------------------------------------------------
    def download(self, repo: str, file: str | None = None, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None, on_status: Any = None) -> ModelInfo:
        """Download (or resume) one model, verify it, register it; blocking."""
        name = self._download(repo, file, progress=progress, cancel=cancel, on_status=on_status)
        return self.registry.get(name)

    def _download(self, repo: str, file: str | None, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None, on_status: Any = None) -> str:
        repo = check_repo_id(repo)
        client = self._client()
        info = client.repo_info(repo)
        revision = getattr(info, "sha", None) or "main"
        models = group_files(client.tree(repo, revision=revision), repo)
        model = self._choose(client, repo, models, file)
        paths = self.paths
        plan = dl.make_plan(paths.models, paths.downloads, repo, model, revision)
        path = dl.run(
            plan, lambda p: client.resolve_url(repo, p, revision), token=client.token,
            auth_host=client.host, progress=progress, cancel=cancel, on_status=on_status,
        )
        try:
            registered = self.registry.register(path, source=f"hf://{repo}/{model.name}")
        except StorageError:
            raise  # the disk, not the file: keep the verified download; registering resumes
        except HearthError as e:
            # Verified against the Hub, yet not a model Hearth can run: keep it out of the
            # models folder so it does not linger there as a broken entry.
            moved = dl.quarantine_installed(plan)
            raise InvalidModelFile(
                _("{model} from {repo} downloaded correctly but is not a usable model: "
                  "{error}").format(model=model.name, repo=repo, error=e.message),
                _("It was moved to {path}. Choose another file from {command}.").format(
                    path=moved, command=f"`hearth hub files {repo}`"),
            ) from e
        return registered.name

    def _choose(self, client: HubClient, repo: str, models: list[ModelFile],
                file: str | None) -> ModelFile:
        usable = [m for m in models if m.kind == "model"]
        if file:
            from engine.hub.safety import safe_relative

            safe_relative(file)  # a hostile name is refused, not "not found"
            found = find_model(models, file) or find_model(
                models, next((m.name for m in models if m.name.lower() == file.lower()), ""))
            if found is None:
                names = ", ".join(m.name for m in usable[:12]) or _("none")
                raise NotFound(
                    _("{repo} has no model file {file}.").format(repo=repo, file=repr(file)),
                    _("Files there: {names}. See {command}.").format(
                        names=names, command=f"`hearth hub files {repo}`"))
            return found
        if not usable:
            raise NotFound(_("{repo} has no GGUF or MLC model files.").format(repo=repo),
                           _("Search for a GGUF version with `hearth hub search NAME --gguf`."))
        if len(usable) == 1:
            return usable[0]
        try:
            self._fit(client, repo, usable, self._settings().context_length or None)
        except HearthError as e:
            log.info("fit failed for %s: %s", repo, e)
        best = next((m for m in usable if m.recommended), None)
        if best is None:
            best = next((m for m in usable if (m.quant or "").upper() == "Q4_K_M"), None)
        return best or usable[0]

    def discard(self, repo: str, file: str) -> None:
        """Delete an unfinished download's partial files."""
        dl.discard(self.paths.downloads, check_repo_id(repo), file)

    # the queue the GUI drives ---------------------------------------------------------
    @property
    def queue(self) -> DownloadQueue:
        # Locked: two threads building a queue each would restore paused downloads twice.
        with self._queue_lock:
            if self._queue is None:
                queue = DownloadQueue(
                    self._download, lambda: self._settings().max_concurrent_downloads,
                    self.discard,
                )
                for job in dl.read_jobs(self.paths.downloads):  # left by an earlier run
                    done = _partial_bytes(self.paths.downloads, job)
                    queue.start(job["repo"], job["file"], paused=True, done=done,
                                total=int(job.get("total") or 0))
                self._queue = queue
            return self._queue

    def start(self, repo: str, file: str | None = None) -> str:
        repo = check_repo_id(repo)
        if not file:
            raise HearthError(_("Choose a file to download."),
                              _("See the files with {command}.").format(
                                  command=f"`hearth hub files {repo}`"))
        check_online(self._settings().offline)  # refuse at once, not on the row later
        return self.queue.start(repo, file)

    def pause(self, download_id: str) -> None:
        self.queue.pause(download_id)

    def resume(self, download_id: str) -> None:
        check_online(self._settings().offline)
        self.queue.resume(download_id)

    def cancel(self, download_id: str) -> None:
        self.queue.cancel(download_id)

    def downloads(self) -> list[DownloadState]:
        return self.queue.list()

    # token ----------------------------------------------------------------------------
    def set_token(self, token: str) -> TokenStatus:
        self.tokens.set(token)
        return self.token_status()

    def clear_token(self) -> None:
        self.tokens.clear()

    def token_status(self) -> TokenStatus:
        where = self.tokens.where()
        token = self.tokens.get() if where else None
        if not token:
            from huggingface_hub import get_token

            token = get_token()
            where = "huggingface" if token else ""
        return TokenStatus(bool(token), where, preview(token))

    def close(self) -> None:
        if self._queue is not None:
            self._queue.close()


def _partial_bytes(downloads: Path, job: dict[str, Any]) -> int:
    from engine.hub.safety import inside, repo_folder

    total = 0
    try:
        work = downloads / repo_folder(job["repo"])
        for p in job.get("parts") or []:
            part = inside(work, p)
            part = part.with_name(part.name + ".part")
            if part.exists():
                total += os.path.getsize(part)
    except (HearthError, OSError):
        return 0
    return total
