from odoo import fields, models

PORTAL_MOVE_TYPES = ("out_invoice", "out_refund")


class WaterContract(models.Model):
    _inherit = "water.contract"

    self_reading_ids = fields.One2many("water.self.reading", "contract_id", string="Self-readings")

    def _water_portal_bill_domain(self):
        """The account's customer documents the portal shows and counts: every posted customer invoice
        linked to the account (water bills, surcharges...) and credit notes."""
        return [
            ("water_contract_id", "in", self.ids),
            ("move_type", "in", PORTAL_MOVE_TYPES),
            ("state", "=", "posted"),
        ]

    def _water_portal_balances(self):
        """{contract id: what the account owes}: the residual of its posted customer invoices (water bills,
        surcharges and any other invoice of the account) less open credit notes, in company currency.
        One grouped query for all the accounts; accounts that owe nothing are 0.0. Reads in sudo: call it
        only for accounts the user may see (the portal checks them first)."""
        balances = dict.fromkeys(self.ids, 0.0)
        if not self:
            return balances
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(self._water_portal_bill_domain(), ["water_contract_id"], ["amount_residual_signed:sum"])
        )
        for contract, residual in groups:
            balances[contract.id] = contract.company_id.currency_id.round(residual or 0.0)
        return balances

    def _water_portal_due_dates(self):
        """{contract id: earliest due date of its open bills} (accounts with nothing open are left out);
        one grouped query."""
        if not self:
            return {}
        domain = self._water_portal_bill_domain() + [
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("amount_residual", ">", 0),
        ]
        groups = self.env["account.move"].sudo()._read_group(domain, ["water_contract_id"], ["invoice_date_due:min"])
        return {contract.id: due for contract, due in groups if due}

    def _water_last_meter_value(self):
        """The last real reading of the account's current meter: its last measured reading, else the reading
        the meter was installed with; None for an unmetered account."""
        self.ensure_one()
        contract = self.sudo()
        if not contract.meter_id:
            return None
        last = (
            self.env["water.reading"]
            .sudo()
            .search(
                [
                    ("contract_id", "=", contract.id),
                    ("meter_id", "=", contract.meter_id.id),
                    ("state", "in", ("valid", "billed")),
                    ("basis", "=", "measured"),
                ],
                order="period_id, id desc",
                limit=1,
            )
        )
        if last:
            return last.reading_value
        install = (
            self.env["water.meter.install"]
            .sudo()
            .search(
                [("service_point_id", "=", contract.service_point_id.id), ("meter_id", "=", contract.meter_id.id)],
                order="install_date desc, id desc",
                limit=1,
            )
        )
        return install.install_reading if install else contract.meter_id.initial_reading
