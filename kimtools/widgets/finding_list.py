"""The list of this conference's findings in the findings panel: an escaped table and the
choice of the finding to edit, refreshed from the register (also other sessions' findings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kimtools import codes
from kimtools.findings.model import (
    LEVELS,
    Finding,
)
from kimtools.widgets.conference_setup import conference_label
from kimtools.widgets.form import (
    _esc,
    german_date,
    guarded,
)


def findings_table_html(findings: Sequence[Finding], history_who: Mapping[str, str]) -> str:
    """This conference's findings as an escaped HTML table; rows carry the finding's id."""
    if not findings:
        return "<p class='kim-hint'>Für diese Konferenz ist noch kein Befund festgehalten.</p>"
    head = "".join(f"<th>{h}</th>" for h in (
        "Nr.", "Titel", "Handlungsfelder / Institutionen", "Fälle", "Belege",
        "Maßnahme / zuständig / fällig", "Ebene / Priorität / Status"))
    rows = []
    for number, f in enumerate(findings, start=1):
        lines = [[str(number)], [f.title],
                 [", ".join(codes.label(codes.FIELDS, x) for x in f.fields),
                  "; ".join(f.institutions)],
                 list(f.cases),
                 [f.evidence.describe() if f.evidence is not None else "–"],
                 [f.measure or "–", f.responsible,
                  f"fällig am {german_date(f.due_date)}" if f.due_date else ""],
                 [LEVELS.get(f.level, f.level), f"Priorität {f.priority}", f.status,
                  f"zuletzt: {history_who[f.id]}" if f.id in history_who else ""]]
        tds = "".join(
            f"<td{' class=kim-nowrap' if index == 3 else ''}>"
            + "<br>".join(_esc(x) for x in cell if x) + "</td>"
            for index, cell in enumerate(lines))
        rows.append(f"<tr class='kim-finding-row' data-finding-id='{_esc(f.id)}'>{tds}</tr>")
    return (f"<div class='kim-list-scroll'><table class='kim-table kim-findings-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


class FindingList:
    """Mixin of ``Befunderfassung``: the findings of the open conference, as a table."""

    def conference_findings(self) -> list[Finding]:
        if self.conference is None:
            return []
        return self.register.findings(conference_id=self.conference.id)

    @guarded("message")
    def refresh_list(self) -> None:
        """This conference's findings from the register (also those of other sessions)."""
        findings = self.conference_findings()
        last: dict[str, str] = {}
        if findings:
            last = dict(self.register.query(
                "SELECT finding_id, who FROM history WHERE finding_id IN "
                "(SELECT id FROM findings WHERE conference_id = ?) ORDER BY at, rowid",
                (self.conference.id,)))
        self.findings_list.value = findings_table_html(findings, last)
        count = len(findings)
        self.edit_select.options = [
            (f"– {count} {'Befund' if count == 1 else 'Befunde'} dieser Konferenz, bitte "
             "wählen –" if findings else "– noch kein Befund in dieser Konferenz –", ""),
            *((f"{n}. {f.title}", f.id) for n, f in enumerate(findings, start=1))]
        self.edit_select.value = ""
        if self.conference is None:
            self.status_line.value = (
                "<p class='kim-hint'><b>Noch keine Konferenz zu diesem Paket im "
                "Befundregister.</b> Unter „Konferenz vorbereiten“ anlegen – oder den ersten "
                "Befund speichern, dann wird sie mit dem Datum von dort angelegt.</p>")
        else:
            self.status_line.value = (
                f"<p><b>{_esc(conference_label(self.conference))}</b> – "
                f"{count} {'Befund' if count == 1 else 'Befunde'} festgehalten "
                f"<span class='kim-hint'>(Register {_esc(self.register.path.name)})</span></p>")
