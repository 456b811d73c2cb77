"""Limits on what the reader accepts, so a broken or hostile file is refused in a second
instead of filling the memory of the case manager's PC.

Each limit is far above a district's real caseload (50,000 cases: 290 MB of CSV, under 100 MB as
a workbook) and is named in the German message that refuses a file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_CSV_BYTES = 1024 * 2**20  # one CSV file
MAX_LINE_BYTES = 1_000_000  # one physical line of a CSV file
MAX_COLUMNS = 500  # columns of one table (the widest has 16; exports carry extras)
MAX_WORKBOOK_BYTES = 200 * 2**20  # the .xlsx file as stored
MAX_UNPACKED_BYTES = 1024 * 2**20  # all members of the .xlsx unpacked
MAX_RATIO = 100  # unpacked / packed size of one member (real sheets: 5–30)
RATIO_FROM_BYTES = 10 * 2**20  # the ratio is judged only for members larger than this
MAX_MEMBERS = 10_000


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB".replace(",", ".")


def overlong_line(data: bytes, limit: int = MAX_LINE_BYTES) -> tuple[int, int] | None:
    """Length and 1-based number of the first physical line longer than `limit` bytes, or
    None; it jumps a window of `limit` bytes at a time, so a normal file costs a few calls."""
    start = 0
    while len(data) - start > limit:
        last = data.rfind(b"\n", start, start + limit + 1)
        if last < 0:
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            return end - start, data.count(b"\n", 0, start) + 1
        start = last + 1
    return None


def workbook_problem(file: Path) -> str | None:
    """Why a workbook is refused before it is unpacked, judged from the zip's directory only
    (a zip bomb of a few MB unpacks to gigabytes), or None when it is within the limits."""
    size = file.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        return (f"Arbeitsmappe ist {megabytes(size)} groß; Grenze: "
                f"{megabytes(MAX_WORKBOOK_BYTES)} je .xlsx-Datei.")
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl reports a damaged or foreign file in its own words
    if len(members) > MAX_MEMBERS:
        return (f"Arbeitsmappe enthält {len(members)} Teile; Grenze: {MAX_MEMBERS} "
                "(keine gewöhnliche Excel-Datei).")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"Arbeitsmappe ist entpackt {megabytes(unpacked)} groß; Grenze: "
                f"{megabytes(MAX_UNPACKED_BYTES)} entpackt (Schutz vor Zip-Bomben).")
    for member in members:
        if member.file_size > RATIO_FROM_BYTES and \
                member.file_size > MAX_RATIO * max(member.compress_size, 1):
            ratio = member.file_size // max(member.compress_size, 1)
            return (f"Teil „{member.filename}“ der Arbeitsmappe ist {ratio}-fach gepackt; "
                    f"Grenze: {MAX_RATIO}-fach (Schutz vor Zip-Bomben).")
    return None
