"""Assembles the five tables of a synthetic caseload and the ground truth of its free text.

One random.Random(seed) decides the structure (households, timelines, which template), and
Faker instances seeded from it draw names and numbers, so a (seed, as_of) pair always gives the
same caseload. Per case, everything the notes can mention is drawn once (notes.CaseText); the
events then only pick templates and dates, which keeps 2,000 cases fast.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from faker import Faker

from kimtools.caseload.schema import TABLES
from kimtools.codes import FIELDS
from synthetic import templates as tpl
from synthetic.districts import OTHER_PLACES, District, Municipality
from synthetic.names import LATIN_LOCALES
from synthetic.notes import (
    Builder,
    CaseText,
    Person,
    Renderer,
    ThirdParty,
    format_phone,
    format_street,
)
from synthetic.origins import (
    CHANCE,
    FREI,
    GEST,
    LANGUAGE_NAMES,
    NE,
    NE26,
    R24,
    R25B,
    R33,
    Group,
    Origin,
)
from synthetic.providers import KimProvider, OriginNameProvider

FAKER_LOCALES = LATIN_LOCALES + ("uk_UA", "ru_RU", "bg_BG")
_EPOCH = date(1970, 1, 1).toordinal()

# Adult age bands of KIM clients: (from, to, weight).
_AGE_BANDS = ((18, 24, 12), (25, 34, 32), (35, 44, 30), (45, 54, 15), (55, 64, 8), (65, 75, 3))

# Former occupation, gendered, and who recognises it.
_PROFESSIONS = (
    ("Lehrer", "Lehrerin", "bezreg", 3), ("Arzt", "Ärztin", "approb", 1),
    ("Apotheker", "Apothekerin", "approb", 0.5), ("Zahnarzt", "Zahnärztin", "approb", 0.4),
    ("Krankenpfleger", "Krankenpflegerin", "bezreg", 1.5),
    ("Bauingenieur", "Bauingenieurin", "ing", 1), ("Elektriker", "Elektrikerin", "hwk", 1.5),
    ("Friseur", "Friseurin", "hwk", 1.5), ("Schneider", "Schneiderin", "hwk", 1.5),
    ("Kfz-Mechatroniker", "Kfz-Mechatronikerin", "hwk", 1.5),
    ("Tischler", "Tischlerin", "hwk", 1), ("Buchhalter", "Buchhalterin", "ihk", 1.5),
    ("Betriebswirt", "Betriebswirtin", "zab", 1), ("Jurist", "Juristin", "zab", 0.6),
    ("Informatiker", "Informatikerin", "zab", 0.8), ("Erzieher", "Erzieherin", "bezreg", 1.2),
    ("Verkäufer", "Verkäuferin", "ihk", 2), ("Landwirt", "Landwirtin", "lwk", 1),
)
_PROFESSION_WEIGHTS = tuple(p[3] for p in _PROFESSIONS)

_ID_CARDS = {
    "SY": "einen syrischen Personalausweis", "AF": "eine Tazkira",
    "IQ": "eine irakische Nationalitätsurkunde", "ER": "eine eritreische ID-Karte",
    "SO": "eine somalische Geburtsurkunde", "TR": "einen türkischen Personalausweis",
    "IR": "eine iranische Shenasnameh", "UA": "einen ukrainischen Inlandspass",
}
_VISA_POSTS = {
    "SY": "Auslandsvertretung Beirut", "AF": "Auslandsvertretung Islamabad",
    "IQ": "Auslandsvertretung Erbil", "ER": "Auslandsvertretung Addis Abeba",
    "SO": "Auslandsvertretung Nairobi", "TR": "Auslandsvertretung Istanbul",
    "IR": "Auslandsvertretung Teheran", "LB": "Auslandsvertretung Beirut",
    "NG": "Auslandsvertretung Lagos", "GN": "Auslandsvertretung Conakry",
}
_PSZ = {"Gütersloh": "PSZ Bielefeld", "Recklinghausen": "PSZ Recklinghausen",
        "Märkischer Kreis": "PSZ Hagen", "Rhein-Sieg": "PSZ Bonn", "Hamm": "PSZ Dortmund",
        "Gelsenkirchen": "PSZ Gelsenkirchen"}
_KITAS = ("Kita Regenbogen", "Kita Sonnenschein", "Kita Pusteblume", "Ev. Kita Arche Noah",
          "Kath. Kita St. Marien", "AWO-Kita Villa Kunterbunt", "Familienzentrum Löwenzahn",
          "DRK-Kita Sternschnuppe", "Kita Wirbelwind", "Städtische Kita Am Park")
_SCHOOLS = ("Grundschule am Park", "Grundschule {muni}-Mitte", "Gesamtschule {muni}",
            "Städtische Realschule {muni}", "Sekundarschule {muni}", "Hauptschule am Kamp",
            "Marienschule (Grundschule)", "Gymnasium {muni}")
_COURSE_PROVIDERS = ("inlingua Sprachschule", "Kolping-Bildungswerk", "Euro-Schulen",
                     "TÜV Rheinland Akademie", "Caritas-Sprachschule", "DAA Deutsche "
                     "Angestellten-Akademie")
_SB = ("Schuldnerberatung der Caritas", "Schuldner- und Insolvenzberatung der Diakonie",
       "Schuldnerberatung der AWO", "Schuldnerberatung der Verbraucherzentrale")
_MBE = ("Migrationsberatung für Erwachsene (MBE) der Caritas",
        "Migrationsberatung für Erwachsene (MBE) des DRK",
        "Migrationsberatung für Erwachsene (MBE) der Diakonie")
_KK = ("Techniker Krankenkasse", "BARMER", "DAK-Gesundheit", "IKK classic", "BKK firmus")
_EHRENAMT = ("Flüchtlingshilfe {muni} e.V.", "Initiative Willkommen in {muni}",
             "Flüchtlingsinitiative {muni}", "Nachbarschaftshilfe {muni}")
_FIELD_BASE = {
    "residence": 1.0, "language": 1.0, "work": 0.9, "recognition": 0.35, "education": 0.15,
    "childcare": 0.0, "housing": 0.6, "health": 0.45, "family": 0.25, "benefits": 0.8,
    "debt": 0.2, "authorities": 0.5, "orientation": 0.25, "documents": 0.3, "mobility": 0.2,
}
# Where birth dates are often unknown, German records carry the 1st of January.
_UNKNOWN_BIRTHDAYS = frozenset({"AF", "SO", "ER", "GN", "IQ", "SY"})
_OFFICE_ROLES = frozenset({"jc", "abh", "aa", "social", "teacher", "kita", "colleague"})
_RELATIVES = (("parent", "Mutter", "f"), ("parent", "Vater", "m"), ("relative", "Bruder", "m"),
              ("relative", "Schwester", "f"), ("relative", "Neffe", "m"),
              ("relative", "Nichte", "f"), ("relative", "Cousin", "m"))


@dataclass
class _Adult:
    """A household member while the household is drawn: name root kept for the children."""

    role: str
    relation: str
    gender: str
    birth: int
    given: str
    family: str
    root: str
    source: str
    nationality: str
    german: bool = False


class _Tables:
    """Column lists of the five tables, filled row by row and turned into frames at the end."""

    def __init__(self) -> None:
        self.columns = {name: {c: [] for c in table.column_names}
                        for name, table in TABLES.items()}

    def add(self, table: str, **row) -> None:
        for column, values in self.columns[table].items():
            values.append(row.get(column))

    def frames(self) -> dict[str, pd.DataFrame]:
        frames = {}
        for name, table in TABLES.items():
            data = {}
            for column in table.columns:
                values = self.columns[name][column.name]
                data[column.name] = _dates(values) if column.kind == "date" else values
            frames[name] = pd.DataFrame(data)
        return frames


def _dates(ordinals: list[int | None]) -> pd.Series:
    """Day ordinals to datetime64, missing as NaT, without a Python date per value."""
    days = np.fromiter((o - _EPOCH if o is not None else 0 for o in ordinals), dtype="int64",
                       count=len(ordinals)).astype("datetime64[D]")
    days[np.fromiter((o is None for o in ordinals), dtype=bool, count=len(ordinals))] = "NaT"
    return pd.Series(days.astype("datetime64[s]"))


class Generator:
    """Draws one caseload. Not reusable: each instance consumes its random streams once."""

    def __init__(self, seed: int, as_of: date, single_town: bool = False) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of.toordinal()
        locales: dict[str, Faker] = {}
        for locale in FAKER_LOCALES:
            fake = Faker(locale)
            fake.seed_instance(self.rng.getrandbits(32))
            locales[locale] = fake
        self.fake = locales["de_DE"]
        self.fake.add_provider(OriginNameProvider(self.fake, locales))
        self.fake.add_provider(KimProvider)
        self.district: District = self.fake.kim_district()
        self.tables = _Tables()
        self.truth: list[dict] = []
        self.counters = {"person": 0, "event": 0, "obstacle": 0, "goal": 0}
        self._pools: dict[tuple, tuple[list[tpl.Template], list[float]]] = {}
        self._staff()
        # One provider in one town: how a KIM provider of a small town sees its caseload.
        self.town: tuple[Municipality, str] | None = None
        if single_town:
            muni = self.fake.kim_municipality(self.district)
            self.town = (muni, self.rng.choice(self.coverage[muni.name]))

    # --- setting --------------------------------------------------------------------------

    def _staff(self) -> None:
        """Which provider works in which town, and its case managers."""
        rng, district = self.rng, self.district
        self.coverage: dict[str, list[str]] = {}
        for muni in district.municipalities:
            if district.kreisfrei:
                self.coverage[muni.name] = list(district.providers)
            else:
                k = rng.randint(2, 3) if muni.population >= 40000 else rng.randint(1, 2)
                self.coverage[muni.name] = rng.sample(district.providers, k)
        self.managers: dict[str, list[tuple[str, str, str]]] = {}
        for provider in district.providers:
            staff = []
            for _ in range(rng.randint(2, 5)):
                gender = "f" if rng.random() < 0.75 else "m"
                source = "de_DE" if rng.random() < 0.8 else rng.choice(
                    ("tr_TR", "pl_PL", "levant", "ru_RU"))
                given = self.fake.origin_given_name(source, gender)
                family = self.fake.origin_family_name(self.fake.origin_family_root(source),
                                                      source, gender)
                staff.append((given, family, gender))
            self.managers[provider] = staff

    # --- the caseload ---------------------------------------------------------------------

    def run(self, cases: int) -> tuple[dict[str, pd.DataFrame], list[dict]]:
        """All cases in order of opening, so case numbers run with the date like in a CMS."""
        rng = self.rng
        openings = sorted(self.as_of - int(4 * 365 * rng.random() ** 1.15)
                          for _ in range(cases))
        consent = ["no" if rng.random() < 0.08 else "yes" for _ in range(cases)]
        if cases >= 10 and "no" not in consent:
            consent[rng.randrange(cases)] = "no"  # the consent gate can be tried on any caseload
        per_year: dict[int, int] = {}
        for opened, agreed in zip(openings, consent, strict=True):
            year = date.fromordinal(opened).year
            per_year[year] = per_year.get(year, 0) + 1
            self._case(f"KIM-{year}-{per_year[year]:05d}", opened, agreed)
        return self.tables.frames(), self.truth

    def _next(self, kind: str, prefix: str, width: int) -> str:
        self.counters[kind] += 1
        return f"{prefix}-{self.counters[kind]:0{width}d}"

    def _case(self, case_id: str, opened: int, consent: str) -> None:
        rng, fake, district = self.rng, self.fake, self.district
        muni: Municipality = fake.kim_municipality(district)
        provider = rng.choice(self.coverage[muni.name])
        if self.town:
            muni, provider = self.town
        manager = rng.choice(self.managers[provider])

        if rng.random() < 0.1:
            duration = rng.randint(14, 120)  # broke off early: moved away, no contact
        else:
            duration = max(30, int(rng.lognormvariate(6.25, 0.55)))
        closed = opened + duration if opened + duration <= self.as_of else None
        status, end = ("closed", closed) if closed else ("active", self.as_of)
        if closed is None and rng.random() < 0.18 and self.as_of - opened > 90:
            status = "paused"
            end = self.as_of - rng.randint(30, min(240, self.as_of - opened - 60))

        origin: Origin = fake.origin()
        group: Group = fake.origin_group(origin)
        household, persons, contact = self._household(case_id, origin, group, opened, muni)
        fields = self._fields(origin, persons)
        ctx = self._case_text(origin, group, muni, provider, manager, household, persons,
                              contact, fields, opened)
        self.tables.add("cases", case_id=case_id, municipality=muni.name, provider=provider,
                        case_manager=f"{manager[0]} {manager[1]}", opened_on=opened,
                        closed_on=closed, status=status, consent_conference=consent)
        renderer = Renderer(ctx)
        agreed = self._events(case_id, ctx, renderer, fields, opened, end, status)
        self._obstacles(case_id, ctx, renderer, fields, opened, end)
        if agreed is not None:
            self._goals(case_id, ctx, renderer, fields, agreed, status)

    # --- household ------------------------------------------------------------------------

    def _birth(self, age: int) -> int:
        """A birth date at which the person is exactly `age` completed years old at as_of."""
        as_of = date.fromordinal(self.as_of)
        day = min(as_of.day, 28) if as_of.month == 2 else as_of.day
        anchor = as_of.replace(year=as_of.year - age, day=day).toordinal()
        return anchor - self.rng.randint(0, 364)

    def _household(self, case_id: str, origin: Origin, group: Group, opened: int,
                   muni: Municipality) -> tuple[list[dict], list[Person], tuple]:
        """The client and household; returns the persons rows, the persons as notes see them,
        and the client's contact (phone parts, e-mail, address parts) for the notes."""
        rng, fake = self.rng, self.fake
        source = group.names
        kind = rng.choices(("single", "couple", "family", "single_parent"),
                           (25, 12, 25, 38) if origin.code == "UA" else (27, 10, 43, 20))[0]
        if kind == "single_parent":
            gender = "f" if rng.random() < 0.88 else "m"
        else:
            gender = rng.choices("fmdu", (55, 44, 0.5, 0.5))[0]
        band = rng.choices(_AGE_BANDS, [b[2] for b in _AGE_BANDS])[0]
        age = rng.randint(band[0], band[1])
        if kind in ("family", "single_parent"):
            age = min(age, 52)

        client_root = fake.origin_family_root(source)
        client = _Adult("client", "", gender, self._birth(age), fake.origin_given_name(
            source, gender), "", client_root, source, origin.code)
        adults = [client]
        partner = None
        if kind in ("couple", "family"):
            p_gender = {"f": "m", "m": "f"}.get(gender, rng.choice("fm"))
            p_age = max(18, age + (rng.randint(0, 7) if p_gender == "m" else -rng.randint(0, 6)))
            german = origin.code in ("TR", "PL", "RO", "RU", "UA", "BG") and rng.random() < 0.08
            p_source = "de_DE" if german else source
            partner = _Adult("partner", "", p_gender, self._birth(p_age),
                             fake.origin_given_name(p_source, p_gender), "",
                             fake.origin_family_root(p_source), p_source,
                             "DE" if german else origin.code, german)
            partner.relation = ("Partner" if p_gender == "m" else "Partnerin") if (
                rng.random() < 0.15) else ("Ehemann" if p_gender == "m" else "Ehefrau")
            adults.append(partner)

        # Family names: the husband's name, kept or taken over by the wife.
        husband = next((a for a in adults if a.gender == "m"), None)
        for adult in adults:
            own = fake.origin_family_name(adult.root, adult.source, adult.gender)
            if adult is husband or husband is None or adult.gender != "f":
                adult.family = own
            elif husband.german and not adult.german:
                r = rng.random()
                adult.family = (f"{husband.root}-{own}" if r < 0.5 else husband.root if r < 0.8
                                else own)
            elif rng.random() < origin.keeps_name:
                adult.family = own
            else:
                adult.family = fake.origin_family_name(husband.root, husband.source, "f")

        children = self._children(kind, adults, husband, origin, group)
        extra = self._relatives(client, origin) if rng.random() < 0.1 else []

        arrival = self._arrival(origin, client.birth, opened)
        rows: list[dict] = []
        base_lang = rng.choices([lang for lang, _ in group.languages],
                                [w for _, w in group.languages])[0]
        base_status = self._status(origin, arrival)
        street = fake.kim_street(self.district)
        number = fake.kim_house_number()
        postcode = rng.choice(muni.postcodes)
        street_text = f"{street} {number}" if rng.random() < 0.85 else format_street(
            rng, street, number)
        mother = next((a for a in adults if a.gender == "f"), None)
        arrivals: dict[int, int | None] = {id(client): arrival}
        statuses: dict[int, str | None] = {id(client): base_status}
        for member in adults[1:] + extra:
            if member.german:
                arrivals[id(member)] = statuses[id(member)] = None
            elif member.role == "partner" and rng.random() < 0.65:
                arrivals[id(member)] = arrival
                statuses[id(member)] = (base_status if rng.random() < 0.7
                                        else self._status(origin, arrival))
            else:
                low = max(member.birth + 1, min(member.birth + 16 * 365, opened - 7))
                shift = rng.randint(-900, 700)
                arrivals[id(member)] = max(low, min(arrival + shift, opened - 7))
                statuses[id(member)] = self._status(origin, arrivals[id(member)])
        persons: list[Person] = []
        for member in adults + children + extra:
            pid = self._next("person", "P", 6)
            child = member.role == "child"
            years = (self.as_of - member.birth) // 365
            if child:
                carer = mother or client
                carer_arrival = arrivals.get(id(carer), arrival)
                born_here = carer_arrival is None or member.birth >= carer_arrival
                member_arrival = None if born_here else carer_arrival
            else:
                born_here = False
                member_arrival = arrivals[id(member)]
            if (origin.code in _UNKNOWN_BIRTHDAYS and not born_here and not member.german
                    and rng.random() < 0.2):
                member.birth = date(date.fromordinal(member.birth).year, 1, 1).toordinal()
            if member.nationality == "DE":
                status = None
                languages = ("de" if rng.random() < 0.8 else "de;en") if member.german else (
                    f"de;{base_lang.split(';')[0]}")
            else:
                in_de = (self.as_of - (member_arrival or member.birth)) / 365
                if child and born_here:
                    status = FREI if origin.eu else R33
                elif child:
                    status = statuses.get(id(mother or client)) or base_status
                else:
                    status = statuses[id(member)]
                languages = base_lang
                if (years >= 3 and in_de >= 1 and child and rng.random() < 0.85) or (
                        not child and in_de >= 2 and rng.random() < 0.55):
                    languages = f"{base_lang};de"
            phone = email = None
            adult = years >= 16
            p_phone = 0.93 if member is client else 0.55 if member.role == "partner" else (
                0.4 if adult else 0)
            if rng.random() < p_phone:
                phone = self._person_phone(origin, muni)
            p_mail = 0.55 if member is client else 0.25 if adult else 0
            if rng.random() < p_mail:
                email = fake.kim_email(member.given, member.family, origin.mail_domains)
            same_address = member.role != "relative" or rng.random() < 0.8
            rows.append(dict(
                person_id=pid, case_id=case_id, role=member.role, given_name=member.given,
                family_name=member.family, birth_date=member.birth, gender=member.gender,
                nationality=member.nationality, languages=languages,
                arrival_date=member_arrival, residence_status=status,
                street=street_text if same_address else None,
                postcode=postcode if same_address else None,
                city=muni.name if same_address else None, phone=phone[0] if phone else None,
                email=email))
            persons.append(Person(pid, member.role, member.given, member.family, member.gender,
                                  member.birth, member.relation))
            if member is client:
                contact = (phone[1] if phone else None, email,
                           (street, number, postcode, muni.name))
        for row in rows:
            self.tables.add("persons", **row)
        return rows, persons, contact

    def _children(self, kind: str, adults: list[_Adult], husband: _Adult | None,
                  origin: Origin, group: Group) -> list[_Adult]:
        rng, fake = self.rng, self.fake
        if kind not in ("family", "single_parent"):
            return []
        heavy = origin.code in ("SY", "AF", "IQ", "ER", "SO")
        count = rng.choices((1, 2, 3, 4, 5), (22, 30, 24, 14, 10) if heavy
                            else (32, 36, 20, 8, 4))[0]
        mother = next((a for a in adults if a.gender == "f"), None)
        parent_age = (self.as_of - (mother or adults[0]).birth) // 365
        first = rng.randint(18, max(18, min(34, parent_age)))
        father_name = husband.given if husband else fake.origin_given_name(group.names, "m")
        absent_root = fake.origin_family_root(group.names)
        children = []
        age_at_birth = first
        for _ in range(count):
            child_age = parent_age - age_at_birth
            if child_age < 0 or child_age > 25:
                break
            gender = rng.choice("fm")
            source = group.names
            if husband and husband.german and rng.random() < 0.5:
                source = "de_DE"
            given = fake.origin_given_name(source, gender)
            if origin.patronymic:
                family = father_name
            elif husband is not None:
                family = (husband.root if husband.german
                          else fake.origin_family_name(husband.root, husband.source, gender))
            elif rng.random() < origin.keeps_name:
                family = fake.origin_family_name(absent_root, group.names, gender)
            else:
                family = fake.origin_family_name(adults[0].root, group.names, gender)
            birth = min(self._birth(child_age), self.as_of - 20)
            nationality = "DE" if any(a.german for a in adults) else origin.code
            children.append(_Adult("child", "Tochter" if gender == "f" else "Sohn", gender,
                                   birth, given, family, "", source, nationality))
            age_at_birth += rng.randint(1, 4)
        return children

    def _relatives(self, client: _Adult, origin: Origin) -> list[_Adult]:
        rng, fake = self.rng, self.fake
        role, relation, gender = rng.choice(_RELATIVES)
        client_age = (self.as_of - client.birth) // 365
        if role == "parent":
            age = client_age + rng.randint(20, 34)
        elif relation in ("Neffe", "Nichte"):
            age = max(16, client_age - rng.randint(15, 28))
        else:
            age = max(16, client_age + rng.randint(-10, 10))
        if age > 88:
            return []
        root = client.root
        if role == "parent" and gender == "f" and rng.random() < origin.keeps_name:
            root = fake.origin_family_root(client.source)
        family = fake.origin_family_name(root, client.source, gender)
        return [_Adult(role, relation, gender, self._birth(age),
                       fake.origin_given_name(client.source, gender), family, root,
                       client.source, origin.code)]

    def _arrival(self, origin: Origin, birth: int, opened: int) -> int:
        """Arrival in one of the origin's waves, after age 14 where possible, before the case."""
        rng = self.rng
        low, high = birth + 14 * 365, opened - 14
        spans = []
        for start, stop, weight in origin.arrivals:
            a = max(date.fromisoformat(start).toordinal(), low)
            b = min(date.fromisoformat(stop).toordinal(), high)
            if a <= b:
                spans.append((a, b, weight * (b - a + 1)))
        if not spans:
            return max(birth + 1, min(high, opened - rng.randint(60, 700)))
        a, b, _ = rng.choices(spans, [s[2] for s in spans])[0]
        return rng.randint(a, b)

    def _status(self, origin: Origin, arrival: int) -> str:
        """A residence title that fits the time since arrival (no settlement permit after a
        year, no § 104c for arrivals after the cut-off, no § 24 before the war)."""
        years = (self.as_of - arrival) / 365
        fitting = []
        for status, weight in origin.statuses:
            if status in (NE, NE26, R25B) and years < 5:
                continue
            if status == CHANCE and arrival > date(2017, 10, 31).toordinal():
                continue
            if status == R24 and arrival < date(2022, 2, 24).toordinal():
                continue
            if status == GEST and years > 4:
                weight *= 0.1
            fitting.append((status, weight))
        if not fitting:
            return origin.statuses[0][0]
        return self.rng.choices([s for s, _ in fitting], [w for _, w in fitting])[0]

    def _person_phone(self, origin: Origin, muni: Municipality) -> tuple[str, tuple[str, ...]]:
        rng, fake = self.rng, self.fake
        r = rng.random()
        if r < 0.85:
            parts: tuple[str, ...] = fake.kim_mobile()
        elif r < 0.95 or origin.eu:
            parts = fake.kim_landline(muni.area_code)
        else:
            parts = (f"+{origin.dial}", fake.numerify("%#"), fake.numerify("%######"))
        return format_phone(rng, parts)[0], parts

    # --- what the notes may mention --------------------------------------------------------

    def _fields(self, origin: Origin, persons: list[Person]) -> list[str]:
        rng = self.rng
        weights = dict(_FIELD_BASE)
        ages = [(self.as_of - p.birth) // 365 for p in persons if p.role == "child"]
        if any(a < 6 for a in ages):
            weights["childcare"] = 0.9
        if any(5 <= a <= 20 for a in ages):
            weights["education"] = 0.8
        if origin.eu:
            weights.update(residence=0.1, benefits=1.2, debt=0.4, health=0.7, documents=0.1)
        if origin.code in ("UA", "SY", "IR", "RU"):
            weights["recognition"] = 0.7
        if origin.code in ("ER", "SO", "AF", "GN", "NG"):
            weights["documents"] = 0.7
        if not any(p.role == "partner" for p in persons) and origin.keeps_name > 0.5:
            weights["family"] = 0.6
        k = rng.choices((2, 3, 4, 5, 6), (15, 30, 30, 17, 8))[0]
        chosen: list[str] = []
        pool = [f for f in FIELDS if weights[f] > 0]
        while pool and len(chosen) < k:
            pick = rng.choices(pool, [weights[f] for f in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        return chosen

    def _case_text(self, origin: Origin, group: Group, muni: Municipality, provider: str,
                   manager: tuple[str, str, str], household: list[dict], persons: list[Person],
                   contact: tuple, fields: list[str], opened: int) -> CaseText:
        rng, fake, district = self.rng, self.fake, self.district
        client = persons[0]
        year = date.fromordinal(self.as_of).year
        phone_parts, email, address = contact
        female = client.gender != "m"
        profession = rng.choices(_PROFESSIONS, _PROFESSION_WEIGHTS)[0]
        recognition = {
            "bezreg": district.bezreg, "approb": district.approbation, "hwk": district.hwk,
            "ihk": "IHK FOSA", "zab": "Zentralstelle für ausländisches Bildungswesen (ZAB)",
            "ing": "Ingenieurkammer-Bau NRW", "lwk": "Landwirtschaftskammer Nordrhein-Westfalen",
        }[profession[2]]
        first_lang = household[0]["languages"].split(";")[0]
        language = "Farsi" if first_lang == "fa" and origin.code == "IR" else (
            LANGUAGE_NAMES.get(first_lang, first_lang))
        labels = [FIELDS[f] for f in fields[:3]]
        topics = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " und " + labels[-1]
        ja = (f"Jugendamt {muni.name}" if muni.jugendamt and not district.kreisfrei
              else f"Jugendamt {district.short}" if district.kreisfrei
              else f"Kreisjugendamt {district.short}")
        inst = {
            "abh": district.abh, "jc": district.jobcenter, "aa": district.agentur,
            "fk": ("Familienkasse Nordrhein-Westfalen West" if district.short == "Rhein-Sieg"
                   else "Familienkasse Nordrhein-Westfalen Nord"),
            "vhs": rng.choice(district.vhs), "ikt": rng.choice(_COURSE_PROVIDERS),
            "anerk": recognition, "iq": f"IQ-Anerkennungsberatung {district.short}",
            "zab": "Zentralstelle für ausländisches Bildungswesen (ZAB)",
            "ja": ja, "kita": f"{rng.choice(_KITAS)} ({muni.name})",
            "school": rng.choice(_SCHOOLS).format(muni=muni.name),
            "bk": f"Berufskolleg {district.short}",
            "wbg": rng.choice(("Vonovia", "LEG", "Vivawest", f"GWG {muni.name}")),
            "kk": district.aok if rng.random() < 0.5 else rng.choice(_KK),
            "psz": _PSZ[district.short], "sb": rng.choice(_SB), "bb": f"Bürgerbüro {muni.name}",
            "fs": f"Führerscheinstelle {district.name}", "sa": f"Sozialamt {muni.name}",
            "wohngeld": f"Wohngeldstelle {muni.name}", "std": f"Standesamt {muni.name}",
            "kons": origin.consulate, "bamf": district.bamf, "mbe": rng.choice(_MBE),
            "gericht": district.amtsgericht, "vers": f"{district.name} (Schwerbehindertenrecht)",
            "visa": _VISA_POSTS.get(origin.code, f"Auslandsvertretung in {origin.country}"),
            "ehrenamt": rng.choice(_EHRENAMT).format(muni=muni.name),
        }
        words = {
            "topics": topics, "topic1": labels[0], "lang": language,
            "arrival_year": str(date.fromordinal(household[0]["arrival_date"]).year),
            "muni": muni.name, "district_name": district.name, "country": origin.country,
            "adj": origin.adjective, "prof": profession[1] if female else profession[0],
            "employer": rng.choice(district.employers), "other_place": rng.choice(OTHER_PLACES),
            "household": str(len(persons)),
            "residence": household[0]["residence_status"] or "deutsche Staatsangehörigkeit",
            "idcard": _ID_CARDS.get(origin.code, "einen nationalen Personalausweis"),
            "kl": "Klient" if client.gender == "m" else "Klientin",
        }
        phones = {"client": phone_parts} if phone_parts else {}
        emails = {"client": email} if email else {}
        new_address = (fake.kim_street(district), fake.kim_house_number(),
                       rng.choice(muni.postcodes), muni.name)
        colleagues = [m for m in self.managers[provider] if m != manager]

        def third_party(role: str) -> ThirdParty:
            _, source, _ = tpl.THIRD_ROLES[role]
            gender = "f" if rng.random() < (0.7 if role in _OFFICE_ROLES else 0.5) else "m"
            if role == "colleague" and colleagues:
                given, family, gender = rng.choice(colleagues)
            else:
                if source == "origin":
                    src = group.names
                elif source == "mixed" and rng.random() < 0.25:
                    src = rng.choice(("tr_TR", "pl_PL", "levant", "ru_RU"))
                else:
                    src = "de_DE"
                given = fake.origin_given_name(src, gender)
                family = fake.origin_family_name(fake.origin_family_root(src), src, gender)
            if role in _OFFICE_ROLES:
                phone = fake.kim_landline(district.municipalities[0].area_code, office=True)
                domain = {"jc": district.jobcenter_domain, "aa": "arbeitsagentur.de",
                          "teacher": "schule.nrw.de"}.get(role, district.mail_domain)
                mail = fake.kim_office_email(given, family, domain)
            else:
                phone = fake.kim_mobile() if rng.random() < 0.6 else fake.kim_landline(
                    muni.area_code)
                mail = fake.kim_email(given, family)
            return ThirdParty(given, family, gender, role == "doctor", phone, mail)

        file_numbers = {
            "abh": fake.kim_abh_file_number(), "social": fake.kim_social_file_number(year),
            "bg": fake.kim_bg_number(district.jobcenter_office),
            "bamf": fake.kim_bamf_number(origin.destatis), "fk": fake.kim_kindergeld_number(),
            "aa": fake.kim_customer_number(), "court": fake.kim_court_file_number(year),
            "tax": fake.kim_tax_id(), "broadcast": fake.numerify("%## ### ###"),
        }
        return CaseText(
            rng=rng, client=client, partner=next((p for p in persons if p.role == "partner"),
                                                 None),
            children=[p for p in persons if p.role == "child"],
            relatives=[p for p in persons if p.role in ("parent", "relative")],
            inst=inst, words=words, phones=phones, emails=emails,
            iban=fake.kim_iban(district.banks), passport=fake.kim_passport(origin.passport),
            residence_card=fake.kim_residence_card(), file_numbers=file_numbers,
            address=address, new_address=new_address, as_of=self.as_of, opened=opened,
            third_party=third_party, origin=origin.code)

    # --- rows with free text ---------------------------------------------------------------

    def _pool(self, templates: list[tpl.Template], ctx: CaseText
              ) -> tuple[list[tpl.Template], list[float]]:
        """The templates a case can use (a child to talk about, no partner, ...), cached."""
        size = 1 + (ctx.partner is not None) + len(ctx.children) + len(ctx.relatives)
        flags = (("P", ctx.partner is not None), ("C", bool(ctx.children)),
                 ("R", bool(ctx.relatives)), ("E", "client" in ctx.emails),
                 ("f", ctx.client.gender == "f"), ("hh", size > 1), ("big", size >= 4),
                 ("doc", ctx.words["prof"] in ("Arzt", "Ärztin")))
        key = (id(templates), flags, ctx.origin)
        pool = self._pools.get(key)
        if pool is None:
            have = {name for name, present in flags if present}
            usable = [t for t in templates
                      if (t.needs - {"!P"}) <= have and not ("!P" in t.needs and "P" in have)
                      and (not t.origins or ctx.origin in t.origins)]
            cumulative, total = [], 0.0
            for t in usable:
                total += t.weight
                cumulative.append(total)
            pool = (usable, cumulative)
            self._pools[key] = pool
        return pool

    def _choose(self, templates: list[tpl.Template], ctx: CaseText) -> tpl.Template | None:
        usable, cumulative = self._pool(templates, ctx)
        if not usable:
            return None
        return self.rng.choices(usable, cum_weights=cumulative)[0]

    def _record(self, builder: Builder, table: str, row_id: str, column: str,
                case_id: str) -> str:
        for start, end, text, kind, person_id, form in builder.spans:
            self.truth.append({"table": table, "row_id": row_id, "column": column,
                               "case_id": case_id, "start": start, "end": end, "text": text,
                               "type": kind, "person_id": person_id, "form": form})
        return builder.text()

    def _timeline(self, opened: int, end: int, status: str) -> tuple[list[tuple[int, str]],
                                                                      int | None]:
        """Dates and phases of the events: Erstberatung, a few weeks of Bestandsaufnahme, the
        Integrationsvereinbarung within about three months, then Monitoring until the end."""
        rng = self.rng
        days: list[tuple[int, str]] = [(opened, "first_contact")]
        last = opened
        closing = status == "closed"
        limit = end - (rng.randint(3, 20) if closing else 0)
        if rng.random() < 0.35:
            last = opened + rng.randint(1, 10)
            if last <= limit:
                days.append((last, "first_contact"))
        day = last + rng.randint(5, 21)
        for _ in range(rng.randint(2, 5)):
            if day > limit:
                break
            days.append((day, "assessment"))
            last = day
            day += rng.randint(3, 14)
        agreed = None
        agreement = max(last + rng.randint(3, 14), opened + rng.randint(40, 85))
        if agreement <= limit:
            if rng.random() < 0.3 and agreement - 3 > last:
                days.append((rng.randint(last + 1, agreement - 1), "agreement"))
            days.append((agreement, "agreement"))
            agreed = last = agreement
            day = agreement + rng.randint(7, 28)
            gap = rng.uniform(10, 26)
            while day <= limit:
                days.append((day, "monitoring"))
                last = day
                day += min(120, int(rng.expovariate(1 / gap)) + 1)
        if closing:
            if rng.random() < 0.4 and end - 1 > last:
                days.append((rng.randint(last + 1, end - 1), "closure"))
            days.append((end, "closure"))
        return [d for d in days if d[0] <= end], agreed

    def _events(self, case_id: str, ctx: CaseText, renderer: Renderer, fields: list[str],
                opened: int, end: int, status: str) -> int | None:
        rng = self.rng
        timeline, agreed = self._timeline(opened, end, status)
        if status == "paused":
            phase = timeline[-1][1] if timeline else "first_contact"
            timeline.append((end, "monitoring" if phase == "agreement" else phase))
        ranks = [1 / (1 + 0.5 * i) for i in range(len(fields))]
        assessed = 0
        for index, (day, phase) in enumerate(timeline):
            field = None
            pause = status == "paused" and index == len(timeline) - 1
            if pause:
                template = self._choose(tpl.PAUSE, ctx)
            elif phase == "first_contact":
                template = self._choose(tpl.FIRST_CONTACT, ctx)
                field = fields[0] if rng.random() < 0.3 else None
            elif phase == "assessment":
                field = fields[assessed % len(fields)]
                assessed += 1
                template = (self._choose(tpl.ASSESSMENT[field], ctx) if rng.random() < 0.75
                            else None)
                if template is None:
                    template, field = self._choose(tpl.ASSESSMENT_GENERIC, ctx), None
            elif phase == "agreement":
                template = self._choose(tpl.AGREEMENT, ctx)
            elif phase == "monitoring":
                field = rng.choices(fields, ranks)[0]
                template = (self._choose(tpl.MONITORING[field], ctx) if rng.random() < 0.75
                            else None) or self._choose(tpl.GENERIC, ctx)
            else:
                template = self._choose(tpl.CLOSURE, ctx)
            event_id = self._next("event", "E", 7)
            note = None
            if template is not None and rng.random() < 0.98:
                builder = renderer.render(template, day, field)
                if rng.random() < 0.25:
                    extra = self._choose(tpl.ADDENDA, ctx)
                    if extra is not None:
                        renderer.append(builder, extra, day)
                note = self._record(builder, "events", event_id, "note", case_id)
            kinds = template.kinds if template is not None and template.kinds else ("other",)
            institution = (ctx.inst[template.inst]
                           if template is not None and template.inst else None)
            self.tables.add("events", event_id=event_id, case_id=case_id, date=day, phase=phase,
                            kind=rng.choice(kinds), field=field, institution=institution,
                            note=note)
        return agreed

    def _obstacles(self, case_id: str, ctx: CaseText, renderer: Renderer, fields: list[str],
                   opened: int, end: int) -> None:
        rng = self.rng
        span = end - opened
        count = rng.choices((0, 1, 2, 3, 4, 5), (12, 25, 28, 20, 10, 5))[0]
        if span < 30:
            count = min(count, 1)
        candidates = list(fields)
        rng.shuffle(candidates)
        for field in candidates[:count]:
            template = self._choose(tpl.OBSTACLES[field], ctx)
            if template is None:
                continue
            if rng.random() < 0.15:
                since = opened - rng.randint(10, 120)
            else:
                since = opened + int(span * rng.random() ** 1.5)
            resolved = since + rng.randint(*template.wait)
            if resolved > end:
                resolved = None
            obstacle_id = self._next("obstacle", "H", 6)
            builder = renderer.render(template, since, field)
            text = self._record(builder, "obstacles", obstacle_id, "description", case_id)
            self.tables.add("obstacles", obstacle_id=obstacle_id, case_id=case_id, field=field,
                            institution=ctx.inst[template.inst] if template.inst else None,
                            category=template.category, description=text, since=since,
                            resolved_on=resolved)

    def _goals(self, case_id: str, ctx: CaseText, renderer: Renderer, fields: list[str],
               agreed: int, status: str) -> None:
        rng = self.rng
        count = rng.randint(2, min(5, len(fields) + 1))
        chosen = (fields + fields[:1])[:count]
        for field in chosen:
            template = self._choose(tpl.GOALS[field], ctx)
            if template is None:
                continue
            due = agreed + rng.choice((91, 182, 273, 365)) + rng.randint(-10, 20)
            if status == "closed":
                weights = {"achieved": 55, "not_achieved": 20, "dropped": 25}
            elif due < self.as_of:
                weights = {"achieved": 45, "in_progress": 30, "not_achieved": 15, "dropped": 10}
            else:
                weights = {"in_progress": 55, "open": 35, "achieved": 10}
            goal_status = rng.choices(list(weights), list(weights.values()))[0]
            goal_id = self._next("goal", "Z", 6)
            builder = renderer.render(template, agreed, field)
            text = self._record(builder, "goals", goal_id, "description", case_id)
            self.tables.add("goals", goal_id=goal_id, case_id=case_id, field=field,
                            description=text, agreed_on=agreed, due_on=due, status=goal_status)
