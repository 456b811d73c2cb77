"""The privacy boundary: everything downstream of the package reads packages only.

Each downstream module is imported in a fresh interpreter, which must not have loaded the
raw-caseload reader (or the parts of the privacy stage that read it) afterwards.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW_SIDE = ("kimtools.caseload", "kimtools.privacy.pseudonymise", "kimtools.privacy.leakgate",
            "kimtools.privacy.risk", "synthetic")
DOWNSTREAM = ["kimtools.package", "kimtools.presentation", "kimtools.findings",
              "kimtools.minutes", "kimtools.serve", "kimtools.widgets.conference",
              "kimtools.widgets.findings", "kimtools.annual", "kimtools.suppression"]
DOWNSTREAM_NOTEBOOKS = ["02_planungskonferenz.ipynb", "03_koordinierung.ipynb",
                        "04_protokoll.ipynb"]


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("module", [m for m in DOWNSTREAM if _exists(m)])
def test_downstream_module_does_not_load_the_raw_side(module):
    code = (f"import sys, json, importlib; importlib.import_module({module!r}); "
            f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({RAW_SIDE!r}))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert json.loads(result.stdout) == []


def imported_modules(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    names = set()
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        tree = ast.parse("\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize("name", [n for n in DOWNSTREAM_NOTEBOOKS
                                  if (ROOT / "kimtools" / "notebooks" / n).exists()])
def test_downstream_notebook_imports_no_raw_side(name):
    modules = imported_modules(ROOT / "kimtools" / "notebooks" / name)
    assert not [m for m in modules if m.startswith(RAW_SIDE)]
    for module in modules:
        if module.startswith("kimtools"):
            test_downstream_module_does_not_load_the_raw_side(module)
