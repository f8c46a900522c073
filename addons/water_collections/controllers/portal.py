from odoo import Command, _, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import format_date, format_datetime

from odoo.addons.payment.controllers.portal import PaymentPortal
from odoo.addons.water_registry.controllers.portal import WaterPortal

from ..utils.portal import balance_changed, merge_payments

RECEIPTS_SHOWN = 12
RECEIPT_REPORT = "water_collections.action_report_cash_receipt"
ONLINE_STATES = ("pending", "authorized", "done")


class WaterCollectionsPortal(WaterPortal, PaymentPortal):
    """Collections on the citizen's account page: what the account paid (window receipts and their
    PDF, bank and store payments, online payments) and the online payment of the balance through
    Odoo's payment providers."""

    # ------------------------------------------------------------------ values
    def _water_open_debts(self, contract_sudo):
        """(bills, items, total) of the account: the bills it still owes, its open items in the ledger (debts and
        credits, oldest due first) and what it owes: the ledger's balance, the figure of the balance card
        (negative: its credit in favour)."""
        rows = contract_sudo._water_ledger()[contract_sudo.id]
        total = contract_sudo._water_portal_balances()[contract_sudo.id]
        bills = (
            request.env["account.move"]
            .sudo()
            .browse([row["move_id"] for row in rows if row["residual"] > 0])
            .filtered(lambda move: move.move_type == "out_invoice")
        )
        return bills, rows, total

    def _water_payments_received(self, contract_sudo, limit=RECEIPTS_SHOWN):
        """The account's payments, newest first: window receipts (cancelled ones too), payments of
        bank and store files (reversed files too) and online payments. A few queries per kind,
        whatever the number of rows (the ORM reads the related records in batch)."""
        env = request.env
        # the citizen's time zone, else the utility's (a portal user often has none)
        tz = env.user.tz or contract_sudo.company_id.partner_id.tz or False
        receipts = (
            env["water.cash.receipt"]
            .sudo()
            .search([("contract_id", "=", contract_sudo.id), ("state", "in", ("posted", "cancelled"))], limit=limit)
        )
        file_lines = (
            env["water.payment.file.line"]
            .sudo()
            .search([("contract_id", "=", contract_sudo.id)], order="date desc, id desc", limit=limit)
        )
        transactions = (
            env["payment.transaction"]
            .sudo()
            .search(
                [("water_contract_id", "=", contract_sudo.id), ("state", "in", ONLINE_STATES)],
                order="id desc",
                limit=limit,
            )
        )
        window = [
            {
                "kind": "window",
                "key": f"receipt-{receipt.id}",
                "date": receipt.date,
                "date_label": format_datetime(env, receipt.date, tz=tz, dt_format="short"),
                "folio": receipt.name,
                "amount": receipt.amount,
                "methods": ", ".join(dict.fromkeys(receipt.payment_ids.method_id.mapped("name"))),
                "cancelled": receipt.state == "cancelled",
                "pending": False,
                "pdf_url": f"/my/water/{contract_sudo.id}/receipts/{receipt.id}/pdf",
                "sequence": receipt.id,
            }
            for receipt in receipts
        ]
        files = [
            {
                "kind": "file",
                "key": f"file-{line.id}",
                "date": line.date,
                "date_label": format_date(env, line.date),
                "folio": line.folio,
                "amount": line.amount,
                "methods": line.journal_id.name,
                "cancelled": line.state == "reversed",
                "pending": False,
                "pdf_url": False,
                "sequence": line.id,
            }
            for line in file_lines
        ]
        online = [
            {
                "kind": "online",
                "key": f"online-{tx.id}",
                "date": tx.last_state_change or tx.create_date,
                "date_label": format_datetime(env, tx.last_state_change or tx.create_date, tz=tz, dt_format="short"),
                "folio": tx.reference,
                "amount": tx.amount,
                "methods": tx.payment_method_id.name or tx.provider_id.name,
                "cancelled": False,
                "pending": tx.state != "done",
                "pdf_url": False,
                "sequence": tx.id,
            }
            for tx in transactions
        ]
        return merge_payments(window, files, online, limit=limit)

    def _water_transaction_status(self, contract_sudo, tx_id):
        """(css class, message) of the online payment the citizen comes back from, if it is one
        of this account's; None otherwise."""
        try:
            tx_id = int(tx_id)
        except (TypeError, ValueError):
            return None
        tx = (
            request.env["payment.transaction"]
            .sudo()
            .search([("id", "=", tx_id), ("water_contract_id", "=", contract_sudo.id)], limit=1)
        )
        if not tx:
            return None
        amount = tx.currency_id.format(tx.amount)
        if tx.state == "done":
            return (
                "success",
                _(
                    "Thank you: we received your online payment of %(amount)s (reference %(reference)s).",
                    amount=amount,
                    reference=tx.reference,
                ),
            )
        if tx.state in ("pending", "authorized"):
            return (
                "info",
                _(
                    "Your online payment of %(amount)s (reference %(reference)s) is being processed: "
                    "it will show up in your balance once the bank confirms it.",
                    amount=amount,
                    reference=tx.reference,
                ),
            )
        if tx.state == "cancel":
            return ("warning", _("The online payment was cancelled: nothing was charged."))
        return ("danger", _("The online payment did not go through: nothing was charged. You may try again."))

    def _water_account_values(self, contract_sudo, **kwargs):
        values = super()._water_account_values(contract_sudo, **kwargs)
        total = contract_sudo._water_portal_balances()[contract_sudo.id]
        values.update(
            {
                "water_balance_due": total,
                "water_currency": contract_sudo.company_id.currency_id,
                "water_can_pay_online": total > 0 and contract_sudo.state != "cancelled",
                "water_payments_received": self._water_payments_received(contract_sudo),
                "water_payments_shown": RECEIPTS_SHOWN,
                "water_payment_status": self._water_transaction_status(contract_sudo, kwargs.get("water_tx")),
            }
        )
        return values

    # ------------------------------------------------------------------ receipt PDF
    @http.route("/my/water/<int:contract_id>/receipts/<int:receipt_id>/pdf", type="http", auth="user", website=True)
    def portal_water_receipt_pdf(self, contract_id, receipt_id, download=False, **kwargs):
        """A window receipt of the account as PDF: refused (back to the accounts) for accounts the
        citizen may not see and for receipts of other accounts."""
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        receipt_sudo = (
            request.env["water.cash.receipt"]
            .sudo()
            .search(
                [
                    ("id", "=", receipt_id),
                    ("contract_id", "=", contract_sudo.id),
                    ("state", "in", ("posted", "cancelled")),
                ],
                limit=1,
            )
        )
        if not receipt_sudo:
            return request.redirect(f"/my/water/{contract_sudo.id}")
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(receipt_sudo.company_id)
            .with_context(lang=request.env.user.lang or request.env.lang)
            ._render_qweb_pdf(RECEIPT_REPORT, receipt_sudo.ids)[0]
        )
        disposition = content_disposition(f"Recibo-{receipt_sudo.name.replace('/', '-')}.pdf")
        if not download:
            disposition = disposition.replace("attachment", "inline", 1)
        headers = [
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", disposition),
        ]
        return request.make_response(pdf, headers=headers)

    # ------------------------------------------------------------------ online payment
    def _water_providers(self, contract_sudo, amount):
        """(providers, payment methods) the holder may pay this amount with, in sudo."""
        company = contract_sudo.company_id
        currency = company.currency_id
        partner = contract_sudo.partner_id
        report = {}
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(company.id, partner.id, amount, currency_id=currency.id, report=report)
        )
        methods_sudo = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(providers_sudo.ids, partner.id, currency_id=currency.id, report=report)
        )
        return providers_sudo, methods_sudo, report

    @http.route("/my/water/<int:contract_id>/pay", type="http", auth="user", website=True)
    def portal_water_pay(self, contract_id, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        _bills, debts, total = self._water_open_debts(contract_sudo)
        if total <= 0 or contract_sudo.state == "cancelled":
            return request.redirect(f"/my/water/{contract_sudo.id}")
        currency = contract_sudo.company_id.currency_id
        providers_sudo, methods_sudo, report = self._water_providers(contract_sudo, total)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "water_pay",
                "contract": contract_sudo,
                "debts": debts,
                "amount": total,
                "currency": currency,
                # the payment form: the holder pays (his receivable), no saved cards on this page
                # (a linked citizen's card must never be stored as the holder's)
                "partner_id": contract_sudo.partner_id.id,
                "providers_sudo": providers_sudo,
                "payment_methods_sudo": methods_sudo,
                "tokens_sudo": request.env["payment.token"],
                "availability_report": report,
                "show_tokenize_input_mapping": dict.fromkeys(providers_sudo.ids, False),
                "transaction_route": f"/my/water/{contract_sudo.id}/transaction",
                "landing_route": f"/my/water/{contract_sudo.id}",
                "access_token": None,
                "reference_prefix": contract_sudo.number,
                "submit_button_label": _("Pay %s", currency.format(total)),
            }
        )
        return request.render("water_collections.portal_water_pay", values)

    @http.route("/my/water/<int:contract_id>/transaction", type="json", auth="user")
    def portal_water_transaction(self, contract_id, amount=None, access_token=None, payment_reference=None, **kwargs):
        """Create the online transaction of the account's whole open balance, computed here: the
        open bills are its invoices and the holder its partner, so that Odoo's post-processing
        posts the payment on the holder's receivable and reconciles it with the bills.

        If the balance changed since the page was shown (a cashier or the bank took a payment),
        no transaction is made and the citizen is asked to reload the page."""
        contract_sudo = self._water_contract_check_access(contract_id)
        self._validate_transaction_kwargs(kwargs)
        bills, _debts, total = self._water_open_debts(contract_sudo)
        currency = contract_sudo.company_id.currency_id
        if total <= 0 or contract_sudo.state == "cancelled":
            raise ValidationError(_("Account %s owes nothing now: there is nothing to pay.", contract_sudo.number))
        if balance_changed(amount, total):
            raise ValidationError(
                _(
                    "The balance of account %(account)s is now %(amount)s: it changed since you opened this page "
                    "(another payment or a new bill was registered). Reload the page to pay the current balance.",
                    account=contract_sudo.number,
                    amount=currency.format(total),
                )
            )
        in_process = (
            request.env["payment.transaction"]
            .sudo()
            .search_count(
                [
                    ("water_contract_id", "=", contract_sudo.id),
                    "|",
                    ("state", "in", ("pending", "authorized")),
                    "&",
                    ("state", "=", "done"),
                    ("is_post_processed", "=", False),
                ],
                limit=1,
            )
        )
        if in_process:
            raise ValidationError(
                _(
                    "An online payment of account %s is still being processed: wait for it to show up in "
                    "your payments before paying again.",
                    contract_sudo.number,
                )
            )
        if kwargs.get("flow") not in ("redirect", "direct"):
            raise ValidationError(_("Choose a payment method to pay the account."))
        providers_sudo, methods_sudo, _report = self._water_providers(contract_sudo, total)
        provider_id = self._cast_as_int(kwargs.get("provider_id"))
        method_id = self._cast_as_int(kwargs.get("payment_method_id"))
        if provider_id not in providers_sudo.ids or method_id not in methods_sudo.ids:
            raise ValidationError(_("This payment method is not available for this account."))
        kwargs.update(
            {
                "provider_id": provider_id,
                "payment_method_id": method_id,
                "token_id": None,
                "amount": total,
                "currency_id": currency.id,
                "partner_id": contract_sudo.partner_id.id,
                "tokenization_requested": False,
                "is_validation": False,
                "landing_route": f"/my/water/{contract_sudo.id}",
                "reference_prefix": contract_sudo.number,
            }
        )
        tx_sudo = self._create_transaction(
            custom_create_values={
                "invoice_ids": [Command.set(bills.ids)],
                "water_contract_id": contract_sudo.id,
            },
            **kwargs,
        )
        tx_sudo.landing_route = f"/my/water/{contract_sudo.id}?water_tx={tx_sudo.id}"
        return tx_sudo._get_processing_values()
