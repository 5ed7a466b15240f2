"""The flattened catalogue is kept like a .pyc (start-up, issue 6) and never goes stale."""

from __future__ import annotations

import os
import tomllib

import pytest

import diklat.i18n as i18n


@pytest.fixture()
def here(tmp_path, monkeypatch):
    (tmp_path / "id").mkdir()
    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    i18n.catalogue.cache_clear()
    yield tmp_path
    i18n.catalogue.cache_clear()


def _fresh(lang: str) -> dict[str, str]:
    i18n.catalogue.cache_clear()
    return i18n.catalogue(lang)


def test_the_real_catalogues_read_back_as_parsed():
    for lang in i18n.LANGUAGES:
        parsed: dict[str, str] = {}
        for path in sorted((i18n._HERE / lang).glob("*.toml")):
            i18n._flatten("", tomllib.loads(path.read_text(encoding="utf-8")), parsed)
        assert _fresh(lang) == parsed  # written (or read) now
        assert _fresh(lang) == parsed  # read back
    i18n.catalogue.cache_clear()


def test_a_changed_added_or_removed_file_is_read_again(here):
    area = here / "id" / "a.toml"
    area.write_text('[login]\ntitle = "Masuk"\n', encoding="utf-8")
    assert _fresh("id") == {"login.title": "Masuk"}
    assert (here / "__pycache__" / "catalogue-id.marshal").exists()

    area.write_text('[login]\ntitle = "Masuk ke diklat"\n', encoding="utf-8")
    assert _fresh("id") == {"login.title": "Masuk ke diklat"}

    # same size, later time: still read again
    area.write_text('[login]\ntitle = "Keluar ke diklat"\n', encoding="utf-8")
    st = area.stat()
    os.utime(area, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert _fresh("id") == {"login.title": "Keluar ke diklat"}

    (here / "id" / "b.toml").write_text('[home]\ntitle = "Beranda"\n', encoding="utf-8")
    assert _fresh("id") == {"login.title": "Keluar ke diklat", "home.title": "Beranda"}
    (here / "id" / "b.toml").unlink()
    assert _fresh("id") == {"login.title": "Keluar ke diklat"}


def test_a_damaged_cache_or_an_unwritable_directory_only_means_parsing(here):
    (here / "id" / "a.toml").write_text('[login]\ntitle = "Masuk"\n', encoding="utf-8")
    (here / "__pycache__").mkdir()
    (here / "__pycache__" / "catalogue-id.marshal").write_bytes(b"\x00garbage")
    assert _fresh("id") == {"login.title": "Masuk"}
    # a file where the cache directory should be: nothing can be written, all still works
    for p in (here / "__pycache__").iterdir():
        p.unlink()
    (here / "__pycache__").rmdir()
    (here / "__pycache__").write_text("not a directory")
    assert _fresh("id") == {"login.title": "Masuk"}
