"""Formula injection: every cell that could start a formula in Excel is shown as text."""

from __future__ import annotations

import pytest

from kimtools.files import neutralise_formula


@pytest.mark.parametrize("text", [
    "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
    " =1+1", "  +1", "\n=1", "\t=1", "\r=1", "\u00a0=1", "\u00a0\u00a0@A1", " \n\t-1",
    "\uff1dHYPERLINK(\"x\")", "\uff0b1", "\uff0d1", "\uff20A1", " \uff1d1", "\u3000=1",
    "\ufeff=1", "\u200b=1", "\t", "\rtext",
])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", [
    "", "Jobcenter = zuständig", "Wartezeit > 12 Monate", "'=schon neutral", "a-b", " ",
    "Sprachkurs mit Kinderbetreuung", "E-Mail: x@y",
])
def test_other_text_stays_as_it_is(text):
    assert neutralise_formula(text) == text
