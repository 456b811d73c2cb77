"""kimtools: Planungskonferenzen des Kommunalen Integrationsmanagements (KIM) vorbereiten,
durchführen und dokumentieren, mit pseudonymisierten Fällen."""

__version__ = "0.1.0"
