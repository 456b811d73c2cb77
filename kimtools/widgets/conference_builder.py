"""Tab „Konferenz anlegen“ of the coordination notebook (``03_koordinierung.ipynb``): the
packages the case managers sent (folders or zips, one per line, in agenda order) become a
conference in the open register, as ``kimtools konferenz anlegen`` does.

A thin view over ``kimtools.conference`` (``collect_packages``, ``plan_conference``,
``create_conference``): every package is checked there (signature, approval, trusted key, no
pseudonym twice, size limits) and a refused one is named with its reason in German; then
nothing is written. The register is the one opened in the notebook and is never created here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w

from kimtools.conference import (
    ConferenceError,
    ConferencePlan,
    collect_packages,
    create_conference,
    plan_conference,
)
from kimtools.conference.agenda import MINUTES_PER_CASE
from kimtools.findings.register import Register, RegisterError
from kimtools.widgets.form import _DESC, _WIDE, _button, _text, box, guarded

__all__ = ["KonferenzAnlegen", "package_lines"]


def package_lines(text: str) -> list[str]:
    """The package paths of the text field: one per line; quotes as Windows' „Als Pfad
    kopieren“ adds them are removed, blank lines ignored."""
    paths = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            paths.append(line[1:-1] if len(line) > 1 and line[0] == line[-1] == '"' else line)
    return paths


class KonferenzAnlegen(w.VBox):
    """``register`` returns the open register (or None); ``created`` is called with the new
    conference's id, e.g. to refresh the tables of the notebook."""

    def __init__(self, register: Callable[[], Register | None],
                 created: Callable[[str], None] | None = None):
        super().__init__()
        self.add_class("kim-coord-new-conference")
        self._register = register
        self._created = created
        self.date = w.DatePicker(description="Datum", style=_DESC)
        self.date.add_class("kim-new-conference-date")
        self.place = _text("Ort", "kim-new-conference-place", "z. B. Kreishaus, Sitzungssaal")
        self.municipality = _text("Kommune oder Kreis", "kim-new-conference-municipality",
                                  "z. B. Kreis Gütersloh")
        self.minutes = w.BoundedIntText(value=MINUTES_PER_CASE, min=1, max=120,
                                        description="Minuten je Fall", style=_DESC)
        self.minutes.add_class("kim-new-conference-minutes")
        self.packages = w.Textarea(
            description="Pakete", rows=6, style=_DESC, layout=w.Layout(width=_WIDE),
            placeholder="Ein Paket (Ordner oder .zip) je Zeile, in der Reihenfolge der "
                        "Tagesordnung")
        self.packages.add_class("kim-new-conference-packages")
        self.button = _button("Konferenz anlegen", "kim-new-conference-create", "primary",
                              "calendar-plus-o")
        self.button.on_click(lambda _: self.create())
        self.message = w.HTML()
        self.message.add_class("kim-new-conference-message")
        self.plan: ConferencePlan | None = None
        self.children = [
            w.HTML("<p class='kim-hint'>Die Konferenzpakete der Träger zu einer Konferenz "
                   "zusammenstellen: je Paket ein Tagesordnungspunkt. Jedes Paket wird geprüft "
                   "(Unterschrift, Freigabe, bestätigter Schlüssel, kein Pseudonym doppelt); "
                   "ist eines nicht in Ordnung, wird nichts angelegt.</p>"),
            self.date, self.place, self.municipality, self.minutes, self.packages,
            self.button, self.message]

    @guarded("message")
    def create(self) -> ConferencePlan | None:
        """Check every package and save the conference; a German message either way."""
        self.plan = None
        register = self._register()
        problems = []
        if register is None:
            problems.append("Bitte zuerst oben das Befundregister öffnen.")
        if not isinstance(self.date.value, dt.date):
            problems.append("Bitte das Datum der Konferenz angeben.")
        paths = package_lines(self.packages.value)
        if not paths:
            problems.append("Bitte mindestens ein Paket (Ordner oder .zip) angeben, eines je "
                            "Zeile.")
        if problems:
            self.message.value = box("error", "Keine Konferenz angelegt:", problems)
            return None
        try:
            plan = plan_conference(collect_packages(paths), self.date.value,
                                   self.place.value.strip(), int(self.minutes.value))
        except ConferenceError as exc:
            first, *rest = str(exc).splitlines()
            self.message.value = box("error", first, rest)
            return None
        try:
            create_conference(register, plan, municipality=self.municipality.value.strip())
        except RegisterError as exc:
            self.message.value = box("error", "Keine Konferenz angelegt.", [str(exc)])
            return None
        self.plan = plan
        self.message.value = box(
            "ok", f"Konferenz am {plan.date:%d.%m.%Y} angelegt.", plan.describe().splitlines(),
            after=f'Zeigen mit: kimtools serve --register "{register.path}" '
                  f"--konferenz {plan.conference_id[:8]}")
        if self._created is not None:
            self._created(plan.conference_id)
        return plan
