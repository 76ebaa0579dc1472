"""Traditional <-> Simplified Chinese for search queries, with OpenCC (phrase tables, not
character by character: 軟體 -> 软件 as Taiwan and the mainland write it).

Why: USE multilingual's vocabulary is mostly Simplified, so a question in Traditional
embeds poorly (bench/multilingual_quality.py: zh-TW answer@5 0.38, against 0.67 for
zh-CN); embedding its Simplified form instead closes most of that gap. Full-text search
gets both forms, so a question in one script finds passages written in the other.
Without OpenCC (an install that lacks it) text passes through unchanged.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)

TO_SIMPLIFIED = "tw2sp"  # Taiwan phrases -> mainland Simplified
TO_TRADITIONAL = "s2twp"  # the reverse

_converters: dict[str, Any] = {}
_lock = threading.Lock()


def _convert(config: str, text: str) -> str:
    with _lock:
        conv = _converters.get(config)
        if conv is None:
            try:
                import opencc

                conv = opencc.OpenCC(config)
            except Exception as e:  # noqa: BLE001 - missing or broken install: no folding
                log.warning("OpenCC unavailable (%s): Chinese scripts are not folded", e)
                _converters.update({TO_SIMPLIFIED: False, TO_TRADITIONAL: False})
                return text
            _converters[config] = conv
    return str(conv.convert(text)) if conv else text


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def to_simplified(text: str) -> str:
    """`text` with Traditional Chinese written in Simplified (anything else unchanged)."""
    return _convert(TO_SIMPLIFIED, text) if _has_han(text) else text


def other_script(text: str) -> str:
    """`text` in the other Chinese script ("" when it holds no Chinese or reads the same)."""
    if not _has_han(text):
        return ""
    simplified = _convert(TO_SIMPLIFIED, text)
    other = simplified if simplified != text else _convert(TO_TRADITIONAL, text)
    return other if other != text else ""
