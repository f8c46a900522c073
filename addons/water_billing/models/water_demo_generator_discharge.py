# pylint: disable=consider-merging-classes-inherited
# (the discharges' part of the demo, in a file of its own)
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)
HOLDER = "Curtidos y Acabados del Bajío, S.A. de C.V."
WELL_READINGS = (18250.0, 18660.0, 19075.0, 19485.0)  # the well meter at the end of each of the last periods
ANALYSIS = {"DBO5": 420.0, "SST": 260.0, "GyA": 95.0, "PB": 0.4}  # mg/l: three above the norm, lead within it


class WaterDemoGenerator(models.AbstractModel):
    _inherit = "water.demo.generator"

    @api.model
    def load_discharge_demo(self):
        """An industrial own-well account (drainage only) billed for the last three billed periods on its well
        meter's volume, the last one with a laboratory analysis above the norm's limits (runs once)."""
        self._check_demo_allowed()
        company = self.env.company
        Contract = self.env["water.contract"]
        if Contract.search_count([("partner_id.name", "=", HOLDER), ("company_id", "=", company.id)], limit=1):
            return Contract
        runs = self.env["water.bill.run"].search(
            [("company_id", "=", company.id), ("state", "=", "done"), ("final_contract_id", "=", False)]
        )
        periods = runs.period_id.sorted("date_start")[-(len(WELL_READINGS) - 1) :]
        point = self.env["water.service.point"].search(
            [("company_id", "=", company.id), ("contract_ids", "!=", False), ("sector_id", "in", runs.sector_ids.ids)],
            limit=1,
        )
        industrial = self.env.ref("water_registry.service_class_industrial", raise_if_not_found=False)
        if len(periods) < len(WELL_READINGS) - 1 or not point or not industrial:
            return Contract
        partner = self.env["res.partner"].create({"name": HOLDER, "is_company": True, "company_id": company.id})
        new_point = self.env["water.service.point"].create(
            {
                "street": "Carretera a Salvatierra km",
                "street_number": "3.5",
                "sector_id": point.sector_id.id,
                "route_id": point.route_id.id,
                "route_sequence": 9999,
                "company_id": company.id,
            }
        )
        contract = Contract.create(
            {
                "partner_id": partner.id,
                "service_point_id": new_point.id,
                "service_class_id": industrial.id,
                "own_well": True,
                # a period without its well's volume pays drainage on the cuota fija
                "unmetered_billing": "fixed_quota",
                "service_sanitation": False,
                "date_contract": periods[0].date_start,
                "company_id": company.id,
            }
        )
        contract.action_activate()
        Declaration = self.env["water.discharge.declaration"]
        for index, period in enumerate(periods):
            Declaration.create(
                {
                    "contract_id": contract.id,
                    "period_id": period.id,
                    "source": "meter",
                    "date": period.date_end,
                    "previous_reading": WELL_READINGS[index],
                    "current_reading": WELL_READINGS[index + 1],
                }
            )
            if period == periods[-1]:
                parameters = self.env["water.discharge.parameter"].search(
                    [("company_id", "=", company.id), ("code", "in", list(ANALYSIS))]
                )
                self.env["water.discharge.analysis"].create(
                    {
                        "contract_id": contract.id,
                        "period_id": period.id,
                        "sample_date": period.date_start + (period.date_end - period.date_start) / 2,
                        "laboratory": "Laboratorio de Análisis Ambientales del Bajío (acreditado EMA)",
                        "report_number": f"LAB-{period.date_end:%Y%m}-0147",
                        "line_ids": [
                            (0, 0, {"parameter_id": p.id, "concentration": ANALYSIS[p.code]}) for p in parameters
                        ],
                    }
                ).action_confirm()
            run = runs.filtered(lambda r, p=period: r.period_id == p and point.sector_id in r.sector_ids)[:1]
            if run:
                run._run()
        today = fields.Date.context_today(self)
        _logger.info("Demo discharges: account %s billed on %s", contract.number, today)
        return contract
