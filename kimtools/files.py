"""All-or-nothing file writing, shared by every stage that hands a file to a user."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(out: str | os.PathLike, write: Callable[[BinaryIO], object]) -> Path:
    """Write through a temporary file beside the target and rename it when complete.

    A failure, an interruption or a refusal halfway leaves the target as it was: no half
    package, export or minutes file that someone could mistake for a finished one.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(staging, out)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return out


def rewrite_undoably(path: Path, write: Callable[[BinaryIO], object]) -> Callable[[], None]:
    """`atomic_write`, returning the undo that puts the file back as it was (or removes it):
    for records kept beside the key that must not change when the package then fails."""
    before = path.read_bytes() if path.exists() else None
    atomic_write(path, write)

    def undo() -> None:
        if before is None:
            path.unlink(missing_ok=True)
        else:
            atomic_write(path, lambda stream: stream.write(before))

    return undo


# Characters that make Excel or LibreOffice read a cell as a formula (OWASP "CSV injection"),
# the full-width forms included: Excel folds them to their ASCII twins.
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# Spreadsheets skip these before deciding whether a cell is a formula.
_SKIPPED_BEFORE_FORMULA = " \t\r\n\u00a0\u2007\u202f\u3000\u200b\ufeff"


def neutralise_formula(text: str) -> str:
    """`text` as a spreadsheet shows it: a leading apostrophe when it could start a formula.

    For every cell of an export or a package CSV that someone may open in Excel; also after
    leading blanks, line breaks, tabs and no-break spaces, and for the full-width ＝＋－＠.
    """
    rest = text.lstrip(_SKIPPED_BEFORE_FORMULA)
    if rest[:1] in FORMULA_TRIGGERS or text[:1] in ("\t", "\r"):
        return "'" + text
    return text


def config_dir() -> Path:
    """kimtools' folder in the user's configuration directory (not the project folder)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "kimtools"
