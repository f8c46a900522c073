import base64
from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.water_billing.utils import payment as payment_utils

from ..utils import notices as notice_utils

OUTCOMES = [
    (notice_utils.DELIVERED, "Delivered in hand"),
    (notice_utils.LEFT, "Left at the address"),
    (notice_utils.CLOSED, "Closed"),
    (notice_utils.NOT_FOUND, "Address not found"),
    (notice_utils.REFUSED, "Refused"),
]
RELATIONS = [
    ("holder", "Holder"),
    ("family", "Family member"),
    ("tenant", "Tenant"),
    ("employee", "Employee"),
    ("neighbour", "Neighbour"),
    ("other", "Other"),
]
# what a notifier may write on a notice assigned to him: the delivery, before he records it
DELIVERY_FIELDS = {"outcome", "received_by", "received_relation", "photo", "latitude", "longitude", "delivery_note"}
OFFICER = "water_collections.group_water_collections_officer"


class WaterCollectionNotice(models.Model):
    _name = "water.collection.notice"
    _description = "Arrears notice"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "date desc, route_id, route_sequence, id"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    service_point_id = fields.Many2one(related="contract_id.service_point_id", string="Service point")
    route_id = fields.Many2one(related="contract_id.route_id", store=True, index=True)
    route_sequence = fields.Integer(related="contract_id.route_sequence", store=True)
    stage_id = fields.Many2one("water.collection.stage", readonly=True, index=True)
    date = fields.Date(string="Issue date", required=True, default=fields.Date.context_today, readonly=True)
    deadline = fields.Date(readonly=True)
    amount_due = fields.Float(string="Overdue debt", digits="Account", readonly=True)
    months_owed = fields.Integer(readonly=True)

    # ------------------------------------------------------------------ what the notice claims, fixed at issue
    line_ids = fields.One2many("water.collection.notice.line", "notice_id", string="Debts", readonly=True)
    holder_name = fields.Char(readonly=True, help="The holder's name when the notice was issued.")
    address = fields.Char(readonly=True, help="The service point's address when the notice was issued.")
    amount_debts = fields.Float(string="Overdue debts", digits="Account", readonly=True)
    amount_surcharges = fields.Float(string="Surcharges", digits="Account", readonly=True)
    amount_credit = fields.Float(
        string="Credit applied", digits="Account", readonly=True, help="The account's credit in its favour at issue."
    )
    payment_reference = fields.Char(
        readonly=True, help="The reference of the account's bills: banks, stores and the window find the account by it."
    )

    # ------------------------------------------------------------------ delivery
    batch_id = fields.Many2one(
        "water.collection.notice.batch", string="Delivery batch", readonly=True, index=True, ondelete="restrict"
    )
    notifier_id = fields.Many2one(
        related="batch_id.notifier_id", store=True, index=True, string="Notifier", readonly=True
    )
    delivery_sequence = fields.Integer(readonly=True, help="Position of the notice in its batch's delivery order.")
    delivery_state = fields.Selection(
        [("pending", "To deliver"), ("recorded", "Recorded")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    outcome = fields.Selection(OUTCOMES, tracking=True)
    received_by = fields.Char(string="Received by", help="Name of the person the notice was handed to.")
    received_relation = fields.Selection(RELATIONS, string="Relation to the holder")
    outcome_time = fields.Datetime(string="Recorded at", readonly=True)
    outcome_user_id = fields.Many2one("res.users", string="Recorded by", readonly=True)
    photo = fields.Image(max_width=1280, max_height=1280, attachment=True)
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    delivery_note = fields.Text(string="Notifier's note")
    served = fields.Boolean(
        compute="_compute_served", store=True, help="Delivered in hand or left at the address: the notice is served."
    )
    served_rate = fields.Float(
        string="Served %",
        compute="_compute_served",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="100 for a served notice, 0 for another recorded outcome: its average is the share served.",
    )
    notice_count = fields.Integer(string="Notices", compute="_compute_served", store=True, aggregator="sum")

    @api.depends("outcome", "delivery_state")
    def _compute_served(self):
        for notice in self:
            notice.served = notice.outcome in notice_utils.SERVED
            recorded = notice.delivery_state == "recorded"
            notice.served_rate = (100.0 if notice.served else 0.0) if recorded else 0.0
            notice.notice_count = 1

    # ------------------------------------------------------------------ issue
    @api.model
    def _water_issue(self, arrears, stage, day=None):
        """Issue one notice of ``stage`` per account of ``arrears`` ({contract id: the account's arrears, as
        ``water.contract._water_arrears`` gives them}), in one create; returns the notices.

        Each notice keeps what it claims, read from the ledger at issue: a line per overdue debt (period,
        document, due date, what is left of it, by concept), the account's credit, the holder, the address and
        the payment reference of the account's bills. One ledger query, one concept query and one reference
        query for all the notices."""
        day = day or fields.Date.context_today(self)
        deadline = fields.Date.add(day, days=stage.deadline_days or 0)
        contracts = self.env["water.contract"].browse(list(arrears)).sudo()
        content = self._water_notice_content(contracts, arrears, day)
        return self.create(
            [
                {
                    "contract_id": contract_id,
                    "company_id": stage.company_id.id or self.env.company.id,
                    "stage_id": stage.id,
                    "date": day,
                    "deadline": deadline,
                    "amount_due": values["overdue"],
                    "months_owed": values["months_owed"],
                    **content[contract_id],
                }
                for contract_id, values in arrears.items()
            ]
        )

    @api.model
    def _water_notice_content(self, contracts, arrears, day):
        """{contract id: the notice's values beyond the arrears}: its lines, totals, holder, address, reference."""
        today = fields.Date.context_today(self)
        # the overdue debts as the arrears count them: due before the day, read as the ledger stood at its end
        ledger_rows = contracts._water_ledger(date=day if day < today else None, overdue=day <= today)
        rows = {
            contract_id: [row for row in items if row["residual"] > 0 and row["date_due"] and row["date_due"] < day]
            for contract_id, items in ledger_rows.items()
        }
        # each debt split by concept: the ledger's split, with one key per debt
        concepts = contracts._water_concepts_of({row["line_id"]: [row] for items in rows.values() for row in items})
        references = self._water_payment_references(contracts, day)
        contracts.mapped("partner_id.name")
        contracts.mapped("service_point_id.name")
        result = {}
        for contract in contracts:
            lines = notice_utils.notice_lines(rows.get(contract.id, []), concepts)
            credit = arrears.get(contract.id, {}).get("credit") or 0.0
            result[contract.id] = {
                "holder_name": contract.partner_id.name,
                "address": contract.service_point_id.name,
                "payment_reference": references.get(contract.id),
                "amount_debts": float(sum(line.amount for line in lines)),
                "amount_surcharges": float(sum(line.concepts["surcharges"] for line in lines)),
                "amount_credit": abs(credit),
                "line_ids": [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "move_line_id": line.key,
                            "document": line.document,
                            "period": line.period,
                            "date_due": line.date_due,
                            "kind": line.kind,
                            "amount": float(line.amount),
                            **{f"amount_{group}": float(value) for group, value in line.concepts.items()},
                        }
                    )
                    for index, line in enumerate(lines, start=1)
                ],
            }
        return result

    @api.model
    def _water_payment_references(self, contracts, day):
        """{contract id: payment reference}: the reference of the account's latest posted water bill (the
        recibo's, by which banks, stores and the window find the account); without bills, the billing's
        reference formula for the month of ``day``, else the account number."""
        if not contracts:
            return {}
        found = dict(
            self.env.execute_query(
                SQL(
                    """
            SELECT DISTINCT ON (m.water_contract_id) m.water_contract_id, m.payment_reference
              FROM account_move m
             WHERE m.water_contract_id = ANY(%s) AND m.move_type = 'out_invoice' AND m.state = 'posted'
               AND m.water_period_id IS NOT NULL AND m.payment_reference IS NOT NULL
          ORDER BY m.water_contract_id, m.invoice_date DESC, m.id DESC
                    """,
                    contracts.ids,
                )
            )
        )
        for contract in contracts:
            if not found.get(contract.id):
                try:
                    found[contract.id] = payment_utils.payment_reference(
                        contract.number, day.year, day.month, contract.company_id.water_reference_algorithm
                    )
                except ValueError:
                    found[contract.id] = contract.number
        return found

    def _water_barcode(self):
        """The data URI of the Code128 barcode of the notice's payment reference, as the recibo prints it."""
        self.ensure_one()
        if not self.payment_reference:
            return ""
        png = base64.b64encode(payment_utils.code128_png(self.payment_reference)).decode()
        return f"data:image/png;base64,{png}"

    def _water_lines_by_period(self):
        """The notice's lines in its order, for the printed notice."""
        self.ensure_one()
        return self.line_ids.sorted(lambda line: (line.sequence, line.id))

    # ------------------------------------------------------------------ delivery
    def write(self, vals):
        if not self.env.su and not self.env.user.has_group(OFFICER):
            # a notifier writes only the delivery of his own pending notices (record rules) and nothing else
            forbidden = set(vals) - DELIVERY_FIELDS
            if forbidden:
                raise AccessError(_("Only the collections officer can change a notice beyond its delivery."))
        return super().write(vals)

    def action_water_record_delivery(self):
        """The notifier records what he found at the address: final for him (the officer corrects it)."""
        self.check_access("write")
        recorded = self.filtered(lambda notice: notice.delivery_state != "pending")
        if recorded:
            raise UserError(
                _(
                    "The delivery of %(notices)s is recorded already; ask the collections officer to correct it.",
                    notices=", ".join(recorded.mapped("name")),
                )
            )
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        for notice in self:
            problem = notice_utils.delivery_problem(notice.outcome, notice.received_by)
            if problem == notice_utils.NO_OUTCOME:
                raise UserError(_("Choose what you found at the address of notice %s.", notice.name))
            if problem == notice_utils.NO_RECEIVER:
                raise UserError(_("Write the name of the person who received notice %s.", notice.name))
        now = fields.Datetime.now()
        notices = self.sudo()
        notices.write({"delivery_state": "recorded", "outcome_time": now, "outcome_user_id": self.env.uid})
        bodies = {}
        for notice in notices:
            body = _(
                "Delivery recorded by %(user)s: %(outcome)s", user=self.env.user.name, outcome=labels[notice.outcome]
            )
            if notice.received_by:
                body += _(" (received by %s)", notice.received_by)
            bodies[notice.id] = Markup("<p>%s</p>") % body
        notices._message_log_batch(bodies=bodies)
        notices.batch_id._water_check_done()
        return True

    def action_water_correct_delivery(self):
        """The officer's correction of a recorded delivery: the wizard asks for the reason."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Correct the delivery"),
            "res_model": "water.notice.delivery.correct",
            "view_mode": "form",
            "target": "new",
            "context": {"default_notice_id": self.id},
        }

    def action_water_print(self):
        return self.env.ref("water_collections.action_report_collection_notice").report_action(
            self._water_delivery_sorted(), config=False
        )

    def _water_delivery_sorted(self):
        """The notices in delivery order: batch, its delivery order, else route and position in the route."""
        return self.sorted(
            lambda n: (n.batch_id.id or 0, n.delivery_sequence, n.route_id.code or "", n.route_sequence, n.id)
        )

    @api.model
    def _water_outcome_counts(self, domain):
        """{outcome: count} of the recorded notices of ``domain`` (the report's totals)."""
        counts = defaultdict(int)
        for outcome, count in self._read_group(
            domain + [("delivery_state", "=", "recorded")], ["outcome"], ["__count"]
        ):
            counts[outcome] += count
        return dict(counts)
