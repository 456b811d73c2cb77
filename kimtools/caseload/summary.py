"""A German overview of a caseload, for the case manager deciding which cases to present."""

from __future__ import annotations

import pandas as pd

from kimtools import codes
from kimtools.caseload.model import Caseload


def cases_by_municipality(caseload: Caseload) -> pd.DataFrame:
    """Cases per municipality by status, with how many may be presented (consent)."""
    cases = caseload.cases
    table = pd.crosstab(cases["municipality"], cases["status"].astype(str))
    table = table.reindex(columns=list(codes.CASE_STATUS), fill_value=0)
    table.columns = [codes.CASE_STATUS[c] for c in table.columns]
    table["Einwilligung"] = (cases["consent_conference"] == "yes").groupby(
        cases["municipality"]).sum()
    table["Fälle"] = table[list(codes.CASE_STATUS.values())].sum(axis=1)
    table = table.sort_values("Fälle", ascending=False)
    table.loc["Gesamt"] = table.sum()
    table.index.name = "Kommune"
    return table[["Fälle", *codes.CASE_STATUS.values(), "Einwilligung"]].astype(int)


def fields_overview(caseload: Caseload) -> pd.DataFrame:
    """Per Handlungsfeld: cases touched, obstacles (open and all) and goals."""
    obstacles, goals, events = caseload.obstacles, caseload.goals, caseload.events
    open_mask = obstacles["resolved_on"].isna()
    table = pd.DataFrame({
        "Fälle": pd.concat([obstacles[["case_id", "field"]], goals[["case_id", "field"]],
                            events[["case_id", "field"]]]).drop_duplicates()
        .groupby("field", observed=False)["case_id"].count(),
        "Hürden": obstacles.groupby("field", observed=False).size(),
        "davon offen": obstacles[open_mask].groupby("field", observed=False).size(),
        "Ziele": goals.groupby("field", observed=False).size(),
    }).reindex(list(codes.FIELDS)).fillna(0).astype(int)
    table.index = [codes.FIELDS[c] for c in table.index]
    table.index.name = "Handlungsfeld"
    return table.sort_values(["davon offen", "Hürden"], ascending=False)


def open_obstacles(caseload: Caseload, today: pd.Timestamp | None = None) -> pd.DataFrame:
    """Open obstacles by institution and category, with median and longest days open."""
    today = today or pd.Timestamp.today().normalize()
    obstacles = caseload.obstacles[caseload.obstacles["resolved_on"].isna()].copy()
    obstacles["days"] = (today - obstacles["since"]).dt.days
    obstacles["institution"] = obstacles["institution"].fillna("(ohne Angabe)")
    obstacles["category"] = obstacles["category"].map(codes.OBSTACLE_CATEGORIES)
    grouped = obstacles.groupby(["institution", "category"], observed=True)["days"]
    table = pd.DataFrame({
        "offen": grouped.size(),
        "Median Tage": grouped.median().round().astype(int),
        "max. Tage": grouped.max(),
    }).sort_values(["offen", "max. Tage"], ascending=False)
    table.index.names = ["Institution", "Kategorie"]
    return table


def render_summary(caseload: Caseload, top: int = 12) -> str:
    """The three overview tables as plain text for the terminal."""
    cases = caseload.cases
    clients = caseload.clients()
    header = (f"Fallbestand: {len(cases)} Fälle, {len(caseload.persons)} Personen "
              f"({len(clients)} Klient/innen), {len(caseload.events)} Ereignisse, "
              f"{len(caseload.obstacles)} Hürden, {len(caseload.goals)} Ziele")
    with pd.option_context("display.width", 120, "display.max_colwidth", 40):
        parts = [
            header,
            "",
            "Fälle nach Kommune",
            cases_by_municipality(caseload).to_string(),
            "",
            "Handlungsfelder",
            fields_overview(caseload).to_string(),
            "",
            f"Offene Hürden nach Institution und Kategorie (die {top} häufigsten)",
            open_obstacles(caseload).head(top).to_string(),
        ]
    return "\n".join(parts)


def conference_candidates(caseload: Caseload, today: pd.Timestamp | None = None) -> pd.DataFrame:
    """Cases that may be presented (consent given) and show structural obstacles, most first.

    Sorted by open obstacles, then by the longest time an obstacle has been open: the cases
    where a conference can learn most.
    """
    today = today or pd.Timestamp.today().normalize()
    cases = caseload.cases[caseload.cases["consent_conference"] == "yes"]
    obstacles = caseload.obstacles[caseload.obstacles["case_id"].isin(cases["case_id"])].copy()
    obstacles["open"] = obstacles["resolved_on"].isna()
    obstacles["days"] = (obstacles["resolved_on"].fillna(today) - obstacles["since"]).dt.days
    per_case = obstacles.groupby("case_id").agg(
        open=("open", "sum"), obstacles=("open", "size"), longest=("days", "max"),
        fields=("field", lambda f: ", ".join(sorted({codes.FIELDS[c] for c in f}))))
    table = cases.set_index("case_id")[["municipality", "status"]].join(per_case, how="inner")
    table = table[table["open"] > 0].sort_values(["open", "longest"], ascending=False)
    table["status"] = table["status"].map(codes.CASE_STATUS)
    table = table.rename(columns={
        "municipality": "Kommune", "status": "Status", "open": "offene Hürden",
        "obstacles": "Hürden", "longest": "längste (Tage)", "fields": "Handlungsfelder"})
    table.index.name = "Fall"
    return table


def filter_cases(caseload: Caseload, field: str | None = None, min_open: int = 0,
                 min_days: int = 0, consent_only: bool = True,
                 today: pd.Timestamp | None = None) -> pd.DataFrame:
    """Cases to choose from for the conference, by Handlungsfeld, open obstacles, duration and
    consent; most open obstacles first, as in ``conference_candidates``.

    Unlike ``conference_candidates`` it also lists cases without (open) obstacles when
    ``min_open`` is 0, and cases without consent when ``consent_only`` is False (they are
    refused when pseudonymised; the list says so). ``field`` (a code such as "housing", or its
    German label) keeps the cases whose events, obstacles or goals touch that Handlungsfeld;
    ``min_open`` then counts the open obstacles in that field ("im Feld offen"). Duration is
    days from ``opened_on`` to ``closed_on`` or ``today``.

    Columns: Kommune, Status, Einwilligung, offene Hürden, im Feld offen, Hürden,
    längste (Tage) (the longest an obstacle has been or was open), Dauer (Tage),
    Handlungsfelder; indexed by case id ("Fall").
    """
    today = pd.Timestamp(today).normalize() if today is not None else (
        pd.Timestamp.today().normalize())
    if field is not None and field not in codes.FIELDS:
        by_label = {label: code for code, label in codes.FIELDS.items()}
        if field not in by_label:
            raise ValueError(f"Unbekanntes Handlungsfeld {field!r}.")
        field = by_label[field]
    cases = caseload.cases.set_index("case_id", drop=False)
    obstacles = caseload.obstacles.copy()
    obstacles["open"] = obstacles["resolved_on"].isna()
    obstacles["days"] = (obstacles["resolved_on"].fillna(today) - obstacles["since"]).dt.days
    obstacles["open_in_field"] = obstacles["open"] & (
        (obstacles["field"] == field) if field is not None else True)
    per_case = obstacles.groupby("case_id").agg(
        open=("open", "sum"), open_in_field=("open_in_field", "sum"),
        obstacles=("open", "size"), longest=("days", "max"))
    touched = pd.concat([frame[["case_id", "field"]] for frame in
                         (caseload.events, caseload.obstacles, caseload.goals)])
    touched = touched.dropna().astype({"field": str})
    order = {code: index for index, code in enumerate(codes.FIELDS)}
    fields = touched.drop_duplicates().groupby("case_id")["field"].agg(
        lambda f: ", ".join(codes.FIELDS.get(c, c) for c in sorted(f, key=lambda c: order.get(
            c, len(order)))))
    end = cases["closed_on"].fillna(today)
    table = pd.DataFrame({
        "Kommune": cases["municipality"],
        "Status": cases["status"].astype(str).map(codes.CASE_STATUS),
        "Einwilligung": (cases["consent_conference"] == "yes").map({True: "ja", False: "nein"}),
        "offene Hürden": per_case["open"].reindex(cases.index).fillna(0).astype(int),
        "im Feld offen": per_case["open_in_field"].reindex(cases.index).fillna(0).astype(int),
        "Hürden": per_case["obstacles"].reindex(cases.index).fillna(0).astype(int),
        "längste (Tage)": per_case["longest"].reindex(cases.index).fillna(0).astype(int),
        "Dauer (Tage)": (end - cases["opened_on"]).dt.days.fillna(0).astype(int),
        "Handlungsfelder": fields.reindex(cases.index).fillna(""),
    }, index=cases.index)
    keep = table["Dauer (Tage)"] >= min_days
    keep &= table["im Feld offen"] >= min_open
    if consent_only:
        keep &= table["Einwilligung"] == "ja"
    if field is not None:
        in_field = set(touched.loc[touched["field"] == field, "case_id"])
        keep &= table.index.isin(in_field)
    table = table[keep].sort_values(["im Feld offen", "offene Hürden", "längste (Tage)",
                                     "Dauer (Tage)"], ascending=False, kind="stable")
    table.index.name = "Fall"
    return table
