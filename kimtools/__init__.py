"""kimtools: Planungskonferenzen des Kommunalen Integrationsmanagements (KIM) vorbereiten,
durchführen und dokumentieren, mit pseudonymisierten Fällen."""

__version__ = "0.1.0"

import sys as _sys

# Altair imports jsonschema, and jsonschema imports the optional IRI checker rfc3987_syntax,
# which builds a grammar on import (2–5 s in every dashboard kernel; python-jsonschema/
# jsonschema#1392). No kimtools schema checks IRIs, so it is marked absent before anything
# imports jsonschema; jsonschema then simply leaves the "iri" format unchecked.
_sys.modules.setdefault("rfc3987_syntax", None)
