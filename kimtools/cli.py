"""Command line: every step of the notebooks, scriptable (DESIGN §7).

Exit codes: 0 done (warnings allowed), 2 refused because of the input, with a German message
and nothing written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from kimtools.cli_german import GermanTyper, confirm

app = GermanTyper(no_args_is_help=True, pretty_exceptions_enable=False,
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
    single_town: Annotated[bool, typer.Option(
        "--single-town", help="Alle Fälle bei einem Träger in einer Kommune, wie bei einem "
        "KIM-Träger einer kleinen Stadt (realistisch 30–150 Fälle)")] = False,
) -> None:
    """Synthetischen Fallbestand erzeugen (mit Wahrheitsdatei truth.json daneben)."""
    from synthetic import write_synthetic_caseload

    if fmt not in ("csv", "xlsx"):
        _fail(f"Format „{fmt}“ unbekannt; erwartet: csv oder xlsx.")
    path = write_synthetic_caseload(out, cases=cases, seed=seed, fmt=fmt,
                                    as_of=_parse_day(as_of), single_town=single_town)
    where = " (ein Träger, eine Kommune)" if single_town else ""
    typer.echo(f"Synthetischer Fallbestand mit {cases} Fällen{where} geschrieben: {path}")


@app.command()
def check(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP, metavar="FALLBESTAND")],
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
def summary(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP, metavar="FALLBESTAND")],
) -> None:
    """Übersicht eines Fallbestands: Kommunen, Handlungsfelder, offene Hürden."""
    from kimtools.caseload.summary import render_summary

    typer.echo(render_summary(_read_checked(caseload)))


@app.command()
def candidates(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP, metavar="FALLBESTAND")],
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
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP, metavar="FALLBESTAND")],
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
    new_key: Annotated[bool, typer.Option(
        "--new-key", help="neuen Schlüssel anlegen, obwohl die Zuordnung Pseudonyme eines "
                          "verlorenen Schlüssels enthält (dieselben Fälle erhalten dann neue "
                          "Pseudonyme)")] = False,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="ausgefüllte Entscheidungsdatei (CSV) aus „kimtools "
                            "markierungen“")] = None,
) -> None:
    """Ausgewählte Fälle pseudonymisieren und als Konferenzpaket schreiben."""
    from kimtools.package import PackageError, check_target
    from kimtools.privacy.decisions import OpenFlags
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
    try:
        check_target(out)
    except PackageError as exc:
        _fail(str(exc))
    loaded = _read_checked(caseload)
    try:
        key = load_or_create_key(key_file, new_key=new_key)
        key.read_mapping()
    except KeyFileError as exc:
        _fail(str(exc))
    for warning in key.warnings:
        typer.echo(warning, err=True)
    if key.created:
        typer.echo(new_key_notice(key), err=True)
    try:
        draft = prepare_package(loaded, cases.split(","), key, k=k, district=district)
        _apply_decisions(draft, decisions)
        if approved_by:
            draft.approve(approved_by)
        path = write_package(draft, out, loaded)
    except Refused as exc:
        for refusal in exc.refusals:
            typer.echo(f"Abgelehnt: {refusal}", err=True)
        if isinstance(exc, OpenFlags):
            typer.echo("Entscheidungsdatei anlegen mit „kimtools markierungen "
                       f"{caseload} --cases {cases} --out entscheidungen.csv“, in Excel "
                       "ausfüllen und mit --decisions entscheidungen.csv angeben.", err=True)
        _fail("Nichts geschrieben.")
    except (LeakDetected, PackageError) as exc:
        _fail(f"{exc}\nNichts geschrieben.")
    typer.echo(f"Konferenzpaket geschrieben: {path}")
    typer.echo(describe(draft))


def _apply_decisions(draft, decisions: Path | None) -> None:
    """The decisions file's decisions on the draft, or a German error and exit code 2."""
    if decisions is None:
        return
    from kimtools.privacy.decisionfile import DecisionFileError, read_decisions
    from kimtools.privacy.decisions import decide

    try:
        decide(draft, read_decisions(decisions, draft))
    except (DecisionFileError, ValueError) as exc:
        _fail(f"{exc}\nNichts geschrieben.")


@app.command()
def markierungen(
    caseload: Annotated[Path, typer.Argument(help=CASELOAD_HELP, metavar="FALLBESTAND")],
    cases: Annotated[str, typer.Option("--cases", help="Fall-IDs, mit Komma getrennt")],
    out: Annotated[Path, typer.Option("--out", help="Entscheidungsdatei (.csv, für Excel)")],
    key_file: Annotated[Path | None, typer.Option(
        "--key-file", help="Schlüsseldatei (Standard: im Konfigurationsordner)")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Mindestgröße k der Gruppe")] = 3,
    district: Annotated[str | None, typer.Option(
        "--district", help="Kreis, der als letzte Stufe statt der Kommune gezeigt werden darf")
    ] = None,
) -> None:
    """Markierte Textstellen (Einzigartigkeit, Beruf, Amt, Arbeitgeber, Heimatort) als
    Entscheidungsdatei schreiben: in Excel ausfüllen, dann „pseudonymise --decisions“."""
    from kimtools.privacy.decisionfile import DecisionFileError, write_decisions
    from kimtools.privacy.keys import KeyFileError, load_or_create_key, new_key_notice
    from kimtools.privacy.pseudonymise import Refused, prepare_package

    loaded = _read_checked(caseload)
    try:
        key = load_or_create_key(key_file)
        for warning in key.warnings:
            typer.echo(warning, err=True)
        if key.created:
            typer.echo(new_key_notice(key), err=True)
        draft = prepare_package(loaded, cases.split(","), key, k=k, district=district)
        count = write_decisions(draft, out)
    except KeyFileError as exc:
        _fail(str(exc))
    except Refused as exc:
        for refusal in exc.refusals:
            typer.echo(f"Abgelehnt: {refusal}", err=True)
        _fail("Nichts geschrieben.")
    except (DecisionFileError, OSError) as exc:
        _fail(f"{exc}")
    if count:
        typer.echo(f"{count} Markierung(en) geschrieben: {out}. Bitte in Excel je Zeile "
                   "„Entscheidung“ ausfüllen (behalten mit Begründung, verallgemeinern – mit "
                   "Vorschlag oder eigenem Ersatztext –, löschen) und die Datei mit "
                   "„kimtools pseudonymise … --decisions“ angeben.")
    else:
        typer.echo(f"Keine Markierungen in den gewählten Fällen; leere Datei geschrieben: {out}")


findings_app = GermanTyper(no_args_is_help=True,
                           help="Befundregister: strukturelle Befunde der Planungskonferenzen")
app.add_typer(findings_app, name="findings")

DB_HELP = "Befundregister (SQLite-Datei)"
STATUS_HELP = "nur Befunde mit diesem Status (mehrfach oder mit Komma getrennt)"
LEVEL_HELP = "nur Befunde dieser Ebene (mehrfach oder mit Komma getrennt)"


def _choices(values: list[str] | None, allowed: dict[str, str], what: str) -> list[str]:
    """Option values as register codes; "uebergeben" or "in-bearbeitung" are understood too."""
    def key(text: str) -> str:
        return (text.strip().casefold().replace("ü", "ue").replace("_", " ")
                .replace("-", " "))

    known = {key(code): code for code in allowed}
    chosen = []
    for value in values or []:
        for part in filter(None, (p.strip() for p in value.split(","))):
            if key(part) not in known:
                _fail(f"{what} „{part}“ unbekannt; erlaubt: {', '.join(allowed)}.")
            chosen.append(known[key(part)])
    return chosen


def _befunde(count: int) -> str:
    return f"{count} Befund" if count == 1 else f"{count} Befunde"


def _findings_register(db: Path, create: bool = False, read_only: bool = False):
    """The opened register (checked), or a German message and exit code 2."""
    from kimtools.findings import RegisterError, open_register

    try:
        register = open_register(db, create=create, read_only=read_only)
    except RegisterError as exc:
        _fail(str(exc))
    if register.warning:
        typer.echo(register.warning, err=True)
    return register


@findings_app.command("list")
def findings_list(
    db: Annotated[Path, typer.Option("--db", help=DB_HELP)],
    status: Annotated[list[str] | None, typer.Option("--status", help=STATUS_HELP)] = None,
    level: Annotated[list[str] | None, typer.Option("--level", help=LEVEL_HELP)] = None,
    today: Annotated[str | None, typer.Option(
        help="Stichtag für „überfällig“ (Standard: heute)")] = None,
) -> None:
    """Befunde als Tabelle zeigen, die neuesten Konferenzen zuerst."""
    from kimtools.findings import LEVELS, STATUSES, Filters, overview
    from kimtools.findings.overview import render_table

    filters = Filters(status=_choices(status, STATUSES, "Status"),
                      level=_choices(level, LEVELS, "Ebene"))
    with _findings_register(db, read_only=True) as register:
        frame = overview(register, filters, _parse_day(today))
    typer.echo(render_table(frame))
    typer.echo(f"{_befunde(len(frame))}, davon {int(frame['overdue'].sum())} überfällig.")


@findings_app.command("conferences")
def findings_conferences(db: Annotated[Path, typer.Option("--db", help=DB_HELP)]) -> None:
    """Konferenzen zeigen: Datum, Ort, Kurz-ID, Zahl der Fälle und Befunde (neueste zuerst);
    Datum oder Kurz-ID genügen für „kimtools minutes --conference“."""
    from kimtools.findings.lookup import conference_rows

    with _findings_register(db, read_only=True) as register:
        rows = conference_rows(register)
    if not rows:
        typer.echo("Keine Konferenzen im Register.")
        return
    width = max(len(r.place) for r in rows)
    typer.echo(f"{'Datum':10}  {'Ort':{width}}  {'Kurz-ID':8}  Fälle  Befunde")
    for r in rows:
        typer.echo(f"{r.conference.date:%d.%m.%Y}  {r.place:{width}}  {r.short_id:8}  "
                   f"{len(r.conference.cases):5d}  {r.findings:7d}")
    typer.echo(f"{len(rows)} Konferenzen." if len(rows) != 1 else "1 Konferenz.")


@findings_app.command("export")
def findings_export(
    db: Annotated[Path, typer.Option("--db", help=DB_HELP)],
    out: Annotated[Path, typer.Option("--out", help="Zieldatei")],
    fmt: Annotated[str, typer.Option("--format", help="csv, xlsx oder json")] = "xlsx",
    status: Annotated[list[str] | None, typer.Option("--status", help=STATUS_HELP)] = None,
    level: Annotated[list[str] | None, typer.Option("--level", help=LEVEL_HELP)] = None,
) -> None:
    """Befunde exportieren: CSV/XLSX für Menschen, JSON zum Zusammenführen."""
    from kimtools.findings import LEVELS, STATUSES, ExportError, export_register

    if fmt not in ("csv", "xlsx", "json"):
        _fail(f"Format „{fmt}“ unbekannt; erwartet: csv, xlsx oder json.")
    chosen_status = _choices(status, STATUSES, "Status")
    chosen_level = _choices(level, LEVELS, "Ebene")
    with _findings_register(db, read_only=True) as register:
        try:
            path = export_register(register, out, fmt, chosen_status, chosen_level)
        except ExportError as exc:
            _fail(f"{exc} Nichts geschrieben.")
        count = len(register.findings(chosen_status, chosen_level))
    typer.echo(f"{_befunde(count)} exportiert: {path}")


@findings_app.command("merge")
def findings_merge(
    db: Annotated[Path, typer.Option("--db", help=DB_HELP + "; wird angelegt, wenn es fehlt")],
    source: Annotated[Path, typer.Option("--from", help="JSON-Export eines anderen Registers")],
) -> None:
    """JSON-Export einer Kommune in dieses Register übernehmen, ohne Doppelungen."""
    from kimtools.findings import ExportError, load_export
    from kimtools.findings.exchange import merge_records

    try:
        records = load_export(source)
    except ExportError as exc:
        _fail(str(exc))
    created = not db.exists()
    with _findings_register(db, create=True) as register:
        try:
            result = merge_records(register, records, source)
        except ExportError as exc:
            _fail(str(exc))
    if created:
        typer.echo(f"Neues Befundregister angelegt: {db}")
    typer.echo(f"Übernommen aus {source}: {result.describe()}")


@findings_app.command("stats")
def findings_stats(
    db: Annotated[Path, typer.Option("--db", help=DB_HELP)],
    year: Annotated[int | None, typer.Option("--year", min=1900, max=9999,
                                             help="nur dieses Jahr (JJJJ)")] = None,
) -> None:
    """Kennzahlen für den Jahresbericht; Werte unter 3 werden nicht ausgewiesen."""
    from kimtools.findings import annual_stats, render_stats

    with _findings_register(db, read_only=True) as register:
        typer.echo(render_stats(annual_stats(register, year)))



@app.command()
def jahresbericht(
    jahr: Annotated[int, typer.Option("--jahr", min=1900, max=9999, help="Berichtsjahr (JJJJ)")],
    caseload: Annotated[Path | None, typer.Option(
        "--caseload", help="Fallbestand des Trägers: " + CASELOAD_HELP)] = None,
    db: Annotated[Path | None, typer.Option("--db", help=DB_HELP)] = None,
    out: Annotated[str, typer.Option(
        "--out", help="Zielordner oder Dateiname ohne Endung (.docx und .xlsx)")] = ".",
) -> None:
    """Jahresbericht als DOCX und XLSX: Fallarbeit und Befunde, Werte unter 3 verdeckt."""
    from kimtools.jahresbericht import InputError, ReportError, make_report

    try:
        report = make_report(jahr, out, caseload, db)
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(problem, err=True)
        _fail(f"{exc} Nichts geschrieben.")
    except ReportError as exc:
        _fail(f"{exc} Nichts geschrieben.")
    for warning in report.warnings:
        typer.echo(warning, err=True)
    typer.echo(f"Jahresbericht {jahr} geschrieben: {report.paths[0]} und {report.paths[1]}")



conference_app = GermanTyper(no_args_is_help=True,
                             help="Planungskonferenz aus mehreren Konferenzpaketen")
app.add_typer(conference_app, name="konferenz")


@conference_app.command("anlegen")
def conference_create(
    packages: Annotated[list[Path], typer.Argument(
        help="Konferenzpakete (Ordner oder .zip), in der Reihenfolge der Tagesordnung",
        metavar="PAKETE")],
    datum: Annotated[str, typer.Option("--datum", help="Tag der Konferenz (TT.MM.JJJJ)")],
    db: Annotated[Path, typer.Option("--db", help=DB_HELP + "; wird angelegt, wenn es fehlt")],
    ort: Annotated[str, typer.Option("--ort", help="Ort der Konferenz")] = "",
    kommune: Annotated[str, typer.Option("--kommune", help="Kommune oder Kreis")] = "",
    minuten: Annotated[int, typer.Option("--minuten", min=1, max=120,
                                         help="geplante Minuten je Fall")] = 15,
) -> None:
    """Konferenz anlegen: jedes Paket wird geprüft (Unterschrift, Freigabe, bestätigter
    Schlüssel, kein Pseudonym doppelt); je Paket ein Tagesordnungspunkt."""
    from kimtools.conference import (
        ConferenceError,
        collect_packages,
        create_conference,
        plan_conference,
    )

    day = _parse_day(datum)
    try:
        plan = plan_conference(collect_packages(packages), day, ort.strip(), minuten)
    except ConferenceError as exc:
        _fail(str(exc))
    from kimtools.findings import RegisterError

    created = not db.exists()
    try:
        with _findings_register(db, create=True) as register:
            create_conference(register, plan, municipality=kommune.strip())
    except RegisterError as exc:
        if created:
            db.unlink(missing_ok=True)
        _fail(f"{exc} Keine Konferenz angelegt.")
    if created:
        typer.echo(f"Neues Befundregister angelegt: {db}")
    typer.echo(plan.describe())
    typer.echo(f"Zeigen mit: kimtools serve --register {db} --konferenz {plan.conference_id}")


@conference_app.command("zeigen")
def conference_show(
    konferenz: Annotated[str, typer.Argument(help="ID (oder ihr Anfang) oder Datum der "
                                                  "Konferenz")],
    db: Annotated[Path, typer.Option("--db", help=DB_HELP)],
) -> None:
    """Tagesordnung einer Konferenz zeigen; ihre Pakete werden dabei erneut geprüft."""
    from kimtools.conference import ConferenceError, load_plan

    if not db.exists():
        _fail(f"Befundregister nicht gefunden: {db}")
    with _findings_register(db, read_only=True) as register:
        try:
            plan = load_plan(register, konferenz)
        except ConferenceError as exc:
            _fail(str(exc))
    typer.echo(plan.describe())


@app.command()
def serve(
    package: Annotated[Path | None, typer.Argument(
        help="Konferenzpaket (Ordner oder .zip); oder --konferenz mit --register",
        metavar="PAKET")] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port des Servers")
                    ] = 8866,
    share: Annotated[bool, typer.Option(
        "--share", help="im lokalen Netz freigeben (Adresse mit Zugangsschlüssel wird "
                        "ausgegeben); sonst nur auf diesem Rechner")] = False,
    address: Annotated[str | None, typer.Option(
        "--address", help="mit --share: diese Adresse des Rechners statt der ermittelten "
                          "(bei mehreren Netzwerken, z. B. LAN und WLAN)")] = None,
    register: Annotated[Path | None, typer.Option(
        "--register", help="Befundregister (SQLite) zum Erfassen der Befunde, auf dem "
                           "Rechner der Koordinierungsstelle; mit --konferenz gibt --share "
                           "nur die Ansicht für Teilnehmende frei")] = None,
    max_kernels: Annotated[int, typer.Option(
        "--max-kernels", min=1, max=500,
        help="höchstens so viele gleichzeitig geöffnete Ansichten (je etwa 250 MB "
             "Arbeitsspeicher)")] = 20,
    trust_key: Annotated[str | None, typer.Option(
        "--trust-key", help="Fingerabdruck des Trägerschlüssels bestätigen (vorher mit dem "
                            "Träger abgleichen), wie „kimtools trust“")] = None,
    konferenz: Annotated[str | None, typer.Option(
        "--konferenz", help="Konferenz aus dem Befundregister (ID, ihr Anfang oder Datum) "
                            "statt eines Pakets: alle ihre Pakete entlang der Tagesordnung")
    ] = None,
    praesentation: Annotated[bool, typer.Option(
        "--praesentation", help="mit --konferenz: Präsentationsansicht für den Projektor "
                                "(ein Bildschirm je Fall, Bild ab/auf, Zeit je TOP)")] = False,
) -> None:
    """Dashboard der Planungskonferenz mit Voilà zeigen, abgesichert; Beenden mit Strg+C."""
    from kimtools.serve import PRESENTER_NOTEBOOK, ServeError
    from kimtools.serve import serve as run_server

    if address and not share:
        _fail("--address gilt nur zusammen mit --share.")
    if (package is None) == (konferenz is None):
        _fail("Bitte entweder ein Konferenzpaket oder --konferenz (mit --register) angeben.")
    if praesentation and konferenz is None:
        _fail("--praesentation gilt nur zusammen mit --konferenz.")
    if trust_key and package is None:
        _fail("--trust-key gilt für ein Paket; Schlüssel der Pakete einer Konferenz mit "
              "„kimtools trust PAKET“ bestätigen.")
    if trust_key:
        _confirm_key(package, trust_key)
    try:
        run_server(package, port=port, share=share, address=address, echo=typer.echo,
                   register=register, max_kernels=max_kernels, conference=konferenz,
                   notebook=PRESENTER_NOTEBOOK if praesentation else None)
    except ServeError as exc:
        _fail(str(exc))


@app.command()
def minutes(
    conference: Annotated[str, typer.Option(
        "--conference", help="Konferenz: Datum (TT.MM.JJJJ oder JJJJ-MM-TT, wenn an dem Tag nur "
                             "eine war) oder Kurz-ID (ab 6 Zeichen; siehe „kimtools findings "
                             "conferences“)")],
    out: Annotated[Path, typer.Option(
        "--out", help="Zieldatei des Protokolls; bei mehreren Formaten der Name ohne Endung "
                      "(protokoll → protokoll.html, protokoll.pdf …)")],
    db: Annotated[Path, typer.Option("--db", help="Befundregister (SQLite-Datei)")],
    fmt: Annotated[str | None, typer.Option(
        "--format", help="html, pdf oder docx, auch mehrere mit Komma (html,pdf,docx) in einem "
                         "Lauf (Standard: nach der Endung von --out)")] = None,
    caseload: Annotated[Path | None, typer.Option(
        "--caseload", help="Fallbestand (Ordner oder .xlsx), falls vorhanden: das Protokoll "
                           "wird zusätzlich auf jedes seiner Kennzeichen geprüft")] = None,
) -> None:
    """Protokoll einer Planungskonferenz erstellen (HTML, PDF, DOCX oder mehrere davon); bei
    einem Fund in der Leak-Prüfung wird nichts geschrieben."""
    from kimtools.minutes import FORMATS, MinutesError, write_minutes_files
    from kimtools.minutes.build import output_paths

    chosen = [part.strip().lower().lstrip(".")
              for part in (fmt or out.suffix.lstrip(".")).split(",") if part.strip()]
    unknown = [c for c in chosen if c not in FORMATS]
    if unknown or not chosen:
        _fail(f"Format „{unknown[0] if unknown else fmt or out.suffix}“ unbekannt; erwartet: "
              "html, pdf oder docx, auch mehrere mit Komma (--format oder die Endung von "
              "--out).")
    ending = out.suffix.lstrip(".").lower()
    if ending in FORMATS and ending not in chosen:
        _fail(f"--format {','.join(chosen)} passt nicht zur Endung von {out}; nichts "
              "geschrieben.")
    if not db.exists():
        _fail(f"Befundregister nicht gefunden: {db}")
    targets = output_paths(out, chosen)
    try:
        produced = write_minutes_files(db, conference, targets, caseload=caseload)
    except MinutesError as exc:
        _fail(str(exc))
    for warning in produced.minutes.warnings:
        typer.echo(f"Hinweis: {warning}", err=True)
    cases, findings = len(produced.minutes.cases), len(produced.minutes.findings)
    what = (f"({produced.minutes.date:%d.%m.%Y}, {cases} {'Fall' if cases == 1 else 'Fälle'}, "
            f"{findings} {'Befund' if findings == 1 else 'Befunde'})")
    for path in targets.values():
        typer.echo(f"Protokoll geschrieben: {path} {what}")


def _confirm_key(package: Path, fingerprint: str | None, replace: bool = False,
                 also: bool = False) -> None:
    """Confirm the package's signing key in the trust list, or exit 2 saying why not."""
    from kimtools.package import PackageError, load_package
    from kimtools.trust import TrustStore

    try:
        loaded = load_package(package)
        store = TrustStore.load()
        typer.echo(f"Paket {package}\n  Träger: {', '.join(loaded.providers) or 'ohne Angabe'}"
                   f"\n  Fingerabdruck des Schlüssels: {loaded.fingerprint}")
        if fingerprint is None:
            if not typer.get_text_stream("stdin").isatty():
                _fail("Bitte den mit dem Träger abgeglichenen Fingerabdruck mit --fingerprint "
                      "angeben. Nichts bestätigt.")
            if not confirm("Hat der Träger genau diesen Fingerabdruck bestätigt?"):
                _fail("Nicht bestätigt.")
            fingerprint = loaded.fingerprint
        entry = store.confirm(loaded, fingerprint, replace=replace, also=also)
    except PackageError as exc:
        _fail(str(exc))
    typer.echo(f"Schlüssel {entry.fingerprint} bestätigt für: "
               f"{', '.join(entry.providers) or 'ohne Angabe'} ({store.path}).")


@app.command()
def trust(
    package: Annotated[Path, typer.Argument(
        help="Konferenzpaket (Ordner oder .zip)", metavar="PAKET")],
    fingerprint: Annotated[str | None, typer.Option(
        "--fingerprint", help="Fingerabdruck, den der Träger genannt hat (sonst Rückfrage)")
    ] = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="der Träger hat einen neuen Schlüssel; der bisherige gilt nicht "
                          "mehr")] = False,
    also: Annotated[bool, typer.Option(
        "--also", help="ein weiterer Schlüssel desselben Trägers (z. B. einer anderen "
                       "Fallmanagerin)")] = False,
) -> None:
    """Schlüssel eines Trägers bestätigen: einmal je Schlüssel, nach Abgleich des
    Fingerabdrucks mit dem Träger (Liste: KIMTOOLS_TRUST_FILE oder Konfigurationsordner)."""
    _confirm_key(package, fingerprint, replace=replace, also=also)


@app.command()
def lab(
    folder: Annotated[Path, typer.Argument(
        help="Arbeitsordner für die Notebooks (wird angelegt; Standard: aktueller Ordner)",
        metavar="ORDNER")] = Path("."),
    no_browser: Annotated[bool, typer.Option(
        "--no-browser", help="keinen Browser öffnen; die Adresse wird ausgegeben")] = False,
    port: Annotated[int | None, typer.Option(
        "--port", min=1, max=65535, help="Port von JupyterLab (Standard: ein freier ab 8888)")
    ] = None,
) -> None:
    """Notebooks in einen Arbeitsordner holen (vorhandene bleiben unverändert) und JupyterLab
    auf Deutsch öffnen; Beenden mit Strg+C."""
    import subprocess

    from kimtools.lab import LabError, command, prepare

    try:
        space = prepare(folder)
    except LabError as exc:
        _fail(str(exc))
    typer.echo(f"Arbeitsordner: {space.folder}")
    if space.copied:
        typer.echo(f"Neu hineinkopiert: {', '.join(space.copied)}")
    if space.kept:
        typer.echo(f"Schon vorhanden, unverändert gelassen: {', '.join(space.kept)}")
    argv, env = command(space, port=port, browser=not no_browser)
    typer.echo("JupyterLab startet (Beenden mit Strg+C) …")
    try:
        code = subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        code = 0
    raise typer.Exit(code)
