# pylint: disable=consider-merging-classes-inherited
# (the rescission's part, in a file of its own)
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)
REASON = "Baja definitiva solicitada por el titular: el predio se fusionó con el colindante"
ARTICLE = "Art. 95, fracción III del Reglamento de los Servicios de Agua Potable"


class WaterDemoGenerator(models.AbstractModel):
    _inherit = "water.demo.generator"

    @api.model
    def load_rescission_demo(self):
        """One account rescinded today by the commercial manager, with its final bill (runs once): a metered
        account with its final reading, or an account on cuota fija when no meter was installed by today (the
        registry's demo installs the meters on the day it runs, in UTC)."""
        self._check_demo_allowed()
        Contract = self.env["water.contract"]
        if Contract.search_count([("rescission_article", "!=", False)], limit=1):
            return Contract
        manager = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        today = fields.Date.context_today(self)
        current = self.env["water.billing.period"].search(
            [("company_id", "=", self.env.company.id), ("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )
        if not current:
            return Contract
        without_portal = [
            ("state", "=", "active"),
            ("partner_id.user_ids", "=", False),
            ("portal_partner_ids", "=", False),
            ("company_id", "=", self.env.company.id),
        ]
        readings = self.env["water.reading"].search(
            [("period_id", "=", current.id), ("state", "in", ("pending", "captured", "valid"))]
            + [(f"contract_id.{name}", op, value) for name, op, value in without_portal],
            order="id desc",
            limit=50,
        )
        reading = readings.filtered(
            lambda r: all(i.install_date <= today for i in r.service_point_id.meter_install_ids if i.is_current)
        )[:1]
        if reading:
            contract = reading.contract_id.with_user(manager)
            final = (contract._water_last_meter_value() or 0.0) + round(reading.average_consumption or 12.0)
        else:
            contract = Contract.search(without_portal + [("unmetered_billing", "=", "fixed_quota")], limit=1)
            contract, final = contract.with_user(manager), None
        if not contract:
            return Contract
        contract._water_rescind(REASON, ARTICLE, today, final_reading=final)
        return contract
