"""Build the name lists the redaction name detector ships with, from the Faker package (MIT licence).

Run from the repository root with Faker installed (a development tool only, not a runtime dependency):

    .venv/bin/python scripts/build_name_lists.py

It writes four plain text files into ``panelrecords/redaction/data/``:

- ``first_names.txt`` and ``surnames.txt``: what the detector uses, one lower-case accent-folded name a line;
- ``common_words.txt``: common English words (Faker's English lorem list), for telling names from words;
- ``heldout_names.txt``: a disjoint, deterministic ~15% of the names (``kind<TAB>community<TAB>Name``), which the
  detector never reads. Only the evaluation corpus uses them, so its third-party-name figure measures names the
  detector's list was not built from.

Faker's name lists are compiled from public statistics of popular names, not from personal records, so no leaked
personal data is involved. Names in non-Latin scripts are skipped (case records are kept in English). A short,
project-written supplement covers communities Faker has no Latin-script list for (Somali, Arabic, Bangladeshi,
Afghan and Kurdish, Caribbean).
"""

from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from pathlib import Path

import faker

DATA = Path(__file__).resolve().parent.parent / "panelrecords" / "redaction" / "data"

# Faker locale -> the community it stands for in an English city.
LOCALES: dict[str, str] = {
    "en_GB": "british",
    "en_US": "british",
    "en_NZ": "british",
    "en_IE": "irish",
    "ga_IE": "irish",
    "en_IN": "south_asian",
    "en_PK": "south_asian",
    "pl_PL": "polish",
    "ro_RO": "romanian",
    "pt_PT": "portuguese",
    "pt_BR": "portuguese",
    "lt_LT": "lithuanian",
    "lv_LV": "latvian",
    "sk_SK": "slovak",
    "cs_CZ": "czech",
    "hu_HU": "hungarian",
    "en_NG": "west_african",
    "ig_NG": "west_african",
    "yo_NG": "west_african",
    "ha_NG": "west_african",
    "tw_GH": "west_african",
    "en_KE": "east_african",
    "sw": "east_african",
    "fr_DZ": "arabic",
    "tr_TR": "turkish",
    "zh_CN": "chinese",
    "zh_TW": "chinese",
    "es_ES": "spanish",
    "it_IT": "italian",
    "fr_FR": "french",
    "de_DE": "german",
}

FIRST_ATTRS = ("first_names", "first_names_female", "first_names_male", "first_romanized_names")
LAST_ATTRS = ("last_names", "last_names_male", "last_names_female", "male_last_names", "last_romanized_names")

# Project-written supplement (MIT, like the project): communities without a Latin-script Faker list.
SUPPLEMENT_FIRST: dict[str, str] = {
    "somali": "Abdi Abdirahman Abdullahi Abdiaziz Abdikarim Ahmed Ayaan Ayan Asha Bashir Deeqa Filsan Fartun Farhiya "
    "Guled Hamza Hodan Hibo Hawo Idil Ilhan Khadra Liban Mahad Mukhtar Muna Najma Nimco Omar Sagal Sahra Sadia "
    "Ubah Warsame Yasmin Zamzam Hamdi Ifrah Kaltun Bilan Ridwan Samatar Yonis Mohamud Ayub Ikran Shukri",
    "arabic": "Ahmad Aisha Amira Amir Bilal Fatima Hassan Hussein Ibrahim Jamal Karim Khadija Khalid Layla Mariam "
    "Mohammed Muhammad Mustafa Nadia Noor Omar Rania Rashid Salma Sami Tariq Yasmin Yousef Yusuf Zainab Zaid Huda "
    "Hana Leen Rayan Adam Ali Hamid Samira Dalia Walid Faisal Nour Jana Malak Reem Tala",
    "bangladeshi": "Abdul Afsana Anwar Ayesha Farzana Habib Jahanara Kamal Mahmud Mitu Nasreen Rahim Rubina Sabrina "
    "Shahid Shirin Sumaiya Tahmina Tanvir Rafiq Mizanur Shafiq Nazia Ruma Shapla Jannat Arif Sohel Imran",
    "afghan_kurdish": "Ahmad Farid Gulalai Hamid Hawre Karwan Lana Mahmood Nasrin Rebin Roya Sherzad Soran Zhila "
    "Zana Dilan Berivan Rojin Shirin Arman Parwana Wahid Zahra Mursal Khalil Latifa Mina Sayed",
    "caribbean": "Andre Delroy Dwayne Jermaine Kemar Leroy Marlon Shanice Tanisha Tyrone Winston Desmond Claudette "
    "Jamal Kadeem Kerry-Ann Latoya Nadine Odane Romaine Shamar Shavon Tamika Trevor Donovan Devon Kareem Akeem",
}
SUPPLEMENT_LAST: dict[str, str] = {
    "somali": "Abdi Adan Aden Ali Awale Barre Dahir Diriye Duale Egal Elmi Farah Guleid Hassan Hersi Hirsi Ismail "
    "Jama Jibril Mohamud Mohamed Mohamoud Nur Osman Roble Samatar Warsame Yusuf Omar Ahmed Warfa Gelle",
    "arabic": "Abbas Abdullah Al-Hassan Al-Sayed Aziz Bakr Darwish Haddad Hamdan Haddad Khalil Mansour Nasser Qureshi "
    "Rahman Saleh Shaikh Suleiman Yassin Zaki Khoury Habib Hamoud Ghanem Othman",
    "bangladeshi": "Ahmed Begum Chowdhury Hossain Islam Khatun Miah Rahman Uddin Akhter Sarkar Talukder Khan Alam "
    "Bhuiyan Haque Karim Molla Sheikh",
    "afghan_kurdish": "Ahmadi Barzani Haidari Hakimi Karimi Mohammadi Popal Rahimi Sultani Talabani Wardak Zazai",
    "caribbean": "Bailey Campbell Francis Gordon Grant Henry McKenzie Morgan Reid Richards Thompson Walker Williams "
    "Brown Clarke Edwards Forbes Gayle Lewis Powell",
}

LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’ -]*[A-Za-z\u00c0-\u024f]$")


def fold(name: str) -> str:
    """Lower-case and strip accents, as the detector does (Zoë -> zoe, Łukasz -> lukasz)."""
    name = name.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace("ı", "i")
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'").lower()


def is_held_out(folded: str) -> bool:
    """A stable ~15% split on the folded name, so the same name is held out wherever it comes from."""
    return int(hashlib.sha256(folded.encode()).hexdigest(), 16) % 20 < 3


def tidy(name: str) -> str:
    """Faker's romanised Taiwanese names are upper case (CHIA-HAO): give them the usual capitalisation."""
    return "-".join(part.capitalize() for part in name.split("-")) if name.isupper() else name


def faker_names() -> list[tuple[str, str, str]]:
    """(kind, community, name) for each Latin-script Faker name of the chosen locales."""
    rows = []
    for locale, community in LOCALES.items():
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for kind, attrs in (("first", FIRST_ATTRS), ("last", LAST_ATTRS)):
            if kind == "last" and locale == "ga_IE":
                continue  # Irish-language surname forms (A tSithigh) are not how records spell them
            for attr in attrs:
                values = getattr(provider, attr, ())
                # Some Faker lists are weighted dicts, some tuples.
                for name in values.keys() if isinstance(values, dict) else values:
                    name = tidy(unicodedata.normalize("NFC", str(name)).strip())
                    if LATIN_NAME.match(name) and len(name) >= 2:
                        rows.append((kind, community, name))
    for kind, supplement in (("first", SUPPLEMENT_FIRST), ("last", SUPPLEMENT_LAST)):
        for community, names in supplement.items():
            rows.extend((kind, community, name) for name in names.split())
    return rows


def main() -> None:
    rows = faker_names()
    kept: dict[str, set[str]] = {"first": set(), "last": set()}
    held: set[tuple[str, str, str]] = set()
    for kind, community, name in rows:
        folded = fold(name)
        if " " in folded:
            continue  # multi-word entries (de la Cruz) are handled by the detector's particle rule
        if is_held_out(folded):
            held.add((kind, community, name))
        else:
            kept[kind].add(folded)
    header = (
        "# Source: Faker {version} person providers (https://github.com/joke2k/faker, MIT licence),\n"
        "# locales {locales}; plus a project-written supplement (MIT). Built by scripts/build_name_lists.py.\n"
    ).format(version=faker.VERSION, locales=", ".join(LOCALES))
    DATA.mkdir(parents=True, exist_ok=True)
    for kind, filename in (("first", "first_names.txt"), ("last", "surnames.txt")):
        names = sorted(kept[kind])
        (DATA / filename).write_text(header + "".join(f"{n}\n" for n in names), encoding="utf-8")
        print(f"{filename}: {len(names)} names")
    held_lines = sorted(f"{kind}\t{community}\t{name}\n" for kind, community, name in held)
    heldout_header = header + "# Held out from the lists above: used only by the evaluation corpus.\n"
    (DATA / "heldout_names.txt").write_text(heldout_header + "".join(held_lines), encoding="utf-8")
    print(f"heldout_names.txt: {len(held_lines)} rows")
    # Common English words (Faker's en_US lorem list): the detector treats a capitalised one as a name only with
    # stronger evidence (a title, a role, a listed surname), which keeps "However" or "Following" out.
    from faker.providers.lorem.en_US import Provider as Lorem

    words = sorted({w.lower() for w in Lorem.word_list if w.isalpha()})
    (DATA / "common_words.txt").write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"common_words.txt: {len(words)} words")


if __name__ == "__main__":
    main()
