"""The annual report from both sides in one call, for `kimtools jahresbericht` and the notebook.

Like the command line, this spans the boundary on purpose: the caseload is counted and
suppressed by the privacy stage (kimtools.privacy.yearfigures), the register by
kimtools.annual, and only suppressed tables reach the writer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kimtools.annual import ReportError, register_tables, write_report
from kimtools.annual.report import Section
from kimtools.suppression import Table


class InputError(ReportError):
    """Bad input, with every problem of a caseload (file, row, column) as German lines."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


def caseload_section(path: str | os.PathLike, year: int) -> Section:
    from kimtools.caseload import CaseloadError, read_caseload
    from kimtools.privacy.yearfigures import ReportLeak, caseload_tables

    try:
        caseload = read_caseload(path)
    except CaseloadError as exc:
        raise InputError(f"{exc} Bitte zuerst mit „kimtools check“ prüfen.",
                         [str(p) for p in exc.problems]) from exc
    try:
        tables = caseload_tables(caseload, year)
    except ReportLeak as exc:
        raise InputError(str(exc), exc.leaks) from exc
    return Section("Fallarbeit",
                   "Aus dem Fallbestand des Trägers; nur Summen, keine Einzelfälle.", tables)


def register_section(path: str | os.PathLike, year: int) -> tuple[Section, str | None]:
    """The register's part and the register's warning (e.g. a wide file mode), if any."""
    from kimtools.findings import RegisterError, open_register

    path = Path(path)
    if not path.is_file():
        raise InputError(f"Befundregister „{path}“ nicht gefunden.")
    try:
        with open_register(path, read_only=True) as register:
            tables: list[Table] = register_tables(register, year)
            warning = register.warning
    except RegisterError as exc:
        raise InputError(str(exc)) from exc
    return Section("Planungskonferenzen und strukturelle Befunde",
                   "Aus dem Befundregister der Koordinierungsstelle.", tables), warning


@dataclass
class Report:
    paths: tuple[Path, Path]  # .docx, .xlsx
    sections: list[Section]
    warnings: list[str]


def make_report(year: int, out: str | os.PathLike, caseload: str | os.PathLike | None = None,
                db: str | os.PathLike | None = None) -> Report:
    """Write the report (DOCX and XLSX). Raises ReportError with a German message and then
    writes nothing."""
    if not caseload and not db:
        raise InputError("Bitte --caseload (Fallbestand) und/oder --db (Befundregister) "
                         "angeben.")
    if not 1900 <= year <= 9999:
        raise InputError(f"Berichtsjahr {year} ungültig; erwartet: vierstellige Jahreszahl.")
    sections, warnings = [], []
    if caseload:
        sections.append(caseload_section(caseload, year))
    if db:
        section, warning = register_section(db, year)
        sections.append(section)
        warnings += [warning] if warning else []
    return Report(write_report(sections, year, out), sections, warnings)
