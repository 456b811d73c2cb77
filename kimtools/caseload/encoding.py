"""Strict decoding of one CSV file: UTF-8, or Windows-1252 only when the whole file fits it.

A file that is UTF-8 except for a few bytes (a Windows-1252 byte appended, a truncated
character) is refused at its first bad byte, never re-read as Windows-1252: a silent re-read
garbles every name with an umlaut, and the scrubber would then look for the garbled names.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

ENCODING_ERROR = "ungültige Zeichenkodierung"
SAVE_AS = ("In Excel „Speichern unter → CSV UTF-8 (durch Trennzeichen getrennt)“ wählen "
           "und die Datei neu speichern.")

# A valid UTF-8 sequence of two or more bytes. Code points U+0700–U+07FF (Syriac, Thaana,
# N'Ko) are left out: in a Windows-1252 file "ß“" or "Ü–" form such a pair by accident.
_UTF8_MULTI = re.compile(rb"[\xc2-\xdb][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                         rb"|[\xf0-\xf4][\x80-\xbf]{3}")

# Non-ASCII characters that German (and the names of a KIM caseload) bring in Windows-1252.
_TYPICAL = set(
    "äöüÄÖÜß"
    "àáâãåæçèéêëìíîïñòóôõøùúûýÿÀÁÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕØÙÚÛÝšžŠŽœŒ"
    "€„“”‚‘’–—…•·§°²³µ½¼¾«»×±\u00a0®©™´`¡¿£"
)
_PUNCTUATION = set("€„“”‚‘’–—…•·§°²³µ½¼¾«»×±®©™´¡¿£")


@dataclass(frozen=True)
class Decoded:
    """The file's encoding, or why it cannot be read and where."""

    encoding: str | None
    message: str | None = None
    row: int | None = None  # Excel row of the first bad byte (header = 1)
    field: int | None = None  # 0-based field index in that row


def locate(text: str, delimiter: str) -> tuple[int, int]:
    """Excel row and 0-based field of the position just after `text` (a prefix of the file)."""
    rows = list(csv.reader(io.StringIO(text + "x", newline=""), delimiter=delimiter,
                           strict=False))
    if not rows:
        return 1, 0
    return len(rows), max(len(rows[-1]) - 1, 0)


def _delimiter_of(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _nul_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, judged by where the zero bytes fall."""
    sample = data[:4096]
    if b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if sample[2::4].count(0) > len(sample) // 8 and sample[1::4].count(0) > len(sample) // 8:
        return "UTF-32"
    if odd > even * 4:
        return "UTF-16 (Little Endian)"
    if even > odd * 4:
        return "UTF-16 (Big Endian)"
    return "binär (keine Textdatei)"


def likely_encoding(data: bytes) -> Decoded:
    """UTF-16/32 refused from the first bytes, else UTF-8 as the guess to parse with; the
    parser decodes strictly, and only when it meets a bad byte does `decode_file` judge the
    whole file (so a valid UTF-8 file is decoded once, by the parser)."""
    refused = _wide(data)
    if refused is not None:
        return refused
    return Decoded("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")


def _wide(data: bytes) -> Decoded | None:
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                      (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            return Decoded(None, f"{ENCODING_ERROR}: die Datei ist in {name} gespeichert "
                                 f"(Excel: „Unicode-Text“); erwartet: UTF-8 oder "
                                 f"Windows-1252. {SAVE_AS}", 1)
    guess = _nul_encoding(data)
    if guess is not None:
        return Decoded(None, f"{ENCODING_ERROR}: die Datei enthält Nullbytes, vermutlich "
                             f"{guess}; erwartet: UTF-8 oder Windows-1252. {SAVE_AS}", 1)
    return None


def decode_file(data: bytes) -> Decoded:
    """The encoding that reads the whole file as its author wrote it, or a refusal."""
    refused = _wide(data)
    if refused is not None:
        return refused
    try:
        data.decode("utf-8")
        return Decoded("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if data.startswith(b"\xef\xbb\xbf") or _UTF8_MULTI.search(data):
        return _bad_utf8(data, first_bad)
    return _windows_1252(data)


def _bad_utf8(data: bytes, position: int) -> Decoded:
    prefix = data[:position].decode("utf-8-sig")
    row, field = locate(prefix, _delimiter_of(prefix))
    truncated = position >= len(data) - 3 and data[position] >= 0xC2
    why = ("ein abgeschnittenes Zeichen am Dateiende" if truncated
           else "vermutlich ein Zeichen in Windows-1252 mitten in einer UTF-8-Datei")
    return Decoded(None, f"{ENCODING_ERROR}: Byte {data[position]:#04x} ist kein gültiges "
                         f"UTF-8 ({why}); die übrige Datei ist UTF-8. Die Datei wird nicht "
                         f"anders gelesen, weil sonst Namen verfälscht würden. {SAVE_AS}",
                   row, field)


def _windows_1252(data: bytes) -> Decoded:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        prefix = data[:exc.start].decode("cp1252")
        row, field = locate(prefix, _delimiter_of(prefix))
        return Decoded(None, f"{ENCODING_ERROR}: Byte {data[exc.start]:#04x} kommt weder in "
                             "UTF-8 noch in Windows-1252 vor (vermutlich eine DOS-Codepage wie "
                             f"850 oder eine Mac-Kodierung). {SAVE_AS}", row, field)
    odd = _atypical(text)
    if odd is not None:
        row, field = locate(text[:odd], _delimiter_of(text))
        return Decoded(None, f"{ENCODING_ERROR}: als Windows-1252 gelesen ergibt die Datei "
                             f"„{text[max(odd - 8, 0):odd + 8].strip()}“, keinen üblichen "
                             "deutschen Text; vermutlich eine andere Kodierung (z. B. "
                             "kyrillisch Windows-1251, DOS-Codepage 850 oder Mac Roman). "
                             f"{SAVE_AS}", row, field)
    return Decoded("cp1252")


def _atypical(text: str) -> int | None:
    """Position of the first character that German text in Windows-1252 would not hold:
    a rare symbol, three non-ASCII letters in a row, or a quote mark inside a word."""
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        run = match.group()
        start = match.start()
        for offset, char in enumerate(run):
            if char not in _TYPICAL:
                return start + offset
        letters = [c for c in run if c not in _PUNCTUATION]
        if len(letters) >= 3:
            return start
        if len(run) == 1 and run in _PUNCTUATION and run not in "´`":
            before = text[start - 1] if start else " "
            after = text[start + 1] if start + 1 < len(text) else " "
            if before.isalpha() and after.isalpha():
                return start
    for match in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return match.start()
    return None
