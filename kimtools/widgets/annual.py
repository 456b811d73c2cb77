"""The annual report notebook (``06_jahresbericht.ipynb``): choose the year and the sources,
see the suppressed tables, write DOCX and XLSX.

A thin view over ``kimtools.jahresbericht.make_report`` (the same call as the command line).
Either source may be left empty: a provider reports its casework, the coordination office its
register. Drivable without a browser: set ``.value`` of the fields and call ``button.click()``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path

import ipywidgets as w

from kimtools.jahresbericht import InputError, ReportError, make_report
from kimtools.suppression import NOTE
from kimtools.widgets.findings import REGISTER_ENV, box
from kimtools.widgets.style import projector_css

_DESC = {"description_width": "190px"}
_WIDE = "720px"


def _table_html(section) -> str:
    parts = [f"<h3>{html.escape(section.title)}</h3>"]
    for table in section.tables:
        parts.append(f"<b>{html.escape(table.title)}</b>")
        if table.empty:
            parts.append("<p class='kim-hint'>Keine Einträge in diesem Jahr.</p>")
            continue
        head = "".join(f"<th>{html.escape(h)}</th>" for h in table.header)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in table.rows)
        parts.append(f"<table class='kim-table'><tr>{head}</tr>{rows}</table>")
    return "".join(parts)


class Jahresbericht(w.VBox):
    """Year, caseload folder, register file, target; one button writes both files."""

    def __init__(self, register: str | os.PathLike | None = None,
                 caseload: str | os.PathLike | None = None, year: int | None = None):
        self.year = w.BoundedIntText(value=year or dt.date.today().year - 1, min=1900,
                                     max=9999, description="Berichtsjahr", style=_DESC)
        self.caseload = w.Text(value=str(caseload or ""), description="Fallbestand (Träger)",
                               placeholder="Ordner mit CSV-Dateien oder .xlsx-Datei",
                               style=_DESC, layout=w.Layout(width=_WIDE))
        self.register = w.Text(value=str(register or os.environ.get(REGISTER_ENV, "")),
                               description="Befundregister",
                               placeholder="befunde.sqlite der Koordinierungsstelle",
                               style=_DESC, layout=w.Layout(width=_WIDE))
        self.out = w.Text(value="jahresbericht/", description="Speichern unter",
                          placeholder="Ordner (mit / am Ende) oder Dateiname ohne Endung",
                          style=_DESC, layout=w.Layout(width=_WIDE))
        self.button = w.Button(description="Bericht erstellen", button_style="primary",
                               layout=w.Layout(width="auto", height="38px"))
        self.message = w.HTML()
        self.tables = w.HTML()
        self.button.on_click(lambda _: self.write())
        css = w.HTML(f"<style>{projector_css('kim-annual')}</style>")
        hint = w.HTML(f"<p class='kim-hint'>{html.escape(NOTE)}</p>")
        super().__init__([css, w.HTML("<h2>Jahresbericht</h2>"), self.year, self.caseload,
                          self.register, self.out, self.button, self.message, hint,
                          self.tables])
        self.add_class("kim-annual")

    def write(self) -> tuple[Path, Path] | None:
        """Write the report; every problem is shown in German, nothing raised into the cell."""
        self.tables.value = ""
        try:
            report = make_report(self.year.value, self.out.value.strip() or ".",
                                          self.caseload.value.strip() or None,
                                          self.register.value.strip() or None)
        except InputError as exc:
            self.message.value = box("error", f"{exc} Nichts geschrieben.", exc.problems[:20])
            return None
        except ReportError as exc:
            self.message.value = box("error", f"{exc} Nichts geschrieben.")
            return None
        self.message.value = box("ok", f"Jahresbericht {self.year.value} geschrieben.",
                                 [*map(str, report.paths), *report.warnings])
        self.tables.value = "".join(_table_html(s) for s in report.sections)
        return report.paths
