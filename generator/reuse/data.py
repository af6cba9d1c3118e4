"""How a cache file holds values: MessagePack, with a closed set of the generator's own
types. Decoding builds nothing else, so a cache file someone else wrote can be wrong
data (found by the checks of whoever reads it, and then a cold build) but never code.

What MessagePack holds as it is: None, bools, integers, floats, strings, bytes, and
mappings. Arrays are read back as tuples (the caches hold no lists). What it does not
hold is an extension value with a code of its own (`_RECORDS`): a frozenset, a date, a
record type named below (its fields in declaration order, each checked for its type
when read), and `Buffer`, a text written out of band: `encode` hands it back apart,
and `decode` takes each as a view of the file it came from, never a copy (a warm build
hands on most page texts unread).
"""

from __future__ import annotations

import datetime
import functools
import importlib
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import msgpack


class CacheDataError(ValueError):
    """What a file holds is not a value of this format."""


@dataclass(frozen=True, slots=True)
class Buffer:
    """Bytes to store out of band (a page's UTF-8 text): read back as a view."""

    data: bytes | memoryview


_FROZENSET, _DATE, _BUFFER, _PLACE = 1, 2, 3, 11
# A value with its place in a file (`Loc`, code 11): the line and column, then the
# value's UTF-8, in one payload. A warm build reads one per field of every content
# file (150,000 at 10,000 articles), and as a record each cost a MessagePack decoding
# of its own and a check of its fields' types.
_LINE_COLUMN = struct.Struct("<qq")


# The record types a cache may hold, by code (10-127; a code is never reused for another
# type): where each is defined, and the type each of its fields must have when read.
# Named rather than imported, so that reading a cache imports only what it holds.
_RECORDS: dict[int, tuple[str, str, tuple[type, ...]]] = {
    10: ("generator.diagnostics", "Diagnostic", (str, int, int, str, int, str, str)),
    11: ("generator.source.schema", "Loc", (str, int, int)),
    12: ("generator.source.validate", "Draft", (str, str, str, int, dict, bytes, int)),
    13: ("generator.reuse.reads", "RenderedEntry",  # its targets packed (`pack_targets`)
         (tuple, tuple, bytes, dict, dict, tuple, tuple, tuple)),
    14: ("generator.outputs.search", "Stored", (str, str, str, bytes)),
    15: ("generator.outputs.searchindex", "Postings", (tuple, int, dict, tuple)),
    16: ("generator.source.schema", "SourcedLoc", (str, int, int, tuple)),
    17: ("generator.source.schema", "Cited", (str, str, str, str, int, int)),
}
_CODES = {f"{module}.{name}": code for code, (module, name, _) in _RECORDS.items()}


@dataclass(frozen=True)
class _RecordType:
    names: tuple[str, ...]  # the fields, in declaration order
    kinds: tuple[type, ...]
    make: Callable[[tuple], object]


@functools.cache
def _record_type(code: int) -> _RecordType:
    module, name, kinds = _RECORDS[code]
    cls = getattr(importlib.import_module(module), name)
    names = tuple(f.name for f in fields(cls))
    if len(names) != len(kinds):
        raise TypeError(f"{name} has {len(names)} fields, its cache entry {len(kinds)}")
    make = _diagnostic if name == "Diagnostic" else (lambda values: cls(*values))
    return _RecordType(names, kinds, make)


def _diagnostic(values: tuple) -> object:
    from generator.diagnostics import Diagnostic, Severity

    path, line, col, code, severity, message, hint = values
    return Diagnostic(path, line, col, code, Severity(severity), message, hint)


def encode(value: object) -> tuple[bytes, list[bytes | memoryview]]:
    """`value` as MessagePack, and the out-of-band buffers it names, in order."""
    encoder = _Encoder()
    return encoder.pack(value), encoder.buffers


def decode(data: bytes | memoryview, buffers: Sequence[memoryview] = ()) -> object:
    """The value `encode` made of `data`, its buffers being `buffers`."""
    try:
        return _Decoder(buffers).unpack(data)
    except CacheDataError:
        raise
    except (ValueError, TypeError, msgpack.UnpackException) as exc:
        raise CacheDataError(f"{type(exc).__name__}: {exc}") from None


# Objects, not closures: a closure that packs and the hook it passes would refer to each
# other, and the cycle would keep the buffers (views of a file) alive until the cyclic
# collector runs, which a build pauses (generator/build.py).
class _Encoder:
    def __init__(self) -> None:
        self.buffers: list[bytes | memoryview] = []

    def pack(self, obj: object) -> bytes:
        return msgpack.packb(obj, default=self.default, use_bin_type=True, datetime=False)

    def default(self, obj: object) -> msgpack.ExtType:
        kind = type(obj)
        code = _CODES.get(f"{kind.__module__}.{kind.__qualname__}")
        if code == _PLACE:
            return msgpack.ExtType(code, _LINE_COLUMN.pack(obj.line, obj.col)
                                   + obj.value.encode())
        if code is not None:
            names = _record_type(code).names
            return msgpack.ExtType(code, self.pack(tuple(getattr(obj, n) for n in names)))
        if kind is Buffer:
            self.buffers.append(obj.data)
            return msgpack.ExtType(_BUFFER, (len(self.buffers) - 1).to_bytes(4, "little"))
        if kind is frozenset:
            return msgpack.ExtType(_FROZENSET, self.pack(tuple(sorted(obj))))
        if kind is datetime.date:
            return msgpack.ExtType(_DATE, obj.toordinal().to_bytes(4, "little"))
        raise TypeError(f"a cache cannot hold a {kind.__qualname__}")


class _Decoder:
    def __init__(self, buffers: Sequence[memoryview]) -> None:
        self.buffers = buffers

    def unpack(self, payload: bytes | memoryview) -> object:
        return msgpack.unpackb(payload, ext_hook=self.ext_hook, use_list=False, raw=False,
                               strict_map_key=False, timestamp=0)

    def ext_hook(self, code: int, payload: bytes) -> object:
        if code == _PLACE:
            if len(payload) < _LINE_COLUMN.size:
                raise CacheDataError("a place of the wrong size")
            line, col = _LINE_COLUMN.unpack_from(payload)
            return _record_type(code).make((str(payload[_LINE_COLUMN.size:], "utf-8"),
                                            line, col))
        if code == _BUFFER:
            index = int.from_bytes(payload, "little")
            if len(payload) != 4 or index >= len(self.buffers):
                raise CacheDataError("a buffer the file does not have")
            return self.buffers[index]
        if code == _DATE:
            if len(payload) != 4:
                raise CacheDataError("a date of the wrong size")
            return datetime.date.fromordinal(int.from_bytes(payload, "little"))
        if code == _FROZENSET:
            items = self.unpack(payload)
            if type(items) is not tuple:
                raise CacheDataError("a set that is not an array")
            return frozenset(items)
        if code not in _RECORDS:
            raise CacheDataError(f"unknown type code {code}")
        record = _record_type(code)
        values = self.unpack(payload)
        if (type(values) is not tuple or len(values) != len(record.kinds)
                or not all(map(isinstance, values, record.kinds))):
            raise CacheDataError(f"a {_RECORDS[code][1]} with fields of the wrong types")
        return record.make(values)
