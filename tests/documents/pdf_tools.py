"""Poppler's command-line tools on real PDF bytes: what a reader of the file would see."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

MM = 72 / 25.4  # points per millimetre


class Pdf:
    def __init__(self, content: bytes):
        assert content.startswith(b"%PDF-"), content[:20]
        self._dir = tempfile.TemporaryDirectory()
        self.path = Path(self._dir.name) / "document.pdf"
        self.path.write_bytes(content)

    def _run(self, *args) -> str:
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    def fonts(self) -> list[dict]:
        """pdffonts rows: name (subset prefix removed), type, embedded."""
        rows = []
        for line in self._run("pdffonts", str(self.path)).splitlines()[2:]:
            parts = line.split()
            name = parts[0].split("+", 1)[-1]
            # Columns from the right: emb sub uni object-id generation.
            rows.append({"name": name, "embedded": parts[-5] == "yes"})
        return rows

    def info(self) -> dict:
        return dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in self._run("pdfinfo", str(self.path)).splitlines())
        )

    @property
    def page_count(self) -> int:
        return int(self.info()["Pages"])

    def page_sizes(self) -> list[tuple[int, int]]:
        """(width, height) of every page in whole points."""
        out = self._run("pdfinfo", "-f", "1", "-l", str(self.page_count), str(self.path))
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)
        return [(round(float(w)), round(float(h))) for w, h in sizes]

    def text(self, first: int | None = None, last: int | None = None, *, layout=False, raw=False) -> str:
        """pdftotext; `raw` keeps the order the text was drawn in (row by row, cell by cell)."""
        args = ["pdftotext", "-enc", "UTF-8"]
        if layout:
            args.append("-layout")
        if raw:
            args.append("-raw")
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        return self._run(*args, str(self.path), "-")

    def pages_text(self, **options) -> list[str]:
        return self.text(**options).split("\f")[: self.page_count]

    def words(self, page: int) -> list["Word"]:
        """Every word of a page with its box (pdftotext -bbox), top to bottom."""
        html = self._run("pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page), str(self.path), "-")
        pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
        return [
            Word(unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(pattern, html)
        ]


@dataclass
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def squash(text: str) -> str:
    """Text with all runs of whitespace as one space: table cells wrap wherever the column ends."""
    return " ".join(text.split())


def compact(text: str) -> str:
    """Text without any whitespace: a line may break after "527/" where the source has none."""
    return "".join(text.split())


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order in haystack (empty when all are there, in order)."""
    missing, position = [], 0
    for needle in needles:
        found = haystack.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing
