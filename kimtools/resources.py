"""Where the notebooks and templates kimtools ships are, in a clone and in an installed wheel.

They are package data (``kimtools/notebooks``, ``kimtools/templates``), so `kimtools serve`,
`minutes` and `lab` work from a wheel installed anywhere, not only inside the repository.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOKS = PACKAGE_DIR / "notebooks"
TEMPLATES = PACKAGE_DIR / "templates"
VOILA_TEMPLATE = TEMPLATES / "voila" / "kim"
NBCONVERT_TEMPLATES = TEMPLATES / "nbconvert"


def notebook(name: str) -> Path:
    """The shipped notebook ``name`` (e.g. ``02_planungskonferenz.ipynb``)."""
    return NOTEBOOKS / name
