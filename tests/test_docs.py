"""The documentation states what the code does."""

from pathlib import Path

from kimtools.caseload.schema import format_reference_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_format_reference_is_current():
    doc = (ROOT / "docs" / "entwicklung" / "caseload-format.md").read_text(encoding="utf-8")
    assert format_reference_markdown() in doc, (
        "docs/entwicklung/caseload-format.md is out of date: regenerate the tables with "
        "kimtools.caseload.schema.format_reference_markdown()")


def test_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines[:15] if line.strip().startswith("make ")]
    assert commands[:2] == ["make demo", "make test"]
