"""The few CBOR types Pagefind's index files use (RFC 8949: unsigned integers, byte and
text strings, arrays, maps, definite lengths), read and written with the shortest
heads, as Pagefind writes them; enough to put its filter files into a stable order."""

from __future__ import annotations

import struct


def loads(data: bytes):
    value, end = _read(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR item")
    return value


def dumps(value) -> bytes:
    out = bytearray()
    _write(value, out)
    return bytes(out)


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    major, info = data[at] >> 5, data[at] & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"unsupported CBOR head {data[at]:#x} at {at}")
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _read(data: bytes, at: int):
    major, arg, at = _head(data, at)
    if major == 0:
        return arg, at
    if major == 1:
        return -1 - arg, at
    if major in (2, 3):
        raw = data[at:at + arg]
        return (bytes(raw) if major == 2 else raw.decode("utf-8")), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _read(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(arg):
            key, at = _read(data, at)
            pairs[key], at = _read(data, at)
        return pairs, at
    if major == 7 and arg in (20, 21, 22):
        return {20: False, 21: True, 22: None}[arg], at
    raise ValueError(f"unsupported CBOR major type {major} at {at}")


def _put(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append(major << 5 | arg)
    elif arg < 1 << 8:
        out += bytes((major << 5 | 24, arg))
    elif arg < 1 << 16:
        out += bytes((major << 5 | 25,)) + struct.pack(">H", arg)
    elif arg < 1 << 32:
        out += bytes((major << 5 | 26,)) + struct.pack(">I", arg)
    else:
        out += bytes((major << 5 | 27,)) + struct.pack(">Q", arg)


def _write(value, out: bytearray) -> None:
    if value is False or value is True or value is None:
        out.append({False: 0xF4, True: 0xF5, None: 0xF6}[value])
    elif isinstance(value, int):
        _put(0, value, out) if value >= 0 else _put(1, -1 - value, out)
    elif isinstance(value, bytes):
        _put(2, len(value), out)
        out += value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _put(3, len(raw), out)
        out += raw
    elif isinstance(value, list):
        _put(4, len(value), out)
        for item in value:
            _write(item, out)
    elif isinstance(value, dict):
        _put(5, len(value), out)
        for key, item in value.items():
            _write(key, out)
            _write(item, out)
    else:
        raise TypeError(f"no CBOR for {type(value).__name__}")
