import io

import pytest
from PIL import Image
from water_billing_utils.payment import (
    MOD97,
    amount_in_words,
    bbva_algorithm_00,
    check_digits,
    code128_png,
    is_valid_reference,
    mod97,
    payment_reference,
)


def test_bbva_algorithm_00_published_example():
    assert bbva_algorithm_00("18000359700002387") == 1


def test_bbva_by_hand():
    # 123: from the right 3x2=6, 2x1=2, 1x2=2 -> 10 -> check 0
    assert bbva_algorithm_00("123") == 0
    # 79: 9x2=18 -> 1+8=9, 7x1=7 -> 16 -> check 4
    assert bbva_algorithm_00("79") == 4


def test_mod97():
    assert mod97("1234567") == 98 - (123456700 % 97)
    assert len(check_digits("1234567", MOD97)) == 2


def test_reference_round_trip_and_typos_caught():
    reference = payment_reference("10000123", 2026, 3)
    assert reference.startswith("100001232603")
    assert is_valid_reference(reference)
    wrong = reference[:-2] + str((int(reference[-2]) + 1) % 10) + reference[-1]
    assert not is_valid_reference(wrong), "a mistyped digit is caught"
    assert not is_valid_reference("abc")
    assert is_valid_reference(payment_reference("S1-000045", 2026, 11, MOD97), MOD97)
    with pytest.raises(ValueError):
        payment_reference("ABC", 2026, 1)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1234.5, "MIL DOSCIENTOS TREINTA Y CUATRO PESOS 50/100 M.N."),
        (1, "UN PESO 00/100 M.N."),
        (21, "VEINTIÚN PESOS 00/100 M.N."),
        (101.01, "CIENTO UN PESOS 01/100 M.N."),
        (0.5, "CERO PESOS 50/100 M.N."),
        (2_000_000, "DOS MILLONES DE PESOS 00/100 M.N."),
        (250.47, "DOSCIENTOS CINCUENTA PESOS 47/100 M.N."),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_amount_in_words_rounds_to_the_centavo_and_refuses_negatives():
    assert amount_in_words("10.005") == "DIEZ PESOS 01/100 M.N."
    with pytest.raises(ValueError):
        amount_in_words(-1)


def test_code128_png():
    png = code128_png("100001232603" + "5")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > image.height > 0
