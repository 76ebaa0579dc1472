"""The facade wires services with what they use, builds each once (also under threads),
and passes a model load's progress through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.api import Hearth
from engine.backends.base import Reply, ReplyStats


def test_each_service_is_built_once_even_when_threads_race(tmp_path: Path) -> None:
    h = Hearth(tmp_path / "home")
    barrier = threading.Barrier(8)
    got: list[tuple[object, ...]] = []

    def grab() -> None:
        barrier.wait()
        got.append((h.models, h.runner, h.chats, h.libraries, h.hub, h.hub.queue))

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and all(all(a is b for a, b in zip(row, got[0], strict=True))
                                 for row in got)
    h.close()


def test_services_get_what_they_use_not_the_facade(tmp_path: Path) -> None:
    h = Hearth(tmp_path / "home")
    for service in (h.runner, h.chats, h.libraries, h.hub):
        assert not any(isinstance(v, Hearth) for v in vars(service).values()), service
    assert h.chats.runner is h.runner and h.libraries.runner is h.runner
    assert h.hub.registry is h.models
    h.close()


def test_settings_applied_now_are_the_ones_written(tmp_path: Path) -> None:
    import dataclasses

    from engine.config import load_settings

    h = Hearth(tmp_path / "home")
    h.use_settings(dataclasses.replace(h.settings, theme="dark"))
    assert h.settings.theme == "dark" and not h.paths.settings_file.exists()
    h.write_settings()
    assert load_settings(h.paths.settings_file)[0].theme == "dark"


@pytest.mark.slow
def test_load_model_reports_progress(tmp_path: Path, smollm2: Path) -> None:
    h = Hearth(tmp_path / "home")
    reports = []
    plan = h.load_model(str(smollm2), n_ctx=512, progress=reports.append)
    assert plan.backend == "llama.cpp" and h.loaded_model is not None
    fractions = [p.fraction for p in reports]
    assert fractions and fractions[-1] == 1.0 and fractions == sorted(fractions)
    h.unload_model()
    assert h.loaded_model is None
    h.close()


def _chunks() -> Iterator[str]:
    yield "Hello"
    yield ", "
    yield "world"
    return ReplyStats(completion_tokens=3)  # type: ignore[return-value]


def test_a_finished_reply_replays_its_text_and_keeps_its_stats() -> None:
    reply = Reply(_chunks())
    assert list(reply) == ["Hello", ", ", "world"]
    stats = reply.stats
    assert stats is not None and stats.completion_tokens == 3
    assert list(reply) == ["Hello", ", ", "world"]  # iterated again: the same chunks
    assert reply.stats is stats and reply.text == "Hello, world"


def test_a_reply_read_half_then_again_sees_everything() -> None:
    reply = Reply(_chunks())
    first = iter(reply)
    assert next(first) == "Hello"
    assert list(reply) == ["Hello", ", ", "world"]  # a second reader: from the start
    assert list(first) == [", ", "world"]  # the first goes on where it was
