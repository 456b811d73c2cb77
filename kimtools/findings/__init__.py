"""Structural findings and their register (DESIGN §6).

Downstream of the conference package: this package reads packages only and never imports the
raw-caseload reader or the pseudonymisation (``kimtools.caseload``, ``kimtools.privacy``); a
test enforces it. The recording widget and the coordination notebook build on this API.
"""

from kimtools.findings.evidence import compute_evidence
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
from kimtools.findings.stats import AnnualStats, annual_stats, render_stats

__all__ = [
    "LEVELS", "PRIORITIES", "SCHEMA_VERSION", "STATUSES", "AnnualStats", "Attendee",
    "Conference", "ConflictError", "Evidence", "ExportError", "Filters", "Finding",
    "HistoryEntry", "MergeResult", "PresentedCase", "Register", "RegisterError",
    "ValidationError", "annual_stats", "compute_evidence", "excel_safe", "export_document",
    "export_register", "load_export", "merge_export", "open_register", "overview",
    "render_stats", "validate_conference", "validate_finding",
]
