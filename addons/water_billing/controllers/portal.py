import base64

from psycopg2 import IntegrityError

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.water_registry.controllers.portal import WaterPortal

from ..utils import portal_billing

BILLS_PER_PAGE = 12
SELF_READINGS_SHOWN = 5


class WaterBillingPortal(WaterPortal):
    """Balance, due date, bills, consumption and self-readings of the citizen's water accounts."""

    # ------------------------------------------------------------------ values
    def _water_accounts_values(self, contracts_sudo):
        values = super()._water_accounts_values(contracts_sudo)
        values["water_balances"] = contracts_sudo._water_portal_balances()
        return values

    def _water_account_values(self, contract_sudo, **kwargs):
        values = super()._water_account_values(contract_sudo, **kwargs)
        values.update(self._water_billing_values(contract_sudo))
        values.update(self._water_self_reading_values(contract_sudo, **kwargs))
        return values

    def _water_bills_domain(self, contract_sudo):
        """The account's bills on the portal: its customer invoices, posted or cancelled (never drafts)."""
        return [
            ("water_contract_id", "=", contract_sudo.id),
            ("move_type", "=", "out_invoice"),
            ("state", "in", ("posted", "cancel")),
        ]

    def _water_bill_rows(self, bills_sudo):
        """One dict per bill with what the list shows; the values of all the bills are read at once."""
        bills_sudo._water_ensure_access_tokens()
        bills_sudo.water_period_id.mapped("name")
        bills_sudo.mapped("reversal_move_ids")
        today = fields.Date.context_today(bills_sudo)
        labels = self._water_bill_status_labels()
        rows = []
        for bill in bills_sudo:
            payment_state = bill.payment_state
            if payment_state == "reversed" and not bill.reversal_move_ids:
                # Odoo says reversed when credit notes paid it: the account's credit, applied by the bill run
                payment_state = "paid"
            status = portal_billing.bill_status(
                bill.state, payment_state, bill.amount_residual, bill.invoice_date_due, today
            )
            rows.append(
                {
                    "bill": bill,
                    "status": status,
                    "status_label": labels[status],
                    "badge": portal_billing.BADGE_CLASSES[status],
                    "residual": bill.amount_residual if bill.state == "posted" else 0.0,
                    "pdf_url": bill.get_portal_url(report_type="pdf", download=True),
                    "url": bill.get_portal_url(),
                }
            )
        return rows

    def _water_bill_status_labels(self):
        return {
            portal_billing.PAID: _("Paid"),
            portal_billing.PARTIAL: _("Partly paid"),
            portal_billing.OVERDUE: _("Overdue"),
            portal_billing.PENDING: _("Pending"),
            portal_billing.CANCELLED: _("Void"),
            portal_billing.REVERSED: _("Reversed"),
        }

    def _water_billing_values(self, contract_sudo):
        Move = request.env["account.move"].sudo()
        domain = self._water_bills_domain(contract_sudo)
        bills = Move.search(domain, order="invoice_date desc, id desc", limit=BILLS_PER_PAGE)
        last_bill = bills.filtered(lambda b: b.state == "posted" and b.water_period_id)[:1]
        bars, average = [], None
        if last_bill:
            history = last_bill._water_consumption_history().get(last_bill.id, [])
            bars, average = portal_billing.chart_bars(
                [(*Move._water_period_label(start, end), volume) for start, end, volume in history]
            )
        balance = contract_sudo._water_portal_balances()[contract_sudo.id]
        # a credit covering every debt (not applied yet: the next bill run applies it) leaves nothing due
        due_date = contract_sudo._water_portal_due_dates().get(contract_sudo.id) if balance > 0 else None
        return {
            "water_currency": contract_sudo.company_id.currency_id,
            "water_balance": balance,
            "water_due_date": due_date,
            "water_overdue": bool(due_date and due_date < fields.Date.context_today(contract_sudo)),
            "water_last_bill": last_bill,
            "water_bills": self._water_bill_rows(bills),
            "water_bill_count": Move.search_count(domain) if len(bills) == BILLS_PER_PAGE else len(bills),
            "water_chart_bars": bars,
            "water_chart_average": average,
        }

    def _water_self_reading_values(self, contract_sudo, self_reading_error=None, self_reading_value=None, **kwargs):
        self_readings = contract_sudo.self_reading_ids[:SELF_READINGS_SHOWN]
        allowed = contract_sudo.state == "active" and contract_sudo.is_metered
        return {
            "water_self_reading_allowed": allowed,
            "water_self_reading_pending": self_readings.filtered(lambda r: r.state == "submitted")[:1],
            "water_self_readings": self_readings,
            "water_last_meter_value": contract_sudo._water_last_meter_value() if allowed else None,
            "water_self_reading_error": self_reading_error,
            "water_self_reading_value": self_reading_value,
            "water_self_reading_sent": kwargs.get("self_reading") == "sent",
            "water_reading_label": portal_billing.reading_label,
        }

    # ------------------------------------------------------------------ pages
    @http.route(
        ["/my/water/<int:contract_id>/bills", "/my/water/<int:contract_id>/bills/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_water_bills(self, contract_id, page=1, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        Move = request.env["account.move"].sudo()
        domain = self._water_bills_domain(contract_sudo)
        pager = portal_pager(
            url=f"/my/water/{contract_sudo.id}/bills", total=Move.search_count(domain), page=page, step=BILLS_PER_PAGE
        )
        bills = Move.search(domain, order="invoice_date desc, id desc", limit=BILLS_PER_PAGE, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "water_bills",
                "contract": contract_sudo,
                "pager": pager,
                "water_bills": self._water_bill_rows(bills),
                "water_currency": contract_sudo.company_id.currency_id,
            }
        )
        return request.render("water_billing.portal_water_bills", values)

    # ------------------------------------------------------------------ self-reading
    def _water_self_reading_messages(self, code, last_value=None, digits=5):
        return {
            "not_allowed": _("Self-readings are only for active accounts with a meter."),
            "pending": _(
                "You already sent a self-reading of this account: wait for its review before sending another."
            ),
            portal_billing.EMPTY: _("Type the reading of your meter."),
            portal_billing.NOT_A_NUMBER: _("The reading must be a number, as the meter shows it (for example 1234)."),
            portal_billing.NEGATIVE: _("The reading cannot be negative."),
            portal_billing.TOO_MANY_DIGITS: _(
                "Your meter has %s digits: the reading you typed has more. Type only the black digits.", digits
            ),
            portal_billing.LOWER: _(
                "The reading is lower than the last reading of your meter (%s). Check the number you typed; if "
                "your meter was changed, contact us.",
                portal_billing.reading_label(last_value),
            ),
            "missing": _("Attach a photo of the meter where the numbers can be read."),
            "too_big": _(
                "The photo is too large: the limit is %s MB.", portal_billing.MAX_PHOTO_BYTES // (1024 * 1024)
            ),
            "not_an_image": _("The photo must be a JPEG, PNG or WebP image."),
        }[code]

    @http.route("/my/water/<int:contract_id>/self-reading", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_water_self_reading(self, contract_id, reading_value=None, photo=None, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        last_value = None
        digits = contract_sudo.meter_id.digits or 5
        error, value = None, None
        if not (contract_sudo.state == "active" and contract_sudo.is_metered):
            error = "not_allowed"
        elif contract_sudo.self_reading_ids.filtered(lambda r: r.state == "submitted"):
            error = "pending"
        else:
            last_value = contract_sudo._water_last_meter_value()
            value, error = portal_billing.check_self_reading(reading_value, last_value, digits)
        content = b""
        if not error:
            content = photo.read() if hasattr(photo, "read") else b""
            error = portal_billing.check_photo(len(content), content and guess_mimetype(content))
        if not error:
            try:
                with request.env.cr.savepoint():
                    request.env["water.self.reading"].sudo().create(
                        {
                            "contract_id": contract_sudo.id,
                            "partner_id": request.env.user.partner_id.id,
                            "meter_id": contract_sudo.meter_id.id,
                            "reading_value": value,
                            "last_value": last_value or 0.0,
                            "photo": base64.b64encode(content),
                        }
                    )
            except (ValidationError, IntegrityError):  # another self-reading of the account came first
                error = "pending"
            except UserError:  # the image library could not read the photo
                error = "not_an_image"
        if error:
            values = self._water_account_values(
                contract_sudo,
                self_reading_error=self._water_self_reading_messages(error, last_value, digits),
                self_reading_value=reading_value,
            )
            return request.render("water_registry.portal_water_account", values)
        return request.redirect(f"/my/water/{contract_sudo.id}?self_reading=sent#water_account_readings")
