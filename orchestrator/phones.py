"""Phone numbers: normalize to E.164 digits (the session id) and mask for logs.

Pure functions; the ingress and the worker both call them. A Brazilian mobile written without its
9th digit (SPEC §12 "Addresses") becomes the canonical 13-digit number, so one caregiver is one
session whichever form WhatsApp or the backend uses.
"""

from __future__ import annotations

import re

import phonenumbers

from orchestrator.errors import InvalidPhone

BRAZIL = "55"
# ASCII only: `\D` would keep Arabic-Indic or fullwidth digits, and "٥٥١١..." would become a session
# of its own instead of an error.
_NON_DIGITS = re.compile(r"[^0-9]")
_FOREIGN_DIGIT = re.compile(r"(?![0-9])\d")  # a Unicode decimal digit other than 0-9
# Brazilian national numbers: 2-digit area code + 8 (landline) or 9 (mobile) digits.
_NATIONAL_LENGTHS = (10, 11)
# E.164 allows up to 15 digits; fewer than 10 cannot be a reachable WhatsApp number.
_MIN_DIGITS, _MAX_DIGITS = 10, 15
# `55` + 2-digit area code + an 8-digit number starting 6-9: a mobile from before the 9th digit.
_MOBILE_WITHOUT_NINTH = re.compile(r"55(?P<area>[1-9][0-9])(?P<number>[6-9][0-9]{7})")


def normalize_phone(raw: str, *, international: bool = False) -> str:
    """Return the number as digits with its country code: `+55 (11) 99999-9999` -> `5511999999999`.

    Args:
        raw: what the sender typed or relayed.
        international: the number is known to carry its country code already (Meta's `from`
            field), so it is never prefixed.

    Raises:
        InvalidPhone: no usable number remains, or it is written with non-ASCII digits.
    """
    text = raw.strip()
    if _FOREIGN_DIGIT.search(text):
        raise InvalidPhone("digits must be ASCII 0-9")
    digits = _NON_DIGITS.sub("", text)
    if text.startswith("+") or international:
        pass
    elif digits.startswith("00"):  # international dialling prefix
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) - 1 in _NATIONAL_LENGTHS:  # trunk prefix: 0 11 9...
        digits = BRAZIL + digits[1:]
    elif len(digits) in _NATIONAL_LENGTHS:
        digits = BRAZIL + digits
    # A 12/13-digit number starting with 55 already carries the country code: never prefix twice.
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        raise InvalidPhone(f"expected 10 to 15 digits with the country code, got {len(digits)}")
    if digits.startswith("0"):
        raise InvalidPhone("a country code never starts with 0")
    return canonical_mobile(digits)


def canonical_mobile(digits: str) -> str:
    """The 13-digit form of a 12-digit Brazilian mobile (`551199999999` -> `5511999999999`); any
    other number unchanged.

    The rule is SPEC §12's; libphonenumber only confirms that the result is a mobile number of a
    real area code, so a 12-digit number of an unassigned area code is never rewritten.
    """
    match = _MOBILE_WITHOUT_NINTH.fullmatch(digits)
    if match is None:
        return digits
    candidate = f"{BRAZIL}{match['area']}9{match['number']}"
    parsed = phonenumbers.parse(f"+{candidate}")
    if phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE:
        return digits
    return candidate


def mask_phone(session_id: str) -> str:
    """Mask a normalized number for logs: country and area code, then the last two digits."""
    if len(session_id) <= 6:
        return "*" * len(session_id)
    return session_id[:4] + "*" * (len(session_id) - 6) + session_id[-2:]
