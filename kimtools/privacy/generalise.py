"""The generalisation ladder of every quasi-identifier: from exact to suppressed.

Die Verallgemeinerungsleiter (für die Prüfansicht)
--------------------------------------------------
Jedes Merkmal hat Stufen, von genau bis unterdrückt ("*"); eine höhere Stufe fasst immer ganze
Gruppen der niedrigeren zusammen, so dass k mit jeder Stufe nur wachsen kann:

- Alter: Jahre → 5-Jahres-Band (35–39) → 10-Jahres-Band (30–39) → 20-Jahres-Band (unter 30,
  30–49, 50–69, 70+) → unterdrückt.
- Staatsangehörigkeit: Staat → Weltregion (z. B. "Westasien/Naher Osten", "EU-Staaten") →
  unterdrückt.
- Einreisejahr: Jahr → 3-Jahres-Spanne (2015–2017) → 6-Jahres-Spanne (2015–2020) →
  unterdrückt. Die Spannen beginnen 2015, dem Jahr der großen Fluchtbewegung, und eine
  6-Jahres-Spanne enthält genau zwei 3-Jahres-Spannen.
- Haushaltsgröße: genau → Band (1, 2, 3–4, 5+) → grob (1–2, 3+) → unterdrückt; genau heißt
  auch: die Zusammensetzung (Rolle, Geschlecht, Altersband jedes Mitglieds) wird verglichen.
- Aufenthaltsstatus: genau → Gruppe (z. B. "Duldung") → gesichert/ungesichert → unterdrückt.
- Sprachen: genau → Sprachfamilie (z. B. "iranisch", "slawisch"; eigene kleine Tabelle, weil
  weder CLDR/Babel noch pycountry Sprachen ihren Familien zuordnen) → unterdrückt.
- Geschlecht: genau → unterdrückt (nur als letzter Ausweg).
- Kommune: bleibt (die Konferenz sucht kommunale Lücken) → Kreis, nur wenn ein Kreis angegeben
  ist, als allerletzter Ausweg.

Welche Verallgemeinerung? Jede Stufe hat Kosten für die Konferenz (``Level.cost``): billig
sind Alter im 5-Jahres-Band, Einreise als 3-Jahres-Spanne und Haushalt im Band (1 Punkt), teuer
die Weltregion statt des Staates (4) und das Unterdrücken (Alter 8, Staatsangehörigkeit 10,
Einreise 6, Haushalt 5). Gewählt wird die Kombination mit den geringsten Gesamtkosten, die k
erreicht; bei Gleichstand die mit dem größeren k. Geschlecht (30) wird erst unterdrückt, wenn
alle anderen Merkmale zusammen nicht reichen, die Kommune (60) erst danach. Dazu kommen
(``risk.py``) die Zeitauflösung (Monate 1, Quartale 3, nur Phasen 12), Stellen nur als Art (4)
und, als letzter Ausweg je Stelle, eine Stelle ohne Namen (35): die Konferenz muss sehen, bei
welcher Behörde eine Hürde liegt. So wird derselbe
Fall bei jeder Konferenz gleich verallgemeinert, und kein Merkmal ist gröber als nötig: jedes
Merkmal eine Stufe genauer würde k unter die Schwelle drücken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from kimtools.codes import GENDERS
from kimtools.privacy.regions import REGION_OF, country_name_de

SUPPRESSED = "*"
MISSING = "unbekannt"
#: First year of the arrival spans: 2015–2017, 2018–2020 … and 2015–2020, 2021–2026 …
SPAN_ANCHOR = 2015

#: Quasi-identifier column → German label, in the order the package shows them.
QI_LABELS: dict[str, str] = {
    "age": "Alter",
    "gender": "Geschlecht",
    "nationality": "Staatsangehörigkeit",
    "municipality": "Kommune",
    "household_size": "Haushaltsgröße",
    "arrival_year": "Einreisejahr",
    "residence_status": "Aufenthaltsstatus",
    "languages": "Sprachen",
}
QI_COLUMNS: tuple[str, ...] = tuple(QI_LABELS)
#: The six quasi-identifiers every table has; status and languages join when present.
REQUIRED_QIS: tuple[str, ...] = QI_COLUMNS[:6]


# ---------------------------------------------------------------------------------------------
# The ladder
# ---------------------------------------------------------------------------------------------

Generaliser = Callable[[pd.Series], pd.Series]


@dataclass(frozen=True)
class Level:
    """One rung of a quasi-identifier's ladder; ``key`` is stable, the rest is German."""

    key: str
    name: str  # shown in the review screen, e.g. "5-Jahres-Band"
    step: str  # completes "Alter …", e.g. "auf 5-Jahres-Band verallgemeinert"
    generalise: Generaliser  # raw values → shown values (vectorised, no NA)
    cost: int = 0  # what the conference loses at this rung; the cheapest sufficient one wins


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna(MISSING)


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _suppress(values: pd.Series) -> pd.Series:
    return pd.Series(SUPPRESSED, index=values.index, dtype="string")


def _ranges(low: pd.Series, high: pd.Series) -> pd.Series:
    return _text(low.astype("string") + "–" + high.astype("string"))


def _age_band(width: int) -> Generaliser:
    def band(values: pd.Series) -> pd.Series:
        low = _numbers(values) // width * width
        return _ranges(low, low + width - 1)
    return band


def _age_band20(values: pd.Series) -> pd.Series:
    """Bands 30–49 and 50–69 nest the 10-year bands. The ends are open ("unter 30", "70+"):
    few clients are minors or over 70, and an edge such as "10–29" would point at minors."""
    age = _numbers(values)
    low = (age - 10) // 20 * 20 + 10
    shown = _ranges(low, low + 19)
    shown = shown.mask(age < 30, "unter 30").mask(age >= 70, "70+")
    return shown.mask(age.isna(), MISSING)


def _span(width: int) -> Generaliser:
    def span(values: pd.Series) -> pd.Series:
        low = (_numbers(values) - SPAN_ANCHOR) // width * width + SPAN_ANCHOR
        return _ranges(low, low + width - 1)
    return span


def _household_band(values: pd.Series) -> pd.Series:
    size = _numbers(values)
    shown = _text(size).mask(size >= 3, "3–4").mask(size >= 5, "5+")
    return shown.mask(size.isna(), MISSING)


def _household_coarse(values: pd.Series) -> pd.Series:
    size = _numbers(values)
    shown = pd.Series("1–2", index=values.index, dtype="string").mask(size >= 3, "3+")
    return shown.mask(size.isna(), MISSING)


def _map_codes(mapping: Callable[[str], str]) -> Generaliser:
    def shown(values: pd.Series) -> pd.Series:
        text = values.astype("string").str.strip().str.upper()
        return _text(text.map(mapping, na_action="ignore"))
    return shown


def _gender(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower()
    return _text(text.map(GENDERS, na_action="ignore").fillna(text))


def _district(name: str) -> Generaliser:
    def district(values: pd.Series) -> pd.Series:
        return pd.Series(name, index=values.index, dtype="string")
    return district


#: Residence status → group, by what the title says; the group decides gesichert/ungesichert.
_STATUS_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("104c", "Chancen-Aufenthaltsrecht", "ungesichert"),
    ("duldung", "Duldung", "ungesichert"),
    ("gestattung", "Aufenthaltsgestattung", "ungesichert"),
    ("fiktion", "Fiktionsbescheinigung", "ungesichert"),
    ("§ 24", "vorübergehender Schutz", "ungesichert"),
    ("niederlassung", "Niederlassungserlaubnis/Daueraufenthalt", "gesichert"),
    ("daueraufenthalt", "Niederlassungserlaubnis/Daueraufenthalt", "gesichert"),
    ("freizügig", "Freizügigkeit", "gesichert"),
    ("deutsch", "deutsche Staatsangehörigkeit", "gesichert"),
    ("§ 2", "Aufenthaltserlaubnis (humanitär)", "gesichert"),
    ("§ 3", "Aufenthaltserlaubnis (Familie)", "gesichert"),
    ("§ 1", "Aufenthaltserlaubnis (Arbeit/Ausbildung)", "gesichert"),
    ("aufenthaltserlaubnis", "Aufenthaltserlaubnis (sonstige)", "gesichert"),
)


def _status_group(value: str, secured: bool = False) -> str:
    text = value.lower()
    for needle, group, security in _STATUS_GROUPS:
        if needle in text:
            return security if secured else group
    return "ungesichert" if secured else "sonstiger Status"


def _statuses(secured: bool) -> Generaliser:
    def shown(values: pd.Series) -> pd.Series:
        text = values.astype("string").str.strip()
        return _text(text.map(lambda v: _status_group(v, secured), na_action="ignore"))
    return shown


#: ISO 639 code → its family (genealogically, as Glottolog groups them; at the level a
#: conference can use, e.g. Persian, Dari, Pashto and Kurdish are all "iranisch"). Codes not
#: listed become "andere Sprache", which still nests: every exact set maps to one family set.
_FAMILY_MEMBERS = {
    "germanisch": "de en nl da sv no lb yi",
    "romanisch": "ro fr it es pt ca",
    "slawisch": "ru uk pl bg sr hr bs mk cs sk sl be",
    "iranisch": "fa prs ps ku ckb kmr tg bal",
    "indoarisch": "ur hi pa bn ne si rom",
    "weitere indogermanische": "sq el hy",
    "semitisch": "ar ti am he mt",
    "kuschitisch": "so om aa",
    "turksprachig": "tr az uz tk kk ky ug",
    "kaukasisch": "ka ce",
    "uralisch": "hu fi et",
    "Niger-Kongo": "ff yo ig ak tw sw ln wo rw",
    "tschadisch": "ha",
}
LANGUAGE_FAMILY = {code: family for family, members in _FAMILY_MEMBERS.items()
                   for code in members.split()}


def _language_families(values: pd.Series) -> pd.Series:
    def families(value: str) -> str:
        codes = {part.strip().lower() for part in value.split(";") if part.strip()}
        return ";".join(sorted({LANGUAGE_FAMILY.get(code, "andere Sprache") for code in codes}))
    return _text(values.astype("string").map(families, na_action="ignore"))


def _suppressed(cost: int) -> Level:
    return Level("suppressed", "unterdrückt", "unterdrückt", _suppress, cost)


def ladder(district: str | None = None) -> dict[str, tuple[Level, ...]]:
    """QI → its levels, exact first. Municipality only has a second rung with a district.

    Costs: gender (30) is dearer than all other QIs suppressed together (29), the district
    (60) dearer than everything else together: both are last resorts.
    """
    municipality = (Level("exact", "Kommune", "beibehalten", _text),)
    if district:
        municipality += (Level("district", "Kreis", f"durch {district} ersetzt",
                               _district(district), 60),)
    return {
        "age": (
            Level("exact", "Jahre", "in Jahren angegeben", _text),
            Level("band5", "5-Jahres-Band", "auf 5-Jahres-Band verallgemeinert", _age_band(5),
                  1),
            Level("band10", "10-Jahres-Band", "auf 10-Jahres-Band verallgemeinert",
                  _age_band(10), 2),
            Level("band20", "20-Jahres-Band", "auf 20-Jahres-Band verallgemeinert", _age_band20,
                  4),
            _suppressed(8),
        ),
        "gender": (Level("exact", "genau", "genau angegeben", _gender), _suppressed(30)),
        "nationality": (
            Level("exact", "Staat", "als Staat angegeben", _map_codes(country_name_de)),
            Level("region", "Weltregion", "auf Weltregion verallgemeinert",
                  _map_codes(lambda code: REGION_OF.get(code, MISSING)), 4),
            _suppressed(10),
        ),
        "municipality": municipality,
        "household_size": (
            Level("exact", "genau", "genau angegeben", _text),
            Level("band", "Band (1, 2, 3–4, 5+)", "auf Bänder (1, 2, 3–4, 5+) verallgemeinert",
                  _household_band, 1),
            Level("coarse", "grob (1–2, 3+)", "auf 1–2 oder 3+ verallgemeinert",
                  _household_coarse, 3),
            _suppressed(5),
        ),
        "arrival_year": (
            Level("exact", "Jahr", "als Jahr angegeben", _text),
            Level("span3", "3-Jahres-Spanne", "auf 3-Jahres-Spanne verallgemeinert", _span(3),
                  1),
            Level("span6", "6-Jahres-Spanne", "auf 6-Jahres-Spanne verallgemeinert", _span(6),
                  3),
            _suppressed(6),
        ),
        "residence_status": (
            Level("exact", "genau", "genau angegeben", _text),
            Level("group", "als Gruppe", "als Gruppe angegeben", _statuses(False), 2),
            Level("secured", "gesichert/ungesichert", "nur als gesichert/ungesichert",
                  _statuses(True), 4),
            _suppressed(7),
        ),
        "languages": (
            Level("exact", "genau", "genau angegeben", _text),
            Level("family", "Sprachfamilie", "auf Sprachfamilien verallgemeinert",
                  _language_families, 1),
            _suppressed(3),
        ),
    }


def describe_ladder(district: str | None = None) -> list[str]:
    """One German line per quasi-identifier for the review screen: its rungs in order."""
    return [f"{QI_LABELS[qi]}: " + " → ".join(level.name for level in levels)
            for qi, levels in ladder(district).items()]


def generalise(qi: pd.DataFrame, levels: Mapping[str, str],
               district: str | None = None) -> pd.DataFrame:
    """The QI table as a package would show it at the given levels (missing QI: exact)."""
    rungs = ladder(district)
    return pd.DataFrame({
        name: level_of(rungs, name, levels.get(name, "exact")).generalise(qi[name])
        for name in QI_COLUMNS if name in qi.columns
    }, index=qi.index)


def level_of(rungs: Mapping[str, tuple[Level, ...]], qi: str, key: str) -> Level:
    for level in rungs[qi]:
        if level.key == key:
            return level
    known = ", ".join(level.key for level in rungs[qi])
    raise ValueError(f"unbekannte Stufe {key!r} für {QI_LABELS[qi]}; bekannt: {known}.")
