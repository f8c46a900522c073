"""Payment references with bank check digits, amounts in words and the bill's barcode.

Independent of Odoo. The reference printed on the bill lets banks and stores
report payments by account: ``account digits + period (YYMM) + check digit``.
"""

import io
from decimal import ROUND_HALF_UP, Decimal

BBVA_00, MOD97 = "bbva_00", "mod97"


def bbva_algorithm_00(digits):
    """BBVA "algoritmo 00": weights 2, 1, 2, 1... from the right, digits of products over 9
    added, check = next multiple of ten minus the sum (18000359700002387 -> 1)."""
    total = 0
    for position, char in enumerate(reversed(str(digits))):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def mod97(digits):
    """ISO 7064 MOD 97-10 check number, two digits (98 - number x 100 mod 97)."""
    return 98 - (int(str(digits)) * 100) % 97


def check_digits(digits, algorithm=BBVA_00):
    if algorithm == BBVA_00:
        return str(bbva_algorithm_00(digits))
    if algorithm == MOD97:
        return f"{mod97(digits):02d}"
    raise ValueError(f"unknown check digit algorithm {algorithm!r}")


def payment_reference(account_number, year, month, algorithm=BBVA_00):
    """Digits-only reference: account (non-digits dropped) + YYMM + check digit(s)."""
    account = "".join(char for char in str(account_number) if char.isdigit())
    if not account:
        raise ValueError(f"account {account_number!r} has no digits for a bank reference")
    base = f"{account}{year % 100:02d}{month:02d}"
    return base + check_digits(base, algorithm)


def is_valid_reference(reference, algorithm=BBVA_00):
    reference = str(reference).strip()
    size = 2 if algorithm == MOD97 else 1
    if not reference.isdigit() or len(reference) <= size:
        return False
    return check_digits(reference[:-size], algorithm) == reference[-size:]


def amount_in_words(amount, currency_name="PESOS", currency_singular="PESO", suffix="M.N."):
    """1234.50 -> 'MIL DOSCIENTOS TREINTA Y CUATRO PESOS 50/100 M.N.' (Mexican bills and receipts)."""
    from num2words import num2words

    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("a negative amount has no words on a bill")
    units = int(value)
    cents = int((value - units) * 100)
    words = num2words(units, lang="es")
    # apocope before a noun: "uno" -> "un", "veintiuno" -> "veintiún"
    if words.endswith("veintiuno"):
        words = words[: -len("veintiuno")] + "veintiún"
    elif words.endswith("uno"):
        words = words[:-1]
    currency = currency_singular if units == 1 else currency_name
    if units and units % 1_000_000 == 0:
        currency = f"DE {currency}"
    return f"{words.upper()} {currency} {cents:02d}/100 {suffix}".strip()


def code128_png(text, module_height=9.0, dpi=200):
    """PNG bytes of a Code128 barcode of the text, without the human-readable line."""
    from barcode import Code128
    from barcode.writer import ImageWriter

    buffer = io.BytesIO()
    Code128(str(text), writer=ImageWriter()).write(
        buffer, options={"module_height": module_height, "write_text": False, "quiet_zone": 2, "dpi": dpi}
    )
    return buffer.getvalue()
