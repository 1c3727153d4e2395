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


class TestNinthDigit:
    """SPEC §12 "Addresses": a Brazilian mobile without its 9th digit is the 13-digit session."""

    @pytest.mark.parametrize(
        ("raw", "international", "expected"),
        [
            ("551199999999", True, "5511999999999"),  # Meta's `from` of an old account
            ("551188887777", False, "5511988887777"),  # /webhook/ingest's phoneNumber
            ("+55 21 8888-0002", False, "5521988880002"),
            ("(11) 9999-9999", False, "5511999999999"),  # national, 10 digits, mobile range
            ("556199996666", True, "5561999996666"),  # mobile ranges start 6..9
        ],
    )
    def test_a_twelve_digit_mobile_gets_the_nine(self, raw: str, *, international: bool, expected: str) -> None:
        """55 + area code + 8 digits starting 6-9 gets the 9 after the area code, in every form."""
        assert normalize_phone(raw, international=international) == expected

    @pytest.mark.parametrize(
        "raw",
        [
            "551133334444",  # a landline (starts with 3): no 9th digit exists
            "551155554444",  # starts with 5: not a mobile range
            "551099999999",  # area code 10 does not exist: libphonenumber says no mobile
            "5511999999999",  # already 13 digits
            "15551234567",  # not Brazilian
            "4915112345678",
        ],
    )
    def test_other_numbers_are_kept(self, raw: str) -> None:
        """Landlines, unassigned area codes, 13-digit mobiles and foreign numbers stay as they are."""
        assert normalize_phone(raw, international=True) == raw

    @given(st.from_regex(r"55[1-9][1-9][6-9][0-9]{7}", fullmatch=True))
    def test_both_forms_are_one_session(self, twelve: str) -> None:
        """Whenever the 12-digit form is rewritten, it becomes exactly its 13-digit form."""
        canonical = normalize_phone(twelve, international=True)
        assert canonical in {twelve, twelve[:4] + "9" + twelve[4:]}
        assert normalize_phone(canonical, international=True) == canonical
        if canonical != twelve:
            assert normalize_phone(twelve[:4] + "9" + twelve[4:], international=True) == canonical


def test_mask_keeps_no_subscriber_digits() -> None:
    """The masked form keeps country and area code and the last two digits only."""
    assert mask_phone("5511987654321") == "5511*******21"
