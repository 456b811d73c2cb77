"""Name data for origins Faker does not cover in Latin script, and the spelling helpers.

German records hold names as the Latin line of the passport shows them, so Cyrillic names are
transliterated the way the issuing state does it (Ukraine: KMU 2010, Russia: the common passport
system, Bulgaria: the Streamlined System), and Arabic, Persian, Tigrinya, Somali, Albanian, Serbian
and West African names come from lists in their usual Latin spellings, spelling variants included
(Mohammad/Mohammed/Muhammad): case managers meet all of them.
"""

from __future__ import annotations

import unicodedata

# Own name lists per name group: (male given, female given, family). Multi-part given names
# ("Abdul Rahman") and family names with particles ("Al-Khatib", "Abu Zeid", joined "Alhamad")
# are deliberate: German records keep all three spellings.
NAME_LISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "levant": (
        ("Mohammad", "Mohammed", "Muhammad", "Ahmad", "Ahmed", "Mahmoud", "Khaled", "Omar",
         "Ali", "Hassan", "Hussein", "Mustafa", "Yousef", "Ibrahim", "Abdul Rahman",
         "Abdul Karim", "Abdullah", "Bashar", "Fadi", "Rami", "Samer", "Tarek", "Walid", "Ziad",
         "Anas", "Bilal", "Hamza", "Jamal", "Majd", "Nour Aldin", "Osama", "Qusai", "Wael",
         "Yaman", "Mohammad Nour", "Abd Alaziz", "Firas", "Hadi", "Karam", "Louay"),
        ("Fatima", "Aisha", "Amina", "Mariam", "Noor", "Rasha", "Hiba", "Lina", "Rana", "Reem",
         "Samira", "Yasmin", "Zainab", "Hala", "Dima", "Ghada", "Heba", "Manal", "Nisreen",
         "Rouba", "Safaa", "Walaa", "Asmaa", "Bushra", "Fatma", "Hanan", "Israa", "Lama",
         "Nour", "Raghad", "Sidra", "Tasneem", "Batoul", "Shahd", "Alaa", "Maysaa", "Ruqaya"),
        ("Al-Hassan", "Al-Khatib", "Al-Ahmad", "Al Masri", "Al-Ali", "Alhamad", "Alabdullah",
         "Alhussein", "Alkhalaf", "Almohammad", "Haddad", "Hamdan", "Abu Zeid", "Khalil",
         "Ibrahim", "Mustafa", "Othman", "Al-Hamwi", "Darwish", "Hammoud", "Kassem", "Mansour",
         "Nasser", "Saleh", "Sabbagh", "Shaheen", "Suleiman", "Youssef", "Zaher", "Al-Rifai",
         "Al-Halabi", "Kabbani", "Al-Shami", "Barakat", "Aldaher", "Alsayed", "Jaber",
         "Abu Hamra", "El-Khoury", "Hamadeh", "Qassab", "Tlass", "Alomar", "Alnajjar"),
    ),
    "kurdish": (
        ("Azad", "Baran", "Dilovan", "Hozan", "Rezan", "Shervan", "Sherzad", "Kawa", "Rojhat",
         "Berzan", "Delil", "Heval", "Jiwan", "Kendal", "Rênas", "Serhat", "Xelil", "Ciwan",
         "Hussein", "Khudeda", "Mahmoud", "Murad", "Qasim", "Shivan"),
        ("Rojin", "Berivan", "Dilan", "Havin", "Jiyan", "Nesrin", "Zozan", "Hêvî", "Viyan",
         "Rûken", "Nadia", "Shirin", "Layla", "Gulistan", "Newroz", "Sosin", "Awaz", "Peyman",
         "Xezal", "Dilbirîn"),
        ("Hussein", "Murad", "Khalaf", "Hasso", "Sheikhmous", "Ibo", "Haji", "Osman", "Alo",
         "Bakr", "Mahmoud", "Kalo", "Qasim", "Shingali", "Barzani", "Amedi", "Rashid", "Hamo",
         "Sido", "Khudeda", "Elias", "Zebari", "Hemo", "Aziz"),
    ),
    "afghan": (
        ("Mohammad", "Ahmad", "Ali", "Hamid", "Jawad", "Mustafa", "Sayed", "Rahmatullah",
         "Zabihullah", "Naqibullah", "Ahmad Shah", "Abdul Wahid", "Farid", "Wahid", "Javid",
         "Sohrab", "Habib", "Nasir", "Omid", "Milad", "Mohammad Ali", "Abdul Qadir", "Hamidullah",
         "Shafiq", "Sultan", "Yama", "Rohullah", "Basir", "Mujtaba", "Elyas"),
        ("Zahra", "Fatima", "Mariam", "Farzana", "Mursal", "Mahboba", "Shabnam", "Parwana",
         "Nilofar", "Freshta", "Zarghona", "Sima", "Roya", "Khadija", "Marzia", "Nazanin",
         "Laila", "Hamida", "Masooma", "Nargis", "Sakina", "Tahmina", "Sodaba", "Wajiha",
         "Gulalai", "Fereshta", "Arezo", "Madina"),
        ("Ahmadi", "Haidari", "Rahimi", "Sultani", "Noori", "Karimi", "Hakimi", "Mohammadi",
         "Hussaini", "Sadat", "Jafari", "Rezai", "Amiri", "Azizi", "Stanikzai", "Popal",
         "Wardak", "Niazi", "Safi", "Shinwari", "Yousufzai", "Hotak", "Rasuli", "Hashimi",
         "Nazari", "Akbari", "Qaderi", "Samadi", "Mohammadzai", "Ahmadzai", "Sharifi",
         "Faizi", "Nabizada", "Habibi"),
    ),
    "persian": (
        ("Reza", "Ali", "Mehdi", "Hossein", "Amir", "Mohammad Reza", "Saeed", "Hamed", "Behzad",
         "Arash", "Kian", "Babak", "Mostafa", "Pouya", "Navid", "Farhad", "Kourosh", "Siamak",
         "Ehsan", "Mahmoud", "Amir Hossein", "Payam"),
        ("Maryam", "Fatemeh", "Zahra", "Sara", "Narges", "Shirin", "Leila", "Nasrin", "Parisa",
         "Mahsa", "Elham", "Niloofar", "Azadeh", "Shadi", "Samira", "Fariba", "Mina", "Soheila",
         "Golnaz", "Roya", "Negin", "Ziba"),
        ("Hosseini", "Rezaei", "Mohammadi", "Karimi", "Jafari", "Moradi", "Ahmadi", "Rahimi",
         "Ghasemi", "Sadeghi", "Heidari", "Mousavi", "Kazemi", "Najafi", "Shirazi", "Tehrani",
         "Farahani", "Abbasi", "Ebrahimi", "Salehi", "Zarei", "Rostami", "Mohammadzadeh",
         "Hashemi-Nejad", "Khosravi", "Amini", "Bagheri", "Nourbakhsh", "Tabrizi"),
    ),
    "tigrinya": (
        ("Tesfay", "Yonas", "Filmon", "Merhawi", "Dawit", "Habtom", "Samuel", "Robel",
         "Yohannes", "Kibrom", "Mussie", "Biniam", "Efrem", "Tekle", "Amanuel", "Yemane", "Aron",
         "Goitom", "Mehari", "Henok", "Awet", "Natnael", "Senay", "Temesgen"),
        ("Senait", "Selam", "Helen", "Semhar", "Rahel", "Luwam", "Saba", "Feven", "Winta", "Hiwet",
         "Yordanos", "Mebrat", "Tsega", "Ruta", "Lidya", "Almaz", "Elsa", "Mihret", "Freweyni",
         "Aster", "Tirhas", "Eden"),
        ("Tesfamariam", "Gebremedhin", "Haile", "Kidane", "Berhane", "Yohannes", "Tekle",
         "Ghebreyesus", "Weldemichael", "Gebrehiwet", "Tesfay", "Mehari", "Asmerom", "Habte",
         "Abraha", "Woldu", "Kahsay", "Teklehaimanot", "Andemariam", "Zerai", "Ghirmay",
         "Okbazghi", "Tewelde", "Mebrahtu"),
    ),
    "somali": (
        ("Abdullahi", "Mohamed", "Ahmed", "Abdirahman", "Abdikarim", "Hassan", "Ismail", "Yusuf",
         "Omar", "Abdiaziz", "Liban", "Mahad", "Guled", "Said", "Farah", "Abdiqani", "Bashir",
         "Hamse", "Mustaf", "Sharmarke"),
        ("Hodan", "Fadumo", "Ayaan", "Hibaq", "Khadra", "Sahra", "Asha", "Amina", "Halima",
         "Ubah", "Sagal", "Ifrah", "Nasra", "Fartun", "Deeqa", "Hawa", "Muna", "Sucdi", "Idil",
         "Nimco"),
        ("Abdullahi", "Mohamed", "Ali", "Hassan", "Farah", "Warsame", "Jama", "Abdi", "Osman",
         "Nur", "Aden", "Hersi", "Egal", "Dirie", "Yusuf", "Gedi", "Mohamud", "Ahmed", "Samatar",
         "Elmi", "Duale", "Abdulle"),
    ),
    "albanian": (
        ("Arben", "Driton", "Valon", "Fatmir", "Besnik", "Blerim", "Ardit", "Leutrim", "Agron",
         "Ilir", "Florian", "Gentian", "Kushtrim", "Dritan", "Erion", "Shkëlzen", "Bekim",
         "Mentor", "Labinot", "Liridon", "Enis", "Arianit"),
        ("Blerina", "Arta", "Vjosa", "Drita", "Fjolla", "Albana", "Mimoza", "Teuta", "Lirije",
         "Arbnora", "Donika", "Shqipe", "Valbona", "Elira", "Besa", "Rina", "Qëndresa",
         "Edona", "Flutura", "Merita", "Lumturije"),
        ("Krasniqi", "Gashi", "Berisha", "Hoxha", "Shala", "Morina", "Bytyqi", "Kelmendi",
         "Rexhepi", "Hasani", "Ahmeti", "Shehu", "Kastrati", "Syla", "Rama", "Dervishi", "Hyseni",
         "Zeqiri", "Çela", "Përvizi", "Mustafa", "Thaçi", "Salihu", "Musliu", "Haxhiu"),
    ),
    "serbian": (
        ("Dragan", "Nenad", "Dejan", "Goran", "Zoran", "Miloš", "Nikola", "Stefan", "Marko",
         "Srđan", "Bojan", "Dalibor", "Saša", "Ivica", "Slobodan"),
        ("Milica", "Jelena", "Ivana", "Dragana", "Snežana", "Marija", "Jovana", "Sanja",
         "Tijana", "Gordana", "Vesna", "Biljana", "Ljiljana", "Danijela"),
        ("Jovanović", "Petrović", "Nikolić", "Stojanović", "Đorđević", "Ristić", "Marković",
         "Ilić", "Stanković", "Pavlović", "Mitrović", "Kostić", "Bajramović", "Demirović",
         "Redžepović", "Mehmedović", "Osmani", "Saitović"),
    ),
    "fula": (
        ("Mamadou", "Alpha", "Ibrahima", "Ousmane", "Amadou", "Mamadou Saliou", "Thierno",
         "Abdoulaye", "Boubacar", "Oumar", "Sekou", "Mohamed Lamine", "Souleymane", "Alseny",
         "Lansana", "Moussa"),
        ("Aissatou", "Fatoumata", "Mariama", "Kadiatou", "Hawa", "Mariam", "Fatoumata Binta",
         "Aminata", "Djenabou", "Oumou", "Ramatoulaye", "Hadja", "Mabinty", "Saran", "Nènè"),
        ("Diallo", "Barry", "Bah", "Sow", "Camara", "Condé", "Touré", "Sylla", "Keita", "Baldé",
         "Soumah", "Kouyaté", "Cissé", "Bangoura", "Kaba", "Traoré", "Doumbouya", "Diakité"),
    ),
}

# Name particles of two letters ("El" of "El Mehdi", "Al" of "Al Masri", "de" of "de Souza"):
# part of a name, never a person's given name on its own. Faker's Bulgarian list has "Ел",
# which transliterates to "El"; a note would then call the person just "El".
SHORT_PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "de", "da",
                             "di", "du", "la", "le", "zu"})


def is_bare_particle(name: str) -> bool:
    """A name that is nothing but a two-letter particle ("El", "Al", "de")."""
    return name.strip().casefold() in SHORT_PARTICLES


# Faker locales whose person provider already gives Latin-script names.
LATIN_LOCALES = ("tr_TR", "pl_PL", "ro_RO", "az_AZ", "yo_NG", "ig_NG", "tw_GH", "de_DE")
# Faker locales in Cyrillic script, transliterated with the table of the issuing state.
CYRILLIC_LOCALES = {"uk_UA": "uk", "ru_RU": "ru", "bg_BG": "bg"}

# Transliteration: letter -> Latin; a pair gives (word-initial, elsewhere).
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": ("ye", "ie"),
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": ("yi", "i"), "й": ("y", "i"), "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": ("yu", "iu"), "я": ("ya", "ia"), "'": "", "’": "", "ʼ": "",
}
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}
_TABLES = {"uk": _UK, "ru": _RU, "bg": _BG}


def transliterate(text: str, lang: str) -> str:
    """Cyrillic name to its passport spelling; each word part starts with a capital."""
    table = _TABLES[lang]
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    initial = True
    for index, char in enumerate(text):
        lower = char.lower()
        if lower not in table:
            out.append(char)
            initial = not char.isalpha()
            continue
        value = table[lower]
        if isinstance(value, tuple):
            value = value[0] if initial else value[1]
        previous = text[index - 1:index].lower() if index else ""
        if lang == "uk" and lower == "г" and previous == "з":
            value = "gh"
        elif lang == "bg" and lower == "я" and previous == "и" and (
                index + 1 == len(text) or not text[index + 1].isalpha()):
            value = "a"
        out.append(value)
        initial = False
    return capitalise_parts("".join(out))


def capitalise_parts(name: str) -> str:
    """Capital letter at the start of every space- or hyphen-separated part ("Bozhidara-Silvestra").

    Particles stay as they are written in the list, so this is only applied to Faker output.
    """
    parts = []
    for word in name.split(" "):
        parts.append("-".join(p[:1].upper() + p[1:].lower() if p else p for p in word.split("-")))
    return " ".join(parts)


# Feminine forms of family names, by language: (masculine ending, feminine ending).
_FEMININE = {
    "ru": (("ский", "ская"), ("цкий", "цкая"), ("ый", "ая"), ("ий", "ая"), ("ой", "ая"),
           ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына")),
    "uk": (("ський", "ська"), ("цький", "цька"), ("ий", "а"), ("ов", "ова"), ("ев", "ева"),
           ("ін", "іна"), ("ин", "ина")),
    "bg": (("ски", "ска"), ("цки", "цка"), ("ов", "ова"), ("ев", "ева"), ("ин", "ина")),
    "pl": (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")),
    "az": (("yev", "yeva"), ("ov", "ova"), ("ev", "eva")),
}


def feminine_family_name(name: str, lang: str | None) -> str:
    """The form a woman of the family carries (Kowalski → Kowalska, Иванов → Иванова)."""
    for masculine, feminine in _FEMININE.get(lang or "", ()):
        if name.endswith(masculine):
            return name[: len(name) - len(masculine)] + feminine
    return name


_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ə": "a", "Ə": "A", "đ": "d", "Đ": "D",
                       "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "œ": "oe"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def ascii_fold(text: str) -> str:
    """Drop diacritics the way a keyboard without them does it (Şahin → Sahin, Yılmaz → Yilmaz)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def german_fold(text: str) -> str:
    """Drop diacritics German-style: umlauts become ae/oe/ue (Özdemir → Oezdemir)."""
    return ascii_fold(text.translate(_UMLAUTS))


def genitive(name: str) -> str:
    """German genitive of a name: Ahmads, but Yılmaz' and Haris' (s-sounds take an apostrophe)."""
    if name[-1:].lower() in ("s", "ß", "x", "z") or name.lower().endswith("ce"):
        return name + "'"
    return name + "s"
