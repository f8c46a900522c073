from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .portal import WaterCollectionsPortal

AGREEMENT_REPORT = "water_collections.action_report_water_payment_agreement"
AGREEMENTS_SHOWN = 5


class WaterAgreementPortal(WaterCollectionsPortal):
    """The citizen's payment agreements: a section of the account's page, the agreement's page with its schedule and
    PDF, the online payment of the down payment and of the instalments due (through the account's pay page and its
    payment policy), and the request for an agreement."""

    # ------------------------------------------------------------------ values
    def _water_waiting_agreement(self, contract_sudo):
        return (
            request.env["water.payment.agreement"]
            .sudo()
            .search([("contract_id", "=", contract_sudo.id), ("state", "=", "waiting")], limit=1)
        )

    def _water_open_debts(self, contract_sudo):
        """An agreement waiting for its down payment: what is left of the down payment is what the account pays online
        (paying it activates the agreement; the rest is paid by instalments), as the window proposes it."""
        bills, rows, total = super()._water_open_debts(contract_sudo)
        waiting = self._water_waiting_agreement(contract_sudo)
        if waiting and total > 0:
            left = float(waiting._water_down_payment_left()[waiting.id])
            if left > 0:
                total = min(total, left)
        return bills, rows, total

    def _water_agreement_request_type(self):
        request_type = request.env.ref("water_collections.request_type_payment_agreement", raise_if_not_found=False)
        return request_type.sudo() if request_type and request_type.sudo().portal_available else None

    def _water_account_values(self, contract_sudo, **kwargs):
        values = super()._water_account_values(contract_sudo, **kwargs)
        Agreement = request.env["water.payment.agreement"].sudo()
        agreements = Agreement.search(
            [("contract_id", "=", contract_sudo.id)] + Agreement._water_portal_domain(), limit=AGREEMENTS_SHOWN
        )
        summaries = agreements._water_portal_summaries()
        waiting = agreements.filtered(lambda agreement: agreement.state == "waiting")[:1]
        pay_amount = values.get("water_balance_due", 0.0)
        if waiting and summaries[waiting.id]["down_payment_left"] > 0:
            pay_amount = min(pay_amount, summaries[waiting.id]["down_payment_left"])
        request_type = self._water_agreement_request_type()
        in_force = agreements.filtered(lambda agreement: agreement.state in ("waiting", "active"))
        values.update(
            {
                "water_agreements": [summaries[agreement.id] for agreement in agreements],
                "water_pay_amount": pay_amount,
                "water_pay_down_payment": waiting if waiting and pay_amount > 0 else False,
                "water_agreement_request_url": (
                    f"/my/water/requests/new?request_type_id={request_type.id}&contract_id={contract_sudo.id}"
                    if request_type
                    and not in_force
                    and values.get("water_balance_due", 0) > 0
                    and contract_sudo.state != "cancelled"
                    else False
                ),
            }
        )
        return values

    # ------------------------------------------------------------------ the pay page
    @http.route()
    def portal_water_pay(self, contract_id, **kwargs):
        """The account's pay page, with the agreements' items told apart (the instalments, the down payment)."""
        response = super().portal_water_pay(contract_id, **kwargs)
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("contract"):
            contract_sudo = qcontext["contract"]
            agreement_ids = {row["agreement_id"] for row in qcontext["debts"] if row.get("agreement_id")}
            agreements = request.env["water.payment.agreement"].sudo().browse(sorted(agreement_ids))
            qcontext["water_agreement_names"] = {agreement.id: agreement.name for agreement in agreements}
            waiting = self._water_waiting_agreement(contract_sudo)
            qcontext["water_pay_down_payment"] = waiting if waiting and qcontext["amount"] > 0 else False
        return response

    # ------------------------------------------------------------------ the agreement's page and PDF
    def _water_agreement_check_access(self, agreement_id, access_token=None):
        """The agreement in sudo if the visitor may see it: his accounts' signed agreements (the record rules), or
        any signed agreement with its access token. Drafts and agreements waiting for approval are never shown."""
        agreement_sudo = self._document_check_access("water.payment.agreement", agreement_id, access_token)
        if not agreement_sudo.filtered_domain(agreement_sudo._water_portal_domain()):
            raise MissingError(request.env._("This agreement does not exist."))
        return agreement_sudo

    def _water_may_pay(self, contract_sudo):
        """Whether the visitor may pay the account online: a logged-in citizen who sees the account (a visitor with
        the agreement's token sees the agreement only)."""
        if request.env.user._is_public():
            return False
        try:
            self._water_contract_check_access(contract_sudo.id)
        except (AccessError, MissingError):
            return False
        return True

    @http.route("/my/water/agreements/<int:agreement_id>", type="http", auth="public", website=True)
    def portal_my_water_agreement(self, agreement_id, access_token=None, report_type=None, download=False, **kwargs):
        try:
            agreement_sudo = self._water_agreement_check_access(agreement_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=agreement_sudo, report_type=report_type, report_ref=AGREEMENT_REPORT, download=download
            )
        contract_sudo = agreement_sudo.contract_id
        summary = agreement_sudo._water_portal_summaries()[agreement_sudo.id]
        can_pay = False
        if self._water_may_pay(contract_sudo) and agreement_sudo.state in ("waiting", "active"):
            _bills, _rows, total = self._water_open_debts(contract_sudo)
            can_pay = total > 0 and contract_sudo.state != "cancelled"
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "water_agreement",
                "agreement": agreement_sudo,
                "contract": contract_sudo,
                "summary": summary,
                "currency": agreement_sudo.currency_id,
                "water_can_pay": can_pay,
                "pdf_url": agreement_sudo.get_portal_url(report_type="pdf", download=True),
            }
        )
        return request.render("water_collections.portal_water_agreement", values)
