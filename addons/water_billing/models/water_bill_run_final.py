from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils import reading as reading_utils


class WaterBillRun(models.Model):
    """The final bill of a rescinded account: a run of one account, priced and written by the run's own
    machinery (``_price_batch`` / ``_write_batch``, the tariff engine), so that it is a bill like any other:
    one per account and period, with the previous balance, the payment reference and the recibo."""

    _inherit = "water.bill.run"

    final_contract_id = fields.Many2one(
        "water.contract",
        string="Final bill of",
        readonly=True,
        index="btree_not_null",
        help="Set on the run of one account that makes its final bill when it is rescinded.",
    )

    @api.depends("period_id.name", "sector_ids.name", "final_contract_id.number")
    def _compute_name(self):
        result = super()._compute_name()
        for run in self.filtered("final_contract_id"):
            env = run.with_context(lang=run.company_id.partner_id.lang or self.env.lang).env
            run.name = env._(
                "Final bill %(account)s · %(period)s",
                account=run.final_contract_id.number,
                period=run.period_id.name or "",
            )
        return result

    # ------------------------------------------------------------------ the period of the final bill
    @api.model
    def _water_final_period(self, contract, day):
        """The period the final bill belongs to: the one containing ``day``; when the account already has its
        bill of that period, a metered account's consumption since then goes to the next period, while an
        unmetered account has nothing left to bill (``None``)."""
        Period = self.env["water.billing.period"]
        period = Period.search(
            [("company_id", "=", contract.company_id.id), ("date_start", "<=", day), ("date_end", ">=", day)],
            limit=1,
        )
        if not period:
            raise UserError(
                _("No billing period covers %s: generate the billing calendar first.", fields.Date.to_string(day))
            )
        if not self._water_has_bill(contract, period):
            return period
        if not contract.is_metered:
            return None
        following = Period.search(
            [("company_id", "=", contract.company_id.id), ("date_start", ">", period.date_end)],
            order="date_start",
            limit=1,
        )
        if not following:
            raise UserError(
                _(
                    "Account %(account)s already has its bill of %(period)s and there is no next period for its "
                    "final bill: generate the billing calendar first.",
                    account=contract.number,
                    period=period.name,
                )
            )
        if self._water_has_bill(contract, following):
            raise UserError(
                _(
                    "Account %(account)s already has a bill of %(period)s.",
                    account=contract.number,
                    period=following.name,
                )
            )
        return following

    @api.model
    def _water_has_bill(self, contract, period):
        return bool(
            self.env["account.move"]
            .sudo()
            .search_count(
                [
                    ("water_contract_id", "=", contract.id),
                    ("water_period_id", "=", period.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "!=", "cancel"),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------ the final reading
    def _water_final_reading(self, contract, value):
        """The final reading as the account's reading of the run's period (in the route's lot of the period,
        made as the supervisor would when there is none), validated like any other reading. The commercial
        manager read the meter: zero or high consumption is accepted as measured; a reading lower than the
        last one that is not a roll-over of the dial is refused."""
        self.ensure_one()
        Reading = self.env["water.reading"].sudo()
        period = self.period_id
        reading = Reading.search([("contract_id", "=", contract.id), ("period_id", "=", period.id)], limit=1)
        if not reading:
            Lot = self.env["water.reading.lot"].sudo()
            lot = Lot.search([("period_id", "=", period.id), ("route_id", "=", contract.route_id.id)], limit=1)
            if not lot:
                lot = Lot._generate(period, contract.route_id)
                reading = lot.reading_ids.filtered(lambda r: r.contract_id == contract)
            if not reading:  # suspended and cut accounts are not in the lots
                point = contract.service_point_id
                source = {
                    "id": contract.id,
                    "service_point_id": point.id,
                    "meter_id": contract.meter_id.id,
                    "route_sequence": contract.route_sequence,
                }
                reading = Reading.create(
                    Reading._generation_values(source, lot.id, Reading._history_for([contract.id], period))
                )
        if reading.state == "billed":
            raise UserError(_("The reading of %s is already billed.", contract.number))
        reading.with_context(water_capture_channel="list").write(
            {"reading_text": f"{value:.2f}", "observation_id": False}
        )
        reading._validate()
        if reading.anomaly == reading_utils.LOWER_THAN_PREVIOUS:
            raise UserError(
                _(
                    "The final reading %(final)s of account %(account)s is lower than its last reading %(last)s.",
                    final=value,
                    account=contract.number,
                    last=reading.previous_reading,
                )
            )
        if reading.state == "to_review":
            reading.action_accept_measured()
        return reading

    # ------------------------------------------------------------------ the final bill
    @api.model
    def _water_final_bill(self, contract, day, final_reading=None):
        """Post the account's final bill dated ``day`` and return it (an empty recordset when there is nothing
        left to bill). Metered accounts: the consumption from the last billed reading to ``final_reading``;
        unmetered ones: the period's fixed quota or assumed volume. Priced by the tariff in force at the end
        of the period, the bill carries the account's previous balance like every bill."""
        period = self._water_final_period(contract, day)
        if not period:
            return self.env["account.move"]
        calendar = period.calendar_ids.filtered(lambda line: line.sector_id == contract.sector_id)[:1]
        run = self.create(
            {
                "period_id": period.id,
                "sector_ids": [(6, 0, contract.sector_id.ids)],
                "final_contract_id": contract.id,
                "invoice_date": day,
                "due_date": max(calendar.due_date, day) if calendar else day,
                "total_count": 1,
                "state": "running",
            }
        )
        if contract.is_metered:
            run._water_final_reading(contract, final_reading)
        drafts, problems, taxes = run._price_batch(contract)
        if problems:
            raise UserError("\n".join(problems))
        run._write_batch(drafts, taxes)
        bill = self.env["account.move"].search([("water_bill_run_id", "=", run.id)])
        run.write({"state": "done"})
        run.message_post(body=_("Final bill %(bill)s of account %(account)s.", bill=bill.name, account=contract.number))
        bill.message_post(body=_("Final bill of account %s, rescinded.", contract.number), subtype_xmlid="mail.mt_note")
        return bill
