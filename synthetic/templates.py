"""The texts: note, obstacle and goal templates as case managers write them.

The placeholder language is described in notes.py, which renders these templates. Each
template carries what goes into the row beside the text (event kinds, institution, obstacle
category and typical waiting time in days), so the row and its text always fit together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\{[^}]+\}|\[|\]")


@dataclass(frozen=True)
class Template:
    tokens: tuple
    needs: frozenset[str]
    kinds: tuple[str, ...] = ()
    inst: str | None = None
    category: str | None = None
    wait: tuple[int, int] = (0, 0)
    origins: tuple[str, ...] = ()
    weight: float = 1.0


# A person after one of these words is in the dative or accusative: "mit Herrn Haddad".
_OBLIQUE = frozenset({"mit", "von", "für", "an", "bei", "zu", "über", "durch", "gegen", "ohne",
                      "um", "nach", "aus"})
_PEOPLE = frozenset({"K", "P", "C", "R", "T"})


def parse(text: str) -> tuple[tuple, frozenset[str]]:
    """Split a template into literals, placeholders and optional groups, once at import.

    Tokens are (kind, value, arg, oblique): kind 0 literal, 1 placeholder, 2 optional group.
    `oblique` marks a person placeholder after a preposition (or after "und"/"sowie" following
    one, or with an explicit ":obl"), where "Herr" declines to "Herrn". Placeholders starting
    with "?" or "!" are requirements only ({?C} needs a child, {!P} needs no partner).
    """
    stack: list[list] = [[]]
    needs: set[str] = set()
    pos = 0
    previous_oblique = False
    for match in _TOKEN.finditer(text):
        literal = text[pos:match.start()]
        if literal:
            stack[-1].append((0, literal, None, False))
        token = match.group()
        if token == "[":
            stack.append([])
        elif token == "]":
            group = stack.pop()
            stack[-1].append((2, tuple(group), None, False))
        else:
            name, _, rest = token[1:-1].partition(":")
            arg, _, case = rest.partition(":")
            if arg == "obl":
                arg, case = "", "obl"
            oblique = False
            if name in _PEOPLE:
                words = literal.split()
                last = words[-1].lower() if words else ""
                oblique = case == "obl" or last in _OBLIQUE or (
                    last in ("und", "sowie") and previous_oblique)
                previous_oblique = oblique
            if name[0] in "?!":
                needs.add(name if name[0] == "!" else name[1:])
            else:
                stack[-1].append((1, name, arg or None, oblique))
            if name in ("P", "C", "R"):
                needs.add(name)
            elif name == "FAM":
                needs.add("hh")
            elif name == "EMAIL" and arg == "client":
                needs.add("E")
        pos = match.end()
    if pos < len(text):
        stack[-1].append((0, text[pos:], None, False))
    if len(stack) != 1:
        raise ValueError(f"unbalanced [ ] in template: {text}")
    return tuple(stack[0]), frozenset(needs)


def _t(text: str, kinds: str = "", inst: str | None = None, category: str | None = None,
       wait: tuple[int, int] = (0, 0), origins: str = "", weight: float = 1.0) -> Template:
    tokens, needs = parse(text)
    return Template(tokens, needs, tuple(kinds.split()), inst, category, wait,
                    tuple(origins.split()), weight)


FIRST_CONTACT = [
    _t("Erstgespräch mit {K} im Büro. Anliegen: Unterstützung bei {topics}. "
       "Einwilligungserklärung und Schweigepflichtentbindung unterschrieben.", "consultation"),
    _t("Erstkontakt: {K} wurde von der {mbe} an KIM verwiesen.[ Dolmetscherin für {lang} "
       "über den Sprachmittlerpool angefragt.]", "consultation referral", "mbe"),
    _t("Telefonischer Erstkontakt mit {K:title}, Termin zur Erstberatung am {DATE:next} "
       "vereinbart.", "phone"),
    _t("Erstberatung mit {K} und {P}[ sowie {T:interpreter}]. Familie lebt seit {arrival_year} "
       "in Deutschland, seit {month} in {muni}.", "consultation"),
    _t("Erstberatung. {K} spricht {lang} und etwas Englisch. Schweigepflichtentbindung für "
       "Jobcenter und Ausländerbehörde unterschrieben.", "consultation"),
    _t("{K:title} kam ohne Termin in die offene Sprechstunde und brachte Bescheide des Jobcenters "
       "mit; {sie} versteht die Schreiben nicht. Erstgespräch geführt.", "consultation"),
    _t("Vermittlung über {T:volunteer}. Erstes Gespräch mit {K}, Anliegen vor allem {topic1}.",
       "consultation referral"),
    _t("Hausbesuch bei {FAM}, {ADDR}. Erstgespräch mit allen Familienmitgliedern, Bedarfe in "
       "mehreren Handlungsfeldern.", "consultation"),
    _t("Erstgespräch; {K} wurde vom {jc} (Fallmanagement) an KIM vermittelt[, "
       "BG-Nr. {BG}]. Vollmacht unterschrieben.", "consultation referral", "jc"),
    _t("Erstberatung mit {K:full}, geb. {DATE:birth}, aus {country}. Schwerpunkt: {topic1}.",
       "consultation"),
]

AGREEMENT = [
    _t("Integrationsvereinbarung mit {K} unterschrieben. Vereinbarte Handlungsfelder: {topics}.",
       "consultation"),
    _t("Entwurf der Integrationsvereinbarung besprochen; {K:title} möchte sich zuerst um {topic1} "
       "kümmern.", "consultation"),
    _t("Integrationsvereinbarung mit {FAM} abgeschlossen; Kopie ausgehändigt[, {T:interpreter} "
       "hat übersetzt].", "consultation"),
    _t("Ziele und nächste Schritte in der Integrationsvereinbarung festgehalten, Überprüfung in "
       "{months} Monaten.", "consultation"),
    _t("Integrationsvereinbarung unterschrieben (Handlungsfelder: {topics}). {K:given} wirkte "
       "erleichtert.", "consultation"),
]

CLOSURE = [
    _t("Abschlussgespräch mit {K}: Ziele der Integrationsvereinbarung überwiegend erreicht, "
       "Fall wird abgeschlossen.", "consultation"),
    _t("{FAM} ist nach {other_place} verzogen; Fall an das KIM dort übergeben "
       "(Einwilligung liegt vor).", "other referral"),
    _t("Seit Monaten kein Kontakt mehr, Briefe und Anrufe unbeantwortet. Fall abgeschlossen.",
       "other"),
    _t("Fallabschluss: {K:title} arbeitet jetzt bei {employer} und braucht keine Begleitung "
       "mehr.", "consultation"),
    _t("Abschluss: {K} wird in die Regelberatung der {mbe} übergeleitet.", "referral", "mbe"),
    _t("Abschlussgespräch, Rückmeldebogen ausgefüllt; {K:given} bedankt sich für die "
       "Unterstützung.", "consultation"),
    _t("Fall abgeschlossen. {K:title} ist am {DATE:past} nach {other_place} umgezogen, neue "
       "Anschrift liegt nicht vor.", "other"),
]

PAUSE = [
    _t("Fall ruht: {K} ist in Elternzeit und meldet sich danach wieder.{?C}", "other"),
    _t("{K:title} ist vorübergehend zu Verwandten nach {other_place} gezogen; Fall ruht.",
       "other"),
    _t("Fall ruht während der stationären Reha von {K}.", "other"),
    _t("Keine Rückmeldung auf zwei Terminangebote; Fall ruht bis auf Weiteres.", "phone other"),
    _t("{K:title} ist für einige Wochen in {country} (Erkrankung der Mutter); Fall ruht.",
       "other"),
]

# Any Handlungsfeld: short entries without identifiers, as most entries are.
GENERIC = [
    _t("Telefonat, Termin verschoben.", "phone"),
    _t("Kurzkontakt in der offenen Sprechstunde, Schreiben erklärt.", "consultation"),
    _t("Nachfrage zum Stand; nichts Neues.", "phone"),
    _t("Unterlagen kopiert und zur Akte genommen.", "other"),
    _t("Termin nicht wahrgenommen, neuer Termin per SMS angeboten.", "other"),
    _t("Gespräch über die nächsten Schritte laut Integrationsvereinbarung.", "consultation"),
    _t("Rücksprache mit {T:colleague} zur Fallverteilung.", "other"),
    _t("{K:title} meldet sich per WhatsApp mit Fragen zu einem Brief; Rückruf vereinbart.",
       "phone"),
    _t("{K:gen} Unterlagen sortiert, fehlende Nachweise notiert.", "consultation"),
]

ASSESSMENT_GENERIC = [
    _t("Bestandsaufnahme: Unterlagen gesichtet (Pass, Aufenthaltstitel, Bescheide, Mietvertrag). "
       "Kopien zur Akte.", "consultation"),
    _t("Bestandsaufnahme fortgesetzt; Ressourcen und Netzwerk von {K} erfasst (Verwandte in "
       "{other_place}, Kontakt zur Gemeinde).", "consultation"),
    _t("Bestandsaufnahme mit {K} und {P}: Situation in allen Handlungsfeldern besprochen.",
       "consultation"),
    _t("Ecomap mit {K:given} erstellt; wichtigste Unterstützer sind {R} und Nachbarn.",
       "consultation"),
]

ASSESSMENT: dict[str, list[Template]] = {
    "residence": [
        _t("Aufenthaltsrechtliche Situation von {K:title} geklärt: {residence}. Verlängerung "
           "steht in den nächsten Monaten an.", "consultation", "abh"),
        _t("Aufenthaltsstatus: {residence}[, Az. der ABH {AZ:abh}]. Pass liegt vor "
           "(Nr. {PASS}).", "consultation", "abh"),
    ],
    "language": [
        _t("Sprachstand erfasst: {K} hat den Integrationskurs bis {level} besucht, DTZ noch nicht "
           "bestanden.", "consultation"),
        _t("Sprachstand: kaum Deutschkenntnisse, Alphabetisierung in lateinischer Schrift nötig.",
           "consultation"),
    ],
    "work": [
        _t("Berufliche Biografie: in {country} als {prof} gearbeitet, in Deutschland bisher "
           "Helfertätigkeiten bei {employer}.", "consultation"),
        _t("Beruflicher Werdegang von {K} erfasst; Lebenslauf fehlt, wird gemeinsam erstellt.",
           "consultation"),
    ],
    "recognition": [
        _t("Zeugnisse und Diplom ({prof}) aus {country} im Original vorhanden, beglaubigte "
           "Übersetzung fehlt.", "consultation"),
    ],
    "education": [
        _t("Schulische Situation besprochen: {C} besucht die {school}, Sprachförderung läuft.",
           "consultation", "school"),
        _t("{K} möchte einen Schulabschluss nachholen; in {country} nur sechs Jahre Schule.",
           "consultation"),
    ],
    "childcare": [
        _t("Betreuungssituation: {C} ist zu Hause, kein Kita-Platz. {K:title} kann deshalb keinen "
           "Sprachkurs besuchen.", "consultation"),
    ],
    "housing": [
        _t("Wohnsituation: {household} Personen auf zwei Zimmern, {ADDR}; Schimmel im "
           "Kinderzimmer.{?big}", "consultation"),
        _t("Wohnsituation: Übergangsunterkunft der Stadt {muni}, Wohnsitzauflage "
           "({district_name}).", "consultation"),
    ],
    "health": [
        _t("Gesundheit: {K} berichtet von Schlafstörungen und Kopfschmerzen seit der Flucht; "
           "Hausarzt vorhanden.", "consultation"),
        _t("Gesundheitliche Situation: {R} ist pflegebedürftig, Pflegegrad noch nicht beantragt.",
           "consultation"),
    ],
    "family": [
        _t("Familiensituation: Ehepartner und Kinder leben noch in {country} bzw. einem "
           "Nachbarland; Familiennachzug gewünscht.{!P}", "consultation"),
        _t("Familiäre Situation besprochen; {K} ist alleinerziehend mit {C} und weiteren "
           "Kindern.{!P}", "consultation"),
    ],
    "benefits": [
        _t("Leistungsbezug geprüft: Bürgergeld vom {jc}[ (BG-Nr. {BG})], Kindergeld noch nicht "
           "beantragt.", "consultation", "jc"),
        _t("Einkommen und Leistungen erfasst; Bescheide unvollständig, Kinderzuschlag nie "
           "beantragt.", "consultation"),
    ],
    "debt": [
        _t("Schuldensituation: Forderungen von Inkassobüros (Handyvertrag, Fitnessstudio) über "
           "ca. {amount} €.", "consultation"),
    ],
    "authorities": [
        _t("Post der letzten Monate gesichtet; mehrere Schreiben unbeantwortet (Rundfunkbeitrag, "
           "Stadtwerke).", "consultation"),
    ],
    "orientation": [
        _t("Interessen und Kontakte erfasst: Kontakt zur Gemeinde, kaum Kontakte zu Nachbarn.",
           "consultation"),
    ],
    "documents": [
        _t("Dokumente: Nationalpass abgelaufen; {K:title} besitzt nur eine Kopie der "
           "Geburtsurkunde.", "consultation"),
        _t("Identitätsnachweise: {K} hat {idcard} in Kopie, Pass Nr. {PASS} ist abgelaufen.",
           "consultation"),
    ],
    "mobility": [
        _t("Führerschein aus {country} vorhanden, {K} lebt seit mehr als sechs Monaten in "
           "Deutschland – Umschreibung nötig.", "consultation"),
    ],
}

MONITORING: dict[str, list[Template]] = {
    "residence": [
        _t("Fiktionsbescheinigung liegt vor; der Verlängerungsantrag ist gestellt.",
           "other", "abh"),
        _t("Beratung zu den Voraussetzungen der Niederlassungserlaubnis (B1, 60 Monate "
           "Rentenbeiträge, gesicherter Lebensunterhalt).", "consultation"),
        _t("Antrag auf Verlängerung der Aufenthaltserlaubnis bei der {abh} eingereicht[ "
           "(Az. {AZ:abh})]. Fiktionsbescheinigung wurde ausgestellt.", "application", "abh"),
        _t("Sachstandsanfrage bei {T:abh}: Antrag von {K:title} liegt noch unbearbeitet, "
           "Bearbeitungszeit derzeit mehrere Monate.", "phone", "abh"),
        _t("Begleitung zur {abh}[ am {DATE}]: Vorsprache wegen Niederlassungserlaubnis, Nachweis "
           "B1 und Rentenversicherungszeiten fehlen noch.", "accompaniment", "abh"),
        _t("Bescheid der {abh}: Aufenthaltserlaubnis verlängert. eAT kann abgeholt werden[, "
           "Kartennummer {PASS:eat}].", "decision", "abh"),
        _t("Online-Terminbuchung der {abh} zeigt keine freien Termine; Mail an {EMAIL:abh} "
           "geschrieben.", "other", "abh"),
        _t("{K:gen} Fiktionsbescheinigung läuft in drei Wochen ab; Verlängerung bei der {abh} "
           "beantragt.", "application", "abh"),
        _t("Beratung zu § 25b AufenthG: {K} erfüllt die Voraussetzungen voraussichtlich ab "
           "{month}.", "consultation"),
        _t("Antrag auf Chancen-Aufenthaltsrecht (§ 104c AufenthG) mit {K:title} ausgefüllt und an "
           "die {abh} geschickt[, Az. {AZ:abh}].", "application", "abh", weight=0.5),
        _t("Telefonat mit der Ausländerbehörde[ ({PHONE:abh})]: Passpflicht muss erfüllt werden, "
           "sonst keine Verlängerung.", "phone", "abh"),
        _t("Anhörungsschreiben der {abh} (Az. {AZ:abh}) erhalten, Frist zur Stellungnahme "
           "{DATE:next}. Kontakt zu {T:lawyer} aufgenommen.", "decision referral", "abh"),
        _t("Post vom BAMF: Widerrufsprüfung eingeleitet, Gz. {AZ:bamf}. {K:given} ist sehr "
           "verunsichert.", "decision", "bamf", weight=0.5),
        _t("Asylverfahren: Anhörung beim BAMF hat stattgefunden, Entscheidung steht aus "
           "(Gz. {AZ:bamf}).", "other", "bamf"),
    ],
    "language": [
        _t("Kursbescheinigung über die Teilnahme am Integrationskurs (Modul 4) liegt vor.",
           "other", "vhs"),
        _t("Anmeldung zur DTZ-Prüfung erfolgt; Prüfungstermin steht noch nicht fest.",
           "application", "vhs"),
        _t("Anmeldung zum Integrationskurs bei der {vhs}; Kursbeginn voraussichtlich {month}, "
           "Kinderbetreuung gibt es nicht.", "referral", "vhs"),
        _t("Antrag auf Zulassung zum Integrationskurs beim BAMF gestellt, Berechtigungsschein "
           "liegt noch nicht vor.", "application", "bamf"),
        _t("{K} hat den DTZ mit {level} bestanden. Zertifikat in Kopie zur Akte.", "decision",
           "vhs"),
        _t("{K:title} hat den Kurs bei der {vhs} abgebrochen, weil {ihr}e Kinderbetreuung "
           "weggefallen ist.{?C}", "consultation", "vhs"),
        _t("Vermittlung in einen Berufssprachkurs B2 (DeuFöV) über das {jc}; Kursträger {ikt}.",
           "referral", "ikt"),
        _t("Rückmeldung {ikt}: {K} fehlt häufig, Kursabbruch droht.", "phone", "ikt"),
        _t("Lernstand besprochen; {K:given} übt mit der App und geht ins Sprachcafé der "
           "{ehrenamt}.", "consultation"),
        _t("Frauenkurs mit Kinderbetreuung bei {ikt} angefragt – Warteliste, frühestens in "
           "{months} Monaten.{?C}{?f}", "phone", "ikt"),
    ],
    "work": [
        _t("Bewerbungstraining im Jobcenter besucht; Unterlagen liegen vor.", "other", "jc"),
        _t("Praktikum (vier Wochen) im Einzelhandel vereinbart.", "referral"),
        _t("Termin im {jc} mit {T:jc}; Kooperationsplan aktualisiert[, BG-Nr. {BG}].",
           "accompaniment consultation", "jc"),
        _t("Vermittlungsvorschlag für eine Helferstelle bei {employer}; Bewerbung mit {K:title} "
           "geschrieben und verschickt.", "referral application", "jc"),
        _t("{K} hat einen Arbeitsvertrag bei {employer} unterschrieben (Teilzeit, 25 Std.).",
           "decision"),
        _t("Rückruf von {T:employer}: {K:title} kann zum Probearbeiten kommen[, Tel. "
           "{PHONE:employer}].", "phone"),
        _t("Antrag auf Beschäftigungserlaubnis bei der {abh} gestellt, Arbeitgeber hat die "
           "Stellenbeschreibung ausgefüllt.", "application", "abh"),
        _t("Beratung zu Minijob und Anrechnung auf das Bürgergeld; {K} möchte lieber eine "
           "Ausbildung beginnen.", "consultation"),
        _t("Anmeldung zur Berufsberatung bei der {aa}[, Kundennummer {AZ:aa}].", "referral", "aa"),
        _t("Begleitung zum Vorstellungsgespräch bei {employer}; Rückmeldung positiv, Entscheidung "
           "in zwei Wochen.", "accompaniment"),
        _t("Lebenslauf mit {K:given} aktualisiert und als PDF an {EMAIL:client} geschickt.",
           "other"),
        _t("{K:gen} Lebenslauf überarbeitet, Bewerbung bei {employer} vorbereitet.",
           "application"),
        _t("Gespräch mit {T:aa} über eine Umschulung zur Pflegefachkraft.", "consultation", "aa"),
    ],
    "recognition": [
        _t("Übersetzungen beim vereidigten Übersetzer in Auftrag gegeben; Kosten ca. 240 €.",
           "other"),
        _t("Anerkennungszuschuss des Bundes beantragt.", "application"),
        _t("Antrag auf Approbation bei der {anerk} gestellt; Fachsprachprüfung (C1 Medizin) bei "
           "der Kammer angemeldet.{?doc}", "application", "anerk"),
        _t("Berufserlaubnis nach § 10 BÄO beantragt, bis die Approbation erteilt ist.{?doc}",
           "application", "anerk", weight=0.5),
        _t("Anerkennungsberatung ({iq}): Abschluss als {prof}, zuständig ist die {anerk}.",
           "referral consultation", "iq"),
        _t("Antrag auf Anerkennung als {prof} bei der {anerk} gestellt; Unterlagen: Diplom, "
           "Fächerübersicht, beglaubigte Übersetzungen.", "application", "anerk"),
        _t("Bescheid der {anerk}: teilweise Gleichwertigkeit, Ausgleichsmaßnahme erforderlich.",
           "decision", "anerk"),
        _t("Nachfrage bei der {anerk}: es fehlen Nachweise über die Berufserfahrung; {K:title} "
           "versucht, sie aus {country} zu bekommen.", "phone", "anerk"),
        _t("Antrag auf Übernahme der Anerkennungskosten beim {jc} gestellt (Gebühren ca. "
           "{amount} €).", "application", "jc"),
        _t("Zeugnisbewertung bei der ZAB für {K:gen} Hochschulabschluss beantragt.",
           "application", "zab"),
        _t("Vermittlung in eine Anpassungsqualifizierung über das IQ Netzwerk; Start {month}.",
           "referral", "iq"),
    ],
    "education": [
        _t("Platz in der Seiteneinsteigerklasse bestätigt.", "decision", "school"),
        _t("Elternabend besucht; Elternbriefe werden künftig übersetzt.",
           "accompaniment", "school"),
        _t("Schulanmeldung für {C} an der {school} eingereicht.", "application", "school"),
        _t("Elterngespräch an der {school} mit {T:teacher}; {C} braucht mehr Sprachförderung.",
           "accompaniment", "school"),
        _t("BuT-Antrag (Klassenfahrt, Schulbedarf) für {C} beim {jc} gestellt.", "application",
           "jc"),
        _t("Anruf von {T:teacher}: {C} fehlt seit einer Woche unentschuldigt[, Rückruf unter "
           "{PHONE:teacher}].", "phone", "school"),
        _t("{C} ist bei der Hausaufgabenhilfe der {ehrenamt} angemeldet.", "referral"),
        _t("Beratung am Berufskolleg ({bk}): {C} möchte die Internationale Förderklasse "
           "besuchen.", "accompaniment", "bk"),
        _t("Beratung zum Schulabschluss: {K} möchte den Hauptschulabschluss an der "
           "Abendrealschule nachholen.", "consultation"),
    ],
    "childcare": [
        _t("Kita-Zusage für August erhalten; Eingewöhnung wird geplant.", "decision", "kita"),
        _t("Anmeldung von {C} im Kita-Navigator {muni}; Wartelistenplatz {n}.", "application",
           "ja"),
        _t("{kita}: Aufnahmegespräch für {C} mit {T:kita}; Eingewöhnung startet in zwei Wochen.",
           "accompaniment", "kita"),
        _t("{ja} teilt mit, dass für {C} im nächsten Kita-Jahr kein Platz frei ist; "
           "Rechtsanspruch wird geltend gemacht.", "decision", "ja"),
        _t("Antrag auf Übernahme der Kita-Beiträge für {C:gen} Platz beim {ja} gestellt.",
           "application", "ja"),
        _t("Vermittlung von {C} in ein Brückenprojekt (Kita-Einstieg).", "referral"),
        _t("Platz bei einer Tagesmutter angefragt; Kosten übernimmt das {ja}.", "phone", "ja"),
    ],
    "housing": [
        _t("Wohnungsangebote der Woche durchgesehen, zwei Besichtigungen angefragt.",
           "consultation"),
        _t("Nebenkostenabrechnung geprüft; die Nachzahlung übernimmt das Jobcenter.",
           "consultation", "jc"),
        _t("Wohnungsbesichtigung {ADDR:new} mit {T:landlord}; 3 Zimmer, 78 m², Miete über der "
           "KdU-Grenze.", "accompaniment"),
        _t("Antrag auf Wohnberechtigungsschein bei der Stadt {muni} gestellt.", "application",
           "wohngeld"),
        _t("{T:landlord} ruft an: Mietrückstand von zwei Monaten, Kündigung angedroht.", "phone"),
        _t("Zusicherung zur Übernahme der Mietkosten für {ADDR:new} beim {jc} beantragt.",
           "application", "jc"),
        _t("Wohnungssuche: {K} ist bei {wbg} registriert; bisher nur Absagen.", "consultation",
           "wbg"),
        _t("Mietvertrag unterschrieben, Umzug nach {ADDR:new} zum Monatsende. Kaution als Darlehen "
           "vom {jc} bewilligt.", "decision", "jc"),
        _t("Schimmel im Schlafzimmer; Mail an {T:landlord} ({EMAIL:landlord}) mit Fotos "
           "geschickt.", "other"),
        _t("Kontoverbindung für die Miete an {T:landlord} übermittelt: IBAN {IBAN}.", "other"),
    ],
    "health": [
        _t("Termin beim Facharzt vereinbart, Sprachmittlung organisiert.", "phone"),
        _t("Krankmeldung an Jobcenter und Sprachkursträger weitergeleitet.", "other"),
        _t("Krankenversicherung geklärt: {K} ist bei der {kk} versichert; Gesundheitskarte "
           "beantragt.", "consultation", "kk"),
        _t("Vermittlung an das {psz}; Erstgespräch mit Dolmetscher für {lang}[ am {DATE:next}].",
           "referral", "psz"),
        _t("Begleitung zu {T:doctor}; Überweisung an Facharzt, Wartezeit {months} Monate.",
           "accompaniment"),
        _t("Antrag auf Feststellung der Schwerbehinderung gestellt ({vers}).", "application",
           "vers"),
        _t("{kk}: Kostenübernahme für Dolmetscher bei Psychotherapie abgelehnt.", "decision",
           "kk"),
        _t("U-Untersuchung für {C} beim Kinderarzt nachgeholt, Impfungen aufgefrischt.",
           "accompaniment"),
        _t("{K:title} berichtet von anhaltenden Rückenschmerzen; Attest von {T:doctor} liegt "
           "vor.", "consultation"),
    ],
    "family": [
        _t("Beratung zu Elterngeld und Elternzeit.{?C}", "consultation"),
        _t("Familienberatungsstelle hat einen Termin angeboten.", "referral"),
        _t("Familiennachzug: Visumantrag der Angehörigen bei der {visa} läuft; Wartezeit auf einen "
           "Termin über ein Jahr.{!P}", "application", "visa"),
        _t("Beratung zu Trennung und Sorgerecht; Kontakt zur Familienberatungsstelle hergestellt.",
           "consultation referral"),
        _t("Standesamt: Anerkennung der im Ausland geschlossenen Ehe von {K} und {P} – Urkunden "
           "müssen legalisiert werden.", "application", "std"),
        _t("{ja} meldet sich wegen eines Hinweises der Schule; gemeinsames Gespräch mit {FAM} "
           "vereinbart.", "phone", "ja"),
        _t("Begleitung zum Familiengericht ({gericht}), Az. {AZ:court}.", "accompaniment",
           "gericht"),
        _t("Antrag auf Unterhaltsvorschuss für {C} beim {ja} gestellt.{!P}", "application", "ja"),
    ],
    "benefits": [
        _t("Bürgergeld-Bescheid geprüft, Berechnung korrekt.", "consultation", "jc"),
        _t("Veränderungsmitteilung (Arbeitsaufnahme) an das Jobcenter geschickt.", "other", "jc"),
        _t("Weiterbewilligungsantrag Bürgergeld ausgefüllt und im {jc} abgegeben[ "
           "(BG-Nr. {BG})].", "application", "jc"),
        _t("Kindergeldantrag für {C} bei der {fk}; Steuer-ID des Kindes fehlt noch.",
           "application", "fk"),
        _t("Bescheid der {fk}: Kindergeld bewilligt, Nachzahlung folgt[ (Kindergeldnummer "
           "{AZ:fk})].", "decision", "fk"),
        _t("Telefonat mit {T:jc}: Leistungen eingestellt, weil Kontoauszüge fehlen[; "
           "Durchwahl {PHONE:jc}].", "phone", "jc"),
        _t("Antrag auf Wohngeld und Kinderzuschlag bei der {wohngeld} gestellt (AZ "
           "{AZ:social}).", "application", "wohngeld"),
        _t("Rechtskreiswechsel AsylbLG → SGB II: Antrag beim {jc}, {sa} zahlt nur bis "
           "Monatsende.", "application", "jc"),
        _t("Widerspruch gegen den Rückforderungsbescheid vom {jc} eingelegt; Frist war der "
           "{DATE:next}.", "application", "jc"),
        _t("Basiskonto bei der Sparkasse eröffnet; neue IBAN {IBAN} an {jc} und {fk} gemeldet.",
           "accompaniment"),
        _t("Steuer-ID {AZ:tax} beim Bundeszentralamt für Steuern erfragt und an die {fk} "
           "weitergegeben.", "other", "fk"),
        _t("Antrag auf Berufsausbildungsbeihilfe bei der {aa}[, Kundennummer {AZ:aa}].",
           "application", "aa"),
    ],
    "debt": [
        _t("Haushaltsplan erstellt; monatlicher Spielraum ca. 60 €.", "consultation"),
        _t("Vermittlung an die {sb}; Erstgespräch mit {K:title} am {DATE:next}.", "referral",
           "sb"),
        _t("Forderungsaufstellung erstellt: Handyverträge, Stromnachzahlung, Inkasso – insgesamt "
           "ca. {amount} €.", "consultation", "sb"),
        _t("P-Konto eingerichtet, Bescheinigung über Freibeträge ausgestellt[ (IBAN {IBAN})].",
           "application"),
        _t("Mahnbescheid vom {gericht} erhalten (Az. {AZ:court}); Widerspruch fristgerecht "
           "eingelegt.", "decision application", "gericht"),
        _t("Stadtwerke {muni}: Ratenzahlung von 50 € monatlich vereinbart, Stromsperre "
           "abgewendet.", "phone"),
    ],
    "authorities": [
        _t("Befreiungsbescheid Rundfunkbeitrag liegt vor.", "decision"),
        _t("Meldebescheinigung für die Familienkasse besorgt.", "accompaniment", "bb"),
        _t("Begleitung zum {bb}: Ummeldung nach Umzug, Meldebescheinigung ausgestellt.",
           "accompaniment", "bb"),
        _t("Antrag auf Befreiung vom Rundfunkbeitrag gestellt (Beitragsnummer {AZ:broadcast}).",
           "application"),
        _t("Post sortiert: Schreiben von Jobcenter, Krankenkasse und Stadtwerken erklärt, "
           "Antworten vorbereitet.", "consultation"),
        _t("Online-Antrag gemeinsam ausgefüllt, weil {K} keinen Laptop hat.", "consultation"),
        _t("Telefonat mit dem {sa}: zuständig ist {T:social}[, Tel. {PHONE:social}].", "phone",
           "sa"),
    ],
    "orientation": [
        _t("Infoabend zu Vereinen im Stadtteil besucht.", "accompaniment"),
        _t("Vermittlung von {K} an das Begegnungscafé der {ehrenamt}.", "referral", "ehrenamt"),
        _t("Anmeldung von {C} im Sportverein; Beitrag über BuT.", "referral"),
        _t("Gespräch über Schulsystem, Elternabende und Vereinsleben in Deutschland.",
           "consultation"),
        _t("Teilnahme am Orientierungskurs vereinbart; Test „Leben in Deutschland“ steht aus.",
           "referral", "vhs"),
        _t("Kontakt zu einer Patenschaft der {ehrenamt} hergestellt: {T:volunteer} begleitet "
           "{K:title:obl} künftig zu Terminen.", "referral", "ehrenamt"),
    ],
    "documents": [
        _t("Beglaubigte Kopien der Urkunden für die Akte angefertigt.", "other"),
        _t("Passantrag bei der {kons} vorbereitet; {K:title} muss persönlich vorsprechen, "
           "Reisekosten ungeklärt.", "application", "kons"),
        _t("Nationalpass (Nr. {PASS}) läuft ab; Termin bei der {kons} erst in {months} Monaten.",
           "phone", "kons"),
        _t("Antrag auf Reiseausweis für Ausländer bei der {abh} gestellt, weil die Passbeschaffung "
           "unzumutbar ist.", "application", "abh"),
        _t("Geburtsurkunde für {C} beim {std} beantragt; Nachweis der Identität der Eltern fehlt.",
           "application", "std"),
        _t("{kons} hat den neuen Pass ausgestellt (Nr. {PASS}); Kopie an die {abh} geschickt.",
           "decision", "kons"),
        _t("Identitätsklärung: {K} hat {idcard} nur in Kopie, die {abh} verlangt das Original.",
           "consultation", "abh"),
    ],
    "mobility": [
        _t("Fahrplan und Ticketoptionen zur neuen Arbeitsstelle besprochen.", "consultation"),
        _t("Antrag auf Umschreibung des {adj}en Führerscheins bei der {fs} gestellt; Übersetzung "
           "erforderlich.", "application", "fs"),
        _t("Fahrschule angefragt, ob die Theorieprüfung auf {lang} möglich ist.", "phone"),
        _t("Deutschlandticket mit Sozialrabatt beantragt.", "application"),
        _t("{fs}: Führerschein aus {country} wird nicht umgeschrieben, volle Prüfung nötig.",
           "decision", "fs"),
        _t("Fahrradkurs für Frauen bei der {ehrenamt} vermittelt.{?f}", "referral"),
    ],
}

# Appended to a share of notes; the second sentence is where identifiers often hide.
ADDENDA = [
    _t("Nächster Termin {DATE:next}."),
    _t("WV in zwei Wochen."),
    _t("Rückruf unter {PHONE:client} erbeten."),
    _t("{T:interpreter} war telefonisch zugeschaltet."),
    _t("Unterlagen per Mail an {EMAIL:client} geschickt."),
    _t("{K:given} wirkte erschöpft."),
    _t("Kopien zur Akte."),
    _t("Absprache mit {T:colleague}."),
    _t("Termin musste verschoben werden, {K:title} war krank."),
    _t("Kinder waren dabei, Gespräch deshalb kurz.{?C}"),
    _t("{K:title} ist erreichbar unter {PHONE:client}."),
    _t("Anschrift: {ADDR}."),
    _t("{P} war beim Gespräch dabei."),
    _t("Geburtsdatum laut Pass: {DATE:birth}."),
    _t("Schreiben vom {DATE:past} liegt vor."),
    _t("Vorgang bei {T:jc} nachgefragt."),
    _t("{K:gen} Handy war aus, Nachricht hinterlassen."),
]

OBSTACLES: dict[str, list[Template]] = {
    "residence": [
        _t("Antrag auf Verlängerung der Aufenthaltserlaubnis liegt seit Monaten bei der {abh}; "
           "nur Fiktionsbescheinigung, der Arbeitgeber von {K:title} zögert deshalb mit der "
           "Festanstellung.", inst="abh", category="waiting_time", wait=(90, 540)),
        _t("Keine Termine bei der {abh}: Online-Terminvergabe ausgebucht, E-Mails bleiben "
           "unbeantwortet.", inst="abh", category="waiting_time", wait=(120, 600)),
        _t("{K} hat nur eine Duldung; Beschäftigungsverbot wegen ungeklärter Identität "
           "(§ 60b AufenthG).", inst="abh", category="legal", wait=(180, 900)),
        _t("Asylverfahren beim BAMF seit über einem Jahr offen (Gz. {AZ:bamf}); ohne Entscheidung "
           "kein Zugang zum Integrationskurs.", inst="bamf", category="waiting_time",
           wait=(180, 720)),
        _t("Nach Umzug unklar, welche Ausländerbehörde zuständig ist; die Akte von {K:title} "
           "wurde noch nicht übersandt.", inst="abh", category="responsibility", wait=(60, 200)),
    ],
    "language": [
        _t("Kein Integrationskurs mit Kinderbetreuung in {muni}; nächster Kurs mit "
           "Kinderbetreuung nur in der Nachbarstadt, ohne Auto kaum erreichbar.{?C}", inst="vhs",
           category="missing_offer", wait=(90, 365)),
        _t("Wartezeit auf einen Platz im Integrationskurs bei der {vhs}: mehrere Monate.",
           inst="vhs", category="waiting_time", wait=(60, 240)),
        _t("Kein Alphabetisierungskurs in erreichbarer Nähe; {K:title} kann nicht in lateinischer "
           "Schrift lesen.", inst="ikt", category="missing_offer", wait=(120, 400)),
        _t("Fahrtkosten zum Sprachkurs werden nicht übernommen.", category="cost", wait=(60, 200)),
    ],
    "work": [
        _t("Beschäftigungserlaubnis fehlt; {employer} wollte {K:title:obl} einstellen, die "
           "Zustimmung der {abh} steht aus.", inst="abh", category="legal", wait=(90, 400)),
        _t("Bewerbungen bleiben erfolglos; {K:title} berichtet von offenen Absagen wegen des "
           "Kopftuchs.{?f}", category="discrimination", wait=(30, 200),
           origins="SY AF IQ SO TR LB GN IR"),
        _t("Schreiben und Einladungen vom {jc} nur auf Deutsch; {K} versteht die "
           "Rechtsfolgenbelehrung nicht.", inst="jc", category="language_barrier",
           wait=(60, 300)),
        _t("Jobcenter und Agentur für Arbeit verweisen für die Berufsberatung jeweils auf die "
           "andere Stelle.", inst="jc", category="responsibility", wait=(30, 150)),
    ],
    "recognition": [
        _t("Anerkennungsverfahren ({prof}) bei der {anerk} dauert seit vielen Monaten, Gutachten "
           "ausstehend.", inst="anerk", category="waiting_time", wait=(180, 720)),
        _t("Kosten für Anerkennung, Übersetzungen und Beglaubigungen (ca. {amount} €) übernimmt "
           "keine Stelle.", inst="anerk", category="cost", wait=(90, 365)),
        _t("Nachweise über Studieninhalte aus {country} nicht zu beschaffen; die Universität "
           "antwortet nicht.", inst="anerk", category="documents", wait=(180, 900)),
        _t("Approbation: Wartezeit auf die Kenntnisprüfung über ein Jahr; bis dahin nur eine "
           "befristete Berufserlaubnis.{?doc}", inst="anerk", category="waiting_time",
           wait=(300, 700)),
        _t("Keine Anpassungsqualifizierung für {prof} in der Region; nächster Kurs in Köln mit "
           "Warteliste.", inst="iq", category="missing_offer", wait=(120, 500)),
    ],
    "education": [
        _t("Kein Schulplatz für {C}; Anmeldung beim Schulamt seit Wochen ohne Zuweisung.",
           inst="school", category="missing_offer", wait=(30, 200)),
        _t("Antrag auf Schulbegleitung für {C} beim {ja} seit Monaten nicht beschieden.",
           inst="ja", category="waiting_time", wait=(60, 300)),
        _t("{C} wird in der Klasse ausgegrenzt; die Schule sieht keinen Handlungsbedarf.",
           inst="school", category="discrimination", wait=(30, 200)),
    ],
    "childcare": [
        _t("Kein Kita-Platz für {C} in {muni}; Warteliste mit über {n} Kindern.", inst="kita",
           category="missing_offer", wait=(120, 500)),
        _t("Rechtsanspruch auf einen Kita-Platz für {C:gen} Betreuung geltend gemacht, das {ja} "
           "hat noch nicht entschieden.", inst="ja", category="waiting_time", wait=(60, 300)),
    ],
    "housing": [
        _t("Absagen von Vermietern, sobald Name oder Jobcenter erwähnt werden; {T:landlord} sagte "
           "offen, an Geflüchtete werde nicht vermietet.", category="discrimination",
           wait=(60, 400)),
        _t("Angemessenheitsgrenze der KdU liegt unter den Marktmieten in {muni}; für {household} "
           "Personen keine passende Wohnung.", inst="jc", category="cost", wait=(90, 500)),
        _t("Wohnungssuche mit WBS seit Monaten erfolglos; {wbg} führt eine lange Warteliste.",
           inst="wbg", category="waiting_time", wait=(180, 720)),
        _t("Überbelegung: {household} Personen in einer 2-Zimmer-Wohnung ({ADDR}).{?big}",
           category="other", wait=(60, 300)),
    ],
    "health": [
        _t("Wartezeit auf einen Therapieplatz beim {psz}: rund {months} Monate.", inst="psz",
           category="waiting_time", wait=(120, 365)),
        _t("Keine Kostenübernahme für Sprachmittlung in Arztpraxen; {K} versteht Diagnosen nicht.",
           inst="kk", category="language_barrier", wait=(60, 365)),
        _t("Eingeschränkte Leistungen nach §§ 4, 6 AsylbLG; jede Facharztbehandlung muss beim "
           "{sa} beantragt werden.", inst="sa", category="legal", wait=(60, 300)),
    ],
    "family": [
        _t("Familiennachzug: Termin bei der {visa} erst nach über einem Jahr Wartezeit; die "
           "Familie lebt getrennt.{!P}", inst="visa", category="waiting_time", wait=(240, 900)),
        _t("Ehe aus {country} wird nicht anerkannt, weil die Urkunden nicht legalisiert werden "
           "können.", inst="std", category="documents", wait=(90, 400)),
    ],
    "benefits": [
        _t("Zuständigkeitsstreit zwischen {sa} (AsylbLG) und {jc} (SGB II) nach dem "
           "Rechtskreiswechsel; seit Wochen keine Leistungen.", inst="jc",
           category="responsibility", wait=(30, 120)),
        _t("Kindergeldantrag bei der {fk} seit Monaten in Bearbeitung[ (Kindergeldnummer "
           "{AZ:fk})]; es werden immer neue Nachweise verlangt.", inst="fk",
           category="waiting_time", wait=(90, 400)),
        _t("Weiterbewilligung praktisch nur noch online; {K} hat kein geeignetes Gerät.",
           inst="jc", category="digital_access", wait=(30, 200)),
        _t("Familienkasse verlangt Geburtsurkunden im Original mit Apostille, die in {country} "
           "nicht zu bekommen sind.", inst="fk", category="documents", wait=(60, 300)),
    ],
    "debt": [
        _t("Wartezeit auf einen Termin bei der {sb} von {months} Monaten; Pfändung läuft bereits.",
           inst="sb", category="waiting_time", wait=(90, 300)),
        _t("Inkassoforderungen aus einem Haustürgeschäft (Stromanbieterwechsel), {K} hat den "
           "Vertrag nicht verstanden.", category="other", wait=(90, 500)),
    ],
    "authorities": [
        _t("Termine im {bb} nur online buchbar; ohne Hilfe kommt {K:title} nicht an einen "
           "Termin.", inst="bb", category="digital_access", wait=(30, 200)),
        _t("Behördenschreiben nur auf Deutsch, keine Dolmetscher für {lang} verfügbar.",
           category="language_barrier", wait=(60, 400)),
        _t("Unklar, ob Sozialamt oder Jobcenter die Stromschulden übernimmt; beide lehnen ab.",
           inst="sa", category="responsibility", wait=(30, 180)),
    ],
    "orientation": [
        _t("Keine Angebote für Mütter mit Kleinkindern im Ortsteil; das Begegnungscafé ist nur "
           "vormittags geöffnet.{?C}{?f}", category="missing_offer", wait=(90, 365)),
    ],
    "documents": [
        _t("Passbeschaffung: die {kons} verlangt persönliche Vorsprache und hohe Gebühren; "
           "Termine erst in mehreren Monaten.", inst="kons", category="documents",
           wait=(180, 900)),
        _t("Botschaft verlangt eine Reueerklärung und die 2-%-Aufbausteuer; {K} lehnt das ab.",
           inst="kons", category="documents", wait=(365, 1200), origins="ER"),
        _t("Reiseausweis für Ausländer bei der {abh} beantragt; Bearbeitung dauert.", inst="abh",
           category="waiting_time", wait=(120, 500)),
        _t("Keine Geburtsurkunde für {C}, weil die Identität der Eltern nicht nachgewiesen ist.",
           inst="std", category="documents", wait=(120, 600)),
    ],
    "mobility": [
        _t("Führerschein aus {country} wird nicht umgeschrieben; Fahrschule kostet über "
           "{amount} €.", inst="fs", category="cost", wait=(120, 500)),
        _t("Schlechte Busanbindung aus dem Ortsteil; Arbeit im Schichtbetrieb ohne Auto nicht "
           "erreichbar.", category="missing_offer", wait=(180, 720)),
    ],
}

GOALS: dict[str, list[Template]] = {
    "residence": [
        _t("Aufenthaltstitel ist verlängert, Niederlassungserlaubnis beantragt."),
        _t("{K} stellt einen Antrag auf Aufenthaltserlaubnis nach § 25b AufenthG."),
        _t("Identität ist geklärt, die Duldung wird in eine Aufenthaltserlaubnis umgewandelt."),
    ],
    "language": [
        _t("{K:given} erreicht B1 (DTZ)."),
        _t("Teilnahme an einem Integrationskurs mit Kinderbetreuung.{?C}"),
        _t("Berufssprachkurs B2 ist abgeschlossen."),
    ],
    "work": [
        _t("Aufnahme einer sozialversicherungspflichtigen Beschäftigung."),
        _t("Ausbildungsplatz ist gefunden, {K:title} beginnt eine Ausbildung."),
        _t("Bewerbungsunterlagen sind vollständig, {K:title} bewirbt sich selbstständig."),
    ],
    "recognition": [
        _t("Anerkennungsbescheid für den Abschluss als {prof} liegt vor."),
        _t("Antrag auf Anerkennung ist vollständig eingereicht."),
        _t("Approbation als {prof} ist erteilt.{?doc}"),
    ],
    "education": [
        _t("{C} besucht regelmäßig die Schule und erhält Sprachförderung."),
        _t("{K} holt den Hauptschulabschluss nach."),
    ],
    "childcare": [
        _t("Kita-Platz für {C} ist gesichert."),
        _t("Betreuung für {C} während des Sprachkurses ist geregelt."),
    ],
    "housing": [
        _t("Familie bezieht eine Wohnung mit ausreichend Zimmern.{?hh}"),
        _t("Mietschulden sind beglichen, die Kündigung ist abgewendet."),
    ],
    "health": [
        _t("Psychotherapie mit Sprachmittlung hat begonnen."),
        _t("{K:title} hat einen festen Hausarzt und versteht {ihr}e Medikation."),
    ],
    "family": [
        _t("Familiennachzug ist beantragt, Visumtermin vereinbart.{!P}"),
        _t("Umgangsregelung für die Kinder ist vereinbart.{?C}"),
    ],
    "benefits": [
        _t("Alle Leistungen (Bürgergeld, Kindergeld, Kinderzuschlag) werden vollständig gezahlt."),
        _t("{K} stellt Weiterbewilligungsanträge selbstständig."),
    ],
    "debt": [
        _t("Überblick über alle Forderungen; Ratenzahlungen sind vereinbart."),
        _t("P-Konto eingerichtet, Pfändungen gestoppt."),
    ],
    "authorities": [
        _t("{K} kann Behördenpost einordnen und weiß, wo {sie} Hilfe bekommt."),
        _t("Termine bei Ämtern werden selbstständig gebucht."),
    ],
    "orientation": [
        _t("Teilnahme am Orientierungskurs."),
        _t("{K} ist in einem Verein oder einer Gruppe vor Ort angebunden."),
    ],
    "documents": [
        _t("Gültiger Nationalpass liegt vor."),
        _t("Geburtsurkunden der Kinder liegen vor.{?C}"),
    ],
    "mobility": [
        _t("Führerschein ist umgeschrieben."),
        _t("{K:given} erreicht die Arbeitsstelle mit Bus und Bahn."),
    ],
}

# Third parties: (male label, female label), where names come from, suffixes after the name.
THIRD_ROLES: dict[str, tuple[tuple[str, str], str, tuple[str, ...]]] = {
    "landlord": (("Vermieter", "Vermieterin"), "de", ("",)),
    "jc": (("Sachbearbeiter", "Sachbearbeiterin"), "mixed", ("", " vom Jobcenter", " (JC)")),
    "aa": (("Berufsberater", "Berufsberaterin"), "de", ("", " (Agentur für Arbeit)")),
    "abh": (("Sachbearbeiter", "Sachbearbeiterin"), "de", ("", " (ABH)",
                                                          " von der Ausländerbehörde")),
    "teacher": (("Klassenlehrer", "Klassenlehrerin"), "mixed", ("",)),
    "doctor": (("Hausarzt", "Hausärztin"), "mixed", ("",)),
    "interpreter": (("Dolmetscher", "Dolmetscherin"), "origin", ("",)),
    "colleague": (("Kollege", "Kollegin"), "de", ("",)),
    "employer": (("Arbeitgeber", "Arbeitgeberin"), "de", ("",)),
    "volunteer": (("Pate", "Patin"), "de", ("", " (Ehrenamt)")),
    "lawyer": (("Rechtsanwalt", "Rechtsanwältin"), "de", ("",)),
    "kita": (("Kita-Leiter", "Kita-Leiterin"), "de", ("",)),
    "social": (("Sachbearbeiter", "Sachbearbeiterin"), "de", ("", " (Sozialamt)")),
}
