import pytest
from water_registry_utils.account_number import normalize_account_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10000001", "10000001"),
        (" 10000001 ", "10000001"),
        ("1000 0001", "10000001"),  # copied from a bill with a space in the middle
        ("\t1000\u00a00001\n", "10000001"),  # tabs, no-break space and a new line
        ("ab-12", "AB-12"),
        ("  01-00 12 ", "01-0012"),
        ("01-0234", "01-0234"),  # dashes stay: they are part of the printed number
        (10000001, "10000001"),
        (10000001.0, "10000001"),  # a spreadsheet cell that became a number
        (None, ""),
        (False, ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normal_form(value, expected):
    assert normalize_account_number(value) == expected


def test_idempotent_and_demo_numbers_unchanged():
    # the demo's numbers (sector digit + 7 digits) and the sequence's (9 + 7 digits) are already normal
    for number in ("10000001", "30001500", "90000042", "IMP0000", "B-20000001"):
        assert normalize_account_number(number) == number
        assert normalize_account_number(normalize_account_number(f" {number.lower()} ")) == number
