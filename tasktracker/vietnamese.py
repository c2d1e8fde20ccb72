"""Helpers for Vietnamese text: folding diacritics so that search and matching ignore them."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case `text`, strip its diacritics (đ → d) and collapse white space.

    `Tiêu thoát  NƯỚC` and `tieu thoat nuoc` fold to the same string, as do the old and new
    placements of tone marks (`Hòa`/`Hoà`), so one comparison serves search and agency matching.
    """
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().lower()
