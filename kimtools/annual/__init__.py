"""The annual report (Sachbericht, Verwendungsnachweis): suppressed tables to DOCX and XLSX.

Downstream of the privacy boundary: the report reads the register and receives the provider's
caseload tables already suppressed (kimtools.privacy.yearfigures); it never imports the
caseload itself (a test enforces it).
"""

from kimtools.annual.figures import register_tables
from kimtools.annual.report import ReportError, write_report

__all__ = ["ReportError", "register_tables", "write_report"]
