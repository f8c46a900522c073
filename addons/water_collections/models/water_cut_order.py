from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils import cuts

ORDER_TYPES = [("cut", "Suspension"), ("reconnection", "Reconnection"), ("inspection", "Inspection")]
CUT_KINDS = [
    (cuts.RESTRICTED, "Restricted (reduced supply)"),
    (cuts.BOX, "Cut at the box"),
    (cuts.NETWORK, "Cut at the network"),
]
ORIGINS = [
    ("collection", "Collection process"),
    ("agreement", "Agreement breach"),
    ("manual", "By hand"),
    ("payment", "Debt paid"),
    ("agreement_signed", "Agreement signed"),
    ("inspection", "Inspection"),
]
STATES = [("open", "Open"), ("done", "Done"), ("not_done", "Not done"), ("cancelled", "Cancelled")]
NOT_DONE_REASONS = [
    ("paid", "Paid on the spot"),
    ("not_found", "Service point not found"),
    ("opposition", "Opposition"),
    ("settled_paid", "Debt paid since issued"),
    ("settled_agreement", "Agreement signed since issued"),
    ("other", "Other"),
]
INSPECTION_RESULTS = [("in_order", "Still cut, in order"), ("self_reconnected", "Self-reconnected")]
FIELD_CREW = "water_collections.group_water_field_crew"
OFFICER = "water_collections.group_water_collections_officer"


class WaterCutOrder(models.Model):
    _name = "water.cut.order"
    _description = "Suspension, reconnection or inspection order"
    _inherit = ["water.folio.mixin", "mail.thread"]
    _order = "date desc, route_id, route_sequence, id"

    order_type = fields.Selection(ORDER_TYPES, string="Type", required=True, default="cut", tracking=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_id = fields.Many2one(
        "water.contract", string="Account", required=True, index=True, ondelete="restrict", tracking=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, string="Holder")
    holder_name = fields.Char(related="contract_id.partner_id.name", string="Holder name")
    service_point_id = fields.Many2one(related="contract_id.service_point_id", store=True)
    address = fields.Char(related="contract_id.address")
    sector_id = fields.Many2one(related="contract_id.sector_id", store=True)
    route_id = fields.Many2one(related="contract_id.route_id", store=True, index=True)
    route_sequence = fields.Integer(
        related="contract_id.route_sequence", store=True, string="Position in route", aggregator=None
    )
    service_class_id = fields.Many2one(related="contract_id.service_class_id", store=True, string="Class")
    contract_state = fields.Selection(related="contract_id.state", string="Account state")
    may_cut = fields.Boolean(
        related="contract_id.service_class_id.water_may_cut",
        string="May be cut",
        help="The account's class may be cut; otherwise it is only restricted.",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Assigned to",
        tracking=True,
        domain="[('water_role', 'in', ('cutter', 'plumber'))]",
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="Crew user", index=True)
    date = fields.Date(string="Issue date", required=True, default=fields.Date.context_today, tracking=True)
    debt_at_issue = fields.Monetary(string="Overdue debt at issue", readonly=True, copy=False)
    origin = fields.Selection(ORIGINS, required=True, default="manual", readonly=True)
    agreement_id = fields.Many2one("water.payment.agreement", readonly=True, index=True)
    parent_id = fields.Many2one(
        "water.cut.order",
        string="Origin order",
        readonly=True,
        index=True,
        help="The cut a reconnection undoes, or the inspection a new cut comes from.",
    )
    reconnection_ids = fields.One2many("water.cut.order", "parent_id", string="Follow-up orders", readonly=True)
    state = fields.Selection(STATES, required=True, default="open", tracking=True, index=True, copy=False)
    cut_kind = fields.Selection(
        CUT_KINDS,
        string="Kind of cut",
        tracking=True,
        copy=False,
        help="A cut: how it was executed. A reconnection: the kind of cut it undoes.",
    )
    allowed_kinds = fields.Char(compute="_compute_allowed_kinds", string="Kind of cut allowed")
    not_done_reason = fields.Selection(NOT_DONE_REASONS, tracking=True, copy=False)
    inspection_result = fields.Selection(INSPECTION_RESULTS, tracking=True, copy=False)
    seal_number = fields.Char(copy=False)
    photo = fields.Binary(attachment=True, copy=False)
    time_done = fields.Datetime(string="Execution time", copy=False, readonly=True)
    done_user_id = fields.Many2one("res.users", string="Executed by", readonly=True, copy=False)
    note = fields.Text()
    cancel_reason = fields.Char(readonly=True, copy=False)
    block_reason = fields.Selection(
        [(cuts.BLOCK_PAID, "The overdue debt was paid"), (cuts.BLOCK_AGREEMENT, "An agreement was signed")],
        compute="_compute_block_reason",
        string="Do not execute",
        help="Since the order was issued the account's overdue debt was paid or a payment agreement was signed.",
    )
    charge_count = fields.Integer(compute="_compute_charge_count", string="Charges")

    # ------------------------------------------------------------------ computes
    @api.depends("contract_id.service_class_id.water_may_cut", "order_type")
    def _compute_allowed_kinds(self):
        labels = dict(self._fields["cut_kind"]._description_selection(self.env))
        for order in self:
            if order.order_type != "cut":
                order.allowed_kinds = False
                continue
            order.allowed_kinds = ", ".join(labels[kind] for kind in cuts.allowed_kinds(order.may_cut))

    @api.depends("state", "order_type", "contract_id", "date", "debt_at_issue")
    def _compute_block_reason(self):
        """One ledger read and one agreement search for every open cut order."""
        orders = self.filtered(lambda order: order.state == "open" and order.order_type == "cut" and order.contract_id)
        (self - orders).block_reason = False
        if not orders:
            return
        reasons = orders._water_block_reasons()
        for order in orders:
            order.block_reason = reasons.get(order.id)

    def _water_block_reasons(self):
        """{order id: block reason or None} of these open cut orders, from the ledger and the agreements."""
        contracts = self.sudo().contract_id
        overdue = contracts._water_overdue_balances()
        agreements = (
            self.env["water.payment.agreement"]
            .sudo()
            .search_fetch(
                [("contract_id", "in", contracts.ids), ("state", "in", ("waiting", "active"))],
                ["contract_id", "date_confirmed", "date_active"],
            )
        )
        signed = {}
        for agreement in agreements:
            day = agreement.date_confirmed or agreement.date_active
            if day:
                signed.setdefault(agreement.contract_id.id, []).append((day, agreement.id))
        result = {}
        for order in self:
            contract_id = order.contract_id.id
            agreement_signed = any(
                day >= order.date and agreement_id != order.agreement_id.id
                for day, agreement_id in signed.get(contract_id, [])
            )
            result[order.id] = cuts.block_reason(order.debt_at_issue, overdue.get(contract_id, 0.0), agreement_signed)
        return result

    def _compute_charge_count(self):
        if not self.ids:
            self.charge_count = 0
            return
        groups = (
            self.env["water.charge"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"])
        )
        counts = dict(groups)
        for order in self:
            order.charge_count = counts.get(order.id, 0)

    CREW_FIELDS = frozenset({"seal_number", "photo", "note", "not_done_reason"})

    def write(self, vals):
        """The field crew only fills in what it found (seal, photo, note, reason); the rest is the officer's."""
        if (
            not self.env.su
            and not self.env.user.has_group(OFFICER)
            and set(vals) - self.CREW_FIELDS - {"message_main_attachment_id"}
        ):
            raise UserError(_("The field crew only records the seal, the photo, the note and the reason."))
        return super().write(vals)

    # ------------------------------------------------------------------ creation
    @api.model_create_multi
    def create(self, vals_list):
        """Orders made by hand get their overdue debt at issue from the ledger too (one read for all)."""
        missing = [vals for vals in vals_list if "debt_at_issue" not in vals and vals.get("contract_id")]
        if missing:
            contracts = self.env["water.contract"].browse({vals["contract_id"] for vals in missing}).sudo()
            overdue = contracts._water_overdue_balances()
            for vals in missing:
                vals["debt_at_issue"] = overdue.get(vals["contract_id"], 0.0)
        return super().create(vals_list)

    @api.model
    def _water_make(
        self, contracts, order_type="cut", origin="manual", agreements=None, day=None, parent=None, in_service=True
    ):
        """Orders of ``order_type`` for these accounts, one each, in one create; accounts that already have an open
        order of that type are skipped, and for cuts those not active or suspended (unless ``in_service`` is False:
        the cut again after a self-reconnection). The overdue debt at issue comes from the ledger. ``agreements``:
        {contract id: agreement} behind the orders (breach); ``parent``: {contract id: order} they follow."""
        day = day or fields.Date.context_today(self)
        contracts = contracts.sudo()
        if order_type == "cut" and in_service:
            contracts = contracts.filtered(lambda contract: contract.state in ("active", "suspended"))
        open_orders = self.sudo().search_fetch(
            [("contract_id", "in", contracts.ids), ("order_type", "=", order_type), ("state", "=", "open")],
            ["contract_id"],
        )
        contracts -= open_orders.contract_id
        if not contracts:
            return self.browse()
        overdue = contracts._water_overdue_balances(day)
        agreements = agreements or {}
        vals_list = [
            {
                "order_type": order_type,
                "contract_id": contract.id,
                "company_id": contract.company_id.id,
                "date": day,
                "origin": origin,
                "debt_at_issue": overdue.get(contract.id, 0.0),
                "agreement_id": agreements[contract.id].id if contract.id in agreements else False,
                "parent_id": parent[contract.id].id if parent and contract.id in parent else False,
            }
            for contract in contracts.sorted(lambda c: (c.route_id.id or 0, c.route_sequence, c.id))
        ]
        return self.create(vals_list)

    def _water_action_orders(self, skipped=0):
        action = self.env["ir.actions.act_window"]._for_xml_id("water_collections.action_water_cut_order")
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"group_by": ["route_id"]}
        if skipped:
            action["help"] = _(
                "%s accounts were skipped: they already have an open order or are not in service.", skipped
            )
        return action

    # ------------------------------------------------------------------ execution
    def _water_check_open(self):
        closed = self.filtered(lambda order: order.state != "open")
        if closed:
            raise UserError(_("Order %s is not open any more.", closed[0].name))

    def _water_check_executable(self):
        """The server's checks before a cut is executed: open, not stopped by a payment or an agreement."""
        self._water_check_open()
        reasons = self.filtered(lambda order: order.order_type == "cut")._water_block_reasons()
        for order in self:
            reason = reasons.get(order.id)
            if reason == cuts.BLOCK_PAID:
                raise UserError(
                    _("Do not execute order %s: the account's overdue debt was paid since it was issued.", order.name)
                )
            if reason == cuts.BLOCK_AGREEMENT:
                raise UserError(
                    _("Do not execute order %s: a payment agreement was signed since it was issued.", order.name)
                )

    def _water_done_values(self):
        return {"state": "done", "time_done": fields.Datetime.now(), "done_user_id": self.env.user.id}

    def _water_execute_cut(self, kind):
        """Execute these cut orders as ``kind``: the account becomes suspended (restricted) or cut, with the date and
        the reason, and its suspension request is cleared."""
        if self.filtered(lambda order: order.order_type != "cut"):
            raise UserError(_("Only cut orders are executed as a restriction or a cut."))
        self._water_check_executable()
        labels = dict(self._fields["cut_kind"]._description_selection(self.env))
        for order in self:
            if kind not in cuts.allowed_kinds(order.may_cut):
                raise UserError(
                    _(
                        "Account %(account)s is of class %(class)s, which may not be cut: it can only be restricted "
                        "(reduced supply).",
                        account=order.contract_id.number,
                        **{"class": order.service_class_id.name},
                    )
                )
        orders = self.sudo()
        orders.write(dict(self._water_done_values(), cut_kind=kind))
        today = fields.Date.context_today(self)
        by_state = {}
        for order in orders:
            target = cuts.state_after(order.contract_id.state, kind)
            if target:
                by_state.setdefault(target, orders.contract_id.browse())
                by_state[target] |= order.contract_id
        for target, contracts in by_state.items():
            contracts.change_state(target, _("Cut order executed: %s", labels[kind]), today)
        orders.contract_id.filtered("collection_cut_requested").write(
            {"collection_cut_requested": False, "collection_cut_date": False}
        )
        for order in orders:
            order.message_post(body=_("Executed: %s.", labels[kind]))
        return True

    def action_water_restrict(self):
        return self._water_execute_cut(cuts.RESTRICTED)

    def action_water_cut_box(self):
        return self._water_execute_cut(cuts.BOX)

    def action_water_cut_network(self):
        return self._water_execute_cut(cuts.NETWORK)

    def action_water_not_done(self):
        """Not executed, with its reason (the crew chooses it first)."""
        self._water_check_open()
        missing = self.filtered(lambda order: not order.not_done_reason)
        if missing:
            raise UserError(_("Choose why order %s was not done.", missing[0].name))
        self.sudo().write({"state": "not_done", "time_done": fields.Datetime.now(), "done_user_id": self.env.uid})
        labels = dict(self._fields["not_done_reason"]._description_selection(self.env))
        for order in self:
            order.message_post(body=_("Not done: %s.", labels[order.not_done_reason]))
        return True

    def action_water_close_settled(self):
        """Close the orders stopped by a payment or an agreement: not done, with that reason."""
        self._water_check_open()
        reasons = self._water_block_reasons()
        for order in self:
            reason = reasons.get(order.id)
            if not reason:
                raise UserError(_("Order %s was neither paid nor settled by an agreement: execute it.", order.name))
            order.not_done_reason = "settled_paid" if reason == cuts.BLOCK_PAID else "settled_agreement"
        return self.action_water_not_done()

    def action_water_reconnect(self):
        """Execute these reconnections: the accounts become active again."""
        if self.filtered(lambda order: order.order_type != "reconnection"):
            raise UserError(_("Only reconnection orders reconnect an account."))
        self._water_check_open()
        orders = self.sudo()
        orders.write(self._water_done_values())
        today = fields.Date.context_today(self)
        orders.contract_id.filtered(lambda contract: contract.state in ("suspended", "cut")).change_state(
            "active", _("Reconnection order executed"), today
        )
        for order in orders:
            order.message_post(body=_("Reconnected."))
        return True

    def action_water_inspect_in_order(self):
        return self._water_inspect("in_order")

    def action_water_inspect_self_reconnected(self):
        return self._water_inspect("self_reconnected")

    def _water_inspect(self, result):
        """Record the inspection. A self-reconnection found on a cut or suspended account gives the fine of the
        catalogue and a new cut order."""
        if self.filtered(lambda order: order.order_type != "inspection"):
            raise UserError(_("Only inspection orders record an inspection."))
        self._water_check_open()
        orders = self.sudo()
        orders.write(dict(self._water_done_values(), inspection_result=result))
        labels = dict(self._fields["inspection_result"]._description_selection(self.env))
        for order in orders:
            order.message_post(body=_("Inspection: %s.", labels[result]))
        if result == "self_reconnected":
            orders._water_self_reconnection()
        return True

    def _water_self_reconnection(self):
        found = self.filtered(lambda order: order.contract_id.state in ("suspended", "cut"))
        if not found:
            return
        for order in found:
            self.env["water.charge"]._water_charge(
                "fine_self_reconnection", contracts=order.contract_id, origin=order.name, source=order
            )
        parents = {order.contract_id.id: order for order in found}
        new = self._water_make(found.contract_id, "cut", "inspection", parent=parents, in_service=False)
        for order in found:
            order.message_post(body=_("Self-reconnection: fine charged and a new cut order issued."))
        return new

    # ------------------------------------------------------------------ cancel
    def action_water_cancel_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel order"),
            "res_model": "water.cut.order.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def _water_cancel(self, reason):
        if not self.env.user.has_group(OFFICER):
            raise UserError(_("Only the collections officer cancels orders."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for cancelling the order."))
        self._water_check_open()
        self.write({"state": "cancelled", "cancel_reason": reason})
        for order in self:
            order.message_post(body=_("Cancelled. Reason: %s", reason))
        return True

    # ------------------------------------------------------------------ reconnection on payment or agreement
    @api.model
    def _water_reconnect_check(self, contracts):
        """Accounts suspended or cut by an executed cut whose overdue debt is now paid, or that have an active
        agreement, get their reconnection order at once, with the catalogue's reconnection fee by the kind of cut.
        Cheap filter first (one query): only accounts suspended or cut with an executed cut not yet reconnected."""
        contracts = contracts.sudo().filtered(lambda contract: contract.state in ("suspended", "cut"))
        if not contracts:
            return self.browse()
        cut_orders = self.sudo().search(
            [
                ("contract_id", "in", contracts.ids),
                ("order_type", "=", "cut"),
                ("state", "=", "done"),
                ("reconnection_ids", "=", False),
            ],
            order="time_done desc, id desc",
        )
        last_cut = {}
        for order in cut_orders:
            last_cut.setdefault(order.contract_id.id, order)
        if not last_cut:
            return self.browse()
        candidates = self.env["water.contract"].browse(list(last_cut)).sudo()
        overdue = candidates._water_overdue_balances()
        with_agreement = set(
            self.env["water.payment.agreement"]
            .sudo()
            .search([("contract_id", "in", candidates.ids), ("state", "=", "active")])
            .contract_id.ids
        )
        due = candidates.filtered(
            lambda contract: cuts.reconnection_due(overdue.get(contract.id, 0.0), contract.id in with_agreement)
        )
        if not due:
            return self.browse()
        origin = {cid: ("agreement_signed" if cid in with_agreement else "payment") for cid in due.ids}
        vals_list = [
            {
                "order_type": "reconnection",
                "contract_id": contract.id,
                "company_id": contract.company_id.id,
                "origin": origin[contract.id],
                "parent_id": last_cut[contract.id].id,
                "cut_kind": last_cut[contract.id].cut_kind,
                "employee_id": last_cut[contract.id].employee_id.id,
                "debt_at_issue": overdue.get(contract.id, 0.0),
            }
            for contract in due
        ]
        orders = self.sudo().create(vals_list)
        orders._water_reconnection_fees()
        return orders

    def _water_reconnection_fees(self):
        """The reconnection fee of each order from the charges catalogue, by the kind of cut it undoes."""
        Charge = self.env["water.charge"].sudo()
        for order in self:
            purpose = cuts.RECONNECTION_PURPOSE[order.cut_kind or cuts.RESTRICTED]
            Charge._water_charge(purpose, contracts=order.contract_id, origin=order.name, source=order)
            order.message_post(body=_("Reconnection order issued with its fee."))

    def action_water_view_charges(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Charges"),
            "res_model": "water.charge",
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
        }

    def action_water_print(self):
        return self.env.ref("water_collections.action_report_water_cut_order").report_action(self)

    def _water_sheet_groups(self):
        """[(route, [orders in delivery order])] for the order sheet."""
        groups = {}
        for order in self.sorted(lambda o: (o.route_id.name or "", o.route_sequence, o.id)):
            groups.setdefault(order.route_id, []).append(order)
        return list(groups.items())
