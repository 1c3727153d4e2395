"""Compact encodings of the session item's two largest attributes, and the readers of every shape
they were ever stored in.

Every commit writes the whole session item inside a transaction (2 write units per KB) and every
settle pays for it again (an UpdateItem is billed on the larger of the item before and after), so
its size is the bill:

- `state`, and the JSON of each `unexecuted` action and each outbox reply kept whole: zlib-compressed
  JSON (binary) against a preset dictionary (`codec_dictionary`) of the fields they all name, about
  a sixth of the JSON for a state. Items written before issue 15 hold the JSON text, and the first
  compact items zlib without the dictionary: both still read.
- `processed`: the event markers (`ids.event_marker`: 12 bytes of SHA-256 in 16 base64
  characters) packed as their 12 raw bytes, one binary value, instead of a list of strings (a
  full list of 200 weighs 2.4 KB instead of 3.4 KB). Lists written before issue 15, and lists
  holding anything that is not a marker (tests, very old items), are kept as lists.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Mapping, Sequence

from orchestrator.machine.state import SessionState
from orchestrator.store.codec_dictionary import DICTIONARY_2026_12

_MARKER_BYTES = 12
_MARKER_CHARS = 16
# Level 6 (zlib's default) compresses a 1.3 KB state to what 9 does, in a fraction of the time.
_LEVEL = 6


def _raw(value: object) -> bytes | None:
    """The bytes of a binary attribute as decoded by boto3 (`Binary`) or given as bytes."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    raw = getattr(value, "value", None)
    return bytes(raw) if isinstance(raw, bytes | bytearray) else None


# Every dictionary a stored stream may name (by its Adler-32), and the one new streams use.
DICTIONARIES = {zlib.adler32(DICTIONARY_2026_12): DICTIONARY_2026_12}
_DICTIONARY = DICTIONARY_2026_12
_FDICT = 0x20  # the zlib header flag of a stream compressed against a preset dictionary


def pack_json(text: str) -> bytes:
    packer = zlib.compressobj(_LEVEL, zdict=_DICTIONARY)
    return packer.compress(text.encode()) + packer.flush()


def unpack_json(raw: bytes) -> bytes:
    """The JSON of a packed value, with or without a preset dictionary.

    Raises:
        ValueError: compressed against a dictionary this version does not know.
    """
    if len(raw) < 6 or not raw[1] & _FDICT:
        return zlib.decompress(raw)
    dictionary = DICTIONARIES.get(int.from_bytes(raw[2:6], "big"))
    if dictionary is None:
        raise ValueError("compressed against an unknown dictionary (written by a newer version?)")
    unpacker = zlib.decompressobj(zdict=dictionary)
    return unpacker.decompress(raw) + unpacker.flush()


def pack_state(state: SessionState) -> bytes:
    return pack_json(state.model_dump_json())


def unpack_state(stored: object) -> SessionState:
    """The state from its compressed binary, or from the JSON text items before issue 15 hold."""
    raw = _raw(stored)
    if raw is None and not isinstance(stored, str):
        raise TypeError(f"a stored state is binary or JSON text, not {type(stored).__name__}")
    return SessionState.model_validate_json(stored if isinstance(stored, str) else unpack_json(raw or b""))


def pack_entry(position: int, text: str) -> dict[str, int | bytes]:
    """A map entry (`outbox`, `unexecuted`) keeping its place: the JSON packed."""
    return {"at": position, "z": pack_json(text)}


def entry_position(entry: Mapping[str, object]) -> int:
    """Where a map entry stands in its list (DynamoDB maps keep no order)."""
    at = entry["at"]
    if not isinstance(at, int):
        raise TypeError(f"an entry's position is a number, not {type(at).__name__}")
    return at


def unpack_entry(entry: Mapping[str, object]) -> bytes | str:
    """An entry's JSON: packed, or as text in entries written before issue 15."""
    raw = _raw(entry.get("z"))
    if raw is not None:
        return unpack_json(raw)
    text = entry.get("json")
    if not isinstance(text, str):
        raise TypeError("an outbox or unexecuted entry holds neither packed JSON nor JSON text")
    return text


def _marker_bytes(marker: str) -> bytes | None:
    if len(marker) != _MARKER_CHARS:
        return None
    try:
        raw = base64.urlsafe_b64decode(marker)
    except (binascii.Error, ValueError):
        return None
    # Only a marker that comes back character for character may be packed (no lossy alphabet).
    return raw if base64.urlsafe_b64encode(raw).decode() == marker else None


def pack_markers(processed: Sequence[str]) -> bytes | list[str]:
    """The markers as one binary value when every one is a marker; otherwise the list as it is."""
    packed = [_marker_bytes(marker) for marker in processed]
    if not processed or any(raw is None for raw in packed):
        return list(processed)
    return b"".join(raw for raw in packed if raw is not None)


def unpack_markers(stored: object) -> tuple[str, ...]:
    """The markers in their stored order, from the packed binary or from a list of strings."""
    raw = _raw(stored)
    if raw is None:
        if not isinstance(stored, list | tuple):
            raise TypeError(f"stored markers are binary or a list, not {type(stored).__name__}")
        return tuple(str(marker) for marker in stored)
    chunks = (raw[start : start + _MARKER_BYTES] for start in range(0, len(raw), _MARKER_BYTES))
    return tuple(base64.urlsafe_b64encode(chunk).decode() for chunk in chunks)
