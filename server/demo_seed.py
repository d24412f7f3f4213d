"""Synthetic demo population: citizens in families with valid NIK/KK numbers, health workers.

Deterministic for a given seed. Every NIK and KK number is checked with the kiosk's own
validators (kiosk.nik), so the kiosk accepts everything the demo server knows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select

from server import demo_names as names
from server.context import ServerContext
from server.models import Citizen, HealthWorker

TODAY = dt.date(2026, 1, 1)  # fixed so the same seed always gives the same people


@dataclass
class SeedReport:
    citizens: int
    families: int
    health_workers: int
    sample_niks: list[str]
    sample_worker_nik: str | None


class _Numbers:
    """Unique NIK / KK numbers within the run."""

    def __init__(self):
        self.used: set[str] = set()

    def nik(self, rng: random.Random, district: str, birth: dt.date, sex: str) -> str:
        day = birth.day + (40 if sex == "F" else 0)
        stem = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        return self._unique(rng, stem)

    def kk(self, rng: random.Random, district: str, registered: dt.date) -> str:
        stem = f"{district}{registered.day:02d}{registered.month:02d}{registered.year % 100:02d}"
        return self._unique(rng, stem)

    def _unique(self, rng: random.Random, stem: str) -> str:
        while True:
            number = f"{stem}{rng.randint(1, 9999):04d}"
            if number not in self.used:
                self.used.add(number)
                return number


def _birth(rng: random.Random, age_from: int, age_to: int) -> dt.date:
    start = TODAY.replace(year=TODAY.year - age_to)
    span = (TODAY.replace(year=TODAY.year - age_from) - start).days
    return start + dt.timedelta(days=rng.randint(0, span))


def _name(rng: random.Random, sex: str) -> str:
    first = rng.choice(names.FEMALE if sex == "F" else names.MALE)
    return f"{first} {rng.choice(names.SECOND)}"


def build_population(seed: int = 2024, citizens: int = 1000) -> tuple[list[Citizen], int]:
    """Citizens grouped in families until at least `citizens` people exist."""
    from kiosk.nik import parse_kk, parse_nik
    from kiosk.regions import regencies as region_table

    rng = random.Random(seed)
    regencies = sorted(
        (code, name) for prov in region_table().values() for code, name in prov.items()
    )
    provinces = {p: names_ for p, names_ in region_table().items() if names_}
    numbers = _Numbers()
    people: list[Citizen] = []
    families = 0
    while len(people) < citizens:
        families += 1
        # Spread over every province first, then any regency.
        if families <= len(provinces):
            prov = sorted(provinces)[families - 1]
            regency_code, regency_name = rng.choice(sorted(provinces[prov].items()))
        else:
            regency_code, regency_name = rng.choice(regencies)
        district = f"{regency_code}{rng.randint(1, 20):02d}"
        province_name = parse_nik(f"{regency_code}010101800001", today=TODAY).province
        place = regency_name.removeprefix("Kabupaten ").removeprefix("Kota ")
        address = {
            "street": f"Jl. {rng.choice(names.STREETS)} No. {rng.randint(1, 150)}",
            "rt": f"{rng.randint(1, 15):03d}",
            "rw": f"{rng.randint(1, 12):03d}",
            "village": rng.choice(names.VILLAGES),
            "district": f"Kecamatan {rng.choice(names.DISTRICTS)}",
            "regency": regency_name,
            "province": province_name,
            "postal_code": f"{rng.randint(10000, 99999)}",
        }
        head_sex = "M" if rng.random() < 0.85 else "F"
        head_birth = _birth(rng, 25, 70)
        members = [("Kepala Keluarga", head_sex, head_birth, "Kawin")]
        if head_sex == "M" or rng.random() < 0.3:
            spouse_sex = "F" if head_sex == "M" else "M"
            members.append(
                (
                    "Istri" if spouse_sex == "F" else "Suami",
                    spouse_sex,
                    _birth(
                        rng,
                        max(20, TODAY.year - head_birth.year - 8),
                        TODAY.year - head_birth.year + 3,
                    ),
                    "Kawin",
                )
            )
        else:
            members[0] = ("Kepala Keluarga", head_sex, head_birth, "Cerai Mati")
        eldest = max(0, TODAY.year - head_birth.year - 20)
        for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4))):
            sex = rng.choice("MF")
            members.append(("Anak", sex, _birth(rng, 0, max(1, min(eldest, 30))), "Belum Kawin"))
        registered = _birth(rng, 0, max(1, min(20, TODAY.year - head_birth.year - 20)))
        kk = numbers.kk(rng, district, registered)
        parse_kk(kk, today=TODAY)
        for relationship, sex, birth, marital in members:
            nik = numbers.nik(rng, district, birth, sex)
            info = parse_nik(nik, today=TODAY)
            assert info.birth_date == birth and info.sex == sex, nik
            adult = (TODAY - birth).days > 18 * 365
            people.append(
                Citizen(
                    nik=nik,
                    kk_number=kk,
                    relationship=relationship,
                    name=_name(rng, sex),
                    birth_place=place,
                    birth_date=birth,
                    sex=sex,
                    religion=rng.choice(names.RELIGIONS),
                    marital_status=marital,
                    occupation=rng.choice(names.OCCUPATIONS) if adult else "Pelajar/Mahasiswa",
                    **address,
                )
            )
    return people, families


def build_health_workers(
    rng: random.Random, people: list[Citizen], count: int = 100
) -> list[HealthWorker]:
    adults = [p for p in people if 24 <= (TODAY - p.birth_date).days / 365.25 <= 62]
    chosen = rng.sample(adults, min(count, len(adults)))
    workers = []
    for i, person in enumerate(chosen):
        code, label = names.PROFESSIONS[i % len(names.PROFESSIONS)]
        roll = rng.random()
        status = "active" if roll < 0.85 else ("expired" if roll < 0.95 else "suspended")
        # UU 17/2023 made STRs lifetime; some older ones still carry an end date.
        valid_until = None
        if status == "expired":
            valid_until = TODAY - dt.timedelta(days=rng.randint(30, 900))
        elif rng.random() < 0.2:
            valid_until = TODAY + dt.timedelta(days=rng.randint(100, 1500))
        str_number = f"{person.nik[:4]}{i % 31 + 1:02d}{rng.randint(10, 25):02d}{i + 1:08d}"
        workers.append(
            HealthWorker(
                nik=person.nik,
                profession_code=code,
                profession=label,
                str_number=str_number,
                str_status=status,
                str_valid_until=valid_until,
            )
        )
    return workers


def seed_demo(
    ctx: ServerContext, seed: int = 2024, citizens: int = 1000, health_workers: int = 100
) -> SeedReport:
    """Insert the demo population; people already present (same NIK) are left as they are."""
    people, families = build_population(seed, citizens)
    workers = build_health_workers(random.Random(seed + 1), people, health_workers)
    with ctx.db() as db:
        existing = set(db.scalars(select(Citizen.nik)))
        db.add_all([p for p in people if p.nik not in existing])
        known_workers = set(db.scalars(select(HealthWorker.nik)))
        db.add_all([w for w in workers if w.nik not in known_workers])
    return SeedReport(
        citizens=len(people),
        families=families,
        health_workers=len(workers),
        sample_niks=[p.nik for p in people[:3]],
        sample_worker_nik=workers[0].nik if workers else None,
    )
