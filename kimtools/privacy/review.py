"""What the review screen shows, as plain functions: tested without a kernel or a browser.

The case manager reviews a draft (``prepare_package``) before approving it: per case the risk
report, per free-text cell what was replaced where, of which type and why. The widgets in
``kimtools.widgets.preparation`` only display what these functions return.

Every function returns HTML-escaped text: a note may hold ``<script>`` or an ampersand, and
what the case manager typed must show as typed, never run. ``highlight_html`` shows the raw text
(the widget shows it only on request); ``scrubbed_with_marks`` and everything else show only what
goes into the package, labels and counts.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from kimtools.privacy.decisions import ACTIONS, flag_key
from kimtools.privacy.flags import Flag
from kimtools.privacy.pseudonymise import CaseDraft, Draft, TextReview
from kimtools.privacy.scrubber import TYPES, Detection, KnownPerson, Scrubber

__all__ = [
    "COLUMN_LABELS",
    "TYPE_COLOURS",
    "TYPE_LABELS",
    "case_replacement",
    "flag_choice_label",
    "flag_context_html",
    "highlight_html",
    "legend_html",
    "replacement_summary",
    "review_rows",
    "risk_lines",
    "scrubbed_with_marks",
    "text_choice_label",
    "type_label",
]

#: German names of the detection types, singular, as the review shows them.
TYPE_LABELS: dict[str, str] = {
    "person": "Person des Falls",
    "name": "weiterer Name",
    "phone": "Telefonnummer",
    "email": "E-Mail-Adresse",
    "iban": "IBAN",
    "passport": "Passnummer",
    "file_number": "Aktenzeichen",
    "handle": "Nutzername oder Internetadresse",
    "plate": "Kfz-Kennzeichen",
    "address": "Adresse",
    "date": "tagesgenaues Datum",
    "firm": "Firma",
    "school": "Schule mit Namen",
    "hospital": "Krankenhaus mit Namen",
    "care_home": "Pflegeheim mit Namen",
    "mosque": "Gebetshaus mit Namen",
    "origin": "Herkunftsort",
    "quarter": "Ortsteil",
    "place": "Ort (Ebene unbekannt)",
}

#: Background colour per type (light, readable with black text, distinguishable in print).
TYPE_COLOURS: dict[str, str] = {
    "person": "#ffd6a5",
    "name": "#fdffb6",
    "phone": "#caffbf",
    "email": "#9bf6ff",
    "iban": "#a0c4ff",
    "passport": "#bdb2ff",
    "file_number": "#ffc6ff",
    "handle": "#d0f4de",
    "plate": "#e4c1f9",
    "address": "#ffadad",
    "date": "#dddddd",
    "firm": "#ffe5b4",
    "school": "#c7f9cc",
    "hospital": "#ffcad4",
    "care_home": "#f1c0e8",
    "mosque": "#cfbaf0",
    "origin": "#b9fbc0",
    "quarter": "#98f5e1",
    "place": "#d8f3dc",
}

#: German names of the free-text columns that the scrubber reads.
COLUMN_LABELS: dict[str, str] = {
    "note": "Notiz",
    "institution": "Institution",
    "description": "Beschreibung",
    "residence_status": "Aufenthaltsstatus",
}

#: German names of the quasi-identifiers of the risk report, in the order shown.
QI_LABELS: dict[str, str] = {
    "age": "Alter",
    "gender": "Geschlecht",
    "nationality": "Herkunft",
    "municipality": "Kommune",
    "household_size": "Haushaltsgröße",
    "arrival_year": "Einreise",
}

Replacement = Callable[[Detection], str]


def type_label(type_: str) -> str:
    """German name of a detection type; an unknown type is shown as it is."""
    return TYPE_LABELS.get(type_, type_)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _groups(detections: Iterable[Detection]) -> list[list[Detection]]:
    """Detections joined where they overlap, in the order ``Scrubber.anonymize`` joins them."""
    groups: list[list[Detection]] = []
    end = -1
    for det in sorted(detections, key=lambda d: (d.start, -d.end)):
        if groups and det.start < end:
            groups[-1].append(det)
            end = max(end, det.end)
        else:
            groups.append([det])
            end = det.end
    return groups


def _title(group: Sequence[Detection], replacement: Replacement | None = None) -> str:
    parts = []
    for det in group:
        label = type_label(det.type)
        reason = det.reason.strip()
        parts.append(f"Typ: {label} – {reason}" if reason and reason != label
                     else f"Typ: {label}")
    title = "; ".join(dict.fromkeys(parts))
    if replacement is not None:
        title += f" → im Paket: {replacement(group[0])}"
    return title


def _mark(inner: str, group: Sequence[Detection], title: str) -> str:
    type_ = group[0].type
    colour = TYPE_COLOURS.get(type_, "#eeeeee")
    return (f'<mark class="kim-mark kim-{_escape(type_)}" data-type="{_escape(type_)}" '
            f'title="{_escape(title)}" style="background:{colour};color:#000;'
            f'padding:0 2px;border-radius:3px">{inner}</mark>')


def highlight_html(text: str, detections: Iterable[Detection],
                   replacement: Replacement | None = None) -> str:
    """The (raw) text, HTML-escaped, with each detection in a ``<mark>`` naming type and reason.

    Offsets index ``text`` (``text[d.start:d.end] == d.text``, else ``ValueError``). With
    ``replacement`` (e.g. ``Scrubber.replacement``) the tooltip also says what the package
    shows instead. Overlapping detections share one mark, as they share one replacement.
    """
    detections = list(detections)
    for det in detections:
        if not (0 <= det.start < det.end <= len(text)) or text[det.start:det.end] != det.text:
            raise ValueError(f"Fundstelle {det.start}–{det.end} passt nicht zum Text.")
    pieces: list[str] = []
    position = 0
    for group in _groups(detections):
        start, end = group[0].start, max(d.end for d in group)
        pieces.append(_escape(text[position:start]))
        pieces.append(_mark(_escape(text[start:end]), group, _title(group, replacement)))
        position = end
    pieces.append(_escape(text[position:]))
    return "".join(pieces)


def scrubbed_with_marks(review: TextReview, scrubber_replacement: Replacement) -> str:
    """The text as the package holds it, HTML-escaped, each replacement marked with its type.

    ``scrubber_replacement`` must be the replacement of the scrubber that made the text
    (``case_replacement`` rebuilds it from a draft). Should the marks not add up to
    ``review.scrubbed`` (a mismatch of scrubber versions), the scrubbed text is shown as it
    is, without marks, rather than something that is not in the package.
    """
    pieces: list[str] = []
    plain: list[str] = []
    position = 0
    raw = review.raw
    for group in _groups(review.detections):
        start, end = group[0].start, max(d.end for d in group)
        new = scrubber_replacement(group[0])
        pieces.append(_escape(raw[position:start]))
        pieces.append(_mark(_escape(new), group, _title(group)))
        plain += [raw[position:start], new]
        position = end
    pieces.append(_escape(raw[position:]))
    plain.append(raw[position:])
    if "".join(plain) != review.scrubbed:
        return _escape(review.scrubbed)
    return "".join(pieces)


def person_labels(draft: Draft) -> dict[str, str]:
    """Raw person id → the label the package shows ("Klientin A"): for the review only."""
    persons = draft.package.persons
    return {draft.person_ids[p]: str(label)
            for p, label in zip(persons["person"], persons["label"], strict=True)
            if p in draft.person_ids}


def case_replacement(draft: Draft, case: CaseDraft | None = None) -> Replacement:
    """``Scrubber.replacement`` as it was used for the draft: persons by their labels.

    Built from labels only (no names), so it cannot find anything; it only replaces.
    """
    known = [KnownPerson(pid, "", "", label) for pid, label in person_labels(draft).items()]
    return Scrubber(known).replacement


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def text_choice_label(review: TextReview) -> str:
    """One line per text for the list: "Ereignis E03 (Tag 42) – Notiz – 3 Ersetzungen"."""
    column = COLUMN_LABELS.get(review.column, review.column)
    count = len(review.detections)
    replaced = "keine Ersetzung" if not count else _count(count, "Ersetzung", "Ersetzungen")
    return f"{review.item} – {column} – {replaced}"


def review_rows(draft: Draft) -> pd.DataFrame:
    """One row per reviewed text: case label, text, column and the replacements per type.

    Holds labels, pseudonyms and counts only (no raw id, no raw text), in the order of the
    draft; the type columns carry the German names of ``TYPE_LABELS``, in ``TYPES`` order.
    """
    type_columns = [type_label(t) for t in TYPES]
    rows = []
    for case in draft.cases:
        for review in case.texts:
            counts = Counter(d.type for d in review.detections)
            row = {"Fall": case.label, "Pseudonym": case.pseudonym, "Text": review.item,
                   "Feld": COLUMN_LABELS.get(review.column, review.column)}
            row.update({type_label(t): counts.get(t, 0) for t in TYPES})
            row["gesamt"] = sum(counts.values())
            rows.append(row)
    columns = ["Fall", "Pseudonym", "Text", "Feld", *type_columns, "gesamt"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in [*type_columns, "gesamt"]:
        frame[column] = frame[column].astype(int)
    return frame


def replacement_summary(draft: Draft) -> pd.DataFrame:
    """Replacements per case (rows, by label) and type (columns), with a row "Summe".

    Types that occur nowhere are left out; the column "Texte" counts the reviewed texts.
    """
    rows = review_rows(draft)
    type_columns = [type_label(t) for t in TYPES]
    table = rows.groupby(["Fall", "Pseudonym"], sort=False)[[*type_columns, "gesamt"]].sum()
    table.insert(0, "Texte", rows.groupby(["Fall", "Pseudonym"], sort=False).size())
    table = table.reset_index()
    total = {"Fall": "Summe", "Pseudonym": "",
             **{c: int(table[c].sum()) for c in ["Texte", *type_columns, "gesamt"]}}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    used = [c for c in type_columns if table[c].sum() > 0]
    return table[["Fall", "Pseudonym", "Texte", *used, "gesamt"]]


def _shown(key: str, value: str) -> str:
    if value in ("*", "", None):
        return f"{QI_LABELS.get(key, key)} unterdrückt"
    return f"{QI_LABELS.get(key, key)} {value}"


def risk_lines(case_draft: CaseDraft) -> list[str]:
    """The risk report of one case in German sentences, without any raw value or id."""
    risk = case_draft.risk

    def people(k: int) -> str:
        return "hat nur diese Person" if k <= 1 else f"haben {k} Klient/innen"

    lines = [
        f"{case_draft.label} ({case_draft.pseudonym}): Schwelle k = {risk.threshold}.",
        f"Vorher: k = {risk.k_initial} – im ganzen Fallbestand {people(risk.k_initial)} "
        "diese Kombination von Alter, Geschlecht, Herkunft, Kommune, Haushaltsgröße und "
        "Einreisejahr.",
    ]
    if risk.steps:
        lines.append(f"Verallgemeinert ({len(risk.steps)} "
                     f"Schritt{'e' if len(risk.steps) > 1 else ''}):")
        lines += [f"  – {step}" for step in risk.steps]
    else:
        lines.append("Keine Verallgemeinerung nötig.")
    reached = "Schwelle erreicht" if risk.k_final >= risk.threshold else "Schwelle NICHT erreicht"
    lines.append(f"Nachher: k = {risk.k_final} ({reached}) – die Kombination, die das Paket "
                 f"zeigt, {people(risk.k_final)} im Fallbestand.")
    shown = [_shown(key, risk.values.get(key, "*")) for key in QI_LABELS if key in risk.values]
    if shown:
        lines.append("Im Paket: " + " · ".join(shown) + ".")
    lines.append("Bitte selbst prüfen: Aufenthaltsstatus, Sprachen und die Freitexte zählen "
                 "nicht zum Risiko; eine seltene Angabe kann eine Person erkennbar machen.")
    return lines


def legend_html() -> str:
    """A line of coloured chips naming every type, for the review screen."""
    chips = [_mark(_escape(label), [Detection(0, 1, "x", t, None, "")], f"Typ: {label}")
             for t, label in TYPE_LABELS.items()]
    return "Markierungen: " + " ".join(chips)


def _decision_text(decision) -> str:
    if decision is None:
        return "offen"
    shown = ACTIONS[decision.action]
    if decision.action == "keep":
        return f"{shown} ({decision.reason})"
    if decision.action == "generalise" and decision.text is not None:
        return f"{shown} zu „{decision.text}“"
    return shown


def flag_choice_label(draft: Draft, case: CaseDraft, review: TextReview, flag: Flag) -> str:
    """One line per flag for the list: "Klientin A – Ereignis E03 – Notiz – Einzigartigkeit:
    „der einzige …“ – offen". The phrase is from the package text, never from the raw text."""
    column = COLUMN_LABELS.get(review.column, review.column)
    decision = draft.decisions.get(flag_key(case, review, flag))
    return (f"{case.label} – {review.item} – {column} – {flag.label}: „{flag.phrase}“ – "
            f"{_decision_text(decision)}")


def flag_context_html(review: TextReview, flag: Flag) -> str:
    """The package text (before decisions) with the flagged phrase marked, HTML-escaped."""
    text = review.scrubbed
    return (_escape(text[:flag.start])
            + '<mark class="kim-flag" style="background:#ffe08a;color:#000;padding:0 2px;'
              f'border-radius:3px;outline:2px solid #b3261e">{_escape(flag.phrase)}</mark>'
            + _escape(text[flag.end:]))
