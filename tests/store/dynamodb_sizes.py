"""An item's size as DynamoDB bills it (the developer guide's "item sizes" rules): each attribute's
name in UTF-8 plus its value: a string's UTF-8 bytes, a binary's raw bytes, a number 1 byte per two
significant digits plus 1, a boolean or null 1, a map or list 3 bytes plus 1 per element and the
elements (a map's keys counted like names), a set its elements. Write units are counted per started
KB of it (1024 bytes).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

KB = 1024


def item_bytes(item: Mapping[str, Mapping[str, Any]]) -> int:
    """The size of an item in its wire shape (`{"name": {"S": "..."}}`)."""
    return sum(len(name.encode()) + value_bytes(value) for name, value in item.items())


def value_bytes(value: Mapping[str, Any]) -> int:
    [(kind, inner)] = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "B":
        return len(inner)
    if kind == "N":
        return _number_bytes(inner)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "M":
        return 3 + sum(1 + len(key.encode()) + value_bytes(element) for key, element in inner.items())
    if kind == "L":
        return 3 + sum(1 + value_bytes(element) for element in inner)
    if kind == "SS":
        return sum(len(element.encode()) for element in inner)
    if kind == "NS":
        return sum(_number_bytes(element) for element in inner)
    if kind == "BS":
        return sum(len(element) for element in inner)
    raise ValueError(f"not a DynamoDB attribute value: {kind}")


def _number_bytes(text: str) -> int:
    digits = text.lstrip("-").split("e")[0].split("E")[0].replace(".", "").strip("0") or "0"
    return math.ceil(len(digits) / 2) + 1
