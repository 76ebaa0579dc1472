"""Downloads from the fake Hub: verified, registered, resumable, retried, refused when
they must be — each asserted on the bytes that actually crossed the wire."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from engine.errors import AuthError, ChecksumError, NotEnoughSpace, NotFound
from engine.hub import download as dl
from engine.hub.safety import UnsafeName, inside, safe_relative
from engine.jobs import format_bytes
from tests.engine.hub.conftest import SMOLLM2_FILE, SMOLLM2_REPO
from tests.fakehub import FakeHub


def _sent(hub: FakeHub) -> int:
    return hub.sent_by_file.get(SMOLLM2_FILE, 0)


def test_download_verify_register_and_chat(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    seen = []
    info = hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE, progress=seen.append)
    size = smollm2.stat().st_size
    assert _sent(smol_hub) == size  # exactly one copy crossed the wire
    assert Path(info.path) == hub_hearth.paths.models / SMOLLM2_FILE
    assert Path(info.path).read_bytes() == smollm2.read_bytes()
    assert (info.architecture, info.n_layers, info.quantization) == ("llama", 30, "Q4_1")
    assert info.source == f"hf://{SMOLLM2_REPO}/{SMOLLM2_FILE}"
    assert [m.name for m in hub_hearth.models.list()] == [info.name]
    assert seen[-1].done == seen[-1].total == size
    assert list(hub_hearth.paths.downloads.iterdir()) == []  # no .part or state left
    # Redirected to the CDN-like URL, as the real Hub does for LFS files.
    assert any(p.startswith("/cdn/") for _m, p, _h in smol_hub.requests)

    pytest.importorskip("llama_cpp")
    pytest.importorskip("engine.runner")
    from engine.backends.base import ChatMessage, Sampling

    hub_hearth.load_model(info.name, n_ctx=512)
    reply = hub_hearth.runner.chat([ChatMessage("user", "Say hello.")],
                                   Sampling(max_tokens=12, temperature=0.0, seed=1))
    text = "".join(reply)
    assert text.strip()


@pytest.mark.parametrize("cut_at", [1, 1 << 20, 57_000_000])
def test_dropped_connection_resumes_with_only_the_rest(hub_hearth, smol_hub: FakeHub,
                                                       smollm2: Path, cut_at: int) -> None:
    size = smollm2.stat().st_size
    smol_hub.fail(SMOLLM2_FILE, "cut", after=cut_at)
    info = hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert _sent(smol_hub) == size  # the first cut transfer + the rest, no byte twice
    ranges = [h["range"] for _m, p, h in smol_hub.requests if "/cdn/" in p and "range" in h]
    assert ranges == [f"bytes={cut_at}-"]
    assert Path(info.path).read_bytes() == smollm2.read_bytes()


def test_several_cuts_in_one_download(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    for after in (3_000_000, 5_000_000, 7_000_000):
        smol_hub.fail(SMOLLM2_FILE, "cut", after=after)
    hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert _sent(smol_hub) == smollm2.stat().st_size


def test_restart_resumes_from_the_part_file(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    """A crash leaves .part + state; a new process (a new Hearth) resumes from there."""
    size = smollm2.stat().st_size
    for _ in range(8):  # more cuts than retries: the first run gives up
        smol_hub.fail(SMOLLM2_FILE, "cut", after=0)
    smol_hub.faults[SMOLLM2_FILE].appendleft(smol_hub.faults[SMOLLM2_FILE][0].__class__("cut", after=40_000_000))
    with pytest.raises(Exception):  # noqa: B017 - any HearthError: the network "keeps failing"
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    part = hub_hearth.paths.downloads / "QuantFactory__SmolLM2-135M-Instruct-GGUF" / (SMOLLM2_FILE + ".part")
    assert part.stat().st_size == 40_000_000
    state = json.loads(part.with_name(part.name + ".json").read_text())
    assert state["size"] == size and state["sha256"] and state["etag"]
    smol_hub.faults.clear()
    smol_hub.reset_counters()

    from engine.api import Hearth

    again = Hearth(hub_hearth.paths.home)  # as after a restart
    try:
        listed = again.hub.downloads()
        assert [(d.repo, d.file, d.state, d.bytes_done) for d in listed] == [
            (SMOLLM2_REPO, SMOLLM2_FILE, "paused", 40_000_000)]
        info = again.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    finally:
        again.close()
    assert _sent(smol_hub) == size - 40_000_000
    assert Path(info.path).read_bytes() == smollm2.read_bytes()


def test_changed_file_on_server_restarts_cleanly(hub_hearth, smol_hub: FakeHub, smollm2: Path,
                                                 tmp_path: Path) -> None:
    """If-Range: the server's file changed since the .part began → whole new file, verified."""
    for _ in range(8):
        smol_hub.fail(SMOLLM2_FILE, "cut", after=0)
    smol_hub.faults[SMOLLM2_FILE].appendleft(smol_hub.faults[SMOLLM2_FILE][0].__class__("cut", after=10_000_000))
    with pytest.raises(Exception):  # noqa: B017
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    smol_hub.faults.clear()
    # The uploader replaced the file with one of the same size (so only the ETag tells).
    changed = tmp_path / "changed.gguf"
    data = bytearray(smollm2.read_bytes())
    data[-1] ^= 0x01
    changed.write_bytes(bytes(data))
    repo = smol_hub.repos[SMOLLM2_REPO]
    new = smol_hub.add_repo("tmp/x", {SMOLLM2_FILE: changed}).files[SMOLLM2_FILE]
    repo.files[SMOLLM2_FILE] = new
    smol_hub.reset_counters()
    # The state remembers the old sha256; the tree now says another: start over at once.
    info = hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert Path(info.path).read_bytes() == bytes(data)
    assert _sent(smol_hub) == len(data)


def test_if_range_mismatch_sends_whole_file(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    from engine.hub.transfer import Target, Transfer

    size = smollm2.stat().st_size
    repo = smol_hub.repos[SMOLLM2_REPO]
    f = repo.files[SMOLLM2_FILE]
    part = hub_hearth.paths.downloads / "t" / "x.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(smollm2.read_bytes()[:5_000_000])
    state = {"url": "", "size": size, "sha256": f.sha256, "git_oid": None,
             "etag": '"an-old-etag"', "bytes_done": 5_000_000, "updated": 0}
    part.with_name("x.part.json").write_text(json.dumps(state))
    url = f"{smol_hub.url}/{SMOLLM2_REPO}/resolve/main/{SMOLLM2_FILE}"
    Transfer(Target(url, size, f.sha256, label="t"), part).run()
    assert part.read_bytes() == smollm2.read_bytes()
    assert _sent(smol_hub) == size  # the server ignored the stale range, we started over


def test_wrong_bytes_fail_checksum_and_register_nothing(hub_hearth, smol_hub: FakeHub,
                                                        smollm2: Path) -> None:
    smol_hub.fail(SMOLLM2_FILE, "corrupt", after=12_345_678)
    with pytest.raises(ChecksumError) as e:
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert "checksum" in e.value.message and "try the download again" in e.value.hint
    assert hub_hearth.models.list() == []
    assert not (hub_hearth.paths.models / SMOLLM2_FILE).exists()
    quarantined = list((hub_hearth.paths.downloads / "quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].stat().st_size == smollm2.stat().st_size
    assert not list(hub_hearth.paths.downloads.rglob("*.part"))
    # Trying again (the fault is gone) gives a good, registered model.
    info = hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert Path(info.path).read_bytes() == smollm2.read_bytes()


def test_404_and_gated_file_requests(hub_hearth, smol_hub: FakeHub) -> None:
    smol_hub.fail(SMOLLM2_FILE, "status", status=404)
    with pytest.raises(NotFound, match="404"):
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    smol_hub.fail(SMOLLM2_FILE, "status", status=403)
    with pytest.raises(AuthError) as e:
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert "hearth hub token set" in e.value.hint
    assert _sent(smol_hub) == 0 and hub_hearth.models.list() == []


def test_gated_download_with_token(hub_hearth, fakehub: FakeHub, smollm2: Path) -> None:
    fakehub.add_repo("meta-llama/Gated-GGUF", {SMOLLM2_FILE: smollm2}, gated=True)
    with pytest.raises(AuthError, match="gated") as e:
        hub_hearth.hub.download("meta-llama/Gated-GGUF", SMOLLM2_FILE)
    assert "accept the license" in e.value.hint
    fakehub.tokens.add("hf_secret_token_1")
    hub_hearth.hub.set_token("hf_secret_token_1")
    info = hub_hearth.hub.download("meta-llama/Gated-GGUF", SMOLLM2_FILE)
    assert info.n_layers == 30
    # The token went to the Hub, never to the CDN the file was redirected to.
    for _m, path, headers in fakehub.requests:
        if path.startswith("/cdn/"):
            assert "authorization" not in headers


@pytest.mark.parametrize("status", [429, 503])
def test_busy_hub_is_retried(hub_hearth, smol_hub: FakeHub, smollm2: Path, status: int) -> None:
    smol_hub.fail(SMOLLM2_FILE, "status", status=status, retry_after="0", times=3)
    info = hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert Path(info.path).stat().st_size == smollm2.stat().st_size
    resolves = [p for m, p, _h in smol_hub.requests if "/resolve/" in p]
    assert len(resolves) == 4  # three refusals, then success
    assert _sent(smol_hub) == smollm2.stat().st_size


def test_no_space_refused_before_any_transfer(hub_hearth, smol_hub: FakeHub,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dl, "free_space", lambda _p: 50_000_000)
    with pytest.raises(NotEnoughSpace) as e:
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert "98.4 MB" in e.value.message and "Free some disk space" in e.value.hint
    assert f"{format_bytes(dl.SPACE_RESERVE)} kept free" in e.value.message  # named, not hidden
    assert _sent(smol_hub) == 0
    assert not list(hub_hearth.paths.downloads.rglob("*.part"))


def test_hostile_file_names_cannot_escape(hub_hearth, fakehub: FakeHub, smollm2: Path,
                                          tmp_path: Path) -> None:
    fakehub.add_repo("evil/repo", {"../../x.gguf": smollm2, "ok/../../../y.gguf": b"GGUF",
                                   "a/b.gguf": b"GGUF"})
    names = [f.name for f in hub_hearth.hub.files("evil/repo", fit=False)]
    assert names == ["a/b.gguf"]  # the hostile ones are not offered
    for bad in ("../../x.gguf", "ok/../../../y.gguf", "/etc/x.gguf", "C:\\x.gguf"):
        with pytest.raises(UnsafeName):
            hub_hearth.hub.download("evil/repo", bad)
    assert fakehub.sent_by_file == {}
    home = hub_hearth.paths.home
    assert not (home.parent / "x.gguf").exists() and not (home / "x.gguf").exists()
    assert not list(tmp_path.rglob("x.gguf"))
    with pytest.raises(UnsafeName):
        hub_hearth.hub.download("../evil", "a.gguf")


def test_safe_paths_and_symlink_escape(tmp_path: Path) -> None:
    assert str(safe_relative("Q4_K_M/模型-Q4_K_M.gguf")) == "Q4_K_M/模型-Q4_K_M.gguf"
    for bad in ("..", "a/../b", "", "a//b", "/abs", "x\x00y", "a\\b", "CON.gguf", "a/\u202eb"):
        with pytest.raises(UnsafeName):
            safe_relative(bad)
    root = tmp_path / "models"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafeName):
        inside(root, "link/escape.gguf")
    assert inside(root, "fine.gguf") == root / "fine.gguf"


def test_existing_different_file_is_not_overwritten(hub_hearth, smol_hub: FakeHub) -> None:
    target = hub_hearth.paths.models / SMOLLM2_FILE
    target.write_bytes(b"my own file")
    with pytest.raises(Exception, match="already in the models folder"):
        hub_hearth.hub.download(SMOLLM2_REPO, SMOLLM2_FILE)
    assert target.read_bytes() == b"my own file"


def test_download_choice_by_quant_and_default(hub_hearth, smol_hub: FakeHub, smollm2: Path) -> None:
    info = hub_hearth.hub.download(SMOLLM2_REPO, "q4_1")  # a quant label picks the file
    assert Path(info.path).name == SMOLLM2_FILE
    # Downloading again is instant: the installed file is checked, nothing is fetched.
    smol_hub.reset_counters()
    again = hub_hearth.hub.download(SMOLLM2_REPO)
    assert again.name == info.name and _sent(smol_hub) == 0


def test_split_gguf_all_parts_registered_by_first(hub_hearth, fakehub: FakeHub) -> None:
    from tests.engine.test_gguf_builder import build

    md = {"general.architecture": "llama", "llama.block_count": 2, "llama.context_length": 1024,
          "llama.embedding_length": 64, "llama.attention.head_count": 4,
          "llama.attention.head_count_kv": 2, "split.count": 2}
    p1 = build(md, [("blk.0.attn_q.weight", (64, 4096), 0)])  # 1 MB of weights each
    p2 = build({"split.count": 2}, [("blk.1.attn_q.weight", (64, 4096), 0)])
    repo = "someone/Big-GGUF"
    fakehub.add_repo(repo, {"Q4_1/big-Q4_1-00001-of-00002.gguf": p1,
                            "Q4_1/big-Q4_1-00002-of-00002.gguf": p2})
    files = hub_hearth.hub.files(repo)
    assert len(files) == 1 and files[0].size == len(p1) + len(p2) and len(files[0].parts) == 2
    assert files[0].fit is not None  # from part 1's header, read by a Range request
    fakehub.fail("Q4_1/big-Q4_1-00002-of-00002.gguf", "cut", after=300_000)
    fakehub.reset_counters()
    info = hub_hearth.hub.download(repo, "big-Q4_1")  # the split's base name selects it
    assert info.name == "big-Q4_1" and info.parts == 2 and info.n_layers == 2
    assert Path(info.path).name == "big-Q4_1-00001-of-00002.gguf"
    assert (hub_hearth.paths.models / "big-Q4_1-00002-of-00002.gguf").read_bytes() == p2
    assert fakehub.sent_by_file == {"Q4_1/big-Q4_1-00001-of-00002.gguf": len(p1),
                                    "Q4_1/big-Q4_1-00002-of-00002.gguf": len(p2)}


def test_non_lfs_files_checked_by_git_blob_id(hub_hearth, fakehub: FakeHub) -> None:
    cfg = json.dumps({"model_type": "llama", "context_window_size": 2048,
                      "model_config": {"num_hidden_layers": 4, "num_attention_heads": 4,
                                       "num_key_value_heads": 2, "hidden_size": 64}})
    fakehub.add_repo("mlc-ai/Tiny-q4f16_1-MLC", {
        "mlc-chat-config.json": cfg, "ndarray-cache.json": "{}", "tokenizer.json": "{}",
        "params_shard_0.bin": os.urandom(2 << 20)}, library_name="mlc-llm")
    files = hub_hearth.hub.files("mlc-ai/Tiny-q4f16_1-MLC")
    assert len(files) == 1 and files[0].format == "mlc" and files[0].fit is not None
    assert files[0].quant == "q4f16_1"
    plan = dl.make_plan(hub_hearth.paths.models, hub_hearth.paths.downloads,
                        "mlc-ai/Tiny-q4f16_1-MLC", files[0], "main")
    fakehub.fail("tokenizer.json", "corrupt", after=0)
    with pytest.raises(ChecksumError, match="sha1"):
        dl.run(plan, lambda p: f"{fakehub.url}/mlc-ai/Tiny-q4f16_1-MLC/resolve/main/{p}",
               token=None, auth_host=None)
    path = dl.run(plan, lambda p: f"{fakehub.url}/mlc-ai/Tiny-q4f16_1-MLC/resolve/main/{p}",
                  token=None, auth_host=None)
    assert path == hub_hearth.paths.models / "Tiny-q4f16_1-MLC"
    assert sorted(p.name for p in path.iterdir()) == [
        "mlc-chat-config.json", "ndarray-cache.json", "params_shard_0.bin", "tokenizer.json"]


def test_verified_but_unusable_file_is_not_left_in_models(hub_hearth, fakehub: FakeHub) -> None:
    fakehub.add_repo("junk/Junk-GGUF", {"junk-Q4_K_M.gguf": b"not a gguf at all" * 1000})
    with pytest.raises(Exception, match="not a usable model") as e:
        hub_hearth.hub.download("junk/Junk-GGUF", "junk-Q4_K_M.gguf")
    assert "quarantine" in e.value.hint
    assert not (hub_hearth.paths.models / "junk-Q4_K_M.gguf").exists()
    assert hub_hearth.models.list() == []
