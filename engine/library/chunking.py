"""Token-aware chunking with the embedder's own tokenizer.

No chunk (with its heading prefix and the [CLS]/[SEP] tokens) exceeds the model's limit, so
nothing is silently truncated away. Chunks prefer to end at a sentence end, then at a space,
then anywhere between tokens (Chinese/Japanese text has no spaces; each character is a
token there). Consecutive chunks overlap by a few tokens so a sentence cut in two is still
found whole in one of them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

SPECIAL_TOKENS = 2  # [CLS] and [SEP]
# WordPiece turns any "word" over 100 characters into one [UNK] token, so token counts alone
# would let a base64 blob become one giant chunk; chunks also stay under this many
# characters per token of budget (ordinary text averages 4-6).
CHARS_PER_TOKEN_CAP = 10
# Sentence ends: Latin punctuation before a space or line end, CJK full stops anywhere.
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)|[。！？；…]|\n\s*\n|\n")
_SPACE = re.compile(r"\s")
# Tokenizing a 50 MB one-line file in one go took 6.5-9 GB (an Encoding holds ids, offsets,
# tokens and masks for every token). Texts are cut into segments of at most this many
# characters, at a line or sentence end where there is one, and tokenized a few at a time,
# so memory stays bounded whatever the file.
SEGMENT_CHARS = 20_000
_SEGMENTS_PER_BATCH = 16


@dataclass
class Chunk:
    id: str
    doc_id: str
    path: str
    page: int
    heading: str
    seq: int
    text: str

    @property
    def embed_text(self) -> str:
        """What the model sees: the heading gives each chunk its context."""
        if self.heading and not self.text.startswith(self.heading.rsplit(" > ", 1)[-1]):
            return f"{self.heading}\n{self.text}"
        return self.text


def doc_id_for(path: str) -> str:
    return hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def chunk_id_for(path: str, page: int, seq: int, text: str) -> str:
    h = hashlib.sha1()
    for part in (path, str(page), str(seq), text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


class Chunker:
    def __init__(self, tokenizer: Any, max_tokens: int, overlap: int = 32) -> None:
        """`tokenizer`: a tokenizers.Tokenizer without truncation; max_tokens incl. specials."""
        self.tokenizer = tokenizer
        self.budget = max_tokens - SPECIAL_TOKENS
        self.overlap = overlap

    def _count(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]

    def chunk(self, path: str, sections: Sequence[tuple[int, str, str]]) -> list[Chunk]:
        """sections: (page, heading, text) in document order."""
        doc_id = doc_id_for(path)
        sections = [(p, _short_heading(h), t) for p, h, t in sections if t.strip()]
        if not sections:
            return []
        headings = sorted({h for _, h, _ in sections if h})
        heading_tokens = dict(zip(headings, self._count(headings), strict=True)) if headings else {}
        pieces = ((page, heading, seg) for page, heading, text in sections for seg in segments(text))
        out: list[Chunk] = []
        while group := list(itertools.islice(pieces, _SEGMENTS_PER_BATCH)):
            encodings = self.tokenizer.encode_batch([t for _, _, t in group], add_special_tokens=False)
            first = len(out)
            for (page, heading, text), enc in zip(group, encodings, strict=True):
                # +1 for the newline between heading and text (a separator token at most).
                room = max(32, self.budget - (heading_tokens.get(heading, 0) + 1 if heading else 0))
                self._cut(out, path, doc_id, page, heading, text, enc.offsets, room)
            del encodings
            self._enforce_limit(out[first:])
        return out

    def _cut(
        self,
        out: list[Chunk],
        path: str,
        doc_id: str,
        page: int,
        heading: str,
        text: str,
        offsets: list[tuple[int, int]],
        room: int,
    ) -> None:
        max_chars = room * CHARS_PER_TOKEN_CAP
        for start, end in self._windows(text, offsets, room):
            for cut in range(start, end, max_chars):
                piece = text[cut : min(end, cut + max_chars)].strip()
                if not piece:
                    continue
                seq = len(out)
                out.append(
                    Chunk(chunk_id_for(path, page, seq, piece), doc_id, path, page, heading, seq, piece)
                )

    def _windows(
        self, text: str, offsets: list[tuple[int, int]], room: int
    ) -> list[tuple[int, int]]:
        n = len(offsets)
        if n <= room:
            return [(0, len(text))]
        spans = []
        start = 0
        while start < n:
            end = min(n, start + room)
            if end < n:
                end = self._break_at(text, offsets, start, end)
            spans.append((offsets[start][0], offsets[end - 1][1]))
            if end >= n:
                break
            nxt = max(start + 1, end - self.overlap)
            # Begin the overlap at a word start, not inside a word ("##ing").
            for i in range(nxt, end):
                s = offsets[i][0]
                if s == 0 or not text[s - 1].isalnum():
                    nxt = i
                    break
            start = nxt
        return spans

    def _break_at(self, text: str, offsets: list[tuple[int, int]], start: int, end: int) -> int:
        """The token index to end before: after the last sentence end, else the last space."""
        lo = offsets[start + (end - start) // 2][0]
        hi = offsets[end][0]  # start of the first token that does not fit
        window = text[lo:hi]
        for pattern in (_SENTENCE_END, _SPACE):
            last = None
            for m in pattern.finditer(window):
                last = m
            if last is not None:
                cut_char = lo + last.end()
                for i in range(end, start, -1):
                    if offsets[i - 1][1] <= cut_char:
                        return i
        return end

    def _enforce_limit(self, chunks: list[Chunk]) -> None:
        """Re-tokenising a chunk on its own can differ at the edges; trim any that overflow."""
        counts = self._count([c.embed_text for c in chunks])
        for c, n in zip(chunks, counts, strict=True):
            while n > self.budget and c.text:
                enc = self.tokenizer.encode(c.text, add_special_tokens=False)
                keep = max(1, len(enc.ids) - (n - self.budget) - 1)
                cut = enc.offsets[keep - 1][1]
                if cut >= len(c.text):  # offsets that do not shrink it: cut by length instead
                    cut = len(c.text) * self.budget // (n + 1)
                c.text = c.text[:cut].strip()
                c.id = chunk_id_for(c.path, c.page, c.seq, c.text)
                n = self._count([c.embed_text])[0]


def segments(text: str, limit: int = SEGMENT_CHARS) -> Iterator[str]:
    """`text` in pieces of at most `limit` characters, each ending at a line end, else a
    sentence end, else a space in its second half (anywhere, for one endless word)."""
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = text.rfind("\n", lo, hi) + 1
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
            cut = ends[-1] if ends else text.rfind(" ", lo, hi) + 1
        if cut <= start:
            cut = hi
        yield text[start:cut]
        start = cut
    yield text[start:]


def _short_heading(heading: str) -> str:
    heading = " ".join(heading.split())
    return heading[:200]
