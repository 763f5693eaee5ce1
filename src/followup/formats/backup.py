"""The backup (JSON): the whole store out, and back in on another machine."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from followup.errors import NewerStoreError
from followup.formats.common import EXPORT_FORMAT, ImportFileError, ImportReport
from followup.models import FORMAT_VERSION, StoreData
from followup.people import normalize


def export_pieces(data: StoreData, applications: Iterable[tuple[int, Any]] | None = None) -> Iterator[bytes]:
    """Everything in the store, in the shape the store keeps it, as the bytes of one JSON document
    (2-space indent) a piece at a time: written by the store's own encoder, so that fields a newer
    followup added (null ones and top-level keys too) travel as well.

    `applications`: every one with its place among them all, one at a time, when `data` holds the
    store file's alone with its index of the archive; each is encoded as it comes and written in its
    place, so that the document is the one all the data at once would make, byte for byte."""
    from followup.ordered import in_place_order
    from followup.store.codec import decode, document_pieces, encode_data

    rest = decode(encode_data(data.model_copy(update={"applications": [], "archive": None})))
    document = {
        "format": EXPORT_FORMAT,
        "version": FORMAT_VERSION,
        **{key: value for key, value in rest.items() if key != "version"},
    }
    placed = enumerate(data.applications) if applications is None else applications
    return document_pieces(document, in_place_order((place, _application(app)) for place, app in placed))


def _dumps(value: Any) -> str:
    """As store/codec.encode writes a document: 2-space indent, UTF-8 kept as it is."""
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


# A number with a fraction or an exponent (a float), the only JSON the store's encoder may spell
# otherwise than the standard library (1e16 / 1e+16), which wrote the export. In the indented text a
# value ends its line, and a line that ends in a string ends in a quote (a comma after it).
_FLOAT = re.compile(rb"(?:\.[0-9]+|[eE][-+]?[0-9]+),?$", re.MULTILINE)


def _application(app: Any) -> bytes:
    """One application as the whole document holds it, at its depth. The store's encoder writes what
    the standard library's `json.dumps` writes of the same JSON (tests/test_perf_store.py) but floats,
    and several times faster: an application that holds one is written by `json.dumps`."""
    from followup.store.codec import decode, encode_data, indented

    text = encode_data(app)[:-1]
    if _FLOAT.search(text):
        text = _dumps(decode(text)).encode("utf-8")
    return indented(text)


def export_json(data: StoreData) -> bytes:
    return b"".join(export_pieces(data))


def read_export(raw: bytes, name: str) -> StoreData:
    """A `followup export --format json` file, checked and brought up to the current format."""
    from pydantic import ValidationError

    from followup.store.codec import MIGRATIONS, decode

    try:
        document = decode(raw)
    except ValueError as err:
        raise ImportFileError(f"{name}: {err}; nothing was imported") from None
    if document.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            f'{name} is not a followup export (no "format": "{EXPORT_FORMAT}"); nothing was imported'
        )
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise ImportFileError(
            f"{name}: its 'version' is missing or not a positive integer; nothing was imported"
        )
    if version > FORMAT_VERSION:
        raise NewerStoreError(
            f"{name} was written by a newer followup (format {version}; this one reads up to"
            f" {FORMAT_VERSION}); upgrade followup to import it"
        )
    body = {k: v for k, v in document.items() if k != "format"}
    while version < FORMAT_VERSION:
        body = MIGRATIONS[version](body)
        version += 1
        body["version"] = version
    try:
        data = StoreData.model_validate(body)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise ImportFileError(f"{name}: {where}: {first['msg']}; nothing was imported") from None
    except RecursionError:
        raise ImportFileError(f"{name}: nested too deeply; nothing was imported") from None
    seen: set[str] = set()
    for app in data.applications:
        if app.id in seen:
            raise ImportFileError(f"{name}: application id {app.id!r} appears twice; nothing was imported")
        seen.add(app.id)
    return data


def merge(data: StoreData, incoming: StoreData, replace: bool, report: ImportReport) -> None:
    """Add the export's applications and contacts to `data`; those already there are skipped or replaced."""
    index = {app.id: i for i, app in enumerate(data.applications)}
    for app in incoming.applications:
        if app.id in index:
            if replace:
                data.applications[index[app.id]] = app
                report.replaced.append(app)
            else:
                report.skipped.append(f"{app.id} ({app.company} · {app.role}): already there")
            continue
        index[app.id] = len(data.applications)
        data.applications.append(app)
        report.added.append(app)
    # Top-level keys a newer followup wrote: kept, as the store itself keeps them.
    extra, theirs = data.__pydantic_extra__, incoming.__pydantic_extra__ or {}
    if extra is not None:
        for key, value in theirs.items():
            if replace or key not in extra:
                extra[key] = value
    names = {normalize(c.name): i for i, c in enumerate(data.contacts)}
    for contact in incoming.contacts:
        key = normalize(contact.name)
        if key in names:
            if replace:
                data.contacts[names[key]] = contact
                report.contacts_replaced.append(contact)
            else:
                report.contacts_skipped.append(contact.name)
            continue
        names[key] = len(data.contacts)
        data.contacts.append(contact)
        report.contacts_added.append(contact)
