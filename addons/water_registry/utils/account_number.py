"""The one normal form of an account number (folio), independent of Odoo.

Contracts store their number in this form, and every way a number comes in (the
padrón and handheld files, the cashier's search, the portal's link form) is put in
it before it is compared: ``" 1000 0001 "``, ``"10000001"`` and the spreadsheet
number ``10000001.0`` are one account, and so are ``"ab-12"`` and ``"AB-12"``.

Normal form: no blanks anywhere (surrounding or inner, a copied number often has
both), upper case. Dashes are kept: a utility whose folios are written
``01-0234`` prints them so on its bills, and dropping them could make two
numbers one (``01-0234`` and ``010-234``).
"""

import re

_BLANKS = re.compile(r"\s+")


def normalize_account_number(value):
    """The account number in its stored form; "" for an empty value.

    Accepts what a file cell may hold: text, an integer, or a float that a
    spreadsheet made of a number (``10000001.0`` -> ``"10000001"``).
    """
    if value is None or value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _BLANKS.sub("", str(value)).upper()
