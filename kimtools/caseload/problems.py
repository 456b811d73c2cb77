"""Problems found in a caseload, worded for the case manager who has to fix the file in Excel."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

_SEVERITY_LABEL = {ERROR: "Fehler", WARNING: "Warnung"}


def column_letter(index: int) -> str:
    """Excel's column letter for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One problem at one place: file, row as Excel counts it (header = 1), column as headed."""

    severity: str
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    column_letter: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def place(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"Zeile {self.row}")
        if self.column is not None:
            letter = f"{self.column_letter} " if self.column_letter else ""
            parts.append(f"Spalte {letter}„{self.column}“")
        return ", ".join(parts)

    def __str__(self) -> str:
        value = f" Wert „{self.value}“:" if self.value not in (None, "") else ""
        return f"{_SEVERITY_LABEL[self.severity]}: {self.place()}:{value} {self.message}"


class CaseloadError(Exception):
    """The caseload cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.is_error for p in problems)
        super().__init__(f"Der Fallbestand enthält {errors} Fehler.")
