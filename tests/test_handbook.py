"""The user handbook (docs/handbuch/) says what the software does: its pictures exist and are
used, every command of the app is described, its command lines parse, its links lead somewhere,
and its prose has none of the English words users stumbled over."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer

from kimtools.cli import app

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = ROOT / "docs" / "handbuch"
PICTURES = HANDBOOK / "bilder"
APP = typer.main.get_command(app)

#: English words of user interfaces that have no place in a German handbook's prose.
ENGLISH = ["Usage", "Options", "Arguments", "Commands", "required", "default", "Error",
           "Warning", "Submit", "Save", "Cancel", "Upload", "Download", "Settings", "Loading",
           "Click", "Browse", "Run", "Shut Down", "Kernel", "Widget", "Finding", "Minutes",
           "Register now", "Presenter", "Timeline"]


def _pages() -> dict[str, str]:
    return {page.name: page.read_text(encoding="utf-8") for page in sorted(HANDBOOK.glob("*.md"))}


def _text() -> str:
    return "\n".join(_pages().values())


def _prose(text: str) -> str:
    """The words a user reads as sentences: without code blocks, code spans and link targets."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _command_paths(command, prefix=()):
    for name, sub in getattr(command, "commands", {}).items():
        if getattr(sub, "commands", None):
            yield from _command_paths(sub, (*prefix, name))
        else:
            yield (*prefix, name)


def _command_lines() -> list[list[str]]:
    blocks = re.findall(r"```\n(.*?)```", _text(), flags=re.S)
    return [shlex.split(line, posix=False)[1:] for block in blocks for line in block.splitlines()
            if line.startswith("kimtools ")]


def test_every_picture_referenced_exists_and_every_picture_is_referenced():
    referenced = set(re.findall(r"!\[[^\]]+\]\(bilder/([^)]+)\)", _text()))
    on_disk = {picture.name for picture in PICTURES.glob("*.png")}
    assert referenced, "Das Handbuch zeigt kein Bild."
    assert referenced - on_disk == set(), "Bilder fehlen; erzeugen mit make handbuch-bilder"
    assert on_disk - referenced == set(), "Bilder, die das Handbuch nicht zeigt"


def _picture_tests() -> dict[str, str]:
    """The tests `make handbuch-bilder` runs (HANDBUCH_TESTS in the Makefile): id → its code."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^HANDBUCH_TESTS :=((?:.*\\\n)*.*)$", makefile, flags=re.M)
    assert listed, "HANDBUCH_TESTS fehlt im Makefile"
    tests = {}
    for test_id in listed.group(1).replace("\\\n", " ").split():
        path, name = test_id.split("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        found = re.search(rf"^def {re.escape(name)}\(.*?(?=^def |\Z)", source, flags=re.M | re.S)
        assert found, f"{test_id} gibt es nicht"
        tests[test_id] = found.group(0)
    return tests


def test_every_picture_is_taken_by_a_test_that_make_handbuch_bilder_runs():
    """A picture no listed test takes would never be taken again and grow stale."""
    code = "\n".join(_picture_tests().values())
    taken = set(re.findall(r"handbook_picture\([^,]+, \"([^\"]+\.png)\"", code))
    assert {picture.name for picture in PICTURES.glob("*.png")} <= taken


def test_pictures_are_taken_at_1280_by_720_or_cropped_from_it():
    for picture in PICTURES.glob("*.png"):
        header = picture.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", picture.name
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert width <= 1280 and height <= 720, (picture.name, width, height)


def test_every_command_of_the_app_appears_in_the_handbook():
    text = _text()
    commands = [" ".join(("kimtools", *path)) for path in _command_paths(APP)]
    assert len(commands) >= 15
    missing = [command for command in commands if not re.search(re.escape(command) + r"\b", text)]
    assert missing == [], f"Im Handbuch nicht beschrieben: {missing}"


def test_command_lines_in_the_handbook_parse():
    """Every kimtools line of a code block is a real command with real options and values."""
    lines = _command_lines()
    assert len(lines) >= 10
    for words in lines:
        if words == ["--help"]:
            continue
        command, context = APP, typer.Context(APP, info_name="kimtools")
        while getattr(command, "commands", None):
            name, *words = words
            assert name in command.commands, f"kein Befehl: {name}"
            command = command.commands[name]
            context = typer.Context(command, info_name=name, parent=context)
        command.make_context(command.name, list(words), parent=context.parent).close()


def test_links_between_the_pages_lead_somewhere():
    for name, text in _pages().items():
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" not in target:
                assert (HANDBOOK / target).exists(), f"{name}: Verweis ins Leere: {target}"


@pytest.mark.parametrize("name", sorted(_pages()))
def test_the_prose_is_german(name):
    prose = _prose(_pages()[name])
    found = [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", prose)]
    assert found == [], f"{name}: englische Wörter im Text: {found}"


def test_the_prose_check_finds_english():
    assert _prose("Klicken Sie auf Save `Save` ```\nSave\n```").count("Save") == 1


def test_the_readme_points_users_to_the_handbook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    user_part = readme.split("## For developers")[0]
    assert "(docs/handbuch/README.md)" in user_part


class _Screen:
    """Stands in for a browser page: what the helper asks of it, and where it was told to
    write (no browser needed to check where a picture goes)."""

    def __init__(self, size: dict):
        self.viewport_size = size
        self.written: list[Path] = []

    def screenshot(self, path: str, animations: str) -> None:
        self.written.append(Path(path))


@pytest.mark.parametrize("switch, folder", [
    ("1", PICTURES), ("", ROOT / "test-artifacts" / "handbuch"),
    ("0", ROOT / "test-artifacts" / "handbuch")])
def test_pictures_go_into_the_handbook_only_with_the_switch(switch, folder, monkeypatch):
    from browser import HANDBOOK_SWITCH, PROJECTOR, handbook_picture

    monkeypatch.setenv(HANDBOOK_SWITCH, switch)
    screen = _Screen(PROJECTOR)
    written = handbook_picture(screen, "probe.png")
    assert screen.written == [written] and written.name == "probe.png"
    assert written.parent == folder


def test_pictures_are_refused_from_an_enlarged_viewport():
    from browser import handbook_picture

    with pytest.raises(AssertionError, match="1280×720"):
        handbook_picture(_Screen({"width": 1280, "height": 2400}), "probe.png")


def _options(command) -> set[str]:
    names = {"--help"} | {name for param in command.params for name in getattr(param, "opts", [])}
    for sub in getattr(command, "commands", {}).values():
        names |= _options(sub)
    return names


def test_every_option_the_handbook_names_exists():
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", _text()))
    assert {"--fingerprint", "--praesentation", "--share"} <= named
    assert named - _options(APP) == set(), "Optionen, die es nicht gibt"


@pytest.mark.parametrize("notebook", sorted((ROOT / "kimtools" / "notebooks").glob("*.ipynb")),
                         ids=lambda path: path.stem)
def test_every_notebook_has_a_german_title(notebook):
    """The browser tab shows the notebook's title, not its file name (Voilà's <title>)."""
    import json

    title = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get("title", "")
    assert title and "_" not in title and not title.endswith(".ipynb")
    assert not [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", title)]
