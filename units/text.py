"""Text folding shared by search columns and the unit name matcher.

Office staff type "so noi vu" for "Sở Nội vụ"; Excel cells mix NFC and NFD forms and
non-breaking spaces. Everything that compares names goes through `fold`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    # "đ" is a letter of its own, not a d with a combining mark, so NFD leaves it alone.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Lower-case, diacritic-free, single-spaced form of `text` for comparisons and search."""
    if not text:
        return ""
    return _SPACES.sub(" ", strip_diacritics(unicodedata.normalize("NFC", text)).lower()).strip()


def clean(text: str | None) -> str:
    """NFC, single spaces within lines, no blank edges: how we store text people typed or pasted."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\r\n", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def clean_attributes(instance, names) -> None:
    """`clean` every text attribute of `instance` named in `names`, in place, before validation."""
    for name in names:
        value = getattr(instance, name, None)
        if isinstance(value, str):
            setattr(instance, name, clean(value))
