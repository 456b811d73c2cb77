"""What the scrubber finds: detection types, the persons it knows, and how overlapping
candidates of the matchers become one detection each."""

from __future__ import annotations

from dataclasses import dataclass

#: Replacement per detection type; a person is replaced by that person's pseudonym.
PLACEHOLDERS: dict[str, str] = {
    "name": "[Name]",
    "phone": "[Telefon]",
    "email": "[E-Mail]",
    "iban": "[IBAN]",
    "passport": "[Passnummer]",
    "file_number": "[Aktenzeichen]",
    "handle": "[Kennung]",
    "plate": "[Kennzeichen]",
    "address": "[Adresse]",
    "date": "[Datum]",
    "firm": "[Firma]",
    "school": "[Schule]",
    "hospital": "[Krankenhaus]",
    "care_home": "[Pflegeheim]",
    "mosque": "[Moschee]",
    "origin": "[Herkunftsort]",
    "quarter": "[Ortsteil]",
    "place": "[Ort]",
}

#: All detection types; where spans of different types overlap, the earlier in this order wins
#: a tie in length (person before name: the known person is the more specific finding).
TYPES = ("person", "email", "iban", "phone", "passport", "file_number", "handle", "plate", "date",
         "address", "name", "firm", "school", "hospital", "care_home", "mosque", "origin",
         "quarter", "place")
_TYPE_RANK = {t: i for i, t in enumerate(TYPES)}


@dataclass(frozen=True)
class KnownPerson:
    """A person of the case being scrubbed.

    ``role`` ("client", "partner", "child" …) and ``gender`` ("f", "m", "d", "u") are optional:
    a name part shared by several persons goes to the client (or else the first person), unless
    a title says otherwise ("Herr Hassan" → the male person of that name)."""

    person_id: str
    given_name: str
    family_name: str
    pseudonym: str
    role: str | None = None
    gender: str | None = None


@dataclass(frozen=True)
class Detection:
    """One finding: ``text == original[start:end]`` (Python ``str`` offsets).

    ``type`` is one of ``TYPES``; ``person_id`` is set for type "person"; ``reason`` is a short
    German explanation for the review ("Vorname von Klientin A", "Name nach Anrede 'Frau'").
    ``suffix`` is a genitive ending inside the span ("s" of "Hassans", "’" of "Yılmaz’"):
    ``anonymize`` keeps the genitive ("Klientin A’s")."""

    start: int
    end: int
    text: str
    type: str
    person_id: str | None
    reason: str
    suffix: str = ""



@dataclass
class Candidate:
    start: int
    end: int
    type: str
    reason: str
    person_id: str | None = None
    suffix: str = ""
    full_name: bool = False  # the whole name of someone else: not taken over by a person part


def resolve(text: str, candidates: list[Candidate]) -> list[Detection]:
    """Overlapping candidates become one detection spanning all of them (nothing found is
    left in the text); the longest candidate names the type, a known person beats a name."""
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c.start, -c.end))
    clusters: list[list[Candidate]] = []
    cluster_end = -1
    for cand in candidates:
        if cand.end <= cand.start:
            continue
        if clusters and cand.start < cluster_end:
            clusters[-1].append(cand)
            cluster_end = max(cluster_end, cand.end)
        else:
            clusters.append([cand])
            cluster_end = cand.end
    detections = []
    for cluster in clusters:
        start = min(c.start for c in cluster)
        end = max(c.end for c in cluster)
        winner = min(cluster, key=lambda c: (-(c.end - c.start), not c.full_name,
                                             _TYPE_RANK[c.type]))
        if winner.type == "name" and not winner.full_name:
            persons = [c for c in cluster if c.type == "person"]
            if persons:
                winner = max(persons, key=lambda c: c.end - c.start)
        suffix = winner.suffix if winner.end == end else ""
        detections.append(Detection(start, end, text[start:end], winner.type, winner.person_id,
                                    winner.reason, suffix))
    return detections

