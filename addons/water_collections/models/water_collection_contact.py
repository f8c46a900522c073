from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..utils import notices as notice_utils

PROMISE_STATES = [
    (notice_utils.PENDING, "Pending"),
    (notice_utils.KEPT, "Kept"),
    (notice_utils.BROKEN, "Broken"),
]
BATCH = 2000  # accounts whose promises the daily job checks at once


class WaterCollectionContact(models.Model):
    """A call, a visit or a message to a debtor, and what he promised to pay."""

    _name = "water.collection.contact"
    _description = "Collection contact"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "contract_id"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    route_id = fields.Many2one(related="contract_id.route_id", store=True)
    kind = fields.Selection(
        [("call", "Call"), ("visit", "Visit"), ("message", "Message")], required=True, default="call"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="By", required=True, default=lambda self: self.env.user)
    note = fields.Text(string="Outcome")
    has_promise = fields.Boolean(string="Promise to pay")
    promise_date = fields.Date(string="Promised by")
    promise_amount = fields.Float(string="Promised amount", digits="Account")
    promise_state = fields.Selection(PROMISE_STATES, readonly=True, index=True, tracking=True)
    promise_paid = fields.Float(
        string="Paid since the contact", digits="Account", readonly=True, help="As the daily check last found it."
    )
    promise_checked = fields.Date(string="Checked on", readonly=True)

    @api.constrains("has_promise", "promise_date", "promise_amount", "date")
    def _check_promise(self):
        for contact in self.filtered("has_promise"):
            if not contact.promise_date or contact.promise_amount <= 0:
                raise ValidationError(_("A promise to pay needs its date and an amount above zero."))
            if contact.promise_date < contact.date:
                raise ValidationError(_("The promised date cannot be before the contact."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("has_promise"):
                vals.setdefault("promise_state", notice_utils.PENDING)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("has_promise") and not self.env.context.get("water_promise_check"):
            vals.setdefault("promise_state", notice_utils.PENDING)
        return super().write(vals)

    @api.model
    def _cron_water_check_promises(self, day=None):
        """The daily check of the pending promises, accounts by batches: a promise is kept when the account's
        payments from the contact to the promised date (its statement's payments, less the reversed ones) reach
        the amount, broken once the date has passed without them. Kept and broken promises are not looked at
        again: running it twice changes nothing."""
        day = day or fields.Date.context_today(self)
        pending = self.search([("has_promise", "=", True), ("promise_state", "=", notice_utils.PENDING)])
        contract_ids = sorted(set(pending.contract_id.ids))
        for start in range(0, len(contract_ids), BATCH):
            batch_ids = set(contract_ids[start : start + BATCH])
            pending.filtered(lambda contact, ids=batch_ids: contact.contract_id.id in ids)._water_check_promises(day)
        return True

    def _water_check_promises(self, day):
        if not self:
            return
        date_from = min(self.mapped("date"))
        date_to = min(max(self.mapped("promise_date")), day)
        statements = self.contract_id.sudo()._water_statement(date_from, date_to)
        labels = dict(self._fields["promise_state"]._description_selection(self.env))
        changed = defaultdict(lambda: self.browse())
        paid_of = {}
        for contact in self:
            lines = statements[contact.contract_id.id].lines
            paid = notice_utils.paid_between(lines, contact.date, min(contact.promise_date, day))
            state = notice_utils.promise_state(contact.promise_amount, contact.promise_date, paid, day)
            paid_of[contact.id] = paid
            if state != notice_utils.PENDING:
                changed[state] |= contact
        for state, group in changed.items():
            group.with_context(water_promise_check=True).write({"promise_state": state, "promise_checked": day})
        moved = [
            (contact.id, float(paid_of[contact.id]))
            for contact in self
            if float(paid_of[contact.id]) != contact.promise_paid
        ]
        if moved:
            # what each account paid since its contact: one update for the batch
            self.env.cr.execute(
                SQL(
                    "UPDATE water_collection_contact c SET promise_paid = v.paid FROM (VALUES %s) AS v(id, paid)"
                    " WHERE c.id = v.id",
                    SQL(", ").join(SQL("(%s, %s::numeric)", contact_id, paid) for contact_id, paid in moved),
                )
            )
            self.invalidate_recordset(["promise_paid"])
        bodies = {}
        for state, group in changed.items():
            for contact in group:
                amount, paid = format(contact.promise_amount, ",.2f"), format(paid_of[contact.id], ",.2f")
                bodies[contact.id] = Markup("<p>%s</p>") % _(
                    "Promise to pay %(amount)s by %(date)s: %(state)s (paid %(paid)s since the contact).",
                    amount=amount,
                    date=format_date(self.env, contact.promise_date),
                    state=labels[state],
                    paid=paid,
                )
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)
