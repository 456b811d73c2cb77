"""Phrases that single a person out by meaning: found, never replaced on the tool's own guess.

The scrubber removes names and numbers; "der einzige Zahnarzt aus Syrien in der Stadt" has
neither and still points at one person. Such phrases are only flagged: the case manager knows
whether the town has one Syrian dentist or twenty, and decides each flag in the review (keep
with a reason, generalise, delete). The search runs on the text as the package would hold it
(after scrubbing), so offsets index that text and a decision changes exactly what is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["KINDS", "Flag", "find_flags"]

#: German names of the kinds of flags, in the order the review lists them.
KINDS: dict[str, str] = {
    "unique": "Einzigartigkeit",
    "occupation": "Beruf mit Herkunft oder Arbeitgeber",
    "religious_office": "religiöses Amt",
    "employer": "benannter Arbeitgeber",
    "home_village": "Heimatort oder -dorf",
}

#: When flags overlap they become one; the first kind in this order names it and suggests.
_PRIORITY = ("occupation", "religious_office", "unique", "employer", "home_village")


@dataclass(frozen=True)
class Flag:
    """One phrase in one text: ``text[start:end] == phrase``."""

    start: int
    end: int
    phrase: str
    kind: str
    suggestion: str

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)


_W = r"[A-Za-zÄÖÜäöüß]"
_CAP = r"(?:[A-ZÄÖÜ][\wäöüß&'-]*|\[[A-Za-zÄÖÜäöüß]+\])"  # a proper name or a placeholder

# Occupations by the field a generalisation names; compounds end in them ("Zahnärztin").
_OCCUPATIONS: dict[str, tuple[str, ...]] = {
    "im Gesundheitswesen": ("arzt", "ärztin", "apotheker", "apothekerin", "hebamme",
                            "pfleger", "pflegerin", "krankenschwester", "therapeut",
                            "therapeutin", "chirurg", "chirurgin"),
    "im Bildungsbereich": ("lehrer", "lehrerin", "professor", "professorin", "dozent",
                           "dozentin", "erzieher", "erzieherin"),
    "im Handwerk": ("meister", "meisterin", "elektriker", "elektrikerin", "friseur", "friseurin",
                    "schneider", "schneiderin", "tischler", "tischlerin", "mechaniker",
                    "mechanikerin", "mechatroniker", "mechatronikerin", "bäcker", "bäckerin",
                    "metzger", "metzgerin", "schweißer", "schweißerin", "maurer",
                    "maurerin", "schreiner", "schreinerin", "goldschmied", "goldschmiedin"),
    "in einem technischen Beruf": ("ingenieur", "ingenieurin", "informatiker",
                                   "informatikerin", "architekt", "architektin", "pilot",
                                   "pilotin"),
    "in einem kaufmännischen oder juristischen Beruf": (
        "buchhalter", "buchhalterin", "betriebswirt", "betriebswirtin", "jurist", "juristin",
        "anwalt", "anwältin", "richter", "richterin", "verkäufer", "verkäuferin",
        "bankkaufmann", "bankkauffrau"),
    "in Kultur oder Sport": ("journalist", "journalistin", "musiker", "musikerin", "sänger",
                             "sängerin", "sportler", "sportlerin", "fußballer",
                             "fußballerin", "trainer", "trainerin", "schauspieler",
                             "schauspielerin", "künstler", "künstlerin"),
    "in der Landwirtschaft": ("landwirt", "landwirtin", "bauer", "bäuerin"),
}
_FIELD_OF = {stem: field for field, stems in _OCCUPATIONS.items() for stem in stems}
_STEMS = "|".join(sorted(_FIELD_OF, key=len, reverse=True))
# Any capitalised word; whether it is an occupation is decided by its ending (fast: the pattern
# does not try every stem at every position).
_OCC = r"\b(?-i:[A-ZÄÖÜ])[\wäöüß-]*"
_OCC_ENDING = re.compile(rf"(?:{_STEMS})(?:s|en|n)?$")


def _occupation_word(word: str) -> str | None:
    """The stem of the occupation ``word`` ends in ("Zahnärztin" → "ärztin"), or None."""
    match = _OCC_ENDING.search(word.lower())
    if match is None:
        return None
    stem = re.sub(r"(?:s|en|n)$", "", match.group(0))
    return stem if stem in _FIELD_OF else match.group(0)


# Offices of a religious community; a church's staff counts as much as a mosque's.
_RELIGIOUS = ("imam", "imamin", "vorbeter", "vorbeterin", "muezzin", "hodscha", "hoca",
              "pfarrer", "pfarrerin", "pastor", "pastorin", "pope", "priester", "priesterin",
              "diakon", "diakonin", "rabbiner", "rabbinerin", "kantor", "kantorin",
              "mönch", "nonne", "scheich", "mullah", "gemeindevorsteher",
              "gemeindevorsteherin", "kirchenvorstand", "moscheevorstand")

# Institutions the conference needs by name: "bei" them is no employer of the client's.
_INSTITUTIONS = {"jobcenter", "agentur", "ausländerbehörde", "familienkasse", "bamf", "vhs",
                 "caritas", "awo", "drk", "diakonie", "jugendamt", "sozialamt", "stadt",
                 "kreis", "gemeinde", "schule", "kita", "bezirksregierung", "ihk", "hwk",
                 "zab", "krankenkasse", "aok", "tk", "barmer", "ikk", "bundesagentur",
                 "integrationskurs", "beratungsstelle", "anerkennungsstelle", "landkreis",
                 "ärztekammer", "zahnärztekammer", "handwerkskammer", "wohngeldstelle"}

_QUAL = (r"(?:\s+(?:aus|in|im|an|am|der|des|mit|von|bei|unter)\s+"
         r"(?:(?:der|dem|den|des|einer|einem|seiner|ihrer|seinem|ihrem|seinen|ihren)\s+)?(?-i:{cap})(?:\s+(?-i:{cap}))?)")
_QUAL = _QUAL.format(cap=_CAP)
_UNIQUE = re.compile(
    rf"\b(?:(?:der|die|das|den|dem|des|als)\s+)?einzigen?[rs]?\s+(?:(?-i:[a-zäöü][\w-]*)\s+)?"
    rf"(?P<noun>(?-i:[A-ZÄÖÜ])[\w-]*){_QUAL}{{0,2}}"
    rf"|\bals\s+erste[rn]?\b(?:\s+(?P<noun2>(?-i:[A-ZÄÖÜ])[\w-]*))?{_QUAL}{{0,2}}"
    rf"|\b(?:der|die|das)\s+erste[rn]?\s+(?P<noun3>(?-i:[A-ZÄÖÜ])[\w-]*){_QUAL}{{1,2}}",
    re.IGNORECASE)
# Nouns for people: a phrase of uniqueness about a course or an office is a finding, no flag.
_PERSON_NOUNS = {"frau", "mann", "kind", "kinder", "person", "personen", "familie", "mensch",
                 "mutter", "vater", "schwester", "bruder", "tochter", "sohn", "witwe",
                 "witwer", "geflüchtete", "geflüchteter", "kurde", "kurdin", "afghane",
                 "jeside", "jesidin", "türke", "pole", "russe", "roma", "muslima", "christ",
                 "christin", "jüdin", "jude", "frauen", "männer", "mädchen", "junge",
                 "jugendliche", "jugendlicher", "schülerin", "schüler", "absolventin"}
_NOT_PERSONS = {"träger", "anbieter", "computer", "zimmer", "sommer", "winter", "termin",
                "ansprechpartner", "ansprechpartnerin", "hindernis", "kalender"}


def _person_noun(word: str | None) -> bool:
    if not word:
        return True
    word = word.lower()
    if word in _NOT_PERSONS:
        return False
    # demonyms in -e: Kosovare, Bulgare, Slowake, Slowene, Chinese, Senegalese
    return (word in _PERSON_NOUNS or word.endswith(("in", "er", "ling", "innen", "are", "ane",
                                                    "ake", "ene", "ese"))
            or _occupation_word(word) is not None)


_OCCUPATION = re.compile(
    rf"\b{_W}+ische[nrs]?\s+(?P<a>{_OCC})"
    rf"|(?P<b>{_OCC})\s+(?:(?:aus|in)\s+(?-i:{_CAP})|bei\s+(?:(?:der|einer)\s+Firma\s+|"
    rf"Firma\s+)?(?-i:{_CAP})(?:\s+(?-i:{_CAP}))?)"
    rf"|\bin\s+(?-i:{_CAP})\s+als\s+(?P<c>{_OCC})",
    re.IGNORECASE)
# Leading a community's group: "Chorleiterin in der Kirche", "Vorsitzender des Moscheevereins".
_CONGREGATION_ROLE = re.compile(
    r"\b[\wäöüß]*(?:leiter|leiterin|vorsitzende[rn]?)\s+(?:in\s+|im\s+|bei\s+)?(?:der|des|dem|einer)?"
    r"\s*[\wäöüß-]*(?:kirche|moschee|moscheeverein[s]?|tempel[s]?|synagoge|gurdwara)\b",
    re.IGNORECASE)
_RELIGION = re.compile(
    r"\b(?:Ober|Haupt|Gemeinde|Moschee|Kirchen|Dorf)?(?:"
    + "|".join(sorted(_RELIGIOUS, key=len, reverse=True))
    + rf")(?:s|en|n|in)?\b(?:\s+(?:der|des|einer|in|im|an|am|bei)\s+(?:(?:der|dem)\s+)?"
    rf"(?-i:{_CAP})(?:[ -](?-i:{_CAP}))?)?",
    re.IGNORECASE)
_EMPLOYER = re.compile(
    r"\b(?:arbeitet|beschäftigt|angestellt|eingestellt|tätig|Anstellung|Arbeitsvertrag"
    r"|Ausbildung(?:splatz|sstelle)?|Praktikum(?:splatz)?|Minijob|Job|Stelle|Schicht\w*"
    r"|Vorarbeiter(?:in)?)\b"
    r"[^.;:]{0,40}?\bbei\s+(?:der\s+Firma\s+|Firma\s+)?"
    r"(?P<name>(?-i:[A-ZÄÖÜ][\wäöüß&.'-]+|\[Firma\])(?:\s+(?-i:[A-ZÄÖÜ&][\wäöüß&.'-]*)){0,2})",
    re.IGNORECASE)
# Positions a firm has few of: "Praktikum bei [Firma]" still points at one person to whoever
# knows the firm; "arbeitet bei [Firma]" does not (no flag: the review is not flooded).
_FEW_THERE = re.compile(r"(?i:Praktikum|Ausbildung|Vorarbeiter)")
# "aus einem Dorf bei [Herkunftsort]": a village near a town still narrows the origin down to
# the people of a few streets, although the town's name is gone
_NEAR_TOWN = re.compile(r"(?i:dorf|ort)\s+(?:bei|nahe|in\s+der\s+Nähe\s+von)\s+\[")
# "Sie geht zur Moschee in …, dort leitet sie den Frauenkreis": a role in a community named
# just before (within the sentence or the one before it)
_LEADS = r"leitet|führt|organisiert|unterrichtet|koordiniert|betreut"
_LEADS_THERE = re.compile(
    rf"\b(?:(?:dort|da)\s+(?:{_LEADS})\s+(?:sie|er)|(?:{_LEADS})\s+(?:sie|er)\s+dort)"
    r"\s+(?:den|die|das|einen|eine)\s+(?-i:[A-ZÄÖÜ])[\wäöüß-]*",
    re.IGNORECASE)
_LEADS_HINT = re.compile(_LEADS)
_WORSHIP_HINT = re.compile(r"moschee|kirche|tempel|synagoge|gemeinde|cemevi|gurdwara")
_VILLAGE = re.compile(
    rf"\b(?:Heimatdorf|Heimatort|Heimatstadt|Geburtsort|Herkunftsdorf|Dorf|Kleinstadt)"
    rf"\s+(?:namens\s+)?(?-i:{_CAP})(?:\s+(?-i:{_CAP}))?(?:\s+(?:bei|nahe|in)\s+(?-i:{_CAP}))?"
    rf"|\baus\s+(?:dem|einem)\s+(?:kleinen\s+)?(?:Dorf|Ort|Bergdorf|Fischerdorf)\s+"
    rf"(?:(?:namens|bei|nahe)\s+)?(?-i:{_CAP})(?:\s+(?-i:{_CAP}))?",
    re.IGNORECASE)


def _occupation_suggestion(phrase: str) -> str:
    """"in Syrien als Zahnärztin" → "als Fachkraft im Gesundheitswesen", the grammar kept."""
    stems = [_occupation_word(w) for w in re.findall(r"[\wäöüß-]+", phrase)]
    stem = next((s for s in stems if s), None)
    field = f" {_FIELD_OF[stem]}" if stem in _FIELD_OF else ""
    first = phrase.split()[0].lower()
    if first == "in" or " als " in f" {phrase.lower()} ":
        return f"als Fachkraft{field}"
    if first in ("der", "die", "das", "den", "dem", "ein", "eine", "einen", "einem"):
        return f"eine Fachkraft{field}"
    return f"Fachkraft{field}"


def _suggest(kind: str, phrase: str) -> str:
    if kind == "occupation":
        return _occupation_suggestion(phrase)
    if kind == "religious_office":
        return "in einer Religionsgemeinschaft engagiert"
    if kind == "employer":
        return "bei einem Arbeitgeber"
    if kind == "home_village":
        return "aus einem Ort im Herkunftsland"
    if any(_occupation_word(w) for w in re.findall(r"[\wäöüß-]+", phrase)):
        return _occupation_suggestion(phrase)
    return "eine Person"


_OCC_ANYWHERE = re.compile(rf"(?:{_STEMS})(?:s|en|n)?\b")
_RELIGIOUS_ANYWHERE = re.compile("|".join(_RELIGIOUS))
_EMPLOYER_HINT = re.compile(r"arbeit|beschäftigt|angestellt|eingestellt|anstellung|tätig|vertrag"
                            r"|ausbildung|praktikum|job|stelle|schicht")
_VILLAGE_HINT = re.compile(r"dorf|heimat|geburtsort|kleinstadt|\bort\b")


def _raw_flags(text: str) -> list[tuple[int, int, str]]:
    """Each pattern runs only on texts holding its key words: most notes hold none."""
    found: list[tuple[int, int, str]] = []
    low = text.lower()
    unique = "einzig" in low or "erste" in low
    occupation = _OCC_ANYWHERE.search(low) is not None
    religion = _RELIGIOUS_ANYWHERE.search(low) is not None
    employer = "bei " in low and _EMPLOYER_HINT.search(low) is not None
    village = _VILLAGE_HINT.search(low) is not None
    for match in _UNIQUE.finditer(text) if unique else ():
        if _person_noun(match.group("noun") or match.group("noun2") or match.group("noun3")):
            found.append((match.start(), match.end(), "unique"))
    for match in _OCCUPATION.finditer(text) if occupation else ():
        if not _occupation_word(match.group("a") or match.group("b") or match.group("c")):
            continue
        tail = match.group(0).split()[-1].lower().strip(".,")
        if tail in _INSTITUTIONS:
            continue
        found.append((match.start(), match.end(), "occupation"))
    for match in _RELIGION.finditer(text) if religion else ():
        found.append((match.start(), match.end(), "religious_office"))
    if "leiter" in low or "vorsitz" in low:
        found += [(*m.span(), "religious_office") for m in _CONGREGATION_ROLE.finditer(text)]
    for match in _EMPLOYER.finditer(text) if employer else ():
        name = match.group("name")
        if name.split()[0].lower().strip(".,") in _INSTITUTIONS:
            continue
        if name.startswith("[Firma]"):
            # the firm is gone, but an intern, apprentice or foreman is one of few there
            if _FEW_THERE.match(match.group(0)):
                found.append((match.start(), match.start("name") + len("[Firma]"), "employer"))
        elif not name.startswith("["):
            found.append((match.start("name") - len("bei "), match.end(), "employer"))
    for match in _VILLAGE.finditer(text) if village else ():
        phrase = match.group(0).rstrip()
        if not phrase.endswith("]") or _NEAR_TOWN.search(phrase):
            found.append((match.start(), match.end(), "home_village"))
    if _LEADS_HINT.search(low) and _WORSHIP_HINT.search(low):
        found += [(*m.span(), "religious_office") for m in _LEADS_THERE.finditer(text)
                  if _WORSHIP_HINT.search(low, max(0, m.start() - 160), m.start())]
    return found


def find_flags(text: str) -> list[Flag]:
    """Every singling-out phrase of ``text``, overlapping finds joined, in text order."""
    spans = sorted(_raw_flags(text or ""))
    joined: list[tuple[int, int, set[str]]] = []
    for start, end, kind in spans:
        if joined and start < joined[-1][1]:
            last = joined[-1]
            joined[-1] = (last[0], max(last[1], end), last[2] | {kind})
        else:
            joined.append((start, end, {kind}))
    flags = []
    for start, end, kinds in joined:
        phrase = text[start:end].rstrip(" ,")
        end = start + len(phrase)
        kind = next(k for k in _PRIORITY if k in kinds)
        flags.append(Flag(start, end, phrase, kind, _suggest(kind, phrase)))
    return flags
