"""What the bytes of a store file mean: the strict decoder, the encoder, and the format migrations.

No file is opened here; store.py reads and writes the file and calls these.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_BYTES = 50 * 1024 * 1024  # far beyond a lifetime of job hunting; refuse rather than exhaust memory


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Reading builds every record of the store at once, to live until the command ends: the cyclic
    garbage collector would walk them again and again while they are made, finding nothing (two
    thirds of reading 10,000 applications). It is paused, and what was read is then moved out of its
    sight (`gc.freeze`) so later passes skip it too (docs/performance.md)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


# One step per format version: MIGRATIONS[n] turns a version-n document into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_NAME_EMAIL = re.compile(r"(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>")
_BARE_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


def _person_from_v1(text: str) -> dict[str, str]:
    """`Jane Doe <jane@acme.example>` as format 1 kept it → a format-2 person; nothing is dropped."""
    value = text.strip()
    match = _NAME_EMAIL.fullmatch(value)
    if match:
        name = match["name"].strip().strip('"').strip()
        return {"name": name or match["email"], "email": match["email"]}
    if _BARE_EMAIL.fullmatch(value):
        return {"name": value, "email": value}
    return {"name": text}


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Format 1 kept each interviewer as the `Name <email>` text typed; format 2 keeps name and email."""
    for app in document.get("applications") or []:
        if not isinstance(app, dict):
            continue  # validation reports it
        for interview in app.get("interviews") or []:
            if isinstance(interview, dict) and isinstance(interview.get("interviewers"), list):
                interview["interviewers"] = [
                    _person_from_v1(person) if isinstance(person, str) else person
                    for person in interview["interviewers"]
                ]
    return document


MIGRATIONS[1] = _v1_to_v2

# The lists of records that two machines can add to at once, which format 3 gives each record an id.
APPLICATION_LISTS = ("interviews", "events", "status_history", "reviews", "done", "snoozes", "dismissals")


def migration_record_id(app_id: str, list_name: str, index: int, record: dict[str, Any]) -> str:
    """The id format 3 gives a record that format 2 kept without one: a digest of where it is and what
    it holds, so that two machines upgrading the same file give every record the same id."""
    import hashlib

    content = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = "\x00".join((app_id, list_name, str(index), content))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _give_ids(records: Any, app_id: str, list_name: str) -> None:
    if not isinstance(records, list):
        return  # validation reports it
    for index, record in enumerate(records):
        if isinstance(record, dict) and "id" not in record:
            record["id"] = migration_record_id(app_id, list_name, index, record)


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Format 2 kept log entries, interviews, reviews, marks, holds and contacts without ids; format 3
    gives each one, so that two stores can be merged record by record. Nothing else changes."""
    for app in document.get("applications") or []:
        if isinstance(app, dict):
            app_id = app["id"] if isinstance(app.get("id"), str) else ""
            for list_name in APPLICATION_LISTS:
                _give_ids(app.get(list_name), app_id, list_name)
    _give_ids(document.get("contacts"), "", "contacts")
    return document


MIGRATIONS[2] = _v2_to_v3


def _v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Format 4 may keep settled applications in an archive beside the file (store/archive.py), listed
    in its `archive` member; a format-3 file has none, so nothing changes. The version tells an older
    followup that it cannot read such a file whole."""
    return document


MIGRATIONS[3] = _v3_to_v4


def current_version() -> int:
    """The format this program writes (models.FORMAT_VERSION), read when first needed."""
    from followup.models import FORMAT_VERSION

    return FORMAT_VERSION


class InvalidDocument(ValueError):
    """Raised while decoding; turned into CorruptStoreError with the file's name."""


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):  # only then look for the culprit
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InvalidDocument(f"duplicate key {key!r}")
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidDocument(f"{name} is not a number followup writes")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # 1e400 would be read as infinity, and written back as something else
        raise InvalidDocument(f"the number {text[:20]} is too large")
    return value


def decode(raw: bytes) -> dict[str, Any]:
    """Bytes of a store file → its JSON object, or InvalidDocument saying why not."""
    if not raw.strip():
        raise InvalidDocument("the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidDocument(f"not UTF-8 at byte {err.start}") from None
    if "\x00" in text:
        raise InvalidDocument("the file contains NUL bytes")
    try:
        document = json.loads(
            text,
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except InvalidDocument:
        raise
    except RecursionError:
        raise InvalidDocument("nested too deeply") from None
    except json.JSONDecodeError as err:
        raise InvalidDocument(f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except ValueError as err:  # e.g. an integer beyond Python's digit limit
        raise InvalidDocument(f"not valid JSON: {str(err).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise InvalidDocument(f"expected an object at the top, found {type(document).__name__}")
    if _SURROGATE_ESCAPE.search(text) and _holds_lone_surrogate(document):
        raise InvalidDocument("it holds a lone surrogate (\\ud800-\\udfff), which is not text")
    return document


# Valid UTF-8 never decodes to a surrogate; only a JSON escape such as "\ud800" can make one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_lone_surrogate(document: Any) -> bool:
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def encode(document: dict[str, Any]) -> bytes:
    """Stable key order and a 2-space indent, so the file diffs cleanly.

    Raises UnicodeEncodeError for a lone surrogate: such a string is not text and is never written.
    """
    return (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def indented(record: bytes) -> bytes:
    """A record's 2-space-indented JSON (`encode_data` of it, without the final line break) at the
    depth of an item of a top-level list: JSON text holds a line break only between its parts, so
    indenting every line is exact."""
    return b"    " + record.replace(b"\n", b"\n    ")


def document_pieces(
    document: dict[str, Any], items: Iterable[bytes], key: str = "applications"
) -> Iterator[bytes]:
    """The bytes `encode` writes for `document`, a piece at a time, with `items` (each `indented`)
    as the list at `key`: a document of any size, written without holding its list at once."""
    yield b"{"
    for number, (name, value) in enumerate(document.items()):
        yield b"\n" if number == 0 else b",\n"
        if name != key:
            text = json.dumps({name: value}, indent=2, ensure_ascii=False, allow_nan=False)
            yield text[2:-2].encode("utf-8")  # `  "name": value`, at the top level's indent
            continue
        yield f"  {json.dumps(key)}: [".encode()
        empty = True
        for item in items:
            yield b"\n" if empty else b",\n"
            yield item
            empty = False
        yield b"]" if empty else b"\n  ]"
    yield b"\n}\n"


class Unwritable(ValueError):
    """Raised while encoding; turned into StoreError with the file's name."""


class NotText(Unwritable):
    """A lone surrogate: not text, and never written."""


_CHILD_FIELDS: dict[type, tuple[tuple[str, ...], frozenset[str]]] = {}


def _mentions_model(annotation: Any) -> bool:
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_mentions_model(arg) for arg in typing.get_args(annotation))


def _shape(cls: type) -> tuple[tuple[str, ...], frozenset[str]]:
    """The fields of a record class that hold records, and the keys its fields are written under."""
    shape = _CHILD_FIELDS.get(cls)
    if shape is None:
        fields = cls.model_fields  # type: ignore[attr-defined]
        children = tuple(name for name, field in fields.items() if _mentions_model(field.annotation))
        keys = frozenset(field.alias or name for name, field in fields.items())
        shape = _CHILD_FIELDS[cls] = (children, keys)
    return shape


def _check_extra_value(value: Any) -> None:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise Unwritable("it holds a number that is not finite")
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def _holds_null_extras(data: Any) -> bool:
    """Whether some record keeps an unknown field whose value is null (which `exclude_none` drops).

    Raises Unwritable for unknown fields that could not be read back as they are: a key that a known
    field is written under, or a number that is not finite. Unknown fields are rare, so this walk
    costs about 5 ms per 1,000 applications.
    """
    from pydantic import BaseModel

    nulls = False
    pending = [data]
    while pending:
        model = pending.pop()
        if not isinstance(model, BaseModel):
            continue  # not a record: the serializer reports it
        children, keys = _CHILD_FIELDS.get(type(model)) or _shape(type(model))
        extra = model.__pydantic_extra__
        if extra:
            clash = keys.intersection(extra)
            if clash:
                raise Unwritable(f"an unknown field has the name of a known one ({min(clash)!r})")
            for value in extra.values():
                nulls = nulls or value is None
                _check_extra_value(value)
        fields = model.__dict__
        for name in children:
            value = fields[name]
            if isinstance(value, list | tuple):
                pending.extend(value)
            elif value is not None:
                pending.append(value)
    return nulls


def _keep_null_extras(model: Any, dumped: dict[str, Any]) -> None:
    """Put back the unknown fields holding null that `exclude_none` dropped: they are data too."""
    from pydantic import BaseModel

    for key, value in (model.model_extra or {}).items():
        if value is None:
            dumped[key] = None
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        key = field.alias or name
        if isinstance(value, BaseModel) and isinstance(dumped.get(key), dict):
            _keep_null_extras(value, dumped[key])
        elif isinstance(value, list) and isinstance(dumped.get(key), list):
            for item, item_dumped in zip(value, dumped[key], strict=False):
                if isinstance(item, BaseModel) and isinstance(item_dumped, dict):
                    _keep_null_extras(item, item_dumped)


def encode_record(record: Any) -> bytes:
    """One validated record (an application) as one line of compact JSON, holding what the store file
    would hold for it; raises Unwritable as `encode_data` does."""
    from pydantic_core import PydanticSerializationError

    try:
        if _holds_null_extras(record):
            document = record.model_dump(mode="json", by_alias=True, exclude_none=True, warnings="error")
            _keep_null_extras(record, document)
            return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
        return bytes(
            type(record).__pydantic_serializer__.to_json(
                record, by_alias=True, exclude_none=True, warnings="error"
            )
        )
    except Unwritable:
        raise
    except UnicodeEncodeError:
        raise NotText from None
    except (PydanticSerializationError, ValueError) as err:
        if "surrogates not allowed" in str(err):
            raise NotText from None
        raise Unwritable(str(err).splitlines()[0].removeprefix("Error serializing to JSON: ")) from None


def encode_data(data: Any) -> bytes:
    """The store file's bytes for validated data: what `encode` would write for its JSON form.

    pydantic's serializer writes them in one pass, at C speed, with the same layout (fields in order,
    then unknown fields; 2-space indent; UTF-8). Only when an unknown field holds null, which its
    `exclude_none` would drop, is the JSON form built as dicts and written by `encode`.
    Raises Unwritable for data that could not be read back as it is.
    """
    from pydantic_core import PydanticSerializationError

    try:
        if _holds_null_extras(data):
            document = data.model_dump(mode="json", by_alias=True, exclude_none=True, warnings="error")
            _keep_null_extras(data, document)
            return encode(document)
        payload = type(data).__pydantic_serializer__.to_json(
            data, indent=2, by_alias=True, exclude_none=True, warnings="error"
        )
    except Unwritable:
        raise
    except UnicodeEncodeError:
        raise NotText from None
    except (PydanticSerializationError, ValueError) as err:  # model_dump raises a bare ValueError
        reason = str(err)
        if "surrogates not allowed" in reason:
            raise NotText from None
        if "depth exceeded" in reason:
            raise Unwritable("it holds values nested too deeply") from None
        raise Unwritable(reason.splitlines()[0].removeprefix("Error serializing to JSON: ")) from None
    return payload + b"\n"
