"""A WeasyPrint font configuration holding exactly the fonts shipped in static/fonts/.

WeasyPrint's own configuration loads every system font through fontconfig, and Pango silently
takes a glyph a document's font lacks from any of them (Debian's Liberation 1.x lacks Ơ/Ư/ạ and
falls back to DejaVu). Starting from an empty fontconfig configuration and adding only our files
leaves nothing to fall back to: whatever the CSS asks for, the PDF can only contain our fonts.
"""

from functools import cache
from pathlib import Path

import cffi
from django.conf import settings
from fontTools.ttLib import TTFont
from weasyprint.text.ffi import ffi, fontconfig, gobject, pangoft2
from weasyprint.text.fonts import FontConfiguration

FONT_FAMILY = "Liberation Serif"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = [FONT_DIR / f"LiberationSerif-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic")]

_ffi = cffi.FFI()
_ffi.cdef("typedef struct _FcConfig FcConfig; FcConfig * FcConfigCreate (void);")


def _open_fontconfig():
    # WeasyPrint has already loaded the library; dlopen returns the same handle.
    for name in ("libfontconfig.so.1", "fontconfig-1", "fontconfig", "libfontconfig", "libfontconfig-1.dll"):
        try:
            return _ffi.dlopen(name)
        except OSError:
            continue
    raise OSError("Không tìm thấy thư viện fontconfig.")


_fontconfig = _open_fontconfig()


class ClosedFontConfiguration(FontConfiguration):
    """FontConfiguration over an empty fontconfig config plus our font files, nothing else."""

    def __init__(self, font_files=FONT_FILES):
        config = _fontconfig.FcConfigCreate()
        self._config = ffi.cast("FcConfig *", int(_ffi.cast("uintptr_t", config)))
        for path in font_files:
            # Pango crashes the process when a config has no font at all; refuse before that.
            if not fontconfig.FcConfigAppFontAddFile(self._config, str(path).encode()):
                fontconfig.FcConfigDestroy(self._config)
                raise FileNotFoundError(f"Không nạp được phông chữ {path}")
        self.font_map = ffi.gc(pangoft2.pango_ft2_font_map_new(), gobject.g_object_unref)
        pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", self.font_map), self._config)
        # The font map keeps its own reference, as in FontConfiguration.__init__.
        fontconfig.FcConfigDestroy(self._config)
        self._folder = None
        self.strut_layouts = {}
        self.font_features = {}

    def add_font_face(self, rule_descriptors, url_fetcher):
        """@font-face rules are for the browser preview: the PDF has its fonts already, and a
        rule must not bring in any other."""
        return None


@cache
def _advances(bold: bool) -> tuple[int, dict]:
    font = TTFont(FONT_FILES[1 if bold else 0], lazy=True)
    hmtx = font["hmtx"]
    return font["head"].unitsPerEm, {code: hmtx[name][0] for code, name in font.getBestCmap().items()}


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width in points of `text` in Liberation Serif (upright) at `size_pt`, from the font
    file's advance widths; a character the font lacks counts as wide as "M"."""
    units, advances = _advances(bold)
    wide = advances[ord("M")]
    return sum(advances.get(ord(c), wide) for c in text) * size_pt / units
