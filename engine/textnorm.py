"""Text normalised for LanceDB's full-text index, so one whitespace tokenizer works for all scripts.

LanceDB's built-in tokenizers split on spaces and punctuation, which leaves Chinese, Japanese
and Thai (written without spaces) as one giant token per sentence. We therefore hand the
index pre-tokenised text: NFKC-normalised, lower-cased words separated by single spaces, with
runs of CJK / kana / Thai characters turned into overlapping character bigrams (the classic
CJK bigram scheme of Lucene's CJKBigramFilter). Queries go through the same function.
"""

from __future__ import annotations

import re
import unicodedata

# Word characters: \w plus combining marks of common scripts (Python's \w excludes marks,
# which would split Devanagari, Thai, Arabic ... words apart).
_WORD = re.compile(
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    r"\u0900-\u0dff\u0e00-\u0eff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
# Scripts written without spaces between words: CJK ideographs, kana, Thai, Lao, Khmer, Myanmar.
_NO_SPACE = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\U00020000-\U0003134f]+"
)


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def fts_terms(text: str) -> list[str]:
    """The index terms of `text`, in order."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for word in _WORD.findall(text):
        word = word.strip("_")
        if not word:
            continue
        pos = 0
        for m in _NO_SPACE.finditer(word):
            if m.start() > pos:
                out.append(word[pos : m.start()])
            out.extend(_bigrams(m.group()))
            pos = m.end()
        if pos < len(word):
            out.append(word[pos:])
    return out


def fts_text(text: str) -> str:
    """`text` as space-separated index terms (see the module docstring)."""
    return " ".join(fts_terms(text))
