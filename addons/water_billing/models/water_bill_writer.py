"""Posted water bills written in bulk: the same rows Odoo's invoice would store, in a few queries.

``account.move.create`` + ``action_post`` recompute taxes, payment terms and
dozens of fields line by line; for 100,000 bills that is hours. The writer takes
the priced lines of many bills at once, computes the entry with
``utils/bill_entry.py`` and inserts moves, lines, tax links and followers with
one statement each. ``tests/test_bill_writer.py`` checks that it stores exactly
what Odoo stores for the same bills. Bills it cannot write that way (fiscal
positions, delivery addresses, zero totals, taxes split over several
repartition lines) go through the ORM.
"""

import logging

from psycopg2.extras import execute_values

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..utils import bill_entry

_logger = logging.getLogger(__name__)
NUMBERING_LOCK = 74657  # pg_advisory_xact_lock(NUMBERING_LOCK, journal id)

MOVE_COLUMNS = (
    "id",
    "name",
    "journal_id",
    "company_id",
    "currency_id",
    "partner_id",
    "commercial_partner_id",
    "partner_shipping_id",
    "invoice_partner_display_name",
    "invoice_user_id",
    "ref",
    "payment_reference",
    "state",
    "move_type",
    "auto_post",
    "payment_state",
    "date",
    "invoice_date",
    "invoice_date_due",
    "invoice_currency_rate",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_untaxed_in_currency_signed",
    "amount_tax_signed",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "amount_residual_signed",
    "is_storno",
    "always_tax_exigible",
    "checked",
    "posted_before",
    "made_sequence_gap",
    "is_manually_modified",
    "water_contract_id",
    "water_period_id",
    "water_reading_id",
    "water_bill_run_id",
    "water_volume",
    "water_previous_balance",
    "sequence_prefix",
    "sequence_number",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)
LINE_COLUMNS = (
    "id",
    "move_id",
    "move_name",
    "parent_state",
    "journal_id",
    "company_id",
    "company_currency_id",
    "currency_id",
    "partner_id",
    "date",
    "invoice_date",
    "ref",
    "sequence",
    "display_type",
    "name",
    "account_id",
    "product_id",
    "product_uom_id",
    "quantity",
    "price_unit",
    "discount",
    "price_subtotal",
    "price_total",
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "amount_residual",
    "amount_residual_currency",
    "tax_line_id",
    "tax_group_id",
    "tax_repartition_line_id",
    "tax_base_amount",
    "tax_tag_invert",
    "reconciled",
    "date_maturity",
    "discount_amount_currency",
    "discount_balance",
    "water_contract_id",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)


class WaterBillWriter(models.AbstractModel):
    _name = "water.bill.writer"
    _description = "Writes posted water bills in bulk"

    @api.model
    def _write_bills(self, run, drafts, products, taxes):
        """drafts: dicts with contract, reading, lines (engine lines), labels, volume,
        previous_balance and payment_reference (see water.bill.run._price_batch).
        Returns the posted moves."""
        self.env["account.move"].check_access("create")
        context = self._context_of(run, drafts, products, taxes)
        fast, slow = [], []
        for draft in drafts:
            (fast if self._writable(draft, context) else slow).append(draft)
        moves = self.env["account.move"]
        if slow:
            moves = self.env["account.move"].create([run._invoice_values(draft, products, taxes) for draft in slow])
            moves.action_post()
        if fast:
            moves |= self._insert(run, fast, context)
        return moves

    # ------------------------------------------------------------------ what can be written
    def _context_of(self, run, drafts, products, taxes):
        company = run.company_id
        partners = self.env["res.partner"].browse({draft["contract"].partner_id.id for draft in drafts})
        partners = partners.with_company(company)
        partners.fetch(["commercial_partner_id", "complete_name", "child_ids", "property_account_position_id"])
        with_children = set(partners.filtered("child_ids").ids)
        fiscal = self.env["account.fiscal.position"].search_count(
            [("company_id", "=", company.id), ("auto_apply", "=", True)], limit=1
        )
        taxes_info = {}
        for rate, tax in taxes.items():
            base_lines = tax.invoice_repartition_line_ids.filtered(lambda r: r.repartition_type == "base")
            tax_lines = tax.invoice_repartition_line_ids.filtered(lambda r: r.repartition_type == "tax")
            simple = (
                len(tax_lines) == 1
                and tax_lines.factor_percent == 100
                and tax.amount_type == "percent"
                and not tax.price_include
                and not tax.include_base_amount
            )
            account = (
                tax.cash_basis_transition_account_id if tax.tax_exigibility == "on_payment" else tax_lines.account_id
            )
            taxes_info[rate] = {
                "tax": tax,
                "simple": simple and bool(account),
                "base_tags": base_lines.tag_ids.ids,
                "tax_tags": tax_lines.tag_ids.ids,
                "repartition": tax_lines[:1].id,
                "account": account,
                "group": tax.tax_group_id.id,
            }
        journal = run.journal_id
        accounts = {}
        for concept, product in products.items():
            income = product.product_tmpl_id.with_company(company).get_product_accounts()["income"]
            accounts[concept] = income or journal.default_account_id
        return {
            "company": company,
            "currency": company.currency_id,
            "journal": journal,
            "partners": {partner.id: partner for partner in partners},
            "with_children": with_children,
            "fiscal": bool(fiscal) or bool(partners.filtered("property_account_position_id")),
            "taxes": taxes_info,
            "accounts": accounts,
            "products": products,
            "rounding": company.tax_calculation_rounding_method or bill_entry.ROUND_PER_LINE,
        }

    def _writable(self, draft, context):
        partner_id = draft["contract"].partner_id.id
        return (
            not context["fiscal"]
            and partner_id not in context["with_children"]
            and (not context["journal"].currency_id or context["journal"].currency_id == context["currency"])
            and all(context["taxes"][line.vat_rate]["simple"] for line in draft["lines"])
            and bool(draft["lines"])
            and any(line.amount for line in draft["lines"])
        )

    # ------------------------------------------------------------------ rows
    def _insert(self, run, drafts, context):
        cr = self.env.cr
        self.env.flush_all()
        cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBERING_LOCK, run.journal_id.id])
        move_ids = self._next_ids("account_move", len(drafts))
        # numbered in Odoo's posting order: by reference (the account number), then creation
        numbering = sorted(range(len(drafts)), key=lambda index: drafts[index]["contract"].number or "")
        sequence_names = self._next_names(run, len(drafts))
        names = [None] * len(drafts)
        for position, index in enumerate(numbering):
            names[index] = sequence_names[position]
        now = self.env.cr.now()
        uid = self.env.uid
        moves, lines, tax_rel, tag_rel = [], [], [], []
        line_count = sum(len(draft["lines"]) + len({line.vat_rate for line in draft["lines"]}) + 1 for draft in drafts)
        line_ids = iter(self._next_ids("account_move_line", line_count))
        used_line_ids = []
        for draft, move_id, (name, prefix, number) in zip(drafts, move_ids, names, strict=True):
            rows, move_row, rel, tags = self._bill_rows(run, draft, context, move_id, name, line_ids)
            moves.append(move_row + (prefix, number, uid, uid, now, now))
            lines += [row + (uid, uid, now, now) for row in rows]
            used_line_ids += [row[0] for row in rows]
            tax_rel += rel
            tag_rel += tags
        execute_values(
            cr._obj, f"INSERT INTO account_move ({', '.join(MOVE_COLUMNS)}) VALUES %s", moves, page_size=1000
        )
        execute_values(
            cr._obj, f"INSERT INTO account_move_line ({', '.join(LINE_COLUMNS)}) VALUES %s", lines, page_size=2000
        )
        if tax_rel:
            execute_values(
                cr._obj,
                "INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id) VALUES %s",
                tax_rel,
                page_size=5000,
            )
        if tag_rel:
            execute_values(
                cr._obj,
                "INSERT INTO account_account_tag_account_move_line_rel (account_move_line_id, account_account_tag_id)"
                " VALUES %s",
                tag_rel,
                page_size=5000,
            )
        posted = self.env["account.move"].browse(move_ids)
        self._subscribe_partners(posted, [draft["contract"].partner_id.id for draft in drafts])
        self._increase_customer_rank(drafts, context)
        self.env["account.move"].invalidate_model()
        self.env["account.move.line"].invalidate_model()
        return posted

    def _bill_rows(self, run, draft, context, move_id, name, line_ids):
        """(line rows, move row, tax links, tag links) of one bill, rows in LINE_COLUMNS and
        MOVE_COLUMNS order (without the trailing sequence and audit columns)."""
        currency = context["currency"]
        partner = context["partners"][draft["contract"].partner_id.id]
        ref = draft["contract"].number
        reference = draft["payment_reference"]
        subtotals = [bill_entry.subtotal(line.quantity, line.unit_price) for line in draft["lines"]]
        untaxed, by_tax, total = bill_entry.bill_amounts(
            [(amount, line.vat_rate) for amount, line in zip(subtotals, draft["lines"], strict=True)],
            {line.vat_rate: line.vat_rate for line in draft["lines"]},
            context["rounding"],
        )
        common = {
            "move_id": move_id,
            "move_name": name,
            "parent_state": "posted",
            "journal_id": run.journal_id.id,
            "company_id": context["company"].id,
            "company_currency_id": currency.id,
            "currency_id": currency.id,
            "partner_id": partner.id,
            "date": run.invoice_date,
            "invoice_date": run.invoice_date,
            "ref": ref,
            "quantity": 0.0,
            "price_unit": 0.0,
            "discount": 0.0,
            "price_subtotal": 0.0,
            "price_total": 0.0,
            "reconciled": False,
            "water_contract_id": draft["contract"].id,
        }

        def row(balance, **values):
            debit, credit, balance, amount_currency = self._debit_credit(balance)
            values = {
                **common,
                "id": next(line_ids),
                "debit": debit,
                "credit": credit,
                "balance": balance,
                "amount_currency": amount_currency,
                **values,
            }
            return tuple(values.get(column) for column in LINE_COLUMNS[:-4])

        rows, tax_rel, tag_rel = [], [], []
        for amount, line, label in zip(subtotals, draft["lines"], draft["labels"], strict=True):
            product = context["products"][line.concept]
            tax = context["taxes"][line.vat_rate]
            rows.append(
                row(
                    -amount,
                    sequence=100,
                    display_type="product",
                    name=label,
                    account_id=context["accounts"][line.concept].id,
                    product_id=product.id,
                    product_uom_id=product.uom_id.id,
                    quantity=line.quantity,
                    price_unit=float(line.unit_price),
                    price_subtotal=amount,
                    price_total=bill_entry.line_total(amount, line.vat_rate),
                    amount_residual=0.0,
                    amount_residual_currency=0.0,
                    tax_tag_invert=True,
                )
            )
            tax_rel.append((rows[-1][0], tax["tax"].id))
            tag_rel += [(rows[-1][0], tag) for tag in tax["base_tags"]]
        for rate, (base, tax_amount) in by_tax.items():
            tax = context["taxes"][rate]
            if currency.is_zero(float(tax_amount)):
                continue
            residual = -tax_amount if tax["account"].reconcile else 0.0
            rows.append(
                row(
                    -tax_amount,
                    sequence=10000,
                    display_type="tax",
                    name=tax["tax"].name,
                    account_id=tax["account"].id,
                    amount_residual=residual,
                    amount_residual_currency=residual,
                    tax_line_id=tax["tax"].id,
                    tax_group_id=tax["group"],
                    tax_repartition_line_id=tax["repartition"],
                    tax_base_amount=base,
                    tax_tag_invert=True,
                )
            )
            tag_rel += [(rows[-1][0], tag) for tag in tax["tax_tags"]]
        receivable = partner.commercial_partner_id.property_account_receivable_id
        if not receivable:
            raise UserError(_("The holder %s has no receivable account.", partner.display_name))
        rows.append(
            row(
                total,
                sequence=12000,
                display_type="payment_term",
                name=f"{ref} - {reference}" if reference and ref and reference != ref else (reference or None),
                account_id=receivable.id,
                amount_residual=total,
                amount_residual_currency=total,
                tax_tag_invert=False,
                date_maturity=run.due_date or run.invoice_date,
                discount_amount_currency=0.0,
                discount_balance=0.0,
            )
        )
        tax_total = total - untaxed
        move = {
            "id": move_id,
            "name": name,
            "journal_id": run.journal_id.id,
            "company_id": context["company"].id,
            "currency_id": currency.id,
            "partner_id": partner.id,
            "commercial_partner_id": partner.commercial_partner_id.id,
            "partner_shipping_id": partner.id,
            "invoice_partner_display_name": partner.display_name,
            "invoice_user_id": self.env.uid,
            "ref": ref,
            "payment_reference": reference,
            "state": "posted",
            "move_type": "out_invoice",
            "auto_post": "no",
            "payment_state": "not_paid",
            "date": run.invoice_date,
            "invoice_date": run.invoice_date,
            "invoice_date_due": run.due_date or run.invoice_date,
            "invoice_currency_rate": 1.0,
            "amount_untaxed": untaxed,
            "amount_tax": tax_total,
            "amount_total": total,
            "amount_residual": total,
            "amount_untaxed_signed": untaxed,
            "amount_untaxed_in_currency_signed": untaxed,
            "amount_tax_signed": tax_total,
            "amount_total_signed": total,
            "amount_total_in_currency_signed": total,
            "amount_residual_signed": total,
            "is_storno": False,
            "always_tax_exigible": False,
            "checked": True,
            "posted_before": True,
            "made_sequence_gap": False,
            "is_manually_modified": False,
            "water_contract_id": draft["contract"].id,
            "water_period_id": run.period_id.id,
            "water_reading_id": draft["reading"].id or None,
            "water_bill_run_id": run.id,
            "water_volume": draft["volume"],
            "water_previous_balance": draft["previous_balance"],
        }
        return rows, tuple(move[column] for column in MOVE_COLUMNS[:-6]), tax_rel, tag_rel

    @staticmethod
    def _debit_credit(balance):
        """(debit, credit, balance, amount_currency) of a balance in the company currency."""
        return (max(0, balance), -balance if balance < 0 else 0, balance, balance)

    def _next_ids(self, table, count):
        self.env.cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"{table}_id_seq", count))
        return [row[0] for row in self.env.cr.fetchall()]

    def _next_names(self, run, count):
        """[(name, prefix, number)] following the journal's last invoice number, as Odoo would."""
        move = self.env["account.move"].new(
            {
                "move_type": "out_invoice",
                "journal_id": run.journal_id.id,
                "company_id": run.company_id.id,
                "date": run.invoice_date,
                "invoice_date": run.invoice_date,
            }
        )
        last = move._get_last_sequence()
        new = not last
        if new:
            last = move._get_last_sequence(relaxed=True) or move._get_starting_sequence()
        format_string, values = move._get_sequence_format_param(last)
        if new:
            reset = move._deduce_sequence_number_reset(last)
            date_start, date_end, forced_start, forced_end = move._get_sequence_date_range(reset)
            values["seq"] = 0
            values["year"] = move._truncate_year_to_length(forced_start or date_start.year, values["year_length"])
            values["year_end"] = move._truncate_year_to_length(forced_end or date_end.year, values["year_end_length"])
            values["month"] = run.invoice_date.month
        prefix = format_string.split("{seq:")[0].format(**values)
        start = values["seq"]
        result = []
        for number in range(start + 1, start + count + 1):
            values["seq"] = number
            result.append((format_string.format(**values), prefix, number))
        return result

    def _subscribe_partners(self, moves, partner_ids):
        """The holder follows the bill with the default subtypes, as posting does."""
        subtypes = self.env["mail.message.subtype"].default_subtypes("account.move")[0]
        cr = self.env.cr
        execute_values(
            cr._obj,
            "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s RETURNING id",
            [("account.move", move_id, partner_id) for move_id, partner_id in zip(moves.ids, partner_ids, strict=True)],
            page_size=5000,
        )
        follower_ids = [row[0] for row in cr.fetchall()]
        if subtypes:
            execute_values(
                cr._obj,
                "INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)"
                " VALUES %s",
                [(follower, subtype) for follower in follower_ids for subtype in subtypes.ids],
                page_size=5000,
            )
        self.env["mail.followers"].invalidate_model()

    def _increase_customer_rank(self, drafts, context):
        counts = {}
        for draft in drafts:
            partner = context["partners"][draft["contract"].partner_id.id]
            for target in partner | partner.commercial_partner_id:
                counts[target.id] = counts.get(target.id, 0) + 1
        by_count = {}
        for partner_id, count in counts.items():
            by_count.setdefault(count, []).append(partner_id)
        for count, partner_ids in by_count.items():
            self.env["res.partner"].browse(partner_ids)._increase_rank("customer_rank", count)
