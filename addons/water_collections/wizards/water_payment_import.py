import hashlib
from collections import defaultdict
from decimal import Decimal

from psycopg2 import IntegrityError

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date
from odoo.tools.translate import LazyTranslate

from odoo.addons.water_billing.utils.payment import is_valid_reference

from ..utils.payment_file import PaymentKnown, folios_of, references_of, validate_payment_rows

_lt = LazyTranslate(__name__)

ERROR_MESSAGES = {
    "columns_missing": _lt("the file lacks the columns %(missing)s. Columns found: %(found)s"),
    "file_imported": _lt("this file was already imported as %(name)s on %(date)s: it is not applied twice"),
    "date_missing": _lt("the payment date is missing"),
    "date_invalid": _lt("«%(value)s» is not a date (use dd/mm/yyyy or yyyy-mm-dd)"),
    "date_future": _lt("the payment date %(value)s is in the future"),
    "amount_missing": _lt("the amount is missing"),
    "amount_invalid": _lt("«%(value)s» is not an amount (%(reason)s)"),
    "amount_not_positive": _lt("the amount %(amount)s must be greater than zero"),
    "reference_missing": _lt("the reference is missing"),
    "reference_check_digit": _lt("reference %(reference)s has a wrong check digit"),
    "reference_unknown": _lt("reference %(reference)s matches no bill"),
    "account_paid": _lt("account %(account)s owes nothing: the payment of %(amount)s cannot be applied"),
    "amount_exceeds": _lt(
        "the amount %(amount)s exceeds what account %(account)s owes (%(owed)s); an overpayment is not applied"
    ),
    "folio_missing": _lt("the bank folio (authorisation) is missing"),
    "folio_repeated": _lt("folio %(folio)s is repeated (also in row %(row)s)"),
    "folio_imported": _lt("folio %(folio)s was already imported (file %(file)s, row %(row)s)"),
}
# payments per journal entry: Odoo's reconciliation looks at every line of the entry for each partial
# (cash-basis taxes of the Mexican chart), so entries are kept small
ENTRY_SIZE = 100
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


class WaterPaymentImport(models.TransientModel):
    _name = "water.payment.import"
    _description = "Import of a bank or store payment file (CSV or XLSX)"
    _inherit = ["water.import.mixin"]
    _import_title = _lt("Import payment file")
    _import_file_prompt = _lt("Choose the CSV or XLSX file of payments sent by the bank or store.")
    _import_error_messages = ERROR_MESSAGES

    journal_id = fields.Many2one(
        "account.journal",
        string="Bank or store journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_total = fields.Monetary(string="Total of the valid rows", readonly=True)
    line_ids = fields.One2many("water.payment.import.line", "import_id", string="Problems found", readonly=True)
    payment_file_id = fields.Many2one("water.payment.file", string="Payment file", readonly=True)

    def action_open_file(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "water.payment.file",
            "res_id": self.payment_file_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # ---------------------------------------------------------------- checks
    def _check_allowed(self):
        if not self.env.su and not self.env.user.has_group("water_collections.group_water_collections_officer"):
            raise AccessError(_("Only the collections officer imports bank and store payment files."))
        if not self.journal_id:
            raise UserError(_("Choose the journal of the bank or store that sent the file."))
        if self.journal_id.type not in ("bank", "cash") or self.journal_id.company_id != self.company_id:
            raise UserError(
                _("Journal %s is not a bank or cash journal of this company.", self.journal_id.display_name)
            )

    def _validate(self):
        headers, data = self._read_table()
        known = self._known(headers, data)
        clean, errors = validate_payment_rows(headers, data, known)
        previous = (
            self.env["water.payment.file"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("file_hash", "=", self._hash(self._content())),
                    ("state", "=", "posted"),
                ],
                limit=1,
            )
        )
        if previous:
            date = format_date(self.env, fields.Datetime.context_timestamp(self, previous.import_date).date())
            errors.insert(0, (0, "file_imported", {"name": previous.name, "date": date}))
        return clean, errors

    @api.model
    def _hash(self, content):
        return hashlib.sha256(content).hexdigest()

    def _known(self, headers, data):
        """The bills of the file's references, what their accounts owe and the folios already imported:
        a few queries whatever the size of the file."""
        company = self.company_id
        algorithm = company.water_reference_algorithm
        references = list(references_of(headers, data))
        self.env["account.move"].flush_model(
            ["payment_reference", "water_contract_id", "state", "move_type", "amount_residual_signed"]
        )
        self.env.cr.execute(
            SQL(
                """
            SELECT m.payment_reference, m.water_contract_id, c.number
              FROM account_move m JOIN water_contract c ON c.id = m.water_contract_id
             WHERE m.payment_reference = ANY(%s) AND m.company_id = %s AND m.state = 'posted'
               AND m.move_type = 'out_invoice' AND m.water_period_id IS NOT NULL
                """,
                references,
                company.id,
            )
        )
        bills, accounts = {}, {}
        for reference, contract_id, number in self.env.cr.fetchall():
            bills[reference] = contract_id
            accounts[contract_id] = number
        # what each account owes: the ledger's balance (negative: its credit), one query for the file
        balances = self.env["water.contract"].sudo().browse(list(accounts))._water_balances()
        owed = {contract_id: Decimal(str(amount)) for contract_id, amount in balances.items()}
        folios = list(folios_of(headers, data))
        imported = {
            line["folio"]: (line["file_id"][1], line["row_number"])
            for line in self.env["water.payment.file.line"]
            .sudo()
            .search_read(
                [("journal_id", "=", self.journal_id.id), ("folio", "in", folios), ("state", "=", "posted")],
                ["folio", "file_id", "row_number"],
            )
        }
        return PaymentKnown(
            check_reference=lambda reference: is_valid_reference(reference, algorithm),
            bills=bills,
            accounts=accounts,
            owed=owed,
            imported=imported,
            today=fields.Date.context_today(self),
            allow_credit=company.water_allow_credit,
        )

    def _valid_summary(self, clean):
        return _(
            "All %(count)s rows are valid (%(total)s). Press Import to apply the payments.",
            count=len(clean),
            total=format_amount(self.env, float(sum(row["amount"] for row in clean)), self.currency_id),
        )

    def _report_values(self, clean):
        return {"amount_total": float(sum((row["amount"] for row in clean), Decimal(0)))}

    # ---------------------------------------------------------------- applying the payments
    def _import_rows(self, clean):
        payment_file = self._apply(clean)
        return {
            "amount_total": payment_file.amount_total,
            "payment_file_id": payment_file.id,
            "summary": _(
                "%(count)s payments for %(total)s imported from %(file)s as %(name)s and applied by the payment "
                "policy.",
                count=len(clean),
                total=format_amount(self.env, payment_file.amount_total, payment_file.currency_id),
                file=self.file_name or "",
                name=payment_file.name,
            ),
        }

    def _import_failure(self, exc):
        if isinstance(exc, IntegrityError):
            return _(
                "Another import applied this file or some of its folios meanwhile: nothing was saved. Check it again."
            )
        return super()._import_failure(exc)

    def _outstanding_account(self):
        journal = self.journal_id
        account = journal.inbound_payment_method_line_ids.payment_account_id[:1]
        account = account or self.env.ref(
            f"account.{journal.company_id.root_id.id}_account_journal_payment_debit_account_id",
            raise_if_not_found=False,
        )
        account = account or journal.default_account_id
        if not account:
            raise UserError(_("Journal %s has no account to receive the payments.", journal.display_name))
        return account

    def _open_receivables(self, contract_ids):
        """{contract id: its open items in the ledger (debts and credits)}, locked (FOR UPDATE): a payment applied
        meanwhile by the window or online makes this import wait and fail rather than apply a residual twice."""
        return self.env["water.contract"].sudo().browse(list(contract_ids))._water_ledger(lock=True)

    def _apply(self, clean):
        """Journal entries in the bank's journal, per payment date and per ENTRY_SIZE payments: a receivable
        credit per payment (the account's holder, carrying the account) and their total on the journal's
        outstanding receipts account. Each row settles by the company's payment policy over what its account
        still owes, rows in date order: the account's credits first, then the row's money; what the row pays
        is reconciled pair by pair, and what is left stays open as the account's credit (when the company keeps
        overpayments; otherwise validation refused the row)."""
        env = self.env(context=dict(self.env.context, **QUIET))
        contracts = env["water.contract"].browse({row["contract_id"] for row in clean})
        partners = {contract.id: contract.partner_id.id for contract in contracts}
        receivables = self._open_receivables(contracts.ids)
        fallback = env["account.account"].search(
            [
                *env["account.account"]._check_company_domain(self.company_id),
                ("account_type", "=", "asset_receivable"),
            ],
            limit=1,
        )
        accounts = {
            contract_id: account or fallback
            for contract_id, account in contracts._water_receivable_accounts(receivables).items()
        }
        outstanding = self._outstanding_account()
        content = self._content()
        payment_file = env["water.payment.file"].create(
            {
                "file_name": self.file_name or _("payments.csv"),
                "file_hash": self._hash(content),
                "journal_id": self.journal_id.id,
                "company_id": self.company_id.id,
                "date_first": min(row["date"] for row in clean),
                "date_last": max(row["date"] for row in clean),
                "line_count": len(clean),
                "amount_total": float(sum(row["amount"] for row in clean)),
            }
        )
        by_date = defaultdict(list)
        for row in clean:
            by_date[row["date"]].append(row)
        entries = [
            (day, rows[start : start + ENTRY_SIZE])
            for day, rows in sorted(by_date.items())
            for start in range(0, len(rows), ENTRY_SIZE)
        ]
        move_vals = []
        for day, rows in entries:
            lines = [
                (
                    0,
                    0,
                    {
                        "account_id": accounts[row["contract_id"]].id,
                        "partner_id": partners[row["contract_id"]],
                        "water_contract_id": row["contract_id"],
                        "name": self.env._(
                            "Payment folio %(folio)s ref. %(reference)s", folio=row["folio"], reference=row["reference"]
                        ),
                        "credit": float(row["amount"]),
                        "date_maturity": day,
                    },
                )
                for row in rows
            ]
            lines.append(
                (
                    0,
                    0,
                    {
                        "account_id": outstanding.id,
                        "name": _("Payments of %(file)s", file=payment_file.name),
                        "debit": float(sum(row["amount"] for row in rows)),
                    },
                )
            )
            move_vals.append(
                {
                    "move_type": "entry",
                    "journal_id": self.journal_id.id,
                    "date": day,
                    "ref": _("%(name)s: %(file)s", name=payment_file.name, file=payment_file.file_name),
                    "water_payment_file_id": payment_file.id,
                    "line_ids": lines,
                }
            )
        moves = env["account.move"].create(move_vals)
        moves.action_post()
        credit_lines = moves.line_ids.filtered(lambda line: line.credit).sorted("id")
        ordered_rows = [row for _day, rows in entries for row in rows]
        env["water.payment.file.line"].create(
            [
                {
                    "file_id": payment_file.id,
                    "row_number": row["row_no"],
                    "date": row["date"],
                    "reference": row["reference"],
                    "folio": row["folio"],
                    "amount": float(row["amount"]),
                    "contract_id": row["contract_id"],
                    "partner_id": partners[row["contract_id"]],
                    "move_line_id": line.id,
                }
                for row, line in zip(ordered_rows, credit_lines, strict=True)
            ]
        )
        # the policy, row after row: the second payment of an account sees what the first one left
        company = self.company_id
        Contract = env["water.contract"]
        residuals = {row["line_id"]: row["item"].residual for rows in receivables.values() for row in rows}
        plan = []
        for row, line in zip(ordered_rows, credit_lines, strict=True):
            items = [
                item._replace(residual=residuals[item.key])
                for item in (open_row["item"] for open_row in receivables[row["contract_id"]])
                if residuals[item.key]
            ]
            try:
                settlement = Contract._water_settle(items, row["amount"], company)
            except ValueError:
                raise UserError(
                    self.env._(
                        "row %(row)s: account %(account)s owes less than the %(amount)s of the payment now (another "
                        "payment was registered meanwhile)",
                        row=row["row_no"],
                        account=contracts.browse(row["contract_id"]).number,
                        amount=format_amount(self.env, float(row["amount"]), self.company_id.currency_id),
                    )
                ) from None
            Contract._water_apply_remaining(residuals, settlement)
            plan += Contract._water_reconcile_pairs(settlement.applications, line)
        if plan:
            env["account.move.line"]._reconcile_plan(plan)
        payment_file.message_post(
            body=_(
                "%(count)s payments for %(total)s imported from %(file)s into %(journal)s.",
                count=len(clean),
                total=format_amount(self.env, payment_file.amount_total, payment_file.currency_id),
                file=payment_file.file_name,
                journal=self.journal_id.display_name,
            )
        )
        return payment_file
