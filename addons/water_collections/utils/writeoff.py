"""Rules of the write-off of uncollectable accounts (cancelación de cuentas incobrables). Plain Python."""

PRESCRIPTION_MONTHS = 60  # five years: the credit prescribes (article 146 of the Código Fiscal de la Federación)


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    if not start or not end or end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def debt_age_months(oldest_due, day):
    """Age in months of an account's debt: from its oldest unpaid due date to ``day``."""
    return months_between(oldest_due, day)


def line_reason(age_months, default_reason):
    """The reason of a proposed line: prescription when the debt is five years old or more, else the proposal's."""
    if age_months >= PRESCRIPTION_MONTHS:
        return "prescription"
    return default_reason


def needs_second_approval(total, threshold):
    """A write-off above the company's threshold needs a second manager and the board's minute number; a
    threshold of zero or less means every write-off is approved once."""
    return bool(threshold and threshold > 0 and total > threshold)


def check_approvals(total, threshold, first_approver, second_approver, minute):
    """The errors (English messages, translated by the caller) that keep a write-off from being approved:
    [] when it may be posted."""
    errors = []
    if not first_approver:
        errors.append("approval")
    if needs_second_approval(total, threshold):
        if not second_approver:
            errors.append("second approval")
        elif second_approver == first_approver:
            errors.append("different manager")
        if not (minute or "").strip():
            errors.append("minute")
    return errors
