"""The chunk table of one library in an embedded LanceDB database.

One writer at a time (the indexer holds the library's write lock); readers may come from any
thread. Every add or delete is one atomic LanceDB commit, so a killed process leaves the
table at a consistent version; the file manifest is updated only after the commit, and the
indexer deletes a file's old chunks before adding new ones, so re-running converges.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import StorageError
from engine.i18n import _

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

log = logging.getLogger(__name__)

TABLE = "chunks"
FTS_COLUMN = "fts"
# Below this many rows a flat scan of the vectors is exact and fast enough; above it an
# IVF_HNSW_SQ index. Measured on 2 busy cores (bench/search_latency.py): a flat scan of
# 100k rows takes ~700 ms (~7 ms per 1k rows), the index ~15-25 ms.
VECTOR_INDEX_MIN_ROWS = 10_000
# Old table versions are what `hearth library check` rolls back to when newer data files are
# damaged; a day of them costs at most one re-index's worth of disk.
VERSIONS_KEPT = timedelta(days=1)


def chunk_schema(dim: int) -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("path", pa.string()),
            ("page", pa.int32()),
            ("heading", pa.string()),
            ("seq", pa.int32()),
            ("text", pa.string()),
            ("fts", pa.string()),
            ("vector", pa.list_(pa.float32(), dim)),
        ]
    )


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def in_filter(column: str, values: Iterable[str]) -> str:
    """A SQL `column IN (...)` filter with the values quoted safely."""
    return f"{column} IN ({', '.join(_quote(v) for v in values)})"


def _write_error(e: Exception, db_dir: Path) -> StorageError:
    from engine.fsutil import disk_error

    known = disk_error(e, db_dir / "chunks.lance")
    if known is not None:
        known.hint += " " + _("Indexing continues where it stopped.")
        return known
    return StorageError(
        _("Could not write the library database in {folder}.").format(folder=db_dir),
        _("Check the disk, then index again; it continues where it stopped."),
        details=str(e),
    )


class ChunkStore:
    """The "chunks" table: id, doc_id, path, page, heading, seq, text, fts, vector."""

    def __init__(
        self, db_dir: Path, dim: int, vector_index_min_rows: int = VECTOR_INDEX_MIN_ROWS
    ) -> None:
        import lancedb

        self.db_dir = db_dir
        self.dim = dim
        self.vector_index_min_rows = vector_index_min_rows
        self._create_lock = threading.Lock()
        try:
            # Re-check the latest version at most once a second, so a GUI sees what a CLI
            # run (another process) indexed meanwhile.
            self._db = lancedb.connect(str(db_dir), read_consistency_interval=timedelta(seconds=1))
            self._table: Any = None
            if TABLE in self._table_names():
                self._table = self._db.open_table(TABLE)
        except OSError as e:
            raise StorageError(
                _("Could not open the library database in {folder}.").format(folder=db_dir),
                details=str(e),
            ) from e

    def _table_names(self) -> list[str]:
        return list(self._db.list_tables().tables)

    @property
    def table(self) -> Any:
        """The LanceDB table (created empty on first use)."""
        # Locked: a search (model lane) and the indexer may both be first; two Table
        # objects would leave one behind the other's writes for up to a second.
        with self._create_lock:
            if self._table is None:
                self._table = self._db.create_table(
                    TABLE, schema=chunk_schema(self.dim), exist_ok=True)
            return self._table

    def count(self, where: str | None = None) -> int:
        if self._table is None:
            return 0
        return int(self._table.count_rows(where))

    # writing ----------------------------------------------------------------------------
    def add(self, rows: dict[str, Sequence[Any]], vectors: np.ndarray) -> None:
        """Append rows (columns as lists, `vector` given separately as an (n, dim) array)."""
        import pyarrow as pa

        if len(vectors) == 0:
            return
        if vectors.shape[1] != self.dim:
            raise StorageError(
                _("Embedding size {size} does not match the library's {dim}.").format(
                    size=vectors.shape[1], dim=self.dim),
                _("Re-index the library with `hearth library index NAME --reindex`."),
            )
        flat = pa.array(vectors.astype("float32", copy=False).reshape(-1))
        columns = dict(rows)
        columns["vector"] = pa.FixedSizeListArray.from_arrays(flat, self.dim)
        data = pa.Table.from_pydict(columns, schema=chunk_schema(self.dim))
        table = self.table
        before = table.version
        try:
            table.add(data)
        except Exception as e:  # LanceDB raises OSError, RuntimeError or its own errors
            raise _write_error(e, self.db_dir) from e
        self._check_added(before, list(rows["id"]))

    def _check_added(self, before: int, ids: list[str]) -> None:
        """Read the new rows back. LanceDB 0.40 can commit a data file whose write hit an I/O
        error (the fault suite injected one): the table would then be unreadable. Go back
        to the version before, so what was committed earlier stays readable."""
        try:
            found = self.table.count_rows(in_filter("id", ids[:200]))
            if found < min(len(ids), 200):
                raise OSError(f"only {found} of the rows just written can be read back")
        except Exception as e:  # noqa: BLE001 - unreadable after the commit: undo it
            try:
                self.table.restore(before)
            except Exception as undo:  # noqa: BLE001 - `hearth library check` finishes the job
                log.warning("could not go back to version %s: %s", before, undo)
            raise _write_error(e, self.db_dir) from e

    def delete_docs(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids or self._table is None:
            return
        try:
            for i in range(0, len(ids), 500):
                self._table.delete(in_filter("doc_id", ids[i : i + 500]))
        except Exception as e:
            raise _write_error(e, self.db_dir) from e

    def doc_ids(self) -> set[str]:
        if self._table is None:
            return set()
        return set(self.column("doc_id"))

    def chunk_ids(self) -> set[str]:
        if self._table is None:
            return set()
        return set(self.column("id"))

    def column(self, name: str, where: str | None = None) -> list[Any]:
        """All values of one column (optionally filtered), without reading the vectors."""
        if self._table is None:
            return []
        query = self._table.search().select([name])
        if where:
            query = query.where(where)
        return list(query.limit(None).to_arrow().column(name).to_pylist())

    def ensure_fts_index(self) -> None:
        """Create the BM25 index on `fts` if missing. Rows added later are searched too
        (LanceDB scans unindexed rows) and are folded into the index by optimize()."""
        from lancedb.index import FTS

        table = self.table
        if f"{FTS_COLUMN}_idx" in {ix.name for ix in table.list_indices()}:
            return
        # Text arrives pre-tokenised by textnorm.fts_text: split on spaces only and leave
        # words as they are (no stemming or stop words: they would be English-only).
        table.create_index(
            FTS_COLUMN,
            config=FTS(
                base_tokenizer="whitespace",
                lower_case=False,
                stem=False,
                remove_stop_words=False,
                ascii_folding=False,
                max_token_length=None,
            ),
        )

    def has_vector_index(self) -> bool:
        return self._table is not None and any(
            ix.columns == ["vector"] for ix in self._table.list_indices()
        )

    def ensure_vector_index(self) -> bool:
        """Build an ANN index on `vector` once the table is large enough; True if one exists.

        IVF_HNSW_SQ: 8-bit scalar quantisation loses almost no recall on sentence vectors
        (unlike PQ), and HNSW inside each partition keeps a query to a few partitions. Its
        distances are approximate and on another scale than a flat scan's, so search
        recomputes each hit's cosine from the stored vector. Rows added later are scanned
        flat until the next optimize(), so results stay complete.
        """
        if self.has_vector_index():
            return True
        rows = self.count()
        if rows < self.vector_index_min_rows:
            return False
        try:
            self.table.create_index(
                metric="cosine",
                vector_column_name="vector",
                index_type="IVF_HNSW_SQ",
                num_partitions=max(1, int(math.sqrt(rows) / 2)),
            )
        except Exception as e:  # LanceDB raises OSError, RuntimeError or its own errors
            raise _write_error(e, self.db_dir) from e
        return True

    def optimize(self) -> None:
        """Compact small fragments and fold new rows into indexes (after large jobs). The
        compacted table is read back: LanceDB 0.40 can commit a rewritten data file whose
        write hit an I/O error, so a table that no longer reads whole goes back to the
        version before (compaction only rewrites what that version already holds)."""
        if self._table is None:
            return
        table = self._table
        before, rows = table.version, table.count_rows()
        try:
            table.optimize(cleanup_older_than=VERSIONS_KEPT)
            readable = len(self.column("doc_id"))
            if readable != rows:
                raise OSError(f"{readable} of {rows} passages can be read back")
        except Exception as e:  # noqa: BLE001 - compaction is an optimisation; undo it
            log.warning("library compaction failed: %s", e)
            if table.version != before:
                try:
                    table.restore(before)
                except Exception as undo:  # noqa: BLE001 - the next index's check repairs it
                    log.warning("could not go back to version %s: %s", before, undo)

    def drop(self) -> None:
        if TABLE in self._table_names():
            self._db.drop_table(TABLE)
        self._table = None

    def close(self) -> None:
        self._table = None
