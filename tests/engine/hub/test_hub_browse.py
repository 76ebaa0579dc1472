"""Search, repository files, fit, catalog, offline mode and errors, against the fake Hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import AuthError, NotFound, OfflineError
from engine.hub.files import RemoteEntry, group_files, quant_from_name
from tests.engine.hub.conftest import SMOLLM2_FILE, SMOLLM2_REPO
from tests.fakehub import FakeHub


def test_search_filters_and_sorts(hub_hearth, smol_hub: FakeHub) -> None:
    smol_hub.add_repo("mlc-ai/SmolLM2-135M-Instruct-q4f16_1-MLC",
                      {"mlc-chat-config.json": "{}", "params_shard_0.bin": b"x" * 10},
                      library_name="mlc-llm", tags=["mlc"], downloads=99, likes=500)
    smol_hub.add_repo("someone/smol-notes", {"README.md": "hi"}, downloads=5)

    found = hub_hearth.hub.search("smol")
    assert [r.repo for r in found][:2] == [SMOLLM2_REPO, "mlc-ai/SmolLM2-135M-Instruct-q4f16_1-MLC"]
    top = found[0]
    assert (top.downloads, top.likes, top.license, top.gated) == (12345, 42, "apache-2.0", False)
    assert top.updated and top.updated.startswith("2024-11-01")

    assert [r.repo for r in hub_hearth.hub.search("smol", fmt="gguf")] == [SMOLLM2_REPO]
    assert [r.repo for r in hub_hearth.hub.search("SMOL", fmt="mlc")] == [
        "mlc-ai/SmolLM2-135M-Instruct-q4f16_1-MLC"]
    by_likes = hub_hearth.hub.search("smol", sort="likes")
    assert by_likes[0].repo.startswith("mlc-ai/")
    # the setting is the endpoint actually used (HF_ENDPOINT is the fallback)
    assert any(r[1].startswith("/api/models?") for r in smol_hub.requests)


def test_endpoint_resolution(hearth, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert hearth.hub.endpoint == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "https://mirror.example/")
    assert hearth.hub.endpoint == "https://mirror.example"
    s = hearth.settings
    s.hf_endpoint = "http://127.0.0.1:9/"
    hearth.save_settings(s)
    assert hearth.hub.endpoint == "http://127.0.0.1:9"


def test_files_with_fit_and_recommendation(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    files = hub_hearth.hub.files(SMOLLM2_REPO)
    assert [f.name for f in files] == [SMOLLM2_FILE]  # README/config are not models
    f = files[0]
    assert (f.size, f.quant, f.format) == (smollm2.stat().st_size, "Q4_1", "gguf")
    # The fit comes from the real header read by Range requests: 30 layers, 3 KV heads, 64.
    from engine.selection import fit, kv_cache_bytes

    assert f.fit is not None and f.fit.label in ("gpu", "partial", "cpu")
    expected = fit(hub_hearth.hardware(), f.size, 30, 3, 64, 4096)
    assert f.fit.needed_bytes == expected.needed_bytes
    assert f.fit.needed_bytes > f.size + kv_cache_bytes(30, 3, 64, 4096) - 1
    assert f.recommended
    # Only the header was read, not the 98 MB of weights.
    assert 0 < smol_hub.sent_by_file[SMOLLM2_FILE] <= 8 << 20
    ranges = [h.get("range") for m, p, h in smol_hub.requests if "resolve" in p or "/cdn/" in p]
    assert all(r and r.startswith("bytes=0-") for r in ranges if r)

    # A longer context needs more memory; the header is cached (no second read).
    sent = smol_hub.sent_by_file[SMOLLM2_FILE]
    longer = hub_hearth.hub.files(SMOLLM2_REPO, n_ctx=8192)[0]
    assert longer.fit.needed_bytes > f.fit.needed_bytes
    assert smol_hub.sent_by_file[SMOLLM2_FILE] == sent
    as_json = json.loads(json.dumps([x.to_dict() for x in files]))
    assert as_json[0]["size"] == f.size and as_json[0]["fit"]["label"] == f.fit.label


def test_split_mlc_and_quant_grouping() -> None:
    entries = [
        RemoteEntry("Qwen2.5-7B-Instruct-Q4_K_M.gguf", 4_000),
        RemoteEntry("Qwen2.5-7B-Instruct-IQ3_XS.gguf", 3_000),
        RemoteEntry("Q8_0/Qwen2.5-7B-Instruct-Q8_0-00002-of-00002.gguf", 500),
        RemoteEntry("Q8_0/Qwen2.5-7B-Instruct-Q8_0-00001-of-00002.gguf", 7_000),
        RemoteEntry("big-f16-00001-of-00003.gguf", 10),  # incomplete set: left out
        RemoteEntry("mmproj-model-f16.gguf", 600),
        RemoteEntry("../../x.gguf", 1),
        RemoteEntry("/etc/passwd.gguf", 1),
        RemoteEntry("README.md", 10),
    ]
    models = group_files(entries, "bartowski/Qwen2.5-7B-Instruct-GGUF")
    names = [m.name for m in models]
    assert names == [
        "Qwen2.5-7B-Instruct-IQ3_XS.gguf",
        "Qwen2.5-7B-Instruct-Q4_K_M.gguf",
        "Q8_0/Qwen2.5-7B-Instruct-Q8_0-00001-of-00002.gguf",
        "mmproj-model-f16.gguf",
    ]
    split = models[2]
    assert split.size == 7_500 and split.quant == "Q8_0" and len(split.parts) == 2
    assert models[3].kind == "mmproj"

    mlc = group_files([RemoteEntry("mlc-chat-config.json", 10), RemoteEntry("ndarray-cache.json", 20),
                       RemoteEntry("params_shard_0.bin", 1000), RemoteEntry("README.md", 5),
                       RemoteEntry(".gitattributes", 5)], "mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC")
    assert len(mlc) == 1
    assert (mlc[0].format, mlc[0].size, mlc[0].quant) == ("mlc", 1030, "q4f16_1")


@pytest.mark.parametrize("name, quant", [
    ("qwen2.5-0.5b-instruct-q4_k_m.gguf", "Q4_K_M"),
    ("Llama-3.2-1B-Instruct-Q3_K_XL.gguf", "Q3_K_XL"),
    ("SmolLM2-135M-Instruct.Q4_1.gguf", "Q4_1"),
    ("Meta-Llama-3-8B.IQ2_XXS.gguf", "IQ2_XXS"),
    ("model-bf16-00001-of-00002.gguf", "BF16"),
    ("phi-3-mini-f16.gguf", "F16"),
    ("Qwen2-7B-Q8_0.gguf", "Q8_0"),
    ("gemma-2-2b-it-IQ4_NL.gguf", "IQ4_NL"),
    ("Llama-3.2-1B-Instruct-Q4_0_4_4.gguf", "Q4_0_4_4"),
    ("模型-量化-Q5_K_S.gguf", "Q5_K_S"),
    ("no-quant-here.gguf", None),
])
def test_quant_from_name(name: str, quant: str | None) -> None:
    assert quant_from_name(name) == quant


def test_catalog_entries_are_complete(hearth) -> None:
    entries = hearth.hub.catalog()
    assert len(entries) >= 12
    repos = {e.repo for e in entries}
    assert "Qwen/Qwen2.5-0.5B-Instruct-GGUF" in repos
    for e in entries:
        assert e.file.endswith(".gguf") and quant_from_name(e.file) == e.quant
        assert e.size > 100_000_000 and e.parameters > 100_000_000
        assert e.license and e.description and "/" in e.repo
        assert e.n_layers and e.n_kv_heads and e.head_dim and e.context_length
        assert e.fit is None


def test_catalog_fit_is_local_and_recommends_one(hearth) -> None:
    from engine.selection import fit, kv_cache_bytes

    entries = hearth.hub.catalog(fit=True, n_ctx=4096)
    hw = hearth.hardware()
    for e in entries:
        assert e.fit.needed_bytes == fit(hw, e.size, e.n_layers, e.n_kv_heads, e.head_dim,
                                         4096).needed_bytes
    # Gemma 2's KV cache (26 layers x 4 heads x 256) outweighs Qwen2.5 0.5B's (24 x 2 x 64).
    by_repo = {e.repo: e for e in entries}
    assert kv_cache_bytes(26, 4, 256, 4096) > kv_cache_bytes(24, 2, 64, 4096)
    assert by_repo["bartowski/gemma-2-2b-it-GGUF"].fit.needed_bytes > \
        by_repo["bartowski/gemma-2-2b-it-GGUF"].size + kv_cache_bytes(26, 4, 256, 4096) - 1
    assert sum(e.recommended for e in entries) == (1 if any(e.fit.label != "no" for e in entries) else 0)
    assert json.loads(json.dumps([e.to_dict() for e in entries]))[0]["fit"]["label"]
    # Without a GPU the recommended starter is the largest one estimated to run fast here,
    # never one whose own badge says it is slow while a fast one is listed.
    best = next((e for e in entries if e.recommended), None)
    fast = [e for e in entries if e.fit.label in ("cpu", "partial") and e.speed and e.speed.fast]
    if fast and not any(e.fit.label == "gpu" for e in entries):
        assert best is not None and best.speed.fast
        assert best.parameters == max(e.parameters for e in fast)


def test_offline_mode_refuses_every_hub_action(hub_hearth, smol_hub: FakeHub) -> None:
    s = hub_hearth.settings
    s.offline = True
    hub_hearth.save_settings(s)
    smol_hub.reset_counters()
    for action in (
        lambda: hub_hearth.hub.search("smol"),
        lambda: hub_hearth.hub.files(SMOLLM2_REPO),
        lambda: hub_hearth.hub.download(SMOLLM2_REPO),
        lambda: hub_hearth.hub.start(SMOLLM2_REPO, SMOLLM2_FILE),
    ):
        with pytest.raises(OfflineError) as e:
            action()
        assert "offline" in e.value.message.lower() and "Settings" in e.value.hint
    assert smol_hub.requests == []  # not a single request left the machine
    assert hub_hearth.hub.catalog()  # the catalog is local and still works


def test_hf_hub_offline_is_honoured(hub_hearth, smol_hub: FakeHub, monkeypatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(OfflineError, match="HF_HUB_OFFLINE"):
        hub_hearth.hub.search("smol")


def test_unknown_repo_is_not_found(hub_hearth, smol_hub: FakeHub) -> None:
    with pytest.raises(NotFound) as e:
        hub_hearth.hub.files("nobody/nothing-GGUF")
    assert "nobody/nothing-GGUF" in e.value.message
    with pytest.raises(NotFound, match="has no model file"):
        hub_hearth.hub.download(SMOLLM2_REPO, "missing-Q4_K_M.gguf")


def test_gated_repo_needs_license_and_token(hub_hearth, fakehub: FakeHub) -> None:
    fakehub.add_repo("meta-llama/Gated-1B-GGUF", {"gated-Q4_K_M.gguf": b"GGUF" + bytes(60)},
                     gated=True)
    with pytest.raises(AuthError) as e:  # no token: 401
        hub_hearth.hub.files("meta-llama/Gated-1B-GGUF", fit=False)
    assert "accept" in e.value.hint and "hearth hub token set" in e.value.hint
    assert "huggingface.co/meta-llama/Gated-1B-GGUF" in e.value.hint

    hub_hearth.hub.set_token("hf_wrongtoken123")
    with pytest.raises(AuthError) as e:  # a token without access: 403
        hub_hearth.hub.files("meta-llama/Gated-1B-GGUF", fit=False)
    assert "gated" in e.value.message and "accept" in e.value.hint

    fakehub.tokens.add("hf_goodtoken456")
    hub_hearth.hub.set_token("hf_goodtoken456")
    files = hub_hearth.hub.files("meta-llama/Gated-1B-GGUF", fit=False)
    assert [f.name for f in files] == ["gated-Q4_K_M.gguf"]
    auths = [h.get("authorization") for _m, _p, h in fakehub.requests]
    assert "Bearer hf_goodtoken456" in auths


def test_token_store_file_is_private(hearth, monkeypatch) -> None:
    monkeypatch.setenv("HEARTH_NO_KEYRING", "1")
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(hearth.paths.home / "hf"))
    st = hearth.hub.token_status()
    assert not st.set
    hearth.hub.set_token("hf_abcdefghijkl")
    st = hearth.hub.token_status()
    assert st.set and st.where == "file" and st.preview == "hf_…ijkl"
    f = hearth.paths.home / "hf_token"
    assert f.stat().st_mode & 0o777 == 0o600
    hearth.hub.clear_token()
    assert not hearth.hub.token_status().set and not f.exists()


def test_token_goes_to_the_keyring_when_one_exists(hearth, monkeypatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    monkeypatch.delenv("HEARTH_NO_KEYRING", raising=False)
    monkeypatch.setenv("HF_HOME", str(hearth.paths.home / "hf"))
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    try:
        st = hearth.hub.set_token("hf_inthekeyring1")
        assert st.where == "keyring" and not (hearth.paths.home / "hf_token").exists()
        assert list(kr.items.values()) == ["hf_inthekeyring1"]
        # keyed by the data folder: another HEARTH_HOME never sees this token
        assert str(hearth.paths.home) in next(iter(kr.items))[1]
        hearth.hub.clear_token()
        assert kr.items == {} and not hearth.hub.token_status().set
    finally:
        keyring.set_keyring(previous)


def test_one_header_read_serves_every_quant_of_a_model(hub_hearth, fakehub: FakeHub,
                                                        smollm2: Path) -> None:
    # The same real file under three quant names (a bartowski-style listing) + a projector.
    fakehub.add_repo("someone/SmolLM2-135M-Instruct-GGUF", {
        "SmolLM2-135M-Instruct-Q4_K_M.gguf": smollm2,
        "SmolLM2-135M-Instruct-Q6_K.gguf": smollm2,
        "SmolLM2-135M-Instruct-Q8_0.gguf": smollm2,
        "mmproj-SmolLM2-f16.gguf": b"GGUF" + bytes(100),
    })
    files = hub_hearth.hub.files("someone/SmolLM2-135M-Instruct-GGUF")
    models = [f for f in files if f.kind == "model"]
    assert len(models) == 3 and all(f.fit is not None for f in models)
    assert sum(f.recommended for f in files) == 1
    assert [f.kind for f in files if f.fit is None] == ["mmproj"]
    header_reads = [p for _m, p, h in fakehub.requests if "range" in h and p.startswith("/cdn/")]
    assert len(header_reads) == 1  # one Range read (after the redirect) for the whole family


def test_search_sorted_by_update(hub_hearth, fakehub: FakeHub) -> None:
    fakehub.add_repo("a/old-GGUF", {"x-Q4_0.gguf": b"GGUF"}, last_modified="2023-01-01T00:00:00.000Z")
    fakehub.add_repo("b/new-GGUF", {"x-Q4_0.gguf": b"GGUF"}, last_modified="2025-01-01T00:00:00.000Z")
    assert [r.repo for r in hub_hearth.hub.search("GGUF", sort="updated")] == ["b/new-GGUF", "a/old-GGUF"]
    with pytest.raises(Exception, match="Unknown sort"):
        hub_hearth.hub.search("x", sort="sideways")


def test_a_gated_error_without_a_repo_links_to_the_hub_not_to_a_phrase() -> None:
    from engine.hub.transfer import auth_error

    named = auth_error("meta-llama/Llama-3.2-1B/model.gguf", 403, gated=True)
    assert "https://huggingface.co/meta-llama/Llama-3.2-1B)" in named.hint
    unnamed = auth_error("this repository", 403, gated=True)
    assert "https://huggingface.co/)" in unnamed.hint and "this repository)" not in unnamed.hint
