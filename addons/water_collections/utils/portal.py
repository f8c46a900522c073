"""Pure helpers of the citizen portal's collections part (no Odoo import)."""

from datetime import date, datetime, time


def payment_sort_key(entry):
    """Newest first key of a payment of the account: its day, then its time when known (a bank
    file payment has a day only and goes after the window and online payments of that day)."""
    when = entry["date"]
    if isinstance(when, datetime):
        return (when.date(), when.time(), entry.get("sequence", 0))
    if isinstance(when, date):
        return (when, time.min, entry.get("sequence", 0))
    return (date.min, time.min, entry.get("sequence", 0))


def merge_payments(*groups, limit=None):
    """One list of the payments of an account, newest first, from several lists (window receipts,
    bank and store file payments, online payments), cut to ``limit`` entries when given."""
    merged = sorted((entry for group in groups for entry in group), key=payment_sort_key, reverse=True)
    return merged[:limit] if limit else merged


def cents(amount):
    """The amount in whole cents (integers compare exactly)."""
    return round((amount or 0.0) * 100)


def balance_changed(shown, current):
    """Whether the balance the citizen saw on the pay page differs from the current one."""
    if shown is None:
        return True
    return cents(float(shown)) != cents(current)
