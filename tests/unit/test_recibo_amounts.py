from datetime import date
from decimal import Decimal as D

import pytest
from water_billing_utils.ledger import Item, balance, settle
from water_billing_utils.recibo import BillAmounts, bill_amounts


def test_a_debt_before_the_bill_adds_to_it():
    assert bill_amounts(120.5, 325.61) == BillAmounts(D("120.50"), D(0), D(0), D("446.11"))
    assert bill_amounts(0, 325.61) == BillAmounts(D(0), D(0), D(0), D("325.61"))


def test_a_credit_smaller_than_the_bill_pays_part_of_it():
    assert bill_amounts(-100, 325.61) == BillAmounts(D(0), D("100.00"), D(0), D("225.61"))


def test_a_credit_larger_than_the_bill_pays_it_and_keeps_the_rest():
    assert bill_amounts(-425.61, 325.61) == BillAmounts(D(0), D("325.61"), D("100.00"), D(0))
    assert bill_amounts(-325.61, 325.61) == BillAmounts(D(0), D("325.61"), D(0), D(0))


def test_a_zero_bill_keeps_the_whole_credit():
    assert bill_amounts(-50, 0) == BillAmounts(D(0), D(0), D("50.00"), D(0))


@pytest.mark.parametrize("credit", [30, 325.61, 900])
def test_the_recibo_agrees_with_the_payment_policy(credit):
    """What the recibo says the credit paid is what the bill run applies: the policy over the account's items
    (an older debt paid first, then the new bill)."""
    older, new_bill = Item("jan", date(2025, 1, 31), 70), Item("feb", date(2025, 2, 28), 325.61)
    items = [older, new_bill, Item("advance", date(2025, 1, 5), -credit)]
    previous = balance([older, items[2]])
    settlement = settle(items, 0)
    applied_to_bill = sum((a.amount for a in settlement.applications if a.debt == "feb"), D(0))
    amounts = bill_amounts(previous, 325.61)
    assert amounts.credit_applied == applied_to_bill
    assert amounts.total_to_pay == max(settlement.balance, D(0))
    assert amounts.credit_left == max(-settlement.balance, D(0))
