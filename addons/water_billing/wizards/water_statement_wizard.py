from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import statement

STATEMENT_PDF = "water_billing.action_report_statement"
STATEMENT_XLSX = "water_billing.action_report_statement_xlsx"


class WaterStatementWizard(models.TransientModel):
    _name = "water.statement.wizard"
    _description = "Account statement"

    contract_ids = fields.Many2many("water.contract", string="Accounts", required=True)
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: statement.default_range(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "contract_ids" in fields_list
            and not values.get("contract_ids")
            and context.get("active_model") == "water.contract"
        ):
            values["contract_ids"] = [fields.Command.set(context.get("active_ids") or [])]
        return values

    @api.constrains("date_from", "date_to")
    def _check_range(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The statement's start date must not be after its end date."))
            if wizard.date_from and wizard.date_from.year < statement.FIRST_YEAR:
                raise ValidationError(self.env._("The statement's start date is too far in the past."))

    def _report_data(self):
        self.ensure_one()
        return {
            "contract_ids": self.contract_ids.ids,
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }

    def _print(self, report_ref):
        self.ensure_one()
        self.contract_ids._water_statement_check_access()
        # config=False: the statement lays itself out, the company document layout is not needed
        return self.env.ref(report_ref).report_action(self.contract_ids, data=self._report_data(), config=False)

    def action_print_pdf(self):
        return self._print(STATEMENT_PDF)

    def action_print_xlsx(self):
        return self._print(STATEMENT_XLSX)
