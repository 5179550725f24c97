"""Text normalisation that never breaks offsets.

The article text that offsets refer to keeps its characters (curly quotes
included, because users quote it back at us); only line ends, the BOM and
control characters are normalised, before any offset exists. NLP works on
``analysis_text``, a same-length copy with typographic quotes folded to ASCII,
so offsets into one are offsets into the other.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
        **{chr(c): " " for c in range(0x80, 0xA0)},  # C1 controls, kept in the text
    }
)
# C0 controls other than tab and newline, DEL, and bidi overrides/isolates: they carry
# no meaning for extraction, break XML serialisations downstream (C0) or can make a
# displayed sentence read otherwise than it is stored (bidi). C1 controls (U+0080-U+009F)
# are legal in every RDF syntax and usually a stray byte of a mis-encoded source: the
# text keeps them, so it stays the publisher's text, and NLP sees spaces instead
# (``analysis_text``).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


class UndecodableError(ValueError):
    """Bytes that are not text in any encoding we can detect."""


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    """Decode article bytes: a BOM decides, else UTF-8, else the detected charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    if b"\x00" in data and data.count(b"\x00") > len(data) // 100:
        raise UndecodableError("binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("not text in any detectable encoding")
    text = str(best)
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    if printable < 0.95 * len(text):
        raise UndecodableError(f"mostly unprintable after decoding as {best.encoding}")
    return text


def normalise(text: str) -> str:
    """Line ends to LF, BOM and control characters removed; done before any offset is taken."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda m: "" if m.group() == "\ufeff" else " ", text)


def analysis_text(text: str) -> str:
    """A same-length copy of ``text`` with typographic quotes and dashes folded to ASCII."""
    return text.translate(_QUOTE_FOLD)
