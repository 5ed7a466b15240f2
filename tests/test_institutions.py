"""Institutions: letterhead, logo (checked by content), signatory and place; a cohort's own
signatory; who may list, add and edit; what a signed document of a cohort gets."""

from __future__ import annotations

import io

import pytest
from factories import World, snapshot
from PIL import Image
from sqlalchemy import select

from diklat.db.models import AuditEntry, Cohort, Institution
from diklat.domain.signing import Signatory
from diklat.services import cohort_admin, institutions
from diklat.services.errors import Conflict, Forbidden, Invalid, NotFound
from diklat.services.institutions import InstitutionFields

A = "ANGK-A"
NIP = "19700101 199503 1 001"


def picture(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


def _fields(**kw) -> InstitutionFields:
    base = dict(
        name="Pusat Pengembangan Kompetensi Sumatra",
        address="Jl. Raya Pekanbaru No. 1\nPekanbaru 28294",
        letterhead=["LEMBAGA ADMINISTRASI NEGARA", "Telepon (0761) 123456"],
        place="Pekanbaru",
        signatory_name="Dr. Andi Wijaya, M.Si.",
        signatory_nip=NIP,
        signatory_title="Kepala Pusat",
        logo=picture(),
    )
    base.update(kw)
    return InstitutionFields(**base)


def _add(world: World, code: str = "PPKS", actor: str = "ADMIN", **kw):
    return institutions.add_institution(world.db, world.actor(actor), code, _fields(**kw))


def test_add_list_get_round_trip_with_every_field(world: World) -> None:
    info = _add(world)
    assert info.code == "PPKS" and info.place == "Pekanbaru"
    assert info.letterhead == ("LEMBAGA ADMINISTRASI NEGARA", "Telepon (0761) 123456")
    assert info.signatory == Signatory(
        place="Pekanbaru",
        name="Dr. Andi Wijaya, M.Si.",
        nip="197001011995031001",
        title="Kepala Pusat",
    )
    assert info.logo_mime == "image/png" and info.logo_size > 0 and info.cohorts == 0
    assert [i.code for i in institutions.list_institutions(world.db, world.actor("K1"))] == ["PPKS"]
    assert institutions.get_institution(world.db, world.actor("K2"), "PPKS") == info
    logo = institutions.institution_logo(world.db, world.actor("ADMIN"), "PPKS")
    assert logo is not None and logo[1] == "image/png"
    Image.open(io.BytesIO(logo[0])).load()


def test_a_jpeg_is_taken_and_its_type_is_told_by_content_not_name(world: World) -> None:
    assert _add(world, logo=picture("JPEG")).logo_mime == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "institution.logo_not_image"),
        (b"<html><body>logo.png</body></html>", "institution.logo_not_image"),
        (picture()[:60], "institution.logo_broken"),
        (picture("GIF"), "institution.logo_not_image"),
        (b"", "institution.logo_empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 1_000_001, "institution.logo_too_big"),
        (picture(size=(4001, 10)), "institution.logo_too_large"),
    ],
    ids=["pdf", "html", "truncated", "gif", "empty", "too-big", "too-wide"],
)
def test_a_logo_that_is_not_a_whole_png_or_jpeg_is_refused_and_nothing_is_stored(
    world: World, data: bytes, key: str
) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        _add(world, logo=data)
    assert info.value.key == key
    assert info.value.message()  # a sentence in the catalogue, not a bare key
    assert snapshot(world.db) == before


@pytest.mark.parametrize(
    ("kw", "key"),
    [
        ({"name": "  "}, "institution.field_empty"),
        ({"name": "x" * 301}, "institution.field_too_long"),
        ({"signatory_nip": "1970"}, "institution.bad_signatory_nip"),
        ({"letterhead": [f"baris {n}" for n in range(7)]}, "institution.letterhead_lines"),
        ({"letterhead": ["x" * 201]}, "institution.letterhead_long"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(world: World, kw: dict, key: str) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        _add(world, **kw)
    assert info.value.key == key
    assert snapshot(world.db) == before


def test_codes_are_unique_and_without_spaces(world: World) -> None:
    _add(world)
    with pytest.raises(Invalid) as info:
        _add(world)
    assert info.value.key == "institution.exists"
    with pytest.raises(Invalid) as info:
        _add(world, code="PP KS")
    assert info.value.key == "institution.bad_code"


def test_edit_changes_only_what_is_given_and_audits_old_and_new_without_the_logo_bytes(
    world: World,
) -> None:
    info = _add(world)
    edited = institutions.edit_institution(
        world.db,
        world.actor("ADMIN"),
        "PPKS",
        InstitutionFields(signatory_name="Ir. Budi", remove_logo=True),
        expected_version=info.version,
    )
    assert edited.signatory.name == "Ir. Budi" and edited.signatory.title == "Kepala Pusat"
    assert edited.logo_mime is None and edited.place == "Pekanbaru"
    with world.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "institution_edited")).one()
        assert entry.old["signatory_name"] == "Dr. Andi Wijaya, M.Si."
        assert entry.new == {"signatory_name": "Ir. Budi", "logo": None, "logo_mime": None}
        assert entry.old["logo"].endswith(" B")
    # A stale form is refused, naming the institution.
    with pytest.raises(Conflict):
        institutions.edit_institution(
            world.db,
            world.actor("ADMIN"),
            "PPKS",
            InstitutionFields(place="Bogor"),
            expected_version=info.version,
        )


def test_participants_and_reviewers_may_not_see_or_touch_institutions(world: World) -> None:
    _add(world)
    before = snapshot(world.db)
    for who in ("P1", "C1", "M1", "X1", "P3"):
        actor = world.actor(who)
        with pytest.raises(Forbidden):
            institutions.list_institutions(world.db, actor)
        with pytest.raises(Forbidden):
            institutions.get_institution(world.db, actor, "PPKS")
        with pytest.raises(Forbidden):
            institutions.institution_logo(world.db, actor, "PPKS")
        with pytest.raises(Forbidden):
            institutions.add_institution(world.db, actor, "LAIN", _fields())
        with pytest.raises(Forbidden):
            institutions.edit_institution(world.db, actor, "PPKS", InstitutionFields(place="X"))
    assert snapshot(world.db) == before


def test_an_institution_in_use_is_edited_only_by_admins_and_its_cohorts_coordinators(
    world: World,
) -> None:
    _add(world, actor="K2")  # a coordinator may add one; unused, anyone coordinating may fix it
    institutions.edit_institution(
        world.db, world.actor("K1"), "PPKS", InstitutionFields(place="Bogor")
    )
    cohort_admin.update_cohort(
        world.db, world.actor("K1"), A, cohort_admin.CohortChanges(institution_code="PPKS")
    )
    before = snapshot(world.db)
    with pytest.raises(Forbidden) as info:
        institutions.edit_institution(
            world.db, world.actor("K2"), "PPKS", InstitutionFields(place="Medan")
        )
    assert info.value.key == "institution.not_yours"
    assert snapshot(world.db) == before
    for who in ("K1", "ADMIN", "SYSTEM"):
        institutions.edit_institution(
            world.db, world.actor(who), "PPKS", InstitutionFields(place=f"Tempat {who}")
        )
    assert institutions.get_institution(world.db, world.actor("K1"), "PPKS").cohorts == 1


def test_a_cohorts_own_signatory_signs_its_documents_until_it_is_cleared(world: World) -> None:
    from diklat.services.letterhead import letterhead_of, signatory_of

    k1 = world.actor("K1")
    _add(world)
    cohort_admin.update_cohort(world.db, k1, A, cohort_admin.CohortChanges(institution_code="PPKS"))
    with world.db.read() as s:
        cohort = s.scalars(select(Cohort).where(Cohort.code == A)).one()
        head = letterhead_of(cohort.institution)
        theirs = signatory_of(cohort, cohort.institution)
    assert head.name.startswith("Pusat Pengembangan") and head.logo and head.address
    assert head.lines == ("LEMBAGA ADMINISTRASI NEGARA", "Telepon (0761) 123456")
    assert theirs.title == "Kepala Pusat" and theirs.place == "Pekanbaru"
    own = institutions.set_cohort_signatory(
        world.db,
        k1,
        A,
        Signatory(name=" Hj. Sari ", nip="19751212 200012 2 001", title="Plt. Kepala Pusat"),
    )
    assert own == Signatory(
        place="Pekanbaru", name="Hj. Sari", nip="197512122000122001", title="Plt. Kepala Pusat"
    )
    assert institutions.set_cohort_signatory(world.db, k1, A, None) == theirs
    with world.db.read() as s:
        entries = list(
            s.scalars(select(AuditEntry).where(AuditEntry.action == "cohort_signatory_set"))
        )
        assert [e.new["name"] for e in entries] == ["Hj. Sari", None]


def test_a_cohort_signatory_is_checked_and_set_only_by_its_coordinators(world: World) -> None:
    before = snapshot(world.db)
    with pytest.raises(Invalid) as info:
        institutions.set_cohort_signatory(
            world.db, world.actor("K1"), A, Signatory(name="Hj. Sari", nip="123", title="Kepala")
        )
    assert info.value.key == "institution.bad_signatory_nip"
    with pytest.raises(Invalid) as info:
        institutions.set_cohort_signatory(world.db, world.actor("K1"), A, Signatory(title="Kepala"))
    assert info.value.key == "institution.field_empty"
    for who in ("K2", "C1", "P1", "X1"):
        with pytest.raises(Forbidden):
            institutions.set_cohort_signatory(
                world.db, world.actor(who), A, Signatory(name="Hj. Sari", title="Kepala")
            )
    with pytest.raises(NotFound):
        institutions.set_cohort_signatory(world.db, world.actor("ADMIN"), "TIDAK-ADA", None)
    assert snapshot(world.db) == before


def test_the_logo_bytes_survive_the_database_unchanged(world: World) -> None:
    data = picture("JPEG", (120, 120))
    _add(world, logo=data)
    with world.db.read() as s:
        assert s.scalar(select(Institution.logo).where(Institution.code == "PPKS")) == data


def test_a_seed_carries_letterhead_and_signatory(world: World) -> None:
    from diklat.io.seed_format import SeedFile
    from diklat.services.seeding import apply_seed

    seed = SeedFile.model_validate(
        {
            "format": "diklat-seed/1",
            "institutions": [
                {
                    "code": "PKP-SUM",
                    "name": "Puslatbang KMP LAN",
                    "city": "Makassar",
                    "address": "Jl. Raya Baruga, Antang",
                    "letterhead": ["LEMBAGA ADMINISTRASI NEGARA"],
                    "signatory": {"name": "Dr. X", "nip": NIP, "title": "Kepala"},
                }
            ],
        }
    )
    apply_seed(world.db, world.actor("SYSTEM"), [("lembaga.json", seed)])
    info = institutions.get_institution(world.db, world.actor("ADMIN"), "PKP-SUM")
    assert info.letterhead == ("LEMBAGA ADMINISTRASI NEGARA",) and info.place == "Makassar"
    assert info.signatory == Signatory(
        place="Makassar", name="Dr. X", nip="197001011995031001", title="Kepala"
    )
