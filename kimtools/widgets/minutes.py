"""The minutes notebook's selection (``04_protokoll.ipynb`` opened in JupyterLab or Voilà):
register, conference by date and place, preview, HTML/PDF/DOCX, download.

A thin view over ``kimtools.minutes.choose``. No environment variable is needed: the register
path field starts with ``KIMTOOLS_REGISTER`` when it is set. Every error appears in the widget,
in German, never as a failed cell.

Drivable without a browser: set ``.value`` of the controls and call ``button.click()``.
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from kimtools.minutes.build import FORMATS
from kimtools.minutes.choose import (
    CONFERENCE_ENV,
    conference_choices,
    default_register,
    download_link,
    preview,
    produce,
)
from kimtools.minutes.content import MinutesError
from kimtools.widgets.style import projector_css

__all__ = ["Protokoll", "protokoll_oberflaeche"]

CSS = ("<style>" + projector_css("kim-protokoll") + """
.kim-protokoll .kim-meldung-fehler { color: #8b0000; font-weight: bold; }
.kim-protokoll .kim-meldung-ok { color: #0b5d1e; }
.kim-protokoll .kim-vorschau { border: 1px solid #999; padding: 8px 16px; max-height: 480px;
  overflow-y: auto; background: #fff; }
.kim-protokoll .kim-vorschau svg { max-width: 100%; height: auto; }
.kim-protokoll a.kim-download { display: inline-block; margin: 4px 16px 4px 0; padding: 6px 12px;
  background: #1f3a5f; color: #fff; text-decoration: none; border-radius: 3px; }
</style>""")
_DESC = {"description_width": "150px"}
_WIDE = w.Layout(width="760px")


def _message(kind: str, text: str) -> str:
    lines = "<br>".join(html.escape(line) for line in text.splitlines())
    return f'<p class="kim-meldung-{kind}">{lines}</p>'


def shown_errors(method: Callable) -> Callable:
    """A failure becomes a German message in the widget, never a traceback in a cell."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except MinutesError as exc:
            self.message.value = _message("fehler", str(exc))
        except Exception as exc:  # shown to the user, never lost in a log
            self.message.value = _message(
                "fehler", f"Unerwarteter Fehler – der Vorgang wurde abgebrochen.\n"
                          f"{type(exc).__name__}: {exc}\n"
                          "Bitte diese Meldung an die IT-Betreuung weitergeben.")
        return None

    return wrapper


class Protokoll:
    """Choose register and conference, preview, make the files and offer them for download."""

    def __init__(self, register: str = "", conference: str = ""):
        self.register = w.Text(value=register or default_register(),
                               description="Befundregister", style=_DESC, layout=_WIDE,
                               placeholder="Pfad der SQLite-Datei, z. B. C:\\KIM\\befunde.sqlite")
        self.open_button = w.Button(description="Register öffnen",
                                    layout=w.Layout(width="200px"))
        self.conference = w.Dropdown(options=[], description="Konferenz", style=_DESC,
                                     layout=_WIDE, disabled=True)
        self.preview_button = w.Button(description="Vorschau", disabled=True,
                                       layout=w.Layout(width="200px"))
        self.formats = {fmt: w.Checkbox(value=True, description=fmt.upper(), indent=False,
                                        layout=w.Layout(width="110px")) for fmt in FORMATS}
        self.folder = w.Text(description="Zielordner", style=_DESC, layout=_WIDE,
                             placeholder="Ordner für die Protokolldateien")
        self.make_button = w.Button(description="Protokoll erstellen",
                                    button_style="primary", disabled=True,
                                    layout=w.Layout(width="220px"))
        self.message = w.HTML()
        self.downloads = w.HTML()
        self.preview = w.HTML()
        self.open_button.on_click(lambda _: self.open_register())
        self.preview_button.on_click(lambda _: self.show_preview())
        self.make_button.on_click(lambda _: self.make())
        self.conference.observe(lambda _: self._forget_results(), "value")
        self.view = w.VBox([
            w.HTML(CSS + "<h2>Protokoll einer Planungskonferenz</h2><p class='kim-hint'>"
                   "Befundregister wählen, Konferenz nach Datum und Ort auswählen, Vorschau "
                   "ansehen, dann die Dateien erstellen. Vor dem Schreiben prüft das Programm "
                   "das Protokoll auf Namen, Kontaktdaten und tagesgenaue Daten.</p>"),
            w.HBox([self.register, self.open_button]),
            w.HBox([self.conference, self.preview_button]),
            w.HBox([w.HTML("<b>Formate</b>", layout=w.Layout(width="150px")),
                    *self.formats.values()]),
            self.folder, self.make_button, self.message, self.downloads, self.preview,
        ])
        self.view.add_class("kim-protokoll")
        if self.register.value.strip():
            self.open_register(conference or os.environ.get(CONFERENCE_ENV, ""))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.view)

    def _forget_results(self) -> None:
        self.downloads.value = ""
        self.preview.value = ""

    @shown_errors
    def open_register(self, preselect: str = "") -> None:
        self.conference.options = []
        for button in (self.preview_button, self.make_button):
            button.disabled = True
        self.conference.disabled = True
        self._forget_results()
        choices = conference_choices(self.register.value)
        self.conference.options = choices
        ids = [conference_id for _, conference_id in choices]
        self.conference.value = next((i for i in ids if preselect and i.startswith(preselect)),
                                     ids[0])
        self.conference.disabled = False
        for button in (self.preview_button, self.make_button):
            button.disabled = False
        if not self.folder.value.strip():
            self.folder.value = str(Path(self.register.value.strip()).expanduser().parent)
        self.message.value = _message(
            "ok", f"{len(choices)} Konferenz{'en' if len(choices) != 1 else ''} im Register.")

    @shown_errors
    def show_preview(self) -> None:
        minutes, page = preview(self.register.value, self.conference.value)
        self.preview.value = f'<div class="kim-vorschau">{page}</div>'
        hints = "".join(f"\nHinweis: {warning}" for warning in minutes.warnings)
        self.message.value = _message("ok", f"Vorschau: {minutes.title}{hints}")

    @shown_errors
    def make(self) -> None:
        self.downloads.value = ""
        chosen = [fmt for fmt, box in self.formats.items() if box.value]
        self.message.value = _message("ok", "Protokoll wird erstellt und geprüft …")
        written = produce(self.register.value, self.conference.value, chosen, self.folder.value)
        names = ", ".join(str(path) for path in written.files.values())
        hints = "".join(f"\nHinweis: {warning}" for warning in written.minutes.warnings)
        self.message.value = _message("ok", f"Geschrieben: {names}{hints}")
        self.downloads.value = "".join(download_link(path, fmt)
                                       for fmt, path in written.files.items())


def protokoll_oberflaeche(minutes, register: str = "", conference: str = "") -> Protokoll | None:
    """The selection when the notebook runs without a conference; nothing when minutes are made."""
    return Protokoll(register, conference) if minutes is None else None
