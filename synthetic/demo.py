"""Steps of `make demo` that a real user does by hand, done for synthetic data only.

A case manager decides every flagged phrase in Excel and reads a key's fingerprint to the
coordination office over the phone; the demo has no one to do either. These helpers live in
`synthetic`, not in the `kimtools` command, so a real caseload never gets an "accept
everything" switch.

    python -m synthetic.demo entscheidungen DATEI     every flag generalised with its suggestion
    python -m synthetic.demo register DATEI           the demo register with a year behind it
    python -m synthetic.demo fingerabdruck SCHLUESSEL the provider key's fingerprint
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from pathlib import Path

from kimtools.privacy.decisionfile import HEADER
from kimtools.privacy.keys import load_or_create_key
from synthetic.register import write_demo_register

DECISION = HEADER.index("Entscheidung")


def generalise_every_flag(path: Path) -> int:
    """Fill "Entscheidung" with "verallgemeinern" in every row; returns the number of rows."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or tuple(cell.strip() for cell in rows[0][:len(HEADER)]) != HEADER:
        raise SystemExit(f"{path}: keine Entscheidungsdatei von „kimtools markierungen“.")
    for row in rows[1:]:
        row.extend([""] * (len(HEADER) - len(row)))
        row[DECISION] = "verallgemeinern"
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    return len(rows) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic.demo",
                                     description="Schritte der Demo mit synthetischen Daten.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("entscheidungen").add_argument("datei", type=Path)
    register = commands.add_parser("register")
    register.add_argument("datei", type=Path)
    register.add_argument("--stand", type=dt.date.fromisoformat, default=None)
    commands.add_parser("fingerabdruck").add_argument("schluessel", type=Path)
    args = parser.parse_args(argv)
    if args.command == "entscheidungen":
        count = generalise_every_flag(args.datei)
        print(f"Demo: {count} Markierungen mit dem Vorschlag verallgemeinert "
              "(mit echten Fällen in Excel entscheiden).")
    elif args.command == "register":
        write_demo_register(args.datei, args.stand or dt.date.today())
    else:
        print(load_or_create_key(args.schluessel).fingerprint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
