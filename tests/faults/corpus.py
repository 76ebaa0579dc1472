"""The documents the library flow indexes: real files of each common kind, small enough
that embedding them stays cheap (one or two chunks each)."""

from __future__ import annotations

from pathlib import Path

from tests.engine.library.docfiles import make_docx, make_pdf, write

TOPICS = [
    ("otters", "The river otters of the valley gather near the old mill every spring."),
    ("bees", "Beekeepers in the orchard wear veils and move slowly around the hives."),
    ("glaciers", "The glaciers of Iceland retreat a few metres each summer."),
    ("bread", "Sourdough starter is fed with rye flour the night before baking."),
    ("kayaks", "After a capsize, a kayaker performs a wet exit and holds the paddle."),
    ("comets", "A comet's tail always points away from the sun, pushed by the solar wind."),
]


def _text(topic: str, sentence: str, n: int = 6) -> str:
    return " ".join(f"{sentence} Note {i} about {topic} adds detail number {i}." for i in range(n))


def write_documents(folder: Path) -> None:
    """The folder as it is at the first index."""
    folder.mkdir(parents=True, exist_ok=True)
    for topic, sentence in TOPICS[:3]:
        write(folder, f"{topic}.txt", _text(topic, sentence))
    write(folder, "guide.md", "# Bread guide\n\n" + _text(*TOPICS[3]) + "\n\n## Baking\n\n"
          + _text("baking", "Bake at 230 degrees with steam for the first twenty minutes."))
    write(folder, "page.html", "<html><body><main><h1>Kayak club</h1><p>" + _text(*TOPICS[4])
          + "</p></main><footer>footer</footer></body></html>")
    pages = [_text(*TOPICS[5], n=3), _text("orbits", "Orbits are ellipses.", n=3)]
    write(folder, "report.pdf", make_pdf(pages))
    blocks = [("h1", "Volunteer handbook"), ("p", _text(*TOPICS[1], n=4))]
    write(folder, "handbook.docx", make_docx(blocks))
    write(folder, "notes/unsupported.bin", b"\x00\x01binary")


def change_documents(folder: Path) -> None:
    """What changed before the run under test: new files, a changed one, a deleted one."""
    write(folder, "new/lighthouse.txt", _text("lighthouses", "The keeper lit the lamp at dusk."))
    write(folder, "new/volcano.md",
          "# Volcanoes\n\n" + _text("volcanoes", "Lava cools into basalt."))
    minutes = [("h1", "Minutes"), ("p", _text("meetings", "The meeting began at noon.", n=4))]
    write(folder, "new/minutes.docx", make_docx(minutes))
    with open(folder / "otters.txt", "a", encoding="utf-8") as f:
        f.write(" " + _text("otter pups", "The pups learn to swim in their second month.", n=3))
    (folder / "glaciers.txt").unlink()


def fuzz_seeds() -> dict[str, dict[str, bytes]]:
    """Valid files per parser, the starting points of the document fuzz tests. Extra ones
    (real PDFs, ...) can be added with HEARTH_FAULTS_SEEDS=folder (by file extension)."""
    import os

    from tests.engine.library.docfiles import PDF_PAGES, POLISH, encrypt_pdf

    plain_pdf = make_pdf(PDF_PAGES)
    seeds: dict[str, dict[str, bytes]] = {
        "pdf": {"plain.pdf": plain_pdf, "compressed.pdf": _compressed_pdf(plain_pdf),
                "encrypted-empty-password.pdf": encrypt_pdf(plain_pdf, "")},
        "docx": {"handbook.docx": make_docx([("h1", "Handbook"), ("p", "Wear a veil."),
                                             ("h2", "Hives"), ("p", "Move slowly.")])},
        "epub": {"book.epub": _epub()},
        "html": {"page.html": (b"<!doctype html><html><head><title>t</title><style>p{}</style>"
                               b"</head><body><nav>menu</nav><main><h1>Sourdough</h1><p>Feed the "
                               b"starter.</p><h2>Baking</h2><ul><li>Heat</li><li>Bake</li></ul>"
                               b"<table><tr><td>a</td><td>b</td></tr></table></main></body></html>")},
        "text": {"utf8.txt": "Zażółć gęślą jaźń, 量子力学, plain words.\n".encode(),
                 "cp1250.txt": POLISH.encode("cp1250"),
                 "utf16.txt": "\ufeffGlaciers of Iceland.".encode("utf-16-le")},
        "markdown": {"guide.md": b"# Guide\n\nIntro.\n\n## Part\n\n```\n# code\n```\n\nEnd.\n"},
    }
    extra = os.environ.get("HEARTH_FAULTS_SEEDS")
    kinds = {".pdf": "pdf", ".docx": "docx", ".epub": "epub", ".html": "html", ".htm": "html",
             ".txt": "text", ".md": "markdown"}
    if extra:
        for p in sorted(Path(extra).iterdir()):
            if p.suffix.lower() in kinds and p.stat().st_size < 2 << 20:
                seeds[kinds[p.suffix.lower()]][p.name] = p.read_bytes()
    return seeds


def _compressed_pdf(data: bytes) -> bytes:
    """The same PDF rewritten by pypdf: Flate-compressed streams, an info dictionary."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        page.compress_content_streams()
    writer.add_metadata({"/Title": "Riverbend report", "/Author": "Hearth"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _epub() -> bytes:
    import io

    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("hearth-fuzz")
    book.set_title("Lighthouse")
    book.set_language("en")
    chapter = epub.EpubHtml(title="One", file_name="one.xhtml", lang="en")
    chapter.content = "<h1>The keeper</h1><p>He lit the lamp at dusk.</p>"
    book.add_item(chapter)
    book.toc = [chapter]
    book.spine = ["nav", chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()
