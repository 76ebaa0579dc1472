"""The shared table model tells the view only what changed: the Libraries page re-reads a
library's file states every few seconds while it indexes, and a whole-table update there
made the GUI thread re-ask every cell (a long stall with hundreds of files)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from desktop.qtmodels.library_tables import FileStatusTableModel


@dataclass
class State:  # the fields FileStatusTableModel shows, as engine FileState has them
    path: str
    state: str = "pending"
    reason: str = ""
    chunks: int = 0
    pages: int = 0


def test_unchanged_rows_are_not_announced(qapp):
    model = FileStatusTableModel()
    model.roots = ["/docs"]
    rows = [State(f"/docs/notatka-{i}-zażółć.txt") for i in range(300)]
    model.set_rows(rows)
    announced: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: announced.append((a.row(), b.row())))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    later = list(rows)
    for i in (5, 6, 7, 120):
        later[i] = replace(rows[i], state="indexed", chunks=3)
    model.set_rows(later)
    assert announced == [(5, 7), (120, 120)] and not resets
    assert model.index(6, 1).data() != model.index(8, 1).data()  # the new state shows
    assert model.index(6, 0).data() == "notatka-6-zażółć.txt"  # one root: its name left out

    announced.clear()
    model.set_rows(list(later))  # nothing changed: nothing to repaint
    assert announced == []
    model.set_rows(later[:-1])  # a file went away: the rows are rebuilt
    assert resets == [True] and model.rowCount() == 299


def test_file_names_keep_their_folder_only_when_it_tells_them_apart(qapp):
    model = FileStatusTableModel()
    model.roots = ["/home/ola/Przepisy", "/home/ola/食谱"]
    model.set_rows([State("/home/ola/Przepisy/pierogi.txt"), State("/home/ola/食谱/饺子.txt")])
    assert [model.index(i, 0).data() for i in range(2)] == ["Przepisy/pierogi.txt", "食谱/饺子.txt"]
    model.roots = ["/home/ola/Przepisy"]
    assert model.index(0, 0).data() == "pierogi.txt"
    assert model.index(0, 0).data(3) == "/home/ola/Przepisy/pierogi.txt"  # the tooltip: all of it


def test_a_hidden_files_table_does_not_measure_every_row(qtbot):
    """Behind another page, a refresh of a big library must not make Qt size its columns
    from every row (it did: ~80 ms of the GUI thread per refresh with 400 files)."""
    from desktop.views.library_files import LibraryFilesPanel

    panel = LibraryFilesPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show_table(True)
    panel.show()
    qtbot.waitExposed(panel)
    panel.model.roots = ["/docs"]
    calls = {"n": 0}
    data = panel.model.data

    def counted(*a):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return data(*a)

    panel.model.data = counted
    rows = [State(f"/docs/notatka-{i}.txt", "pending") for i in range(400)]
    panel.hide()
    panel.set_states(rows)
    panel.set_states([replace(r, state="indexed", chunks=3) for r in rows])
    qtbot.wait(50)  # the header's delayed resize runs from a timer
    assert calls["n"] < 400, calls  # not every row, let alone every cell
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(50)
    name_width = panel.view.columnWidth(1)
    assert name_width >= panel.view.fontMetrics().horizontalAdvance("Indexed")  # sized when seen
