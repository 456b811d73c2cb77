"""`kimtools jahresbericht`: the figures of a synthetic year, counted again here from the raw
CSV files and the register records, and the suppression checked cell by cell and line by line."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter, defaultdict
from pathlib import Path

import docx
import openpyxl
import pytest
from clock import REFERENCE_DAY, on_day
from typer.testing import CliRunner

from kimtools.annual.report import Section, write_report
from kimtools.cli import app
from kimtools.suppression import HIDDEN, LOCKED, Table, suppress_grid

YEAR = REFERENCE_DAY.year
runner = CliRunner()

KINDS = {"consultation": "Beratung", "phone": "Telefonat", "accompaniment": "Begleitung",
         "application": "Antrag", "decision": "Bescheid", "referral": "Vermittlung",
         "other": "Sonstiges"}


# -- the independent checks ------------------------------------------------------------------

def agrees(shown: object, true: int) -> bool:
    """A shown cell against the true count: exact when shown, 1–2 behind "< 3"."""
    if shown == HIDDEN:
        return 1 <= true <= 2
    if shown == LOCKED:
        return True
    return int(shown) == true and not 0 < true < 3


def line_reveals(cells: list[object], total: object) -> bool:
    """Whether the sum of a row or column gives back a hidden cell: for each "< 3" cell, both
    1 and 2 must fit the shown cells and the total, with the others as open as they are."""
    known = sum(c for c in cells if isinstance(c, int))
    others_locked = [c for c in cells if c == LOCKED]
    hidden = cells.count(HIDDEN)
    if not hidden or total == LOCKED:
        return False
    low = hidden - 1
    high = float("inf") if others_locked else 2 * (hidden - 1)
    return not all(low <= total - known - value <= high for value in (1, 2))


def check_suppressed(header: list, rows: list[list], truth: dict[tuple[str, str], int]) -> None:
    """Every cell agrees with the truth, and no row or column (with its Gesamt) reveals one."""
    for row in rows:
        for column, cell in zip(header[1:], row[1:], strict=True):
            assert agrees(cell, truth.get((row[0], column), 0)), (row[0], column, cell)
    body = [row[1:] for row in rows]
    if header[-1] == "Gesamt":
        for row in body:
            assert not line_reveals(row[:-1], row[-1]), row
    if rows and rows[-1][0] == "Gesamt":
        for j in range(len(body[0])):
            column = [row[j] for row in body]
            assert not line_reveals(column[:-1], column[-1]), (header[j + 1], column)


def with_totals(truth: dict[tuple[str, str], int], rows: bool = True) -> dict:
    out = defaultdict(int, truth)
    for (row, column), value in truth.items():
        out[("Gesamt", column)] += value
        if rows:
            out[(row, "Gesamt")] += value
            out[("Gesamt", "Gesamt")] += value
    return out


def test_suppression_of_random_tables_reveals_nothing_and_hides_every_small_count():
    rng = random.Random(15)
    for _ in range(300):
        rows, columns = rng.randint(1, 5), rng.randint(1, 5)
        counts = [[rng.choice([0, 0, 1, 2, 3, 4, 7, 12]) for _ in range(columns)]
                  for _ in range(rows)]
        several = columns > 1
        cells = suppress_grid(counts, row_totals=several, column_totals=True)
        header = ["", *map(str, range(columns))] + (["Gesamt"] if several else [])
        names = [str(i) for i in range(rows)] + ["Gesamt"]
        shown = [[name, *(int(c) if c.isdigit() else c for c in row)]
                 for name, row in zip(names, cells, strict=True)]
        truth = {(str(i), str(j)): v for i, row in enumerate(counts) for j, v in enumerate(row)}
        check_suppressed(header, shown, with_totals(truth, rows=several))


def test_a_lone_small_cell_takes_a_neighbour_with_it():
    assert suppress_grid([[5], [2], [9]], row_totals=False, column_totals=True) == \
        [["x"], ["< 3"], ["9"], ["16"]]
    assert suppress_grid([[0], [4]], row_totals=False, column_totals=True) == [["0"], ["4"],
                                                                               ["4"]]


# -- a synthetic year through the command ----------------------------------------------------

def read_csv(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def in_year(text: str) -> bool:
    return bool(text) and day(text).year == YEAR


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    from synthetic import write_synthetic_caseload
    from synthetic.register import write_demo_register

    folder = tmp_path_factory.mktemp("jahr")
    with on_day(REFERENCE_DAY):
        caseload = write_synthetic_caseload(folder / "caseload", cases=260, seed=4,
                                            as_of=REFERENCE_DAY)
        db = write_demo_register(folder / "befunde.sqlite", REFERENCE_DAY, seed=3)
        result = runner.invoke(app, ["jahresbericht", "--jahr", str(YEAR), "--caseload",
                                     str(caseload), "--db", str(db), "--out",
                                     str(folder / "bericht")])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(folder / "bericht.xlsx")
    sheets = {}
    for sheet in workbook.worksheets[1:]:
        values = [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
        table = []
        for row in values:
            if all(v is None for v in row):
                break
            table.append(row)
        sheets[sheet["A1"].value] = table
    return folder, caseload, db, sheets


def test_caseload_figures_match_a_count_from_the_raw_files(year):
    _, caseload, _, sheets = year
    events = [e for e in read_csv(caseload, "events") if in_year(e["date"])]
    kinds = sheets["Beratungen und weitere Kontakte nach Art"]
    truth = {(KINDS[k], "Kontakte"): n for k, n in Counter(e["kind"] for e in events).items()}
    check_suppressed(kinds[0], kinds[1:], with_totals(truth, rows=False))
    assert kinds[-1] == ["Gesamt", len(events)]

    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    truth = Counter()
    for case in read_csv(caseload, "cases"):
        opened, closed = day(case["opened_on"]), day(case["closed_on"])
        if opened > end or (closed and closed < start):
            continue
        row = f"{YEAR} neu aufgenommen" if opened >= start else "aus dem Vorjahr übernommen"
        column = f"{YEAR} abgeschlossen" if closed and closed <= end else \
            "am Jahresende weiter begleitet"
        truth[(row, column)] += 1
    clients = sheets["Begleitete Klient:innen"]
    check_suppressed(clients[0], clients[1:], with_totals(truth))
    assert clients[-1][-1] == sum(truth.values())

    fields = defaultdict(set)
    for e in events:
        if e["field"]:
            fields[e["field"]].add(e["case_id"])
    topics = sheets["Hauptthemen: Handlungsfelder"]
    from kimtools.codes import FIELDS
    truth = {(FIELDS[f], "Klient:innen"): len(ids) for f, ids in fields.items()}
    check_suppressed(topics[0], topics[1:], truth)
    assert sorted(r[0] for r in topics[1:]) == sorted(FIELDS[f] for f in fields)
    shown = [r[1] for r in topics[1:] if isinstance(r[1], int)]
    assert shown == sorted(shown, reverse=True)


def test_obstacle_figures_match_a_count_from_the_raw_files(year):
    _, caseload, _, sheets = year
    from kimtools.codes import OBSTACLE_CATEGORIES

    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    rows = [o for o in read_csv(caseload, "obstacles")
            if day(o["since"]) <= end and not (o["resolved_on"] and
                                               day(o["resolved_on"]) < start)]
    sizes = Counter(o["institution"] or "(ohne Angabe)" for o in rows)
    truth = Counter()
    waits = defaultdict(list)
    for o in rows:
        name = o["institution"] or "(ohne Angabe)"
        if name != "(ohne Angabe)" and sizes[name] < 5:
            name = "weitere Institutionen (je unter 5 Hürden)"
        truth[(name, OBSTACLE_CATEGORIES[o["category"]])] += 1
        if o["category"] == "waiting_time":
            until = min(day(o["resolved_on"]) or end, end)
            waits[name].append((until - day(o["since"])).days)
    table = sheets["Hürden nach Institution und Kategorie"]
    check_suppressed(table[0], table[1:], with_totals(truth))
    assert table[-1][-1] == len(rows)

    import statistics
    for name, count_cell, median_cell in sheets["Wartezeiten nach Institution"][1:]:
        assert agrees(count_cell, len(waits[name]))
        if len(waits[name]) < 3:
            assert median_cell == HIDDEN
        else:
            expected = statistics.median(waits[name])
            assert float(str(median_cell).replace(",", ".")) == expected


def test_register_figures_match_the_records(year):
    _, _, db, sheets = year
    from kimtools.findings import LEVELS, open_register

    with open_register(db, read_only=True) as register:
        conferences = {c.id: c for c in register.conferences()}
        findings = register.findings()
    held = [c for c in conferences.values() if c.date.year == YEAR]
    raised = [f for f in findings if conferences[f.conference_id].date.year == YEAR]
    key = dict((row[0], row[1]) for row in sheets["Kennzahlen der Koordinierungsstelle"][1:])
    assert agrees(key["Planungskonferenzen"], len(held))
    assert agrees(key["Fallvorstellungen"], sum(len(c.cases) for c in held))
    assert agrees(key["Befunde erhoben"], len(raised))
    assert len(held) >= 3 and len(raised) >= 9
    truth = Counter((LEVELS[f.level], f.status) for f in raised)
    table = sheets["Befunde nach Ebene und Status"]
    check_suppressed(table[0], table[1:], with_totals(truth))

    with open_register(db, read_only=True) as register:
        history = register.history()
    done_on = {}
    for entry in history:
        if entry.field == "status" and entry.new == "umgesetzt":
            done_on[entry.finding_id] = dt.date.fromisoformat(entry.at[:10])
    days = {f.id: (done_on[f.id] - conferences[f.conference_id].date).days for f in findings
            if f.status == "umgesetzt" and done_on[f.id].year == YEAR}
    assert days, "the synthetic year has findings carried through to umgesetzt"
    done = sheets["Umgesetzte Befunde nach Ebene"]
    truth = Counter((LEVELS[f.level], "umgesetzt") for f in findings if f.id in days)
    check_suppressed(done[0][:2], [row[:2] for row in done[1:]], with_totals(truth, rows=False))
    import statistics
    median = done[-1][2]
    assert len(days) >= 3  # seed 3: five findings carried through in the year
    assert float(str(median).replace(",", ".")) == statistics.median(days.values())
    assert key["Median Tage bis umgesetzt"] == median
    assert agrees(key["Befunde umgesetzt"], len(days))


def test_the_document_shows_the_same_cells_and_the_charts(year):
    folder, _, _, sheets = year
    document = docx.Document(folder / "bericht.docx")
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    expected = [[["" if v is None else str(v) for v in row] for row in table]
                for table in sheets.values()]
    assert tables == expected
    assert len(document.inline_shapes) >= 2
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Jahresbericht {YEAR}" in text and "weniger als 3" in text


# -- refusals and formula safety --------------------------------------------------------------

def test_without_a_source_or_with_a_missing_register_nothing_is_written(tmp_path):
    result = runner.invoke(app, ["jahresbericht", "--jahr", "2026", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--caseload" in result.output
    result = runner.invoke(app, ["jahresbericht", "--jahr", "2026", "--db",
                                 str(tmp_path / "fehlt.sqlite"), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "nicht gefunden" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_broken_caseload_is_named_and_nothing_is_written(tmp_path):
    from synthetic import write_synthetic_caseload

    with on_day(REFERENCE_DAY):
        caseload = write_synthetic_caseload(tmp_path / "caseload", cases=20, seed=2,
                                            as_of=REFERENCE_DAY)
        path = caseload / "cases.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        first = lines[1].split(",")
        first[4] = "31.02.2024"
        lines[1] = ",".join(first)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["jahresbericht", "--jahr", "2026", "--caseload",
                                     str(caseload), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "cases" in result.output and "Zeile 2" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.docx").exists()


def test_cells_that_look_like_formulas_are_neutralised(tmp_path):
    table = Table("=Tabelle", ["Institution", "Anzahl"],
                  [["=HYPERLINK(\"http://x\")", "4"], ["+Stelle", HIDDEN]])
    docx_path, xlsx_path = write_report([Section("Teil", "-Quelle", [table])], 2026,
                                        tmp_path / "b")
    sheet = openpyxl.load_workbook(xlsx_path).worksheets[1]
    assert sheet["A1"].value == "'=Tabelle"
    assert sheet["A4"].value == "'=HYPERLINK(\"http://x\")" and sheet["B4"].value == 4
    assert sheet["A5"].value == "'+Stelle"
    assert docx_path.name == "b.docx" and xlsx_path.name == "b.xlsx"


def test_single_figures_and_medians_hide_small_groups():
    from kimtools.suppression import show_count, show_median

    assert [show_count(n) for n in (0, 1, 2, 3)] == ["0", HIDDEN, HIDDEN, "3"]
    assert show_median([]) == "–"
    assert show_median([400, 12]) == HIDDEN
    assert show_median([10, 20, 31, 41]) == "25,5"


def test_out_is_a_folder_or_a_file_stem(tmp_path):
    from kimtools.annual.report import report_paths

    assert report_paths(tmp_path, 2026) == (tmp_path / "jahresbericht_2026.docx",
                                            tmp_path / "jahresbericht_2026.xlsx")
    assert report_paths(f"{tmp_path / 'neu'}/", 2026)[0] == \
        tmp_path / "neu" / "jahresbericht_2026.docx"
    assert report_paths(tmp_path / "kreis.docx", 2026) == (tmp_path / "kreis.docx",
                                                           tmp_path / "kreis.xlsx")


def test_an_institution_named_after_a_client_stops_the_report(tmp_path):
    from synthetic import write_synthetic_caseload

    with on_day(REFERENCE_DAY):
        caseload = write_synthetic_caseload(tmp_path / "caseload", cases=40, seed=6,
                                            as_of=REFERENCE_DAY)
    family = read_csv(caseload, "persons")[0]["family_name"]
    rows = read_csv(caseload, "obstacles")
    for row in rows[:8]:
        row["institution"], row["since"], row["resolved_on"] = \
            f"Praxis {family}", f"{YEAR}-02-01", ""
    with open(caseload / "obstacles.csv", "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with on_day(REFERENCE_DAY):
        result = runner.invoke(app, ["jahresbericht", "--jahr", str(YEAR), "--caseload",
                                     str(caseload), "--out", str(tmp_path / "bericht")])
    assert result.exit_code == 2, result.output
    assert "Prüfung auf Kennungen" in result.output and f"Praxis {family}" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["caseload"]


def test_when_the_workbook_cannot_be_written_the_document_is_put_back(tmp_path):
    table = Table("Kontakte", ["Art", "Kontakte"], [["Beratung", "4"]])
    (tmp_path / "b.docx").write_bytes(b"vorher")
    (tmp_path / "b.xlsx").mkdir()
    from kimtools.annual import ReportError

    with pytest.raises(ReportError, match="Ordner dieses Namens"):
        write_report([Section("Teil", "Quelle", [table])], 2026, tmp_path / "b")
    assert (tmp_path / "b.docx").read_bytes() == b"vorher"
    (tmp_path / "b.docx").unlink()
    with pytest.raises(ReportError):
        write_report([Section("Teil", "Quelle", [table])], 2026, tmp_path / "b")
    assert not (tmp_path / "b.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx"]
