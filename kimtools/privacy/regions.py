"""German country names and world regions for the nationality ladder of the risk check.

A nationality that is rare in a small town identifies a client; the risk check therefore
replaces it by a world region when k is too small. The regions follow the UN M49 subregions,
named in German and merged where a subregion is too small to hide anyone (Melanesia,
Micronesia and Polynesia become "Ozeanien"; the Caribbean and Central and South America
become "Lateinamerika und Karibik"). The 27 EU member states form a region of their own that
takes precedence over geography, because EU citizenship decides Freizügigkeit, which is what an
Ausländerbehörde or a Jobcenter must know about a case.

``REGIONS`` is the data table (region → ISO 3166-1 alpha-2 codes); a test checks that it
covers every code pycountry knows, exactly once.
"""

from __future__ import annotations

import functools
import gettext

import pycountry

EU = "EU-Staaten"

_EU_CODES = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
#: The EU member states (since 2020: 27).
EU_MEMBERS: frozenset[str] = frozenset(_EU_CODES.split())

#: Region → codes. Territories go with their M49 subregion, except the EU's outermost regions
#: and Åland, whose people are EU citizens (GF, GP, MF, MQ, RE, YT, AX). Kosovo (XK, a
#: user-assigned code that pycountry lacks) is listed because clients from Kosovo are common.
REGIONS: dict[str, str] = {
    EU: _EU_CODES + " AX GF GP MF MQ RE YT",
    "Osteuropa": "BY MD RU UA",
    "Südosteuropa/Westbalkan": "AL BA ME MK RS XK",
    "Nordeuropa/Westeuropa (ohne EU)": "AD CH FO GB GG GI IM IS JE LI MC NO SJ SM VA",
    "Westasien/Naher Osten": "AE AM AZ BH GE IL IQ JO KW LB OM PS QA SA SY TR YE",
    "Zentralasien": "KG KZ TJ TM UZ",
    "Südasien": "AF BD BT IN IR LK MV NP PK",
    "Ostasien": "CN HK JP KP KR MN MO TW",
    "Südostasien": "BN ID KH LA MM MY PH SG TH TL VN",
    "Nordafrika": "DZ EG EH LY MA SD TN",
    "Westafrika": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Zentralafrika": "AO CD CF CG CM GA GQ ST TD",
    "Ostafrika": "BI DJ ER ET IO KE KM MG MU MW MZ RW SC SO SS TF TZ UG ZM ZW",
    "Südliches Afrika": "BW LS NA SZ ZA",
    "Nordamerika": "BM CA GL PM US",
    "Lateinamerika und Karibik": (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GS GT GY HN HT "
        "JM KN KY LC MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    # Antarctica has no permanent population and no M49 subregion; it goes with its neighbours.
    "Ozeanien": (
        "AQ AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU "
        "WF WS"
    ),
}

#: Code → region, built from the table above.
REGION_OF: dict[str, str] = {
    code: region for region, codes in REGIONS.items() for code in codes.split()
}

#: Where the German ISO translation is not what a German reader expects.
_NAME_OVERRIDES = {
    "RU": "Russland",
    "PS": "Palästina",
    "VA": "Vatikanstadt",
    "XK": "Kosovo",
}


def world_region(alpha2: str) -> str:
    """German world region of an ISO 3166-1 alpha-2 code (case-insensitive).

    Raises KeyError for a code that is not a country, so that a typo never lands silently in
    some region.
    """
    code = alpha2.strip().upper()
    try:
        return REGION_OF[code]
    except KeyError:
        message = f"unbekannter Ländercode {alpha2!r}; erwartet: ISO 3166-1 alpha-2."
        raise KeyError(message) from None


@functools.cache
def _german() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        return gettext.NullTranslations()


@functools.cache
def country_name_de(alpha2: str) -> str:
    """German short name of a country ("Syrien", not "Syrien, Arabische Republik").

    Uses pycountry's common name where it has one, translated with its German ISO 3166
    catalogue; falls back to the English name when the catalogue lacks it, and to the code
    itself for a code pycountry does not know.
    """
    code = alpha2.strip().upper()
    if code in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _german().gettext(name)
