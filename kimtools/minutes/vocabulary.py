"""The words the minutes write themselves: headings, labels, evidence and code words.

They are read from the code and the template that write the minutes, so a new heading is part
of the vocabulary without a list to keep. The check against a raw caseload never compares them
with client names: a child called "Median" must not stop the minutes because the evidence says
"Wartezeit Median 312 Tage". Docstrings are left out; they are not printed.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

import kimtools
from kimtools.privacy.lexicon import fold_word

# The modules whose strings end up in the minutes: content and layout, the presentation of a
# case, the findings and their evidence, and the code lists with their German labels.
WRITERS = (
    "kimtools.codes", "kimtools.package",
    "kimtools.minutes.content", "kimtools.minutes.sections", "kimtools.minutes.render",
    "kimtools.minutes.word", "kimtools.minutes.pdf",
    "kimtools.presentation._common", "kimtools.presentation.obstacles",
    "kimtools.presentation.profile", "kimtools.presentation.timeline",
    "kimtools.findings.model", "kimtools.findings.evidence",
)
PACKAGE_ROOT = Path(kimtools.__file__).parent
_WORD = re.compile(r"[^\W\d_]{3,}")


def _strings(source: str) -> list[str]:
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def _module_source(name: str) -> str:
    """The module's source, found without importing it (the presentation pulls in Altair)."""
    return (PACKAGE_ROOT.joinpath(*name.split(".")[1:]).with_suffix(".py")
            .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def tool_words() -> frozenset[str]:
    """Folded words (three letters or more) that the minutes' own code and template write."""
    # only with a caseload: the exporter pulls in nbconvert, which plain minutes may not need
    from kimtools.minutes.exporter import TEMPLATE_NAME, TEMPLATE_ROOT

    texts = [text for module in WRITERS for text in _strings(_module_source(module))]
    template = TEMPLATE_ROOT / TEMPLATE_NAME
    texts += [path.read_text(encoding="utf-8") for path in sorted(template.rglob("*.j2"))]
    return frozenset(fold_word(word) for text in texts for word in _WORD.findall(text))


def only_tool_words(folded_words: str) -> bool:
    """True when every word of a (folded) hit is one the minutes write themselves."""
    words = _WORD.findall(folded_words)
    return bool(words) and all(word in tool_words() for word in words)
