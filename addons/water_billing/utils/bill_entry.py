"""The journal entry of a water bill: line amounts, taxes and totals, to the centavo.

Independent of Odoo. It mirrors what Odoo's invoice computes for a customer
invoice in the company currency, without cash discounts or fiscal positions:
a product line per priced concept, one tax line per tax, one receivable line.
The bulk bill writer uses it; a test checks it against Odoo's own invoices.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ROUND_PER_LINE, ROUND_GLOBALLY = "round_per_line", "round_globally"


def money(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def subtotal(quantity, unit_price):
    return money(Decimal(str(quantity)) * Decimal(str(unit_price)))


def tax_of(base, rate):
    """Unrounded tax of a base at a rate in percent."""
    return Decimal(str(base)) * Decimal(str(rate)) / 100


def bill_amounts(lines, rates, rounding=ROUND_GLOBALLY):
    """lines: [(subtotal, tax key)]; rates: {tax key: percent}.

    Returns (untaxed, {tax key: (base, tax)}, total); each line's price_total
    is ``line_total``. Taxes are rounded per line or on the sum per tax, as the
    company's tax rounding method says.
    """
    bases, taxes = {}, {}
    for amount, key in lines:
        bases[key] = bases.get(key, Decimal(0)) + amount
        line_tax = tax_of(amount, rates[key])
        taxes[key] = taxes.get(key, Decimal(0)) + (money(line_tax) if rounding == ROUND_PER_LINE else line_tax)
    by_tax = {key: (bases[key], money(taxes[key])) for key in bases}
    untaxed = sum(bases.values(), Decimal(0))
    total = untaxed + sum((tax for _base, tax in by_tax.values()), Decimal(0))
    return untaxed, by_tax, total


def line_total(amount, rate):
    return money(amount + tax_of(amount, rate))
