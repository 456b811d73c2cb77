"""Faker providers for what Faker does not know: origin names and the KIM setting in NRW.

Both draw from their generator's seeded random, so a Faker seeded by the generator gives the
same caseload every time. Methods return plain values; how a value is written in a note (phone
notation, date format) is decided in notes.py, because one value appears in many notations.
"""

from __future__ import annotations

from faker import Faker
from faker.providers import BaseProvider

from synthetic import names
from synthetic.districts import COMMON_STREETS, DISTRICTS, District, Municipality
from synthetic.origins import ORIGINS, SURNAME_LANG, Group, Origin

_ORIGIN_CODES = tuple(ORIGINS)
_ORIGIN_WEIGHTS = tuple(o.weight for o in ORIGINS.values())
_DISTRICT_KEYS = tuple(DISTRICTS)
_DISTRICT_WEIGHTS = tuple(d.weight for d in DISTRICTS.values())

_MOBILE_PREFIXES = ("0151", "0152", "0157", "0159", "0160", "0162", "0163", "0170", "0171",
                    "0172", "0173", "0174", "0175", "0176", "0177", "0178", "0179", "01512",
                    "01520", "01575", "01590")
_MAIL_DOMAINS = ("gmail.com", "gmail.com", "gmail.com", "web.de", "gmx.de", "gmx.net",
                 "yahoo.com", "hotmail.com", "outlook.de", "icloud.com", "t-online.de")
_GERMAN_ID_CHARS = "CFGHJKLMNPRTVWXYZ0123456789"


class OriginNameProvider(BaseProvider):
    """Latin-script names of KIM clients by origin, gendered as the origin's language does it.

    Uses Faker locales where Faker has the names (Turkish, Polish, Romanian, Azerbaijani,
    Yoruba, Igbo, Twi; Ukrainian, Russian and Bulgarian transliterated) and names.NAME_LISTS
    for the rest.
    """

    def __init__(self, generator, locale_fakers: dict[str, Faker]) -> None:
        super().__init__(generator)
        self._locales = locale_fakers

    def origin(self) -> Origin:
        code = self.generator.random.choices(_ORIGIN_CODES, _ORIGIN_WEIGHTS)[0]
        return ORIGINS[code]

    def origin_group(self, origin: Origin) -> Group:
        return self.generator.random.choices(origin.groups, [g.weight for g in origin.groups])[0]

    def origin_given_name(self, source: str, gender: str) -> str:
        """A given name; never a bare two-letter particle ("El"): notes name a person by the
        whole given name, and a particle alone is no name."""
        female = gender == "f" or (gender not in ("f", "m") and self.generator.random.random() < .5)
        for _ in range(20):
            given = self._given_name(source, female)
            if not names.is_bare_particle(given):
                break
        return given

    def _given_name(self, source: str, female: bool) -> str:
        if source in names.NAME_LISTS:
            males, females, _ = names.NAME_LISTS[source]
            return self.random_element(females if female else males)
        fake = self._locales[source]
        given = self._redraw(fake.first_name_female if female else fake.first_name_male)
        if source in names.CYRILLIC_LOCALES:
            return names.transliterate(given, names.CYRILLIC_LOCALES[source])
        return names.capitalise_parts(given) if source != "de_DE" else given

    def origin_family_root(self, source: str) -> str:
        """A family's name in its masculine source form, before gender and script are applied."""
        if source in names.NAME_LISTS:
            return self.random_element(names.NAME_LISTS[source][2])
        fake = self._locales[source]
        return self._redraw(fake.last_name_male if source in SURNAME_LANG else fake.last_name)

    @staticmethod
    def _redraw(draw) -> str:
        """Skip the odd entries of Faker's lists ("Koch II", "Dussen van", "Hans D.")."""
        for _ in range(20):
            name = draw()
            words = name.replace("-", " ").split()
            if words and all(w[:1].isupper() and "." not in w and w not in ("II", "III")
                             for w in words):
                return " ".join(name.split())
        return " ".join(name.split())

    @staticmethod
    def origin_family_name(root: str, source: str, gender: str) -> str:
        """The family name as a member of the given gender carries it, in Latin script."""
        if gender == "f":
            root = names.feminine_family_name(root, SURNAME_LANG.get(source))
        if source in names.CYRILLIC_LOCALES:
            return names.transliterate(root, names.CYRILLIC_LOCALES[source])
        return root


class KimProvider(BaseProvider):
    """The KIM setting: districts, towns, streets, phone numbers, IBANs and the numbers that
    authorities give their files."""

    def kim_district(self) -> District:
        return DISTRICTS[self.generator.random.choices(_DISTRICT_KEYS, _DISTRICT_WEIGHTS)[0]]

    def kim_municipality(self, district: District) -> Municipality:
        weights = [m.population ** 1.25 for m in district.municipalities]
        return self.generator.random.choices(district.municipalities, weights)[0]

    def kim_street(self, district: District) -> str:
        if self.generator.random.random() < 0.35:
            return self.random_element(district.streets)
        return self.random_element(COMMON_STREETS)

    def kim_house_number(self) -> str:
        number = str(int(self.generator.random.paretovariate(1.1) * 3) % 140 + 1)
        if self.generator.random.random() < 0.1:
            number += self.random_element(("a", "a", "b", "c"))
        return number

    def kim_mobile(self) -> tuple[str, str]:
        """A German mobile number as (prefix, subscriber)."""
        prefix = self.random_element(_MOBILE_PREFIXES)
        digits = 7 if len(prefix) == 5 or self.generator.random.random() < 0.4 else 8
        return prefix, self.numerify("%" + "#" * (digits - 1))

    def kim_landline(self, area_code: str, office: bool = False) -> tuple[str, str, str]:
        """A landline as (area code, subscriber, extension); offices have a switchboard number
        and an extension ("05241 85-1234")."""
        if office:
            switchboard = self.numerify("%" + "#" * self.generator.random.randint(1, 3))
            extension = self.numerify("%" + "#" * self.generator.random.randint(1, 3))
            return area_code, switchboard, extension
        digits = 11 - len(area_code) - self.generator.random.randint(0, 1)
        return area_code, self.numerify("%" + "#" * (digits - 1)), ""

    def kim_iban(self, banks: tuple[str, ...]) -> str:
        """A German IBAN with a valid check number (ISO 13616, mod 97)."""
        blz = self.random_element(banks)
        account = self.numerify("%#########" if self.generator.random.random() < 0.5
                                else "00%#######")
        check = 98 - int(blz + account + "131400") % 97
        return f"DE{check:02d}{blz}{account}"

    def kim_passport(self, pattern: str) -> str:
        """A document number in the pattern of the issuing state (A letter, 9 digit)."""
        out = []
        for char in pattern:
            if char == "A":
                out.append(self.random_letter().upper())
            elif char == "9":
                out.append(str(self.generator.random.randint(0, 9)))
            else:
                out.append(char)
        return "".join(out)

    def kim_residence_card(self) -> str:
        """The document number of an electronic residence permit (eAT)."""
        return self.random_element("YZ") + "".join(
            self.random_element(_GERMAN_ID_CHARS) for _ in range(8))

    def kim_abh_file_number(self) -> str:
        """Ausländerbehörde: "32.1-4711/23" (Amt 32, Sachgebiet, running number, year)."""
        return (f"{self.random_element(('32', '32.1', '32.2', '33', '30.3'))}-"
                f"{self.random_int(100, 99999)}/{self.random_int(15, 25)}")

    def kim_social_file_number(self, year: int) -> str:
        """Sozialamt/Wohngeldstelle: "50-123/2024"."""
        office = self.random_element(("50", "50.2", "51", "64"))
        return f"{office}-{self.random_int(1, 9999)}/{year}"

    def kim_bg_number(self, office: str) -> str:
        """Jobcenter: number of the Bedarfsgemeinschaft, "34503//0012345"."""
        return f"{office}//{self.numerify('00#####')}"

    def kim_bamf_number(self, destatis: str) -> str:
        """BAMF: "7654321-475", the suffix is the country key of the nationality."""
        return f"{self.numerify('%######')}-{destatis}"

    def kim_kindergeld_number(self) -> str:
        """Familienkasse: "123FK456789"."""
        return f"{self.numerify('%##')}FK{self.numerify('######')}"

    def kim_customer_number(self) -> str:
        """Agentur für Arbeit: Kundennummer "123D456789"."""
        return f"{self.numerify('%##')}{self.random_element('ABCDE')}{self.numerify('######')}"

    def kim_court_file_number(self, year: int) -> str:
        """Amtsgericht: "5 C 123/24" (civil) or "12 M 3456/23" (enforcement)."""
        return (f"{self.random_int(1, 40)} {self.random_element(('C', 'M', 'F', 'IK'))} "
                f"{self.random_int(10, 4999)}/{year % 100:02d}")

    def kim_tax_id(self) -> str:
        """Steuerliche Identifikationsnummer, 11 digits, no leading zero."""
        return self.numerify("%##########")

    def kim_email(self, given: str, family: str, domains: tuple[str, ...] = ()) -> str:
        """A private address built from the name, as people create them."""
        first = names.ascii_fold(given.split(" ")[0]).lower()
        last = names.ascii_fold(family).lower().replace(" ", "").replace("-", "").replace("'", "")
        pattern = self.generator.random.randrange(6)
        if pattern == 0:
            local = f"{first}.{last}"
        elif pattern == 1:
            local = f"{first}{last}{self.random_int(1, 99)}"
        elif pattern == 2:
            local = f"{first[0]}.{last}"
        elif pattern == 3:
            local = f"{last}.{first}{self.random_int(70, 99)}"
        elif pattern == 4:
            local = f"{first}_{last}"
        else:
            local = f"{first}{self.random_int(1980, 2010)}"
        pool = domains + _MAIL_DOMAINS if domains else _MAIL_DOMAINS
        return f"{local}@{self.random_element(pool)}"

    def kim_office_email(self, given: str, family: str, domain: str) -> str:
        """A staff address at an authority: "t.brinkmann@kreis-guetersloh.de"."""
        first = names.german_fold(given.split(" ")[0]).lower()
        last = names.german_fold(family).lower().replace(" ", "-")
        if self.generator.random.random() < 0.6:
            return f"{first[0]}.{last}@{domain}"
        return f"{first}.{last}@{domain}"
