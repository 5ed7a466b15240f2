#!/usr/bin/env python3
"""Generate the sample seed data in ``sample_data/`` (format: docs/seed-format.md).

Deterministic: one ``random.Random`` with a fixed seed, fixed dates, no network,
only the standard library and the project's own modules. Every file is checked
with ``SeedFile.model_validate`` (and the graded cohort's results with the
scoring rules) before anything is written; the script stops with an error if
its own output does not hold. Re-running it reproduces the files byte for byte.

    python3 tools/make_sample_data.py            # writes sample_data/
    python3 tools/make_sample_data.py --out DIR  # writes somewhere else

The names, places and texts drawn from are JSON files in ``tools/sample_source/``
(people, regions, themes, projects, self_assessment, reviews, one per cohort);
this script holds only the rules that combine them.

The people, their numbers and their work are invented. Institutions, regions
and the 2018 benchmarking hosts are real names used for plausibility only.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from collections.abc import Callable
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

# The names, places and texts the generator draws from, one JSON file per subject.
SOURCE = Path(__file__).resolve().parent / "sample_source"


def _load(name: str) -> Any:
    return json.loads((SOURCE / f"{name}.json").read_text(encoding="utf-8"))


def _by_stage(
    table: dict[str, Any], convert: Callable[[Any], Any] = lambda v: v
) -> dict[Stage, Any]:
    return {Stage(key): convert(value) for key, value in table.items()}


def _sessions(rows: list[list[str]]) -> list[tuple[date, str]]:
    return [(date.fromisoformat(on), title) for on, title in rows]


def _hosts(table: dict[str, list[str]]) -> dict[str, tuple[str, date]]:
    return {kind: (name, date.fromisoformat(on)) for kind, (name, on) in table.items()}


_PEOPLE = _load("people")
_PROJECTS = _load("projects")
_SELF_ASSESSMENT = _load("self_assessment")
_REVIEWS = _load("reviews")
_COHORT_2018 = _load("cohort-2018")
_COHORT_2026 = _load("cohort-2026")

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
GROUPS: dict[str, dict[str, Any]] = _PEOPLE["groups"]

S1: dict[str, list[str]] = _PEOPLE["degrees_s1"]  # bachelor's titles by field
S2: dict[str, list[str]] = _PEOPLE["degrees_s2"]  # master's titles by field


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


_REGIONS = _load("regions")


def _regions(rows: list[dict[str, Any]]) -> list[Region]:
    """Regions as listed; ``groups`` names a shared mix of ethnic groups or gives its own."""
    mixes = _REGIONS["group_mixes"]
    out = []
    for row in rows:
        groups = mixes[row["groups"]] if isinstance(row["groups"], str) else row["groups"]
        out.append(
            Region(row["province"], row["level"], row["name"], tuple(tuple(g) for g in groups))
        )
    return out


SUMATRA = _regions(_REGIONS["sumatra"])

SUMBAR = _regions(_REGIONS["sumbar"])

# key: (name, short, head title or None for "Kepala <name>")
AGENCIES: dict[str, tuple[str, str, str | None]] = {
    key: tuple(value) for key, value in _REGIONS["agencies"].items()
}
SECRETARIAT_AGENCIES: list[str] = _REGIONS["secretariat_agencies"]

# Benchmarking hosts: type -> (name, visit date) per cohort. The 2018 visit is the one docs/rules.md
# describes; the 2026 study visit is invented.
HOSTS_2018 = _hosts(_COHORT_2018["benchmark_hosts"])
HOSTS_2026 = _hosts(_COHORT_2026["benchmark_hosts"])
# The 2018 field visit: one day, three hosts in Kota Bogor, the participants in three
# groups by NDH (1, 4, 7 ... to the first host).
VISIT_2018 = _COHORT_2018["field_visit"]
VISIT_GROUPS_2018 = [h["key"] for h in VISIT_2018["hosts"]]


def field_visit_2018(ndhs: list[int]) -> dict[str, Any]:
    groups = len(VISIT_GROUPS_2018)
    return {
        "on": VISIT_2018["on"],
        "title": VISIT_2018["title"],
        "programme": VISIT_2018["programme"],
        "hosts": [
            {
                "key": h["key"],
                "institution": HOSTS_2018[h["key"]][0],
                "address": h["address"],
                "contact": h["contact"],
                "practice": h["practice"],
                "participants": sorted(n for n in ndhs if (n - 1) % groups == i),
                "report": VISIT_2018["reports"][h["key"]],
            }
            for i, h in enumerate(VISIT_2018["hosts"])
        ],
    }


OBSERVED: dict[str, list[str]] = _PROJECTS["benchmark_observed"]

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


THEMES: list[dict[str, Any]] = _load("themes")
for _post in (post for theme in THEMES for post in theme["posts"]):
    if _post["agency"] == "secretariat":  # any agency that has a secretariat of its own
        _post["agency"] = SECRETARIAT_AGENCIES

# Each theme's result figures (a2, c2, d) drawn from its core issue's numbers (a, b, c); code, not
# data, because each theme draws them its own way, in this order.
DERIVE: dict[str, Callable[[Ctx, random.Random], dict[str, Any]]] = {
    "perizinan": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
        "c2": round(ctx["c"] * rng.uniform(0.3, 0.55)),
        "d": ribu(rng.randint(120, 480)),
    },
    "arsip": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.6, 0.9)),
        "c2": round(ctx["c"] * rng.uniform(0.1, 0.3)),
        "d": ribu(rng.randint(600, 2600)),
    },
    "adminduk": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.3, 0.55)),
        "c2": round(ctx["c"] * rng.uniform(0.3, 0.6)),
        "d": ribu(rng.randint(300, 1400)),
    },
    "antrean": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.8)),
        "c2": round(ctx["c"] * rng.uniform(0.35, 0.6)),
        "d": ribu(rng.randint(900, 4200)),
    },
    "dana_desa": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
        "c2": round(ctx["c"] * rng.uniform(0.3, 0.5)),
        "d": ribu(rng.randint(60, 280)),
    },
    "data_sekolah": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
        "c2": round(ctx["c"] * rng.uniform(0.1, 0.3)),
        "d": ribu(round(ctx["c"] * rng.uniform(0.6, 0.9))),
    },
    "pajak": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.3, 0.6)),
        "c2": ctx["c"],
        "d": ribu(rng.randint(350, 2400)),
    },
    "aset": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.5, 0.8)),
        "c2": max(0, ctx["c"] - rng.randint(2, 3)),
        "d": ribu(rng.randint(400, 3500)),
    },
    "pengaduan": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
        "c2": max(3, round(ctx["c"] * rng.uniform(0.25, 0.45))),
        "d": ribu(rng.randint(90, 520)),
    },
    "disiplin": lambda ctx, rng: {
        "a2": _d_toward(ctx, rng, "a", "b", (0.45, 0.75)),
        "c2": round(ctx["c"] * rng.uniform(0.2, 0.4)),
        "d": ribu(rng.randint(80, 900)),
    },
}

THEME = {t["code"]: t for t in THEMES}

ABBR: dict[str, str] = _REGIONS["abbr"]

# ---------------------------------------------------------------------------
# what the different kinds of change project do, milestone by milestone
# (title, activities, deliverable, evidence when done, what the report says was achieved)
# ---------------------------------------------------------------------------

TEAM_MILESTONE = _PROJECTS["team_milestone"]

KINDS = _PROJECTS["kinds"]

# Which fishbone categories each kind of change answers.
IDEA_FITS = _PROJECTS["idea_fits"]

GOALS = _PROJECTS["goals"]

KSF = _PROJECTS["ksf"]

TEAM_ROLES = _PROJECTS["team_roles"]

STRATEGY: dict[str, dict[str, list[str]]] = _PROJECTS["strategy"]  # [influence][interest]

GENERIC_RISKS = _PROJECTS["generic_risks"]

OBSTACLES = _PROJECTS["obstacles"]

LESSONS = _PROJECTS["lessons"]

SUSTAIN = _PROJECTS["sustain"]

IMPL_PROBLEMS = _PROJECTS["impl_problems"]

# ---------------------------------------------------------------------------
# self-assessment phrases per BerAKHLAK value (unknown value codes fall back to neutral text)
# ---------------------------------------------------------------------------

STRENGTH: dict[str, str] = _SELF_ASSESSMENT["strength"]
DEVELOP: dict[str, str] = _SELF_ASSESSMENT["develop"]
FB_POS: dict[str, str] = _SELF_ASSESSMENT["feedback_positive"]
FB_NEG: dict[str, str] = _SELF_ASSESSMENT["feedback_negative"]
PLAN: dict[str, str] = _SELF_ASSESSMENT["plan"]

# ---------------------------------------------------------------------------
# reviews: what reviewers say (section, text, how the first version fell short)
# ---------------------------------------------------------------------------

REVISIONS: dict[Stage, list[list[str]]] = _by_stage(_REVIEWS["revisions"])

OVERALL_REVISION: list[str] = _REVIEWS["overall_revision"]

APPROVALS: dict[Stage, list[str]] = _by_stage(_REVIEWS["approvals"])

# Where a change project is first tried out, by theme and level.
UJI = _PROJECTS["uji"]
UJI_PROV = _PROJECTS["uji_prov"]


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
    ctx.update(DERIVE[theme["code"]](ctx, rng))
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
                "visit_host": typ,
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
            "strategy": rng.choice(STRATEGY[i][t]),
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

INSTITUTIONS: list[dict[str, str]] = _PEOPLE["institutions"]
LAN = _PEOPLE["agency_names"]["lan"]
BPSDM = _PEOPLE["agency_names"]["bpsdm"]
DISDIK_SUMBAR = _PEOPLE["agency_names"]["disdik_sumbar"]


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
            a["login"],
            a["role"],
            _fixed(
                reg,
                a["plain"],
                a["name"],
                a["sex"],
                date.fromisoformat(a["born"]),
                (a["tmt"][0], a["tmt"][1]),
                a["group"],
            ),
            a["pangkat"],
            a["jabatan"],
            _PEOPLE["agency_names"][a["instansi"]],
        )
        for a in _PEOPLE["demo_accounts"]
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

SESSIONS_2018 = _sessions(_COHORT_2018["sessions"])
OPEN_2018 = _by_stage(_COHORT_2018["open"], date.fromisoformat)
DEADLINES_2018 = _by_stage(_COHORT_2018["deadlines"], date.fromisoformat)
REVISION_CHANCE: dict[Stage, float] = _by_stage(_REVIEWS["revision_chance"])
PROVINCE_COUNTS_2018: dict[str, int] = _COHORT_2018["province_counts"]


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
        # Each participant visits their group's host and notes a second host from that
        # group's presentation the next day.
        own = VISIT_GROUPS_2018[(p.ndh - 1) % len(VISIT_GROUPS_2018)]
        visited = [own, rng.choice([h for h in VISIT_GROUPS_2018 if h != own])]
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
        "visits": [field_visit_2018([p.ndh for p in parts])],
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

SESSIONS_2026 = _sessions(_COHORT_2026["sessions"])  # held so far; later ones not recorded
OPEN_2026 = _by_stage(_COHORT_2026["open"], date.fromisoformat)
DEADLINES_2026 = _by_stage(_COHORT_2026["deadlines"], date.fromisoformat)
NONE = (-1, "")
# (stages approved, state of the next one) per participant, as runs: [stages, state, how many]
PROFILES_2026 = [
    (stages, state) for stages, state, count in _COHORT_2026["profiles"] for _ in range(count)
]
# The demo mentor's unit: the secretariat of the provincial education office.
MENTOR_UNIT = [
    (code, jabatan, unit, (profile[0], profile[1]))
    for code, jabatan, unit, profile in _COHORT_2026["mentor_unit"]
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


# ---------------------------------------------------------------------------
# evidence files: described here, made PDFs by the loader (docs/seed-format.md)
# ---------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence(text: str) -> str:
    """``text`` as a title: trimmed, its first letter capital, no full stop."""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def evidence_files(design: dict[str, Any], done: dict[str, Any], when: datetime, term: str):
    """The decree and the minutes a done milestone's evidence names, as files described for
    the loader: the decree lists the design's team, the minutes the milestone's work."""
    decree, _, minutes = done["evidence"].partition(";")
    milestone = next(m for m in design["milestones"] if m["key"] == done["milestone"])
    team = design.get("team") or []
    return [
        {
            "slot": done["milestone"],
            "name": "SK Tim Efektif.pdf",
            "title": _clip(decree.strip(), 200),
            "lines": [
                _clip(
                    f"Menimbang: untuk melaksanakan {term} {design['title']} perlu dibentuk "
                    "tim efektif.",
                    300,
                ),  # fmt: skip
                "Menetapkan susunan tim efektif sebagai berikut:",
                *(_clip(f"{i}. {m['name']}: {m['role']}", 300) for i, m in enumerate(team, 1)),
            ],
            "added_at": iso(when),
        },
        {
            "slot": done["milestone"],
            "name": "Notulen rapat koordinasi.pdf",
            "title": _clip(_sentence(minutes) or "Notulen rapat koordinasi", 200),
            "lines": [
                _clip(f"Agenda: {milestone['title']}.", 300),
                _clip(milestone.get("activities") or "", 300),
                _clip("Hadir: " + "; ".join(m["name"] for m in team), 300),
            ],
            "added_at": iso(when + timedelta(minutes=12)),
        },
    ]


def add_evidence(graded: dict[str, Any], running: dict[str, Any]) -> None:
    """A little evidence where reviewers trying the demo meet it, chosen without the
    random generator (the rest of the data stays as it was): the demo coach's first
    participant in the implementation with a milestone done (a draft: its files are
    current), and the finished cohort's first participant (files sent with the
    implementation, and one with the report)."""

    def done_row(progress: list[dict[str, Any]]) -> dict[str, Any] | None:
        return next((r for r in progress if r["status"] == "done" and r.get("evidence")), None)

    for e in running["cohorts"][0]["enrolments"]:
        record = e.get("stages", {}).get("implementation")
        if e["coach"] != "coach" or not record or "draft" not in record:
            continue
        done = done_row(record["draft"]["progress"])
        if done is None:
            continue
        design = e["stages"]["design"]["versions"][-1]["content"]
        saved = datetime.fromisoformat(record["draft_saved_at"])
        record["attachments"] = evidence_files(
            design, done, saved - timedelta(hours=2), "aksi perubahan"
        )
        break
    for e in graded["cohorts"][0]["enrolments"]:
        stages = e.get("stages", {})
        implementation, report = stages.get("implementation"), stages.get("report")
        if not implementation or not report:
            continue
        done = done_row(implementation["versions"][0]["content"]["progress"])
        if done is None:
            continue
        design = stages["design"]["versions"][-1]["content"]
        sent = datetime.fromisoformat(implementation["versions"][0]["submitted_at"])
        implementation["attachments"] = evidence_files(
            design, done, sent - timedelta(days=1), "proyek perubahan"
        )[:1]
        content = report["versions"][0]["content"]
        report["attachments"] = [
            {
                "slot": "",
                "name": "Pernyataan keberlanjutan.pdf",
                "title": "Pernyataan dukungan keberlanjutan proyek perubahan",
                "lines": [
                    _clip(design["title"], 300),
                    _clip(content.get("sustainability") or "", 300),
                    _clip(content.get("outcomes") or "", 300),
                ],
                "added_at": iso(
                    datetime.fromisoformat(report["versions"][0]["submitted_at"])
                    - timedelta(hours=6)
                ),
            }
        ]
        break


def build() -> dict[str, dict[str, Any]]:
    rng = random.Random(SEED)
    reg = Registry(rng)
    staff = build_staff(rng, reg)
    graded = build_2018(rng, reg, staff)
    running = build_2026(rng, reg, staff)
    add_evidence(graded, running)
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
