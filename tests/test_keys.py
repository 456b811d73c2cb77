"""The provider key and keyed pseudonyms."""

from __future__ import annotations

import stat

import pytest
from clock import REFERENCE_DAY

from kimtools.privacy.keys import KeyFileError, load_or_create_key, new_key_notice


def test_new_key_is_private_and_announced(tmp_path):
    key = load_or_create_key(tmp_path / "conf" / "traeger.key")
    assert key.created
    assert stat.S_IMODE(key.path.stat().st_mode) == 0o600
    assert len(key.secret) == 32
    assert key.fingerprint in new_key_notice(key)
    again = load_or_create_key(key.path)
    assert not again.created and again.secret == key.secret


def test_pseudonyms_are_stable_keyed_and_separate_per_kind(tmp_path):
    first = load_or_create_key(tmp_path / "a.key")
    other = load_or_create_key(tmp_path / "b.key")
    assert first.case_pseudonym("KIM-1") == load_or_create_key(first.path).case_pseudonym("KIM-1")
    assert first.case_pseudonym("KIM-1") != other.case_pseudonym("KIM-1")
    assert first.case_pseudonym("X") != first.person_pseudonym("X").replace("P-", "F-")
    assert first.case_pseudonym("KIM-1").startswith("F-")
    assert "KIM" not in first.case_pseudonym("KIM-1")
    pseudonyms = {first.case_pseudonym(f"KIM-{i}") for i in range(20000)}
    assert len(pseudonyms) == 20000


def test_damaged_key_is_refused_and_kept(tmp_path):
    path = tmp_path / "traeger.key"
    path.write_text("nicht hex\n", encoding="utf-8")
    with pytest.raises(KeyFileError, match="beschädigt"):
        load_or_create_key(path)
    assert path.read_text(encoding="utf-8") == "nicht hex\n"


def test_loose_permissions_are_reported_not_changed(tmp_path):
    key = load_or_create_key(tmp_path / "k.key")
    key.path.chmod(0o644)
    again = load_or_create_key(key.path)
    assert stat.S_IMODE(key.path.stat().st_mode) == 0o644
    assert len(again.warnings) == 1 and "chmod 600" in again.warnings[0]
    key.path.chmod(0o600)
    assert load_or_create_key(key.path).warnings == ()


def test_mapping_stays_beside_the_key(tmp_path):
    key = load_or_create_key(tmp_path / "k.key")
    key.remember({key.case_pseudonym("KIM-1"): "KIM-1"}, today=REFERENCE_DAY)
    key.remember({key.case_pseudonym("KIM-1"): "KIM-1", key.case_pseudonym("KIM-2"): "KIM-2"},
                 today=REFERENCE_DAY)
    lines = key.mapping_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "pseudonym,id,first_used,key_fingerprint" and len(lines) == 3
    assert lines[1].endswith(f",{REFERENCE_DAY.isoformat()},{key.fingerprint}")
    assert stat.S_IMODE(key.mapping_file.stat().st_mode) == 0o600
