"""Reads a raw caseload (folder of CSVs or one .xlsx) as it comes from Excel or a
case-management export, into cells of text with the row numbers the user sees in Excel.

Typing and checking happen in `validation`; this module finds the tables, refuses what is
beyond the limits (`limits`) or not decodable without guessing (`encoding`), parses CSV with
pandas' C parser and maps the headers, reporting what it cannot read instead of stopping at the
first problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kimtools.caseload import limits
from kimtools.caseload.encoding import decode_file, likely_encoding
from kimtools.caseload.problems import ERROR, WARNING, Problem, column_letter
from kimtools.caseload.schema import TABLES, header_lookup, normalise_key, table_lookup

ROW_COLUMN = "_row"  # Excel row number of each record, kept beside the cells


@dataclass
class RawTable:
    """The cells of one table as text, canonical column names, plus where they came from."""

    name: str
    display: str  # file name (and sheet) as shown in messages
    cells: pd.DataFrame  # canonical columns (object dtype, "" = empty) and ROW_COLUMN
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)  # column → (header, letter)

    def place(self, column: str) -> tuple[str, str | None]:
        """The header as the user wrote it and its Excel column letter."""
        return self.headers.get(column, (column, None))


def read_raw(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """All tables of a caseload as text, with every problem met while reading."""
    if not path.exists():
        return {}, [Problem(ERROR, str(path), None, None, None,
                            "Pfad nicht gefunden; erwartet: ein Ordner mit fünf CSV-Dateien "
                            "oder eine .xlsx-Arbeitsmappe.")]
    if path.is_dir():
        return _read_folder(path)
    if path.name.startswith("~$"):
        return {}, [Problem(ERROR, path.name, None, None, None,
                            "Excel-Sperrdatei, keine Tabelle (Excel legt sie an, solange die "
                            f"Mappe geöffnet ist); erwartet: die Arbeitsmappe selbst, "
                            f"„{path.name[2:]}“.")]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    return {}, [Problem(ERROR, path.name, None, None, None,
                        "Unbekanntes Dateiformat; erwartet: ein Ordner mit CSV-Dateien "
                        "oder eine .xlsx-Arbeitsmappe.")]


def _missing_table(display: str, name: str, what: str) -> Problem:
    table = TABLES[name]
    return Problem(ERROR, display, None, None, None,
                   f"{what} „{name}“ ({table.label}) fehlt; erwartet werden die Tabellen "
                   + ", ".join(TABLES) + ".")


def _read_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    names = table_lookup()
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in (".csv", ".txt") or not file.is_file():
            continue
        if file.name.startswith("~$"):
            problems.append(Problem(WARNING, file.name, None, None, None,
                                    "Excel-Sperrdatei (die Tabelle ist gerade in Excel "
                                    "geöffnet), wird nicht gelesen; ungespeicherte Änderungen "
                                    "in Excel fehlen im geprüften Bestand."))
            continue
        table = names.get(normalise_key(file.stem))
        if table is None:
            continue
        if table in found:
            problems.append(Problem(ERROR, file.name, None, None, None,
                                    f"Tabelle „{table}“ ist doppelt vorhanden "
                                    f"(auch in {found[table].name}); erwartet: eine Datei je "
                                    "Tabelle."))
            continue
        found[table] = file
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        if name not in found:
            problems.append(_missing_table(f"{folder.name}/{name}.csv", name, "Datei"))
            continue
        raw, file_problems = _read_csv(name, found[name])
        problems += file_problems
        if raw is not None:
            tables[name] = raw
    return tables, problems


def _delimiter(text: str) -> str:
    """Semicolon (German Excel) or comma, judged by the header line outside quotes."""
    first = text.split("\n", 1)[0]
    outside, quoted = [], False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    line = "".join(outside)
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(name: str, file: Path) -> tuple[RawTable | None, list[Problem]]:
    """One CSV file as a raw table: limits first, then strict decoding, then pandas' C parser;
    the Python csv module only when a row has more fields than the header, to name it."""
    def refuse(message: str, row: int | None = None, column: str | None = None,
               letter: str | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(ERROR, file.name, row, column, None, message, letter)]

    try:
        size = file.stat().st_size
        if size > limits.MAX_CSV_BYTES:
            return refuse(f"Datei ist {limits.megabytes(size)} groß; Grenze: "
                          f"{limits.megabytes(limits.MAX_CSV_BYTES)} je CSV-Datei.")
        data = file.read_bytes()
    except OSError as exc:
        return refuse(f"Datei nicht lesbar ({exc.strerror}).")
    decoded = likely_encoding(data)
    if decoded.encoding is None:
        return refuse(decoded.message, decoded.row)
    overlong = limits.overlong_line(data)
    if overlong is not None:
        longest, line_number = overlong
        return refuse(f"Zeile {line_number} der Datei ist {longest:,} Bytes lang; Grenze: "
                      f"{limits.MAX_LINE_BYTES:,} Bytes je Zeile.".replace(",", "."))
    head = data[:limits.MAX_LINE_BYTES + 1].decode(decoded.encoding, errors="replace")
    head = head.split("\n", 1)[0]
    delimiter = _delimiter(head)
    width = next(csv.reader([head], delimiter=delimiter), [])
    if len(width) > limits.MAX_COLUMNS:
        return refuse(f"Kopfzeile hat {len(width):,} Spalten; Grenze: {limits.MAX_COLUMNS} "
                      "Spalten je Tabelle.".replace(",", "."), 1)

    def parse(encoding: str) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, dtype=object,
                           na_filter=False, skip_blank_lines=False, encoding=encoding,
                           encoding_errors="strict", engine="c")

    frame = None
    try:
        try:
            frame = parse(decoded.encoding)
        except (UnicodeDecodeError, pd.errors.ParserError):
            decoded = decode_file(data)  # the whole file judged, its first bad byte located
            if decoded.encoding is None:
                header, letter = _header_at(data, decoded.field)
                return refuse(decoded.message, decoded.row, header, letter)
            frame = parse(decoded.encoding)
    except pd.errors.EmptyDataError:
        return _to_raw_table(name, file.name, [])
    except pd.errors.ParserError:
        frame = None
    if frame is not None:
        data = None  # the raw bytes are not needed beside the parsed cells (memory ≤ 3x)
        return _frame_to_raw(name, file.name, frame)
    text = data.decode(decoded.encoding)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return refuse(f"CSV-Struktur nicht lesbar ({exc}); erwartet: Trennzeichen "
                      "Semikolon oder Komma, Text in Anführungszeichen.")
    return _to_raw_table(name, file.name, rows)


def _header_at(data: bytes, field: int | None) -> tuple[str | None, str | None]:
    """The header title and column letter of a field, read from the file's first line."""
    if field is None:
        return None, None
    first = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip("\r")
    titles = next(csv.reader([first], delimiter=_delimiter(first)), [])
    title = titles[field].strip() if field < len(titles) else None
    return title or None, column_letter(field)


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would carry."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_workbook(file: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    from openpyxl import load_workbook

    try:
        refused = limits.workbook_problem(file)
    except OSError as exc:
        refused = f"Arbeitsmappe nicht lesbar ({exc.strerror})."
    if refused:
        return {}, [Problem(ERROR, file.name, None, None, None, refused)]
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        return {}, [Problem(ERROR, file.name, None, None, None,
                            f"Arbeitsmappe nicht lesbar ({type(exc).__name__}); erwartet: "
                            "eine .xlsx-Datei aus Excel oder LibreOffice.")]
    names = table_lookup()
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    formulas: bool | None = None
    try:
        for sheet in workbook.worksheets:
            table = names.get(normalise_key(sheet.title))
            display = f"{file.name}, Blatt „{sheet.title}“"
            if table is None:
                continue
            if table in seen:
                problems.append(Problem(ERROR, display, None, None, None,
                                        f"Tabelle „{table}“ ist doppelt vorhanden (auch Blatt "
                                        f"„{seen[table]}“); erwartet: ein Blatt je Tabelle."))
                continue
            seen[table] = sheet.title
            if sheet.max_column and sheet.max_column > limits.MAX_COLUMNS:
                problems.append(Problem(ERROR, display, 1, None, None,
                                        f"Blatt hat {sheet.max_column} Spalten; Grenze: "
                                        f"{limits.MAX_COLUMNS} Spalten je Tabelle."))
                continue
            first = next(sheet.iter_rows(values_only=True, max_row=1), ())
            if len(first) > limits.MAX_COLUMNS:
                problems.append(Problem(ERROR, display, 1, None, None,
                                        f"Kopfzeile hat {len(first)} Spalten; Grenze: "
                                        f"{limits.MAX_COLUMNS} Spalten je Tabelle."))
                continue
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            if formulas is None:
                formulas = _has_formulas(file)  # once per workbook, and only if it has tables
            if formulas:
                problems += _formulas_without_values(file, sheet.title, display, rows)
            raw, header_problems = _to_raw_table(table, display, rows)
            problems += header_problems
            if raw is not None:
                tables[table] = raw
    finally:
        workbook.close()
    for name in TABLES:
        if name not in seen:
            problems.append(_missing_table(f"{file.name}, Blatt „{name}“", name, "Blatt"))
    return tables, problems


def _map_header(name: str, display: str, header: list[str]
                ) -> tuple[dict[str, int], dict[str, tuple[str, str]], list[Problem]]:
    """Canonical column → field index, the user's header and letter, and header problems."""
    table = TABLES[name]
    lookup = header_lookup(table)
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    headers: dict[str, tuple[str, str]] = {}
    for index, title in enumerate(header):
        title = title.strip()
        if not title:
            continue
        canonical = lookup.get(normalise_key(title))
        letter = column_letter(index)
        if canonical is None:
            problems.append(Problem(WARNING, display, 1, title, None,
                                    "Unbekannte Spalte, wird nicht gelesen; erwartet: "
                                    + ", ".join(table.column_names) + ".", letter))
        elif canonical in positions:
            first_title, first_letter = headers[canonical]
            problems.append(Problem(ERROR, display, 1, title, None,
                                    f"Spalte doppelt: meint dasselbe wie Spalte {first_letter} "
                                    f"„{first_title}“ ({canonical}).", letter))
        else:
            positions[canonical] = index
            headers[canonical] = (title, letter)
    for column in table.columns:
        if column.required and column.name not in positions:
            problems.append(Problem(ERROR, display, 1, column.name, None,
                                    f"Pflichtspalte fehlt ({column.label}); erwartet eine Spalte "
                                    f"„{column.name}“ oder „{column.label}“."))
    return positions, headers, problems


def _no_header(name: str, display: str) -> tuple[None, list[Problem]]:
    return None, [Problem(ERROR, display, 1, None, None,
                          "Kopfzeile fehlt; erwartet in Zeile 1 die Spalten "
                          + ", ".join(TABLES[name].column_names) + ".")]


def _complete(name: str, cells: pd.DataFrame, rows) -> pd.DataFrame:
    """Absent optional columns as empty cells, canonical order, Excel row numbers beside."""
    table = TABLES[name]
    for column in table.columns:
        if column.name not in cells.columns:
            cells[column.name] = ""
    cells = cells[table.column_names]
    cells[ROW_COLUMN] = rows
    return cells


def _frame_to_raw(name: str, display: str, frame: pd.DataFrame
                  ) -> tuple[RawTable | None, list[Problem]]:
    """A table parsed by pandas with the header as its first row (index 0 = Excel row 1)."""
    if frame.empty or not any(str(cell).strip() for cell in frame.iloc[0]):
        return _no_header(name, display)
    header = [str(cell) for cell in frame.iloc[0]]
    positions, headers, problems = _map_header(name, display, header)
    values = frame.to_numpy()[1:]
    blank = (values == "").all(axis=1)  # Excel leaves empty lines; they hold nothing
    id_position = positions.get(TABLES[name].id_column)
    if id_position is not None:  # a row of spaces only: its id cell is blank too
        for index in np.flatnonzero(~blank & np.array([not str(c).strip() for c in
                                                      values[:, id_position]], dtype=bool)):
            blank[index] = all(not str(c).strip() for c in values[index])
    del values
    keep = np.flatnonzero(~blank) + 1  # positions in the frame = Excel row - 1
    cells = frame.iloc[keep, list(positions.values())].reset_index(drop=True)
    cells.columns = list(positions)
    cells = _complete(name, cells, keep + 1)
    return RawTable(name, display, cells, headers), problems


def _has_formulas(file: Path) -> bool:
    """Whether any sheet holds a formula, judged from the sheets' XML (within the limits)."""
    import zipfile

    with zipfile.ZipFile(file) as archive:
        for member in archive.infolist():
            if not member.filename.startswith("xl/worksheets/"):
                continue
            with archive.open(member) as stream:
                tail = b""
                while chunk := stream.read(2**20):
                    if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                        return True
                    tail = chunk[-3:]
    return False


def _formulas_without_values(file: Path, title: str, display: str, rows: list[list[str]]
                             ) -> list[Problem]:
    """Formula cells that carry no stored result (a file written by a program, never saved in
    Excel): their value is unknown, not empty, so each is reported instead of read as empty."""
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=False)
    problems: list[Problem] = []
    try:
        header = rows[0] if rows else []
        for r, row in enumerate(workbook[title].iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if not (isinstance(value, str) and value.startswith("=")):
                    continue
                if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                    problems.append(Problem(
                        ERROR, display, r + 1, header[c].strip() if c < len(header) else None,
                        value, "Formel ohne gespeicherten Wert; erwartet: die Mappe in Excel "
                        "öffnen und speichern (dann steht das Ergebnis darin) oder den Wert "
                        "selbst eintragen.", column_letter(c)))
    finally:
        workbook.close()
    return problems


def _to_raw_table(name: str, display: str, rows: list[list[str]]
                  ) -> tuple[RawTable | None, list[Problem]]:
    """Rows as the csv module or a workbook gives them: header mapped, each record's Excel row
    number kept, a row with more filled fields than the header named."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        return _no_header(name, display)
    header = rows[0]
    positions, headers, problems = _map_header(name, display, header)
    width = len(header)
    records: list[list[str]] = []
    row_numbers: list[int] = []
    for offset, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            problems.append(Problem(ERROR, display, offset, None, None,
                                    f"Zeile hat {len(row)} Felder, die Kopfzeile nur {width}; "
                                    "erwartet: gleich viele Felder (Trennzeichen im Text in "
                                    "Anführungszeichen setzen)."))
            continue
        records.append([row[i] if i < len(row) else "" for i in positions.values()])
        row_numbers.append(offset)
    cells = pd.DataFrame(records, columns=list(positions), dtype=object)
    return RawTable(name, display, _complete(name, cells, row_numbers), headers), problems
