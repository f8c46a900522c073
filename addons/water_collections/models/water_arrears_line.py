from odoo import fields, models

from odoo.addons.water_registry.models.water_contract import CONTRACT_STATES

MONTH_BUCKETS = [
    ("1", "1 month"),
    ("2", "2 months"),
    ("3", "3 months"),
    ("4_6", "4-6 months"),
    ("7_12", "7-12 months"),
    ("13_24", "13-24 months"),
    ("25_plus", "More than 24 months"),
]
DAY_BUCKETS = [
    ("1_30", "1-30 days"),
    ("31_60", "31-60 days"),
    ("61_90", "61-90 days"),
    ("91_180", "91-180 days"),
    ("181_365", "181-365 days"),
    ("366_730", "366-730 days"),
    ("731_plus", "More than 730 days"),
]

# the amounts of the debtor list and its export, in their order
DEBTOR_AMOUNTS = ("water", "drainage", "sanitation", "surcharges", "other", "credit", "overdue")


class WaterArrearsLine(models.Model):
    """One account in arrears in a snapshot: its aging as ``water.contract._water_arrears`` gave it that day, with
    the account's sector, route, class and state as they were. Written in bulk by the snapshot, never by hand."""

    _name = "water.arrears.line"
    _description = "Account in arrears (aging line)"
    _order = "date desc, sector_id, route_id, route_sequence, account_number"
    _rec_name = "account_number"

    snapshot_id = fields.Many2one(
        "water.arrears.snapshot", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(readonly=True, index=True)
    kind = fields.Selection([("current", "Current"), ("month", "Month close")], readonly=True, index=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True, index=True)
    account_number = fields.Char(string="Account number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Holder", readonly=True)
    address = fields.Char(related="contract_id.address")
    sector_id = fields.Many2one("water.sector", readonly=True)
    route_id = fields.Many2one("water.route", readonly=True)
    route_sequence = fields.Integer(string="Pos.", readonly=True, aggregator=None)
    service_class_id = fields.Many2one("water.service.class", string="Class", readonly=True)
    large_consumer = fields.Boolean(readonly=True)
    contract_state = fields.Selection(CONTRACT_STATES, string="Account state", readonly=True)
    months_owed = fields.Integer(readonly=True, aggregator="max")
    months_bucket = fields.Selection(MONTH_BUCKETS, string="Months owed (range)", readonly=True)
    days_past_due = fields.Integer(readonly=True, aggregator="max")
    days_bucket = fields.Selection(DAY_BUCKETS, string="Days past due (range)", readonly=True)
    oldest_due = fields.Date(string="Oldest due date", readonly=True)
    water = fields.Monetary(readonly=True)
    drainage = fields.Monetary(readonly=True)
    sanitation = fields.Monetary(readonly=True)
    surcharges = fields.Monetary(readonly=True)
    other = fields.Monetary(string="Other charges", readonly=True)
    credit = fields.Monetary(readonly=True, help="The account's credits (saldo a favor), netted in the overdue total.")
    overdue = fields.Monetary(
        string="Overdue total",
        readonly=True,
        help="What the account owes on debts due before the day, less its credits.",
    )

    # ------------------------------------------------------------------ the debtor list
    def _water_debtor_rows(self):
        """The debtor list's rows (relación de usuarios morosos): the lines by route in delivery order, each route
        opened by a heading and closed by its totals, then the grand total. Each row is a dict with ``kind``
        (route, line, subtotal, total), and for lines and totals the amounts of ``DEBTOR_AMOUNTS``."""
        lines = self.sorted(
            lambda line: (line.route_id.name or "", line.route_id.id, line.route_sequence, line.account_number or "")
        )
        rows = []
        grand = dict.fromkeys(DEBTOR_AMOUNTS, 0.0)
        by_route = {}
        for line in lines:
            by_route.setdefault(line.route_id, []).append(line)
        for route, route_lines in by_route.items():
            name = route.display_name or self.env._("No route")
            rows.append({"kind": "route", "route": name, "count": len(route_lines)})
            totals = dict.fromkeys(DEBTOR_AMOUNTS, 0.0)
            for line in route_lines:
                row = {
                    "kind": "line",
                    "position": line.route_sequence,
                    "account": line.account_number,
                    "holder": line.partner_id.name or "",
                    "address": line.address or "",
                    "months": line.months_owed,
                    "oldest_due": line.oldest_due,
                }
                for key in DEBTOR_AMOUNTS:
                    row[key] = line[key]
                    totals[key] += line[key]
                rows.append(row)
            rows.append(dict(totals, kind="subtotal", route=route.display_name or "", count=len(route_lines)))
            for key in DEBTOR_AMOUNTS:
                grand[key] += totals[key]
        rows.append(dict(grand, kind="total", count=len(lines)))
        return rows
