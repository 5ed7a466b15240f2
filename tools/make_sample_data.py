#!/usr/bin/env python3
"""Generate the sample seed data in ``sample_data/`` (format: docs/seed-format.md).

Deterministic: one ``random.Random`` with a fixed seed, fixed dates, no network,
only the standard library and the project's own modules. Every file is checked
with ``SeedFile.model_validate`` (and the graded cohort's results with the
scoring rules) before anything is written; the script stops with an error if
its own output does not hold. Re-running it reproduces the files byte for byte.

    python3 tools/make_sample_data.py            # writes sample_data/
    python3 tools/make_sample_data.py --out DIR  # writes somewhere else

The people, their numbers and their work are invented. Institutions, regions
and the 2018 benchmarking hosts are real names used for plausibility only.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:  # run from a checkout without ``pip install -e .``
    import diklat  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(ROOT / "src"))

from diklat.domain.instrument import load_instrument, score_values, strengths_and_development  # noqa: E402
from diklat.domain.nip import parse_nip  # noqa: E402
from diklat.domain.rubric import default_rubric  # noqa: E402
from diklat.domain.rules import default_ruleset, dump_ruleset  # noqa: E402
from diklat.domain.scoring import ParticipantFacts, compute_results  # noqa: E402
from diklat.domain.workflow import STAGES, Stage  # noqa: E402
from diklat.io.seed_format import FORMAT, SeedFile  # noqa: E402

SEED = 20180918
DEFAULT_OUT = ROOT / "sample_data"
PASSWORD = "demo"
TODAY = date(2026, 11, 28)  # "now" for the cohort still in progress

FILE_PEOPLE = "00-people-and-institutions.json"
FILE_2018 = "10-diklatpim-iv-angkatan-iii-2018.json"
FILE_2026 = "20-pkp-angkatan-ii-2026.json"

S = Stage  # short alias used in tables below

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tgl(d: date) -> str:
    """An Indonesian long date: 18 September 2018."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def ribu(n: int) -> str:
    """Thousands grouped the Indonesian way: 1.250."""
    return f"{n:,}".replace(",", ".")


def koma(x: Decimal | float, places: int = 2) -> str:
    return f"{x:.{places}f}".replace(".", ",")


def iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


class Ctx(dict):
    """Template values; a missing key is a bug in the templates, so it raises."""

    def __missing__(self, key: str) -> Any:  # pragma: no cover - a template bug
        raise KeyError(f"template placeholder {{{key}}} has no value")


def fmt(template: str, ctx: Ctx) -> str:
    return template.format_map(ctx)


def at(rng: random.Random, day: date, lo: int = 8, hi: int = 17) -> datetime:
    """A plausible office-hours moment on ``day``."""
    return datetime.combine(day, time(rng.randint(lo, hi - 1), rng.choice(range(0, 60, 5))))


def later(
    rng: random.Random, moment: datetime, days: tuple[int, int], lo: int = 8, hi: int = 20
) -> datetime:
    """A moment ``days`` days after ``moment`` (same day allowed only if it stays later)."""
    for _ in range(50):
        d = moment.date() + timedelta(days=rng.randint(*days))
        t = at(rng, d, lo, hi)
        if t > moment + timedelta(minutes=30):
            return t
    return moment + timedelta(hours=2)


# ---------------------------------------------------------------------------
# names, titles, NIPs
# ---------------------------------------------------------------------------

# first names x second parts ("" = a single name); Batak groups take a marga.
GROUPS: dict[str, dict[str, Any]] = {
    "aceh": {
        "muslim": True,
        "noble": ("Teuku", "Cut"),
        "M": [
            "Muhammad",
            "Fakhrurrazi",
            "Mukhlis",
            "Zulfikar",
            "Khairul",
            "Safrizal",
            "Bukhari",
            "Mahdi",
            "Fauzan",
            "Rizki",
            "Nasruddin",
            "Azhari",
            "Yusri",
            "Maimun",
            "Rahmat",
            "Jamaluddin",
        ],
        "M2": [
            "",
            "",
            "Iqbal",
            "Amri",
            "Azima",
            "Maulana",
            "Hasan",
            "Ibrahim",
            "Yusuf",
            "Abdullah",
            "Ridha",
            "Fahlevi",
            "Syah",
            "Hamdi",
        ],
        "F": [
            "Nurul",
            "Maulidar",
            "Fitriani",
            "Rahmawati",
            "Nurhayati",
            "Ainul",
            "Raudhatul",
            "Khairunnisa",
            "Safrida",
            "Darmawati",
            "Zahratul",
            "Intan",
            "Rosmaniar",
            "Yusnidar",
            "Mutia",
        ],
        "F2": [
            "",
            "",
            "Husna",
            "Aini",
            "Mardhiah",
            "Jannah",
            "Fitri",
            "Hayati",
            "Safitri",
            "Zahara",
            "Rahmah",
        ],
    },
    "batak": {
        "muslim": False,
        "br": True,
        "M": [
            "Togar",
            "Parlindungan",
            "Hotman",
            "Marulam",
            "Binsar",
            "Jonner",
            "Sahat",
            "Bonar",
            "Darwin",
            "Robert",
            "Mangasi",
            "Johannes",
            "Ferdinan",
            "Poltak",
            "Henri",
            "Marihot",
            "Ronald",
            "Tumpal",
            "Benny",
            "Daniel Parulian",
            "Hasiholan",
            "Lamhot",
        ],
        "F": [
            "Rosmawati",
            "Lamria",
            "Tiurma",
            "Rumondang",
            "Sondang",
            "Rotua",
            "Hotmaida",
            "Lasma",
            "Maria",
            "Friska",
            "Roida",
            "Nurmala",
            "Sarma",
            "Erna",
            "Lenny",
            "Dameria",
            "Juliana",
            "Christina",
        ],
        "marga": [
            "Simanjuntak",
            "Hutagalung",
            "Sitompul",
            "Panjaitan",
            "Situmorang",
            "Sinaga",
            "Pardede",
            "Tambunan",
            "Manurung",
            "Hutapea",
            "Simatupang",
            "Sihombing",
            "Silalahi",
            "Napitupulu",
            "Siahaan",
            "Damanik",
            "Purba",
            "Saragih",
            "Hutabarat",
            "Pasaribu",
        ],
    },
    "karo": {
        "muslim": False,
        "br": True,
        "M": ["Ukur", "Mehamat", "Petrus", "Simson", "Edison", "Rasmin", "Lesta"],
        "F": ["Rosita", "Ngena", "Mbera", "Sri Ulina", "Dewina", "Lestari"],
        "marga": [
            "Ginting",
            "Tarigan",
            "Sembiring",
            "Sitepu",
            "Karo-Karo",
            "Perangin-angin",
            "Bangun",
        ],
    },
    "mandailing": {
        "muslim": True,
        "M": [
            "Ahmad Rasyid",
            "Ilham",
            "Syahrir",
            "Muhammad Ridwan",
            "Irfan Hamdani",
            "Sahrul",
            "Parlaungan",
            "Mara Sutan",
            "Zulkarnain",
            "Ali Imran",
            "Fahmi",
        ],
        "F": [
            "Nur Aisyah",
            "Siti Khadijah",
            "Rahmadani",
            "Masdalena",
            "Nurhabibah",
            "Delima",
            "Rosdiana",
            "Nurlela",
        ],
        "marga": [
            "Nasution",
            "Lubis",
            "Harahap",
            "Daulay",
            "Rangkuti",
            "Pulungan",
            "Batubara",
            "Hasibuan",
            "Siregar",
            "Ritonga",
        ],
    },
    "minang": {
        "muslim": True,
        "M": [
            "Afrizal",
            "Yulizar",
            "Syafrizal",
            "Hendri",
            "Zulkifli",
            "Efendi",
            "Masrul",
            "Indra",
            "Rahmat",
            "Fadhli",
            "Erizal",
            "Jasman",
            "Novrizal",
            "Yuherman",
            "Asrul",
            "Defri",
            "Wendi",
            "Irwan",
            "Riko",
            "Fajri",
            "Nofrizal",
            "Alfian",
            "Yasrul",
            "Doni",
            "Hanif",
            "Andri",
            "Dedi",
            "Feri",
            "Gusrizal",
            "Harmen",
            "Ikhwan",
            "Januar",
            "Nasrul",
            "Rahmad",
            "Rio",
            "Syahrial",
            "Taufik",
            "Yondri",
            "Zulhendri",
            "Firman",
            "Ilham",
            "Seprizal",
            "Ade",
            "Mardius",
            "Rusdi",
            "Aprizal",
        ],
        "M2": [
            "",
            "",
            "",
            "Putra",
            "Syahputra",
            "Hidayat",
            "Saputra",
            "Gunawan",
            "Effendi",
            "Rizal",
            "Andika",
            "Yanto",
            "Maulana",
            "Amran",
            "Chaniago",
        ],
        "F": [
            "Yusnita",
            "Desmawati",
            "Elvi",
            "Nurhasanah",
            "Yulia",
            "Rahmi",
            "Mardiana",
            "Fitria",
            "Yeni",
            "Susi",
            "Resti",
            "Liza",
            "Nofri",
            "Elfi",
            "Meri",
            "Rika",
            "Vivi",
            "Silvia",
            "Weni",
            "Lusi",
            "Ratna",
            "Yosi",
            "Dewi",
            "Afni",
            "Dian",
            "Erna",
            "Fatmawati",
            "Gusnita",
            "Hasnah",
            "Indah",
            "Kartini",
            "Linda",
            "Mira",
            "Neni",
            "Putri",
            "Titi",
            "Wirdayani",
            "Zurmailis",
            "Elsa",
            "Febby",
            "Mona",
            "Nelly",
            "Rosi",
            "Yelni",
            "Desi",
        ],
        "F2": [
            "",
            "",
            "",
            "Yenti",
            "Fitri",
            "Sari",
            "Marlina",
            "Afrianti",
            "Febriani",
            "Yuliana",
            "Rahmadani",
            "Wahyuni",
            "Anggraini",
            "Oktavia",
            "Novita",
            "Hayati",
            "Zulfa",
            "Yanti",
            "Andriani",
        ],
    },
    "malay": {
        "muslim": True,
        "noble": ("Tengku", "Tengku"),
        "M": [
            "Syahrul",
            "Azhar",
            "Zainal",
            "Said",
            "Ahmad",
            "Mahmud",
            "Raja",
            "Wan",
            "Muhammad",
            "Khairul",
            "Hamdani",
            "Samsul",
            "Rusdi",
            "Iskandar",
            "Zulhelmi",
            "Hasbi",
            "Firdaus",
        ],
        "M2": [
            "",
            "",
            "Abidin",
            "Abdullah",
            "Fauzi",
            "Azmi",
            "Hamidi",
            "Nasir",
            "Anwar",
            "Bahri",
            "Effendi",
            "Rahman",
            "Syam",
        ],
        "F": [
            "Siti",
            "Juliana",
            "Nurainun",
            "Rosnani",
            "Zuraidah",
            "Wan",
            "Raja",
            "Mariyam",
            "Nurleli",
            "Faridah",
            "Nur",
            "Erliza",
            "Rosmiati",
            "Fauziah",
            "Suryani",
            "Helmawati",
        ],
        "F2": [
            "",
            "",
            "Aisyah",
            "Nurlela",
            "Norma",
            "Hajar",
            "Azizah",
            "Hasanah",
            "Khairani",
            "Zubaidah",
        ],
    },
    "java": {
        "muslim": True,
        "M": [
            "Budi",
            "Agus",
            "Joko",
            "Slamet",
            "Bambang",
            "Teguh",
            "Eko",
            "Sugeng",
            "Dwi",
            "Heru",
            "Wahyu",
            "Aris",
            "Priyo",
            "Sigit",
            "Yudi",
            "Tri",
            "Bayu",
            "Hadi",
            "Arif",
            "Sutrisno",
            "Suyanto",
            "Edi",
        ],
        "M2": [
            "Santoso",
            "Prasetyo",
            "Susilo",
            "Riyadi",
            "Hermawan",
            "Widodo",
            "Wahyudi",
            "Haryanto",
            "Cahyono",
            "Purnomo",
            "Nugroho",
            "Munandar",
            "Utomo",
            "Pramono",
            "Kurniawan",
            "Setiawan",
            "Saputro",
            "Hidayat",
            "",
        ],
        "F": [
            "Sri",
            "Endang",
            "Dwi",
            "Tri",
            "Retno",
            "Wulan",
            "Rina",
            "Anik",
            "Ratna",
            "Yuni",
            "Nining",
            "Eni",
            "Dyah",
            "Ayu",
            "Indah",
            "Kurniawati",
            "Sulistyowati",
        ],
        "F2": [
            "Wahyuni",
            "Lestari",
            "Rahayu",
            "Handayani",
            "Wulandari",
            "Susanti",
            "Puspitasari",
            "Astuti",
            "Suryani",
            "Setyowati",
            "Ningsih",
            "Kusumawati",
            "Pratiwi",
            "Rahmawati",
            "Safitri",
            "",
        ],
    },
    "sunda": {
        "muslim": True,
        "M": ["Asep", "Dadang", "Ujang", "Cecep", "Dede", "Yayat", "Ade", "Iwan"],
        "M2": [
            "Saepudin",
            "Suherman",
            "Rohman",
            "Hidayat",
            "Kurnia",
            "Supriatna",
            "Sopandi",
            "Ridwan",
        ],
        "F": ["Euis", "Neneng", "Yuyun", "Iis", "Nia", "Rini", "Lilis", "Enok", "Imas"],
        "F2": [
            "Kurniasih",
            "Rahmawati",
            "Yuningsih",
            "Sugiarti",
            "Nuraeni",
            "Suryani",
            "Maryam",
            "Komalasari",
        ],
    },
    "palembang": {
        "muslim": True,
        "noble": ("Kgs.", "Nyimas"),
        "M": [
            "Muhammad",
            "Ahmad",
            "Firmansyah",
            "Abdul",
            "Rudi",
            "Syamsul",
            "Ferry",
            "Hendra",
            "Yulianto",
            "Arief",
            "Zulkarnain",
            "Herman",
            "Iwan",
        ],
        "M2": [
            "",
            "",
            "Husni",
            "Rizal",
            "Halim",
            "Hartono",
            "Irawan",
            "Saputra",
            "Rahman",
            "Sulaiman",
            "Fikri",
        ],
        "F": [
            "Fitriana",
            "Yuliana",
            "Rini",
            "Herlina",
            "Septi",
            "Novi",
            "Dian",
            "Evi",
            "Siti",
            "Meliana",
            "Lusi",
            "Ernawati",
            "Sumarni",
        ],
        "F2": [
            "",
            "",
            "Anggraini",
            "Marlina",
            "Yanti",
            "Sari",
            "Susanti",
            "Komariah",
            "Marlinda",
            "Agustina",
        ],
    },
    "lampung": {
        "muslim": True,
        "M": [
            "Rusli",
            "Ansori",
            "Hermansyah",
            "Syahrial",
            "Hasanuddin",
            "Irsyad",
            "Mukhtar",
            "Herwan",
            "Fikri",
            "Marzuki",
            "Hasbullah",
        ],
        "M2": ["", "", "Effendi", "Amrullah", "Hakim", "Syarif", "Yusuf", "Gumay"],
        "F": [
            "Yusnaini",
            "Herlina",
            "Novita",
            "Rosita",
            "Nurjanah",
            "Hartati",
            "Susanti",
            "Elis",
            "Feni",
            "Yulinda",
        ],
        "F2": ["", "", "Sari", "Marlina", "Oktaria", "Dewi", "Puspita"],
    },
    "chinese": {
        "muslim": False,
        "M": ["Hendra", "Rudy", "Johan", "Suwandi", "Andi", "Wilson", "Fredy", "Kurniadi"],
        "M2": ["Wijaya", "Hartanto", "Setiawan", "Halim", "Gunawan", "Salim", "Tanudjaja", "Lim"],
        "F": ["Lina", "Meiliana", "Yenny", "Sherly", "Vivi", "Susy", "Linda", "Melisa"],
        "F2": ["Susanti", "Kurniawan", "Tjandra", "Anggraini", "Wijaya", "Halim", "Lukito"],
    },
}

S1 = {
    "sosial": ["S.Sos.", "S.IP.", "S.STP.", "S.AP.", "S.Sos."],
    "ekonomi": ["S.E.", "S.E.", "S.Ak.", "S.E."],
    "hukum": ["S.H."],
    "komputer": ["S.Kom.", "S.T.", "S.Si.", "S.Kom."],
    "pendidikan": ["S.Pd.", "S.Pd.", "S.Pd.I."],
    "kesehatan": ["S.K.M.", "S.Kep., Ns.", "S.K.M.", "S.Farm., Apt."],
    "teknik": ["S.T."],
}
S2 = {
    "sosial": ["M.Si.", "M.A.P.", "M.M.", "M.Si."],
    "ekonomi": ["M.M.", "M.Si.", "M.Ak.", "M.E."],
    "hukum": ["M.H."],
    "komputer": ["M.Kom.", "M.T.", "M.M."],
    "pendidikan": ["M.Pd.", "M.Pd.", "M.Si."],
    "kesehatan": ["M.Kes.", "M.K.M.", "M.A.R.S."],
    "teknik": ["M.T.", "M.Eng."],
}


def pangkat_for(service_years: int, senior: bool = False) -> str:
    if senior:
        return "Pembina Tk. I (IV/b)" if service_years >= 24 else "Pembina (IV/a)"
    if service_years < 8:
        return "Penata Muda Tk. I (III/b)"
    if service_years < 14:
        return "Penata (III/c)"
    if service_years < 21:
        return "Penata Tk. I (III/d)"
    return "Pembina (IV/a)"


@dataclass
class Human:
    """A generated person before it becomes a seed record."""

    name: str  # with titles, as written
    plain: str  # without titles (for team lists in text)
    sex: int  # 1 male, 2 female (NIP digit 15)
    nip: str
    born: date
    tmt: tuple[int, int]
    group: str

    @property
    def ref(self) -> str:
        return self.nip


class Registry:
    """Hands out unique names and unique, valid NIPs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.firsts: set[tuple[str, str]] = set()
        self.nips: set[str] = set()

    def reserve(self, plain: str) -> None:
        self.names.add(plain)

    def plain_name(self, group: str, sex: int) -> str:
        rng, g = self.rng, GROUPS[group]
        key = "M" if sex == 1 else "F"
        for attempt in range(500):
            first = rng.choice(g[key])
            if attempt < 40 and (group, first) in self.firsts:
                continue  # prefer a first name not used yet

            if "marga" in g:
                marga = rng.choice(g["marga"])
                if sex == 2 and g.get("br") and rng.random() < 0.5:
                    name = f"{first} br. {marga}"
                else:
                    name = f"{first} {marga}"
            else:
                second = rng.choice(g[key + "2"])
                if second[:3] == first[:3]:
                    continue
                name = f"{first} {second}".strip()
                # "Siti", "Wan", "Raja", "Nur" ... never stand alone
                if not second and first in {
                    "Siti",
                    "Wan",
                    "Raja",
                    "Nur",
                    "Said",
                    "Abdul",
                    "Muhammad",
                    "Ahmad",
                    "Dwi",
                    "Tri",
                    "Sri",
                    "Zainal",
                }:
                    continue
                noble = g.get("noble")
                if noble and rng.random() < 0.12 and first not in {"Wan", "Raja"}:
                    name = f"{noble[0] if sex == 1 else noble[1]} {name}"
            if name not in self.names:
                self.names.add(name)
                self.firsts.add((group, first))
                return name
        raise RuntimeError(f"ran out of names for {group}")

    def nip(self, born: date, tmt: tuple[int, int], sex: int) -> str:
        head = f"{born:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{sex}"
        seq = 1
        while f"{head}{seq:03d}" in self.nips:
            seq += 1
        value = f"{head}{seq:03d}"
        parse_nip(value)  # raises if the generator ever builds a bad one
        self.nips.add(value)
        return value

    def birth(self, years: tuple[int, int]) -> date:
        start = date(years[0], 1, 1)
        span = (date(years[1], 12, 31) - start).days
        return start + timedelta(days=self.rng.randint(0, span))

    def tmt(self, born: date, latest_year: int) -> tuple[int, int]:
        year = min(born.year + self.rng.randint(23, 30), latest_year)
        year = max(year, born.year + 21)
        month = self.rng.choice([1, 1, 3, 3, 4, 12, 12, 2, 5, 6, 10, 11])
        return year, month

    def human(
        self,
        group: str,
        sex: int | None,
        born_years: tuple[int, int],
        latest_tmt: int,
        fields: list[str],
        *,
        s2_chance: float = 0.5,
        doctorate: float = 0.0,
        haji_chance: float = 0.15,
        medical: bool = False,
        ref_year: int = 2018,
        plain: str | None = None,
    ) -> Human:
        rng = self.rng
        if sex is None:
            sex = rng.choice([1, 2])
        if plain is None:
            plain = self.plain_name(group, sex)
        else:
            self.reserve(plain)
        born = self.birth(born_years)
        tmt = self.tmt(born, latest_tmt)
        nip = self.nip(born, tmt, sex)
        fld = rng.choice(fields)
        pre: list[str] = []
        post: list[str] = []
        if medical:
            pre.append("dr.")
        elif rng.random() < doctorate:
            pre.append("Dr.")
        if (
            born.year < 1967
            and fld in ("sosial", "ekonomi", "pendidikan")
            and not medical
            and rng.random() < 0.6
        ):
            pre.append("Drs." if sex == 1 else "Dra.")
        elif not medical:
            post.append(rng.choice(S1[fld]))
        if GROUPS[group]["muslim"] and ref_year - born.year >= 40 and rng.random() < haji_chance:
            pre.append("H." if sex == 1 else "Hj.")
        if rng.random() < s2_chance or (pre and pre[0] == "Dr."):
            post.append(rng.choice(S2[fld]))
        name = " ".join([*pre, plain]) + (", " + ", ".join(post) if post else "")
        return Human(name=name, plain=plain, sex=sex, nip=nip, born=born, tmt=tmt, group=group)


def person_record(
    h: Human,
    *,
    pangkat: str,
    jabatan: str,
    instansi: str,
    login: str | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"nip": h.nip}
    if login:
        rec["login"] = login
    rec.update(
        {"name": h.name, "pangkat_golongan": pangkat, "jabatan": jabatan, "instansi": instansi}
    )
    if role:
        rec["account"] = {"role": role, "password": PASSWORD, "must_change_password": False}
    return rec


# ---------------------------------------------------------------------------
# regions and agencies
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    province: str
    level: str  # prov, kab, kota
    name: str  # as it follows an agency name: "Kota Medan", "Provinsi Riau", "Aceh"
    groups: tuple[tuple[str, int], ...]

    @property
    def perkada(self) -> str:
        return {
            "prov": "Peraturan Gubernur",
            "kab": "Peraturan Bupati",
            "kota": "Peraturan Wali Kota",
        }[self.level]

    @property
    def dprd(self) -> str:
        if self.province == "Aceh":
            return "Dewan Perwakilan Rakyat Aceh" if self.level == "prov" else "DPRK " + self.short
        return "DPRD " + self.name

    @property
    def short(self) -> str:
        return (
            self.name.split(" ", 1)[1]
            if self.name.startswith(("Kota ", "Kabupaten ", "Provinsi "))
            else self.name
        )

    @property
    def wilayah(self) -> str:
        return "kabupaten/kota" if self.level == "prov" else "kecamatan"


_ACEH = (("aceh", 8), ("java", 1), ("malay", 1))
_SUMUT = (("batak", 5), ("mandailing", 2), ("malay", 1), ("java", 2), ("chinese", 1), ("minang", 1))
_SUMBAR = (("minang", 12), ("java", 1), ("mandailing", 1))
_RIAU = (("malay", 5), ("minang", 2), ("java", 2), ("batak", 1))
_JAMBI = (("malay", 5), ("java", 2), ("minang", 2), ("batak", 1))
_BENGKULU = (("malay", 4), ("java", 3), ("minang", 2), ("sunda", 1))
_SUMSEL = (("palembang", 6), ("java", 3), ("minang", 1))
_LAMPUNG = (("lampung", 3), ("java", 5), ("sunda", 2))
_BABEL = (("malay", 6), ("chinese", 2), ("java", 1))
_KEPRI = (("malay", 5), ("java", 2), ("batak", 2), ("minang", 1), ("chinese", 1))

SUMATRA = [
    Region("Aceh", "prov", "Aceh", _ACEH),
    Region("Aceh", "kota", "Kota Banda Aceh", _ACEH),
    Region("Aceh", "kab", "Kabupaten Aceh Besar", _ACEH),
    Region("Aceh", "kota", "Kota Lhokseumawe", _ACEH),
    Region("Aceh", "kab", "Kabupaten Pidie", _ACEH),
    Region("Sumatera Utara", "prov", "Provinsi Sumatera Utara", _SUMUT),
    Region("Sumatera Utara", "kota", "Kota Medan", _SUMUT),
    Region("Sumatera Utara", "kab", "Kabupaten Deli Serdang", _SUMUT),
    Region(
        "Sumatera Utara",
        "kota",
        "Kota Pematangsiantar",
        (("batak", 6), ("java", 1), ("chinese", 1)),
    ),
    Region("Sumatera Utara", "kab", "Kabupaten Tapanuli Utara", (("batak", 1),)),
    Region("Sumatera Utara", "kab", "Kabupaten Karo", (("karo", 1),)),
    Region("Sumatera Utara", "kab", "Kabupaten Mandailing Natal", (("mandailing", 1),)),
    Region("Sumatera Barat", "prov", "Provinsi Sumatera Barat", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Padang", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Bukittinggi", _SUMBAR),
    Region("Sumatera Barat", "kab", "Kabupaten Agam", _SUMBAR),
    Region("Riau", "prov", "Provinsi Riau", _RIAU),
    Region("Riau", "kota", "Kota Pekanbaru", _RIAU),
    Region("Riau", "kab", "Kabupaten Kampar", _RIAU),
    Region("Riau", "kota", "Kota Dumai", _RIAU),
    Region("Riau", "kab", "Kabupaten Siak", _RIAU),
    Region("Jambi", "prov", "Provinsi Jambi", _JAMBI),
    Region("Jambi", "kota", "Kota Jambi", _JAMBI),
    Region("Jambi", "kab", "Kabupaten Muaro Jambi", _JAMBI),
    Region("Jambi", "kab", "Kabupaten Kerinci", (("minang", 3), ("malay", 2))),
    Region("Bengkulu", "prov", "Provinsi Bengkulu", _BENGKULU),
    Region("Bengkulu", "kota", "Kota Bengkulu", _BENGKULU),
    Region("Bengkulu", "kab", "Kabupaten Rejang Lebong", _BENGKULU),
    Region("Sumatera Selatan", "prov", "Provinsi Sumatera Selatan", _SUMSEL),
    Region("Sumatera Selatan", "kota", "Kota Palembang", _SUMSEL),
    Region("Sumatera Selatan", "kab", "Kabupaten Ogan Komering Ilir", _SUMSEL),
    Region("Sumatera Selatan", "kota", "Kota Prabumulih", _SUMSEL),
    Region("Lampung", "prov", "Provinsi Lampung", _LAMPUNG),
    Region("Lampung", "kota", "Kota Bandar Lampung", _LAMPUNG),
    Region("Lampung", "kab", "Kabupaten Lampung Selatan", _LAMPUNG),
    Region("Lampung", "kota", "Kota Metro", (("java", 5), ("lampung", 1))),
    Region("Kepulauan Bangka Belitung", "prov", "Provinsi Kepulauan Bangka Belitung", _BABEL),
    Region("Kepulauan Bangka Belitung", "kota", "Kota Pangkalpinang", _BABEL),
    Region("Kepulauan Bangka Belitung", "kab", "Kabupaten Bangka", _BABEL),
    Region("Kepulauan Riau", "prov", "Provinsi Kepulauan Riau", _KEPRI),
    Region("Kepulauan Riau", "kota", "Kota Batam", _KEPRI),
    Region("Kepulauan Riau", "kota", "Kota Tanjungpinang", _KEPRI),
    Region("Kepulauan Riau", "kab", "Kabupaten Bintan", _KEPRI),
]

SUMBAR = [
    Region("Sumatera Barat", "prov", "Provinsi Sumatera Barat", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Padang", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Bukittinggi", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Padang Panjang", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Payakumbuh", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Solok", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Pariaman", _SUMBAR),
    Region("Sumatera Barat", "kota", "Kota Sawahlunto", (("minang", 6), ("java", 2))),
    Region("Sumatera Barat", "kab", "Kabupaten Agam", _SUMBAR),
    Region("Sumatera Barat", "kab", "Kabupaten Tanah Datar", _SUMBAR),
    Region("Sumatera Barat", "kab", "Kabupaten Padang Pariaman", _SUMBAR),
    Region("Sumatera Barat", "kab", "Kabupaten Lima Puluh Kota", _SUMBAR),
    Region("Sumatera Barat", "kab", "Kabupaten Pesisir Selatan", _SUMBAR),
    Region(
        "Sumatera Barat",
        "kab",
        "Kabupaten Pasaman Barat",
        (("minang", 5), ("mandailing", 2), ("java", 2)),
    ),
    Region("Sumatera Barat", "kab", "Kabupaten Dharmasraya", (("minang", 4), ("java", 3))),
    Region("Sumatera Barat", "kab", "Kabupaten Sijunjung", _SUMBAR),
]

# key: (name, short, head title or None for "Kepala <name>")
AGENCIES: dict[str, tuple[str, str, str | None]] = {
    "dpmptsp": ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", None),
    "arsip": ("Dinas Kearsipan dan Perpustakaan", "Dinas Kearsipan dan Perpustakaan", None),
    "dukcapil": ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", None),
    "rsud": ("Rumah Sakit Umum Daerah", "RSUD", "Direktur Rumah Sakit Umum Daerah"),
    "dpmd": ("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", None),
    "disdik": ("Dinas Pendidikan", "Dinas Pendidikan", None),
    "bapenda": ("Badan Pendapatan Daerah", "Bapenda", None),
    "bpkad": ("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", None),
    "kominfo": ("Dinas Komunikasi dan Informatika", "Diskominfo", None),
    "setda": ("Sekretariat Daerah", "Sekretariat Daerah", "Sekretaris Daerah"),
    "bkpsdm": ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", None),
    "bkd": ("Badan Kepegawaian Daerah", "BKD", None),
    "dinsos": ("Dinas Sosial", "Dinas Sosial", None),
    "dishub": ("Dinas Perhubungan", "Dinas Perhubungan", None),
    "dinkes": ("Dinas Kesehatan", "Dinas Kesehatan", None),
    "pupr": ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", None),
    "dlh": ("Dinas Lingkungan Hidup", "DLH", None),
    "distan": ("Dinas Pertanian", "Dinas Pertanian", None),
    "bappeda": ("Badan Perencanaan Pembangunan Daerah", "Bappeda", None),
    "disnaker": ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", None),
}
SECRETARIAT_AGENCIES = [
    "dinsos",
    "dishub",
    "dinkes",
    "pupr",
    "dlh",
    "distan",
    "bappeda",
    "disnaker",
    "dukcapil",
    "kominfo",
]

# Benchmarking hosts: type -> (name, visit date) per cohort. The 2018 visit is the one docs/rules.md
# describes; the 2026 study visit is invented.
HOSTS_2018 = {
    "dpmptsp": (
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP) Kota Bogor",
        date(2018, 9, 18),
    ),
    "bappeda": ("Badan Perencanaan Pembangunan Daerah (Bappeda) Kota Bogor", date(2018, 9, 19)),
    "bkpsda": (
        "Badan Kepegawaian, Pendidikan dan Pelatihan Sumber Daya Aparatur (BKPSDA) Kota Bogor",
        date(2018, 9, 19),
    ),
}
HOSTS_2026 = {
    "dpmptsp": ("DPMPTSP Kota Padang Panjang", date(2026, 10, 14)),
    "bappeda": ("Bappeda Kabupaten Tanah Datar", date(2026, 10, 15)),
    "bkpsda": ("BKPSDM Kota Payakumbuh", date(2026, 10, 15)),
}

OBSERVED = {
    "dpmptsp": [
        "Paparan pimpinan tentang penyederhanaan alur perizinan: permohonan diterima di satu loket, diperiksa "
        "dengan daftar periksa baku, dan status berkas dapat dipantau pemohon. Ruang pelayanan tertata, standar "
        "pelayanan dan maklumat pelayanan dipajang, serta tersedia ruang konsultasi sebelum pemohon mendaftar.",
        "Kami melihat langsung alur pelayanan dari pendaftaran, verifikasi, hingga penyerahan dokumen. Pengaduan "
        "diterima melalui beberapa kanal dan ditindaklanjuti dengan batas waktu yang jelas; survei kepuasan "
        "masyarakat dilakukan rutin dan hasilnya diumumkan di ruang tunggu.",
        "Petugas menjelaskan pembagian peran antara loket informasi, loket pendaftaran, dan back office. Tim "
        "teknis lintas perangkat daerah memiliki jadwal tetap sehingga peninjauan lapangan tidak menunggu surat "
        "permintaan satu per satu.",
    ],
    "bappeda": [
        "Paparan tentang perencanaan pembangunan berbasis data: indikator kinerja daerah dipantau melalui dasbor, "
        "usulan musrenbang dicatat secara elektronik, dan hasil evaluasi dipakai dalam penyusunan anggaran tahun "
        "berikutnya.",
        "Kami mendapat penjelasan tentang forum data daerah yang mempertemukan perangkat daerah penghasil data, "
        "serta cara memastikan program inovasi masuk ke dokumen perencanaan agar berkelanjutan.",
    ],
    "bkpsda": [
        "Paparan tentang pengelolaan kepegawaian secara elektronik: presensi, pengajuan cuti, dan usulan kenaikan "
        "pangkat dilakukan melalui aplikasi sehingga pegawai tidak perlu datang membawa berkas fisik.",
        "Kami melihat pemanfaatan data kehadiran dan capaian kinerja harian untuk pembinaan disiplin pegawai, "
        "serta perencanaan pengembangan kompetensi berdasarkan hasil pemetaan pegawai.",
    ],
}

# ---------------------------------------------------------------------------
# themes: what a participant's change project is about
# ---------------------------------------------------------------------------
# Placeholders available in every template: unit, instansi, agency, agency_short, daerah,
# pimpinan, mentor_name, mentor_jabatan, perkada, dprd, cakupan, lokasi_uji, wilayah, publik,
# mitra, th, th1, th_next, th_next2, a, b, c (the core issue's numbers), a2, c2, d (results),
# plus post "vars"; after the idea is chosen also nama and judul.


def _d_toward(
    ctx: Ctx, rng: random.Random, key: str, target: str, share: tuple[float, float]
) -> int:
    a, b = ctx[key], ctx[target]
    return round(a + (b - a) * rng.uniform(*share))


THEMES: list[dict[str, Any]] = [
    {
        "code": "perizinan",
        "fields": ["sosial", "hukum", "ekonomi"],
        "posts": [
            {
                "jabatan": "Kepala Seksi Pelayanan Perizinan dan Nonperizinan",
                "unit": "Seksi Pelayanan Perizinan dan Nonperizinan",
                "agency": ["dpmptsp"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Penyelenggaraan Pelayanan Perizinan",
            },
            {
                "jabatan": "Kepala Seksi Verifikasi dan Validasi Perizinan",
                "unit": "Seksi Verifikasi dan Validasi Perizinan",
                "agency": ["dpmptsp"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Penyelenggaraan Pelayanan Perizinan",
            },
            {
                "jabatan": "Kepala Seksi Data dan Sistem Informasi Perizinan",
                "unit": "Seksi Data dan Sistem Informasi Perizinan",
                "agency": ["dpmptsp"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Pengaduan, Data dan Informasi",
            },
        ],
        "cakupan": "jenis izin yang dilayani",
        "publik": "petugas dan pelaku usaha",
        "mitra": "Dinas Komunikasi dan Informatika",
        "dampak": "pelaku usaha dan iklim investasi daerah",
        "nums": {"a": (9, 16), "b": (3, 5), "c": (25, 45)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
            "c2": round(ctx["c"] * rng.uniform(0.3, 0.55)),
            "d": ribu(rng.randint(120, 480)),
        },
        "issues": [
            {
                "title": "Lamanya waktu penyelesaian izin usaha mikro dan kecil",
                "description": "Pemohon izin usaha, terutama pelaku usaha mikro dan kecil, harus datang berulang kali "
                "karena berkas dinilai belum lengkap, sementara rekomendasi teknis dari perangkat daerah "
                "lain diminta secara terpisah.",
                "evidence": "Rata-rata penyelesaian izin usaha {a} hari kerja, sedangkan standar pelayanan menetapkan "
                "{b} hari kerja; {c}% berkas dikembalikan karena kekurangan persyaratan (rekap layanan {th1}).",
            },
            {
                "title": "Informasi persyaratan perizinan belum mudah diakses",
                "description": "Persyaratan dan alur perizinan hanya tersedia pada papan informasi di ruang pelayanan; "
                "laman resmi belum diperbarui.",
                "evidence": "Survei kepuasan masyarakat {th1}: unsur persyaratan mendapat nilai terendah ({x} dari 100).",
                "nums": {"x": (61, 72)},
                "weak": "problematik",
            },
            {
                "title": "Rekomendasi teknis lintas perangkat daerah sering terlambat",
                "description": "Peninjauan lapangan oleh tim teknis tidak terjadwal dan menunggu surat permintaan.",
                "evidence": "{x} dari {y} permohonan izin bangunan tertunda lebih dari dua minggu menunggu rekomendasi "
                "teknis pada triwulan terakhir.",
                "nums": {"x": (14, 30), "y": (40, 75)},
                "weak": "layak",
            },
            {
                "title": "Rendahnya pemanfaatan layanan perizinan daring",
                "description": "Sebagian besar pemohon masih datang langsung walaupun permohonan daring tersedia.",
                "evidence": "Hanya {x}% permohonan diajukan secara daring pada tahun {th1}.",
                "nums": {"x": (12, 28)},
                "weak": "aktual",
            },
            {
                "title": "Berkas izin yang telah terbit masih disimpan manual",
                "description": "Berkas disimpan dalam map di lemari sehingga penelusuran untuk perpanjangan izin "
                "memakan waktu.",
                "evidence": "Penelusuran satu berkas izin lama rata-rata memerlukan {x} menit.",
                "nums": {"x": (25, 60)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Petugas loket belum mendapat pelatihan pelayanan prima",
                "description": "Sebagian besar petugas loket adalah tenaga baru yang belum pernah mengikuti pelatihan "
                "pelayanan prima.",
                "evidence": "{x} dari {y} petugas loket belum pernah mengikuti pelatihan pelayanan prima.",
                "nums": {"x": (4, 7), "y": (8, 12)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Petugas verifikasi belum memahami seluruh jenis persyaratan teknis",
                "Pemohon belum mengetahui persyaratan sebelum datang",
                "Jumlah petugas verifikasi tidak sebanding dengan jumlah berkas",
            ],
            "metode": [
                "Belum ada SOP verifikasi berkas yang seragam antarpetugas",
                "Rekomendasi teknis diminta satu per satu melalui surat",
                "Tidak ada pemeriksaan kelengkapan berkas sejak pendaftaran",
            ],
            "material": [
                "Formulir permohonan berbeda-beda untuk setiap jenis izin",
                "Daftar persyaratan di papan informasi tidak mutakhir",
            ],
            "mesin": [
                "Aplikasi perizinan belum memiliki fitur pelacakan status berkas",
                "Jaringan internet di ruang pelayanan sering terputus",
            ],
            "anggaran": [
                "Anggaran peninjauan lapangan bersama tidak dialokasikan",
                "Tidak ada anggaran pemeliharaan aplikasi",
            ],
            "lingkungan": [
                "Pelaku usaha mikro berada jauh dari pusat pelayanan",
                "Dukungan perangkat daerah teknis terhadap penyederhanaan izin masih rendah",
            ],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "Waktu penyelesaian izin usaha di {unit} {instansi} rata-rata {a} hari kerja, jauh di atas standar "
            "pelayanan {b} hari, karena verifikasi berkas belum terstandar, rekomendasi teknis diminta secara "
            "terpisah, dan pemohon tidak dapat memantau status berkasnya.",
            "Sebanyak {c}% berkas izin usaha di {instansi} dikembalikan karena tidak lengkap dan penyelesaiannya "
            "memakan rata-rata {a} hari kerja (standar {b} hari); pemeriksaan kelengkapan baru dilakukan setelah "
            "berkas diterima dan pemohon tidak mendapat informasi status permohonan.",
        ],
        "ideal": [
            "Izin usaha mikro dan kecil terbit paling lama {b} hari kerja, seluruh berkas diperiksa dengan satu "
            "daftar periksa sejak pendaftaran, dan pemohon dapat memantau status permohonannya secara daring.",
            "Pemohon mengetahui persyaratan sebelum datang, berkas yang diterima sudah lengkap, dan izin selesai "
            "dalam {b} hari kerja sesuai standar pelayanan.",
        ],
        "ideas": [
            {
                "short": "PRAKTIS",
                "title": "Pra-verifikasi Kelengkapan Berkas Terpadu dan Informatif",
                "kind": "sop",
                "bench": "dpmptsp",
                "description": "Pemeriksaan kelengkapan berkas dilakukan sejak pemohon mendaftar dengan satu daftar "
                "periksa baku, sehingga berkas yang masuk ke tahap verifikasi teknis sudah lengkap.",
                "addresses": "Mengurangi berkas yang dikembalikan dan kunjungan berulang pemohon.",
            },
            {
                "short": "SI-LACAK",
                "title": "Sistem Pelacakan Status Permohonan Izin",
                "kind": "aplikasi",
                "bench": "dpmptsp",
                "description": "Fitur pelacakan status berkas pada aplikasi perizinan dengan pemberitahuan melalui "
                "pesan singkat kepada pemohon pada setiap tahap.",
                "addresses": "Pemohon tidak perlu datang hanya untuk menanyakan status berkas.",
            },
            {
                "short": "TEKNIS BERSAMA",
                "title": "Jadwal Tetap Peninjauan Lapangan Tim Teknis Lintas Perangkat Daerah",
                "kind": "sop",
                "bench": "dpmptsp",
                "description": "Peninjauan lapangan dilakukan bersama oleh tim teknis setiap Selasa dan Kamis "
                "berdasarkan daftar permohonan yang masuk pekan sebelumnya.",
                "addresses": "Rekomendasi teknis tidak lagi menunggu surat permintaan satu per satu.",
            },
            {
                "short": "JEMPOL UMKM",
                "title": "Jemput Bola Perizinan Usaha Mikro ke Kecamatan",
                "kind": "layanan",
                "bench": None,
                "description": "Petugas membuka layanan konsultasi dan pendaftaran izin usaha mikro di kantor camat "
                "secara terjadwal.",
                "addresses": "Mendekatkan layanan kepada pelaku usaha mikro yang jauh dari pusat pelayanan.",
            },
        ],
        "outcome": "Rata-rata waktu penyelesaian izin usaha mikro dan kecil turun dari {a} menjadi {a2} hari kerja "
        "selama uji coba, dan berkas yang dikembalikan karena tidak lengkap berkurang dari {c}% menjadi "
        "{c2}%. Sebanyak {d} permohonan telah dilayani dengan cara baru.",
        "benefits_org": "Beban verifikasi berkurang, kinerja penyelesaian izin sesuai standar pelayanan, dan nilai "
        "survei kepuasan masyarakat meningkat.",
        "benefits_public": "Pelaku usaha memperoleh izin lebih cepat, cukup datang sekali, dan dapat memantau status "
        "permohonan dari mana saja.",
        "stakeholders": [
            (
                "Dinas teknis pemberi rekomendasi (PUPR, Lingkungan Hidup, Perhubungan)",
                "Memberi rekomendasi teknis atas permohonan izin",
                "high",
                "low",
            ),
            (
                "Pelaku usaha mikro dan kecil",
                "Pemohon izin dan penerima manfaat utama",
                "low",
                "high",
            ),
            (
                "Asosiasi pengusaha dan KADIN daerah",
                "Penyalur informasi kepada anggota",
                "low",
                "low",
            ),
        ],
        "risks": [
            (
                "Dinas teknis tidak konsisten mengikuti jadwal peninjauan bersama",
                "medium",
                "high",
                "Menyepakati jadwal melalui surat edaran Sekretaris Daerah dan melaporkan kehadiran setiap bulan.",
            ),
            (
                "Pemohon belum terbiasa dengan prosedur baru",
                "high",
                "medium",
                "Menyediakan petugas pendamping di ruang pelayanan dan bahan informasi yang sederhana.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Daftar periksa kelengkapan berkas dan pelacakan status permohonan dapat langsung kami "
            "adopsi di {agency_short}.",
            "bappeda": "Cara memasukkan inovasi ke dokumen perencanaan agar proyek perubahan mendapat dukungan "
            "anggaran tahun berikutnya dapat kami adaptasi.",
            "bkpsda": "Pola pelatihan petugas pelayanan dan penilaian kinerja harian dapat kami adaptasi untuk "
            "petugas loket perizinan.",
        },
    },
    {
        "code": "arsip",
        "fields": ["sosial", "komputer", "ekonomi"],
        "posts": [
            {
                "jabatan": "Kepala Subbagian Umum dan Kepegawaian",
                "unit": "Subbagian Umum dan Kepegawaian",
                "agency": SECRETARIAT_AGENCIES,
                "levels": "prov kab kota",
                "mentor": "Sekretaris {agency}",
            },
            {
                "jabatan": "Kepala Seksi Pengolahan dan Penyajian Arsip",
                "unit": "Seksi Pengolahan dan Penyajian Arsip",
                "agency": ["arsip"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Pengelolaan Arsip",
            },
            {
                "jabatan": "Kepala Seksi Akuisisi dan Pelestarian Arsip",
                "unit": "Seksi Akuisisi dan Pelestarian Arsip",
                "agency": ["arsip"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pengelolaan Arsip",
            },
        ],
        "cakupan": "bidang dan subbagian",
        "publik": "seluruh pegawai",
        "mitra": "Dinas Kearsipan dan Perpustakaan",
        "dampak": "kelancaran layanan administrasi dan akuntabilitas organisasi",
        "nums": {"a": (35, 90), "b": (5, 10), "c": (12, 40)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.6, 0.9)),
            "c2": round(ctx["c"] * rng.uniform(0.1, 0.3)),
            "d": ribu(rng.randint(600, 2600)),
        },
        "issues": [
            {
                "title": "Penelusuran arsip lambat dan dokumen rawan hilang",
                "description": "Surat masuk, surat keluar, dan dokumen kepegawaian disimpan dalam bentuk fisik tanpa "
                "daftar arsip yang mutakhir, sehingga penelusuran dokumen lama memakan waktu dan "
                "beberapa dokumen tidak ditemukan.",
                "evidence": "Rata-rata penelusuran satu dokumen {a} menit, sedangkan target layanan {b} menit; pada "
                "tahun {th1} tercatat {c} permintaan dokumen yang tidak dapat dipenuhi.",
            },
            {
                "title": "Penumpukan arsip inaktif di ruang kerja",
                "description": "Arsip inaktif belum dinilai dan belum dipindahkan ke pusat arsip sehingga memenuhi "
                "ruang kerja dan lorong kantor.",
                "evidence": "Sekitar {x} meter linier arsip inaktif belum dipindahkan.",
                "nums": {"x": (25, 90)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Klasifikasi arsip belum diterapkan secara seragam",
                "description": "Pegawai memberi kode surat berbeda-beda karena belum memahami pedoman klasifikasi arsip.",
                "evidence": "Dari {y} sampel surat yang diperiksa, {x} tidak menggunakan kode klasifikasi yang benar.",
                "nums": {"x": (18, 40), "y": (50, 80)},
            },
            {
                "title": "Pengelola arsip unit belum mengikuti bimbingan teknis",
                "description": "Pengelola arsip di setiap bidang ditunjuk tanpa bekal pengetahuan kearsipan.",
                "evidence": "{x} dari {y} pengelola arsip unit belum pernah mengikuti bimbingan teknis kearsipan.",
                "nums": {"x": (5, 9), "y": (10, 14)},
                "weak": "layak",
            },
            {
                "title": "Jadwal retensi arsip belum diperbarui",
                "description": "Jadwal retensi yang berlaku belum mencakup jenis arsip baru.",
                "evidence": "Jadwal retensi arsip terakhir ditetapkan tahun {x}.",
                "nums": {"x": (2003, 2010)},
                "weak": "aktual",
            },
            {
                "title": "Sarana penyimpanan arsip tidak memadai",
                "description": "Lemari dan boks arsip terbatas dan ruang penyimpanan lembap.",
                "evidence": "Terdapat {x} boks arsip yang rusak karena kelembapan.",
                "nums": {"x": (20, 75)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Pengelola arsip belum memahami klasifikasi dan tata naskah dinas",
                "Pegawai tidak menyerahkan arsip kepada pengelola setelah kegiatan selesai",
                "Belum ada petugas khusus pengelola arsip",
            ],
            "metode": [
                "Belum ada SOP pemberkasan dan penelusuran arsip",
                "Penomoran dan pengodean surat tidak seragam",
                "Daftar arsip tidak diperbarui secara berkala",
            ],
            "material": ["Boks dan folder arsip tidak berlabel", "Dokumen lama belum dipindai"],
            "mesin": [
                "Belum ada aplikasi pencatatan dan penelusuran arsip",
                "Pemindai dokumen hanya satu unit dan sering rusak",
            ],
            "anggaran": ["Anggaran pengelolaan arsip tidak tersedia secara khusus"],
            "lingkungan": [
                "Ruang arsip lembap dan sempit",
                "Budaya kerja yang belum menganggap arsip penting",
            ],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "Penelusuran dokumen di {unit} {instansi} memerlukan rata-rata {a} menit dan {c} permintaan dokumen "
            "pada tahun {th1} tidak dapat dipenuhi, karena arsip belum diberkaskan menurut klasifikasi, daftar arsip "
            "tidak mutakhir, dan belum ada sarana penelusuran elektronik.",
            "Arsip di {instansi} belum dikelola sesuai pedoman sehingga dokumen sulit ditemukan (rata-rata {a} "
            "menit per dokumen, target {b} menit) dan {c} permintaan dokumen tidak terpenuhi sepanjang tahun {th1}.",
        ],
        "ideal": [
            "Setiap dokumen dapat ditemukan paling lama {b} menit melalui daftar arsip elektronik, arsip diberkaskan "
            "sesuai klasifikasi, dan arsip vital tersimpan aman dalam bentuk fisik dan digital.",
            "Seluruh bidang memberkaskan arsip aktif setiap bulan, daftar arsip selalu mutakhir, dan tidak ada lagi "
            "permintaan dokumen yang tidak dapat dipenuhi.",
        ],
        "ideas": [
            {
                "short": "E-ARSIP",
                "title": "Aplikasi Daftar dan Penelusuran Arsip Elektronik",
                "kind": "aplikasi",
                "bench": "bkpsda",
                "description": "Setiap arsip dicatat dalam aplikasi sederhana dengan kode klasifikasi, lokasi simpan, "
                "dan hasil pindaian, sehingga dokumen dapat dicari dengan kata kunci.",
                "addresses": "Menggantikan penelusuran manual dan daftar arsip yang tidak mutakhir.",
            },
            {
                "short": "GERTAK ARSIP",
                "title": "Gerakan Tertib Arsip Unit Kerja",
                "kind": "sop",
                "bench": None,
                "description": "Gerakan bersama seluruh pegawai untuk memberkaskan arsip aktif setiap akhir bulan dengan "
                "daftar periksa dan penilaian unit tertib arsip.",
                "addresses": "Membangun kebiasaan pemberkasan dan penyerahan arsip kepada pengelola.",
            },
            {
                "short": "DIGI-VITAL",
                "title": "Digitalisasi Arsip Vital dan Dokumen Kepegawaian",
                "kind": "data",
                "bench": "bkpsda",
                "description": "Arsip vital dan dokumen kepegawaian dipindai, diberi indeks, dan disimpan di server "
                "dengan salinan cadangan.",
                "addresses": "Melindungi dokumen penting dari kerusakan dan mempercepat penelusuran.",
            },
            {
                "short": "KLINIK ARSIP",
                "title": "Klinik Pendampingan Pemberkasan Arsip",
                "kind": "layanan",
                "bench": None,
                "description": "Arsiparis mendatangi setiap bidang secara terjadwal untuk membantu pemberkasan dan "
                "pengodean surat.",
                "addresses": "Meningkatkan pemahaman pegawai tentang klasifikasi arsip.",
            },
        ],
        "outcome": "Waktu penelusuran dokumen turun dari rata-rata {a} menit menjadi {a2} menit pada unit uji coba, "
        "dan {d} berkas arsip telah tercatat dalam daftar arsip elektronik.",
        "benefits_org": "Dokumen mudah ditemukan untuk pemeriksaan, layanan kepegawaian, dan pengambilan keputusan; "
        "ruang kerja lebih tertata.",
        "benefits_public": "Permohonan informasi publik dan layanan yang memerlukan dokumen lama dapat dipenuhi "
        "lebih cepat.",
        "stakeholders": [
            (
                "Inspektorat {daerah}",
                "Pemeriksa yang membutuhkan dokumen pertanggungjawaban",
                "high",
                "low",
            ),
            (
                "Pegawai pengguna dokumen di setiap bidang",
                "Pencipta dan pengguna arsip",
                "low",
                "high",
            ),
            (
                "Masyarakat pemohon informasi publik",
                "Penerima manfaat layanan informasi",
                "low",
                "low",
            ),
        ],
        "risks": [
            (
                "Pegawai enggan menyerahkan arsip karena merasa menambah pekerjaan",
                "medium",
                "medium",
                "Membuat daftar periksa sederhana, memberi contoh dari pimpinan, dan memberi penghargaan unit tertib "
                "arsip.",
            ),
            (
                "Data hasil pindaian hilang karena kerusakan perangkat",
                "low",
                "high",
                "Membuat salinan cadangan mingguan pada media terpisah.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Cara berkas permohonan disimpan elektronik dan ditelusuri dengan nomor registrasi dapat "
            "kami adaptasi untuk daftar arsip.",
            "bappeda": "Pembagian peran penghasil data dapat kami adaptasi menjadi penanggung jawab arsip di setiap "
            "bidang.",
            "bkpsda": "Penyimpanan dokumen kepegawaian secara elektronik dapat kami adopsi untuk arsip kepegawaian "
            "dan arsip vital.",
        },
    },
    {
        "code": "adminduk",
        "fields": ["sosial", "komputer", "hukum"],
        "posts": [
            {
                "jabatan": "Kepala Seksi Kelahiran",
                "unit": "Seksi Kelahiran",
                "agency": ["dukcapil"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pelayanan Pencatatan Sipil",
            },
            {
                "jabatan": "Kepala Seksi Identitas Penduduk",
                "unit": "Seksi Identitas Penduduk",
                "agency": ["dukcapil"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
            },
            {
                "jabatan": "Kepala Seksi Kerja Sama dan Inovasi Pelayanan",
                "unit": "Seksi Kerja Sama dan Inovasi Pelayanan",
                "agency": ["dukcapil"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan",
            },
        ],
        "cakupan": "desa dan kelurahan",
        "publik": "petugas dan masyarakat",
        "mitra": "Dinas Kesehatan dan fasilitas kesehatan",
        "dampak": "hak sipil anak serta akses mereka pada layanan pendidikan dan kesehatan",
        "nums": {"a": (72, 86), "b": (92, 96), "c": (15, 35)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.3, 0.55)),
            "c2": round(ctx["c"] * rng.uniform(0.3, 0.6)),
            "d": ribu(rng.randint(300, 1400)),
        },
        "issues": [
            {
                "title": "Rendahnya kepemilikan akta kelahiran anak usia 0-18 tahun",
                "description": "Masih banyak anak, terutama di wilayah yang jauh dari kantor dinas, belum memiliki akta "
                "kelahiran karena orang tua harus datang sendiri dan persyaratan sering tidak lengkap.",
                "evidence": "Cakupan kepemilikan akta kelahiran anak baru {a}% (data semester II {th1}), di bawah "
                "target {b}%; {c}% permohonan dikembalikan karena persyaratan tidak lengkap.",
            },
            {
                "title": "Antrean panjang perekaman KTP elektronik pada awal pekan",
                "description": "Pemohon menumpuk pada hari Senin dan Selasa sehingga banyak yang diminta kembali.",
                "evidence": "Rata-rata {y} pemohon per hari pada Senin-Selasa, sedangkan kapasitas perekaman {x} orang "
                "per hari.",
                "nums": {"x": (60, 90), "y": (130, 220)},
            },
            {
                "title": "Peristiwa kematian jarang dilaporkan masyarakat",
                "description": "Keluarga tidak merasa perlu melaporkan kematian sehingga data penduduk tidak mutakhir.",
                "evidence": "Hanya {x}% peristiwa kematian yang dilaporkan dan dicatat pada tahun {th1}.",
                "nums": {"x": (18, 40)},
            },
            {
                "title": "Ketersediaan blangko KTP elektronik tidak menentu",
                "description": "Ketersediaan blangko bergantung pada distribusi dari pusat.",
                "evidence": "Blangko kosong selama {x} minggu pada tahun {th1}.",
                "nums": {"x": (3, 9)},
                "weak": "layak",
            },
            {
                "title": "Masih ditemukan data kependudukan ganda",
                "description": "Penduduk yang pindah tidak melapor sehingga tercatat di dua tempat.",
                "evidence": "Ditemukan {x} NIK ganda hasil konsolidasi data semester terakhir.",
                "nums": {"x": (40, 260)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Jaringan komunikasi data sering terputus",
                "description": "Gangguan jaringan menghentikan pelayanan di kantor dan di kecamatan.",
                "evidence": "Gangguan jaringan tercatat {x} kali dalam tiga bulan terakhir.",
                "nums": {"x": (9, 25)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Orang tua belum memahami pentingnya akta kelahiran",
                "Petugas registrasi di desa dan kelurahan belum terlatih",
                "Operator pelayanan di kantor dinas terbatas",
            ],
            "metode": [
                "Belum ada kerja sama pelaporan kelahiran dengan fasilitas kesehatan",
                "Pelayanan hanya dilakukan di kantor dinas",
                "Persyaratan belum disosialisasikan dengan jelas",
            ],
            "material": [
                "Formulir permohonan sulit dipahami masyarakat",
                "Surat keterangan lahir dari bidan desa sering tidak lengkap",
            ],
            "mesin": [
                "Belum tersedia layanan permohonan daring yang mudah digunakan",
                "Perangkat pelayanan keliling terbatas",
            ],
            "anggaran": ["Anggaran pelayanan jemput bola terbatas"],
            "lingkungan": [
                "Wilayah luas dan akses transportasi sulit",
                "Anggapan bahwa akta baru diperlukan saat anak masuk sekolah",
            ],
        },
        "main": ["metode", "lingkungan", "mesin"],
        "problem": [
            "Cakupan kepemilikan akta kelahiran anak di {daerah} baru {a}%, di bawah target {b}%, karena pelayanan "
            "masih terpusat di kantor dinas, belum ada kerja sama pelaporan kelahiran dengan fasilitas kesehatan, "
            "dan {c}% permohonan dikembalikan karena persyaratan tidak lengkap.",
            "Masih banyak anak di {daerah} yang belum memiliki akta kelahiran (cakupan {a}%, target {b}%) karena "
            "orang tua harus datang sendiri ke kantor dinas dengan persyaratan yang sering tidak lengkap.",
        ],
        "ideal": [
            "Setiap bayi yang lahir di {daerah} langsung mendapat akta kelahiran tanpa orang tua harus datang ke "
            "kantor dinas, dan cakupan akta kelahiran anak mencapai paling sedikit {b}%.",
            "Akta kelahiran dapat diurus dari desa atau kelurahan dan fasilitas kesehatan, persyaratan dipahami "
            "masyarakat, dan cakupan mencapai {b}%.",
        ],
        "ideas": [
            {
                "short": "SI-BAYI",
                "title": "Satu Kelahiran Satu Akta melalui Kerja Sama dengan Fasilitas Kesehatan",
                "kind": "sop",
                "bench": "dpmptsp",
                "description": "Bidan, puskesmas, dan rumah sakit meneruskan berkas kelahiran ke dinas sehingga akta "
                "dapat diterbitkan dan diantar kepada orang tua.",
                "addresses": "Menghilangkan keharusan orang tua datang ke kantor dinas.",
            },
            {
                "short": "DUKCAPIL MENYAPA",
                "title": "Pelayanan Jemput Bola Administrasi Kependudukan ke Desa dan Kelurahan",
                "kind": "layanan",
                "bench": None,
                "description": "Petugas melayani permohonan akta dan dokumen kependudukan lain di kantor desa atau "
                "kelurahan sesuai jadwal.",
                "addresses": "Mendekatkan layanan kepada masyarakat di wilayah yang sulit dijangkau.",
            },
            {
                "short": "AKTA DARING",
                "title": "Permohonan Akta Kelahiran Daring dengan Pendampingan Operator Desa",
                "kind": "aplikasi",
                "bench": "bkpsda",
                "description": "Operator desa atau kelurahan membantu orang tua mengajukan permohonan secara daring; "
                "akta dikirim dalam bentuk elektronik.",
                "addresses": "Permohonan tanpa berkas fisik dan tanpa antre di kantor dinas.",
            },
            {
                "short": "KADER ADMINDUK",
                "title": "Kader Registrasi Penduduk di Setiap Desa dan Kelurahan",
                "kind": "layanan",
                "bench": None,
                "description": "Kader terlatih di setiap desa atau kelurahan membantu warga melengkapi persyaratan dan "
                "melaporkan peristiwa penting.",
                "addresses": "Mengurangi permohonan yang dikembalikan karena persyaratan tidak lengkap.",
            },
        ],
        "outcome": "Cakupan akta kelahiran anak naik dari {a}% menjadi {a2}% dan {d} akta diterbitkan melalui "
        "layanan baru selama masa uji coba; permohonan yang dikembalikan turun dari {c}% menjadi {c2}%.",
        "benefits_org": "Cakupan dokumen kependudukan meningkat dan antrean di kantor dinas berkurang.",
        "benefits_public": "Orang tua memperoleh akta kelahiran anak tanpa biaya perjalanan dan tanpa harus "
        "meninggalkan pekerjaan.",
        "stakeholders": [
            (
                "Dinas Kesehatan, puskesmas, dan rumah sakit",
                "Mitra pelaporan kelahiran",
                "high",
                "high",
            ),
            ("Camat, kepala desa, dan lurah", "Penggerak layanan di wilayah", "high", "low"),
            ("Orang tua bayi dan masyarakat", "Penerima manfaat utama", "low", "high"),
            ("Tokoh agama dan tokoh adat", "Penyampai informasi kepada masyarakat", "low", "low"),
        ],
        "risks": [
            (
                "Fasilitas kesehatan tidak konsisten mengirim berkas kelahiran",
                "medium",
                "high",
                "Menandatangani kesepakatan, memberi format baku, dan memantau rekap bulanan bersama Dinas Kesehatan.",
            ),
            (
                "Jaringan terputus saat pelayanan di lapangan",
                "high",
                "medium",
                "Menyiapkan mode luring dan sinkronisasi data setibanya di kantor.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Pola satu pintu dan pelacakan berkas dapat kami adaptasi agar permohonan akta dari desa "
            "dapat dipantau statusnya.",
            "bappeda": "Data cakupan layanan dapat kami jadikan indikator perencanaan agar pelayanan jemput bola "
            "mendapat dukungan anggaran.",
            "bkpsda": "Layanan daring tanpa berkas fisik dapat kami adopsi untuk permohonan akta melalui operator "
            "desa.",
        },
    },
    {
        "code": "antrean",
        "fields": ["kesehatan"],
        "medical": 0.35,
        "posts": [
            {
                "jabatan": "Kepala Seksi Pelayanan Medik",
                "unit": "Seksi Pelayanan Medik",
                "agency": ["rsud"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Pelayanan Medik",
            },
            {
                "jabatan": "Kepala Seksi Keperawatan Rawat Jalan",
                "unit": "Seksi Keperawatan Rawat Jalan",
                "agency": ["rsud"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Keperawatan",
            },
            {
                "jabatan": "Kepala Seksi Rekam Medik dan Informasi",
                "unit": "Seksi Rekam Medik dan Informasi",
                "agency": ["rsud"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Penunjang Medik",
            },
        ],
        "cakupan": "poliklinik rawat jalan",
        "publik": "petugas dan pasien",
        "mitra": "Instalasi Teknologi Informasi rumah sakit",
        "dampak": "kepuasan dan keselamatan pasien",
        "nums": {"a": (95, 180), "b": (60, 60), "c": (30, 55)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.8)),
            "c2": round(ctx["c"] * rng.uniform(0.35, 0.6)),
            "d": ribu(rng.randint(900, 4200)),
        },
        "issues": [
            {
                "title": "Waktu tunggu pelayanan rawat jalan yang panjang",
                "description": "Pasien rawat jalan datang sejak subuh untuk mengambil nomor antrean dan menunggu lama di "
                "pendaftaran, rekam medik, dan poliklinik.",
                "evidence": "Waktu tunggu rawat jalan rata-rata {a} menit (survei {th1}), sedangkan standar pelayanan "
                "minimal paling lama {b} menit; {c}% keluhan pasien menyangkut antrean.",
            },
            {
                "title": "Keterlambatan pengembalian berkas rekam medik rawat inap",
                "description": "Berkas rekam medik pasien pulang tidak segera dikembalikan ke unit rekam medik.",
                "evidence": "{x}% berkas rekam medik rawat inap kembali lebih dari 2x24 jam.",
                "nums": {"x": (30, 55)},
            },
            {
                "title": "Poliklinik sering mulai terlambat dari jadwal",
                "description": "Dokter spesialis merangkap tugas di beberapa fasilitas sehingga jam praktik mundur.",
                "evidence": "Rata-rata poliklinik mulai {x} menit setelah jadwal.",
                "nums": {"x": (35, 90)},
                "weak": "layak",
            },
            {
                "title": "Kepatuhan kebersihan tangan petugas belum mencapai target",
                "description": "Petugas belum konsisten melakukan kebersihan tangan pada lima momen.",
                "evidence": "Audit kepatuhan kebersihan tangan triwulan terakhir {x}% (target 85%).",
                "nums": {"x": (58, 74)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Keluhan kebersihan toilet pasien",
                "description": "Toilet di area rawat jalan cepat kotor pada jam sibuk.",
                "evidence": "{x} keluhan tercatat di kotak saran dalam tiga bulan.",
                "nums": {"x": (12, 35)},
                "weak": "problematik",
            },
            {
                "title": "Sistem informasi rumah sakit belum terintegrasi",
                "description": "Pendaftaran, farmasi, dan kasir menggunakan aplikasi berbeda sehingga data dicatat "
                "berulang.",
                "evidence": "Pendaftaran, farmasi, dan kasir menggunakan {x} aplikasi yang tidak saling terhubung.",
                "nums": {"x": (3, 5)},
            },
        ],
        "causes": {
            "manusia": [
                "Petugas pendaftaran terbatas pada jam sibuk",
                "Pasien datang bersamaan pada pagi hari",
                "Dokter spesialis merangkap di beberapa fasilitas",
            ],
            "metode": [
                "Belum ada pendaftaran dengan jadwal kedatangan",
                "Loket pasien baru dan pasien lama belum dipisah",
                "Nomor antrean hanya dapat diambil langsung di loket",
            ],
            "material": ["Berkas rekam medik masih kertas dan harus diantar ke poliklinik"],
            "mesin": [
                "Belum ada aplikasi antrean daring",
                "Layar informasi antrean tidak berfungsi",
            ],
            "anggaran": ["Anggaran pengembangan sistem informasi belum diprioritaskan"],
            "lingkungan": [
                "Ruang tunggu sempit dan tidak tertata",
                "Sebagian pasien lanjut usia belum terbiasa menggunakan telepon pintar",
            ],
        },
        "main": ["metode", "mesin", "material"],
        "problem": [
            "Waktu tunggu pasien rawat jalan di {instansi} rata-rata {a} menit, jauh melampaui standar {b} menit, "
            "karena semua pasien mengambil nomor antrean di loket pada waktu yang sama, loket pendaftaran belum "
            "dipisah, dan berkas rekam medik masih diantar manual.",
            "Pasien rawat jalan {instansi} menunggu rata-rata {a} menit (standar {b} menit) dan {c}% keluhan pasien "
            "menyangkut antrean; alur pendaftaran belum diatur berdasarkan jadwal kedatangan.",
        ],
        "ideal": [
            "Pasien rawat jalan mendaftar dengan jadwal kedatangan, waktu tunggu paling lama {b} menit, dan status "
            "antrean dapat dipantau dari ruang tunggu maupun telepon genggam.",
            "Waktu tunggu rawat jalan sesuai standar {b} menit dan keluhan tentang antrean berkurang nyata.",
        ],
        "ideas": [
            {
                "short": "ANTRI-SEHAT",
                "title": "Pendaftaran Rawat Jalan dengan Jadwal Kedatangan melalui Aplikasi dan "
                "Pesan Singkat",
                "kind": "aplikasi",
                "bench": "dpmptsp",
                "description": "Pasien mendaftar sehari sebelumnya dan mendapat perkiraan jam kedatangan; nomor antrean "
                "tampil di layar dan dapat dipantau dari telepon genggam.",
                "addresses": "Menyebar kedatangan pasien sepanjang pagi.",
            },
            {
                "short": "LOKET LANSIA",
                "title": "Loket Prioritas dan Pendamping bagi Pasien Lanjut Usia dan Disabilitas",
                "kind": "layanan",
                "bench": None,
                "description": "Loket khusus dengan petugas pendamping bagi pasien lanjut usia, disabilitas, dan ibu "
                "hamil.",
                "addresses": "Pasien rentan tidak ikut antre panjang.",
            },
            {
                "short": "REKAM CEPAT",
                "title": "Distribusi Rekam Medik Terjadwal dan Pemisahan Loket Pasien Lama dan "
                "Baru",
                "kind": "sop",
                "bench": None,
                "description": "Berkas rekam medik pasien yang terdaftar disiapkan sebelum poliklinik dibuka dan loket "
                "pasien lama dipisah dari pasien baru.",
                "addresses": "Mengurangi waktu tunggu di pendaftaran dan rekam medik.",
            },
            {
                "short": "DASBOR WAKTU TUNGGU",
                "title": "Dasbor Pemantauan Waktu Tunggu per Poliklinik",
                "kind": "data",
                "bench": "bappeda",
                "description": "Waktu tunggu setiap poliklinik dicatat dan ditampilkan harian kepada manajemen.",
                "addresses": "Manajemen dapat segera menindaklanjuti poliklinik yang terlambat.",
            },
        ],
        "outcome": "Waktu tunggu rawat jalan pada poliklinik uji coba turun dari {a} menit menjadi {a2} menit, "
        "{d} pasien mendaftar dengan jadwal kedatangan, dan keluhan tentang antrean turun dari {c}% "
        "menjadi {c2}%.",
        "benefits_org": "Alur pelayanan lebih teratur, beban petugas pada jam sibuk berkurang, dan indikator mutu "
        "waktu tunggu tercapai.",
        "benefits_public": "Pasien tidak perlu datang sejak subuh dan menunggu lebih singkat.",
        "stakeholders": [
            (
                "Dokter spesialis dan kepala instalasi rawat jalan",
                "Pelaksana pelayanan di poliklinik",
                "high",
                "high",
            ),
            ("BPJS Kesehatan kantor cabang", "Mitra penjaminan pasien", "high", "low"),
            ("Pasien rawat jalan dan keluarga", "Penerima manfaat utama", "low", "high"),
            (
                "Komunitas pasien dan media lokal",
                "Penyebar informasi dan pengawas layanan",
                "low",
                "low",
            ),
        ],
        "risks": [
            (
                "Pasien lanjut usia kesulitan mendaftar melalui aplikasi",
                "high",
                "medium",
                "Tetap menyediakan pendaftaran melalui telepon dan loket dengan petugas pendamping.",
            ),
            (
                "Dokter tidak memulai praktik sesuai jadwal",
                "medium",
                "high",
                "Menyepakati jadwal praktik bersama komite medik dan memantau ketepatan waktu setiap pekan.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Sistem nomor antrean dengan layar informasi dan pembagian loket dapat kami adopsi di "
            "pendaftaran rawat jalan.",
            "bappeda": "Dasbor indikator kinerja dapat kami adaptasi untuk memantau waktu tunggu setiap poliklinik.",
            "bkpsda": "Presensi elektronik petugas dapat kami adaptasi untuk memantau ketepatan waktu mulai praktik.",
        },
    },
    {
        "code": "dana_desa",
        "fields": ["ekonomi", "sosial"],
        "posts": [
            {
                "jabatan": "Kepala Seksi Administrasi Keuangan dan Aset Desa",
                "unit": "Seksi Administrasi Keuangan dan Aset Desa",
                "agency": ["dpmd"],
                "levels": "kab",
                "mentor": "Kepala Bidang Pemerintahan Desa",
            },
            {
                "jabatan": "Kepala Seksi Pembinaan Pemerintahan Desa",
                "unit": "Seksi Pembinaan Pemerintahan Desa",
                "agency": ["dpmd"],
                "levels": "kab",
                "mentor": "Kepala Bidang Pemerintahan Desa",
            },
            {
                "jabatan": "Kepala Seksi Fasilitasi Keuangan dan Aset Desa",
                "unit": "Seksi Fasilitasi Keuangan dan Aset Desa",
                "agency": ["dpmd"],
                "levels": "prov",
                "mentor": "Kepala Bidang Pemerintahan Desa",
            },
        ],
        "cakupan": "desa",
        "publik": "pemerintah desa dan kecamatan",
        "mitra": "camat dan tenaga pendamping desa",
        "dampak": "kelancaran pembangunan dan pelayanan di desa",
        "nums": {"a": (35, 60), "b": (5, 10), "c": (20, 45)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
            "c2": round(ctx["c"] * rng.uniform(0.3, 0.5)),
            "d": ribu(rng.randint(60, 280)),
        },
        "issues": [
            {
                "title": "Keterlambatan laporan realisasi penggunaan dana desa",
                "description": "Banyak desa terlambat menyampaikan laporan realisasi penggunaan dana desa sehingga "
                "penyaluran tahap berikutnya tertunda.",
                "evidence": "Pada tahun {th1}, {a}% desa terlambat menyampaikan laporan realisasi tahap II dengan "
                "keterlambatan rata-rata {c} hari.",
            },
            {
                "title": "APBDes belum sesuai prioritas penggunaan dana desa",
                "description": "Rancangan APBDes sering harus diperbaiki saat evaluasi.",
                "evidence": "{x} dari {y} rancangan APBDes yang dievaluasi harus diperbaiki.",
                "nums": {"x": (30, 60), "y": (80, 140)},
            },
            {
                "title": "Operator aplikasi keuangan desa sering berganti",
                "description": "Operator baru belum menguasai aplikasi keuangan desa.",
                "evidence": "{x}% operator desa baru menjabat kurang dari dua tahun.",
                "nums": {"x": (35, 60)},
                "weak": "layak",
            },
            {
                "title": "Aset desa belum tercatat",
                "description": "Buku inventaris aset desa tidak diperbarui.",
                "evidence": "Baru {x}% desa yang memiliki buku inventaris aset mutakhir.",
                "nums": {"x": (20, 45)},
            },
            {
                "title": "Pendampingan desa tidak merata",
                "description": "Satu pendamping melayani terlalu banyak desa.",
                "evidence": "Rata-rata satu pendamping melayani {x} desa.",
                "nums": {"x": (6, 11)},
                "weak": "layak",
            },
            {
                "title": "Musyawarah desa kurang melibatkan perempuan dan kelompok rentan",
                "description": "Kehadiran perempuan dalam musyawarah desa rendah.",
                "evidence": "Rata-rata kehadiran perempuan dalam musyawarah desa {x}%.",
                "nums": {"x": (8, 20)},
                "weak": "aktual",
            },
        ],
        "causes": {
            "manusia": [
                "Operator keuangan desa sering berganti dan belum terlatih",
                "Kepala desa kurang memantau penyusunan laporan",
                "Jumlah pendamping tidak sebanding dengan jumlah desa",
            ],
            "metode": [
                "Belum ada jadwal dan daftar periksa laporan yang baku",
                "Pemeriksaan laporan menumpuk di akhir tahap",
                "Koordinasi dinas, kecamatan, dan desa belum terjadwal",
            ],
            "material": [
                "Bukti transaksi desa tidak tersimpan rapi",
                "Format laporan sering berubah",
            ],
            "mesin": [
                "Belum ada sarana pemantauan status laporan setiap desa",
                "Akses internet di sebagian desa terbatas",
            ],
            "anggaran": ["Anggaran bimbingan teknis operator desa terbatas"],
            "lingkungan": [
                "Jarak desa ke ibu kota kabupaten jauh",
                "Kesibukan desa pada musim tanam dan panen",
            ],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "{a}% desa di {daerah} terlambat menyampaikan laporan realisasi dana desa dengan keterlambatan rata-rata "
            "{c} hari, karena operator desa belum terlatih, pemeriksaan laporan menumpuk di akhir tahap, dan dinas "
            "tidak memiliki sarana untuk memantau kemajuan laporan setiap desa.",
            "Penyaluran dana desa tahap berikutnya di {daerah} sering tertunda karena {a}% desa terlambat "
            "melaporkan realisasi; dinas baru mengetahui keterlambatan setelah batas waktu lewat.",
        ],
        "ideal": [
            "Seluruh desa menyampaikan laporan realisasi tepat waktu, paling banyak {b}% desa terlambat, dan status "
            "laporan setiap desa dapat dipantau oleh dinas dan kecamatan.",
            "Laporan dana desa diperiksa bertahap sejak awal, operator desa terlatih, dan penyaluran tidak lagi "
            "tertunda karena keterlambatan laporan.",
        ],
        "ideas": [
            {
                "short": "SIPANDES",
                "title": "Sistem Pemantauan Laporan Dana Desa",
                "kind": "data",
                "bench": "bappeda",
                "description": "Dasbor status laporan setiap desa yang diperbarui oleh kecamatan dan dinas setiap pekan.",
                "addresses": "Keterlambatan diketahui dan ditindaklanjuti sebelum batas waktu.",
            },
            {
                "short": "KLINIK DESA",
                "title": "Klinik Pendampingan Laporan Keuangan Desa di Kecamatan",
                "kind": "layanan",
                "bench": None,
                "description": "Pendampingan terjadwal bagi operator desa di kantor camat untuk menyusun laporan.",
                "addresses": "Operator desa terbantu menyusun laporan tanpa harus datang ke ibu kota kabupaten.",
            },
            {
                "short": "JADWAL EMAS",
                "title": "Jadwal dan Daftar Periksa Laporan Dana Desa yang Disepakati Bersama",
                "kind": "sop",
                "bench": None,
                "description": "Kesepakatan jadwal penyusunan dan pemeriksaan laporan bertahap antara dinas, kecamatan, "
                "dan desa dengan daftar periksa baku.",
                "addresses": "Pemeriksaan tidak lagi menumpuk di akhir tahap.",
            },
            {
                "short": "OPERATOR TANGGUH",
                "title": "Pelatihan dan Mentoring Operator Keuangan Desa",
                "kind": "layanan",
                "bench": "bkpsda",
                "description": "Pelatihan singkat dan mentoring berkelanjutan oleh operator berpengalaman.",
                "addresses": "Operator baru cepat menguasai aplikasi keuangan desa.",
            },
        ],
        "outcome": "Desa yang terlambat menyampaikan laporan pada tahap berjalan turun dari {a}% menjadi {a2}%, "
        "keterlambatan rata-rata menjadi {c2} hari, dan status laporan {d} desa dapat dipantau melalui "
        "dasbor.",
        "benefits_org": "Penyaluran dana desa tepat waktu dan pembinaan desa lebih terarah.",
        "benefits_public": "Pembangunan dan pelayanan di desa tidak tertunda karena dana terlambat disalurkan.",
        "stakeholders": [
            (
                "Camat dan kepala seksi pemerintahan kecamatan",
                "Pemeriksa laporan di tingkat kecamatan",
                "high",
                "high",
            ),
            ("Badan Pengelolaan Keuangan dan Aset Daerah", "Penyalur dana desa", "high", "low"),
            ("Kepala desa dan operator keuangan desa", "Penyusun laporan", "low", "high"),
            ("Badan Permusyawaratan Desa", "Pengawas penggunaan dana di desa", "low", "low"),
        ],
        "risks": [
            (
                "Operator desa berganti di tengah uji coba",
                "medium",
                "medium",
                "Menyiapkan panduan singkat dan mentor cadangan di setiap kecamatan.",
            ),
            (
                "Kecamatan tidak memperbarui dasbor tepat waktu",
                "medium",
                "high",
                "Menunjuk penanggung jawab di setiap kecamatan dan mengingatkan setiap Jumat.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Daftar periksa baku dan pelacakan status berkas dapat kami adaptasi untuk pemeriksaan "
            "laporan desa.",
            "bappeda": "Dasbor indikator dan forum data dapat kami adopsi untuk memantau laporan seluruh desa.",
            "bkpsda": "Pola pengembangan kompetensi berbasis pemetaan dapat kami adaptasi untuk operator desa.",
        },
    },
]

THEMES += [
    {
        "code": "data_sekolah",
        "fields": ["pendidikan", "komputer"],
        "posts": [
            {
                "jabatan": "Kepala Seksi Peserta Didik dan Pembangunan Karakter",
                "unit": "Seksi Peserta Didik dan Pembangunan Karakter",
                "agency": ["disdik"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pembinaan Sekolah Menengah Pertama",
            },
            {
                "jabatan": "Kepala Seksi Peserta Didik SMA",
                "unit": "Seksi Peserta Didik SMA",
                "agency": ["disdik"],
                "levels": "prov",
                "mentor": "Kepala Bidang Pembinaan SMA",
            },
            {
                "jabatan": "Kepala Seksi Kelembagaan dan Sarana Prasarana SD",
                "unit": "Seksi Kelembagaan dan Sarana Prasarana SD",
                "agency": ["disdik"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pembinaan Sekolah Dasar",
            },
        ],
        "cakupan": "sekolah",
        "publik": "kepala sekolah dan operator sekolah",
        "mitra": "Dinas Komunikasi dan Informatika",
        "dampak": "ketepatan bantuan pendidikan dan perencanaan kebutuhan guru",
        "nums": {"a": (25, 45), "b": (2, 5), "c": (80, 400)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
            "c2": round(ctx["c"] * rng.uniform(0.1, 0.3)),
            "d": ribu(round(ctx["c"] * rng.uniform(0.6, 0.9))),
        },
        "issues": [
            {
                "title": "Data pokok pendidikan tidak mutakhir",
                "description": "Data peserta didik, guru, dan sarana sekolah tidak diperbarui tepat waktu sehingga "
                "perhitungan bantuan dan perencanaan kebutuhan guru tidak akurat.",
                "evidence": "Pada akhir semester {th1}, {a}% sekolah belum memutakhirkan data dan ditemukan {c} data "
                "peserta didik ganda.",
            },
            {
                "title": "Anak putus sekolah di daerah pinggiran",
                "description": "Sebagian anak berhenti sekolah karena jarak dan ekonomi keluarga.",
                "evidence": "{x} anak putus sekolah tercatat pada tahun ajaran lalu.",
                "nums": {"x": (60, 240)},
            },
            {
                "title": "Distribusi guru tidak merata",
                "description": "Sekolah di kota kelebihan guru, sekolah di pinggiran kekurangan.",
                "evidence": "{x} sekolah kekurangan guru mata pelajaran.",
                "nums": {"x": (15, 48)},
                "weak": "layak",
            },
            {
                "title": "Ruang kelas rusak belum tertangani",
                "description": "Perbaikan ruang kelas menunggu anggaran tahun berikutnya.",
                "evidence": "{x} ruang kelas dalam kondisi rusak sedang atau berat.",
                "nums": {"x": (30, 120)},
                "weak": "layak",
            },
            {
                "title": "Keterlambatan laporan penggunaan dana BOS",
                "description": "Sekolah terlambat mengunggah laporan penggunaan dana BOS.",
                "evidence": "{x}% sekolah terlambat melaporkan penggunaan dana BOS pada tahap terakhir.",
                "nums": {"x": (15, 35)},
            },
            {
                "title": "Operator sekolah sering berganti",
                "description": "Operator sekolah adalah guru honorer yang berganti setiap tahun.",
                "evidence": "{x}% operator sekolah bertugas kurang dari satu tahun.",
                "nums": {"x": (25, 45)},
                "weak": "aktual",
            },
        ],
        "causes": {
            "manusia": [
                "Operator sekolah merangkap guru dan sering berganti",
                "Kepala sekolah belum memantau kemutakhiran data",
            ],
            "metode": [
                "Belum ada jadwal verifikasi data berkala oleh dinas",
                "Tidak ada umpan balik atas data yang salah",
                "Mutasi peserta didik antarsekolah tidak dilaporkan",
            ],
            "material": ["Dokumen sumber mutasi siswa tidak tertib"],
            "mesin": [
                "Dinas tidak memiliki dasbor kemutakhiran data per sekolah",
                "Perangkat dan jaringan di sekolah terbatas",
            ],
            "anggaran": ["Insentif operator sekolah tidak dianggarkan"],
            "lingkungan": ["Anggapan bahwa data hanya keperluan pemerintah pusat"],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "{a}% sekolah di {daerah} belum memutakhirkan data pokok pendidikan pada akhir semester dan terdapat {c} "
            "data peserta didik ganda, karena operator sekolah sering berganti, dinas belum memiliki jadwal "
            "verifikasi dan sarana pemantauan, serta mutasi siswa tidak dilaporkan.",
            "Data sekolah yang dipakai untuk bantuan dan perencanaan di {daerah} tidak akurat: {a}% sekolah terlambat "
            "memutakhirkan data dan {c} data peserta didik tercatat ganda.",
        ],
        "ideal": [
            "Seluruh sekolah memutakhirkan data setiap bulan, data ganda terselesaikan, dan paling banyak {b}% "
            "sekolah terlambat pemutakhiran.",
            "Dinas memiliki data sekolah yang akurat dan terkini untuk menghitung bantuan dan kebutuhan guru.",
        ],
        "ideas": [
            {
                "short": "DASBOR DATA SEKOLAH",
                "title": "Dasbor Kemutakhiran Data Pokok Pendidikan per Sekolah",
                "kind": "data",
                "bench": "bappeda",
                "description": "Dasbor yang menampilkan tanggal pemutakhiran terakhir dan kejanggalan data setiap "
                "sekolah.",
                "addresses": "Dinas dapat menegur dan membantu sekolah yang datanya belum mutakhir.",
            },
            {
                "short": "OPERATOR HEBAT",
                "title": "Forum dan Pendampingan Operator Sekolah",
                "kind": "layanan",
                "bench": "bkpsda",
                "description": "Forum operator per gugus dengan pendampingan bulanan dan grup konsultasi.",
                "addresses": "Operator baru cepat menguasai pemutakhiran data.",
            },
            {
                "short": "MUTASI TERTIB",
                "title": "SOP Pelaporan Mutasi Peserta Didik Antarsekolah",
                "kind": "sop",
                "bench": None,
                "description": "Prosedur baku pelaporan mutasi siswa dengan batas waktu dan formulir yang sama.",
                "addresses": "Mencegah data peserta didik ganda.",
            },
            {
                "short": "SAPA SEKOLAH",
                "title": "Layanan Konsultasi Data Sekolah melalui Pesan Singkat",
                "kind": "aplikasi",
                "bench": "dpmptsp",
                "description": "Kanal konsultasi dan pengingat jadwal pemutakhiran data bagi operator sekolah.",
                "addresses": "Pertanyaan operator terjawab cepat tanpa harus datang ke dinas.",
            },
        ],
        "outcome": "Sekolah yang belum memutakhirkan data turun dari {a}% menjadi {a2}% dan {d} data peserta didik "
        "ganda telah diselesaikan.",
        "benefits_org": "Perhitungan bantuan dan kebutuhan guru berdasarkan data yang akurat.",
        "benefits_public": "Siswa yang berhak menerima bantuan tidak terlewat karena datanya salah.",
        "stakeholders": [
            ("Kepala sekolah", "Penanggung jawab data di sekolah", "high", "high"),
            ("Bappeda {daerah}", "Pengguna data untuk perencanaan", "high", "low"),
            ("Operator sekolah", "Pelaksana pemutakhiran data", "low", "high"),
            (
                "Komite sekolah dan orang tua siswa",
                "Penerima manfaat bantuan pendidikan",
                "low",
                "low",
            ),
        ],
        "risks": [
            (
                "Operator sekolah tidak aktif mengikuti forum",
                "medium",
                "medium",
                "Meminta kepala sekolah menugaskan operator dan memberi sertifikat keikutsertaan.",
            ),
            (
                "Jaringan internet di sekolah pinggiran terbatas",
                "high",
                "medium",
                "Menjadwalkan pemutakhiran di gugus yang memiliki jaringan memadai.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Pengingat otomatis dan pelacakan status dapat kami adaptasi untuk jadwal pemutakhiran data "
            "sekolah.",
            "bappeda": "Forum data daerah dan dasbor indikator dapat kami adopsi untuk data pendidikan.",
            "bkpsda": "Pemetaan kompetensi pegawai dapat kami adaptasi untuk pembinaan operator sekolah.",
        },
    },
    {
        "code": "pajak",
        "fields": ["ekonomi", "sosial"],
        "posts": [
            {
                "jabatan": "Kepala Subbidang Pendataan dan Penetapan PBB-P2",
                "unit": "Subbidang Pendataan dan Penetapan PBB-P2",
                "agency": ["bapenda"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pajak Bumi dan Bangunan",
                "vars": {"pajak": "PBB-P2"},
            },
            {
                "jabatan": "Kepala Subbidang Penagihan Pajak Daerah",
                "unit": "Subbidang Penagihan Pajak Daerah",
                "agency": ["bapenda"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Penagihan dan Pengendalian",
                "vars": {"pajak": "pajak daerah"},
            },
            {
                "jabatan": "Kepala Subbidang Pajak Kendaraan Bermotor",
                "unit": "Subbidang Pajak Kendaraan Bermotor",
                "agency": ["bapenda"],
                "levels": "prov",
                "mentor": "Kepala Bidang Pajak Daerah",
                "vars": {"pajak": "Pajak Kendaraan Bermotor"},
            },
        ],
        "cakupan": "wilayah kecamatan",
        "publik": "petugas dan wajib pajak",
        "mitra": "Bank Pembangunan Daerah",
        "dampak": "pendapatan asli daerah dan pembiayaan layanan publik",
        "nums": {"a": (68, 84), "b": (95, 100), "c": (3, 25)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.3, 0.6)),
            "c2": ctx["c"],
            "d": ribu(rng.randint(350, 2400)),
        },
        "issues": [
            {
                "title": "Tunggakan {pajak} yang terus meningkat",
                "description": "Wajib pajak tidak menerima pemberitahuan tepat waktu dan kanal pembayaran terbatas, "
                "sehingga tunggakan bertambah setiap tahun.",
                "evidence": "Realisasi penerimaan {pajak} tahun {th1} baru {a}% dari target; tunggakan mencapai "
                "Rp{c} miliar.",
            },
            {
                "title": "Data objek dan wajib pajak tidak sesuai kondisi lapangan",
                "description": "Alamat dan data objek pajak tidak diperbarui.",
                "evidence": "{x}% surat pemberitahuan pajak tidak tersampaikan karena alamat tidak ditemukan.",
                "nums": {"x": (8, 22)},
            },
            {
                "title": "Kanal pembayaran pajak terbatas",
                "description": "Pembayaran hanya dapat dilakukan di loket tertentu pada jam kerja.",
                "evidence": "Pembayaran hanya melalui {x} loket pada jam kerja.",
                "nums": {"x": (2, 5)},
            },
            {
                "title": "Kesadaran wajib pajak untuk membayar tepat waktu rendah",
                "description": "Wajib pajak menunda pembayaran hingga ada penagihan.",
                "evidence": "{x}% pembayaran dilakukan setelah jatuh tempo.",
                "nums": {"x": (30, 50)},
                "weak": "layak",
            },
            {
                "title": "Petugas penagihan terbatas",
                "description": "Petugas penagihan tidak sebanding dengan jumlah wajib pajak yang menunggak.",
                "evidence": "{x} petugas menangani lebih dari {y} wajib pajak yang menunggak.",
                "nums": {"x": (4, 9), "y": (2000, 6000)},
                "weak": "layak",
            },
            {
                "title": "Nilai dasar pengenaan pajak belum diperbarui",
                "description": "Nilai dasar pengenaan pajak tertinggal dari nilai pasar.",
                "evidence": "Nilai dasar pengenaan terakhir diperbarui tahun {x}.",
                "nums": {"x": (2008, 2013)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Wajib pajak tidak mengetahui jumlah dan jatuh tempo pajaknya",
                "Petugas pendataan terbatas",
            ],
            "metode": [
                "Pemberitahuan pajak hanya dikirim sekali melalui perangkat kelurahan atau desa",
                "Belum ada pengingat jatuh tempo",
                "Penagihan dilakukan serentak di akhir tahun",
            ],
            "material": ["Data alamat wajib pajak tidak mutakhir"],
            "mesin": [
                "Belum tersedia pembayaran melalui kanal digital",
                "Aplikasi pajak belum terhubung dengan bank",
            ],
            "anggaran": ["Biaya distribusi pemberitahuan pajak tinggi"],
            "lingkungan": [
                "Wajib pajak bekerja di luar daerah",
                "Lokasi loket pembayaran jauh dari permukiman",
            ],
        },
        "main": ["metode", "mesin", "material"],
        "problem": [
            "Realisasi penerimaan {pajak} di {daerah} baru {a}% dari target dengan tunggakan Rp{c} miliar, karena "
            "pemberitahuan pajak tidak sampai tepat waktu, tidak ada pengingat jatuh tempo, dan kanal pembayaran "
            "terbatas.",
            "Tunggakan {pajak} di {daerah} mencapai Rp{c} miliar dan realisasi hanya {a}% dari target; wajib pajak "
            "sulit membayar karena kanal pembayaran terbatas dan data alamat tidak mutakhir.",
        ],
        "ideal": [
            "Wajib pajak menerima pemberitahuan dan pengingat tepat waktu, dapat membayar melalui berbagai kanal, "
            "dan realisasi penerimaan mencapai paling sedikit {b}% dari target.",
            "Data wajib pajak mutakhir, pembayaran mudah dari mana saja, dan tunggakan berkurang setiap tahun.",
        ],
        "ideas": [
            {
                "short": "PAJAK DIGITAL",
                "title": "Pembayaran Pajak Daerah melalui Kanal Digital dan Kode Bayar",
                "kind": "aplikasi",
                "bench": "dpmptsp",
                "description": "Wajib pajak membayar melalui bank, kantor pos, gerai ritel, dan aplikasi dompet "
                "digital dengan kode bayar.",
                "addresses": "Memperluas kanal pembayaran di luar jam dan lokasi loket.",
            },
            {
                "short": "SAPA WAJIB PAJAK",
                "title": "Pengingat Jatuh Tempo Pajak melalui Pesan Singkat",
                "kind": "aplikasi",
                "bench": None,
                "description": "Pengingat otomatis satu bulan dan satu minggu sebelum jatuh tempo.",
                "addresses": "Wajib pajak mengetahui jumlah dan jatuh tempo pajaknya.",
            },
            {
                "short": "JEMPUT PAJAK",
                "title": "Layanan Keliling Pembayaran dan Konsultasi Pajak",
                "kind": "layanan",
                "bench": None,
                "description": "Mobil layanan pajak mendatangi pasar dan kantor kecamatan sesuai jadwal.",
                "addresses": "Mendekatkan layanan kepada wajib pajak yang jauh dari loket.",
            },
            {
                "short": "DATA PAJAK AKURAT",
                "title": "Pemutakhiran Data Objek dan Wajib Pajak Berbasis Kelurahan dan Desa",
                "kind": "data",
                "bench": "bappeda",
                "description": "Pemutakhiran data bersama perangkat kelurahan dan desa dengan format baku.",
                "addresses": "Pemberitahuan pajak sampai kepada wajib pajak yang benar.",
            },
        ],
        "outcome": "Realisasi penerimaan {pajak} pada periode uji coba mencapai {a2}% dari target triwulan dan {d} "
        "wajib pajak membayar melalui cara baru.",
        "benefits_org": "Pendapatan asli daerah meningkat dan biaya penagihan berkurang.",
        "benefits_public": "Wajib pajak membayar dengan mudah, cepat, dan tanpa antre.",
        "stakeholders": [
            ("Bank Pembangunan Daerah", "Mitra penyedia kanal pembayaran", "high", "high"),
            ("{dprd}", "Mitra penganggaran dan pengawasan pendapatan", "high", "low"),
            ("Wajib pajak", "Penerima manfaat utama", "low", "high"),
            ("Perangkat kelurahan dan desa", "Penyampai pemberitahuan pajak", "low", "low"),
        ],
        "risks": [
            (
                "Wajib pajak ragu membayar secara digital",
                "medium",
                "medium",
                "Sosialisasi melalui media lokal dan contoh bukti bayar yang sah.",
            ),
            (
                "Kerja sama dengan bank tertunda",
                "low",
                "high",
                "Menyiapkan naskah kerja sama sejak awal dan meminta dukungan pimpinan.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Layanan daring dan pelacakan status dapat kami adaptasi untuk pembayaran dan keberatan pajak.",
            "bappeda": "Forum data daerah dapat kami adaptasi untuk pemutakhiran data objek pajak bersama perangkat "
            "daerah lain.",
            "bkpsda": "Pemanfaatan data kinerja harian dapat kami adaptasi untuk target petugas penagihan.",
        },
    },
    {
        "code": "aset",
        "fields": ["ekonomi", "hukum"],
        "posts": [
            {
                "jabatan": "Kepala Subbidang Penatausahaan Barang Milik Daerah",
                "unit": "Subbidang Penatausahaan Barang Milik Daerah",
                "agency": ["bpkad"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Aset",
            },
            {
                "jabatan": "Kepala Subbagian Keuangan",
                "unit": "Subbagian Keuangan",
                "agency": SECRETARIAT_AGENCIES,
                "levels": "prov kab kota",
                "mentor": "Sekretaris {agency}",
            },
            {
                "jabatan": "Kepala Subbidang Pemanfaatan dan Pengamanan Aset",
                "unit": "Subbidang Pemanfaatan dan Pengamanan Aset",
                "agency": ["bpkad"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Aset",
            },
        ],
        "cakupan": "unit kerja",
        "publik": "pengurus barang di setiap unit kerja",
        "mitra": "Badan Pengelolaan Keuangan dan Aset Daerah",
        "dampak": "opini atas laporan keuangan dan pengamanan kekayaan daerah",
        "nums": {"a": (8, 22), "b": (1, 3), "c": (3, 12)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
            "c2": max(0, ctx["c"] - rng.randint(2, 3)),
            "d": ribu(rng.randint(400, 3500)),
        },
        "issues": [
            {
                "title": "Barang milik daerah tidak diketahui keberadaannya",
                "description": "Kartu inventaris barang tidak diperbarui, label barang hilang, dan mutasi barang "
                "antarunit tidak dilaporkan, sehingga temuan pemeriksaan atas aset berulang setiap tahun.",
                "evidence": "Hasil sensus barang {th1}: {a}% barang tidak diketahui keberadaannya dan {c} temuan "
                "pemeriksaan terkait aset belum ditindaklanjuti.",
            },
            {
                "title": "Rekonsiliasi aset dengan laporan keuangan terlambat",
                "description": "Rekonsiliasi baru dilakukan di akhir tahun.",
                "evidence": "Rekonsiliasi semester terakhir selesai {x} hari setelah batas waktu.",
                "nums": {"x": (10, 40)},
            },
            {
                "title": "Kendaraan dinas masih dikuasai pegawai yang telah pensiun atau mutasi",
                "description": "Kendaraan tidak dikembalikan ketika pemegangnya pindah.",
                "evidence": "{x} kendaraan dinas belum dikembalikan.",
                "nums": {"x": (6, 25)},
            },
            {
                "title": "Tanah milik daerah belum bersertifikat",
                "description": "Sebagian bidang tanah belum memiliki sertifikat.",
                "evidence": "{x} bidang tanah belum bersertifikat.",
                "nums": {"x": (40, 180)},
                "weak": "layak",
            },
            {
                "title": "Barang rusak berat belum dihapuskan",
                "description": "Barang rusak berat masih tercatat dan memenuhi gudang.",
                "evidence": "{x} unit barang rusak berat menunggu penghapusan.",
                "nums": {"x": (150, 700)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Pengurus barang merangkap tugas lain",
                "description": "Pengurus barang di unit kerja juga mengerjakan tugas keuangan.",
                "evidence": "{x} dari {y} pengurus barang merangkap tugas lain.",
                "nums": {"x": (8, 14), "y": (15, 20)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Pengurus barang belum memahami penatausahaan barang",
                "Pemakai barang tidak melaporkan perpindahan barang",
            ],
            "metode": [
                "Sensus barang hanya dilakukan lima tahunan",
                "Belum ada prosedur mutasi barang antarunit",
                "Kartu inventaris ruangan tidak diperbarui",
            ],
            "material": ["Label barang mudah lepas dan pudar"],
            "mesin": [
                "Aplikasi persediaan dan aset tidak dimanfaatkan penuh",
                "Belum ada sarana pemindaian label barang",
            ],
            "anggaran": ["Anggaran sensus dan pelabelan barang terbatas"],
            "lingkungan": [
                "Barang tersebar di banyak lokasi",
                "Pimpinan unit belum memandang aset sebagai prioritas",
            ],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "{a}% barang milik daerah pada {instansi} tidak diketahui keberadaannya dan {c} temuan pemeriksaan "
            "terkait aset belum ditindaklanjuti, karena kartu inventaris tidak diperbarui, mutasi barang tidak "
            "dilaporkan, dan label barang hilang.",
            "Pencatatan barang milik daerah di {instansi} tidak sesuai keadaan sebenarnya: {a}% barang tidak "
            "ditemukan pada sensus {th1} dan temuan atas aset berulang setiap tahun.",
        ],
        "ideal": [
            "Setiap barang milik daerah tercatat, berlabel, dan diketahui keberadaannya; barang yang tidak "
            "ditemukan paling banyak {b}% dan tidak ada temuan berulang atas aset.",
            "Kartu inventaris selalu mutakhir, mutasi barang tercatat, dan rekonsiliasi aset selesai tepat waktu.",
        ],
        "ideas": [
            {
                "short": "SI-ASET",
                "title": "Inventarisasi Barang dengan Label Kode QR",
                "kind": "aplikasi",
                "bench": "bkpsda",
                "description": "Setiap barang diberi label kode QR yang dapat dipindai untuk melihat dan memperbarui "
                "data barang.",
                "addresses": "Keberadaan barang dapat diperiksa cepat dan datanya selalu mutakhir.",
            },
            {
                "short": "SENSUS BERGERAK",
                "title": "Sensus Barang Berkala Bersama Pengurus Barang Unit",
                "kind": "sop",
                "bench": None,
                "description": "Sensus barang setiap semester oleh pengurus barang dengan daftar periksa baku.",
                "addresses": "Perbedaan catatan dan keadaan barang segera diketahui.",
            },
            {
                "short": "TERTIB KENDARAAN",
                "title": "Penertiban Penggunaan Kendaraan Dinas",
                "kind": "sop",
                "bench": None,
                "description": "Pendataan pemegang kendaraan dinas dan penarikan kendaraan dari pegawai yang pensiun "
                "atau mutasi.",
                "addresses": "Kendaraan dinas kembali dikuasai pemerintah daerah.",
            },
            {
                "short": "DASBOR ASET",
                "title": "Dasbor Rekonsiliasi Aset dan Laporan Keuangan",
                "kind": "data",
                "bench": "bappeda",
                "description": "Dasbor yang membandingkan catatan aset dengan laporan keuangan setiap bulan.",
                "addresses": "Rekonsiliasi dilakukan bertahap dan tidak menumpuk di akhir tahun.",
            },
        ],
        "outcome": "Barang yang tidak diketahui keberadaannya pada unit uji coba turun dari {a}% menjadi {a2}%, {d} "
        "barang telah diberi label kode QR, dan temuan aset yang belum ditindaklanjuti tinggal {c2}.",
        "benefits_org": "Aset tercatat akurat, temuan pemeriksaan berkurang, dan mendukung opini laporan keuangan.",
        "benefits_public": "Kekayaan daerah terlindungi dan dapat dimanfaatkan untuk pelayanan publik.",
        "stakeholders": [
            ("Inspektorat {daerah}", "Pengawas internal tindak lanjut temuan", "high", "low"),
            ("Pengurus barang unit kerja", "Pelaksana penatausahaan barang", "low", "high"),
            ("Pegawai pemakai barang", "Pemegang dan pengguna barang", "low", "low"),
        ],
        "risks": [
            (
                "Pemegang kendaraan dinas menolak mengembalikan kendaraan",
                "medium",
                "high",
                "Meminta surat perintah pimpinan dan pendampingan Inspektorat.",
            ),
            (
                "Label kode QR rusak di lokasi lembap",
                "low",
                "medium",
                "Menggunakan label tahan air dan memeriksa label pada setiap sensus.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Nomor registrasi dan pelacakan status dapat kami adaptasi untuk mutasi barang antarunit.",
            "bappeda": "Dasbor indikator dapat kami adopsi untuk memantau rekonsiliasi aset setiap bulan.",
            "bkpsda": "Pengelolaan data pegawai secara elektronik dapat kami adaptasi untuk pencatatan pemegang "
            "barang.",
        },
    },
    {
        "code": "pengaduan",
        "fields": ["sosial", "komputer", "hukum"],
        "posts": [
            {
                "jabatan": "Kepala Seksi Layanan Informasi dan Pengaduan Publik",
                "unit": "Seksi Layanan Informasi dan Pengaduan Publik",
                "agency": ["kominfo"],
                "levels": "prov kab kota",
                "mentor": "Kepala Bidang Informasi dan Komunikasi Publik",
            },
            {
                "jabatan": "Kepala Subbagian Pelayanan Publik pada Bagian Organisasi",
                "unit": "Subbagian Pelayanan Publik Bagian Organisasi",
                "agency": ["setda"],
                "levels": "kab kota",
                "mentor": "Kepala Bagian Organisasi",
            },
        ],
        "cakupan": "perangkat daerah",
        "publik": "admin pengaduan dan masyarakat",
        "mitra": "admin pengaduan perangkat daerah",
        "dampak": "kepercayaan masyarakat kepada pemerintah daerah",
        "nums": {"a": (35, 60), "b": (85, 95), "c": (14, 35)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
            "c2": max(3, round(ctx["c"] * rng.uniform(0.25, 0.45))),
            "d": ribu(rng.randint(90, 520)),
        },
        "issues": [
            {
                "title": "Pengaduan masyarakat tidak ditindaklanjuti tepat waktu",
                "description": "Pengaduan masuk melalui banyak kanal (surat, media sosial, pesan singkat, kotak saran) "
                "tanpa pencatatan terpusat, sehingga banyak yang tidak diteruskan ke perangkat daerah "
                "berwenang atau tidak dijawab.",
                "evidence": "Pada tahun {th1}, hanya {a}% pengaduan yang ditindaklanjuti dalam batas waktu; rata-rata "
                "waktu tindak lanjut {c} hari.",
            },
            {
                "title": "Informasi publik di laman resmi tidak mutakhir",
                "description": "Laman perangkat daerah jarang diperbarui.",
                "evidence": "{x} dari {y} laman perangkat daerah tidak diperbarui dalam enam bulan terakhir.",
                "nums": {"x": (10, 22), "y": (30, 40)},
            },
            {
                "title": "Indeks kepuasan masyarakat rendah pada layanan tertentu",
                "description": "Beberapa unit layanan memperoleh nilai di bawah rata-rata.",
                "evidence": "{x} unit layanan memperoleh indeks kepuasan di bawah 76.",
                "nums": {"x": (4, 11)},
                "weak": "layak",
            },
            {
                "title": "Hoaks tentang layanan pemerintah daerah di media sosial",
                "description": "Informasi keliru tentang layanan menyebar lebih cepat daripada klarifikasi.",
                "evidence": "{x} hoaks tentang layanan tercatat dalam satu tahun.",
                "nums": {"x": (12, 40)},
                "weak": "layak",
            },
            {
                "title": "Belum semua perangkat daerah memiliki admin pengaduan",
                "description": "Pengaduan yang diteruskan tidak memiliki penanggung jawab di perangkat daerah.",
                "evidence": "Baru {x} dari {y} perangkat daerah yang menunjuk admin pengaduan.",
                "nums": {"x": (9, 18), "y": (30, 40)},
            },
            {
                "title": "Daftar informasi publik belum ditetapkan",
                "description": "Perangkat daerah belum menetapkan informasi yang wajib diumumkan.",
                "evidence": "{x} perangkat daerah belum menetapkan daftar informasi publik.",
                "nums": {"x": (10, 25)},
                "weak": "kekhalayakan",
            },
        ],
        "causes": {
            "manusia": [
                "Admin pengaduan di perangkat daerah belum ditunjuk",
                "Petugas belum terlatih menulis jawaban pengaduan",
            ],
            "metode": [
                "Belum ada SOP penanganan pengaduan lintas perangkat daerah",
                "Pengaduan dari berbagai kanal tidak dicatat di satu tempat",
                "Tidak ada batas waktu tindak lanjut yang disepakati",
            ],
            "material": ["Format jawaban pengaduan belum baku"],
            "mesin": [
                "Belum ada aplikasi pencatatan dan pelacakan pengaduan",
                "Akun media sosial resmi dikelola terpisah-pisah",
            ],
            "anggaran": ["Anggaran pengelolaan pengaduan tidak tersedia"],
            "lingkungan": [
                "Perangkat daerah menganggap pengaduan sebagai kritik",
                "Masyarakat lebih memilih mengadu di media sosial",
            ],
        },
        "main": ["metode", "mesin", "manusia"],
        "problem": [
            "Hanya {a}% pengaduan masyarakat di {daerah} yang ditindaklanjuti tepat waktu dengan rata-rata {c} hari, "
            "karena pengaduan dari berbagai kanal tidak dicatat terpusat, belum ada SOP lintas perangkat daerah, dan "
            "admin pengaduan belum ditunjuk.",
            "Banyak pengaduan masyarakat di {daerah} tidak terjawab: tindak lanjut tepat waktu hanya {a}% dan "
            "rata-rata memerlukan {c} hari.",
        ],
        "ideal": [
            "Setiap pengaduan tercatat di satu tempat, diteruskan ke perangkat daerah berwenang dalam satu hari "
            "kerja, dan paling sedikit {b}% ditindaklanjuti dalam batas waktu.",
            "Masyarakat mengetahui status pengaduannya dan mendapat jawaban yang jelas dalam batas waktu.",
        ],
        "ideas": [
            {
                "short": "SATU PINTU ADUAN",
                "title": "Pencatatan Pengaduan Terpusat dari Semua Kanal",
                "kind": "aplikasi",
                "bench": "dpmptsp",
                "description": "Semua pengaduan dari surat, media sosial, pesan singkat, dan kotak saran dicatat dalam "
                "satu aplikasi dengan nomor registrasi.",
                "addresses": "Tidak ada pengaduan yang tercecer.",
            },
            {
                "short": "ADMIN SIGAP",
                "title": "Jejaring Admin Pengaduan di Setiap Perangkat Daerah",
                "kind": "sop",
                "bench": None,
                "description": "Setiap perangkat daerah menunjuk admin pengaduan dengan batas waktu tindak lanjut.",
                "addresses": "Pengaduan yang diteruskan memiliki penanggung jawab.",
            },
            {
                "short": "ADUAN TUNTAS",
                "title": "Dasbor Status Tindak Lanjut Pengaduan",
                "kind": "data",
                "bench": "bappeda",
                "description": "Dasbor yang menampilkan jumlah pengaduan dan ketepatan waktu tindak lanjut setiap "
                "perangkat daerah.",
                "addresses": "Pimpinan dapat menegur perangkat daerah yang lambat.",
            },
            {
                "short": "FORUM WARGA",
                "title": "Forum Konsultasi Publik Triwulanan",
                "kind": "layanan",
                "bench": None,
                "description": "Pertemuan rutin dengan masyarakat untuk menampung dan menjawab keluhan.",
                "addresses": "Keluhan tersampaikan langsung dan mendapat jawaban.",
            },
        ],
        "outcome": "Pengaduan yang ditindaklanjuti tepat waktu naik dari {a}% menjadi {a2}%, rata-rata waktu tindak "
        "lanjut menjadi {c2} hari, dan {d} pengaduan tercatat di satu tempat selama uji coba.",
        "benefits_org": "Pimpinan mengetahui keluhan masyarakat dan kinerja tindak lanjut setiap perangkat daerah.",
        "benefits_public": "Pengaduan mendapat jawaban yang jelas dan status tindak lanjut dapat dipantau.",
        "stakeholders": [
            ("Sekretaris Daerah {daerah}", "Pembina perangkat daerah", "high", "low"),
            ("Admin pengaduan perangkat daerah", "Pelaksana tindak lanjut", "low", "high"),
            ("Masyarakat pelapor", "Penerima manfaat utama", "low", "high"),
            ("Perwakilan Ombudsman dan media lokal", "Pengawas eksternal", "low", "low"),
        ],
        "risks": [
            (
                "Perangkat daerah lambat menindaklanjuti pengaduan yang diteruskan",
                "high",
                "high",
                "Menetapkan batas waktu melalui surat edaran dan melaporkan kinerja setiap bulan kepada pimpinan.",
            ),
            (
                "Pengaduan melalui media sosial tidak terpantau pada hari libur",
                "medium",
                "medium",
                "Menjadwalkan petugas piket pemantauan.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Pengaduan multikanal dengan batas waktu tindak lanjut dapat kami adopsi secara utuh.",
            "bappeda": "Dasbor kinerja perangkat daerah dapat kami adaptasi untuk ketepatan waktu tindak lanjut "
            "pengaduan.",
            "bkpsda": "Penilaian kinerja harian dapat kami adaptasi untuk admin pengaduan.",
        },
    },
    {
        "code": "disiplin",
        "fields": ["sosial", "hukum"],
        "posts": [
            {
                "jabatan": "Kepala Subbidang Kinerja dan Disiplin Aparatur",
                "unit": "Subbidang Kinerja dan Disiplin Aparatur",
                "agency": ["bkpsdm"],
                "levels": "kab kota",
                "mentor": "Kepala Bidang Pembinaan dan Kesejahteraan Aparatur",
            },
            {
                "jabatan": "Kepala Subbidang Disiplin Pegawai",
                "unit": "Subbidang Disiplin Pegawai",
                "agency": ["bkd"],
                "levels": "prov",
                "mentor": "Kepala Bidang Pembinaan dan Kesejahteraan Pegawai",
            },
            {
                "jabatan": "Kepala Subbagian Umum dan Kepegawaian",
                "unit": "Subbagian Umum dan Kepegawaian",
                "agency": SECRETARIAT_AGENCIES,
                "levels": "prov kab kota",
                "mentor": "Sekretaris {agency}",
            },
        ],
        "cakupan": "unit kerja",
        "publik": "seluruh pegawai",
        "mitra": "Badan Kepegawaian",
        "dampak": "kinerja pelayanan dan citra aparatur",
        "nums": {"a": (12, 25), "b": (3, 5), "c": (8, 30)},
        "derive": lambda ctx, rng: {
            "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
            "c2": round(ctx["c"] * rng.uniform(0.2, 0.4)),
            "d": ribu(rng.randint(80, 900)),
        },
        "issues": [
            {
                "title": "Rendahnya disiplin kehadiran pegawai",
                "description": "Keterlambatan dan ketidakhadiran tanpa keterangan masih tinggi, rekap kehadiran disusun "
                "manual setiap akhir bulan, dan pembinaan jarang dilakukan.",
                "evidence": "Rekap {th1}: rata-rata tingkat keterlambatan {a}% hari kerja dan {c} pegawai tidak hadir "
                "tanpa keterangan lebih dari lima hari.",
            },
            {
                "title": "Penilaian kinerja pegawai belum objektif",
                "description": "Nilai kinerja hampir seragam dan tidak mencerminkan capaian.",
                "evidence": "{x}% pegawai memperoleh predikat baik tanpa bukti capaian.",
                "nums": {"x": (70, 92)},
            },
            {
                "title": "Usulan kenaikan pangkat sering terlambat",
                "description": "Berkas usulan kenaikan pangkat tidak lengkap.",
                "evidence": "{x} usulan kenaikan pangkat dikembalikan pada periode terakhir.",
                "nums": {"x": (15, 60)},
            },
            {
                "title": "Data kepegawaian tidak mutakhir",
                "description": "Riwayat jabatan dan pendidikan pegawai belum diperbarui.",
                "evidence": "{x}% data riwayat pegawai belum diperbarui.",
                "nums": {"x": (20, 45)},
                "weak": "kekhalayakan",
            },
            {
                "title": "Kesenjangan kompetensi pegawai dengan jabatan",
                "description": "Banyak pegawai belum mengikuti pengembangan kompetensi 20 jam pelajaran.",
                "evidence": "{x}% pegawai belum memenuhi 20 jam pelajaran pengembangan kompetensi.",
                "nums": {"x": (40, 65)},
                "weak": "layak",
            },
        ],
        "causes": {
            "manusia": [
                "Atasan langsung belum melakukan pembinaan",
                "Pegawai tidak memahami sanksi disiplin",
            ],
            "metode": [
                "Rekap kehadiran disusun manual setiap akhir bulan",
                "Belum ada tahapan pembinaan disiplin berjenjang",
                "Kehadiran belum dikaitkan dengan tambahan penghasilan",
            ],
            "material": ["Catatan kehadiran harian tidak lengkap"],
            "mesin": [
                "Mesin presensi sidik jari sering rusak",
                "Data presensi tidak terhubung dengan data pegawai",
            ],
            "anggaran": ["Anggaran pemeliharaan mesin presensi tidak tersedia"],
            "lingkungan": [
                "Budaya permisif terhadap keterlambatan",
                "Lokasi kantor jauh dari permukiman pegawai",
            ],
        },
        "main": ["metode", "manusia", "mesin"],
        "problem": [
            "Tingkat keterlambatan pegawai di {instansi} rata-rata {a}% hari kerja dan {c} pegawai tidak hadir tanpa "
            "keterangan lebih dari lima hari, karena rekap kehadiran disusun manual, atasan langsung belum melakukan "
            "pembinaan, dan belum ada tahapan pembinaan berjenjang.",
            "Disiplin kehadiran pegawai di {instansi} rendah (keterlambatan {a}% hari kerja) dan pelanggaran tidak "
            "segera dibina karena data kehadiran baru tersedia di akhir bulan.",
        ],
        "ideal": [
            "Data kehadiran tersedia harian, atasan langsung membina pegawai yang terlambat pada pekan yang sama, "
            "dan tingkat keterlambatan paling tinggi {b}%.",
            "Pegawai hadir tepat waktu, pelanggaran dibina berjenjang, dan kehadiran menjadi dasar tambahan "
            "penghasilan.",
        ],
        "ideas": [
            {
                "short": "PRESENSI CERDAS",
                "title": "Rekap Presensi Elektronik Harian dan Peringatan Dini",
                "kind": "aplikasi",
                "bench": "bkpsda",
                "description": "Rekap presensi harian otomatis dengan peringatan kepada atasan langsung bila pegawai "
                "terlambat tiga kali dalam sebulan.",
                "addresses": "Atasan dapat segera membina pegawai.",
            },
            {
                "short": "BINA DISIPLIN",
                "title": "Pembinaan Disiplin Berjenjang oleh Atasan Langsung",
                "kind": "sop",
                "bench": "bkpsda",
                "description": "Tahapan teguran lisan, teguran tertulis, dan pemanggilan dengan format dan batas waktu "
                "yang jelas.",
                "addresses": "Pelanggaran ditangani sejak dini dan konsisten.",
            },
            {
                "short": "APEL KINERJA",
                "title": "Apel Pagi dan Catatan Kinerja Harian",
                "kind": "sop",
                "bench": None,
                "description": "Apel singkat setiap pagi diikuti catatan kinerja harian yang diperiksa atasan.",
                "addresses": "Membangun budaya tepat waktu dan akuntabel.",
            },
            {
                "short": "DASBOR KEHADIRAN",
                "title": "Dasbor Kehadiran per Unit Kerja untuk Pimpinan",
                "kind": "data",
                "bench": "bappeda",
                "description": "Dasbor yang menampilkan kehadiran setiap unit kerja kepada pimpinan setiap pekan.",
                "addresses": "Pimpinan dapat membandingkan dan menegur unit dengan disiplin rendah.",
            },
        ],
        "outcome": "Tingkat keterlambatan pada unit uji coba turun dari {a}% menjadi {a2}% dan pegawai yang tidak "
        "hadir tanpa keterangan turun dari {c} menjadi {c2} orang; {d} catatan kehadiran terekap harian.",
        "benefits_org": "Disiplin pegawai meningkat dan pembinaan dilakukan berdasarkan data.",
        "benefits_public": "Layanan dibuka tepat waktu dan masyarakat tidak menunggu petugas.",
        "stakeholders": [
            ("Inspektorat {daerah}", "Pemeriksa pelanggaran disiplin berat", "high", "low"),
            ("Atasan langsung di setiap unit kerja", "Pelaksana pembinaan", "low", "high"),
            ("Pegawai", "Sasaran pembinaan", "low", "high"),
            (
                "Korps Pegawai Republik Indonesia (KORPRI)",
                "Wadah pembinaan jiwa korps",
                "low",
                "low",
            ),
        ],
        "risks": [
            (
                "Atasan langsung enggan menegur bawahan",
                "high",
                "high",
                "Memberi contoh format teguran, melatih atasan, dan melaporkan pembinaan kepada pimpinan.",
            ),
            (
                "Mesin presensi rusak",
                "medium",
                "medium",
                "Menyiapkan presensi cadangan dan kontrak pemeliharaan.",
            ),
        ],
        "adopt": {
            "dpmptsp": "Standar pelayanan yang dipajang dan jam layanan yang ditepati dapat kami jadikan contoh bagi "
            "pegawai.",
            "bappeda": "Dasbor indikator kinerja dapat kami adaptasi menjadi dasbor kehadiran per unit kerja.",
            "bkpsda": "Presensi elektronik dan pemanfaatan data kehadiran untuk pembinaan dapat kami adopsi langsung.",
        },
    },
]
THEME = {t["code"]: t for t in THEMES}

ABBR = {
    "arsip": "DKP",
    "disdik": "Disdik",
    "setda": "Setda",
    "dinsos": "Dinsos",
    "dishub": "Dishub",
    "dinkes": "Dinkes",
    "pupr": "PUPR",
    "distan": "Distan",
}

# ---------------------------------------------------------------------------
# what the different kinds of change project do, milestone by milestone
# (title, activities, deliverable, evidence when done, what the report says was achieved)
# ---------------------------------------------------------------------------

TEAM_MILESTONE = (
    "Pembentukan tim efektif dan penyusunan rencana kerja",
    "Menyusun keputusan pembentukan tim efektif, rapat koordinasi awal, membagi tugas, dan menyepakati jadwal "
    "kerja bersama mentor.",
    "Keputusan pembentukan tim efektif dan rencana kerja",
    "Keputusan {pimpinan} Nomor {sk} tentang Tim Efektif Proyek Perubahan {nama}; notulen rapat koordinasi "
    "tanggal {tgl}.",
    "Tim efektif terbentuk dengan keputusan pimpinan dan bekerja sesuai rencana kerja yang disepakati.",
)

KINDS: dict[str, dict[str, Any]] = {
    "aplikasi": {
        "short": [
            (
                "Perancangan alur layanan dan kebutuhan {nama}",
                "Memetakan proses yang berjalan, menyusun kebutuhan fitur bersama {mitra}, dan menyusun rancangan SOP "
                "baru.",
                "Dokumen kebutuhan sistem dan draf SOP",
                "Dokumen kebutuhan sistem dan draf SOP yang dibahas bersama {mitra}; daftar hadir rapat tanggal {tgl}.",
                "Alur layanan baru dan kebutuhan sistem disepakati bersama {mitra}.",
            ),
            (
                "Pengembangan dan uji coba {nama}",
                "Membangun versi awal, memasukkan data awal, melatih operator, dan menguji coba selama dua pekan pada "
                "{lokasi_uji}.",
                "{nama} versi uji coba dan laporan uji coba",
                "Tangkapan layar {nama}, daftar operator yang telah dilatih, dan laporan uji coba tanggal {tgl}.",
                "{nama} versi uji coba berjalan pada {lokasi_uji} dan operator telah dilatih.",
            ),
            (
                "Sosialisasi dan peluncuran {nama}",
                "Menyosialisasikan {nama} kepada {publik} dan meluncurkannya bersama pimpinan.",
                "Berita acara peluncuran dan bahan sosialisasi",
                "Berita acara peluncuran tanggal {tgl}, foto kegiatan, dan materi sosialisasi.",
                "{nama} diluncurkan oleh pimpinan dan disosialisasikan kepada {publik}.",
            ),
        ],
        "medium": (
            "Perluasan {nama} ke seluruh {cakupan} dan integrasi dengan sistem terkait",
            "Menambah pengguna, menyempurnakan fitur berdasarkan evaluasi, dan menghubungkan dengan sistem "
            "perangkat daerah lain.",
            "{nama} digunakan di seluruh {cakupan}",
        ),
        "long": (
            "Pelembagaan {nama} melalui {perkada} dan replikasi ke perangkat daerah lain",
            "Menyusun naskah {perkada}, menganggarkan pemeliharaan, dan mendampingi replikasi.",
            "{perkada} tentang {nama} dan laporan replikasi",
        ),
        "scope": "Proyek perubahan mencakup perancangan, uji coba, dan peluncuran {nama} pada {lokasi_uji}; "
        "perluasan ke seluruh {cakupan} menjadi sasaran jangka menengah.",
    },
    "sop": {
        "short": [
            (
                "Penyusunan SOP dan instrumen {nama}",
                "Mengkaji prosedur yang berlaku, menyusun daftar periksa dan formulir baku, dan membahasnya dengan pihak "
                "terkait.",
                "Draf SOP dan instrumen kerja",
                "Draf SOP, daftar periksa, dan formulir baku; notulen pembahasan tanggal {tgl}.",
                "SOP dan instrumen {nama} tersusun dan disepakati pihak terkait.",
            ),
            (
                "Penetapan dan uji coba {nama}",
                "Mengusulkan penetapan SOP oleh pimpinan, menerapkannya pada {lokasi_uji} selama dua pekan, dan "
                "memantau hasilnya setiap hari.",
                "Keputusan penetapan SOP dan laporan uji coba",
                "Keputusan {pimpinan} Nomor {sk2} tentang SOP {nama}; rekap harian uji coba.",
                "SOP {nama} ditetapkan pimpinan dan diuji coba pada {lokasi_uji}.",
            ),
            (
                "Sosialisasi {nama} kepada seluruh pelaksana",
                "Menyosialisasikan SOP kepada {publik} melalui pertemuan, papan informasi, dan media sosial.",
                "Bahan sosialisasi dan daftar hadir",
                "Daftar hadir sosialisasi tanggal {tgl}, foto kegiatan, dan unggahan media sosial.",
                "Sosialisasi {nama} telah diberikan kepada {publik}.",
            ),
        ],
        "medium": (
            "Evaluasi, penyempurnaan, dan perluasan {nama} ke seluruh {cakupan}",
            "Mengevaluasi pelaksanaan tiga bulan pertama, menyempurnakan SOP, dan menerapkannya lebih luas.",
            "SOP hasil penyempurnaan dan laporan evaluasi",
        ),
        "long": (
            "Pelembagaan {nama} dalam standar pelayanan dan {perkada}",
            "Memasukkan {nama} ke dalam standar pelayanan dan mengusulkan {perkada}.",
            "Standar pelayanan dan {perkada} yang memuat {nama}",
        ),
        "scope": "Proyek perubahan mencakup penyusunan, penetapan, dan uji coba {nama} pada {lokasi_uji}; "
        "penerapan di seluruh {cakupan} dilakukan pada jangka menengah.",
    },
    "layanan": {
        "short": [
            (
                "Penyusunan jadwal dan petunjuk teknis {nama}",
                "Menyusun jadwal layanan, menyiapkan perlengkapan, dan berkoordinasi dengan {mitra}.",
                "Jadwal dan petunjuk teknis",
                "Petunjuk teknis dan jadwal layanan yang ditandatangani pimpinan; surat koordinasi tanggal {tgl}.",
                "Jadwal dan petunjuk teknis {nama} tersusun dan disepakati bersama {mitra}.",
            ),
            (
                "Pelaksanaan {nama} tahap awal di {lokasi_uji}",
                "Melaksanakan layanan sesuai jadwal, mencatat jumlah masyarakat terlayani, dan menampung masukan.",
                "Laporan pelaksanaan dan rekap jumlah masyarakat terlayani",
                "Rekap layanan, foto kegiatan, dan daftar penerima layanan sampai tanggal {tgl}.",
                "{nama} dilaksanakan di {lokasi_uji} sesuai jadwal.",
            ),
            (
                "Evaluasi tahap awal dan penyempurnaan {nama}",
                "Mengevaluasi pelaksanaan bersama tim dan {mitra}, lalu menyempurnakan jadwal dan mekanisme.",
                "Laporan evaluasi tahap awal",
                "Notulen rapat evaluasi tanggal {tgl} dan jadwal hasil penyempurnaan.",
                "Hasil evaluasi tahap awal dipakai untuk menyempurnakan jadwal dan mekanisme {nama}.",
            ),
        ],
        "medium": (
            "Perluasan {nama} ke seluruh {wilayah}",
            "Menambah lokasi layanan secara bertahap sesuai hasil evaluasi.",
            "{nama} berjalan di seluruh {wilayah}",
        ),
        "long": (
            "{nama} menjadi program rutin yang dianggarkan setiap tahun",
            "Memasukkan {nama} ke dalam rencana kerja dan anggaran, serta menetapkannya dalam {perkada}.",
            "{nama} tercantum dalam rencana kerja dan anggaran tahunan",
        ),
        "scope": "Proyek perubahan mencakup persiapan dan pelaksanaan {nama} di {lokasi_uji}; perluasan ke seluruh "
        "{wilayah} menjadi sasaran jangka menengah.",
    },
    "data": {
        "short": [
            (
                "Penyusunan format baku dan pengumpulan data awal {nama}",
                "Menyepakati format data, mengumpulkan data awal dari {cakupan}, dan menunjuk penanggung jawab data.",
                "Format baku dan basis data awal",
                "Format baku, surat permintaan data tanggal {tgl}, dan rekap data awal.",
                "Format baku tersusun dan data awal terkumpul dari {lokasi_uji}.",
            ),
            (
                "Pembangunan dasbor {nama} dan validasi data",
                "Membangun dasbor bersama {mitra}, memvalidasi data dengan penanggung jawab, dan memperbaiki kesalahan.",
                "Dasbor versi awal dan berita acara validasi data",
                "Tangkapan layar dasbor dan berita acara validasi data tanggal {tgl}.",
                "Dasbor {nama} versi awal tersedia dan datanya telah divalidasi.",
            ),
            (
                "Pemanfaatan {nama} dalam rapat pimpinan",
                "Menyajikan dasbor dalam rapat pimpinan dan menindaklanjuti temuan.",
                "Notulen rapat pimpinan dan daftar tindak lanjut",
                "Notulen rapat pimpinan tanggal {tgl} yang memuat tindak lanjut berdasarkan dasbor.",
                "Pimpinan memakai {nama} untuk menetapkan tindak lanjut.",
            ),
        ],
        "medium": (
            "Pemutakhiran berkala dan pemanfaatan {nama} untuk perencanaan",
            "Menetapkan jadwal pemutakhiran bulanan dan memakai data dalam penyusunan rencana kerja.",
            "Data {nama} mutakhir setiap bulan",
        ),
        "long": (
            "Integrasi {nama} dengan Satu Data daerah",
            "Menyesuaikan format dengan standar Satu Data dan menghubungkan dengan portal data daerah.",
            "{nama} terhubung dengan portal Satu Data daerah",
        ),
        "scope": "Proyek perubahan mencakup penyusunan format, pengumpulan dan validasi data, serta dasbor {nama} "
        "untuk {lokasi_uji}; integrasi dengan Satu Data daerah menjadi sasaran jangka panjang.",
    },
}

# Which fishbone categories each kind of change answers.
IDEA_FITS = {
    "aplikasi": ("mesin", "metode"),
    "sop": ("metode", "manusia", "material"),
    "layanan": ("lingkungan", "manusia", "metode"),
    "data": ("mesin", "material", "metode"),
}

GOALS = [
    "Jangka pendek: {nama} berjalan pada {lokasi_uji} selama Laboratorium Kepemimpinan. Jangka menengah: {nama} "
    "diterapkan di seluruh {cakupan}. Jangka panjang: {nama} menjadi bagian tetap dari sistem kerja {instansi}.",
    "Tujuan proyek perubahan adalah mewujudkan kondisi ideal yang dirumuskan dalam diagnosa melalui {nama}: "
    "dimulai dari uji coba pada {lokasi_uji}, diperluas ke seluruh {cakupan}, lalu dilembagakan melalui {perkada}.",
]

KSF = [
    "Komitmen dan dukungan pimpinan serta mentor",
    "Keterlibatan aktif seluruh anggota tim efektif",
    "Dukungan {mitra}",
    "Sosialisasi yang berkelanjutan kepada {publik}",
    "Ketersediaan anggaran pada tahun berikutnya",
    "Keteladanan project leader",
    "Komunikasi rutin dengan pemangku kepentingan",
]

TEAM_ROLES = [
    "Koordinator teknis pelaksanaan",
    "Pengelola data dan operator",
    "Sekretariat: administrasi, notulen, dan dokumentasi",
    "Penghubung dengan {mitra}",
    "Anggota: sosialisasi kepada {publik}",
    "Anggota: pemantauan dan evaluasi",
]

STRATEGY = {
    ("high", "high"): [
        "Dilibatkan sejak perencanaan, dilaporkan kemajuan secara rutin, dan dimintai arahan pada "
        "setiap tahapan (manage closely).",
        "Dikelola secara dekat: audiensi di awal, laporan mingguan, dan keterlibatan dalam "
        "pengambilan keputusan.",
    ],
    ("high", "low"): [
        "Dijaga kepuasannya melalui audiensi dan laporan singkat; dimintai dukungan kebijakan dan "
        "anggaran (keep satisfied).",
        "Diberi laporan ringkas yang menunjukkan manfaat bagi kinerja daerah agar dukungannya terjaga.",
    ],
    ("low", "high"): [
        "Diberi informasi secara rutin melalui sosialisasi, grup percakapan, dan papan informasi; "
        "dimintai masukan (keep informed).",
        "Dilibatkan dalam uji coba dan dimintai umpan balik agar merasa memiliki perubahan.",
    ],
    ("low", "low"): [
        "Dipantau dan diberi informasi seperlunya melalui media sosial dan rilis kegiatan (monitor).",
        "Dipantau tanggapannya; informasi disampaikan melalui kanal resmi bila diperlukan.",
    ],
}

GENERIC_RISKS = [
    (
        "Sebagian pegawai menolak perubahan karena merasa menambah beban kerja",
        "medium",
        "medium",
        "Melibatkan pegawai sejak awal, membagi tugas secara adil, dan menunjukkan hasil awal.",
    ),
    (
        "Jadwal kegiatan bertabrakan dengan kegiatan rutin pimpinan",
        "medium",
        "low",
        "Menyusun jadwal bersama mentor dan menyiapkan jadwal pengganti.",
    ),
    (
        "Anggaran tahun berjalan tidak tersedia",
        "high",
        "medium",
        "Memanfaatkan sarana yang ada dan mengusulkan anggaran pada perubahan anggaran atau tahun berikutnya.",
    ),
]

OBSTACLES = [
    "Sebagian pegawai awalnya menganggap {nama} menambah beban kerja. Hambatan ini diatasi dengan pendekatan "
    "personal, pembagian tugas yang jelas, dan contoh langsung dari project leader.",
    "Jadwal rapat tim efektif beberapa kali tertunda karena bertepatan dengan kegiatan pimpinan; koordinasi "
    "dilanjutkan melalui grup percakapan dan rapat singkat setiap Senin pagi.",
    "Dukungan teknis dari {mitra} terbatas karena kesibukan mereka; atas arahan mentor kami bersurat resmi dan "
    "menjadwalkan pendampingan.",
    "Gangguan jaringan internet saat uji coba diatasi dengan pencatatan luring dan sinkronisasi data setelah "
    "jaringan pulih.",
    "Anggaran khusus belum tersedia pada tahun berjalan; kegiatan dilaksanakan dengan sarana yang ada dan dukungan "
    "tim.",
]

LESSONS = [
    "Perubahan lebih mudah diterima bila staf dilibatkan sejak awal dan merasakan manfaatnya sendiri. Saya belajar "
    "untuk lebih banyak mendengar sebelum memutuskan.",
    "Komunikasi rutin dengan mentor dan pimpinan membuat hambatan cepat terselesaikan. Saya belajar menyampaikan "
    "kemajuan secara singkat dengan data.",
    "Kepemimpinan bukan hanya memberi perintah, tetapi memberi contoh dan membangun kepercayaan tim. Keberhasilan "
    "kecil di awal menumbuhkan semangat tim.",
    "Saya belajar mengelola penolakan dengan memahami alasan di baliknya dan mencari titik temu, bukan memaksakan "
    "kehendak.",
    "Kolaborasi dengan unit lain dan pihak di luar organisasi ternyata menjadi kunci; tidak semua hal dapat "
    "diselesaikan di dalam unit sendiri.",
]

SUSTAIN = [
    "Keberlanjutan {nama} dijaga dengan memasukkan kegiatannya ke dalam rencana kerja {agency_short} tahun "
    "{th_next}, menetapkan penanggung jawab tetap di {unit}, dan mengusulkan {perkada} pada jangka menengah.",
    "Tim efektif tetap bekerja setelah Laboratorium Kepemimpinan dengan rapat evaluasi bulanan. Mentor telah "
    "menyetujui usulan anggaran tahun {th_next} dan perluasan ke seluruh {cakupan}.",
    "Untuk jangka menengah {nama} diperluas ke seluruh {cakupan}; untuk jangka panjang diusulkan {perkada} dan "
    "replikasi ke perangkat daerah lain melalui forum inovasi daerah.",
]

IMPL_PROBLEMS = [
    "Kendala utama adalah waktu pegawai yang terbagi dengan tugas rutin; diatasi dengan jadwal kerja tim yang "
    "disepakati bersama mentor.",
    "Beberapa kegiatan mundur satu pekan karena menunggu tanda tangan pimpinan; jadwal berikutnya disesuaikan.",
    "Jaringan internet beberapa kali terganggu saat uji coba; data dicatat luring lalu diunggah kembali.",
    "Sebagian {publik} belum memahami cara baru; petugas pendamping disiapkan pada pekan pertama.",
]

# ---------------------------------------------------------------------------
# self-assessment phrases per BerAKHLAK value (unknown value codes fall back to neutral text)
# ---------------------------------------------------------------------------

STRENGTH = {
    "BP": "Saya terbiasa mendengarkan kebutuhan masyarakat dan mencari jalan keluar yang cepat.",
    "AKU": "Saya menjaga ketepatan laporan dan penggunaan anggaran; pekerjaan saya jarang perlu dikoreksi.",
    "KOM": "Saya senang mempelajari hal baru dan sering diminta membantu rekan memahami aturan yang berubah.",
    "HAR": "Saya mudah bekerja sama dengan orang dari latar belakang berbeda dan menjaga suasana kerja tetap "
    "kondusif.",
    "LOY": "Saya memegang teguh kepentingan organisasi dan menjaga kerahasiaan informasi jabatan.",
    "ADA": "Saya cepat menyesuaikan diri dengan perubahan aturan dan aplikasi baru.",
    "KOL": "Saya terbiasa melibatkan unit lain dan pihak luar untuk menyelesaikan pekerjaan bersama.",
}
DEVELOP = {
    "BP": "Saya perlu lebih sabar menghadapi keluhan dan lebih proaktif menanyakan kebutuhan masyarakat.",
    "AKU": "Saya masih sering menunda penyusunan laporan hingga mendekati batas waktu.",
    "KOM": "Saya belum rutin membagikan pengetahuan kepada staf dan jarang mengikuti pengembangan kompetensi "
    "mandiri.",
    "HAR": "Saya cenderung menghindari perbedaan pendapat sehingga masalah dalam tim kadang berlarut.",
    "LOY": "Saya perlu lebih aktif menjelaskan kebijakan pimpinan kepada staf dengan bahasa yang mudah dipahami.",
    "ADA": "Saya cenderung bertahan dengan cara kerja lama dan kurang berani mencoba pendekatan baru.",
    "KOL": "Saya lebih sering mengerjakan sendiri daripada membagi tugas dan melibatkan unit lain.",
}
FB_POS = {
    "BP": "cepat tanggap terhadap keluhan masyarakat",
    "AKU": "teliti dan dapat dipercaya dalam urusan keuangan",
    "KOM": "menguasai aturan teknis pekerjaan",
    "HAR": "mudah diajak bekerja sama",
    "LOY": "menjaga nama baik kantor",
    "ADA": "tidak canggung dengan aplikasi baru",
    "KOL": "pandai menjalin hubungan dengan unit lain",
}
FB_NEG = {
    "BP": "lebih ramah ketika loket sedang ramai",
    "AKU": "menyelesaikan laporan lebih awal",
    "KOM": "lebih sering membimbing staf baru",
    "HAR": "lebih terbuka ketika ada perbedaan pendapat",
    "LOY": "lebih sering menjelaskan arah kebijakan kepada staf",
    "ADA": "lebih berani mencoba cara kerja baru",
    "KOL": "lebih banyak mendelegasikan pekerjaan",
}
PLAN = {
    "BP": "mengikuti pelatihan pelayanan prima dan melakukan survei kecil kepuasan pengguna layanan setiap bulan",
    "AKU": "menyusun jadwal pelaporan pribadi dan menyelesaikan laporan paling lambat tiga hari sebelum batas waktu",
    "KOM": "mengikuti paling sedikit 20 jam pelajaran pengembangan kompetensi dan berbagi materi kepada staf "
    "setiap bulan",
    "HAR": "memfasilitasi rapat tim mingguan yang memberi ruang bagi setiap anggota menyampaikan pendapat",
    "LOY": "menyampaikan arahan pimpinan kepada staf dalam apel mingguan dan memastikan pemahaman mereka",
    "ADA": "mencoba satu perbaikan cara kerja setiap bulan dan mempelajari aplikasi yang dipakai unit lain",
    "KOL": "mendelegasikan tugas sesuai kemampuan staf dan menjalin pertemuan rutin dengan unit mitra",
}

# ---------------------------------------------------------------------------
# reviews: what reviewers say (section, text, how the first version fell short)
# ---------------------------------------------------------------------------

REVISIONS: dict[Stage, list[tuple[str, str]]] = {
    S.SELF_ASSESSMENT: [
        (
            "development_plan",
            "Rencana pengembangan diri belum terukur. Sebutkan kegiatan, waktu pelaksanaan, dan "
            "indikator keberhasilannya.",
        ),
        (
            "feedback",
            "Umpan balik dari rekan kerja belum dicantumkan. Mintalah masukan dari atasan, rekan sejawat, "
            "dan staf.",
        ),
        (
            "development_areas",
            "Area pengembangan belum dikaitkan dengan nilai BerAKHLAK terendah hasil penilaian "
            "diri Saudara.",
        ),
    ],
    S.DIAGNOSIS: [
        (
            "issues",
            "Data dukung setiap isu masih kosong. Lengkapi dengan angka dan sumbernya, misalnya laporan "
            "tahunan atau rekap layanan.",
        ),
        (
            "problem_statement",
            "Rumusan masalah belum menggambarkan kesenjangan antara kondisi saat ini dan kondisi "
            "yang diharapkan. Sertakan data dan penyebab utamanya.",
        ),
        (
            "causes",
            "Analisis tulang ikan baru menyentuh unsur manusia. Uraikan penyebab dari sisi metode, sarana, "
            "dan anggaran, lalu tandai akar masalah utamanya.",
        ),
        (
            "core_issue_reason",
            "Jelaskan mengapa isu ini dipilih sebagai isu utama dan kaitkan dengan hasil USG.",
        ),
        (
            "ideal_condition",
            "Kondisi ideal sebaiknya terukur, misalnya target waktu layanan atau persentase "
            "capaian.",
        ),
    ],
    S.INNOVATION: [
        (
            "ideas",
            "Gagasan belum dinilai dengan kriteria yang sama. Lengkapi skor dampak, kelayakan, biaya, "
            "kecepatan, dan dukungan untuk setiap gagasan.",
        ),
        (
            "benchmarks",
            "Catatan benchmarking belum menunjukkan apa yang akan diadopsi atau diadaptasi. Tuliskan "
            "secara spesifik.",
        ),
    ],
    S.DESIGN: [
        (
            "milestones",
            "Milestone belum mencantumkan tanggal target. Tetapkan tanggal yang realistis, terutama untuk "
            "jangka pendek selama Laboratorium Kepemimpinan.",
        ),
        (
            "stakeholders",
            "Pemetaan stakeholder belum lengkap; tambahkan pihak yang berpengaruh tinggi tetapi "
            "kepentingannya rendah beserta strateginya.",
        ),
        ("risks", "Mitigasi risiko belum diisi. Uraikan langkah konkret untuk setiap risiko."),
        (
            "background",
            "Latar belakang terlalu singkat; kaitkan dengan isu utama, data, dan akar masalah hasil "
            "diagnosa.",
        ),
        ("team", "Susunan tim efektif belum menjelaskan peran masing-masing anggota."),
    ],
    S.MENTOR_AGREEMENT: [
        (
            "area",
            "Area perubahan masih terlalu luas; batasi pada lingkup kewenangan {unit} agar dapat diselesaikan "
            "dalam masa Laboratorium Kepemimpinan.",
        ),
    ],
    S.IMPLEMENTATION: [
        (
            "progress",
            "Bukti capaian milestone belum dicantumkan; sertakan nomor dokumen, tanggal, atau foto "
            "kegiatan.",
        ),
    ],
    S.REPORT: [
        ("outcomes", "Tuliskan capaian dengan data sebelum dan sesudah proyek perubahan."),
        (
            "lessons",
            "Pelajaran yang dipetik masih normatif; ceritakan pengalaman kepemimpinan Saudara saat "
            "menghadapi penolakan.",
        ),
        (
            "sustainability",
            "Rencana keberlanjutan belum menyebut dukungan regulasi dan anggaran untuk jangka "
            "menengah.",
        ),
    ],
}

OVERALL_REVISION = [
    "Secara umum sudah baik, mohon diperbaiki sesuai catatan lalu diajukan kembali.",
    "Perbaiki bagian yang diberi catatan; konsultasikan melalui grup coaching bila perlu.",
    "Silakan direvisi. Perhatikan konsistensi dengan tahap sebelumnya.",
]

APPROVALS: dict[Stage, list[str]] = {
    S.SELF_ASSESSMENT: [
        "Refleksi jujur dan rencana pengembangan cukup jelas. Lanjutkan ke diagnosa.",
        "Disetujui.",
    ],
    S.DIAGNOSIS: [
        "Analisis isu dan akar masalah sudah runtut. Silakan lanjut ke gagasan inovasi.",
        "Disetujui. Rumusan masalah sudah tajam.",
    ],
    S.INNOVATION: [
        "Gagasan terpilih sudah menjawab akar masalah. Lanjutkan ke rancangan.",
        "Disetujui.",
    ],
    S.DESIGN: [
        "Rancangan sudah layak dan telah dipertahankan dalam seminar rancangan.",
        "Disetujui dengan catatan seminar: jaga jadwal milestone jangka pendek.",
    ],
    S.MENTOR_AGREEMENT: [
        "Saya setujui area perubahan ini dan siap mendukung pelaksanaannya.",
        "Disetujui.",
    ],
    S.IMPLEMENTATION: ["Capaian milestone jangka pendek terdokumentasi dengan baik.", "Disetujui."],
    S.REPORT: ["Laporan lengkap dan telah dipertahankan dalam seminar laporan.", "Disetujui."],
}

# Where a change project is first tried out, by theme and level.
UJI = {
    "perizinan": "layanan izin usaha mikro dan kecil",
    "arsip": "{unit} dan satu bidang teknis",
    "adminduk": "dua kecamatan",
    "antrean": "poliklinik penyakit dalam dan poliklinik anak",
    "dana_desa": "dua kecamatan",
    "data_sekolah": "sekolah di dua kecamatan",
    "pajak": "dua kecamatan",
    "aset": "tiga unit kerja",
    "pengaduan": "lima perangkat daerah",
    "disiplin": "dua unit kerja",
}
UJI_PROV = {
    "adminduk": "dua kabupaten/kota",
    "dana_desa": "dua kabupaten",
    "data_sekolah": "SMA di dua kabupaten/kota",
    "pajak": "dua kantor pelayanan di kabupaten/kota",
}


# ---------------------------------------------------------------------------
# participants and their documents
# ---------------------------------------------------------------------------


@dataclass
class Participant:
    ndh: int
    human: Human
    ref: str
    record: dict[str, Any]
    region: Region
    theme: dict[str, Any]
    post: dict[str, Any]
    ctx: Ctx
    mentor: Human
    mentor_jabatan: str
    mentor_ref: str
    year: int
    content: dict[Stage, dict[str, Any]] = field(default_factory=dict)
    core: dict[str, Any] = field(default_factory=dict)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    idea: dict[str, Any] = field(default_factory=dict)
    alt_core: bool = False


def make_context(
    rng: random.Random,
    theme: dict[str, Any],
    post: dict[str, Any],
    agency_key: str,
    region: Region,
    year: int,
) -> Ctx:
    agency, agency_short, head = AGENCIES[agency_key]
    ctx = Ctx(
        unit=post["unit"],
        instansi=f"{agency} {region.name}",
        agency=agency,
        agency_short=agency_short,
        abbr=ABBR.get(agency_key, agency_short.replace(" ", "")),
        daerah=region.name,
        pimpinan=f"{head or 'Kepala ' + agency} {region.name}",
        perkada=region.perkada,
        dprd=region.dprd,
        cakupan=theme["cakupan"],
        wilayah=region.wilayah,
        publik=theme["publik"],
        mitra=theme["mitra"] if theme["mitra"] != agency else "Dinas Komunikasi dan Informatika",
        dampak=theme["dampak"],
        th=year,
        th1=year - 1,
        th_next=year + 1,
        th_next2=year + 2,
        **post.get("vars", {}),
    )
    for key, span in theme["nums"].items():
        ctx[key] = rng.randint(*span)
    ctx.update(theme["derive"](ctx, rng))
    uji = UJI_PROV.get(theme["code"]) if region.level == "prov" else None
    ctx["lokasi_uji"] = fmt(uji or UJI[theme["code"]], ctx)
    codes = ["800", "060", "045", "900", "000.8"]
    ctx["sk"] = f"{rng.choice(codes)}/{rng.randint(12, 480)}/{ctx['abbr']}/{year}"
    ctx["sk2"] = f"{rng.choice(codes)}/{rng.randint(12, 480)}/{ctx['abbr']}/{year}"
    return ctx


def build_self_assessment(rng: random.Random, p: Participant) -> dict[str, Any]:
    instrument = load_instrument("berakhlak")
    low, high = instrument.scale.min, instrument.scale.max
    base = rng.uniform(3.4, 4.4)
    answers: dict[str, int] = {}
    for value in instrument.values:
        offset = rng.uniform(-0.9, 0.7)
        for item in value.items:
            answers[item.code] = max(
                low + 1, min(high, round(base + offset + rng.uniform(-0.6, 0.6)))
            )
    scores = score_values(instrument, answers)
    top, bottom = strengths_and_development(scores)

    def lab(v: Any) -> str:
        return v.text("id")

    def say(table: dict[str, str], v: Any, fallback: str) -> str:
        return table.get(v.code, fallback)

    t0, t1 = top[0], top[1]
    b0, b1 = bottom[0], bottom[1]
    strengths = (
        f"Nilai tertinggi hasil penilaian diri saya adalah {lab(t0)} ({koma(t0.score)}) dan {lab(t1)} "
        f"({koma(t1.score)}). {say(STRENGTH, t0, 'Nilai ini tercermin dalam pekerjaan sehari-hari.')} "
        f"{say(STRENGTH, t1, '')}".strip()
    )
    areas = (
        f"Nilai terendah saya ada pada {lab(b0)} ({koma(b0.score)}) dan {lab(b1)} ({koma(b1.score)}). "
        f"{say(DEVELOP, b0, 'Nilai ini perlu saya kembangkan.')} {say(DEVELOP, b1, '')}".strip()
    )
    feedback = rng.choice(
        [
            "Atasan langsung menilai saya {p}. Rekan sejawat menyarankan agar saya {n0}, sedangkan staf berharap saya "
            "{n1}.",
            "Dari diskusi dengan atasan, rekan, dan staf: saya dinilai {p}, tetapi perlu {n0}. Seorang staf juga "
            "menyampaikan agar saya {n1}.",
        ]
    ).format(
        p=FB_POS.get(t0.code, "bertanggung jawab"),
        n0=FB_NEG.get(b0.code, "lebih terbuka"),
        n1=FB_NEG.get(b1.code, "lebih sering berdiskusi"),
    )
    plan = (
        f"Rencana pengembangan potensi diri {p.year}-{p.year + 1}: (1) {PLAN.get(b0.code, 'mengikuti pelatihan')}; "
        f"(2) {PLAN.get(b1.code, 'meminta bimbingan atasan')}; (3) meminta umpan balik dari atasan dan staf setiap "
        f"tiga bulan dan mencatat perubahannya. Indikator keberhasilan: nilai {lab(b0)} dan {lab(b1)} pada "
        f"penilaian diri berikutnya naik paling sedikit satu tingkat."
    )
    return {
        "instrument_code": instrument.code,
        "instrument_version": instrument.version,
        "answers": answers,
        "strengths": strengths,
        "development_areas": areas,
        "feedback": feedback,
        "development_plan": plan,
    }


def build_diagnosis(rng: random.Random, p: Participant) -> dict[str, Any]:
    theme, ctx = p.theme, p.ctx
    pool = theme["issues"]
    n = rng.randint(4, min(6, len(pool)))
    picked = [0, *rng.sample(range(1, len(pool)), n - 1)]
    rng.shuffle(picked)
    weak = [i for i in picked if i and pool[i].get("weak")]
    fails = set(rng.sample(weak, min(len(weak), rng.choice([1, 1, 2]))))
    core_usg = (rng.randint(4, 5), rng.randint(4, 5), rng.randint(4, 5))
    if p.alt_core:  # another issue will score higher; the participant explains the choice
        core_usg = (4, 5, 4)
    alt_key = None
    issues = []
    for n_issue, idx in enumerate(picked, start=1):
        spec = pool[idx]
        local = Ctx(ctx)
        for key, span in spec.get("nums", {}).items():
            local[key] = rng.randint(*span)
        apkl = {"aktual": True, "problematik": True, "kekhalayakan": True, "layak": True}
        usg: dict[str, int] | None
        if idx in fails:
            apkl[spec["weak"]] = False
            usg = None
        elif idx == 0:
            usg = dict(zip(("urgency", "seriousness", "growth"), core_usg))
        elif p.alt_core and alt_key is None:
            usg = {"urgency": 5, "seriousness": 5, "growth": 5}
            alt_key = f"I{n_issue}"
            alt_title = fmt(spec["title"], local)
        else:
            while True:
                u, s_, g = rng.randint(2, 4), rng.randint(2, 4), rng.randint(2, 4)
                if u + s_ + g < sum(core_usg):
                    break
            usg = {"urgency": u, "seriousness": s_, "growth": g}
        item = {
            "key": f"I{n_issue}",
            "title": fmt(spec["title"], local),
            "description": fmt(spec["description"], local),
            "evidence": fmt(spec["evidence"], local),
            "apkl": apkl,
            "usg": usg,
        }
        issues.append(item)
        if idx == 0:
            core = item
    causes = []
    cats = list(theme["causes"])
    keep = set(theme["main"][:2]) | set(rng.sample(cats, rng.randint(3, len(cats))))
    for cat in cats:
        if cat not in keep:
            continue
        texts = theme["causes"][cat]
        for text in rng.sample(texts, rng.randint(1, len(texts))):
            causes.append(
                {"key": f"C{len(causes) + 1}", "category": cat, "text": text, "is_main": False}
            )
    mains = []
    for cat in theme["main"][: rng.choice([2, 3])]:
        for c in causes:
            if c["category"] == cat:
                c["is_main"] = True
                mains.append(c)
                break
    total = sum(core_usg)
    if alt_key:
        reason = (
            f'Walaupun isu "{alt_title}" memperoleh nilai USG lebih tinggi, isu tersebut sudah ditangani '
            f"melalui program {ctx['agency_short']} tahun ini. Saya memilih isu ini (nilai USG {total}) karena "
            f"sepenuhnya berada dalam kewenangan {ctx['unit']} dan berdampak langsung pada {ctx['dampak']}."
        )
    else:
        reason = rng.choice(
            [
                "Isu ini memperoleh nilai USG tertinggi ({t}: U={u}, S={s}, G={g}), lolos seluruh kriteria APKL, berada "
                "dalam kewenangan {unit}, dan berdampak langsung pada {dampak}.",
                "Nilai USG isu ini paling tinggi ({t}). Isu ini menyangkut banyak orang, datanya tersedia, dan dapat "
                "ditangani dalam kewenangan {unit} selama Laboratorium Kepemimpinan.",
            ]
        ).format(
            t=total,
            u=core_usg[0],
            s=core_usg[1],
            g=core_usg[2],
            unit=ctx["unit"],
            dampak=ctx["dampak"],
        )
    p.core = {"issue": core, "mains": mains, "causes": causes}
    return {
        "issues": issues,
        "core_issue": core["key"],
        "core_issue_reason": reason,
        "causes": causes,
        "problem_statement": fmt(rng.choice(theme["problem"]), ctx),
        "ideal_condition": fmt(rng.choice(theme["ideal"]), ctx),
    }


def build_innovation(
    rng: random.Random, p: Participant, hosts: dict[str, tuple[str, date]], visited: list[str]
) -> dict[str, Any]:
    theme, ctx = p.theme, p.ctx
    benchmarks = []
    for j, typ in enumerate(visited, start=1):
        host, day = hosts[typ]
        benchmarks.append(
            {
                "key": f"B{j}",
                "host": host,
                "visit_date": day.isoformat(),
                "observed": rng.choice(OBSERVED[typ]),
                "adopt": fmt(theme["adopt"][typ], ctx),
            }
        )
    by_type = {typ: f"B{j}" for j, typ in enumerate(visited, start=1)}
    specs = rng.sample(theme["ideas"], rng.choice([2, 3, 3, 4]))
    chosen = rng.choice(specs)

    def fitting(kind: str) -> list[str]:
        cats = IDEA_FITS[kind]
        return [c["key"] for c in p.core["causes"] if c["category"] in cats] or [
            p.core["causes"][0]["key"]
        ]

    chosen_scores = {
        c: rng.randint(4, 5) for c in ("impact", "feasibility", "cost", "speed", "support")
    }
    chosen_scores["cost"] = rng.randint(3, 5)
    ideas = []
    for j, spec in enumerate(specs, start=1):
        fits = fitting(spec["kind"])
        if spec is chosen:
            scores = chosen_scores
            mains = [c["key"] for c in p.core["mains"] if c["key"] in fits] or [
                p.core["mains"][0]["key"]
            ]
            extra = [k for k in fits if k not in mains]
            causes = sorted(mains + rng.sample(extra, min(1, len(extra))), key=lambda k: int(k[1:]))
        else:
            while True:
                scores = {
                    c: rng.randint(2, 4)
                    for c in ("impact", "feasibility", "cost", "speed", "support")
                }
                if sum(scores.values()) < sum(chosen_scores.values()):
                    break
            causes = sorted(
                rng.sample(fits, min(len(fits), rng.randint(1, 2))), key=lambda k: int(k[1:])
            )
        texts = [lower_first(c["text"]) for c in p.core["causes"] if c["key"] in causes]
        idea = {
            "key": f"G{j}",
            "title": f"{spec['short']}: {spec['title']}",
            "description": spec["description"],
            "addresses": f"{spec['addresses']} Akar masalah yang dijawab: {'; '.join(texts)}.",
        }
        if spec["bench"] in by_type:
            idea.update(source="benchmark", benchmark=by_type[spec["bench"]])
        else:
            idea.update(source=rng.choice(["own", "own", "colleague"]), benchmark=None)
        idea.update(causes=causes, scores=scores)
        ideas.append(idea)
        if spec is chosen:
            chosen_key = idea["key"]
    p.idea = chosen
    ctx["nama"] = chosen["short"]
    ctx["judul"] = f"{chosen['short']}: {chosen['title']}"
    return {"benchmarks": benchmarks, "ideas": ideas, "chosen_idea": chosen_key}


def _quadrant_people(rng: random.Random, p: Participant) -> list[dict[str, Any]]:
    ctx = p.ctx
    rows = [
        (ctx["pimpinan"], "Pimpinan; pemberi keputusan dan dukungan kebijakan", "high", "high"),
        (
            f"{p.mentor.name} ({p.mentor_jabatan})",
            "Mentor; atasan langsung yang mengarahkan proyek perubahan",
            "high",
            "high",
        ),
    ]
    rows += [(fmt(n, ctx), r, i, t) for n, r, i, t in p.theme["stakeholders"]]
    rows.append((f"Staf {ctx['unit']}", "Pelaksana kegiatan sehari-hari", "low", "high"))
    quads = {(i, t) for _, _, i, t in rows}
    if ("high", "low") not in quads:
        rows.append(
            rng.choice(
                [
                    (
                        f"Sekretaris Daerah {ctx['daerah']}",
                        "Pembina perangkat daerah dan penentu dukungan anggaran",
                        "high",
                        "low",
                    ),
                    (ctx["dprd"], "Mitra penganggaran dan pengawasan", "high", "low"),
                ]
            )
        )
    if ("low", "low") not in quads:
        rows.append(("Media lokal", "Penyebar informasi kepada masyarakat", "low", "low"))
    return [
        {
            "name": n,
            "role": r,
            "influence": i,
            "interest": t,
            "strategy": rng.choice(STRATEGY[(i, t)]),
        }
        for n, r, i, t in rows
    ]


def build_design(
    rng: random.Random,
    p: Participant,
    reg: Registry,
    lab: tuple[date, date],
    medium_due: date,
    long_due: date,
) -> dict[str, Any]:
    ctx, theme, idea = p.ctx, p.theme, p.idea
    kind = KINDS[idea["kind"]]
    n_short = rng.choice([2, 3, 3, 4])
    templates = [TEAM_MILESTONE, *kind["short"][: n_short - 1]]
    span = (lab[1] - lab[0]).days
    milestones = []
    for i, tpl in enumerate(templates):
        due = lab[0] + timedelta(days=round(span * (i + 1) / n_short) - rng.randint(0, 3))
        milestones.append(
            {
                "key": f"M{i + 1}",
                "horizon": "short",
                "title": fmt(tpl[0], ctx),
                "activities": fmt(tpl[1], ctx),
                "deliverable": fmt(tpl[2], ctx),
                "due": due,
                "_evidence": tpl[3],
                "_achieved": tpl[4],
            }
        )
    for horizon, tpl, due in (
        ("medium", kind["medium"], medium_due),
        ("long", kind["long"], long_due),
    ):
        milestones.append(
            {
                "key": f"M{len(milestones) + 1}",
                "horizon": horizon,
                "title": fmt(tpl[0], ctx),
                "activities": fmt(tpl[1], ctx),
                "deliverable": fmt(tpl[2], ctx),
                "due": due,
            }
        )
    p.milestones = milestones
    core = p.core["issue"]
    mains = "; ".join(lower_first(c["text"]) for c in p.core["mains"])
    diagnosis = p.content[S.DIAGNOSIS]
    background = (
        f"{core['description']} {core['evidence']} Analisis tulang ikan menunjukkan akar masalah utama: {mains}. "
        f"Keadaan ini berdampak pada {ctx['dampak']} sehingga perlu perubahan melalui {ctx['nama']}."
    )
    team = [
        {"name": p.mentor.name, "role": "Mentor; memberi arahan dan dukungan kebijakan"},
        {
            "name": p.human.name,
            "role": "Project leader; memimpin dan mengendalikan pelaksanaan proyek perubahan",
        },
    ]
    for role in rng.sample(TEAM_ROLES, rng.randint(3, 4)):
        member = reg.human(
            p.human.group if rng.random() < 0.7 else rng.choice(["java", "minang", "malay"]),
            None,
            (1980, 1998),
            p.year - 2,
            p.theme["fields"],
            s2_chance=0.1,
            haji_chance=0,
            ref_year=p.year,
        )
        reg.nips.discard(member.nip)  # team members are named in text only, not seeded as people
        team.append({"name": member.name, "role": fmt(role, ctx)})
    risks = [
        {"description": d, "likelihood": lk, "impact": im, "mitigation": m}
        for d, lk, im, m in theme["risks"] + rng.sample(GENERIC_RISKS, rng.randint(0, 2))
    ]
    ksf = [fmt(k, ctx) for k in rng.sample(KSF, rng.randint(3, 4))]
    outputs = "; ".join(
        f"({i}) {lower_first(m['deliverable'])}" for i, m in enumerate(milestones[:n_short], 1)
    )
    return {
        "title": f"{ctx['judul']} pada {ctx['unit']} {ctx['instansi']}",
        "description": f"{idea['description']} Proyek perubahan ini dilaksanakan oleh {ctx['unit']} {ctx['instansi']} "
        f"bersama tim efektif, dimulai pada masa Laboratorium Kepemimpinan.",
        "background": background,
        "goals": fmt(rng.choice(GOALS), ctx),
        "outputs": f"Keluaran jangka pendek: {outputs}.",
        "outcomes": f"Jangka pendek: perbaikan terukur pada {ctx['lokasi_uji']}. Jangka menengah dan panjang: "
        f"{lower_first(diagnosis['ideal_condition'])}",
        "benefits_org": theme["benefits_org"],
        "benefits_public": theme["benefits_public"],
        "scope": fmt(kind["scope"], ctx),
        "ideal_condition": diagnosis["ideal_condition"],
        "milestones": [
            {
                k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in m.items()
                if not k.startswith("_")
            }
            for m in milestones
        ],
        "stakeholders": _quadrant_people(rng, p),
        "team": team,
        "risks": risks,
        "key_success_factors": "; ".join(ksf) + ".",
        "development_plan": p.content[S.SELF_ASSESSMENT]["development_plan"],
    }


def build_mentor_agreement(rng: random.Random, p: Participant, on: date) -> dict[str, Any]:
    ctx = p.ctx
    return {
        "area": f"{ctx['judul']}. Lingkup: {fmt(KINDS[p.idea['kind']]['scope'], ctx)}",
        "notes": rng.choice(
            [
                "Disepakati dalam pertemuan dengan mentor pada {d}. Mentor menyetujui area perubahan, bersedia "
                "menandatangani keputusan tim efektif, dan meminta laporan kemajuan setiap pekan.",
                "Dibahas bersama mentor pada {d}. Mentor mendukung penuh dan meminta agar uji coba dimulai pada "
                "{lokasi_uji} sebelum diperluas.",
                "Kesepakatan dicapai pada {d} setelah pemaparan rancangan kepada mentor dan pimpinan. Mentor akan "
                "memfasilitasi koordinasi dengan {mitra}.",
            ]
        ).format(d=tgl(on), lokasi_uji=ctx["lokasi_uji"], mitra=ctx["mitra"]),
    }


def build_implementation(
    rng: random.Random, p: Participant, until: date, *, complete: bool
) -> dict[str, Any]:
    progress = []
    for m in p.milestones:
        if m["horizon"] != "short":
            continue
        due = m["due"]
        if complete or due <= until:
            status = "done" if complete or rng.random() < 0.85 else "delayed"
            if complete and rng.random() < 0.08:
                status = "delayed"
        elif due - until < timedelta(days=14):
            status = "in_progress"
        else:
            status = "not_started"
        on = None
        if status in ("done", "delayed"):
            on = min(due + timedelta(days=rng.randint(-3, 2 if status == "done" else 9)), until)
        elif status == "in_progress":
            on = until - timedelta(days=rng.randint(0, 4))
        local = Ctx(p.ctx)
        local["tgl"] = tgl(on) if on else ""
        evidence = fmt(m["_evidence"], local) if status == "done" else ""
        problems = ""
        if status == "delayed":
            problems = fmt(rng.choice(IMPL_PROBLEMS), p.ctx)
            evidence = fmt(m["_evidence"], local)
        elif status == "in_progress":
            evidence = "Sedang berjalan; bukti dilampirkan setelah kegiatan selesai."
        progress.append(
            {
                "milestone": m["key"],
                "status": status,
                "on": on.isoformat() if on else None,
                "evidence": evidence,
                "problems": problems,
            }
        )
    return {
        "progress": progress,
        "problems": fmt(rng.choice(IMPL_PROBLEMS if complete else IMPL_PROBLEMS[:2]), p.ctx),
    }


def build_report(rng: random.Random, p: Participant) -> dict[str, Any]:
    ctx = p.ctx
    done = {row["milestone"]: row["status"] for row in p.content[S.IMPLEMENTATION]["progress"]}
    achievements = []
    for m in p.milestones:
        if m["horizon"] == "short":
            text = fmt(m["_achieved"], ctx)
            if done.get(m["key"]) == "delayed":
                text += (
                    " Milestone ini selesai terlambat dari jadwal; penyebab dan penanganannya diuraikan pada "
                    "bagian kendala."
                )
        elif m["horizon"] == "medium":
            text = f"Dalam persiapan; dijadwalkan selesai {tgl(m['due'])} sesuai rancangan."
        else:
            continue
        achievements.append({"milestone": m["key"], "achieved": text})
    return {
        "achievements": achievements,
        "outcomes": fmt(p.theme["outcome"], ctx),
        "obstacles": " ".join(fmt(o, ctx) for o in rng.sample(OBSTACLES, 2)),
        "lessons": " ".join(rng.sample(LESSONS, 2)),
        "sustainability": fmt(rng.choice(SUSTAIN), ctx),
    }


def degrade(stage: Stage, section: str, content: dict[str, Any], p: Participant) -> dict[str, Any]:
    """The first version a reviewer sent back: the commented section in the shape it had then."""
    c = copy.deepcopy(content)
    ctx = p.ctx
    if stage is S.SELF_ASSESSMENT:
        c[section] = {
            "development_plan": "Mengikuti pelatihan dan meningkatkan kemampuan diri.",
            "feedback": "",
            "development_areas": "Masih perlu ditingkatkan.",
        }[section]
    elif stage is S.DIAGNOSIS:
        if section == "issues":
            for issue in c["issues"]:
                issue["evidence"] = ""
        elif section == "problem_statement":
            c[section] = f"Belum optimalnya kinerja {ctx['unit']}."
        elif section == "causes":  # only the "people" bone was filled in
            c["causes"] = [
                dict(x, is_main=False) for x in c["causes"] if x["category"] == "manusia"
            ] or [
                {
                    "key": "C1",
                    "category": "manusia",
                    "text": p.theme["causes"]["manusia"][0],
                    "is_main": False,
                }
            ]
        elif section == "core_issue_reason":
            c[section] = ""
        elif section == "ideal_condition":
            c[section] = "Pelayanan menjadi lebih baik dan masyarakat puas."
    elif stage is S.INNOVATION:
        if section == "ideas":
            for idea in c["ideas"]:
                if idea["key"] != c["chosen_idea"]:
                    idea["scores"] = {}
        else:
            for note in c["benchmarks"]:
                note["adopt"] = ""
    elif stage is S.DESIGN:
        if section == "milestones":
            for m in c["milestones"]:
                m["due"] = None
        elif section == "stakeholders":
            c["stakeholders"] = [
                s for s in c["stakeholders"] if (s["influence"], s["interest"]) != ("high", "low")
            ]
        elif section == "risks":
            for r in c["risks"]:
                r["mitigation"] = ""
        elif section == "background":
            c["background"] = p.core["issue"]["description"]
        elif section == "team":
            for t in c["team"]:
                t["role"] = ""
    elif stage is S.MENTOR_AGREEMENT:
        c["area"] = f"Peningkatan kualitas pelayanan di lingkungan {ctx['instansi']}."
    elif stage is S.IMPLEMENTATION:
        for row in c["progress"]:
            row["evidence"] = ""
    elif stage is S.REPORT:
        c[section] = {
            "outcomes": "Proyek perubahan berjalan dengan baik.",
            "lessons": "Banyak pelajaran yang dapat diambil.",
            "sustainability": "Proyek perubahan akan dilanjutkan.",
        }[section]
    return c


def partial(stage: Stage, content: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A draft that is still being written."""
    c = copy.deepcopy(content)
    if stage is S.SELF_ASSESSMENT:
        keep = list(c["answers"])[: rng.randint(8, 18)]
        c["answers"] = {k: c["answers"][k] for k in keep}
        c.update(strengths="", development_areas="", feedback="", development_plan="")
    elif stage is S.DIAGNOSIS:
        for issue in c["issues"]:
            issue["usg"] = None
        c.update(
            core_issue=None,
            core_issue_reason="",
            causes=c["causes"][:2],
            problem_statement="",
            ideal_condition="",
        )
    elif stage is S.INNOVATION:
        c["ideas"] = [dict(i, scores={}) for i in c["ideas"][:2]]
        c["chosen_idea"] = None
    elif stage is S.DESIGN:
        c["milestones"] = c["milestones"][:2]
        c.update(
            stakeholders=c["stakeholders"][:3],
            risks=[],
            team=c["team"][:2],
            key_success_factors="",
            outcomes="",
            benefits_org="",
            benefits_public="",
        )
    elif stage is S.MENTOR_AGREEMENT:
        c["notes"] = ""
    elif stage is S.IMPLEMENTATION:
        pass  # progress so far is the draft
    elif stage is S.REPORT:
        c.update(lessons="", sustainability="")
    return c


# ---------------------------------------------------------------------------
# stage histories: versions, reviews, drafts
# ---------------------------------------------------------------------------


def retitle(obj: Any, term: str) -> Any:
    """Use the cohort's own word for the change project (docs/rules.md section 1)."""
    if term == "proyek perubahan":
        return obj
    if isinstance(obj, str):
        return (
            obj.replace("proyek perubahan", term)
            .replace("Proyek perubahan", term[:1].upper() + term[1:])
            .replace("Proyek Perubahan", term.title())
        )
    if isinstance(obj, list):
        return [retitle(x, term) for x in obj]
    if isinstance(obj, dict):
        return {k: retitle(v, term) for k, v in obj.items()}
    return obj


def make_versions(
    rng: random.Random,
    p: Participant,
    stage: Stage,
    final: dict[str, Any],
    reviewer: str,
    times: list[tuple[datetime, datetime | None]],
    outcome: str | None,
    *,
    recorded_by: str | None = None,
    sections: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Versions of one stage. Every version but the last was sent back; ``outcome`` is the last one's fate:
    "approved", "revision_requested" or None (still waiting for the reviewer)."""
    versions = []
    pool = REVISIONS[stage]
    for i, (submitted, decided) in enumerate(times):
        last = i == len(times) - 1
        version: dict[str, Any] = {"submitted_at": iso(submitted)}
        content = final
        if not last or outcome == "revision_requested":
            if sections and last:
                picked = [(sec, text) for sec, text in pool if sec in sections]
            else:
                picked = rng.sample(pool, min(len(pool), rng.choice([1, 1, 2])))
            for sec, _ in picked:
                content = degrade(stage, sec, content, p)
            comments = [{"section": sec, "text": fmt(text, p.ctx)} for sec, text in picked]
            if rng.random() < 0.4 or (sections and last):
                comments.append({"section": "", "text": rng.choice(OVERALL_REVISION)})
            version["review"] = {
                "by": reviewer,
                "decision": "revision_requested",
                "at": iso(decided),
                "comments": comments,
            }
        elif outcome == "approved":
            review: dict[str, Any] = {"by": reviewer, "decision": "approved", "at": iso(decided)}
            if recorded_by:
                review["recorded_by"] = recorded_by
            if rng.random() < 0.45:
                review["comments"] = [{"section": "", "text": rng.choice(APPROVALS[stage])}]
            version["review"] = review
        version["content"] = content
        versions.append(version)
    return versions


def schedule(
    rng: random.Random,
    clock: datetime,
    opens: date,
    rounds: int,
    review_days: tuple[int, int] = (1, 2),
    fix_days: tuple[int, int] = (1, 2),
) -> list[tuple[datetime, datetime]]:
    """Submission and decision moments for ``rounds`` versions, starting no earlier than ``opens``
    and strictly after ``clock`` (the previous stage's approval)."""
    first = at(rng, opens + timedelta(days=rng.randint(0, 2)), 8, 21)
    if first <= clock + timedelta(hours=1):
        first = later(rng, clock, (0, 1))
    times = []
    submitted = first
    for _ in range(rounds):
        decided = later(rng, submitted, review_days)
        times.append((submitted, decided))
        submitted = later(rng, decided, fix_days)
    return times


REVIEWER_OF = {st: ("mentor" if st is S.MENTOR_AGREEMENT else "coach") for st in STAGES}


# ---------------------------------------------------------------------------
# staff
# ---------------------------------------------------------------------------

INSTITUTIONS = [
    {
        "code": "LAN-SUM",
        "name": "Pusat Pelatihan Aparatur Wilayah Sumatera, Lembaga Administrasi Negara",
        "city": "",
    },
    {
        "code": "BPSDM-SUMBAR",
        "name": "Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat",
        "city": "Padang",
    },
]
LAN = "Lembaga Administrasi Negara"
BPSDM = "Badan Pengembangan Sumber Daya Manusia Provinsi Sumatera Barat"
DISDIK_SUMBAR = "Dinas Pendidikan Provinsi Sumatera Barat"


@dataclass
class Staff:
    people: list[dict[str, Any]] = field(default_factory=list)
    coaches_2018: list[str] = field(default_factory=list)
    examiners_2018: list[str] = field(default_factory=list)
    coordinators_2018: list[str] = field(default_factory=list)
    coaches_2026: list[str] = field(default_factory=list)
    examiners_2026: list[str] = field(default_factory=list)
    coordinators_2026: list[str] = field(default_factory=list)
    peserta: Human | None = None
    mentor: Human | None = None


def _fixed(
    reg: Registry, plain: str, name: str, sex: int, born: date, tmt: tuple[int, int], group: str
) -> Human:
    reg.reserve(plain)
    return Human(
        name=name,
        plain=plain,
        sex=sex,
        nip=reg.nip(born, tmt, sex),
        born=born,
        tmt=tmt,
        group=group,
    )


def build_staff(rng: random.Random, reg: Registry) -> Staff:
    st = Staff()
    demo = [
        (
            "peserta",
            "participant",
            _fixed(
                reg,
                "Fitria Rahmadani",
                "Fitria Rahmadani, S.Sos., M.Si.",
                2,
                date(1988, 5, 14),
                (2011, 3),
                "minang",
            ),
            "Penata (III/c)",
            "Kepala Subbagian Umum",
            DISDIK_SUMBAR,
        ),
        (
            "coach",
            "coach",
            _fixed(
                reg,
                "Syafrizal",
                "Dr. Syafrizal, S.Pd., M.Si.",
                1,
                date(1971, 8, 2),
                (1997, 3),
                "minang",
            ),
            "Pembina Tk. I (IV/b)",
            "Widyaiswara Ahli Madya",
            BPSDM,
        ),
        (
            "mentor",
            "mentor",
            _fixed(
                reg,
                "Yulizar Effendi",
                "H. Yulizar Effendi, S.E., M.M.",
                1,
                date(1970, 1, 23),
                (1996, 12),
                "minang",
            ),
            "Pembina Tk. I (IV/b)",
            "Sekretaris Dinas Pendidikan",
            DISDIK_SUMBAR,
        ),
        (
            "penguji",
            "examiner",
            _fixed(
                reg, "Rosnani", "Dr. Hj. Rosnani, M.Si.", 2, date(1964, 11, 9), (1989, 3), "malay"
            ),
            "Pembina Utama Muda (IV/c)",
            "Widyaiswara Ahli Utama",
            LAN,
        ),
        (
            "penyelenggara",
            "coordinator",
            _fixed(
                reg,
                "Rina Puspitasari",
                "Rina Puspitasari, S.Sos., M.A.P.",
                2,
                date(1983, 4, 27),
                (2008, 1),
                "java",
            ),
            "Penata Tk. I (III/d)",
            "Analis Pengembangan Kompetensi ASN Ahli Muda",
            BPSDM,
        ),
        (
            "admin",
            "admin",
            _fixed(
                reg,
                "Deri Asta Putra",
                "Deri Asta Putra, S.Kom.",
                1,
                date(1993, 10, 5),
                (2019, 3),
                "minang",
            ),
            "Penata Muda Tk. I (III/b)",
            "Pranata Komputer Ahli Pertama",
            BPSDM,
        ),
    ]
    for login, role, h, pangkat, jabatan, instansi in demo:
        st.people.append(
            person_record(
                h, pangkat=pangkat, jabatan=jabatan, instansi=instansi, login=login, role=role
            )
        )
    st.peserta, st.mentor = demo[0][2], demo[2][2]

    def widyaiswara(
        group: str, instansi: str, senior: bool, born: tuple[int, int] = (1963, 1976)
    ) -> str:
        h = reg.human(
            group,
            None,
            born,
            2002,
            ["sosial", "ekonomi", "pendidikan", "hukum"],
            s2_chance=1,
            doctorate=0.35,
            haji_chance=0.3,
            ref_year=2018,
        )
        jabatan = "Widyaiswara Ahli Utama" if senior else "Widyaiswara Ahli Madya"
        pangkat = "Pembina Utama Muda (IV/c)" if senior else "Pembina Tk. I (IV/b)"
        st.people.append(person_record(h, pangkat=pangkat, jabatan=jabatan, instansi=instansi))
        return h.nip

    for group in ("aceh", "batak", "palembang", "java"):
        st.coaches_2018.append(widyaiswara(group, LAN, rng.random() < 0.4))
    st.examiners_2018 = [
        "penguji",
        widyaiswara("minang", LAN, True),
        widyaiswara("malay", LAN, False),
    ]
    lan_staff = reg.human("aceh", 1, (1978, 1985), 2008, ["sosial"], s2_chance=0.6, ref_year=2018)
    st.people.append(
        person_record(
            lan_staff,
            pangkat="Penata Tk. I (III/d)",
            jabatan="Kepala Seksi Penyelenggaraan Pelatihan",
            instansi=LAN,
        )
    )
    st.coordinators_2018 = ["penyelenggara", lan_staff.nip]

    st.coaches_2026 = ["coach"] + [
        widyaiswara(g, BPSDM, False, (1968, 1978)) for g in ("minang", "minang", "mandailing")
    ]
    st.examiners_2026 = ["penguji", widyaiswara("minang", BPSDM, True, (1965, 1972))]
    bpsdm_staff = reg.human(
        "minang", None, (1985, 1992), 2015, ["sosial"], s2_chance=0.3, ref_year=2026
    )
    st.people.append(
        person_record(
            bpsdm_staff,
            pangkat="Penata (III/c)",
            jabatan="Analis Pengembangan Kompetensi ASN Ahli Pertama",
            instansi=BPSDM,
        )
    )
    st.coordinators_2026 = ["penyelenggara", bpsdm_staff.nip]
    return st


# ---------------------------------------------------------------------------
# participants: who they are and where they work
# ---------------------------------------------------------------------------


def pick_group(rng: random.Random, region: Region) -> str:
    groups, weights = zip(*region.groups)
    return rng.choices(groups, weights=weights)[0]


def make_participant(
    rng: random.Random,
    reg: Registry,
    region: Region,
    theme: dict[str, Any],
    post: dict[str, Any],
    agency_key: str,
    year: int,
    *,
    born: tuple[int, int],
    human: Human | None = None,
    ref: str | None = None,
    mentor: Human | None = None,
    mentor_ref: str | None = None,
) -> Participant:
    group = human.group if human else pick_group(rng, region)
    medical = theme.get("medical", 0) > 0 and rng.random() < theme["medical"]
    if human is None:
        human = reg.human(
            group,
            None,
            born,
            year - 6,
            theme["fields"],
            s2_chance=0.55,
            medical=medical,
            ref_year=year,
        )
    ctx = make_context(rng, theme, post, agency_key, region, year)
    agency = AGENCIES[agency_key][0]
    mentor_jabatan = post["mentor"].format(agency=agency)
    if mentor is None:
        mentor = reg.human(
            pick_group(rng, region),
            None,
            (born[0] - 9, born[0] + 2),
            year - 16,
            theme["fields"],
            s2_chance=0.9,
            haji_chance=0.3,
            ref_year=year,
        )
    record = person_record(
        human,
        pangkat=pangkat_for(year - human.tmt[0]),
        jabatan=post["jabatan"],
        instansi=ctx["instansi"],
    )
    p = Participant(
        ndh=0,
        human=human,
        ref=ref or human.nip,
        record=record,
        region=region,
        theme=theme,
        post=post,
        ctx=ctx,
        mentor=mentor,
        mentor_jabatan=mentor_jabatan,
        mentor_ref=mentor_ref or mentor.nip,
        year=year,
    )
    ctx["mentor_name"] = mentor.name
    ctx["mentor_jabatan"] = mentor_jabatan
    return p


def mentor_record(p: Participant) -> dict[str, Any]:
    return person_record(
        p.mentor,
        pangkat=pangkat_for(p.year - p.mentor.tmt[0], senior=True),
        jabatan=p.mentor_jabatan,
        instansi=p.ctx["instansi"],
    )


def assign_posts(
    rng: random.Random, regions: list[Region], count: int
) -> list[tuple[Region, dict, dict, str]]:
    """(region, theme, post, agency) for ``count`` participants, themes spread evenly, no post held twice."""
    seen: set[tuple[str, str, str]] = set()
    order = [t for _ in range(count // len(THEMES) + 1) for t in rng.sample(THEMES, len(THEMES))]
    out = []
    for region in regions:
        for _ in range(200):
            theme = order[0]
            posts = [p for p in theme["posts"] if region.level in p["levels"].split()]
            if posts:
                post = rng.choice(posts)
                agency = rng.choice(post["agency"])
                key = (post["jabatan"], agency, region.name)
                if key not in seen:
                    seen.add(key)
                    out.append((region, order.pop(0), post, agency))
                    break
            order.append(order.pop(0))  # try the next theme for this region
        else:  # pragma: no cover
            raise RuntimeError(f"no post for {region.name}")
    return out


def number_by_name(parts: list[Participant]) -> None:
    """NDH in alphabetical order of the participants' names, as attendance lists usually are."""
    parts.sort(
        key=lambda p: (
            p.human.plain.removeprefix("Teuku ")
            .removeprefix("Cut ")
            .removeprefix("Tengku ")
            .removeprefix("Kgs. ")
            .removeprefix("Nyimas ")
        )
    )
    for i, p in enumerate(parts, start=1):
        p.ndh = i


def mark_value(rng: random.Random, center: float) -> Decimal:
    """A mark as markers write them: mostly whole or quarter points, sometimes any two decimals."""
    x = max(50.0, min(98.0, center + rng.gauss(0, 1.6)))
    style = rng.random()
    if style < 0.45:
        value = float(round(x))
    elif style < 0.8:
        value = round(x * 4) / 4
    else:
        value = round(x, 2)
    return Decimal(repr(value)).quantize(Decimal("0.01"))


def mark(
    component: str, marker: str, role: str, score: Decimal, recorded_by: str | None = None
) -> dict[str, Any]:
    m: dict[str, Any] = {
        "component": component,
        "marker": marker,
        "role": role,
        "score": str(score),
    }
    if recorded_by:
        m["recorded_by"] = recorded_by
    return m


def with_rubric(rng: random.Random, m: dict[str, Any]) -> dict[str, Any]:
    """Give a mark the criteria of its component's shipped rubric: criterion scores whose weighted
    mean is exactly the mark (equal-weight criteria moved up and down by the same amount)."""
    rubric = default_rubric(m["component"])
    total = Decimal(m["score"])
    scores = {c.code: total for c in rubric.criteria}
    by_weight: dict[Decimal, list[str]] = {}
    for c in rubric.criteria:
        by_weight.setdefault(c.weight, []).append(c.code)
    groups = [codes for codes in by_weight.values() if len(codes) >= 2]
    for _ in range(rng.randint(1, 2)):
        up, down = rng.sample(rng.choice(groups), 2)
        step = Decimal(rng.choice([50, 100, 150, 200, 250, 300])) / 100
        if scores[up] + step <= 100 and scores[down] - step >= 0:
            scores[up] += step
            scores[down] -= step
    if rubric.total(scores) != total:  # pragma: no cover - arithmetic above keeps the mean
        raise SystemExit(f"rubric total {rubric.total(scores)} is not the mark {total}")
    m["rubric"] = rubric.code
    m["rubric_version"] = rubric.version
    m["criteria"] = [
        {
            "criterion": c.code,
            "level": c.level_for(scores[c.code]).code,
            "score": str(scores[c.code]),
        }
        for c in rubric.criteria
    ]
    return m


def attendance_facts(enrolment: dict[str, Any], sessions: int) -> tuple[int, int]:
    return sessions, sessions - len(enrolment.get("absent", []))


def stage_state(record: dict[str, Any] | None) -> str:
    if record is None:
        return "not_started"
    versions = record.get("versions") or []
    if not versions:
        return "draft"
    review = versions[-1].get("review")
    return review["decision"] if review else "submitted"


# ---------------------------------------------------------------------------
# the finished 2018 cohort
# ---------------------------------------------------------------------------

SESSIONS_2018 = [
    (date(2018, 7, 9), "Pembukaan dan Orientasi Program"),
    (date(2018, 7, 10), "Wawasan Kebangsaan dan Nilai-Nilai Bela Negara"),
    (date(2018, 7, 11), "Integritas dan Etika Kepemimpinan"),
    (date(2018, 7, 12), "Mengenal Diri: Potensi Kepemimpinan"),
    (date(2018, 7, 13), "Kepemimpinan Pelayanan"),
    (date(2018, 7, 16), "Diagnosa Kebutuhan Perubahan Organisasi"),
    (date(2018, 7, 17), "Analisis Isu dengan APKL dan USG"),
    (date(2018, 7, 18), "Analisis Akar Masalah (Diagram Tulang Ikan)"),
    (date(2018, 7, 19), "Coaching Diagnosa Perubahan"),
    (date(2018, 7, 20), "Presentasi Hasil Diagnosa"),
    (date(2018, 7, 24), "Taking Ownership: Kesepakatan dengan Mentor"),
    (date(2018, 7, 27), "Penutupan Tahap Diagnosa"),
    (date(2018, 9, 10), "Inovasi dalam Pelayanan Publik"),
    (date(2018, 9, 11), "Berpikir Kreatif dan Gagasan Inovasi"),
    (date(2018, 9, 12), "Membangun Tim Efektif"),
    (date(2018, 9, 13), "Manajemen Stakeholder"),
    (date(2018, 9, 14), "Persiapan Benchmarking"),
    (date(2018, 9, 18), "Benchmarking: DPMPTSP Kota Bogor"),
    (date(2018, 9, 19), "Benchmarking: Bappeda dan BKPSDA Kota Bogor"),
    (date(2018, 9, 20), "Presentasi Hasil Benchmarking"),
    (date(2018, 9, 21), "Merancang Proyek Perubahan"),
    (date(2018, 9, 24), "Coaching Rancangan Proyek Perubahan"),
    (date(2018, 9, 25), "Manajemen Risiko Proyek"),
    (date(2018, 9, 27), "Seminar Rancangan Proyek Perubahan (hari I)"),
    (date(2018, 9, 28), "Seminar Rancangan Proyek Perubahan (hari II)"),
    (date(2018, 12, 3), "Evaluasi Laboratorium Kepemimpinan"),
    (date(2018, 12, 4), "Coaching Laporan Proyek Perubahan"),
    (date(2018, 12, 5), "Seminar Laporan Proyek Perubahan (hari I)"),
    (date(2018, 12, 6), "Seminar Laporan Proyek Perubahan (hari II)"),
    (date(2018, 12, 13), "Evaluasi Program dan Penutupan"),
]
OPEN_2018 = {
    S.SELF_ASSESSMENT: date(2018, 7, 12),
    S.DIAGNOSIS: date(2018, 7, 19),
    S.INNOVATION: date(2018, 9, 20),
    S.DESIGN: date(2018, 9, 24),
    S.MENTOR_AGREEMENT: date(2018, 10, 1),
    S.IMPLEMENTATION: date(2018, 11, 23),
    S.REPORT: date(2018, 11, 29),
}
DEADLINES_2018 = {
    S.SELF_ASSESSMENT: date(2018, 7, 16),
    S.DIAGNOSIS: date(2018, 7, 27),
    S.INNOVATION: date(2018, 9, 21),
    S.DESIGN: date(2018, 9, 28),
    S.MENTOR_AGREEMENT: date(2018, 10, 5),
    S.IMPLEMENTATION: date(2018, 11, 30),
    S.REPORT: date(2018, 12, 7),
}
REVISION_CHANCE = {
    S.SELF_ASSESSMENT: 0.1,
    S.DIAGNOSIS: 0.3,
    S.INNOVATION: 0.2,
    S.DESIGN: 0.35,
    S.MENTOR_AGREEMENT: 0.05,
    S.IMPLEMENTATION: 0.1,
    S.REPORT: 0.25,
}
PROVINCE_COUNTS_2018 = {
    "Aceh": 4,
    "Sumatera Utara": 5,
    "Sumatera Barat": 4,
    "Riau": 4,
    "Jambi": 3,
    "Bengkulu": 3,
    "Sumatera Selatan": 4,
    "Lampung": 4,
    "Kepulauan Bangka Belitung": 3,
    "Kepulauan Riau": 4,
}


def build_2018(rng: random.Random, reg: Registry, st: Staff) -> dict[str, Any]:
    regions = []
    for province, count in PROVINCE_COUNTS_2018.items():
        pool = [r for r in SUMATRA if r.province == province]
        regions += [rng.choice(pool) for _ in range(count)]
    parts = [
        make_participant(rng, reg, region, theme, post, agency, 2018, born=(1970, 1986))
        for region, theme, post, agency in assign_posts(rng, regions, 38)
    ]
    number_by_name(parts)
    order = list(range(1, 39))
    rng.shuffle(order)
    (
        withdrawn,
        low,
        absentee,
        boundary,
        behalf_mark,
        behalf_agreement,
        alt_core,
        tie_a,
        tie_b,
        tie_c,
        tie_d,
    ) = order[:11]
    by_ndh = {p.ndh: p for p in parts}
    by_ndh[alt_core].alt_core = True

    coach_of = {p.ndh: st.coaches_2018[min(3, (p.ndh - 1) // 10)] for p in parts}
    examiner_of = {p.ndh: st.examiners_2018[min(2, (p.ndh - 1) // 13)] for p in parts}
    enrolments = []
    for p in parts:
        visited = ["dpmptsp", rng.choice(["bappeda", "bkpsda"])]
        p.content[S.SELF_ASSESSMENT] = build_self_assessment(rng, p)
        p.content[S.DIAGNOSIS] = build_diagnosis(rng, p)
        p.content[S.INNOVATION] = build_innovation(rng, p, HOSTS_2018, visited)
        p.content[S.DESIGN] = build_design(
            rng,
            p,
            reg,
            (date(2018, 10, 8), date(2018, 11, 23)),
            date(2019, 6, 28),
            date(2020, 12, 18),
        )
        reviewers = {"coach": coach_of[p.ndh], "mentor": p.mentor_ref}
        stages: dict[str, Any] = {}
        clock = datetime(2018, 7, 9, 8, 0)
        for stage in STAGES:
            if p.ndh == withdrawn and stage is S.INNOVATION:
                draft = partial(S.INNOVATION, p.content[S.INNOVATION], rng)
                draft["benchmarks"] = []
                for idea in draft["ideas"]:
                    idea.update(source="own", benchmark=None)
                stages[stage.value] = {
                    "draft": draft,
                    "draft_saved_at": iso(at(rng, date(2018, 8, 24))),
                }
                break
            mentor_stage = stage is S.MENTOR_AGREEMENT
            rounds = 2 if rng.random() < REVISION_CHANCE[stage] else 1
            times = schedule(
                rng, clock, OPEN_2018[stage], rounds, (1, 4) if mentor_stage else (1, 2)
            )
            clock = times[-1][1]
            if stage is S.MENTOR_AGREEMENT:
                p.content[stage] = build_mentor_agreement(
                    rng, p, times[0][0].date() - timedelta(days=rng.randint(0, 2))
                )
            elif stage is S.IMPLEMENTATION:
                p.content[stage] = build_implementation(rng, p, times[0][0].date(), complete=True)
            elif stage is S.REPORT:
                p.content[stage] = build_report(rng, p)
            recorded = "penyelenggara" if (mentor_stage and p.ndh == behalf_agreement) else None
            stages[stage.value] = {
                "versions": make_versions(
                    rng,
                    p,
                    stage,
                    p.content[stage],
                    reviewers[REVIEWER_OF[stage]],
                    times,
                    "approved",
                    recorded_by=recorded,
                )
            }
        e: dict[str, Any] = {
            "ndh": p.ndh,
            "person": p.ref,
            "coach": coach_of[p.ndh],
            "mentor": p.mentor_ref,
            "examiners": [examiner_of[p.ndh]],
        }
        if p.ndh == withdrawn:
            e["status"] = "withdrawn"
            e["status_reason"] = (
                "Mengundurkan diri karena harus menjalani perawatan medis lanjutan (surat "
                "keterangan dokter dan surat permohonan tanggal 3 September 2018)."
            )
            absent = list(range(13, 31))
        elif p.ndh == absentee:
            absent = rng.sample(range(2, 30), 4)
        elif p.ndh == boundary:
            absent = rng.sample(range(2, 30), 3)
        else:
            absent = rng.sample(range(2, 30), rng.choices([0, 1, 2], weights=[7, 2, 1])[0])
        if absent:
            e["absent"] = sorted(absent)
        e["stages"] = stages
        enrolments.append(e)

    # marks: a target final score per participant, spread over the qualification bands
    marks: dict[int, dict[str, list[tuple[str, str, Decimal, str | None]]]] = {}
    for p in parts:
        if p.ndh == withdrawn:
            continue
        if p.ndh == low:
            target = 66.5
        else:
            band = rng.random()
            target = (
                rng.uniform(90.6, 93.5)
                if band < 0.13
                else rng.uniform(74.0, 79.5)
                if band > 0.85
                else rng.uniform(81.0, 89.5)
            )
        coach, exam, mentor = coach_of[p.ndh], examiner_of[p.ndh], p.mentor_ref
        coord = st.coordinators_2018[0 if p.ndh <= 19 else 1]
        behalf = "penyelenggara" if p.ndh == behalf_mark else None
        marks[p.ndh] = {
            "sikap": [
                (coach, "coach", mark_value(rng, target + 1.0), None),
                (coord, "coordinator", mark_value(rng, target + 1.5), None),
            ],
            "rancangan": [
                (exam, "examiner", mark_value(rng, target - 1.8), None),
                (coach, "coach", mark_value(rng, target - 0.8), None),
                (mentor, "mentor", mark_value(rng, target + 0.4), behalf),
            ],
            "laporan": [
                (exam, "examiner", mark_value(rng, target - 0.8), None),
                (coach, "coach", mark_value(rng, target + 0.2), None),
                (mentor, "mentor", mark_value(rng, target + 1.2), None),
            ],
        }

    def permuted(rows: list[tuple], scores: list[Decimal]) -> list[tuple]:
        shuffled = scores[:]
        while len(set(shuffled)) > 1 and shuffled == scores:
            rng.shuffle(shuffled)
        return [(m, r, sc, rb) for (m, r, _, rb), sc in zip(rows, shuffled)]

    # an exact tie (same final, same component means: a shared rank) ...
    for comp in ("sikap", "rancangan", "laporan"):
        marks[tie_b][comp] = permuted(marks[tie_b][comp], [row[2] for row in marks[tie_a][comp]])
    # ... and an equal final broken by the rancangan tiebreak (+1.50 sikap x 20 = -1.00 rancangan x 30)
    marks[tie_d]["sikap"] = [
        (m, r, s + Decimal("1.50"), rb)
        for (m, r, _, rb), s in zip(
            marks[tie_d]["sikap"], [row[2] for row in marks[tie_c]["sikap"]]
        )
    ]
    marks[tie_d]["rancangan"] = [
        (m, r, s - Decimal("1.00"), rb)
        for (m, r, _, rb), s in zip(
            marks[tie_d]["rancangan"], [row[2] for row in marks[tie_c]["rancangan"]]
        )
    ]
    marks[tie_d]["laporan"] = permuted(
        marks[tie_d]["laporan"], [row[2] for row in marks[tie_c]["laporan"]]
    )

    for e in enrolments:
        rows = marks.get(e["ndh"])
        if rows:
            e["marks"] = [
                mark(comp, m, r, sc, rb)
                for comp in ("sikap", "rancangan", "laporan")
                for m, r, sc, rb in rows[comp]
            ]
            # the demo examiner marks with the default rubrics
            e["marks"] = [
                with_rubric(rng, m) if m["marker"] == "penguji" else m for m in e["marks"]
            ]

    rules = default_ruleset()
    rules.certificate_pattern = "{n:03d}/STTPP/DIKLATPIM-IV/III/LAN-SUM/2018"
    cohort = {
        "code": "DIKLATPIM-IV-III-2018",
        "name": "Diklatpim IV Angkatan III Tahun 2018",
        "program_name": "Diklatpim IV",
        "project_term": "proyek perubahan",
        "angkatan": "III",
        "start": "2018-07-09",
        "end": "2018-12-14",
        "institution": "LAN-SUM",
        "rules": dump_ruleset(rules),
        "status": "closed",
        "results_released_at": "2018-12-13T15:00:00",
        "locked_at": "2018-12-14T10:00:00",
        "deadlines": {s.value: d.isoformat() for s, d in DEADLINES_2018.items()},
        "coordinators": st.coordinators_2018,
        "sessions": [{"on": d.isoformat(), "title": t} for d, t in SESSIONS_2018],
        "enrolments": enrolments,
    }
    check_2018(
        cohort,
        {
            "withdrawn": withdrawn,
            "low": low,
            "absentee": absentee,
            "boundary": boundary,
            "tie": (tie_a, tie_b),
            "tie_broken": (tie_c, tie_d),
        },
    )
    people = sorted(
        [p.record for p in parts] + [mentor_record(p) for p in parts], key=lambda r: r["nip"]
    )
    return {"format": FORMAT, "people": people, "cohorts": [cohort]}


def results_of(cohort: dict[str, Any]) -> dict[int, Any]:
    """The scoring rules applied to a seed cohort (what the app will show once it is loaded)."""
    from diklat.domain.rules import load_ruleset

    rules = load_ruleset(cohort["rules"]) if cohort.get("rules") else default_ruleset()
    facts = []
    for e in cohort["enrolments"]:
        by_comp: dict[str, list[Decimal]] = {}
        for m in e.get("marks", []):
            by_comp.setdefault(m["component"], []).append(Decimal(str(m["score"])))
        approved = frozenset(
            Stage(s) for s, rec in e.get("stages", {}).items() if stage_state(rec) == "approved"
        )
        scheduled, attended = attendance_facts(e, len(cohort["sessions"]))
        facts.append(
            ParticipantFacts(
                key=e["ndh"],
                ndh=e["ndh"],
                marks=by_comp,
                approved_stages=approved,
                sessions_scheduled=scheduled,
                sessions_attended=attended,
                status=e.get("status", "active"),
            )
        )
    return {r.key: r for r in compute_results(rules, facts)}


def check_2018(cohort: dict[str, Any], special: dict[str, Any]) -> None:
    """Stop if the graded cohort does not show what it is meant to show."""
    res = results_of(cohort)
    problems = []
    if res[special["withdrawn"]].passed:
        problems.append("the withdrawn participant passed")
    low = res[special["low"]]
    if low.passed or low.final is None or low.final >= Decimal("70.01"):
        problems.append(f"the low scorer has {low.final}")
    for key in ("absentee",):
        r = res[special[key]]
        if r.passed or [x.key for x in r.reasons] != ["result.reason.attendance"]:
            problems.append(f"{key} fails for {[x.key for x in r.reasons]}")
    if not res[special["boundary"]].passed:
        problems.append("90% attendance must still pass")
    a, b = special["tie"]
    if not (
        res[a].final == res[b].final and res[a].rank == res[b].rank and res[a].rank is not None
    ):
        problems.append("no shared rank")
    c, d = special["tie_broken"]
    if not (res[c].final == res[d].final and res[c].rank != res[d].rank):
        problems.append("no equal final broken by the tiebreak")
    others = set(res) - {special["withdrawn"], special["low"], special["absentee"]}
    failed = [k for k in others if not res[k].passed]
    if failed:
        problems.append(f"unexpected failures {failed}: {[res[k].reasons for k in failed]}")
    graduates = [r for r in res.values() if r.passed]
    good = [r for r in graduates if r.qualification in ("SM", "M")]
    if len(good) < 0.7 * len(graduates):
        problems.append(f"only {len(good)} of {len(graduates)} graduates are M/SM")
    if problems:
        raise SystemExit("sample data check failed (2018): " + "; ".join(problems))


# ---------------------------------------------------------------------------
# the 2026 cohort, still in progress on TODAY
# ---------------------------------------------------------------------------

SESSIONS_2026 = [  # the sessions held so far; later ones are not recorded yet
    (date(2026, 9, 14), "Pembukaan dan Orientasi Program"),
    (date(2026, 9, 15), "Wawasan Kebangsaan dan Nilai-Nilai Bela Negara"),
    (date(2026, 9, 16), "Integritas dan Etika Kepemimpinan"),
    (date(2026, 9, 17), "Mengenal Diri: Potensi Kepemimpinan Pengawas"),
    (date(2026, 9, 18), "Diagnosa Kebutuhan Perubahan Organisasi"),
    (date(2026, 9, 21), "Analisis Isu dengan APKL dan USG"),
    (date(2026, 9, 22), "Analisis Akar Masalah"),
    (date(2026, 9, 25), "Coaching Diagnosa dan Penutupan Tahap I"),
    (date(2026, 10, 12), "Inovasi dan Berpikir Kreatif"),
    (date(2026, 10, 13), "Manajemen Stakeholder dan Membangun Tim"),
    (date(2026, 10, 14), "Studi Lapangan: DPMPTSP Kota Padang Panjang"),
    (
        date(2026, 10, 15),
        "Studi Lapangan: Bappeda Kabupaten Tanah Datar dan BKPSDM Kota Payakumbuh",
    ),
    (date(2026, 10, 16), "Presentasi Hasil Studi Lapangan"),
    (date(2026, 10, 19), "Merancang Aksi Perubahan"),
    (date(2026, 10, 20), "Coaching Rancangan Aksi Perubahan"),
    (date(2026, 10, 23), "Manajemen Risiko dan Penutupan Tahap II"),
    (date(2026, 11, 5), "Seminar Rancangan Aksi Perubahan (hari I)"),
    (date(2026, 11, 6), "Seminar Rancangan Aksi Perubahan (hari II)"),
]
OPEN_2026 = {
    S.SELF_ASSESSMENT: date(2026, 9, 17),
    S.DIAGNOSIS: date(2026, 9, 24),
    S.INNOVATION: date(2026, 10, 16),
    S.DESIGN: date(2026, 10, 21),
    S.MENTOR_AGREEMENT: date(2026, 11, 7),
    S.IMPLEMENTATION: date(2026, 11, 16),
    S.REPORT: date(2026, 12, 10),
}
DEADLINES_2026 = {
    S.SELF_ASSESSMENT: date(2026, 9, 25),
    S.DIAGNOSIS: date(2026, 10, 9),
    S.INNOVATION: date(2026, 10, 23),
    S.DESIGN: date(2026, 11, 6),
    S.MENTOR_AGREEMENT: date(2026, 11, 13),
    S.IMPLEMENTATION: date(2026, 12, 9),
    S.REPORT: date(2026, 12, 16),
}
NONE = (-1, "")
PROFILES_2026 = (
    [NONE, (0, "draft"), (0, "submitted")]
    + [(1, "draft")] * 2
    + [(1, "submitted")] * 3
    + [(1, "revision_requested")] * 3
    + [(2, "draft")] * 3
    + [(2, "submitted")] * 3
    + [(2, "revision_requested")] * 2
    + [(3, "draft")] * 3
    + [(3, "submitted")] * 3
    + [(3, "revision_requested")] * 2
    + [(4, "draft")]
    + [(4, "submitted")] * 3
    + [(4, "revision_requested")]
    + [(5, "draft")] * 4
)
# The demo mentor's unit: the secretariat of the provincial education office.
MENTOR_UNIT = [
    ("arsip", "Kepala Subbagian Umum", "Subbagian Umum", (1, "revision_requested")),  # = peserta
    ("disiplin", "Kepala Subbagian Kepegawaian", "Subbagian Kepegawaian", (4, "submitted")),
    ("aset", "Kepala Subbagian Keuangan", "Subbagian Keuangan", (5, "draft")),
    (
        "data_sekolah",
        "Kepala Subbagian Perencanaan",
        "Subbagian Perencanaan",
        (3, "revision_requested"),
    ),
]


def _between(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A moment in office-ish hours between lo and hi (hi wins if the window is empty)."""
    if hi <= lo:
        return hi
    for _ in range(50):
        day = lo.date() + timedelta(days=rng.randint(0, (hi.date() - lo.date()).days))
        t = at(rng, day, 8, 22)
        if lo < t < hi:
            return t
    return lo + (hi - lo) / 2


def build_2026(rng: random.Random, reg: Registry, st: Staff) -> dict[str, Any]:
    year = 2026
    prov = SUMBAR[0]
    fixed: list[Participant] = []
    for i, (code, jabatan, unit, _) in enumerate(MENTOR_UNIT):
        post = {
            "jabatan": jabatan,
            "unit": unit,
            "agency": ["disdik"],
            "levels": "prov",
            "mentor": "Sekretaris {agency}",
        }
        human = st.peserta if i == 0 else None
        p = make_participant(
            rng,
            reg,
            prov,
            THEME[code],
            post,
            "disdik",
            year,
            born=(1980, 1992),
            human=human,
            ref="peserta" if i == 0 else None,
            mentor=st.mentor,
            mentor_ref="mentor",
        )
        p.mentor_jabatan = p.ctx["mentor_jabatan"] = "Sekretaris Dinas Pendidikan"
        fixed.append(p)
    regions = [rng.choice(SUMBAR) for _ in range(32)]
    others = [
        make_participant(rng, reg, region, theme, post, agency, year, born=(1978, 1993))
        for region, theme, post, agency in assign_posts(rng, regions, 32)
    ]
    profile: dict[int, tuple[int, str]] = {id(p): spec[3] for p, spec in zip(fixed, MENTOR_UNIT)}
    rest = list(PROFILES_2026)
    for spec in MENTOR_UNIT:
        rest.remove(spec[3])
    rng.shuffle(rest)
    for p, prof in zip(others, rest):
        profile[id(p)] = prof
    peserta, kepeg, keu = fixed[0], fixed[1], fixed[2]

    # coaches: the demo coach gets a mix with work waiting; the rest round-robin
    coach_of: dict[int, str] = {id(peserta): "coach", id(kepeg): "coach", id(keu): "coach"}
    wanted = [
        (0, "submitted"),
        (1, "submitted"),
        (2, "submitted"),
        (3, "submitted"),
        (2, "revision_requested"),
        (3, "draft"),
    ]
    for p in others:
        if profile[id(p)] in wanted:
            wanted.remove(profile[id(p)])
            coach_of[id(p)] = "coach"
    twice = next(
        p for p in others if coach_of.get(id(p)) == "coach" and profile[id(p)] == (1, "submitted")
    )
    pool = [p for p in [*fixed, *others] if id(p) not in coach_of]
    for i, p in enumerate(pool):
        coach_of[id(p)] = st.coaches_2026[1 + i % 3]

    parts = [*fixed, *others]
    number_by_name(parts)
    extension_ndh = next(p.ndh for p in parts if profile[id(p)] == (0, "draft"))
    laggard_ndh = next(p.ndh for p in parts if profile[id(p)] == NONE)
    enrolments = []
    for p in parts:
        cur, state = profile[id(p)]
        p.content[S.SELF_ASSESSMENT] = build_self_assessment(rng, p)
        p.content[S.DIAGNOSIS] = build_diagnosis(rng, p)
        p.content[S.INNOVATION] = build_innovation(
            rng, p, HOSTS_2026, ["dpmptsp", rng.choice(["bappeda", "bkpsda"])]
        )
        p.content[S.DESIGN] = build_design(
            rng,
            p,
            reg,
            (date(2026, 11, 16), date(2026, 12, 9)),
            date(2027, 6, 30),
            date(2028, 12, 15),
        )
        reviewers = {"coach": coach_of[id(p)], "mentor": p.mentor_ref}
        stages: dict[str, Any] = {}
        clock = datetime(2026, 9, 14, 8, 0)
        now = datetime.combine(TODAY, time(7, 0))
        for idx, stage in enumerate(STAGES):
            if idx > cur:
                break
            reviewer = reviewers[REVIEWER_OF[stage]]
            if idx < cur:
                rounds = 2 if rng.random() < REVISION_CHANCE[stage] else 1
                times = schedule(
                    rng,
                    clock,
                    OPEN_2026[stage],
                    rounds,
                    (1, 3) if stage is S.MENTOR_AGREEMENT else (1, 2),
                )
                clock = times[-1][1]
                if stage is S.MENTOR_AGREEMENT:
                    p.content[stage] = build_mentor_agreement(rng, p, times[0][0].date())
                stages[stage.value] = {
                    "versions": make_versions(
                        rng, p, stage, p.content[stage], reviewer, times, "approved"
                    )
                }
                continue
            # the stage the participant is working on now
            start = max(clock + timedelta(days=1), now - timedelta(days=14))
            if stage is S.MENTOR_AGREEMENT:
                p.content[stage] = build_mentor_agreement(
                    rng, p, (start + timedelta(days=1)).date()
                )
            if state == "draft":
                saved = _between(rng, start, now - timedelta(hours=10))
                if stage is S.IMPLEMENTATION:
                    draft = build_implementation(rng, p, saved.date(), complete=False)
                else:
                    draft = partial(stage, p.content[stage], rng)
                stages[stage.value] = {"draft": draft, "draft_saved_at": iso(saved)}
            elif state == "submitted":
                if p is twice:
                    first = _between(rng, start, now - timedelta(days=9))
                    decided = later(rng, first, (1, 2))
                    times = [
                        (first, decided),
                        (
                            _between(rng, decided + timedelta(days=1), now - timedelta(hours=20)),
                            None,
                        ),
                    ]
                else:
                    times = [
                        (
                            _between(
                                rng, max(start, now - timedelta(days=6)), now - timedelta(hours=20)
                            ),
                            None,
                        )
                    ]
                stages[stage.value] = {
                    "versions": make_versions(
                        rng, p, stage, p.content[stage], reviewer, times, None
                    )
                }
            else:  # revision requested
                if p is peserta:
                    times = [(datetime(2026, 11, 18, 10, 20), datetime(2026, 11, 20, 14, 5))]
                    sections = ["problem_statement", "causes"]
                else:
                    first = _between(rng, start, now - timedelta(days=5))
                    times = [
                        (first, _between(rng, first + timedelta(hours=20), now - timedelta(days=1)))
                    ]
                    sections = None
                record: dict[str, Any] = {
                    "versions": make_versions(
                        rng,
                        p,
                        stage,
                        p.content[stage],
                        reviewer,
                        times,
                        "revision_requested",
                        sections=sections,
                    )
                }
                if (
                    p is peserta
                ):  # half-way through the revision: the statement is fixed, the fishbone not yet
                    record["draft"] = degrade(stage, "causes", p.content[stage], p)
                    record["draft_saved_at"] = "2026-11-26T20:15:00"
                elif rng.random() < 0.5:
                    record["draft"] = p.content[stage]
                    record["draft_saved_at"] = iso(
                        _between(rng, times[0][1], now - timedelta(hours=10))
                    )
                stages[stage.value] = record
        e: dict[str, Any] = {
            "ndh": p.ndh,
            "person": p.ref,
            "coach": coach_of[id(p)],
            "mentor": p.mentor_ref,
            "examiners": [st.examiners_2026[p.ndh % 2]],
        }
        absent = rng.sample(
            range(1, len(SESSIONS_2026) + 1),
            5 if p.ndh == laggard_ndh else rng.choices([0, 1, 2], weights=[7, 2, 1])[0],
        )
        if absent:
            e["absent"] = sorted(absent)
        if p is peserta:
            e["extensions"] = [
                {
                    "stage": "diagnosis",
                    "due": "2026-12-04",
                    "reason": "Peserta menjalani rawat inap pada 12-23 Oktober 2026 (surat keterangan "
                    "dokter terlampir); perpanjangan disetujui penyelenggara.",
                }
            ]
        elif p.ndh == extension_ndh:
            e["extensions"] = [
                {
                    "stage": "self_assessment",
                    "due": "2026-12-02",
                    "reason": "Tugas dinas luar daerah selama Oktober-November 2026 (surat tugas "
                    "terlampir).",
                }
            ]
        if stages:
            e["stages"] = stages
        if cur >= 4:  # design seminar held: a few rancangan marks are in
            target = rng.uniform(78, 90)
            exam = mark("rancangan", e["examiners"][0], "examiner", mark_value(rng, target - 1.5))
            rows = [
                with_rubric(rng, exam) if exam["marker"] == "penguji" else exam,
                mark("rancangan", coach_of[id(p)], "coach", mark_value(rng, target)),
            ]
            if rng.random() < 0.5:
                rows.append(
                    mark("rancangan", p.mentor_ref, "mentor", mark_value(rng, target + 1.0))
                )
            e["marks"] = rows
        enrolments.append(retitle(e, "aksi perubahan"))

    cohort = {
        "code": "PKP-II-2026",
        "name": "Pelatihan Kepemimpinan Pengawas (PKP) Angkatan II Tahun 2026",
        "program_name": "Pelatihan Kepemimpinan Pengawas",
        "project_term": "aksi perubahan",
        "angkatan": "II",
        "start": "2026-09-14",
        "end": "2026-12-18",
        "institution": "BPSDM-SUMBAR",
        "status": "open",
        "deadlines": {s.value: d.isoformat() for s, d in DEADLINES_2026.items()},
        "coordinators": st.coordinators_2026,
        "sessions": [{"on": d.isoformat(), "title": t} for d, t in SESSIONS_2026],
        "enrolments": enrolments,
    }
    check_2026(cohort)
    people = [p.record for p in parts if p is not peserta]
    people += [mentor_record(p) for p in parts if p.mentor_ref != "mentor"]
    return {"format": FORMAT, "people": sorted(people, key=lambda r: r["nip"]), "cohorts": [cohort]}


def waiting(cohort: dict[str, Any], reviewer: str, role_stage: set[Stage], field_: str) -> int:
    """Submissions whose last version has no decision yet, for one reviewer."""
    count = 0
    for e in cohort["enrolments"]:
        if e.get(field_) != reviewer:
            continue
        for stage, rec in e.get("stages", {}).items():
            if Stage(stage) in role_stage and stage_state(rec) == "submitted":
                count += 1
    return count


def check_2026(cohort: dict[str, Any]) -> None:
    problems = []
    peserta = next(e for e in cohort["enrolments"] if e["person"] == "peserta")
    states = {s.value: stage_state(peserta.get("stages", {}).get(s.value)) for s in STAGES}
    if states["self_assessment"] != "approved" or states["diagnosis"] != "revision_requested":
        problems.append(f"peserta is {states}")
    coach_stages = {s for s in STAGES if REVIEWER_OF[s] == "coach"}
    if waiting(cohort, "coach", coach_stages, "coach") < 3:
        problems.append("the demo coach has fewer than 3 submissions waiting")
    if waiting(cohort, "mentor", {S.MENTOR_AGREEMENT}, "mentor") < 1:
        problems.append("the demo mentor has nothing waiting")
    for stage in STAGES:
        seen = {stage_state(e.get("stages", {}).get(stage.value)) for e in cohort["enrolments"]}
        if stage is S.DESIGN and len(seen) < 5:
            problems.append(f"design shows only {seen}")
    if problems:
        raise SystemExit("sample data check failed (2026): " + "; ".join(problems))


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def build() -> dict[str, dict[str, Any]]:
    rng = random.Random(SEED)
    reg = Registry(rng)
    staff = build_staff(rng, reg)
    graded = build_2018(rng, reg, staff)
    running = build_2026(rng, reg, staff)
    head = {"format": FORMAT, "institutions": INSTITUTIONS, "people": staff.people}
    return {FILE_PEOPLE: head, FILE_2018: graded, FILE_2026: running}


def check_references(files: dict[str, dict[str, Any]]) -> None:
    """Every person a cohort mentions exists in some file; NIPs and log-ins are unique."""
    refs: set[str] = set()
    for data in files.values():
        for person in data.get("people", []):
            for key in ("nip", "login"):
                value = person.get(key)
                if value:
                    if value in refs:
                        raise SystemExit(f"sample data check failed: {value} appears twice")
                    refs.add(value)
    codes = {i["code"] for data in files.values() for i in data.get("institutions", [])}
    for name, data in files.items():
        for cohort in data.get("cohorts", []):
            if cohort.get("institution") and cohort["institution"] not in codes:
                raise SystemExit(f"{name}: unknown institution {cohort['institution']}")
            mentioned = list(cohort["coordinators"])
            for e in cohort["enrolments"]:
                mentioned += [e["person"], e.get("coach"), e.get("mentor"), *e.get("examiners", [])]
                mentioned += [m["marker"] for m in e.get("marks", [])]
                mentioned += [m["recorded_by"] for m in e.get("marks", []) if m.get("recorded_by")]
                for rec in e.get("stages", {}).values():
                    for v in rec.get("versions", []):
                        if v.get("review"):
                            mentioned += [v["review"]["by"], v["review"].get("recorded_by")]
            missing = {r for r in mentioned if r and r not in refs}
            if missing:
                raise SystemExit(f"{name}: unknown people {sorted(missing)}")


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def generate(out: Path = DEFAULT_OUT) -> list[Path]:
    """Build, check and write every sample file into ``out``; returns the paths written."""
    from pydantic import ValidationError

    files = build()
    for name, data in files.items():
        try:
            SeedFile.model_validate(copy.deepcopy(data))
        except ValidationError as exc:
            raise SystemExit(f"{name} does not validate as a seed file:\n{exc}") from None
    check_references(files)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        text = render(data)
        if len(text.encode("utf-8")) > 5_000_000:
            raise SystemExit(f"{name} is larger than 5 MB")
        path = out / name
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="directory to write (default: sample_data/)"
    )
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
