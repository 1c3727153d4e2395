"""Phone normalization (the session id) and masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.errors import InvalidPhone
from orchestrator.phones import mask_phone, normalize_phone


class TestNormalizePhone:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("+55 (11) 99999-9999", "5511999999999"),
            ("(11) 99999-9999", "5511999999999"),
            ("11 3333-4444", "551133334444"),
            ("5511999999999", "5511999999999"),
            ("551133334444", "551133334444"),
            ("011 99999-9999", "5511999999999"),
            ("0055 11 99999 9999", "5511999999999"),
            ("+1 415 555 1234", "14155551234"),
        ],
    )
    def test_forms(self, raw: str, expected: str) -> None:
        """Every accepted form becomes digits with the country code, prefixed once."""
        assert normalize_phone(raw) == expected

    def test_meta_numbers_are_never_prefixed(self) -> None:
        """Meta's `from` carries the country code already, even when it is 11 digits long."""
        assert normalize_phone("14155551234", international=True) == "14155551234"

    @pytest.mark.parametrize("raw", ["", "abc", "12345", "+55 11", "1" * 16])
    def test_unusable(self, raw: str) -> None:
        """Too few or too many digits is an InvalidPhone naming phoneNumber."""
        with pytest.raises(InvalidPhone) as info:
            normalize_phone(raw)
        assert info.value.field == "phoneNumber"

    @pytest.mark.parametrize(
        "raw",
        [
            "٥٥١١٩٩٩٩٩٠٠٠١",  # Arabic-Indic
            "۵۵۱۱۹۹۹۹۹۰۰۰۱",  # Extended Arabic-Indic (Persian)
            "５５１１９９９９９０００１",  # fullwidth
            "+55 11 99999-000١",  # one foreign digit among ASCII ones
        ],
    )
    def test_non_ascii_digits_are_refused(self, raw: str) -> None:
        """Digits other than ASCII 0-9 are an InvalidPhone, never a session id of their own."""
        with pytest.raises(InvalidPhone):
            normalize_phone(raw)

    @given(st.text(max_size=24))
    def test_a_session_id_is_ascii_digits(self, raw: str) -> None:
        """Whatever the input, a normalized number is ASCII digits only."""
        try:
            normalized = normalize_phone(raw)
        except InvalidPhone:
            return
        assert normalized.isascii() and normalized.isdigit()

    @given(st.text(alphabet="0123456789 +-()", max_size=24))
    def test_idempotent(self, raw: str) -> None:
        """Normalizing a normalized number changes nothing: as an international number always, and in
        the default (Brazilian) reading for every Brazilian number."""
        try:
            once = normalize_phone(raw)
        except InvalidPhone:
            return
        assert normalize_phone(once, international=True) == once
        assert normalize_phone("+" + once) == once
        if once.startswith("55") and len(once) in (12, 13):
            assert normalize_phone(once) == once


def test_mask_keeps_no_subscriber_digits() -> None:
    """The masked form keeps country and area code and the last two digits only."""
    assert mask_phone("5511987654321") == "5511*******21"
