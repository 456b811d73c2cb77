"""German texts for the command line: help panels, usage line, help option and usage errors.

Typer ships its own copy of Click in which Click's gettext calls are gone: its messages are
English f-strings, so a message catalogue cannot reach them. What Typer does offer is used
instead: its rich help reads the panel titles and markers from module constants of
``typer.rich_utils`` at every call, and commands and groups take a ``cls``. The classes here
write the usage line and the help option in German and turn Click's usage errors (kept
structured: option name, parameter, validation error type) into German messages with exit
code 2. ``GermanTyper`` puts them on every command, so a new command is German by default.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import typer
from typer import rich_utils
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

PANEL_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumente",
    "OPTIONS_PANEL_TITLE": "Optionen",
    "COMMANDS_PANEL_TITLE": "Befehle",
    "ERRORS_PANEL_TITLE": "Fehler",
    "REQUIRED_LONG_STRING": "[Pflichtangabe]",
    "DEFAULT_STRING": "[Standard: {}]",
    "ENVVAR_STRING": "[Umgebungsvariable: {}]",
    "DEPRECATED_STRING": "(veraltet) ",
    "ABORTED_TEXT": "Abgebrochen.",
    "RICH_HELP": "Hilfe mit [blue]„{command_path} {help_option}“[/].",
}
USAGE_PREFIX = "Aufruf: "
OPTIONS_METAVAR = "[OPTIONEN]"
SUBCOMMAND_METAVAR = "BEFEHL [ARGUMENTE]..."
HELP_TEXT = "Diese Hilfe zeigen und beenden."

# Typer's type labels (<str>, <path> …) as a user reads them; flags need no label.
TYPE_LABELS = {"str": "Text", "path": "Pfad", "file": "Datei", "directory": "Ordner",
               "int": "Zahl", "int range": "Zahl", "float": "Zahl", "float range": "Zahl",
               "list[str]": "Text, mehrfach", "list[Path]": "Pfade, mehrfach",
               "datetime": "Datum"}

# Validation errors of option values, by the error type Typer's validation reports.
VALUE_ERRORS = {
    "int_parsing": "eine ganze Zahl erwartet",
    "int_from_float": "eine ganze Zahl erwartet",
    "float_parsing": "eine Zahl erwartet",
    "bool_parsing": "ja oder nein erwartet",
    "greater_than_equal": "mindestens {ge}",
    "greater_than": "größer als {gt}",
    "less_than_equal": "höchstens {le}",
    "less_than": "kleiner als {lt}",
    "date_from_datetime_parsing": "ein Datum erwartet",
    "date_parsing": "ein Datum erwartet",
}

# Sentences Typer writes itself about a bad value (no validation error behind them).
TYPER_VALUE_SENTENCES = re.compile(
    r"is not a valid|does not exist|is a file|is a directory|is not readable|is not writable"
    r"|must be|is not one of|Input should|takes \d+ values")

# The remaining usage errors, which Click and Typer raise as plain English sentences.
USAGE_ERRORS = [
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)"),
     "Zu viele Angaben: {extra} (nicht erwartet)."),
    (re.compile(r"No such command '(?P<name>[^']*)'\.?(?: Did you mean (?P<hint>.*)\?)?"),
     "Unbekannter Befehl „{name}“."),
    (re.compile(r"Missing command\.?"), "Befehl fehlt."),
    (re.compile(r"Option '(?P<name>[^']*)' requires (?:an argument|\d+ arguments)\."),
     "Option {name} braucht einen Wert."),
    (re.compile(r"Option '(?P<name>[^']*)' does not take a value\."),
     "Option {name} nimmt keinen Wert."),
    (re.compile(r"Argument '(?P<name>[^']*)' takes \d+ values\."),
     "Argument {name}: falsche Anzahl Werte."),
]


YES = {"j", "ja", "y", "yes"}


def confirm(question: str) -> bool:
    """Ask a yes/no question as "[j/N]" (Typer's confirm asks "[y/N]" and scolds in English)."""
    answer = typer.prompt(f"{question} [j/N]", default="", show_default=False)
    return answer.strip().casefold() in YES


def install_panel_texts() -> None:
    """Put the German panel titles and markers into Typer's rich help (read at every call)."""
    for name, text in PANEL_TEXTS.items():
        setattr(rich_utils, name, text)


def german_message(exc: click_errors.ClickException) -> str:
    """The German sentence for one of Click's or Typer's usage errors."""
    if isinstance(exc, click_errors.NoSuchOption):
        text = f"Unbekannte Option: {exc.option_name}."
        if exc.possibilities:
            text += f" Gemeint vielleicht: {', '.join(sorted(exc.possibilities))}?"
        return text
    if isinstance(exc, click_errors.MissingParameter):
        what = "Argument" if isinstance(exc.param, TyperArgument) else "Option"
        return f"{what} {_hint(exc)} fehlt (Pflichtangabe)."
    if isinstance(exc, click_errors.BadParameter):
        detail = _value_error(exc)
        return f"Ungültiger Wert für {_hint(exc)}" + (f": {detail}." if detail else ".")
    for pattern, german in USAGE_ERRORS:
        match = pattern.fullmatch(exc.message.strip())
        if match:
            suggestion = match.groupdict().get("hint")
            text = german.format(**match.groupdict())
            return text + (f" Gemeint vielleicht: {suggestion}?" if suggestion else "")
    return "Aufruf so nicht verständlich."


def _hint(exc: click_errors.BadParameter) -> str:
    if exc.param_hint is not None:
        hints = [exc.param_hint] if isinstance(exc.param_hint, str) else exc.param_hint
        return " / ".join(hints)
    if exc.param is not None:
        return _german_param_name(exc.param)
    return "eine Angabe"


def _german_param_name(param: Any) -> str:
    if isinstance(param, TyperOption):
        return param.opts[0] if param.opts else param.name
    return param.display_name_raw.upper()


def _value_error(exc: click_errors.BadParameter) -> str | None:
    """The validation error behind a bad value in German, or None if not known."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if errors is None:
        # A message of our own (raised as typer.BadParameter) is German already.
        return None if TYPER_VALUE_SENTENCES.search(exc.message) else exc.message.rstrip(".")
    first = (errors() or [{}])[0]
    german = VALUE_ERRORS.get(first.get("type", ""))
    if german is None:
        return None
    return german.format(**first.get("ctx", {}))


def _germanise_params(command: TyperCommand | TyperGroup) -> None:
    """Give the command's options German type labels (Typer has no hook for the label)."""
    for param in command.params:
        if type(param) is TyperOption:
            param.__class__ = GermanOption
        elif type(param) is TyperArgument:
            param.__class__ = GermanArgument


def _join_lines(command: TyperCommand | TyperGroup) -> None:
    """Docstring line breaks inside a paragraph become spaces (the command list keeps them)."""
    if command.help:
        command.help = re.sub(r"(?<=\S)[ \t]*\n(?!\s*\n)[ \t]*", " ",
                              inspect.cleandoc(command.help))


def _german_label(param: TyperOption | TyperArgument, label: str | None) -> str | None:
    if label is None or getattr(param, "is_flag", False):
        return None
    bare = label.strip("<>")
    return f"<{TYPE_LABELS.get(bare, bare)}>"


class GermanOption(TyperOption):
    def display_type_rich(self, ctx):
        return _german_label(self, super().display_type_rich(ctx))


class GermanArgument(TyperArgument):
    def display_type_rich(self, ctx):
        return _german_label(self, super().display_type_rich(ctx))


class _German:
    """Usage line, help option and usage errors in German, for commands and groups alike."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
            if type(option) is TyperOption:
                option.__class__ = GermanOption
        return option

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as exc:
            raise click_errors.UsageError(german_message(exc), ctx=exc.ctx) from None


class GermanCommand(_German, TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)
        _germanise_params(self)
        _join_lines(self)


class GermanGroup(_German, TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        kwargs["subcommand_metavar"] = SUBCOMMAND_METAVAR
        super().__init__(*args, **kwargs)
        _germanise_params(self)
        _join_lines(self)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click_errors.UsageError as exc:
            raise click_errors.UsageError(german_message(exc), ctx=exc.ctx) from None


class GermanTyper(typer.Typer):
    """A Typer whose help and usage errors are German, for the app and its sub-apps."""

    def __init__(self, **kwargs) -> None:
        install_panel_texts()
        kwargs.setdefault("cls", GermanGroup)
        kwargs.setdefault("rich_markup_mode", "rich")
        kwargs.setdefault("add_completion", False)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,
                **kwargs):
        return super().command(name, cls=cls or GermanCommand, **kwargs)
