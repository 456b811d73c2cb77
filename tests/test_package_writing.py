"""Writing a package from the command line when something around it is wrong: a lost key, a
damaged mapping, a target that cannot be written, a full disk. Each gives a German message,
exit code 2, and leaves every file as it was. Also: the coordination office's trust list."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from builders import filled_decisions
from clock import on_day
from typer.testing import CliRunner

from kimtools.cli import app
from kimtools.package import load_package
from kimtools.privacy.keys import KeyFileError, MappingError, load_or_create_key, read_mapping
from kimtools.trust import TrustError, TrustStore, load_trusted
from synthetic import write_synthetic_caseload

AS_OF = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def caseload_dir(tmp_path_factory) -> Path:
    return write_synthetic_caseload(tmp_path_factory.mktemp("raw") / "caseload", cases=60,
                                    seed=7, as_of=AS_OF)


@pytest.fixture(scope="module")
def chosen(caseload_dir) -> str:
    import pandas as pd

    cases = pd.read_csv(caseload_dir / "cases.csv", dtype=str)
    return ",".join(cases.loc[cases["consent_conference"] == "yes", "case_id"].head(2))


def pseudonymise(caseload_dir: Path, chosen: str, out: Path, key_file: Path, *extra: str):
    decisions = caseload_dir.parent / "markierungen.csv"
    if not decisions.exists():
        filled_decisions(caseload_dir, chosen, decisions, AS_OF)
    extra = ("--decisions", str(decisions), *extra)
    with on_day(AS_OF):
        return CliRunner().invoke(app, [
            "pseudonymise", str(caseload_dir), "--cases", chosen, "--out", str(out),
            "--key-file", str(key_file), "--k", "1", "--approved-by", "Jana Beispiel",
            *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def written(caseload_dir, chosen, tmp_path) -> Path:
    """A provider folder with a key, a mapping and one package."""
    result = pseudonymise(caseload_dir, chosen, tmp_path / "erstes", tmp_path / "traeger.key")
    assert result.exit_code == 0, result.output
    return tmp_path


def refused(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output


# -- keys -----------------------------------------------------------------------------------

def test_lost_key_with_mapping_is_refused_until_new_key_is_asked_for(written, caseload_dir,
                                                                    chosen):
    fingerprint = load_or_create_key(written / "traeger.key").fingerprint
    (written / "traeger.key").unlink()
    before = snapshot(written)
    result = pseudonymise(caseload_dir, chosen, written / "zweites", written / "traeger.key")
    refused(result, "Schlüsseldatei")
    assert fingerprint in result.output and "--new-key" in result.output
    assert snapshot(written) == before
    result = pseudonymise(caseload_dir, chosen, written / "zweites", written / "traeger.key",
                          "--new-key")
    assert result.exit_code == 0, result.output
    rows = read_mapping(written / "zuordnung.csv")
    assert {r.key_fingerprint for r in rows} == {
        fingerprint, load_or_create_key(written / "traeger.key").fingerprint}
    assert stat.S_IMODE((written / "traeger.key").stat().st_mode) == 0o600


def test_key_file_that_is_a_folder(caseload_dir, chosen, tmp_path):
    (tmp_path / "schluessel").mkdir()
    result = pseudonymise(caseload_dir, chosen, tmp_path / "paket", tmp_path / "schluessel")
    refused(result, "ist ein Ordner, keine Schlüsseldatei")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schluessel"]


def test_key_file_below_a_file(caseload_dir, chosen, tmp_path):
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    result = pseudonymise(caseload_dir, chosen, tmp_path / "paket", tmp_path / "datei" / "k.key")
    refused(result, "ist eine Datei, kein Ordner")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["datei"]


def test_open_key_file_is_reported_and_left_alone(written, caseload_dir, chosen):
    (written / "traeger.key").chmod(0o644)
    result = pseudonymise(caseload_dir, chosen, written / "zweites", written / "traeger.key")
    assert result.exit_code == 0, result.output
    assert "chmod 600" in result.output
    assert stat.S_IMODE((written / "traeger.key").stat().st_mode) == 0o644


def test_open_mapping_is_reported_before_it_is_written_again(written):
    """The mapping links pseudonyms to case ids: a wider mode is said, not silently fixed."""
    (written / "zuordnung.csv").chmod(0o644)
    key = load_or_create_key(written / "traeger.key")
    assert [w for w in key.warnings if "zuordnung.csv" in w and "chmod 600" in w]
    assert stat.S_IMODE((written / "zuordnung.csv").stat().st_mode) == 0o644


def test_mapping_and_key_are_private(written):
    for name in ("traeger.key", "zuordnung.csv"):
        assert stat.S_IMODE((written / name).stat().st_mode) == 0o600


# -- the mapping ----------------------------------------------------------------------------

@pytest.mark.parametrize("damage, where", [
    (lambda text: text.replace("pseudonym,id", "pseudo;id"), "Zeile 1"),
    (lambda text: text + "F-KAPUTT,KIM-1\n", "Zeile"),
    (lambda text: text.replace("F-", "X-", 1), "Spalte pseudonym"),
    (lambda text: text.encode("utf-8") + b"\xff\xfe", "Zeichenkodierung"),
])
def test_damaged_mapping_stops_before_the_package(written, caseload_dir, chosen, damage, where):
    mapping = written / "zuordnung.csv"
    damaged = damage(mapping.read_text(encoding="utf-8"))
    mapping.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode("utf-8"))
    with pytest.raises(MappingError, match=where):
        read_mapping(mapping)
    before = snapshot(written)
    result = pseudonymise(caseload_dir, chosen, written / "zweites", written / "traeger.key")
    refused(result, "Zuordnung")
    assert where in result.output
    assert snapshot(written) == before


# -- where the package goes ------------------------------------------------------------------

@pytest.mark.parametrize("target, message", [
    (lambda d: d / "erstes" / "cases.csv" / "paket", "ist eine Datei, kein Ordner"),
    (lambda d: Path("/proc/kimtools-paket"), "Systemordner"),
    (lambda d: d / "erstes", "existiert bereits"),
])
def test_target_that_cannot_be_a_package(written, caseload_dir, chosen, target, message):
    before = snapshot(written)
    result = pseudonymise(caseload_dir, chosen, target(written), written / "traeger.key")
    refused(result, message)
    assert snapshot(written) == before


@pytest.mark.parametrize("failing_call", [1, 2, 3])
@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_full_disk_changes_nothing(written, caseload_dir, chosen, monkeypatch, failing_call,
                                   suffix):
    """The disk fills while the mapping (call 1), the release record (call 2) or the package
    (call 3) is written."""
    real_fsync, calls = os.fsync, []

    def fsync(descriptor):
        calls.append(descriptor)
        if len(calls) == failing_call:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(descriptor)

    mapping = written / "zuordnung.csv"
    mapping.write_text(mapping.read_text(encoding="utf-8").splitlines()[0] + "\n",
                       encoding="utf-8")  # pseudonyms not yet known: the mapping must grow
    before = snapshot(written)
    monkeypatch.setattr(os, "fsync", fsync)
    result = pseudonymise(caseload_dir, chosen, written / f"zweites{suffix}",
                          written / "traeger.key")
    monkeypatch.undo()
    refused(result, "der Datenträger ist voll. Nichts geschrieben.")
    assert snapshot(written) == before


# -- the coordination office's trust list ---------------------------------------------------

@pytest.fixture
def store(tmp_path, monkeypatch) -> TrustStore:
    monkeypatch.setenv("KIMTOOLS_TRUST_FILE", str(tmp_path / "vertrauen" / "liste.json"))
    return TrustStore.load()


def test_unknown_key_shows_the_fingerprint_and_how_to_confirm(written, store):
    package = written / "erstes"
    fingerprint = load_package(package).fingerprint
    with pytest.raises(TrustError, match="noch nicht bestätigt") as caught:
        load_trusted(package)
    assert fingerprint in str(caught.value)
    assert f"kimtools trust {package} --fingerprint {fingerprint}" in str(caught.value)
    result = CliRunner().invoke(app, ["serve", str(package), "--port", "1"])
    refused(result, fingerprint)
    assert "Das Dashboard wurde nicht gestartet." in result.output


def test_confirming_needs_the_right_fingerprint(written, store):
    package = written / "erstes"
    fingerprint = load_package(package).fingerprint
    result = CliRunner().invoke(app, ["trust", str(package)])  # no terminal to ask on
    refused(result, "--fingerprint")
    result = CliRunner().invoke(app, ["trust", str(package), "--fingerprint",
                                      "0000-" + fingerprint[5:]])
    refused(result, "passt nicht")
    assert not store.path.exists()
    typed = fingerprint.lower().replace("-", " ")
    result = CliRunner().invoke(app, ["trust", str(package), "--fingerprint", typed])
    assert result.exit_code == 0, result.output
    assert load_trusted(package).fingerprint == fingerprint


def test_another_key_for_a_known_provider_is_refused_loudly(written, caseload_dir, chosen,
                                                            store):
    first = written / "erstes"
    store.confirm(load_package(first), load_package(first).fingerprint)
    other = written / "anderer"
    other.mkdir()
    shutil.copy(written / "zuordnung.csv", other / "zuordnung.csv")
    result = pseudonymise(caseload_dir, chosen, other / "paket", other / "neu.key",
                          "--new-key")
    assert result.exit_code == 0, result.output
    second = load_package(other / "paket")
    with pytest.raises(TrustError, match="ACHTUNG.*ANDEREN Schlüssel"):
        load_trusted(other / "paket")
    result = CliRunner().invoke(app, ["trust", str(other / "paket"), "--fingerprint",
                                      second.fingerprint])
    refused(result, "ACHTUNG")
    result = CliRunner().invoke(app, ["trust", str(other / "paket"), "--fingerprint",
                                      second.fingerprint, "--replace"])
    assert result.exit_code == 0, result.output
    load_trusted(other / "paket")
    with pytest.raises(TrustError, match="ACHTUNG"):
        load_trusted(first)  # the replaced key no longer counts


def test_damaged_trust_list_is_a_german_message(written, store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{kaputt", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", str(written / "erstes"), "--port", "1"])
    refused(result, "nicht lesbar")


def test_missing_key_without_mapping_is_made(tmp_path):
    key = load_or_create_key(tmp_path / "neu" / "traeger.key")
    assert key.created and key.warnings == ()
    key.path.write_text("x", encoding="utf-8")
    with pytest.raises(KeyFileError, match="beschädigt"):
        load_or_create_key(key.path)


def test_two_confirmed_keys_of_one_provider(written, caseload_dir, chosen, store):
    first = load_package(written / "erstes")
    store.confirm(first, first.fingerprint)
    other = written / "anderer"
    other.mkdir()
    result = pseudonymise(caseload_dir, chosen, other / "paket", other / "neu.key")
    assert result.exit_code == 0, result.output
    second = load_package(other / "paket")
    result = CliRunner().invoke(app, ["trust", str(other / "paket"), "--fingerprint",
                                      second.fingerprint, "--also"])
    assert result.exit_code == 0, result.output
    assert load_trusted(written / "erstes").fingerprint == first.fingerprint
    assert load_trusted(other / "paket").fingerprint == second.fingerprint


def test_an_unreadable_release_record_is_refused_with_a_message(written, caseload_dir, chosen):
    """The record of what was shown before decides what may be shown again: never ignored."""
    (written / "freigaben.json").write_text("{ kaputt", encoding="utf-8")
    before = snapshot(written)
    result = pseudonymise(caseload_dir, chosen, written / "drittes", written / "traeger.key")
    refused(result, "Freigabe-Protokoll ist nicht lesbar")
    assert snapshot(written) == before
