"""The minutes (Protokoll) of a Planungskonferenz: HTML, PDF and DOCX, offline, leak-gated.

Downstream of the conference package (DESIGN §2): reads the findings register and the packages,
never the raw caseload. Only the optional extra check against a caseload (``--caseload``) loads
the raw-side reader and leak gate, inside the function that handles it (``gate.caseload_gate``).

    make_minutes(register, conference_id, formats)   -> Produced (checked bytes per format)
    write_minutes(register, conference_id, fmt, out)  -> writes one format, or nothing on a hit
    write_minutes_files(register, conference_id, {fmt: out})  -> several formats in one run
    collect_minutes(register, conference_id)          -> Minutes (the content of every format)
"""

from kimtools.minutes.build import (
    FORMATS,
    Produced,
    make_minutes,
    write_minutes,
    write_minutes_files,
)
from kimtools.minutes.content import Minutes, MinutesError, collect_minutes
from kimtools.minutes.gate import Hit, MinutesLeak

__all__ = ["FORMATS", "Hit", "Minutes", "MinutesError", "MinutesLeak", "Produced",
           "collect_minutes", "make_minutes", "write_minutes", "write_minutes_files"]
