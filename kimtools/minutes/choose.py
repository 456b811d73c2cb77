"""Making the minutes from the notebook's selection: register, conference, formats, files.

The logic behind ``widgets.minutes`` (the widget only shows it): which conferences a register
holds, what the preview shows, where the files go and how they are offered for download. Every
failure is a MinutesError with a German message the widget prints as it is.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from kimtools.minutes.build import FORMATS, write_minutes_files
from kimtools.minutes.content import Minutes, MinutesError, collect_minutes

REGISTER_ENV = "KIMTOOLS_REGISTER"
CONFERENCE_ENV = "KIMTOOLS_CONFERENCE"
MIME = {"html": "text/html", "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def default_register() -> str:
    """The register named in the environment, as the path field's first value."""
    return os.environ.get(REGISTER_ENV, "")


def conference_choices(register: str | os.PathLike) -> list[tuple[str, str]]:
    """(label, id) of every conference in the register, newest first, for a dropdown."""
    from kimtools.findings import RegisterError, open_register
    from kimtools.findings.lookup import conference_rows

    text = str(register).strip()
    if not text:
        raise MinutesError("Bitte den Pfad des Befundregisters (SQLite-Datei) angeben.")
    path = Path(text).expanduser()
    if not path.is_file():
        raise MinutesError(f"Befundregister nicht gefunden: {path}")
    try:
        with open_register(path, read_only=True) as opened:
            rows = conference_rows(opened)
    except RegisterError as exc:
        raise MinutesError(str(exc)) from None
    if not rows:
        raise MinutesError(f"Das Befundregister {path} enthält noch keine Konferenz.")
    return [(row.label, row.conference.id) for row in rows]


def preview(register: str | os.PathLike, conference_id: str) -> tuple[Minutes, str]:
    """The minutes' content and its sections as HTML, as the page will show them."""
    from kimtools.minutes import sections

    minutes = collect_minutes(Path(str(register).strip()).expanduser(), conference_id)
    parts = (sections.title_block, sections.agenda_section, sections.cases_section,
             sections.findings_section, sections.changes_section, sections.closing_section)
    return minutes, "".join(part(minutes).html for part in parts)


@dataclass(frozen=True)
class Written:
    """The files one click produced, with their bytes for the download links."""

    minutes: Minutes
    files: dict[str, Path]


def produce(register: str | os.PathLike, conference_id: str, formats: list[str],
            folder: str | os.PathLike) -> Written:
    """Make the chosen formats in one run (one kernel, one leak gate) and write them into
    ``folder`` as protokoll-JJJJ-MM-TT.<format>; nothing is written on a gate hit."""
    chosen = [f for f in FORMATS if f in formats]
    if not chosen:
        raise MinutesError("Bitte mindestens ein Format wählen (HTML, PDF oder DOCX).")
    target = Path(str(folder).strip() or ".").expanduser()
    if not target.is_dir():
        raise MinutesError(f"Zielordner {target} fehlt; nichts geschrieben.")
    register_path = Path(str(register).strip()).expanduser()
    day = _conference_day(register_path, conference_id)
    targets = {fmt: target / f"protokoll-{day:%Y-%m-%d}.{fmt}" for fmt in chosen}
    produced = write_minutes_files(register_path, conference_id, targets)
    return Written(produced.minutes, targets)


def _conference_day(register: Path, conference_id: str):
    from kimtools.findings import RegisterError, open_register
    from kimtools.findings.lookup import ConferenceNotFound, find_conference

    try:
        with open_register(register, read_only=True) as opened:
            return find_conference(opened.conferences(), conference_id).date
    except (RegisterError, ConferenceNotFound) as exc:
        raise MinutesError(str(exc)) from None


def download_link(path: Path, fmt: str) -> str:
    """A link that saves the file through the browser (Voilà serves no files of its own)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    name = escape(path.name, quote=True)
    return (f'<a download="{name}" href="data:{MIME[fmt]};base64,{data}" '
            f'class="kim-download">{fmt.upper()} herunterladen ({name})</a>')
