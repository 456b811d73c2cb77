"""Every help page and usage error of the command line is German (issue 15)."""

import re
import shlex
from pathlib import Path

import pytest
import typer
from typer._click import exceptions as click_errors
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.cli_german import german_message

# What Click and Typer print in English when nothing is translated.
ENGLISH = [
    "Usage", "Options", "Arguments", "Commands", "[required]", "required", "[default",
    "Show this message", "and exit", "Missing argument", "Missing option", "Missing command",
    "Missing parameter", "No such option", "No such command", "Invalid value", "Error",
    "Possible options", "Did you mean", "Try '", "for help", "--install-completion",
    "--show-completion", "Got unexpected", "requires an argument", "Input should",
    "Aborted", "<str>", "<int", "<path>", "<bool>", "[OPTIONS]", "COMMAND", "[ARGS]",
    "not a valid", "env var", "[y/N]", "list[", "range>", "<float", "<datetime", "<file",
    "<directory",
]

runner = CliRunner()


def _command_paths(command, prefix=()):
    """Every command and subcommand below the app, as argument lists."""
    yield list(prefix)
    for name in getattr(command, "commands", {}):
        yield from _command_paths(command.commands[name], (*prefix, name))


ROOT = typer.main.get_command(app)
PATHS = list(_command_paths(ROOT))


def _english_in(text: str) -> list[str]:
    # Option names are part of the command line, not prose: "--required-by" would be fine.
    prose = re.sub(r"--[a-z][a-z-]*", "", text)
    return [phrase for phrase in ENGLISH if phrase.startswith("--") and phrase in text
            or not phrase.startswith("--") and phrase in prose]


def test_the_walk_reaches_every_command():
    names = {" ".join(path) for path in PATHS}
    assert {"", "synth", "pseudonymise", "serve", "minutes", "findings",
            "findings list", "findings stats"} <= names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kimtools")
def test_help_is_german(path):
    result = runner.invoke(app, [*path, "--help"], terminal_width=100,
                           prog_name="kimtools")
    assert result.exit_code == 0, result.output
    assert "Aufruf: kimtools" in result.output
    assert "Diese Hilfe zeigen und beenden." in result.output
    assert _english_in(result.output) == [], result.output


@pytest.mark.parametrize("group", [[], ["findings"]], ids=["kimtools", "findings"])
def test_a_group_without_command_shows_its_german_help(group):
    result = runner.invoke(app, group, terminal_width=100, prog_name="kimtools")
    assert result.exit_code == 2
    assert "Aufruf: kimtools" in result.output and "Befehle" in result.output
    assert _english_in(result.output) == [], result.output


def test_command_list_shows_each_summary_as_one_paragraph():
    """Docstrings wrapped in the source do not break lines in the middle of the command list."""
    def commands(group):
        for command in group.commands.values():
            yield command
            yield from commands(command) if hasattr(command, "commands") else ()

    summaries = {c.name: c.help.split("\n\n")[0] for c in commands(ROOT)}
    assert summaries["minutes"].endswith("bei einem Fund in der Leak-Prüfung wird nichts "
                                         "geschrieben.")
    assert [name for name, text in summaries.items() if "\n" in text] == []


USAGE_ERRORS = [
    (["nix"], "Unbekannter Befehl „nix“."),
    (["findings", "lsit"], "Unbekannter Befehl „lsit“. Gemeint vielleicht: 'list'?"),
    (["findings", "list"], "Option --db fehlt (Pflichtangabe)."),
    (["check"], "Argument FALLBESTAND fehlt (Pflichtangabe)."),
    (["check", "a", "b"], "Zu viele Angaben: b (nicht erwartet)."),
    (["minutes", "--bogus"], "Unbekannte Option: --bogus."),
    (["serve", "paket", "--port", "abc"], "Ungültiger Wert für --port: eine ganze Zahl"),
    (["serve", "paket", "--port", "0"], "Ungültiger Wert für --port: mindestens 1."),
    (["serve", "paket", "--port", "70000"], "Ungültiger Wert für --port: höchstens 65535."),
    (["findings", "stats", "--db", "r.sqlite", "--year"], "Option --year braucht einen Wert."),
    (["synth", "--out", "x", "--cases", "1.5"], "Ungültiger Wert für --cases"),
]


@pytest.mark.parametrize(("args", "german"), USAGE_ERRORS, ids=lambda a: " ".join(a))
def test_usage_errors_are_german_with_exit_code_2(args, german, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args, terminal_width=100,
                           prog_name="kimtools")
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.replace("│", " ").split())
    assert german in flat
    assert "Fehler" in result.output
    assert _english_in(result.output) == [], result.output
    assert list(tmp_path.iterdir()) == []


ENGLISH_HELP = """
 Usage: kimtools serve [OPTIONS] {package}
╭─ Arguments ──────────────────────────────────────────────────────────────────╮
│ *    package      <path>  Konferenzpaket (Ordner oder .zip) [required]       │
╰──────────────────────────────────────────────────────────────────────────────╯
╭─ Options ────────────────────────────────────────────────────────────────────╮
│ --install-completion          Install completion for the current shell.      │
│ --help               <bool>  Show this message and exit.                     │
╰──────────────────────────────────────────────────────────────────────────────╯
"""


def test_english_phrases_are_caught():
    """The check itself finds untranslated Typer output, and passes option names."""
    assert {"Usage", "Arguments", "Options", "Show this message", "--install-completion",
            "[required]", "<path>", "<bool>", "[OPTIONS]"} <= set(_english_in(ENGLISH_HELP))
    assert _english_in("│ --required-by <Text> Pflichtangabe │") == []


@pytest.mark.parametrize(("answer", "confirmed"), [("j\n", True), ("Ja\n", True),
                                                   ("\n", False), ("n\n", False)])
def test_questions_are_asked_in_german(answer, confirmed):
    from kimtools.cli_german import GermanTyper, confirm

    asking = GermanTyper()

    @asking.command()
    def ask() -> None:
        typer.echo(f"Antwort: {confirm('Schlüssel bestätigen?')}")

    @asking.command()
    def other() -> None:
        """Second command, so that the app stays a group."""

    result = runner.invoke(asking, ["ask"], input=answer, prog_name="kimtools")
    assert result.exit_code == 0, result.output
    assert "Schlüssel bestätigen? [j/N]" in result.output
    assert f"Antwort: {confirmed}" in result.output
    assert _english_in(result.output) == []


def test_an_interrupted_question_says_abgebrochen():
    from kimtools.cli_german import GermanTyper, confirm

    asking = GermanTyper()

    @asking.command()
    def ask() -> None:
        confirm("Schlüssel bestätigen?")

    @asking.command()
    def other() -> None:
        """Second command, so that the app stays a group."""

    result = runner.invoke(asking, ["ask"], input="", prog_name="kimtools")
    assert result.exit_code == 1
    assert "Abgebrochen." in result.output
    assert "Aborted" not in result.output


GUIDE = Path(__file__).resolve().parent.parent / "docs" / "installation.md"


def _guide_command_lines() -> list[list[str]]:
    """The kimtools command lines in the code blocks of the install guide."""
    blocks = re.findall(r"```\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [shlex.split(line, posix=False)[1:] for block in blocks for line in block.splitlines()
            if line.startswith("kimtools ")]


def test_the_install_guide_uses_real_commands_and_options():
    """Every kimtools line in docs/installation.md parses: command, options, required values."""
    lines = _guide_command_lines()
    assert len(lines) >= 6
    not_here = set()
    for name, *rest in lines:
        if name == "--help":
            continue
        command = ROOT.commands.get(name)
        if command is None:
            not_here.add(name)
            continue
        parent = typer.Context(ROOT, info_name="kimtools")
        command.make_context(name, rest, parent=parent).close()
    assert not not_here, f"Die Anleitung nennt Befehle, die es nicht gibt: {not_here}"
    readme = GUIDE.parent.parent / "README.md"
    assert "(docs/installation.md)" in readme.read_text(encoding="utf-8")


@pytest.mark.parametrize(("error", "german"), [
    (click_errors.NoSuchOption("--x"), "Unbekannte Option: --x."),
    (click_errors.BadParameter("Value 'x' is not a valid date.", param_hint="'--as-of'"),
     "Ungültiger Wert für '--as-of'."),
    (click_errors.BadParameter("Path 'x' does not exist.", param_hint="'--db'"),
     "Ungültiger Wert für '--db'."),
    (click_errors.BadParameter("Datum „3.13.2026“ nicht lesbar.", param_hint="'--am'"),
     "Ungültiger Wert für '--am': Datum „3.13.2026“ nicht lesbar."),
    (click_errors.UsageError("Missing command."), "Befehl fehlt."),
    (click_errors.UsageError("Option '--k' does not take a value."),
     "Option --k nimmt keinen Wert."),
    (click_errors.UsageError("Something new in a later Click."), "Aufruf so nicht verständlich."),
], ids=["option", "unknown-value-error", "path", "own-german", "command", "flag-value", "unknown"])
def test_messages_never_pass_english_through(error, german):
    assert german_message(error) == german
