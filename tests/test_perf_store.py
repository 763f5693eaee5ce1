"""The lean store paths: the C-speed encoder, the backup by hard link and the collector paused while
reading, each keeping what the full path guarantees; and that every read takes that full path,
whatever the cache folder holds."""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from followup import __version__
from followup import store as store_module
from followup.errors import CorruptStoreError, StoreError
from followup.models import Contact, StoreData
from followup.store import Store, cache
from followup.store.codec import _keep_null_extras, decode, encode, encode_data
from tests.conftest import Invoke
from tests.reliability.test_properties import stores

DAY = "2026-03-03"


def add_acme(invoke: Invoke) -> None:
    invoke(
        "add",
        "--company",
        "Acme",
        "--role",
        "Dev",
        "--interview-at",
        "2026-03-02T10:00",
        "--interviewer",
        "Jane Doe <jane@acme.example>",
        today=DAY,
    )


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full strict decodes (the size of each document decoded)."""
    calls: list[int] = []
    real = store_module.decode

    def spy(raw: bytes) -> dict[str, Any]:
        calls.append(len(raw))
        return real(raw)

    monkeypatch.setattr(store_module, "decode", spy)
    return calls


def forge_record(store_file: Path, raw: bytes) -> Path:
    """A record vouching for `raw`, as the checked-bytes record of earlier versions was written."""
    folder = Path(os.environ["FOLLOWUP_CACHE"])
    digest = hashlib.sha256(raw).hexdigest()
    path = folder / f"checked-{cache._store_key(store_file)}"
    path.write_bytes(f"followup-checked 1 {__version__} {digest}\n".encode())
    os.chmod(path, 0o600)
    return path


def rewrite(store_file: Path, change: Any = None, indent: int = 1) -> bytes:
    """Write the store again with other bytes (another indent), optionally changing the document."""
    document = json.loads(store_file.read_bytes())
    if change is not None:
        change(document)
    raw = json.dumps(document, indent=indent).encode()
    store_file.write_bytes(raw)
    return raw


# Every read is checked in full -----------------------------------------------------------------------


def test_every_read_runs_the_strict_decoder(store_file: Path, invoke: Invoke, decodes: list[int]) -> None:
    add_acme(invoke)
    decodes.clear()
    first = Store(store_file).load()
    assert Store(store_file).load() == first
    invoke("log-contact", "acme", "--note", "sent", today=DAY)  # a write reads the store too
    assert len(decodes) == 3
    decodes.clear()
    invoke("list", "--json", today=DAY)  # the bytes followup has just written: checked again
    assert decodes == [len(store_file.read_bytes())]


FORGED = {
    "duplicate key": (b'"role": "Dev"', b'"role": "Dev", "role": "Evil"', "duplicate key 'role'"),
    "NaN": (b'"role": "Dev"', b'"role": "Dev", "x_score": NaN', "NaN is not a number"),
    "version as text": (b'"version": 4', b'"version": "4"', "'version' is missing or not an integer"),
}


@pytest.mark.parametrize("kind", list(FORGED))
def test_a_store_the_strict_decoder_refuses_is_refused_whatever_the_cache_folder_holds(
    store_file: Path, invoke: Invoke, kind: str
) -> None:
    add_acme(invoke)
    invoke("today", today=DAY)  # the cache folder holds this store's agenda
    old, new, why = FORGED[kind]
    good = store_file.read_bytes()
    bad = good.replace(old, new, 1)
    assert bad != good
    store_file.write_bytes(bad)
    forge_record(store_file, bad)  # a record of the bytes as "checked" is not believed: none is read

    with pytest.raises(CorruptStoreError, match=why):
        Store(store_file).load()
    for command in (("today",), ("log-contact", "acme", "--note", "sent")):
        result = invoke(*command, today=DAY, ok=False)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and why in result.stderr
    assert store_file.read_bytes() == bad  # refused, never rewritten: nothing dropped


def test_a_deeply_nested_unknown_field_loads_every_time(store_file: Path, invoke: Invoke) -> None:
    # pydantic's JSON reader stops at 200 levels; the strict decoder (and so the store) reads more.
    add_acme(invoke)

    def nest(document: dict[str, Any]) -> None:
        document["applications"][0]["x_deep"] = json.loads("[" * 250 + "]" * 250)

    rewrite(store_file, nest)
    first = Store(store_file).load()
    assert Store(store_file).load() == first


# The encoder ----------------------------------------------------------------------------------------


def _old_encode(data: StoreData) -> bytes:
    """The dict path, as every write went before."""
    document = data.model_dump(mode="json", by_alias=True, exclude_none=True)
    _keep_null_extras(data, document)
    return encode(document)


def _holds_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_float(v) for v in value)
    return False


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=stores())
def test_the_encoder_writes_what_the_dict_path_wrote_and_passes_the_strict_checks(data: StoreData) -> None:
    # Random records with control characters, U+202E and unknown fields of any JSON value (null too).
    payload = encode_data(data)
    old = _old_encode(data)
    document = decode(payload)  # what followup writes passes the checks it records it passed
    assert document == json.loads(old)
    if not _holds_float(document):  # floats may be spelled differently (1e+16 / 1e16), same value
        assert payload == old
    # Read either way, the same data.
    assert StoreData.model_validate_json(payload) == StoreData.model_validate(document)


def test_the_file_layout_is_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "followup.json")
    with store.transaction() as data:
        data.contacts.append(Contact(id="0123456789ab", name="Rita"))
    text = store.path.read_text(encoding="utf-8")
    assert text == (
        '{\n  "version": 4,\n  "applications": [],\n  "contacts": [\n    {\n      "id": "0123456789ab",\n'
        '      "name": "Rita",\n      "relation": "other"\n    }\n  ]\n}\n'
    )


def _store_with_contact(tmp_path: Path) -> Store:
    store = Store(tmp_path / "followup.json")
    with store.transaction() as data:
        data.contacts.append(Contact(name="Rita"))
    return store


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda c: setattr(c, "x_deep", json.loads("[" * 300 + "]" * 300)), "nested too deeply"),
        (
            lambda c: c.__pydantic_extra__.update(x_null=None, x_deep=json.loads("[" * 300 + "]" * 300)),
            "too deeply",
        ),
        (lambda c: setattr(c, "x_big", float("inf")), "not finite"),
        (lambda c: setattr(c, "x_nan", {"a": [float("nan")]}), "not finite"),
        (lambda c: c.__pydantic_extra__.update(relation="other"), "name of a known one"),
    ],
    ids=["deep", "deep beside a null", "infinity", "nan inside", "clashing name"],
)
def test_data_that_could_not_be_read_back_is_not_written(tmp_path: Path, change: Any, why: str) -> None:
    store = _store_with_contact(tmp_path)
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match=why), store.transaction() as data:
        change(data.contacts[0])
    assert store.path.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def test_a_number_too_large_to_be_finite_is_refused_when_read(tmp_path: Path) -> None:
    # json.loads reads 1e400 as infinity, which would have been written back as null.
    store = Store(tmp_path / "followup.json")
    store.path.write_bytes(b'{"version": 2, "applications": [], "x_big": 1e400}')
    with pytest.raises(CorruptStoreError, match="too large"):
        store.load()


# The backup -----------------------------------------------------------------------------------------


def test_the_backup_is_the_previous_file_itself(tmp_path: Path) -> None:
    store = _store_with_contact(tmp_path)
    old, old_inode = store.path.read_bytes(), store.path.stat().st_ino
    with store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    backup = store.backup_path.stat()
    assert store.backup_path.read_bytes() == old
    assert backup.st_ino == old_inode != store.path.stat().st_ino  # no copy made
    assert backup.st_nlink == 1  # and no longer shared with the store
    assert stat.S_IMODE(backup.st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("code", [errno.EPERM, errno.EXDEV, errno.EMLINK, errno.EOPNOTSUPP])
def test_the_backup_is_copied_where_linking_is_not_possible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    store = _store_with_contact(tmp_path)
    old, old_inode = store.path.read_bytes(), store.path.stat().st_ino

    def no_link(*args: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", no_link)
    with store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    assert store.backup_path.read_bytes() == old
    assert store.backup_path.stat().st_ino != old_inode
    assert stat.S_IMODE(store.backup_path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob("*.tmp"))


def test_a_disk_error_while_linking_stops_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store_with_contact(tmp_path)
    old = store.path.read_bytes()

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "link", full)
    with pytest.raises(StoreError, match="the disk is full"), store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    assert store.path.read_bytes() == old
    assert not store.backup_path.exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_file_swapped_in_while_linking_is_not_taken_for_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store_with_contact(tmp_path)
    old = store.path.read_bytes()

    def link_something_else(src: Any, dst: Any, **kwargs: Any) -> None:
        Path(dst).write_bytes(b"not the store")

    monkeypatch.setattr(os, "link", link_something_else)
    with store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    assert store.backup_path.read_bytes() == old  # copied instead
    assert not list(tmp_path.glob("*.tmp"))


def test_a_backup_that_is_the_store_already_is_kept(tmp_path: Path) -> None:
    # As a write killed right after linking the backup leaves it.
    store = _store_with_contact(tmp_path)
    old = store.path.read_bytes()
    os.link(store.path, store.backup_path)
    with store.transaction() as data:
        data.contacts.append(Contact(name="Nico"))
    assert store.backup_path.read_bytes() == old
    assert store.backup_path.stat().st_nlink == 1
    assert not list(tmp_path.glob("*.tmp"))


# The collector --------------------------------------------------------------------------------------


def test_reading_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    store = _store_with_contact(tmp_path)
    assert gc.isenabled()
    store.load()
    assert gc.isenabled()
    store.path.write_bytes(b"{")
    with pytest.raises(CorruptStoreError):
        store.load()
    assert gc.isenabled()
    gc.disable()
    try:
        store.path.unlink()
        store.load()
        assert not gc.isenabled()
    finally:
        gc.enable()
