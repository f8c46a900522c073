from datetime import date
from decimal import Decimal as D

import pytest
from water_billing_utils.payment import is_valid_reference, payment_reference
from water_collections_utils.payment_file import (
    PaymentKnown,
    folios_of,
    map_payment_headers,
    normalize_reference,
    parse_payment_date,
    references_of,
    validate_payment_rows,
)

HEADERS = ["Fecha", "Referencia", "Importe", "Autorización"]
REF_A = payment_reference("1001", 2025, 3)
REF_A_OLD = payment_reference("1001", 2025, 2)
REF_B = payment_reference("1002", 2025, 3)
REF_NO_BILL = payment_reference("1003", 2025, 3)


def known(**overrides):
    values = {
        "check_reference": is_valid_reference,
        "bills": {REF_A: 1, REF_A_OLD: 1, REF_B: 2},
        "accounts": {1: "1001", 2: "1002"},
        "owed": {1: D("300.00"), 2: D(0)},
        "imported": {"OLD-9": ("banco.csv", 7)},
        "today": date(2025, 4, 30),
    }
    values.update(overrides)
    return PaymentKnown(**values)


def codes(errors):
    return [(row_no, code) for row_no, code, _params in errors]


def test_headers_spanish_english_accents():
    mapping, missing = map_payment_headers(["FECHA DE PAGO", "Referencia", "Monto", "No. Autorización", "Sucursal"])
    assert mapping == {0: "date", 1: "reference", 2: "amount", 3: "folio"}
    assert missing == []
    _mapping, missing = map_payment_headers(["date", "reference", "amount"])
    assert missing == ["folio"]


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("12,5", D("12.50")),  # a decimal comma: the same figure as in the padrón and the readings
        ("12,50", D("12.50")),
        ("$1,234.50", D("1234.50")),
        ("1234,5", D("1234.50")),
        ("1,250", D("1250.00")),
        ("1.250,50", D("1250.50")),
        (" $ 300 ", D("300.00")),
        (99.9, D("99.90")),
        (150, D("150.00")),
        (D("10.5"), D("10.50")),
    ],
)
def test_amounts_read_like_every_import(cell, amount):
    clean, errors = validate_payment_rows(HEADERS, [["01/04/2025", REF_A, cell, "A1"]], known(owed={1: D(5000)}))
    assert errors == []
    assert clean[0]["amount"] == amount


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("doce", "not_a_number"),
        ("10.001", "decimal_places"),  # a payment is in centavos
        ("12,3456", "grouping"),
        ("1,2,3", "grouping"),
        ("1.234.567", "ambiguous"),
    ],
)
def test_amounts_that_cannot_be_read_are_refused_with_a_reason(cell, reason):
    clean, errors = validate_payment_rows(HEADERS, [["01/04/2025", REF_A, cell, "A1"]], known())
    assert clean == []
    assert errors == [(2, "amount_invalid", {"value": cell, "reason": reason})]


def test_dates():
    assert parse_payment_date("05/03/2025") == date(2025, 3, 5)
    assert parse_payment_date("2025-03-05 10:22") == date(2025, 3, 5)
    assert parse_payment_date("20250305") == date(2025, 3, 5)
    with pytest.raises(ValueError):
        parse_payment_date("31/02/2025")


def test_reference_normalised():
    assert normalize_reference(" 1001 2503-7 ") == "100125037"
    assert normalize_reference(10012503.0) == "10012503"


def test_clean_file_partial_payments_add_up():
    rows = [
        ["01/04/2025", REF_A, "100.00", "A1"],
        [None, None, None, None],
        ["02/04/2025", REF_A_OLD, "200", "A2"],
    ]
    clean, errors = validate_payment_rows(HEADERS, rows, known())
    assert errors == []
    assert [(r["row_no"], r["contract_id"], r["amount"], r["folio"]) for r in clean] == [
        (2, 1, D("100.00"), "A1"),
        (4, 1, D("200.00"), "A2"),
    ]
    assert references_of(HEADERS, rows) == {REF_A, REF_A_OLD}
    assert folios_of(HEADERS, rows) == {"A1", "A2"}


def test_every_problem_has_its_row():
    bad_digit = REF_A[:-1] + str((int(REF_A[-1]) + 1) % 10)
    rows = [
        ["01/04/2025", bad_digit, "10", "F1"],  # 2 check digit
        ["01/04/2025", REF_NO_BILL, "10", "F2"],  # 3 no bill
        ["01/04/2025", REF_A, "250", "F3"],  # 4 ok
        ["01/04/2025", REF_A, "60", "F4"],  # 5 exceeds what is left (50)
        ["01/04/2025", REF_B, "10", "F5"],  # 6 account owes nothing
        ["01/04/2025", REF_A, "1", "F3"],  # 7 folio repeated
        ["01/04/2025", REF_A, "1", "old-9"],  # 8 folio imported before
        ["hoy", REF_A, "-5", ""],  # 9 date, amount, folio
        ["01/05/2025", "", "", "F9"],  # 10 future date, no reference, no amount
    ]
    clean, errors = validate_payment_rows(HEADERS, rows, known())
    assert [r["row_no"] for r in clean] == [4]
    assert codes(errors) == [
        (2, "reference_check_digit"),
        (3, "reference_unknown"),
        (5, "amount_exceeds"),
        (6, "account_paid"),
        (7, "folio_repeated"),
        (8, "folio_imported"),
        (9, "date_invalid"),
        (9, "amount_not_positive"),
        (9, "folio_missing"),
        (10, "date_future"),
        (10, "amount_missing"),
        (10, "reference_missing"),
    ]
    params = {(row_no, code): p for row_no, code, p in errors}
    assert params[(5, "amount_exceeds")] == {"account": "1001", "amount": "60.00", "owed": "50.00"}
    assert params[(7, "folio_repeated")]["row"] == 4
    assert params[(8, "folio_imported")] == {"folio": "OLD-9", "file": "banco.csv", "row": 7}


def test_missing_columns_reported_on_row_one():
    clean, errors = validate_payment_rows(["fecha", "importe"], [["01/04/2025", "10"]], known())
    assert clean == []
    assert errors == [(1, "columns_missing", {"missing": "referencia, folio", "found": "fecha, importe"})]


def test_overpayments_accepted_as_credit_when_the_company_keeps_them():
    rows = [
        ["01/04/2025", REF_A, "250", "C1"],  # 2 owes 300: partial
        ["01/04/2025", REF_A, "60", "C2"],  # 3 owes 50 now: 10 left as credit
        ["01/04/2025", REF_B, "10", "C3"],  # 4 owes nothing: all credit
        ["01/04/2025", REF_NO_BILL, "10", "C4"],  # 5 still no bill
    ]
    clean, errors = validate_payment_rows(HEADERS, rows, known(allow_credit=True))
    assert [(r["row_no"], r["contract_id"], r["amount"]) for r in clean] == [
        (2, 1, D("250.00")),
        (3, 1, D("60.00")),
        (4, 2, D("10.00")),
    ]
    assert codes(errors) == [(5, "reference_unknown")]
    # the same file when the company refuses overpayments
    _clean, errors = validate_payment_rows(HEADERS, rows, known(allow_credit=False))
    assert codes(errors) == [(3, "amount_exceeds"), (4, "account_paid"), (5, "reference_unknown")]


def test_an_account_in_credit_owes_nothing():
    rows = [["01/04/2025", REF_B, "10", "N1"]]
    _clean, errors = validate_payment_rows(HEADERS, rows, known(owed={1: D(0), 2: D("-25.00")}))
    assert codes(errors) == [(2, "account_paid")]
