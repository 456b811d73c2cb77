"""Real NRW districts as the setting of a synthetic caseload.

A caseload belongs to one district, the level at which KIM is organised. Municipalities carry
their real population, postcodes and dialling codes, so that big towns dominate and small towns
produce the rare combinations (a Guinean family in Langenberg) that make re-identification easy;
authorities and providers carry the names case managers know.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Municipality:
    name: str
    population: int
    postcodes: tuple[str, ...]
    area_code: str  # Vorwahl with leading 0
    jugendamt: bool = False  # has its own Jugendamt (otherwise the district's)


@dataclass(frozen=True)
class District:
    name: str  # "Kreis Gütersloh" or "Stadt Hamm"
    short: str  # "Gütersloh"
    weight: float
    municipalities: tuple[Municipality, ...]
    providers: tuple[str, ...]  # KIM case management providers (Träger)
    abh: str  # Ausländerbehörde
    jobcenter: str
    agentur: str
    bezreg: str  # Bezirksregierung (Anerkennung of teachers, Erzieher)
    approbation: str  # Approbationsbehörde for doctors and pharmacists
    bamf: str  # BAMF-Außenstelle
    vhs: tuple[str, ...]
    aok: str
    hwk: str  # Handwerkskammer
    amtsgericht: str
    mail_domain: str
    jobcenter_domain: str
    jobcenter_office: str  # first 5 digits of the BG-Nummer
    banks: tuple[str, ...]  # BLZ of local and national banks, for IBANs
    streets: tuple[str, ...]  # local street names, mixed with the common ones
    employers: tuple[str, ...]
    kreisfrei: bool = False


_M = Municipality

DISTRICTS: dict[str, District] = {d.short: d for d in (
    District(
        "Kreis Gütersloh", "Gütersloh", 3,
        (_M("Gütersloh", 102000, ("33330", "33332", "33333", "33334", "33335"), "05241", True),
         _M("Rheda-Wiedenbrück", 50000, ("33378",), "05242", True),
         _M("Rietberg", 30000, ("33397",), "05244", True),
         _M("Schloß Holte-Stukenbrock", 27000, ("33758",), "05207", True),
         _M("Verl", 26000, ("33415",), "05246", True),
         _M("Harsewinkel", 25000, ("33428",), "05247"),
         _M("Halle (Westf.)", 22000, ("33790",), "05201"),
         _M("Versmold", 22000, ("33775",), "05423"),
         _M("Steinhagen", 21000, ("33803",), "05204"),
         _M("Herzebrock-Clarholz", 16000, ("33442",), "05245"),
         _M("Werther (Westf.)", 11000, ("33824",), "05203"),
         _M("Borgholzhausen", 9000, ("33829",), "05425"),
         _M("Langenberg", 8500, ("33449",), "05248")),
        ("Caritasverband für den Kreis Gütersloh e.V.", "AWO Kreisverband Gütersloh e.V.",
         "DRK-Kreisverband Gütersloh e.V.", "Diakonie Gütersloh e.V.",
         "Kreis Gütersloh (Kommunales Integrationszentrum)"),
        "Ausländerbehörde Kreis Gütersloh", "Jobcenter Kreis Gütersloh",
        "Agentur für Arbeit Bielefeld", "Bezirksregierung Detmold", "Bezirksregierung Münster",
        "BAMF-Außenstelle Bielefeld", ("VHS Gütersloh", "VHS Reckenberg-Ems", "VHS Ravensberg"),
        "AOK NordWest", "Handwerkskammer Ostwestfalen-Lippe zu Bielefeld",
        "Amtsgericht Gütersloh", "kreis-guetersloh.de", "jobcenter-kreis-guetersloh.de", "34503",
        ("47850065", "48062051", "47460028", "10010010", "50010517", "10011001"),
        ("Kökerstraße", "Carl-Miele-Straße", "Neuenkirchener Straße", "Kahlertstraße",
         "Berliner Straße", "Bielefelder Straße", "Sundernstraße", "Verler Straße",
         "Hauptstraße", "Lange Straße", "Am Ölbach", "Wiedenbrücker Straße"),
        ("Miele", "Claas", "Arvato", "Nobilia", "einer Zeitarbeitsfirma", "Tönnies", "Storck",
         "einem Logistikzentrum", "einer Reinigungsfirma", "einem Pflegedienst"),
    ),
    District(
        "Kreis Recklinghausen", "Recklinghausen", 3,
        (_M("Recklinghausen", 110000, ("45657", "45659", "45661", "45663", "45665"), "02361",
            True),
         _M("Marl", 84000, ("45768", "45770", "45772"), "02365", True),
         _M("Gladbeck", 76000, ("45964", "45966", "45968"), "02043", True),
         _M("Dorsten", 75000, ("46282", "46284", "46286"), "02362", True),
         _M("Castrop-Rauxel", 73000, ("44575", "44577", "44579", "44581"), "02305", True),
         _M("Herten", 62000, ("45699", "45701"), "02366", True),
         _M("Haltern am See", 38000, ("45721",), "02364"),
         _M("Datteln", 35000, ("45711",), "02363"),
         _M("Oer-Erkenschwick", 31000, ("45739",), "02368"),
         _M("Waltrop", 29000, ("45731",), "02309")),
        ("Caritasverband für das Dekanat Recklinghausen e.V.",
         "AWO Unterbezirk Münsterland-Recklinghausen", "DRK-Kreisverband Recklinghausen e.V.",
         "Diakonisches Werk im Kirchenkreis Recklinghausen",
         "Kreis Recklinghausen (Kommunales Integrationszentrum)"),
        "Ausländerbehörde Kreis Recklinghausen", "Jobcenter Kreis Recklinghausen",
        "Agentur für Arbeit Recklinghausen", "Bezirksregierung Münster",
        "Bezirksregierung Münster", "BAMF-Außenstelle Bochum",
        ("VHS Recklinghausen", "insel-VHS Marl", "VHS Dorsten", "VHS Gladbeck",
         "VHS Castrop-Rauxel"),
        "AOK NordWest", "Handwerkskammer Münster", "Amtsgericht Recklinghausen",
        "kreis-re.de", "vestische-arbeit.de", "44201",
        ("42650150", "42662320", "42050001", "10010010", "50010517", "10011001"),
        ("Kurfürstenwall", "Dortmunder Straße", "Bochumer Straße", "Hertener Straße",
         "Breite Straße", "Bergbaustraße", "Zechenstraße", "Hochlarmarkstraße",
         "Westfalenstraße", "Lipper Weg"),
        ("einer Zeitarbeitsfirma", "einem Paketdienst", "Evonik", "einem Pflegedienst",
         "einem Krankenhaus", "einer Reinigungsfirma", "einem Supermarkt", "Amazon"),
    ),
    District(
        "Märkischer Kreis", "Märkischer Kreis", 2,
        (_M("Iserlohn", 92000, ("58636", "58638", "58640", "58642", "58644"), "02371", True),
         _M("Lüdenscheid", 72000, ("58507", "58509", "58511", "58513", "58515"), "02351", True),
         _M("Menden (Sauerland)", 52000, ("58706", "58708", "58710"), "02373", True),
         _M("Hemer", 34000, ("58675",), "02372", True),
         _M("Plettenberg", 25000, ("58840",), "02391"),
         _M("Meinerzhagen", 20000, ("58540",), "02354"),
         _M("Werdohl", 17000, ("58791",), "02392", True),
         _M("Altena", 16000, ("58762",), "02352", True),
         _M("Halver", 16000, ("58553",), "02353"),
         _M("Kierspe", 16000, ("58566",), "02359"),
         _M("Neuenrade", 12000, ("58809",), "02392"),
         _M("Balve", 11000, ("58802",), "02375"),
         _M("Schalksmühle", 10000, ("58579",), "02355"),
         _M("Herscheid", 7000, ("58849",), "02357"),
         _M("Nachrodt-Wiblingwerde", 6500, ("58769",), "02352")),
        ("Caritasverband Altena-Lüdenscheid e.V.", "AWO Unterbezirk Hagen-Märkischer Kreis",
         "DRK-Kreisverband Altena e.V.", "Diakonisches Werk Lüdenscheid-Plettenberg",
         "Märkischer Kreis (Kommunales Integrationszentrum)"),
        "Ausländerbehörde Märkischer Kreis", "Jobcenter Märkischer Kreis",
        "Agentur für Arbeit Iserlohn", "Bezirksregierung Arnsberg", "Bezirksregierung Münster",
        "BAMF-Außenstelle Dortmund",
        ("VHS Iserlohn", "VHS Lüdenscheid", "VHS Menden-Hemer-Balve", "VHS Volmetal"),
        "AOK NordWest", "Handwerkskammer Südwestfalen", "Amtsgericht Lüdenscheid",
        "maerkischer-kreis.de", "jobcenter-mk.de", "39502",
        ("45851020", "44550045", "45050001", "10010010", "50010517", "10011001"),
        ("Altenaer Straße", "Werdohler Straße", "Knapper Straße", "Hagener Straße",
         "Bahnhofstraße", "Wilhelmstraße", "Sauerfelder Straße", "Im Grünen Winkel"),
        ("einem Automobilzulieferer", "einer Drahtzieherei", "einer Zeitarbeitsfirma",
         "Busch-Jaeger", "Kostal", "einem Pflegedienst", "einer Spedition"),
    ),
    District(
        "Rhein-Sieg-Kreis", "Rhein-Sieg", 2,
        (_M("Troisdorf", 75000, ("53840", "53842", "53844"), "02241", True),
         _M("Sankt Augustin", 56000, ("53757",), "02241", True),
         _M("Bornheim", 48000, ("53332",), "02222", True),
         _M("Hennef (Sieg)", 48000, ("53773",), "02242", True),
         _M("Siegburg", 41000, ("53721",), "02241", True),
         _M("Königswinter", 41000, ("53639",), "02223", True),
         _M("Niederkassel", 38000, ("53859",), "02208", True),
         _M("Lohmar", 30000, ("53797",), "02246"),
         _M("Rheinbach", 27000, ("53359",), "02226"),
         _M("Bad Honnef", 26000, ("53604",), "02224"),
         _M("Meckenheim", 25000, ("53340",), "02225"),
         _M("Eitorf", 19000, ("53783",), "02243"),
         _M("Windeck", 19000, ("51570",), "02292"),
         _M("Much", 15000, ("53804",), "02245"),
         _M("Ruppichteroth", 10000, ("53809",), "02295")),
        ("Caritasverband Rhein-Sieg e.V.", "AWO Kreisverband Rhein-Sieg e.V.",
         "DRK-Kreisverband Rhein-Sieg e.V.",
         "Diakonisches Werk des Evangelischen Kirchenkreises An Sieg und Rhein",
         "Rhein-Sieg-Kreis (Kommunales Integrationszentrum)"),
        "Ausländerbehörde Rhein-Sieg-Kreis", "Jobcenter Rhein-Sieg", "Agentur für Arbeit Bonn",
        "Bezirksregierung Köln", "Bezirksregierung Düsseldorf", "BAMF-Außenstelle Bonn",
        ("VHS Rhein-Sieg", "VHS Troisdorf", "VHS Bornheim/Alfter", "VHS Siebengebirge"),
        "AOK Rheinland/Hamburg", "Handwerkskammer zu Köln", "Amtsgericht Siegburg",
        "rhein-sieg-kreis.de", "jobcenter-rhein-sieg.de", "32701",
        ("38650000", "37069520", "38070724", "10010010", "50010517", "10011001"),
        ("Kölner Straße", "Siegburger Straße", "Frankfurter Straße", "Bonner Straße",
         "Hauptstraße", "Mittelstraße", "Rathausstraße", "Am Burghof", "Sieglarer Straße"),
        ("einem Paketdienst", "einer Zeitarbeitsfirma", "einem Pflegeheim", "Reifenhäuser",
         "einem Logistikzentrum", "einer Gebäudereinigung", "einem Hotel"),
    ),
    District(
        "Stadt Hamm", "Hamm", 1,
        (_M("Hamm", 180000, ("59063", "59065", "59067", "59069", "59071", "59073", "59075",
                              "59077"), "02381", True),),
        ("Caritasverband Hamm e.V.", "AWO Unterbezirk Hamm-Warendorf", "Diakonie Ruhr-Hellweg",
         "DRK-Kreisverband Hamm e.V.", "Stadt Hamm (Kommunales Integrationszentrum)"),
        "Ausländerbehörde der Stadt Hamm", "Jobcenter Hamm", "Agentur für Arbeit Hamm",
        "Bezirksregierung Arnsberg", "Bezirksregierung Münster", "BAMF-Außenstelle Dortmund",
        ("VHS Hamm",), "AOK NordWest", "Handwerkskammer Dortmund", "Amtsgericht Hamm",
        "hamm.de", "jobcenter-hamm.de", "36501",
        ("41050095", "41060120", "41040018", "10010010", "50010517", "10011001"),
        ("Wilhelmstraße", "Heessener Straße", "Hammer Straße", "Bockum-Höveler Straße",
         "Werler Straße", "Ostenallee", "Kamener Straße", "Dortmunder Straße"),
        ("einer Zeitarbeitsfirma", "einem Logistikzentrum", "einem Pflegedienst",
         "einer Reinigungsfirma", "einem Krankenhaus", "einer Spedition"),
        kreisfrei=True,
    ),
    District(
        "Stadt Gelsenkirchen", "Gelsenkirchen", 1,
        (_M("Gelsenkirchen", 262000, ("45879", "45881", "45883", "45884", "45886", "45888",
                                       "45889", "45891", "45892", "45894", "45896", "45897",
                                       "45899"), "0209", True),),
        ("Caritasverband für die Stadt Gelsenkirchen e.V.",
         "AWO Kreisverband Gelsenkirchen/Bottrop e.V.",
         "Diakoniewerk Gelsenkirchen und Wattenscheid e.V.",
         "DRK-Kreisverband Gelsenkirchen e.V.",
         "Stadt Gelsenkirchen (Kommunales Integrationszentrum)"),
        "Ausländerbehörde der Stadt Gelsenkirchen", "Jobcenter Gelsenkirchen",
        "Agentur für Arbeit Gelsenkirchen", "Bezirksregierung Münster",
        "Bezirksregierung Münster", "BAMF-Außenstelle Bochum", ("VHS Gelsenkirchen",),
        "AOK NordWest", "Handwerkskammer Münster", "Amtsgericht Gelsenkirchen",
        "gelsenkirchen.de", "iaggelsenkirchen.de", "43101",
        ("42050001", "42060040", "42040040", "10010010", "50010517", "10011001"),
        ("Bochumer Straße", "Bismarckstraße", "Hohenzollernstraße", "Grillostraße",
         "Kurt-Schumacher-Straße", "Horster Straße", "Ückendorfer Straße", "Hauptstraße"),
        ("einer Zeitarbeitsfirma", "einem Paketdienst", "einer Gebäudereinigung",
         "einem Pflegedienst", "einem Supermarkt", "einem Logistikzentrum"),
        kreisfrei=True,
    ),
)}

# Street names found in nearly every German town, used besides the local ones.
COMMON_STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schulstraße", "Gartenstraße",
    "Lindenstraße", "Bergstraße", "Berliner Straße", "Goethestraße", "Schillerstraße",
    "Mühlenweg", "Am Bahnhof", "Feldstraße", "Ringstraße", "Wiesenweg", "Birkenweg",
    "Eichenweg", "Amselweg", "Dorfstraße", "Kampstraße", "Brinkstraße", "Am Markt",
    "Königstraße", "Friedrich-Ebert-Straße", "Kolpingstraße", "Mozartstraße",
    "Beethovenstraße", "Uhlandstraße", "Parkstraße", "Poststraße", "Kaiserstraße",
    "Kurze Straße", "Im Winkel", "An der Kirche", "Breslauer Straße", "Königsberger Straße",
    "Danziger Straße", "Stettiner Straße", "Schlesierstraße", "Münsterstraße", "Moltkestraße",
    "Bismarckstraße", "Blumenstraße", "Rosenstraße", "Tulpenweg", "Nelkenweg", "Fliederweg",
    "Ahornweg", "Buchenweg", "Tannenweg", "Industriestraße", "Am Sportplatz", "Hochstraße",
    "Weststraße", "Oststraße", "Nordring", "Sandweg", "Heideweg", "Talstraße", "Steinweg",
    "Gutenbergstraße", "Röntgenstraße", "Marienstraße", "Josefstraße", "Overbergstraße",
    "Am Hallenbad", "Zum Sportpark", "Lessingstraße", "Wittekindstraße", "Droste-Hülshoff-Straße",
)

# Other KIM locations in NRW, for notes about moving away and handing over a case.
OTHER_PLACES = ("Bielefeld", "Dortmund", "Essen", "Köln", "Duisburg", "Münster", "Paderborn",
                "Bochum", "Hagen", "Wuppertal", "Düsseldorf", "Herford", "Minden", "Soest")
