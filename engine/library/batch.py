"""Batch jobs: one prompt template over every document of a library or every row of a CSV.

Results go to a CSV or JSONL file (by its extension), one row per item, each row written
and fsynced as soon as its answer is done. Running the same job again resumes: items
already in the output are skipped, a half-written last row (killed mid-write) and rows that
failed are dropped and redone.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import string
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.backends.base import ChatMessage, Sampling
from engine.errors import Cancelled, HearthError, LibraryError, NotFound
from engine.fsutil import atomic_write_bytes, json_text, storage_error
from engine.i18n import _
from engine.jobs import CancelToken, ProgressFn, RateMeter
from engine.library.pathkey import shown, to_store

if TYPE_CHECKING:
    from engine.library.service import LibraryService
    from engine.runner import ModelRunner

log = logging.getLogger(__name__)

DOC_FIELDS = ("library", "path", "name", "text")
TRUNCATED_NOTE = "\n[... the rest of the document was cut to fit the model's context]"


@dataclass
class BatchItem:
    key: str  # unique within the job: the document's path or the CSV row's id/number
    fields: dict[str, str]


@dataclass
class BatchReport:
    output: str
    total: int
    done: int  # answered in this run
    skipped: int  # already answered by an earlier run
    failed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# items --------------------------------------------------------------------------------


def library_items(service: LibraryService, library: str) -> list[BatchItem]:
    """One item per indexed document, in path order; `text` is the document's full text."""
    from engine.library.search import document_chunks, merge_overlapping

    items = []
    for path, state in sorted(service.manifest(library).all().items()):
        if state.state != "indexed":
            continue
        chunks = document_chunks(service, library, path)
        pages: dict[int, list[str]] = {}
        for h in chunks:
            pages.setdefault(h.page, []).append(h.text)
        text = "\n\n".join(merge_overlapping(t) for _, t in sorted(pages.items()))
        # Output files are text: a name with undecodable bytes is written in its lossless stored form.
        fields = {"library": library, "path": to_store(path), "name": shown(Path(path).name), "text": text}
        items.append(BatchItem(fields["path"], fields))
    return items


def csv_items(csv_path: str | Path) -> list[BatchItem]:
    """One item per CSV row (header = field names); keyed by an `id` column if unique."""
    path = Path(csv_path).expanduser()
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise NotFound(_("{path} does not exist.").format(path=path),
                       _("Check the CSV path.")) from e
    except OSError as e:
        raise storage_error(e, path) from e
    text = _decode(raw, path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise LibraryError(_("{file} has no header row.").format(file=path.name),
                           _("The first CSV row must name the columns."))
    rows = [{k: (v or "") for k, v in r.items() if k is not None} for r in reader]
    ids = [r.get("id", "") for r in rows]
    use_id = "id" in reader.fieldnames and all(ids) and len(set(ids)) == len(ids)
    return [
        BatchItem(r["id"] if use_id else str(i), {**r, "row": str(i)})
        for i, r in enumerate(rows, start=1)
    ]


def _decode(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise LibraryError(_("{file} is not readable text.").format(file=path.name),
                               _("Save the CSV as UTF-8 and try again.")) from None
        return str(best)


# output -------------------------------------------------------------------------------


class BatchOutput:
    """Append-only CSV/JSONL results file that remembers which keys are done."""

    def __init__(self, path: Path, key_field: str, columns: Sequence[str]) -> None:
        self.path = path
        self.key_field = key_field
        self.columns = [key_field, *[c for c in columns if c != key_field], "output", "error"]
        self.is_csv = path.suffix.lower() == ".csv"
        if not self.is_csv and path.suffix.lower() not in (".jsonl", ".json", ".ndjson"):
            raise LibraryError(_("Cannot write results to {file}.").format(file=path.name),
                               _("Name the output file .csv or .jsonl."))
        self.done: set[str] = set()
        self._recover()

    def _recover(self) -> None:
        """Keep complete, successful rows of an earlier run; rewrite the file if any were not."""
        if not self.path.exists():
            return
        text = self.path.read_text("utf-8", errors="replace")
        rows, clean = self._parse(text)
        good = [r for r in rows if not r.get("error") and r.get(self.key_field) is not None]
        if len(good) != len(rows) or not clean:
            self._rewrite(good)
        self.done = {str(r[self.key_field]) for r in good}

    def _parse(self, text: str) -> tuple[list[dict[str, Any]], bool]:
        """(rows, clean): clean is False when the last row was cut off mid-write."""
        clean = text.endswith("\n") or not text
        if self.is_csv:
            records = list(csv.reader(io.StringIO(text, newline="")))
            if not records:
                return [], clean
            header, body = records[0], records[1:]
            if not clean and body:
                body = body[:-1]
            if header != self.columns:
                raise LibraryError(
                    _("{file} holds results of a different job (its columns differ).").format(
                        file=self.path.name),
                    _("Choose another output file, or delete this one to start over."),
                )
            return [dict(zip(header, r, strict=False)) for r in body], clean
        rows = []
        lines = text.split("\n")
        if not clean:
            lines = lines[:-1]
        for line in lines:
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    clean = False  # a damaged line: drop it and redo that item
        return rows, clean

    def _rewrite(self, rows: list[dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, b"".join(self._encode(r, i == 0) for i, r in enumerate(rows)))

    def _encode(self, row: dict[str, Any], first: bool) -> bytes:
        if not self.is_csv:
            return (json_text(row) + "\n").encode("utf-8")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if first:
            writer.writerow(self.columns)
        writer.writerow([row.get(c, "") for c in self.columns])
        return buf.getvalue().encode("utf-8")

    def append(self, row: dict[str, Any]) -> None:
        """Write one row in one write() and fsync it: a kill leaves at most that row partial."""
        first = not self.path.exists() or self.path.stat().st_size == 0
        data = self._encode(row, first)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            raise storage_error(e, self.path) from e
        if not row.get("error"):
            self.done.add(str(row[self.key_field]))


# running ------------------------------------------------------------------------------


def template_fields(template: str) -> list[str]:
    try:
        return [f for _text, f, _spec, _conv in string.Formatter().parse(template)
                if f is not None]
    except ValueError as e:
        raise LibraryError(
            _("The prompt template is not valid: {error}.").format(error=e),
            _("Put field names in braces, like {example}; write {open} and {close} for literal "
              "braces.").format(example="{text}", open="{{", close="}}"),
        ) from e


def _check_template(template: str, available: Sequence[str]) -> None:
    fields = template_fields(template)
    unknown = [f for f in fields if f not in available]
    if unknown or not fields:
        raise LibraryError(
            _("The prompt template uses unknown fields: {fields}.").format(
                fields=", ".join(unknown))
            if unknown
            else _("The prompt template uses no field, so every answer would be the same."),
            _("Available fields: {fields}").format(
                fields=", ".join("{" + f + "}" for f in available)),
        )


def run_batch(
    service: LibraryService,
    runner: ModelRunner,
    template: str,
    output: str | Path,
    library: str | None = None,
    csv_path: str | Path | None = None,
    model: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    sampling: Sampling | None = None,
) -> BatchReport:
    """Run `template` over each document of `library` or each row of `csv_path`.

    Fields: {library} {path} {name} {text} for documents; the CSV's column names (and
    {row}) for rows. Resumable: run it again with the same output to finish a job.
    """
    if (library is None) == (csv_path is None):
        raise LibraryError(_("Give either a library or a CSV file to run the batch over."))
    if library is not None:
        service.check_model(library)
        items = library_items(service, library)
        key_field, columns = "path", ["library", "path"]
        available: Sequence[str] = DOC_FIELDS
    else:
        assert csv_path is not None
        items = csv_items(csv_path)
        key_field = "id" if items and items[0].key == items[0].fields.get("id") else "row"
        available = list(items[0].fields) if items else ["row"]
        columns = [key_field, *[f for f in available if f not in ("row", key_field)]]
    _check_template(template, available)
    out = BatchOutput(Path(output).expanduser(), key_field, columns)
    todo = [it for it in items if it.key not in out.done]
    report = BatchReport(str(out.path), len(items), 0, len(items) - len(todo), 0)
    if not todo:
        return report

    from engine.library.ask import answer_sampling

    runner.ensure(model, cancel=cancel)
    # A copy: the caller's Sampling is not changed by the length cap below.
    base = sampling or answer_sampling(service.settings.sampling)
    sampling = Sampling.from_dict(base.to_dict())
    sampling.max_tokens = min(sampling.max_tokens, max(64, runner.n_ctx // 4))
    meter = RateMeter(total=len(items), unit="items")
    sink = progress or (lambda _p: None)
    sink(meter.update(report.skipped, f"{report.skipped} done earlier"))
    for item in todo:
        if cancel is not None:
            cancel.raise_if_cancelled()
        row: dict[str, Any] = {c: item.fields.get(c, "") for c in out.columns if c in item.fields}
        row[key_field] = item.key
        try:
            prompt = _fill(template, item, runner, sampling)
            reply = runner.chat([ChatMessage("user", prompt)], sampling, cancel=cancel)
            text = reply.text
            if cancel is not None and cancel.cancelled:
                raise Cancelled()  # a cut-off answer is not written: it is redone on resume
            row.update(output=text.strip(), error="")
            report.done += 1
        except Cancelled:
            raise
        except HearthError as e:
            log.warning("batch item %s failed: %s", item.key, e)
            row.update(output="", error=e.message)
            report.failed += 1
        out.append(row)
        sink(meter.update(report.skipped + report.done + report.failed, Path(item.key).name))
    return report


def _fill(template: str, item: BatchItem, runner: ModelRunner, sampling: Sampling) -> str:
    """The prompt for one item; a document too long for the context is cut (and says so)."""
    prompt = template.format_map(item.fields)
    if "text" not in template_fields(template):
        return prompt
    room = runner.room([ChatMessage("user", "")], sampling)
    if runner.count_tokens(prompt) <= room:
        return prompt
    text = item.fields["text"]
    fixed = runner.count_tokens(template.format_map({**item.fields, "text": ""}))
    keep = max(0, room - fixed - runner.count_tokens(TRUNCATED_NOTE))
    # Cut by the characters-per-token ratio, then shrink until it fits (two or three tries).
    ratio = len(text) / max(1, runner.count_tokens(text))
    cut = int(keep * ratio)
    while cut > 0 and runner.count_tokens(text[:cut]) > keep:
        cut = int(cut * 0.9)
    return template.format_map({**item.fields, "text": text[:cut] + TRUNCATED_NOTE})


def iter_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """The rows of a results file (for tests and the GUI's preview)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        with open(p, newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)
    else:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
