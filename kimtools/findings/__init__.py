"""Structural findings and their register (DESIGN §6).

Downstream of the conference package: this package reads packages only and never imports the
raw-caseload reader or the pseudonymisation (``kimtools.caseload``, ``kimtools.privacy``); a
test enforces it. The recording widget and the coordination notebook build on this API.

Evidence and statistics (pandas, the packages' reader) load when first used, so that the
presenter's kernel, which reads the register (plain SQLite) to show earlier presentations,
needs no pandas.
"""

from __future__ import annotations

from kimtools.findings.exchange import (
    ExportError,
    excel_safe,
    export_document,
    export_register,
    load_export,
    merge_export,
)
from kimtools.findings.model import (
    LEVELS,
    PRIORITIES,
    STATUSES,
    Attendee,
    Conference,
    Evidence,
    Finding,
    HistoryEntry,
    PresentedCase,
    validate_conference,
    validate_finding,
)
from kimtools.findings.overview import Filters, overview
from kimtools.findings.register import (
    SCHEMA_VERSION,
    ConflictError,
    MergeResult,
    Register,
    RegisterError,
    ValidationError,
    open_register,
)
from kimtools.lazy import attach

_LATER = {"compute_evidence": "evidence", "AnnualStats": "stats", "annual_stats": "stats",
          "render_stats": "stats"}

__all__ = [  # noqa: F822 (the names of _LATER come through __getattr__)
    "LEVELS", "PRIORITIES", "SCHEMA_VERSION", "STATUSES", "AnnualStats", "Attendee",
    "Conference", "ConflictError", "Evidence", "ExportError", "Filters", "Finding",
    "HistoryEntry", "MergeResult", "PresentedCase", "Register", "RegisterError",
    "ValidationError", "annual_stats", "compute_evidence", "excel_safe", "export_document",
    "export_register", "load_export", "merge_export", "open_register", "overview",
    "render_stats", "validate_conference", "validate_finding",
]


__getattr__, __dir__ = attach(__name__, _LATER)
