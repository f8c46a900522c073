"""The account's ledger rules, independent of Odoo: what an account owes, the order in
which money pays its debts, and the split of a debt by concept.

An open item is ``Item(key, date, residual, surcharge)``: ``residual`` > 0 is a debt
(a bill, a surcharge, another charge), < 0 a credit (an open credit note, a payment
not applied yet: the account's *saldo a favor*). Amounts are Decimals rounded to cents.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

Item = namedtuple("Item", ["key", "date", "residual", "surcharge"], defaults=[False])
Application = namedtuple("Application", ["source", "debt", "amount"])
Settlement = namedtuple("Settlement", ["applications", "credit", "balance"])

CENT = Decimal("0.01")
ZERO = Decimal(0)
PAYMENT = None  # the source of the money being paid, beside the account's own credits

# concept groups of a bill's lines, in the order the statement and the reports show them
WATER, DRAINAGE, SANITATION, SURCHARGES, OTHER = "water", "drainage", "sanitation", "surcharges", "other"
CONCEPT_GROUPS = (WATER, DRAINAGE, SANITATION, SURCHARGES, OTHER)
PRODUCT_CONCEPT_GROUP = {
    "base": WATER,
    "consumption": WATER,
    "block_fixed": WATER,
    "fixed_quota": WATER,
    "discount": WATER,
    "drainage": DRAINAGE,
    "sanitation": SANITATION,
    "surcharge": SURCHARGES,
}


def money(value):
    return Decimal(str(value or 0)).quantize(CENT, rounding=ROUND_HALF_UP)


def concept_group(product_concept, surcharge=False):
    """The ledger's concept group of a bill line from its product's water concept."""
    if surcharge:
        return SURCHARGES
    return PRODUCT_CONCEPT_GROUP.get(product_concept or "", OTHER)


def balance(items):
    """What the account owes: its debts less its credits (negative when in favour)."""
    return sum((money(item.residual) for item in items), ZERO)


def overdue_balance(items, day):
    """What the account owes on debts due before ``day``, less all its credits, never below zero:
    the base of surcharges and of the arrears."""
    overdue = sum((money(i.residual) for i in items if i.residual > 0 and i.date and i.date < day), ZERO)
    credits = sum((money(i.residual) for i in items if i.residual < 0), ZERO)
    return max(overdue + credits, ZERO)


SURCHARGES_FIRST, SURCHARGES_BY_DATE, SURCHARGES_LAST = "first", "date", "last"


def payment_order(item, surcharges=SURCHARGES_BY_DATE):
    """Sort key of the debts a payment pays: oldest due first; surcharges before every bill
    (``first``, as article 20 of the Código Fiscal orders), after them (``last``), or in their
    turn by date (``date``)."""
    if surcharges == SURCHARGES_FIRST:
        rank = 0 if item.surcharge else 1
    elif surcharges == SURCHARGES_LAST:
        rank = 1 if item.surcharge else 0
    else:
        rank = 0
    return (rank, item.date, _key_order(item.key))


def _key_order(key):
    return (0, key) if isinstance(key, int) else (1, str(key))


def settle(items, amount=0, surcharges=SURCHARGES_BY_DATE, allow_credit=False):
    """Apply the account's own credits, then ``amount`` of money, to its debts in payment order.

    Credits (open credit notes, payments not applied yet) pay first, oldest first, because
    the account's balance already nets them: a payment of the balance settles everything.
    Returns ``Settlement(applications, credit, balance)``: ``applications`` is a list of
    ``Application(source, debt, amount)`` in order (``source`` is a credit's key or
    ``PAYMENT``); ``credit`` is the part of ``amount`` left over (the account's new credit);
    ``balance`` what the account owes after it all (negative when in favour).
    Raises ValueError for a negative amount, or for an amount above what the account owes
    when ``allow_credit`` is false.
    """
    money_left = money(amount)
    if money_left < 0:
        raise ValueError("a negative amount cannot be applied")
    debts = sorted((i for i in items if money(i.residual) > 0), key=lambda i: payment_order(i, surcharges))
    credits = sorted((i for i in items if money(i.residual) < 0), key=lambda i: (i.date, _key_order(i.key)))
    owed = balance(items)
    if not allow_credit and money_left > max(owed, ZERO):
        raise ValueError(f"amount {money_left} is larger than the debt {max(owed, ZERO)}")
    left = {debt.key: money(debt.residual) for debt in debts}
    applications = []
    sources = [(credit.key, -money(credit.residual)) for credit in credits] + [(PAYMENT, money_left)]
    position = 0
    for source, available in sources:
        while available > 0 and position < len(debts):
            debt = debts[position]
            applied = min(available, left[debt.key])
            if applied > 0:
                applications.append(Application(source, debt.key, applied))
                available -= applied
                left[debt.key] -= applied
            if left[debt.key] <= 0:
                position += 1
        if source is PAYMENT:
            money_left = available
    return Settlement(applications, money_left, owed - money(amount))


def paid_by(applications, source=PAYMENT):
    """{debt key: amount} paid by one source of a settlement (the money, by default)."""
    result = {}
    for application in applications:
        if application.source == source:
            result[application.debt] = result.get(application.debt, ZERO) + application.amount
    return result


def split(amount, weights):
    """Split ``amount`` in proportion to ``weights`` ({key: weight}) to the cent; the largest
    weight takes the rounding, so the parts add up to the amount exactly."""
    amount = money(amount)
    total = sum((Decimal(str(w)) for w in weights.values()), ZERO)
    if not weights or total == 0:
        return {OTHER: amount} if amount else {}
    parts = {
        key: (amount * Decimal(str(weight)) / total).quantize(CENT, rounding=ROUND_HALF_UP)
        for key, weight in weights.items()
    }
    largest = max(weights, key=lambda key: (abs(Decimal(str(weights[key]))), str(key)))
    parts[largest] += amount - sum(parts.values(), ZERO)
    return parts
