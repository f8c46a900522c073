from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.portal_billing import reading_label

SELF_READING_STATES = [("submitted", "Under review"), ("accepted", "Accepted"), ("rejected", "Declined")]


class WaterSelfReading(models.Model):
    """A reading of the meter sent by a citizen from the portal, with a photo. It changes nothing until
    the reading supervisor accepts it: then it is captured as the account's reading of the open lot."""

    _name = "water.self.reading"
    _description = "Citizen self-reading"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    contract_id = fields.Many2one(
        "water.contract", string="Account", required=True, index=True, ondelete="restrict", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Sent by", required=True, readonly=True, ondelete="restrict")
    company_id = fields.Many2one(related="contract_id.company_id", store=True, precompute=True)
    address = fields.Char(related="contract_id.address")
    route_id = fields.Many2one(related="contract_id.route_id", store=True, precompute=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    meter_id = fields.Many2one("water.meter", readonly=True, ondelete="restrict")
    reading_value = fields.Float(string="Reading", digits=(12, 2), required=True, readonly=True, aggregator=None)
    last_value = fields.Float(
        string="Last reading on file",
        digits=(12, 2),
        readonly=True,
        aggregator=None,
        help="The last real reading of the meter when the citizen sent this one.",
    )
    photo = fields.Image(required=True, max_width=1600, max_height=1600, attachment=True, readonly=True)
    state = fields.Selection(
        SELF_READING_STATES, default="submitted", required=True, readonly=True, tracking=True, index=True
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed by", readonly=True)
    review_date = fields.Datetime(string="Reviewed on", readonly=True)
    review_note = fields.Text(tracking=True, help="Shown to the citizen on the portal; required to reject.")
    reading_id = fields.Many2one(
        "water.reading", string="Used in reading", readonly=True, ondelete="set null", help="The lot reading it filled."
    )
    lot_id = fields.Many2one(related="reading_id.lot_id", string="Reading lot")

    def _auto_init(self):
        result = super()._auto_init()
        # one self-reading under review per account, whatever the client does
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS water_self_reading_one_submitted
                ON water_self_reading (contract_id) WHERE state = 'submitted'
            """
        )
        return result

    @api.depends("contract_id.number", "date")
    def _compute_display_name(self):
        for record in self:
            date = fields.Date.to_string(fields.Datetime.context_timestamp(record, record.date)) if record.date else ""
            record.display_name = _("Self-reading %(account)s %(date)s", account=record.contract_id.number, date=date)

    @api.constrains("contract_id", "state")
    def _check_one_submitted(self):
        submitted = self.filtered(lambda r: r.state == "submitted")
        if not submitted:
            return
        groups = self._read_group(
            [("contract_id", "in", submitted.contract_id.ids), ("state", "=", "submitted")],
            ["contract_id"],
            ["__count"],
        )
        for contract, count in groups:
            if count > 1:
                raise ValidationError(_("Account %s already has a self-reading under review.", contract.number))

    # ------------------------------------------------------------------ review
    def _check_reviewer(self):
        if not self.env.user.has_group("water_billing.group_water_reading_supervisor"):
            raise AccessError(_("Only the reading supervisor reviews self-readings."))
        if self.filtered(lambda r: r.state != "submitted"):
            raise UserError(_("Only self-readings under review can be accepted or rejected."))

    def _open_reading(self):
        """The account's reading in its open reading lot (draft or in the field), newest period first."""
        self.ensure_one()
        return (
            self.env["water.reading"]
            .sudo()
            .search(
                [("contract_id", "=", self.contract_id.id), ("lot_id.state", "in", ("draft", "field"))],
                order="period_id, id desc",
                limit=1,
            )
        )

    def _unusable_reason(self, reading):
        """Why the self-reading cannot fill the reading of the open lot; False when it can."""
        self.ensure_one()
        number = self.contract_id.number
        if not reading:
            return _(
                "Account %s has no reading lot open for capture: the self-reading can only be used while the "
                "account's reading lot of the current period is in draft or in the field.",
                number,
            )
        if reading.state != "pending":
            return _(
                "The reading of account %(account)s in lot %(lot)s was already captured (%(value)s): "
                "the self-reading cannot replace it.",
                account=number,
                lot=reading.lot_id.name,
                value=reading.reading_text or reading.observation_id.name or "-",
            )
        if self.meter_id and reading.meter_id and self.meter_id != reading.meter_id:
            return _(
                "The self-reading of account %(account)s was taken on meter %(sent)s but the lot reads meter %(lot)s.",
                account=number,
                sent=self.meter_id.serial,
                lot=reading.meter_id.serial,
            )
        return False

    def action_accept(self):
        """Capture the self-reading as the account's reading of the open lot, as a citizen self-reading;
        the lot's validation then assesses it like any other reading."""
        self._check_reviewer()
        for record in self:
            reading = record._open_reading()
            reason = record._unusable_reason(reading)
            if reason:
                raise UserError(reason)
            reading.write(
                {
                    "reading_text": reading_label(record.reading_value),
                    "photo": record.photo,
                    "capture_channel": "portal",
                    "reader_note": _("Citizen self-reading of %s", record.partner_id.name),
                }
            )
            record.write(
                {
                    "state": "accepted",
                    "reading_id": reading.id,
                    "reviewer_id": self.env.uid,
                    "review_date": fields.Datetime.now(),
                }
            )
        return True

    def action_reject(self):
        self._check_reviewer()
        for record in self:
            if not (record.review_note or "").strip():
                raise UserError(
                    _("Write in the review note why the self-reading is rejected: the citizen reads it on the portal.")
                )
        self.write({"state": "rejected", "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()})
        return True
