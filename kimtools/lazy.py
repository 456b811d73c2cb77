"""Names of a package that load their module when first used.

The presenter's kernel imports ``kimtools.presentation``, ``kimtools.findings`` and
``kimtools.conference`` for a few light names; the heavy modules behind the others (pandas,
the charting library, the packages' reader) load only when one of their names is asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def attach(package: str, homes: Mapping[str, str]
           ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for `package`: each name of `homes` comes from its
    module (``homes[name]``, relative to the package) on first use and is kept."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str):
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
