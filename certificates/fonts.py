"""The faces a certificate may use, and the width of a text in them from the TTF files' own metrics.

Widths are the sum of the glyphs' advance widths (fontTools, hmtx). The printed text is laid out
with kerning, ligatures and contextual forms switched off (`FEATURES_OFF`), so WeasyPrint draws
exactly those advances and a text measured to fit does fit.
"""

from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont

from documents.fonts import FONT_DIR, FONT_FILES

SCRIPT_FILE = FONT_DIR / "GreatVibes-Regular.ttf"
CERTIFICATE_FONT_FILES = [*FONT_FILES, SCRIPT_FILE]

SERIF, SCRIPT = "serif", "script"
FAMILIES = {SERIF: "Liberation Serif", SCRIPT: "Great Vibes"}
# (face, bold, italic) -> file. The script face has one style: a bold or italic script field is
# refused by the layout's validation rather than faked by the renderer.
FILES = {
    (SERIF, False, False): FONT_DIR / "LiberationSerif-Regular.ttf",
    (SERIF, True, False): FONT_DIR / "LiberationSerif-Bold.ttf",
    (SERIF, False, True): FONT_DIR / "LiberationSerif-Italic.ttf",
    (SERIF, True, True): FONT_DIR / "LiberationSerif-BoldItalic.ttf",
    (SCRIPT, False, False): SCRIPT_FILE,
}
FEATURES_OFF = '"kern" 0, "liga" 0, "clig" 0, "calt" 0, "dlig" 0, "init" 0, "fina" 0'


@dataclass(frozen=True)
class Metrics:
    units_per_em: int
    ascender: int
    descender: int
    advances: dict  # code point -> advance width in font units


@cache
def metrics(face: str, bold: bool = False, italic: bool = False) -> Metrics:
    font = TTFont(FILES[(face, bold, italic)], lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    hhea = font["hhea"]
    return Metrics(
        units_per_em=font["head"].unitsPerEm,
        ascender=hhea.ascent,
        descender=hhea.descent,
        advances={code: hmtx[name][0] for code, name in cmap.items()},
    )


def missing_characters(text: str, face: str, bold: bool = False, italic: bool = False) -> list[str]:
    advances = metrics(face, bold, italic).advances
    return sorted({c for c in text if ord(c) not in advances})


def text_width(text: str, size_pt: float, face: str, bold: bool = False, italic: bool = False) -> float:
    """The width in points of `text` set at `size_pt` (every character must be in the font)."""
    m = metrics(face, bold, italic)
    return sum(m.advances[ord(c)] for c in text) * size_pt / m.units_per_em


def ascent(size_pt: float, face: str, bold: bool = False, italic: bool = False) -> float:
    """The distance in points from the top of a line box (line-height: normal) to its baseline."""
    m = metrics(face, bold, italic)
    return m.ascender * size_pt / m.units_per_em
