"""Free text as case managers write it, with every planted identifier recorded as it is written.

Notes, obstacle and goal descriptions are built from templates piece by piece; a Builder keeps
the running offset, so each identifier's span is known exactly instead of being searched for
afterwards (which would find the wrong "Ali" in "Qualifizierung"). Templates use placeholders:

- persons of the case: {K} client (any form), {K:title}, {K:full}, {K:given}, {K:gen},
  {FAM} ("Familie X"), {P} partner, {C} child, {C:gen}, {R} parent or relative; after a
  preposition (or with ":obl", e.g. {K:title:obl}) "Herr" declines to "Herrn"
- requirements, rendering nothing: {?C} needs a child, {?f} a female client, {?big} a
  household of four or more, {?hh} more than one person, {?doc} a physician
  (Approbation), {!P} no partner in the household;
  {P}, {C}, {R}, {FAM} and {EMAIL:client} imply their own requirement
- third parties: {T:role} ("Sachbearbeiterin Frau Kowalski"), see THIRD_ROLES
- identifiers: {PHONE[:who]}, {EMAIL[:who]}, {IBAN}, {PASS[:eat]}, {AZ:kind}, {BG},
  {ADDR[:new]}, {DATE[:past|next|birth]}
- plain words (never identifiers): institutions such as {abh}, {jc}, {vhs}; {muni}, {country},
  {lang}, {prof}, {level}, {month} ("März 2024", not day-precise) and the like
- [optional part], included half of the time

The identifier types and the span rules are those of the ground truth (synthetic/__init__.py):
a span covers the name or number itself, never its title or label ("Frau ", "Az. ", "IBAN ").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from synthetic.names import ascii_fold, genitive, german_fold
from synthetic.templates import THIRD_ROLES, Template

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")


class Builder:
    """Concatenates text pieces and records the spans of marked ones."""

    __slots__ = ("parts", "pos", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[tuple[int, int, str, str, str | None, str | None]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def mark(self, text: str, kind: str, person_id: str | None = None,
             form: str | None = None) -> None:
        self.spans.append((self.pos, self.pos + len(text), text, kind, person_id, form))
        self.parts.append(text)
        self.pos += len(text)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Person:
    """A household member as notes mention them."""

    person_id: str
    role: str
    given: str
    family: str
    gender: str
    birth: int  # date ordinal
    relation: str  # German word relative to the client: "Sohn", "Ehefrau", "Mutter"


@dataclass
class ThirdParty:
    """Someone outside the household: landlord, staff of an authority, interpreter."""

    given: str
    family: str
    gender: str
    doctor: bool
    phone: tuple[str, ...]
    email: str


@dataclass
class CaseText:
    """Everything the notes of one case may mention, drawn once per case."""

    rng: random.Random
    client: Person
    partner: Person | None
    children: list[Person]
    relatives: list[Person]
    inst: dict[str, str]
    words: dict[str, str]
    phones: dict[str, tuple[str, ...]]  # "client", "partner": phone parts
    emails: dict[str, str]
    iban: str
    passport: str
    residence_card: str
    file_numbers: dict[str, str]
    address: tuple[str, str, str, str]  # street, number, postcode, city
    new_address: tuple[str, str, str, str]
    as_of: int
    opened: int
    third_party: Callable[[str], ThirdParty]  # draws a third party when first mentioned
    origin: str = ""
    third: dict[str, ThirdParty] = field(default_factory=dict)


def format_date(rng: random.Random, day: date) -> tuple[str, str]:
    """A day-precise date in one of the notations German notes use."""
    r = rng.random()
    if r < 0.45:
        return f"{day.day:02d}.{day.month:02d}.{day.year}", "dmy"
    if r < 0.6:
        return f"{day.day:02d}.{day.month:02d}.{day.year % 100:02d}", "dmy_short"
    if r < 0.7:
        return day.isoformat(), "iso"
    if r < 0.9:
        return f"{day.day}. {MONTHS[day.month - 1]} {day.year}", "long"
    return f"{day.day}.{day.month}.{day.year}", "dmy_nopad"


def _pairs_from_right(digits: str) -> str:
    head = len(digits) % 2
    groups = [digits[:head]] if head else []
    groups += [digits[i:i + 2] for i in range(head, len(digits), 2)]
    return " ".join(groups)


def format_phone(rng: random.Random, parts: tuple[str, ...]) -> tuple[str, str]:
    """A phone number in one of the notations in use (DIN 5008, slash, international, ...)."""
    if parts[0].startswith("+"):  # foreign: (+380, "67", "1234567")
        dial, net, sub = parts
        if rng.random() < 0.6:
            return f"{dial} {net} {sub[:3]} {sub[3:]}", "foreign"
        return f"00{dial[1:]}{net}{sub}", "foreign"
    prefix, sub = parts[0], parts[1]
    ext = parts[2] if len(parts) > 2 else ""
    mobile = prefix.startswith("01")
    r = rng.random()
    if mobile:
        if r < 0.3:
            return f"{prefix} {sub}", "mobile"
        if r < 0.45:
            return f"{prefix}-{sub}", "mobile"
        if r < 0.55:
            return f"{prefix}/{sub}", "mobile"
        if r < 0.75:
            return f"+49 {prefix[1:]} {sub}", "intl"
        if r < 0.85:
            return f"+49 (0){prefix[1:]} {sub}", "intl"
        if r < 0.93:
            return f"{prefix}{sub}", "mobile"
        return f"{prefix} {sub[:4]} {sub[4:]}", "mobile"
    if ext:
        if r < 0.35:
            return f"{prefix} {sub}-{ext}", "landline"
        if r < 0.55:
            return f"{prefix}/{sub}-{ext}", "landline"
        if r < 0.7:
            return (f"{_pairs_from_right(prefix)} / {_pairs_from_right(sub)} - "
                    f"{' '.join(ext[i:i + 2] for i in range(0, len(ext), 2))}"), "landline"
        if r < 0.85:
            return f"+49 {prefix[1:]} {sub}-{ext}", "intl"
        return f"({prefix}) {sub}{ext}", "landline"
    if r < 0.35:
        return f"{prefix}/{sub}", "landline"
    if r < 0.6:
        return f"{prefix} {sub}", "landline"
    if r < 0.72:
        return f"({prefix}) {sub}", "landline"
    if r < 0.85:
        return f"{_pairs_from_right(prefix)} / {_pairs_from_right(sub)}", "landline"
    return f"+49 {prefix[1:]} {sub}", "intl"


def format_iban(rng: random.Random, iban: str) -> tuple[str, str]:
    if rng.random() < 0.6:
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)), "spaced"
    return iban, "compact"


def format_street(rng: random.Random, street: str, number: str) -> str:
    """The street as notes write it: Straße, Str. or str. (Berliner Str. 12, Lindenstr. 3a)."""
    r = rng.random()
    if street.endswith("straße") and r < 0.45:
        street = street[:-6] + "str."
    elif street.endswith(" Straße") and r < 0.45:
        street = street[:-7] + " Str."
    return f"{street} {number}"


_FORMS = ("title", "full", "given", "upper", "ascii", "hyphen_variant")
_FORM_WEIGHTS = (0.36, 0.2, 0.14, 0.1, 0.12, 0.08)
_CHILD_FORMS = ("given", "full", "upper", "ascii", "hyphen_variant")
_CHILD_WEIGHTS = (0.7, 0.15, 0.03, 0.07, 0.05)
# Weak nouns take -n in the dative and accusative ("mit Kollegen Herrn Schulte").
_WEAK_NOUNS = {"Kollege": "Kollegen", "Pate": "Paten", "Neffe": "Neffen", "Herr": "Herrn"}


def _title(rng: random.Random, gender: str, oblique: bool) -> str | None:
    """Frau/Herr (Herrn after a preposition), abbreviated in a fifth of the notes."""
    if gender == "f":
        return "Fr." if rng.random() < 0.2 else "Frau"
    if gender == "m":
        return "Hr." if rng.random() < 0.2 else "Herrn" if oblique else "Herr"
    return None


def _decline(word: str, oblique: bool) -> str:
    return _WEAK_NOUNS.get(word, word) if oblique else word


def _variant(name: str) -> str | None:
    if "-" in name:
        return name.replace("-", " ")
    if " " in name:
        return name.replace(" ", "-")
    return None


def mention(b: Builder, rng: random.Random, person: Person, slot: str | None,
            oblique: bool = False) -> None:
    """A name form of a household member; the title stays outside the span.

    Children are never "Frau"/"Herr": they are named by given name, sometimes in full.
    """
    pid, given, family = person.person_id, person.given, person.family
    child = person.role == "child"
    title = None if child else _title(rng, person.gender, oblique or slot == "gen")
    if slot == "gen":
        r = rng.random()
        if child or r < 0.4 or title is None and r < 0.7:
            b.mark(genitive(given), "person", pid, "genitive")
        elif title is not None:
            b.add(title + " ")
            b.mark(genitive(family), "person", pid, "genitive")
        else:
            b.mark(f"{given} {genitive(family)}", "person", pid, "genitive")
        return
    if slot is None:
        form = (rng.choices(_CHILD_FORMS, _CHILD_WEIGHTS) if child
                else rng.choices(_FORMS, _FORM_WEIGHTS))[0]
    else:
        form = slot
    if form == "ascii":
        fold = german_fold if rng.random() < 0.3 else ascii_fold
        folded_family, folded_given = fold(family), fold(given)
        if folded_family != family and title and rng.random() < 0.6:
            b.add(title + " ")
            b.mark(folded_family, "person", pid, "ascii")
            return
        if child and folded_given != given:
            b.mark(folded_given, "person", pid, "ascii")
            return
        if folded_family != family or folded_given != given:
            b.mark(f"{folded_given} {folded_family}", "person", pid, "ascii")
            return
        form = "given" if child else "title"
    if form == "hyphen_variant":
        family_variant, given_variant = _variant(family), _variant(given)
        if family_variant and title and rng.random() < 0.6:
            b.add(title + " ")
            b.mark(family_variant, "person", pid, "hyphen_variant")
            return
        if family_variant or given_variant:
            b.mark(f"{given_variant or given} {family_variant or family}", "person", pid,
                   "hyphen_variant")
            return
        form = "full"
    if form == "upper":
        if title and rng.random() < 0.6:
            b.add(title + " ")
            b.mark(family.upper(), "person", pid, "upper")
        else:
            b.mark(f"{given} {family.upper()}", "person", pid, "upper")
        return
    if form == "title" and title:
        b.add(title + " ")
        b.mark(family, "person", pid, "title")
    elif form == "given" or (form == "title" and child):
        b.mark(given, "person", pid, "given")
    else:
        b.mark(f"{given} {family}", "person", pid, "full")


def _relative_mention(b: Builder, rng: random.Random, person: Person, day: int,
                      oblique: bool) -> None:
    """A household member with the relation word: "Sohn Omar (7)", "Ehefrau Frau Haddad"."""
    b.add(_decline(person.relation, oblique) + " ")
    r = rng.random()
    if person.role == "child":
        mention(b, rng, person, None, oblique)
        if rng.random() < 0.2:
            b.add(f" ({max(0, (day - person.birth) // 365)})")
    else:
        slot = "title" if r < 0.4 else "given" if r < 0.7 else "full" if r < 0.9 else None
        mention(b, rng, person, slot, oblique)


def third_mention(b: Builder, rng: random.Random, role: str, party: ThirdParty,
                  oblique: bool = False) -> None:
    """A third party with role and title; the span covers the name only."""
    labels, _, suffixes = THIRD_ROLES[role]
    label = _decline(labels[1] if party.gender == "f" else labels[0], oblique)
    honorific = _title(rng, party.gender, oblique) or ""
    r = rng.random()
    if party.doctor:
        b.add(f"{label} Dr. " if r < 0.5 else f"{honorific} Dr. med. " if r < 0.8 else "Dr. ")
        b.mark(party.family, "name", None, "title")
        return
    suffix = rng.choice(suffixes)
    if r < 0.45 or not suffix:
        b.add(f"{label} {honorific} ")
        b.mark(party.family, "name", None, "title")
        return
    if r < 0.8:
        b.add(f"{honorific} Dr. " if rng.random() < 0.15 else f"{honorific} ")
        b.mark(party.family, "name", None, "title")
    else:
        b.add(f"{label} ")
        b.mark(f"{party.given} {party.family}", "name", None, "full")
    b.add(suffix)


class Renderer:
    """Renders templates for one case; binds the child and relative a note talks about."""

    def __init__(self, ctx: CaseText) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self._child: Person | None = None
        self._relative: Person | None = None

    def render(self, template: Template, day: int, field: str | None = None) -> Builder:
        b = Builder()
        self._child = self._pick_child(field, day)
        self._relative = self.rng.choice(self.ctx.relatives) if self.ctx.relatives else None
        self._emit(b, template.tokens, day)
        return b

    def append(self, b: Builder, template: Template, day: int) -> None:
        b.add(" ")
        self._emit(b, template.tokens, day)

    def _pick_child(self, field: str | None, day: int) -> Person | None:
        """The child a note is about: born by then, of Kita age for childcare, of school age
        for education."""
        children = [c for c in self.ctx.children if c.birth <= day] or self.ctx.children
        if not children:
            return None
        if field == "childcare":
            return max(children, key=lambda c: c.birth)
        if field == "education":
            school = [c for c in children if 5 * 365 < day - c.birth < 21 * 365]
            if school:
                return self.rng.choice(school)
        return self.rng.choice(children)

    def _emit(self, b: Builder, tokens: tuple, day: int) -> None:
        for kind, value, arg, oblique in tokens:
            if kind == 0:
                b.add(value)
            elif kind == 2:
                if self.rng.random() < 0.5:
                    self._emit(b, value, day)
            else:
                self._placeholder(b, value, arg, oblique, day)

    def _placeholder(self, b: Builder, name: str, arg: str | None, oblique: bool,
                     day: int) -> None:
        ctx, rng = self.ctx, self.rng
        if name == "K":
            mention(b, rng, ctx.client, arg, oblique)
        elif name == "FAM":
            b.add("Familie ")
            b.mark(ctx.client.family, "person", ctx.client.person_id, "family")
        elif name == "P":
            if ctx.partner is not None:
                _relative_mention(b, rng, ctx.partner, day, oblique)
        elif name == "C":
            child = self._child
            if child is not None:
                if arg == "gen":
                    mention(b, rng, child, "gen")
                else:
                    _relative_mention(b, rng, child, day, oblique)
        elif name == "R":
            if self._relative is not None:
                _relative_mention(b, rng, self._relative, day, oblique)
        elif name == "T":
            third_mention(b, rng, arg, self._third(arg), oblique)
        elif name == "PHONE":
            self._phone(b, arg)
        elif name == "EMAIL":
            self._email(b, arg)
        elif name == "IBAN":
            text, form = format_iban(rng, ctx.iban)
            b.mark(text, "iban", None, form)
        elif name == "PASS":
            if arg == "eat":
                b.mark(ctx.residence_card, "passport", None, "residence_card")
            else:
                b.mark(ctx.passport, "passport", None, "passport")
        elif name == "AZ":
            b.mark(ctx.file_numbers[arg], "file_number", None, arg)
        elif name == "BG":
            b.mark(ctx.file_numbers["bg"], "file_number", None, "bg")
        elif name == "ADDR":
            self._address(b, arg)
        elif name == "DATE":
            self._date(b, arg, day)
        else:
            self._word(b, name, day)

    def _third(self, role: str) -> ThirdParty:
        party = self.ctx.third.get(role)
        if party is None:
            party = self.ctx.third_party(role)
            self.ctx.third[role] = party
        return party

    def _phone(self, b: Builder, who: str | None) -> None:
        ctx = self.ctx
        if who in (None, "client") and "client" in ctx.phones:
            parts = ctx.phones["client"]
        elif who in THIRD_ROLES:
            parts = self._third(who).phone
        else:
            parts = self._third("jc").phone
        text, form = format_phone(self.rng, parts)
        b.mark(text, "phone", None, form)

    def _email(self, b: Builder, who: str | None) -> None:
        if who == "client" and "client" in self.ctx.emails:
            b.mark(self.ctx.emails["client"], "email", None, "private")
            return
        party = self._third(who if who in THIRD_ROLES else "jc")
        b.mark(party.email, "email", None, "office" if who in ("jc", "abh", "aa", "social")
               else "private")

    def _address(self, b: Builder, which: str | None) -> None:
        street, number, postcode, city = (self.ctx.new_address if which == "new"
                                          else self.ctx.address)
        text = format_street(self.rng, street, number)
        if self.rng.random() < 0.3:
            b.mark(f"{text}, {postcode} {city}", "address", None, "street_city")
        else:
            b.mark(text, "address", None, "street")

    def _date(self, b: Builder, which: str | None, day: int) -> None:
        ctx, rng = self.ctx, self.rng
        if which == "birth":
            target = ctx.client.birth
        elif which == "past":
            target = day - rng.randint(3, 60)
        elif which == "next":
            target = min(day + rng.randint(5, 35), ctx.as_of)
        else:
            target = min(day + rng.randint(-20, 30), ctx.as_of)
        text, form = format_date(rng, date.fromordinal(target))
        b.mark(text, "date", None, form)

    def _word(self, b: Builder, name: str, day: int) -> None:
        ctx, rng = self.ctx, self.rng
        gender = ctx.client.gender
        if name in ctx.inst:
            b.add(ctx.inst[name])
        elif name in ctx.words:
            b.add(ctx.words[name])
        elif name == "sie":
            b.add("er" if gender == "m" else "sie")
        elif name == "ihr":
            b.add("sein" if gender == "m" else "ihr")
        elif name == "month":
            target = date.fromordinal(min(day + rng.randint(-200, 120), ctx.as_of))
            b.add(f"{MONTHS[target.month - 1]} {target.year}")
        elif name == "months":
            b.add(str(rng.choice((2, 3, 4, 6, 6, 8, 9, 12))))
        elif name == "n":
            b.add(str(rng.randint(12, 140)))
        elif name == "amount":
            b.add(rng.choice(_AMOUNTS))
        elif name == "level":
            b.add(rng.choice(("A1", "A2", "A2", "B1", "B1", "B2")))
        else:
            raise KeyError(f"unknown placeholder {{{name}}}")


_AMOUNTS = ("350", "480", "600", "850", "1.200", "1.850", "2.400", "3.700", "5.600", "8.900")
