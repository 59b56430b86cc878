"""Write tests/data/formats/: the five seed reports (reports/*.txt) and a Word file with a header
table (tests/data/captures/d01_deqing_header_table.docx, invented text) saved by LibreOffice as
old Word (.doc) and RTF, the way an office would export them.

Stored gzipped (an RTF of a seed is ~70 KB, 10 KB gzipped); tests/test_formats.py unpacks
them into its temporary folder. The .mht, .ofd, .wps and .zip cases are written by the tests
themselves (tests/formats.py): they need no program. LibreOffice is needed only here:

    apt-get install libreoffice-writer-nogui
    python scripts/make_formats.py
"""
from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "formats"
SOURCES = sorted((ROOT / "reports").glob("*.txt")) + [ROOT / "tests" / "data" / "captures" / "d01_deqing_header_table.docx"]


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("make_formats: LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            for fmt in ("doc", "rtf"):
                # Text files are UTF-8: say so, or LibreOffice guesses the system's encoding.
                infilter = ["--infilter=Text (encoded):UTF8"] if source.suffix == ".txt" else []
                subprocess.run([soffice, "--headless", "--norestore", *infilter, "--convert-to", fmt,
                                "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=120,
                               env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
                made = Path(tmp) / f"{source.stem}.{fmt}"
                # mtime=0: the same file gzips to the same bytes.
                (OUT / f"{made.name}.gz").write_bytes(gzip.compress(made.read_bytes(), mtime=0))
                print(f"{OUT.relative_to(ROOT)}/{made.name}.gz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
