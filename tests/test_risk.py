"""Re-identification risk: k-anonymity over the quasi-identifiers, the ladder, world regions."""

from __future__ import annotations

import datetime as dt
import gettext
import itertools
import time

import numpy as np
import pandas as pd
import pycountry
import pytest

from kimtools.privacy import regions
from kimtools.privacy.regions import EU_MEMBERS, REGIONS, country_name_de, world_region
from kimtools.privacy.risk import (
    REQUIRED_QIS as QI_COLUMNS,
)
from kimtools.privacy.risk import (
    SUPPRESSED,
    _Classes,
    assess,
    describe_ladder,
    generalise,
    ladder,
    quasi_identifiers,
)

AS_OF = dt.date(2026, 11, 1)
TYPES = {"age": "Int64", "gender": "string", "nationality": "string",
         "municipality": "string", "household_size": "Int64", "arrival_year": "Int64"}


def qi_frame(rows: list[tuple]) -> pd.DataFrame:
    """QI table from (case_id, age, gender, nationality, municipality, household, arrival)."""
    frame = pd.DataFrame(rows, columns=["case_id", *QI_COLUMNS]).set_index("case_id")
    return frame.astype(TYPES)


def profile(case_id: str, age: int = 37, gender: str = "f", nationality: str = "SY",
            municipality: str = "Gütersloh", household: int = 4, arrival: int = 2016) -> tuple:
    return (case_id, age, gender, nationality, municipality, household, arrival)


def random_qi(rows: int, seed: int) -> pd.DataFrame:
    """Skewed like a KIM caseload: big nationalities, a tail, towns of very different size."""
    rng = np.random.default_rng(seed)
    nationalities = ["SY"] * 6 + ["UA"] * 4 + ["AF"] * 2 + ["TR", "IQ", "RO", "ER", "VN", "NG"]
    towns = ["Gütersloh"] * 8 + ["Verl"] * 3 + ["Rietberg"] * 2 + ["Langenberg"]
    frame = pd.DataFrame({
        "case_id": [f"KIM-{i:05d}" for i in range(rows)],
        "age": rng.integers(18, 80, rows),
        "gender": rng.choice(["f", "m", "d"], rows, p=[0.5, 0.48, 0.02]),
        "nationality": rng.choice(nationalities, rows),
        "municipality": rng.choice(towns, rows),
        "household_size": rng.integers(1, 9, rows),
        "arrival_year": rng.integers(2008, 2026, rows),
    }).set_index("case_id").astype(TYPES)
    frame.loc[frame.index[::37], "age"] = pd.NA
    frame.loc[frame.index[::53], "nationality"] = pd.NA
    return frame


class BruteForce:
    """Class sizes by a plain loop over the generalised rows, independent of assess()."""

    def __init__(self, qi: pd.DataFrame, district: str | None = None):
        self.qi, self.district = qi, district
        self.columns: dict[tuple[str, str], list[str]] = {}

    def column(self, name: str, level: str) -> list[str]:
        if (name, level) not in self.columns:
            shown = generalise(self.qi, {name: level}, self.district)[name]
            self.columns[(name, level)] = shown.tolist()
        return self.columns[(name, level)]

    def k(self, case_id: str, levels: dict[str, str]) -> int:
        rows = list(zip(*(self.column(name, levels[name]) for name in QI_COLUMNS), strict=True))
        target = rows[self.qi.index.get_loc(case_id)]
        return sum(row == target for row in rows)


def cost(levels: dict[str, str], district: str | None = None) -> int:
    rungs = ladder(district)
    return sum(next(level.cost for level in rungs[name] if level.key == key)
               for name, key in levels.items())


# ---------------------------------------------------------------------------------------------
# assess: known cases
# ---------------------------------------------------------------------------------------------

def test_unique_client_is_generalised_until_k_reaches_3() -> None:
    qi = qi_frame([profile("A", age=37), profile("B", age=35), profile("C", age=39),
                   profile("D", age=40), profile("E", age=41, gender="m")])
    result = assess(qi, ["A"])["A"]
    assert (result.k_initial, result.k_final, result.refused) == (1, 3, False)
    assert result.levels == {"age": "band5", "gender": "exact", "nationality": "exact",
                             "municipality": "exact", "household_size": "exact",
                             "arrival_year": "exact"}
    assert result.values == {"age": "35–39", "gender": "weiblich", "nationality": "Syrien",
                             "municipality": "Gütersloh", "household_size": "4",
                             "arrival_year": "2016"}
    assert result.steps == ["Alter auf 5-Jahres-Band verallgemeinert (k 1 → 3)"]
    assert result.reason == ""


def test_common_profile_keeps_its_values_without_steps() -> None:
    qi = qi_frame([profile(c) for c in "ABCD"] + [profile("E", nationality="TR")])
    result = assess(qi, ["B"])["B"]
    assert (result.k_initial, result.k_final) == (4, 4)
    assert result.steps == []
    assert set(result.levels.values()) == {"exact"}
    assert result.values["age"] == "37"
    assert not result.refused
    assert "ohne Verallgemeinerung" in result.message


def test_rare_nationality_is_replaced_by_region_and_nothing_else() -> None:
    # Eritrea is unique; the region East Africa holds three clients of other ages and years.
    qi = qi_frame([profile("A", nationality="ER", age=25, arrival=2015),
                   profile("B", nationality="SO", age=25, arrival=2015),
                   profile("C", nationality="ET", age=25, arrival=2015),
                   profile("D", nationality="SY", age=25, arrival=2015)])
    result = assess(qi, ["A"])["A"]
    assert result.k_final == 3
    assert result.values["nationality"] == "Ostafrika"
    # Cheaper steps (age, arrival, household bands) do not help here, so none is taken.
    assert result.levels["age"] == result.levels["arrival_year"] == "exact"
    assert result.levels["household_size"] == "exact"
    assert result.steps == ["Staatsangehörigkeit auf Weltregion verallgemeinert (k 1 → 3)"]


def test_impossible_case_is_refused_with_a_reason_naming_the_case() -> None:
    qi = qi_frame([profile("KIM-2023-00042", municipality="Langenberg", age=58, arrival=2019),
                   profile("KIM-2023-00043", municipality="Langenberg", age=23, gender="m"),
                   *[profile(f"G{i}", municipality="Gütersloh") for i in range(5)]])
    result = assess(qi, ["KIM-2023-00042"])["KIM-2023-00042"]
    assert result.refused
    assert result.k_final == 2 < result.threshold == 3
    assert result.reason.startswith("Fall KIM-2023-00042: auch nach allen Verallgemeinerungen "
                                    "nur k = 2 < 3 (Kombination aus Kommune Langenberg)")
    assert "anderen Fall" in result.reason
    assert result.message == result.reason
    for raw in ("58", "2019", "Syrien", "SY", "weiblich"):
        assert raw not in result.reason
        assert not any(raw in step for step in result.steps)


def test_district_is_the_last_resort_for_a_small_town() -> None:
    qi = qi_frame([profile("A", municipality="Langenberg"), profile("B", municipality="Verl"),
                   profile("C", municipality="Rietberg"), profile("D", municipality="Verl",
                                                                  gender="m")])
    result = assess(qi, ["A"], district="Kreis Gütersloh")["A"]
    assert not result.refused
    assert result.k_final == 3
    assert result.values["municipality"] == "Kreis Gütersloh"
    assert result.values["gender"] == "weiblich"
    assert result.steps == ["Kommune durch Kreis Gütersloh ersetzt (k 1 → 3)"]
    assert assess(qi, ["A"])["A"].refused


def test_missing_values_form_their_own_class_until_suppressed() -> None:
    qi = qi_frame([profile("A", age=None), profile("B", age=None), profile("C", age=None),
                   profile("D")])
    result = assess(qi, ["A"])["A"]
    assert result.k_initial == 3
    assert result.values["age"] == "unbekannt"


# ---------------------------------------------------------------------------------------------
# assess: against an independent count
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("threshold", "district"), [(3, None), (5, None), (3, "Kreis G")])
def test_reported_k_equals_brute_force_count(threshold: int, district: str | None) -> None:
    qi = random_qi(400, seed=11)
    selected = list(qi.index[::13])
    results = assess(qi, selected, k=threshold, district=district)
    assert list(results) == selected
    exact = dict.fromkeys(QI_COLUMNS, "exact")
    brute = BruteForce(qi, district)
    generalised = 0
    for case_id, result in results.items():
        assert result.threshold == threshold
        assert result.k_initial == brute.k(case_id, exact)
        assert result.k_final == brute.k(case_id, result.levels)
        assert result.values == generalise(qi, result.levels, district).loc[case_id].to_dict()
        assert result.refused == (result.k_final < threshold)
        assert len(result.steps) == sum(level != "exact" for level in result.levels.values())
        generalised += bool(result.steps)
    assert generalised > len(selected) / 2


def test_no_single_generalisation_could_be_taken_back() -> None:
    """Local minimality: every generalised QI one rung lower would break the threshold."""
    qi = random_qi(300, seed=5)
    brute = BruteForce(qi)
    rungs = ladder()
    for case_id, result in assess(qi, list(qi.index[:40])).items():
        if result.refused:
            continue
        for name, key in result.levels.items():
            keys = [level.key for level in rungs[name]]
            if key == "exact":
                continue
            lower = {**result.levels, name: keys[keys.index(key) - 1]}
            assert brute.k(case_id, lower) < 3, (case_id, name)


def test_threshold_1_never_generalises_and_threshold_5_generalises_more() -> None:
    qi = random_qi(200, seed=2)
    selected = list(qi.index[:20])
    for result in assess(qi, selected, k=1).values():
        assert result.steps == [] and not result.refused
        assert set(result.levels.values()) == {"exact"}
        assert result.k_final == result.k_initial >= 1
    three, five = assess(qi, selected, k=3), assess(qi, selected, k=5)
    rungs = ladder()

    def height(levels: dict[str, str]) -> int:
        return sum([level.key for level in rungs[name]].index(key) for name, key in levels.items())

    for case_id in selected:
        assert five[case_id].refused or five[case_id].k_final >= 5
        assert three[case_id].refused or three[case_id].k_final >= 3
    assert (sum(height(result.levels) for result in five.values())
            > sum(height(result.levels) for result in three.values()))


def test_limits_keep_a_quasi_identifier() -> None:
    qi = qi_frame([profile("A"), profile("B", gender="m"), profile("C", gender="m")])
    assert assess(qi, ["A"], k=3)["A"].values["gender"] == SUPPRESSED
    kept = assess(qi, ["A"], k=3, limits={"gender": "exact"})["A"]
    assert kept.refused and kept.values["gender"] == "weiblich"
    assert "Geschlecht (genau)" in kept.reason and "weiblich" not in kept.reason
    with pytest.raises(ValueError, match="unbekannte Stufe"):
        assess(qi, ["A"], limits={"age": "band7"})


def test_result_is_deterministic_and_independent_of_row_order() -> None:
    qi = random_qi(300, seed=9)
    selected = list(qi.index[:25])
    first = assess(qi, selected)
    assert assess(qi, selected) == first
    assert assess(qi.sample(frac=1, random_state=4), selected) == first


def test_unknown_case_and_bad_threshold_are_named() -> None:
    qi = qi_frame([profile("A")])
    with pytest.raises(KeyError, match="KIM-9"):
        assess(qi, ["KIM-9"])
    with pytest.raises(ValueError, match="mindestens 1"):
        assess(qi, ["A"], k=0)


def test_ten_cases_against_20000_take_well_under_a_second() -> None:
    qi = random_qi(20_000, seed=1)
    selected = list(qi.index[::2000])
    start = time.perf_counter()
    results = assess(qi, selected)
    assert time.perf_counter() - start < 0.5
    assert len(results) == 10


# ---------------------------------------------------------------------------------------------
# The ladder
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "level", "raw", "shown"), [
    ("age", "exact", 37, "37"),
    ("age", "band5", 35, "35–39"), ("age", "band5", 39, "35–39"), ("age", "band5", 40, "40–44"),
    ("age", "band10", 30, "30–39"), ("age", "band10", 39, "30–39"), ("age", "band10", 40, "40–49"),
    ("age", "band20", 17, "unter 30"), ("age", "band20", 29, "unter 30"),
    ("age", "band20", 30, "30–49"), ("age", "band20", 49, "30–49"), ("age", "band20", 50, "50–69"),
    ("age", "band20", 69, "50–69"), ("age", "band20", 70, "70+"), ("age", "band20", 95, "70+"),
    ("age", "suppressed", 37, "*"), ("age", "band10", None, "unbekannt"),
    ("arrival_year", "span3", 2014, "2012–2014"), ("arrival_year", "span3", 2015, "2015–2017"),
    ("arrival_year", "span3", 2017, "2015–2017"), ("arrival_year", "span3", 2018, "2018–2020"),
    ("arrival_year", "span6", 2014, "2009–2014"), ("arrival_year", "span6", 2015, "2015–2020"),
    ("arrival_year", "span6", 2020, "2015–2020"), ("arrival_year", "span6", 2021, "2021–2026"),
    *[("household_size", "band", size, shown) for size, shown in
      [(1, "1"), (2, "2"), (3, "3–4"), (4, "3–4"), (5, "5+"), (11, "5+"), (None, "unbekannt")]],
    ("household_size", "coarse", 2, "1–2"), ("household_size", "coarse", 3, "3+"),
    ("nationality", "exact", "SY", "Syrien"), ("nationality", "region", "SY",
                                               "Westasien/Naher Osten"),
    ("nationality", "region", "RO", "EU-Staaten"), ("nationality", "region", None, "unbekannt"),
    ("gender", "exact", "d", "divers"), ("gender", "suppressed", "f", "*"),
])
def test_ladder_values(name: str, level: str, raw: object, shown: str) -> None:
    row = dict(zip(QI_COLUMNS, profile("A")[1:], strict=True))
    row[name] = raw
    qi = qi_frame([("A", *row.values())])
    assert generalise(qi, {name: level}).loc["A", name] == shown


def test_every_rung_merges_whole_classes_of_the_rung_below() -> None:
    """Nesting is what makes k grow monotonically along the ladder."""
    values = {
        "age": list(range(0, 111)) + [None],
        "gender": ["f", "m", "d", "u", None],
        "nationality": [c.alpha_2 for c in pycountry.countries] + [None],
        "municipality": ["Verl", "Gütersloh", None],
        "household_size": list(range(1, 13)) + [None],
        "arrival_year": list(range(1980, 2031)) + [None],
    }
    rungs = ladder("Kreis G")
    for name, raw in values.items():
        series = pd.Series(raw, dtype=TYPES[name])
        shown = [rung.generalise(series).tolist() for rung in rungs[name]]
        for lower, upper in zip(shown, shown[1:], strict=False):
            parent: dict[str, str] = {}
            for low, up in zip(lower, upper, strict=True):
                assert parent.setdefault(low, up) == up, (name, low)


def test_costs_grow_along_each_ladder_and_make_gender_and_district_last_resorts() -> None:
    rungs = ladder("Kreis G")
    for levels in rungs.values():
        costs = [level.cost for level in levels]
        assert costs[0] == 0 and costs == sorted(set(costs))
    regular = sum(rungs[name][-1].cost
                  for name in ("age", "nationality", "household_size", "arrival_year"))
    assert rungs["gender"][-1].cost > regular
    assert rungs["municipality"][-1].cost > regular + rungs["gender"][-1].cost


def test_chosen_levels_are_the_cheapest_that_reach_the_threshold() -> None:
    """Exhaustive search over every combination of levels, by brute-force counts."""
    qi = random_qi(120, seed=8)
    brute = BruteForce(qi, "Kreis G")
    rungs = ladder("Kreis G")
    combinations = [dict(zip(QI_COLUMNS, keys, strict=True)) for keys in itertools.product(
        *([level.key for level in rungs[name]] for name in QI_COLUMNS))]
    selected = list(qi.index[:6])
    for case_id, result in assess(qi, selected, district="Kreis G").items():
        sufficient = [cost(levels, "Kreis G") for levels in combinations
                      if brute.k(case_id, levels) >= 3]
        assert cost(result.levels, "Kreis G") == min(sufficient), case_id


def test_ladder_is_described_in_german() -> None:
    lines = describe_ladder()
    assert lines[0] == ("Alter: Jahre → 5-Jahres-Band → 10-Jahres-Band → 20-Jahres-Band → "
                        "unterdrückt")
    assert "Kommune: Kommune" in lines
    assert "Kommune: Kommune → Kreis" in describe_ladder("Kreis Gütersloh")


# ---------------------------------------------------------------------------------------------
# Quasi-identifiers from a caseload
# ---------------------------------------------------------------------------------------------

def test_quasi_identifiers_of_text_tables(tables: dict[str, pd.DataFrame]) -> None:
    qi = quasi_identifiers(tables, AS_OF)
    assert list(qi.index) == ["KIM-2023-0001", "KIM-2022-0002"]
    six = list(QI_COLUMNS)
    assert qi.loc["KIM-2023-0001", six].tolist() == [41, "f", "TR", "Gütersloh", 2, 2016]
    # Born 23.11.1979: the birthday in 2026 is still to come on 1.11.
    assert qi.loc["KIM-2022-0002", six].tolist() == [46, "m", "SY", "Verl", 1, 2015]
    assert qi.loc["KIM-2022-0002", "household"] == "1|"
    assert qi["household"].str.startswith("2|").iloc[0]


def test_quasi_identifiers_of_a_read_caseload_match(tables, tmp_path) -> None:
    from kimtools.caseload import read_caseload

    for name, frame in tables.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    typed = quasi_identifiers(read_caseload(tmp_path, today=AS_OF), AS_OF)
    pd.testing.assert_frame_equal(typed, quasi_identifiers(tables, AS_OF))
    assert {name: str(typed.dtypes[name]) for name in TYPES} == TYPES


def test_quasi_identifiers_of_date_objects(tables: dict[str, pd.DataFrame]) -> None:
    persons = tables["persons"].astype(object)
    for column in ("birth_date", "arrival_date"):
        persons[column] = [dt.date.fromisoformat(text) for text in persons[column]]
    with_objects = quasi_identifiers({**tables, "persons": persons}, AS_OF)
    pd.testing.assert_frame_equal(with_objects, quasi_identifiers(tables, AS_OF))


def test_age_turns_on_the_birthday(tables: dict[str, pd.DataFrame]) -> None:
    assert quasi_identifiers(tables, dt.date(2026, 3, 3)).loc["KIM-2023-0001", "age"] == 40
    assert quasi_identifiers(tables, dt.date(2026, 3, 4)).loc["KIM-2023-0001", "age"] == 41


def test_case_without_client_has_missing_client_values(tables) -> None:
    tables["persons"] = tables["persons"][tables["persons"]["person_id"] != "P-0003"]
    row = quasi_identifiers(tables, AS_OF).loc["KIM-2022-0002"]
    assert row["municipality"] == "Verl"
    assert row[["age", "gender", "nationality", "household_size", "arrival_year"]].isna().all()


def test_synthetic_caseload_results_hold_by_brute_force() -> None:
    try:
        from synthetic import generate_caseload
    except ImportError:
        pytest.skip("synthetic.generate_caseload fehlt noch")
    caseload = generate_caseload(300, 4, AS_OF)
    # The brute force below knows the six classic quasi-identifiers.
    qi = quasi_identifiers(caseload.tables, AS_OF)[list(QI_COLUMNS)]
    assert len(qi) == 300
    assert qi["age"].notna().all() and qi["household_size"].ge(1).all()
    results = assess(qi, list(qi.index[::10]), district=caseload.district)
    brute = BruteForce(qi, caseload.district)
    for case_id, result in results.items():
        assert result.k_final == brute.k(case_id, result.levels)
        if not result.refused:
            assert brute.k(case_id, result.levels) >= 3


# ---------------------------------------------------------------------------------------------
# World regions and German names
# ---------------------------------------------------------------------------------------------

def test_every_pycountry_code_has_exactly_one_region() -> None:
    listed = [code for codes in REGIONS.values() for code in codes.split()]
    assert len(listed) == len(set(listed))
    for country in pycountry.countries:
        assert world_region(country.alpha_2) in REGIONS


def test_eu_takes_precedence_over_geography() -> None:
    assert len(EU_MEMBERS) == 27
    assert {world_region(code) for code in EU_MEMBERS} == {"EU-Staaten"}
    assert world_region("ro") == "EU-Staaten"
    assert world_region("RS") == "Südosteuropa/Westbalkan"
    assert world_region("XK") == "Südosteuropa/Westbalkan"
    assert world_region("UA") == "Osteuropa"
    assert world_region("SY") == "Westasien/Naher Osten"
    assert world_region("AF") == "Südasien"
    assert world_region("ER") == "Ostafrika"
    assert world_region("GB") == "Nordeuropa/Westeuropa (ohne EU)"
    with pytest.raises(KeyError, match="QQ"):
        world_region("QQ")


@pytest.mark.parametrize(("code", "name"), [
    ("SY", "Syrien"), ("TR", "Türkei"), ("AF", "Afghanistan"), ("IR", "Iran"),
    ("UA", "Ukraine"), ("RU", "Russland"), ("ER", "Eritrea"), ("XK", "Kosovo"), ("QQ", "QQ"),
])
def test_german_country_names(code: str, name: str) -> None:
    assert country_name_de(code) == name


def test_country_name_falls_back_to_english(monkeypatch) -> None:
    monkeypatch.setattr(regions, "_german", gettext.NullTranslations)
    regions.country_name_de.cache_clear()
    try:
        assert country_name_de("SY") == "Syria"
    finally:
        regions.country_name_de.cache_clear()


def test_languages_become_their_family_before_they_are_suppressed() -> None:
    """Dari, Pashto and Persian speakers look alike at the family rung ("iranisch")."""
    qi = qi_frame([profile(c) for c in "ABCD"]).assign(
        languages=pd.Series(["de;prs", "fa;de", "ps;de", "de;en"], index=list("ABCD"),
                            dtype="string"))
    result = assess(qi, ["A"])["A"]
    assert result.levels["languages"] == "family"
    assert result.values["languages"] == "germanisch;iranisch" and result.k_final == 3
    assert any(step.startswith("Sprachen auf Sprachfamilien") for step in result.steps)


def test_sizes_of_many_masks_equal_sizes_of_each_mask():
    """The stacked count (equal masks counted once) gives what each mask gives alone."""
    rng = np.random.default_rng(4)
    shape = (3, 2, 4, 1, 3)
    need = rng.integers(0, 5, size=(200, len(shape)))  # some rows beyond every rung
    masks = [rng.random(200) < share for share in (0.2, 0.5, 0.9)]
    masks += [masks[1].copy(), np.ones(200, dtype=bool), np.zeros(200, dtype=bool), masks[0]]
    stacked = _Classes.sizes_many(need, shape, masks)
    assert stacked.shape == (len(masks), *shape)
    for mask, sizes in zip(masks, stacked, strict=True):
        np.testing.assert_array_equal(sizes, _Classes.sizes(need, shape, mask))
    np.testing.assert_array_equal(stacked[4], _Classes.sizes(need, shape))
