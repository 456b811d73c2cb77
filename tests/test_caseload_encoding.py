"""How the reader tells UTF-8, Windows-1252 and everything else apart, file by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimtools.caseload import limits
from kimtools.caseload.encoding import decode_file

GERMAN = ("case_id;note\n"
          "KIM-1;„Müßiggang“ im Büro – Straße € 5 § 25b, Frau Jörg-Núñez, Ærø, Žaneta Šmid\n"
          "KIM-2;Öffnungszeiten: 9–12 Uhr\n")


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252")])
def test_whole_files_are_read_in_their_encoding(encoding, expected):
    assert decode_file(GERMAN.encode(encoding)).encoding == expected


def test_quote_after_sharp_s_in_windows_1252_is_not_taken_for_utf8():
    """`ß“` is the byte pair DF 93, valid UTF-8 for U+07D3; it must not make the file UTF-8."""
    data = "case_id;note\nKIM-1;er sagt „Fuß“ und „Ü–Ei“\n".encode("cp1252")
    assert b"\xdf\x93" in data
    assert decode_file(data).encoding == "cp1252"


def test_stray_byte_in_utf8_is_refused_at_its_row_and_field():
    data = GERMAN.encode("utf-8") + b"KIM-3;caf\xe9\n"
    decoded = decode_file(data)
    assert decoded.encoding is None
    assert (decoded.row, decoded.field) == (4, 1)
    assert "ungültige Zeichenkodierung" in decoded.message


def test_stray_byte_inside_a_quoted_multiline_note_counts_excel_rows():
    data = ('id,note\nA,"zwei\nZeilen Gülay"\nB,"x\n'.encode() + b"\xfc" + b'"\n')
    decoded = decode_file(data)
    assert (decoded.row, decoded.field) == (3, 1)


@pytest.mark.parametrize("encoding,says", [
    ("cp1251", "Windows-1251"), ("cp1253", "Windows-1251"), ("mac_roman", "Windows-1252"),
    ("cp850", "Windows-1252")])
def test_other_single_byte_encodings_are_not_read_as_windows_1252(encoding, says):
    text = {"cp1251": "id;name\n1;Иван Петров\n", "cp1253": "id;name\n1;Γιώργος Παπάς\n",
            "mac_roman": "id;name\n1;Müller, Straße\n",
            "cp850": "id;name\n1;Jörg Hölzer\n"}[encoding]
    decoded = decode_file(text.encode(encoding))
    assert decoded.encoding is None
    assert decoded.row == 2 and decoded.field == 1
    assert says in decoded.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named(encoding):
    decoded = decode_file(GERMAN.encode(encoding))
    assert decoded.encoding is None
    assert "UTF-16" in decoded.message or "UTF-32" in decoded.message


@pytest.mark.parametrize("data,found", [
    (b"ab\nabcd\r\nx", (5, 2)), (b"abcd", (4, 1)), (b"ab\nabc\nab\nabcd", (4, 4)),
    (b"abc\nabc\nabc", None), (b"", None), (b"abc\n" * 1000, None),
    (b"abc\n" * 1000 + b"abcde\n", (5, 1001))])
def test_overlong_line(data, found):
    assert limits.overlong_line(data, limit=3) == found


def test_limits_in_the_documentation_are_the_code_s():
    docs = Path(__file__).resolve().parent.parent / "docs" / "entwicklung"
    doc = (docs / "caseload-format.md").read_text(encoding="utf-8")

    def grouped(n: int) -> str:
        return f"{n:,}"

    assert f"| size of one CSV file | {grouped(limits.MAX_CSV_BYTES // 2**20)} MB |" in doc
    assert f"CSV file | {grouped(limits.MAX_LINE_BYTES)} bytes |" in doc
    assert f"(CSV header or sheet) | {limits.MAX_COLUMNS} |" in doc
    assert f"| size of an `.xlsx` file | {limits.MAX_WORKBOOK_BYTES // 2**20} MB |" in doc
    assert f"declares them | {grouped(limits.MAX_UNPACKED_BYTES // 2**20)} MB |" in doc
    assert f"larger than {limits.RATIO_FROM_BYTES // 2**20} MB | {limits.MAX_RATIO} " in doc
    assert f"| members of an `.xlsx` | {grouped(limits.MAX_MEMBERS)} |" in doc
