"""Command line: every step of the notebooks, scriptable (DESIGN §7).

Exit codes: 0 done (warnings allowed), 2 refused because of the input, with a German message
and nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="kimtools – Planungskonferenzen im Kommunalen Integrationsmanagement")

EXIT_INPUT = 2
CASELOAD_HELP = "Ordner mit CSV-Dateien oder .xlsx-Datei"


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INPUT)


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    _fail(f"Datum „{value}“ nicht lesbar; erwartet: TT.MM.JJJJ oder JJJJ-MM-TT.")
    return None


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Zielordner (CSV) oder Datei .xlsx")],
    cases: Annotated[int, typer.Option("--cases", min=1, help="Anzahl der Fälle")] = 200,
    seed: Annotated[int, typer.Option(help="Startwert: gleicher Wert, gleicher Bestand")] = 1,
    fmt: Annotated[str, typer.Option("--format", help="csv oder xlsx")] = "csv",
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Stichtag des Bestands (Standard: heute)")] = None,
) -> None:
    """Synthetischen Fallbestand erzeugen (mit Wahrheitsdatei truth.json daneben)."""
    from synthetic import write_synthetic_caseload

    if fmt not in ("csv", "xlsx"):
        _fail(f"Format „{fmt}“ unbekannt; erwartet: csv oder xlsx.")
    path = write_synthetic_caseload(out, cases=cases, seed=seed, fmt=fmt,
                                    as_of=_parse_day(as_of))
    typer.echo(f"Synthetischer Fallbestand mit {cases} Fällen geschrieben: {path}")


@app.command()
def check(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP)],
    today: Annotated[str | None, typer.Option(help="Prüfdatum (Standard: heute)")] = None,
) -> None:
    """Fallbestand lesen und prüfen; nennt jedes Problem mit Datei, Zeile und Spalte."""
    from kimtools.caseload import check_caseload

    loaded, problems = check_caseload(caseload, _parse_day(today))
    for problem in problems:
        typer.echo(str(problem), err=problem.is_error)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        _fail(f"{errors} Fehler, {warnings} Warnungen: der Fallbestand kann so nicht "
              "verwendet werden.")
    typer.echo(f"Fallbestand in Ordnung: {len(loaded.cases)} Fälle, {len(loaded.persons)} "
               f"Personen, {len(loaded.events)} Ereignisse; {warnings} Warnungen.")


@app.command()
def summary(caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP)]) -> None:
    """Übersicht eines Fallbestands: Kommunen, Handlungsfelder, offene Hürden."""
    from kimtools.caseload.summary import render_summary

    typer.echo(render_summary(_read_checked(caseload)))


@app.command()
def candidates(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP)],
    count: Annotated[int, typer.Option("--count", min=1, help="Anzahl der Vorschläge")] = 10,
    ids: Annotated[bool, typer.Option("--ids", help="nur die Fall-IDs, mit Komma getrennt")
                   ] = False,
) -> None:
    """Fälle vorschlagen, die sich für die Konferenz eignen: Einwilligung, offene Hürden."""
    import pandas as pd

    from kimtools.caseload.summary import conference_candidates

    table = conference_candidates(_read_checked(caseload)).head(count)
    if ids:
        typer.echo(",".join(table.index))
    else:
        with pd.option_context("display.width", 160, "display.max_colwidth", 80):
            typer.echo(table.to_string())


def _read_checked(caseload: Path):
    """The caseload, or a German list of its problems and exit code 2."""
    from kimtools.caseload import CaseloadError, read_caseload

    try:
        return read_caseload(caseload)
    except CaseloadError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        _fail(f"{exc} Nichts geschrieben; bitte zuerst mit „kimtools check“ prüfen.")


@app.command()
def pseudonymise(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP)],
    cases: Annotated[str, typer.Option("--cases", help="Fall-IDs, mit Komma getrennt")],
    out: Annotated[Path, typer.Option("--out", help="Paketordner oder .zip")],
    key_file: Annotated[Path | None, typer.Option(
        "--key-file", help="Schlüsseldatei (Standard: im Konfigurationsordner)")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Mindestgröße k der Gruppe")] = 3,
    approved_by: Annotated[str | None, typer.Option(
        "--approved-by", help="Name der Person, die die Ersetzungen geprüft hat")] = None,
    district: Annotated[str | None, typer.Option(
        "--district", help="Kreis, der als letzte Stufe statt der Kommune gezeigt werden darf")
    ] = None,
) -> None:
    """Ausgewählte Fälle pseudonymisieren und als Konferenzpaket schreiben."""
    from kimtools.package import PackageError
    from kimtools.privacy.keys import KeyFileError, load_or_create_key, new_key_notice
    from kimtools.privacy.pseudonymise import (
        LeakDetected,
        Refused,
        describe,
        prepare_package,
        write_package,
    )

    if out.exists():
        _fail(f"{out} existiert bereits; ein Paket wird nie überschrieben. Nichts geschrieben.")
    loaded = _read_checked(caseload)
    try:
        key = load_or_create_key(key_file)
    except KeyFileError as exc:
        _fail(str(exc))
    if key.created:
        typer.echo(new_key_notice(key), err=True)
    try:
        draft = prepare_package(loaded, cases.split(","), key, k=k, district=district)
        if approved_by:
            draft.approve(approved_by)
        path = write_package(draft, out, loaded)
    except Refused as exc:
        for refusal in exc.refusals:
            typer.echo(f"Abgelehnt: {refusal}", err=True)
        _fail("Nichts geschrieben.")
    except (LeakDetected, PackageError) as exc:
        _fail(f"{exc}\nNichts geschrieben.")
    typer.echo(f"Konferenzpaket geschrieben: {path}")
    typer.echo(describe(draft))
