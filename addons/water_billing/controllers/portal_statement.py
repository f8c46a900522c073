from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from ..utils import statement
from .portal import WaterBillingPortal

STATEMENT_PDF = "water_billing.action_report_statement"
STATEMENT_XLSX = "report.water_billing.report_statement_xlsx"
STATEMENT_MIMETYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class WaterStatementPortal(WaterBillingPortal):
    """The account statement (estado de cuenta) on the citizen's account page: a date range form that
    downloads the statement of the account as PDF or XLSX, for the citizen's own accounts only."""

    def _water_account_values(self, contract_sudo, **kwargs):
        values = super()._water_account_values(contract_sudo, **kwargs)
        values.update(self._water_statement_values(contract_sudo, **kwargs))
        return values

    def _water_statement_values(
        self, contract_sudo, statement_error=None, statement_from=None, statement_to=None, **kwargs
    ):
        default_from, default_to = statement.default_range(fields.Date.context_today(contract_sudo))
        return {
            "water_statement_from": statement_from or fields.Date.to_string(default_from),
            "water_statement_to": statement_to or fields.Date.to_string(default_to),
            "water_statement_error": statement_error,
        }

    def _water_statement_messages(self):
        return {
            statement.MISSING: _("Choose the first day of the statement."),
            statement.NOT_A_DATE: _("The dates of the statement are not valid: choose them in the calendar."),
            statement.INVERTED: _("The first day of the statement must not be after its last day."),
            statement.TOO_OLD: _("The first day of the statement is too far in the past."),
            "format": _("Choose PDF or Excel."),
        }

    @http.route("/my/water/<int:contract_id>/statement", type="http", auth="user", website=True)
    def portal_my_water_statement(self, contract_id, date_from=None, date_to=None, report_format="pdf", **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        start, end, error = statement.read_range(date_from, date_to, fields.Date.context_today(contract_sudo))
        if not error and report_format not in STATEMENT_MIMETYPES:
            error = "format"
        if error:
            values = self._water_account_values(
                contract_sudo,
                statement_error=self._water_statement_messages()[error],
                statement_from=date_from,
                statement_to=date_to,
            )
            return request.render("water_registry.portal_water_account", values)
        # the citizen's own account, checked above: printed in sudo, as the portal prints his bills
        data = {
            "contract_ids": contract_sudo.ids,
            "date_from": fields.Date.to_string(start),
            "date_to": fields.Date.to_string(end),
        }
        if report_format == "pdf":
            content, _type = (
                request.env["ir.actions.report"].sudo()._render_qweb_pdf(STATEMENT_PDF, contract_sudo.ids, data=data)
            )
        else:
            content, _type = (
                request.env[STATEMENT_XLSX]
                .sudo()
                .with_context(active_model="water.contract")
                .create_xlsx_report(contract_sudo.ids, data)
            )
        filename = f"{_('Account statement')} {contract_sudo.number} {start:%Y%m%d}-{end:%Y%m%d}.{report_format}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", STATEMENT_MIMETYPES[report_format]),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
