"""Real document files generated at test time: good ones and hostile ones."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path


def _pdf_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str]) -> bytes:
    """A valid PDF with one page per string (Helvetica text; '' makes a page with no text).

    Written by hand (objects + xref table) so the tests need no PDF-writing package.
    """
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [4 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, text in enumerate(pages):
        if text:
            lines = [f"({_pdf_escape(line)}) Tj T*" for line in text.split("\n")]
            stream = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(lines) + " ET"
        else:  # a "scanned" page: only graphics
            stream = "0.5 g 50 50 400 600 re f"
        data = stream.encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def encrypt_pdf(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(blocks: list[tuple[str, str]]) -> bytes:
    """blocks: ("h1"|"h2"|"p", text)."""
    import docx

    d = docx.Document()
    for kind, text in blocks:
        if kind.startswith("h"):
            d.add_heading(text, level=int(kind[1:]))
        else:
            d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def make_zip_bomb_docx(inflated_mb: int = 40) -> bytes:
    """A real DOCX plus one member that inflates ~1000x (zeros)."""
    base = make_docx([("p", "harmless")])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("word/media/bomb.bin", "w", force_zip64=True) as f:
            block = b"\0" * 2**20
            for _ in range(inflated_mb):
                f.write(block)
    return out.getvalue()


def write(folder: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


PDF_PAGES = [
    "Annual report of the Riverbend Garden Society\nPage one covers membership and meetings.",
    "Photosynthesis in our greenhouse\nChlorophyll absorbs red and blue light; the tomatoes\n"
    "thrived under the new LED lamps installed in March.",
    "Finances\nThe society spent 420 euros on seeds and compost this year.",
]

POLISH = (
    "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig. "
    "Źródło wiedzy o historii Krakowa znajduje się w bibliotece miejskiej. "
) * 4
CHINESE = (
    "量子力学是描述微观粒子运动规律的物理学分支。它与相对论一起构成现代物理学的理论基础。"
    "薛定谔方程描述了量子态随时间的演化。"
) * 3


def make_good_files(folder: Path) -> dict[str, Path]:
    files = {
        "pdf": write(folder, "report.pdf", make_pdf(PDF_PAGES)),
        "docx": write(
            folder,
            "handbook.docx",
            make_docx(
                [
                    ("h1", "Volunteer handbook"),
                    ("p", "Welcome to the volunteer programme."),
                    ("h2", "Beekeeping safety"),
                    ("p", "Always wear a veil near the hives and move slowly around the bees."),
                ]
            ),
        ),
        "md": write(
            folder,
            "guide.md",
            "# Kayak guide\n\nIntro text.\n\n## Capsize recovery\n\n"
            "If the kayak capsizes, perform a wet exit and hold on to the paddle.\n\n"
            "```\n# not a heading inside code\n```\n",
        ),
        "html": write(
            folder,
            "page.html",
            "<html><head><style>.x{color:red}</style><script>var secretscripttoken = 1;</script>"
            "</head><body><nav>navmenutoken Home About</nav><main><h1>Sourdough baking</h1>"
            "<p>Feed the starter with rye flour the night before baking.</p></main>"
            "<footer>footertoken</footer></body></html>",
        ),
        "code": write(
            folder,
            "src/tool.py",
            'def compute_fibonacci(n):\n    """Return the n-th Fibonacci number."""\n'
            "    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
        ),
        "chinese": write(folder, "chinese.txt", CHINESE, encoding="gb18030"),
        "polish": write(folder, "polish.txt", POLISH, encoding="cp1250"),
        "utf16": write(
            folder, "utf16.txt", "\ufeffUTF sixteen text about glaciers in Iceland.", "utf-16-le"
        ),
    }
    return files


def make_hostile_files(folder: Path) -> dict[str, Path]:
    good_pdf = make_pdf(PDF_PAGES)
    files = {
        "truncated_pdf": write(folder, "truncated.pdf", good_pdf[:120]),
        "encrypted_pdf": write(folder, "encrypted.pdf", encrypt_pdf(good_pdf, "secret")),
        "scanned_pdf": write(folder, "scanned.pdf", make_pdf(["", ""])),
        "zip_bomb": write(folder, "bomb.docx", make_zip_bomb_docx()),
        "bad_utf8": write(
            folder,
            "bad_utf8.txt",
            "Mostly UTF-8 notes about the Wieliczka salt mine, kopalnia soli, żupa krakowska. ".encode()
            + b"\xff\xfe\xc3\x28"
            + " Trasa turystyczna ma ponad trzy kilometry długości i schodzi głęboko.".encode(),
        ),
        "junk": write(folder, "junk.txt", os.urandom(4096) + b"\0" * 64),
        "empty": write(folder, "empty.txt", b""),
        "image": write(folder, "photo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(256)),
    }
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    files["fifo"] = fifo
    loop_a, loop_b = folder / "loop_a.txt", folder / "loop_b.txt"
    os.symlink(loop_b, loop_a)
    os.symlink(loop_a, loop_b)
    files["loop"] = loop_a
    os.symlink(folder, folder / "dirloop")  # a folder that contains itself
    if getattr(os, "geteuid", lambda: 0)() != 0:  # root reads anything; the FIFO covers that
        unreadable = write(folder, "secret.txt", "hidden")
        unreadable.chmod(0)
        files["unreadable"] = unreadable
    return files
