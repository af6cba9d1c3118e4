"""The id a name or a file name gives: ASCII letters and digits, lowercase, single hyphens.

Accents are taken off (Unicode NFKD, then the combining marks left out), so 'Zélensky'
gives 'zelensky' and 'Kyiv–Odesa' 'kyiv-odesa'. A script with no Latin letters in it
(Khmer, Cyrillic) gives nothing: its id is for a person to choose.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ID = re.compile(r"[^a-z0-9]+")


def ascii_id(text: str) -> str:
    """The id `text` spells in ASCII, or '' if it spells none."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NOT_ID.sub("-", ascii_text.lower()).strip("-")
