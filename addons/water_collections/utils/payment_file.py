"""Validation of a bank or store payment file (CSV or XLSX), independent of Odoo.

The wizard reads the table (``water_registry``'s ``read_table``) and passes its
headers and rows here with what the database knows (``PaymentKnown``): the bills
of the references in the file, what each account owes, the folios already
imported. ``validate_payment_rows`` returns the clean rows and every problem as
``(row_no, code, params)``; the wizard turns the code into a translated message.
Rows are numbered as in the spreadsheet: the header is row 1.

Rules
-----
- The reference (account digits + YYMM + check digit, printed on the bill) must
  have a valid check digit and be the reference of a posted water bill: it
  identifies the account.
- The bank's folio (authorisation) identifies a payment: it must be present, be
  unique in the file and never imported before for the same journal. The
  wizard also stores it under a unique index, so a payment is never applied
  twice even if two imports run at once.
- The amount must be positive. What the account owes is the ledger's balance,
  less the earlier rows of the same file for the same account; a smaller
  amount is a partial payment, paid by the company's payment policy. When the
  company keeps overpayments (``allow_credit``), a larger amount, or a payment
  for an account that owes nothing, is accepted and what is left stays as the
  account's credit; otherwise it is refused (the bank must return it).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from odoo.addons.water_registry.utils.tables import NumberError, cell_text, data_rows, map_headers, parse_number

COLUMNS = {
    "date": ("fecha", "fecha de pago", "fecha pago", "fecha operacion", "fecha de operacion", "date", "payment date"),
    "reference": ("referencia", "referencia bancaria", "ref", "no referencia", "reference", "payment reference"),
    "amount": ("importe", "monto", "importe pagado", "pago", "amount", "total"),
    "folio": (
        "folio",
        "autorizacion",
        "no autorizacion",
        "numero de autorizacion",
        "folio autorizacion",
        "folio bancario",
        "authorization",
        "authorisation",
    ),
}
REQUIRED_COLUMNS = ("date", "reference", "amount", "folio")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y/%m/%d", "%d/%m/%y", "%Y%m%d", "%d.%m.%Y")
CENT = Decimal("0.01")


def normalize_reference(value):
    """' 1000 0001 2503 7 ' -> '1000000125037' (spaces and dashes dropped)."""
    return "".join(cell_text(value).replace("-", " ").split())


def normalize_folio(value):
    return " ".join(cell_text(value).split()).upper()


def parse_payment_date(value):
    """A cell -> date; None when empty; ValueError when not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).split(" ")[0].split("T")[0]
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class PaymentKnown:
    """What the database holds for the file, fetched by the wizard in a few queries."""

    check_reference: object = None  # callable(reference) -> bool (the company's check digit algorithm)
    bills: dict = field(default_factory=dict)  # reference -> contract id of the posted water bill
    accounts: dict = field(default_factory=dict)  # contract id -> account number (for messages)
    owed: dict = field(default_factory=dict)  # contract id -> Decimal owed by the account now
    imported: dict = field(default_factory=dict)  # folio -> (file name, row number) already imported
    today: date = None  # payments dated after this day are refused
    allow_credit: bool = False  # the company keeps overpayments as the account's credit (saldo a favor)


def map_payment_headers(headers):
    """Return ({index: canonical}, [missing required columns]); the first of two equivalent columns wins."""
    mapping, missing, _unknown = map_headers(headers, COLUMNS, REQUIRED_COLUMNS)
    return mapping, missing


def references_of(headers, rows):
    """The normalised references of the file: the wizard asks the database only about these."""
    mapping, _missing = map_payment_headers(headers)
    index = next((i for i, name in mapping.items() if name == "reference"), None)
    if index is None:
        return set()
    return {normalize_reference(cells[index]) for cells in rows if index < len(cells)} - {""}


def folios_of(headers, rows):
    mapping, _missing = map_payment_headers(headers)
    index = next((i for i, name in mapping.items() if name == "folio"), None)
    if index is None:
        return set()
    return {normalize_folio(cells[index]) for cells in rows if index < len(cells)} - {""}


def _check_row(row, texts, known, left):
    """Problems of one row and what it pays: ([(code, params)], values)."""
    problems = []
    try:
        paid_on = parse_payment_date(row.get("date"))
        if paid_on is None:
            problems.append(("date_missing", {}))
        elif known.today and paid_on > known.today:
            problems.append(("date_future", {"value": texts["date"]}))
    except ValueError:
        paid_on = None
        problems.append(("date_invalid", {"value": texts["date"]}))
    try:
        amount = parse_number(row.get("amount"), places=2)  # to the centavo
        if amount is None:
            problems.append(("amount_missing", {}))
        elif amount <= 0:
            problems.append(("amount_not_positive", {"amount": texts["amount"]}))
            amount = None
    except NumberError as exc:
        amount = None
        problems.append(("amount_invalid", {"value": texts["amount"], "reason": exc.reason}))
    reference = normalize_reference(row.get("reference"))
    contract_id = None
    if not reference:
        problems.append(("reference_missing", {}))
    elif not known.check_reference(reference):
        problems.append(("reference_check_digit", {"reference": reference}))
    elif reference not in known.bills:
        problems.append(("reference_unknown", {"reference": reference}))
    else:
        contract_id = known.bills[reference]
        account = known.accounts.get(contract_id, reference)
        owed = left.get(contract_id, Decimal(0))
        # when the company keeps overpayments, what the account does not owe becomes its credit
        if amount is not None and not known.allow_credit:
            if owed <= 0:
                problems.append(("account_paid", {"account": account, "amount": f"{amount:,.2f}"}))
            elif amount > owed:
                problems.append(
                    ("amount_exceeds", {"account": account, "amount": f"{amount:,.2f}", "owed": f"{owed:,.2f}"})
                )
    return problems, {"date": paid_on, "amount": amount, "reference": reference, "contract_id": contract_id}


def validate_payment_rows(headers, rows, known):
    """Check every row of a payment file; return (clean rows, errors).

    Errors are ``(row_no, code, params)``; row 1 is the header. Clean rows are
    dicts: ``row_no``, ``date``, ``reference``, ``amount`` (Decimal),
    ``folio``, ``contract_id``. Blank lines are skipped.
    """
    mapping, missing = map_payment_headers(headers)
    if missing:
        found = ", ".join(str(h).strip() for h in headers if h not in (None, "")) or "-"
        expected = ", ".join(COLUMNS[name][0] for name in missing)  # the Spanish header the bank should send
        return [], [(1, "columns_missing", {"missing": expected, "found": found})]
    left = {contract_id: Decimal(str(owed)).quantize(CENT) for contract_id, owed in known.owed.items()}
    seen, clean, errors = {}, [], []
    for row_no, row in data_rows(rows, mapping):
        texts = {name: cell_text(value) for name, value in row.items()}
        problems, values = _check_row(row, texts, known, left)
        folio = normalize_folio(row.get("folio"))
        if not folio:
            problems.append(("folio_missing", {}))
        elif folio in seen:
            problems.append(("folio_repeated", {"folio": folio, "row": seen[folio]}))
        elif folio in known.imported:
            file_name, file_row = known.imported[folio]
            problems.append(("folio_imported", {"folio": folio, "file": file_name, "row": file_row}))
        if folio and folio not in seen:
            seen[folio] = row_no
        if problems:
            errors.extend((row_no, code, params) for code, params in problems)
            continue
        left[values["contract_id"]] -= values["amount"]
        clean.append(dict(values, row_no=row_no, folio=folio))
    return clean, errors
