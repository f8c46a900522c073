import base64
import uuid
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..utils import bill_chart
from ..utils import payment as payment_utils
from ..utils import recibo as recibo_utils

RECIBO_TEMPLATE = "water_billing.report_recibo_document"
RECIBO_REPORT = "water_billing.action_report_recibo"
RECIBO_MARGIN = 8.0  # mm of paper around the bill, whatever the paper format says


class AccountMove(models.Model):
    _inherit = "account.move"

    water_contract_id = fields.Many2one("water.contract", string="Water account", index=True, readonly=True, copy=False)
    water_period_id = fields.Many2one(
        "water.billing.period", string="Billing period", index=True, readonly=True, copy=False
    )
    water_reading_id = fields.Many2one("water.reading", readonly=True, copy=False)
    water_bill_run_id = fields.Many2one("water.bill.run", readonly=True, copy=False, index=True)
    water_volume = fields.Float(
        string="Billed volume (m³)", readonly=True, copy=False, help="Measured, estimated or assumed m³ billed."
    )
    water_is_surcharge = fields.Boolean(
        string="Surcharge",
        readonly=True,
        copy=False,
        index=True,
        help="A surcharge (recargo) of the account: the ledger and the payment policy tell it from the bills.",
    )
    water_previous_balance = fields.Monetary(
        string="Previous balance",
        readonly=True,
        copy=False,
        help="What the account owed from earlier bills when this bill was issued.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # one bill per account and period, whatever happens to a run (cancelled bills excepted)
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS account_move_water_contract_period_uniq
                ON account_move (water_contract_id, water_period_id)
             WHERE water_contract_id IS NOT NULL AND move_type = 'out_invoice' AND state != 'cancel'
            """
        )
        return result

    # ------------------------------------------------------------------ the bill (recibo) PDF
    def _is_water_bill(self):
        self.ensure_one()
        return bool(self.water_contract_id and self.water_period_id) and self.move_type == "out_invoice"

    def _get_name_invoice_report(self):
        """Water bills print as the recibo, from the invoice's Print button, Send & Print and the portal."""
        if self._is_water_bill():
            return RECIBO_TEMPLATE
        return super()._get_name_invoice_report()

    def _water_delivery_sorted(self):
        """The bills in the order they are delivered: sector, route, position in the route, account."""
        moves = self.sudo()
        moves.water_contract_id.sector_id.mapped("code")
        moves.water_contract_id.route_id.mapped("code")
        moves.water_period_id.mapped("date_start")

        def key(move):
            contract = move.water_contract_id
            return (
                contract.sector_id.code or "",
                contract.route_id.code or "",
                contract.route_sequence,
                contract.number or "",
                move.water_period_id.date_start or fields.Date.today(),
                move.id,
            )

        return self.browse([move.id for move in sorted(moves, key=key)])

    def _water_ensure_access_tokens(self):
        """Portal access tokens for the bills without one, in a single query (get_portal_url() writes them
        one bill at a time)."""
        missing = self.filtered(lambda move: not move.access_token)
        if not missing:
            return
        self.env.cr.execute(
            SQL(
                """
            UPDATE account_move m SET access_token = v.token
              FROM (VALUES %s) AS v(id, token)
             WHERE m.id = v.id AND m.access_token IS NULL
                """,
                SQL(", ").join(SQL("(%s, %s)", move.id, str(uuid.uuid4())) for move in missing),
            )
        )
        missing.invalidate_recordset(["access_token"])

    def _water_consumption_history(self, depth=bill_chart.MAX_PERIODS):
        """{bill id: [(period start, period end, billed m³), ...]}: the last ``depth`` bills of the same
        account up to the bill's period (the bill itself included), oldest first; one query for all bills."""
        self.env["account.move"].flush_model(["water_contract_id", "water_period_id", "water_volume", "state"])
        self.env.cr.execute(
            SQL(
                """
            SELECT b.id, h.date_start, h.date_end, h.water_volume
              FROM account_move b
              JOIN water_billing_period bp ON bp.id = b.water_period_id
              CROSS JOIN LATERAL (
                    SELECT p.date_start, p.date_end, m.water_volume
                      FROM account_move m
                      JOIN water_billing_period p ON p.id = m.water_period_id
                     WHERE m.water_contract_id = b.water_contract_id
                       AND m.move_type = 'out_invoice'
                       AND (m.id = b.id OR m.state = 'posted')
                       AND p.date_start <= bp.date_start
                  ORDER BY p.date_start DESC
                     LIMIT %s) h
             WHERE b.id = ANY(%s)
          ORDER BY b.id, h.date_start
                """,
                depth,
                self.ids,
            )
        )
        history = defaultdict(list)
        for move_id, date_start, date_end, volume in self.env.cr.fetchall():
            history[move_id].append((date_start, date_end, volume or 0.0))
        return history

    def _water_period_label(self, date_start, date_end):
        """Short period label for the chart: 'ene' / '25', or 'ene-feb' / '25' for a bimonthly period."""
        months = format_date(self.env, date_start, date_format="MMM").rstrip(".")
        if date_end and (date_end.year, date_end.month) != (date_start.year, date_start.month):
            months = f"{months}-{format_date(self.env, date_end, date_format='MMM').rstrip('.')}"
        return months, f"{date_start:%y}"

    def _water_recibo_values(self):
        """Everything the recibo prints beyond the invoice's own fields, for all the bills at once:
        {bill id: values}. The account, its service point and reading are part of the bill: whoever may
        read the bill reads them on it (a billing clerk or an accountant has no right on readings)."""
        self.check_access("read")
        self._water_ensure_access_tokens()
        history = self._water_consumption_history()
        self.invoice_line_ids.tax_ids.mapped("invoice_label")  # the template filters the lines of each bill
        moves = self.sudo()
        # prefetch, a query per model rather than per bill
        moves.water_contract_id.mapped("number")
        moves.water_contract_id.partner_id.mapped("name")
        moves.water_contract_id.service_point_id.mapped("name")
        moves.water_contract_id.service_class_id.mapped("name")
        moves.water_contract_id.meter_id.mapped("serial")
        moves.water_reading_id.mapped("reading_value")
        moves.water_reading_id.meter_id.mapped("serial")
        moves.water_reading_id.observation_id.mapped("name")
        moves.water_period_id.mapped("name")
        basis_labels = dict(self.env["water.reading"]._fields["basis"]._description_selection(self.env))
        result = {}
        for move in moves:
            contract = move.water_contract_id
            reading = move.water_reading_id
            bars = bill_chart.bars(
                [(*self._water_period_label(start, end), volume) for start, end, volume in history.get(move.id, [])]
            )
            if bars:
                bars[-1]["current"] = True
            amounts = recibo_utils.bill_amounts(move.water_previous_balance, move.amount_total)
            current_date = False
            if reading.capture_date and reading.basis == "measured":
                current_date = fields.Datetime.context_timestamp(self, reading.capture_date).date()
            reference = move.payment_reference or ""
            barcode = reference and base64.b64encode(payment_utils.code128_png(reference)).decode()
            result[move.id] = {
                "contract": contract,
                "reading": reading,
                "meter_serial": reading.meter_id.serial or contract.meter_id.serial or "",
                "measured": reading.basis == "measured",
                "current_date": current_date,
                "basis_label": basis_labels.get(reading.basis, "") if reading.basis else "",
                "bars": bars,
                "total_to_pay": float(amounts.total_to_pay),
                "credit": amounts.credit_applied > 0 or amounts.credit_left > 0,
                "credit_applied": float(amounts.credit_applied),
                "credit_left": float(amounts.credit_left),
                "amount_in_words": payment_utils.amount_in_words(float(amounts.total_to_pay)),
                "reference": reference,
                "barcode": barcode and f"data:image/png;base64,{barcode}",
                "portal_url": move.get_base_url() + move.get_portal_url(),
                "portal_link_url": move.get_base_url() + "/my/water",
                "portal_secret": contract._portal_formatted_secret(),
            }
        return result

    @api.model
    def _water_recibo_geometry(self, report_ref, own_margins=True):
        """Page geometry of the recibo on the paper format of the report printing it (the recibo's own, or the
        company's for the standard invoice report): the bill fills exactly one page whatever the paper.
        own_margins: the recibo sets the top margin, the dpi and no header spacing (every record printed is a
        water bill), else it lives with the paper format's."""
        paperformat = self.env["ir.actions.report"]._get_report(report_ref).get_paperformat()
        top = min(paperformat.margin_top, RECIBO_MARGIN) if own_margins else paperformat.margin_top
        height = paperformat.print_page_height or 279.4
        return {
            "margin_top": top,
            "dpi": 96 if own_margins else paperformat.dpi,
            # one millimetre to spare: a page a hair too tall spills an empty page
            "height": round(height - top - paperformat.margin_bottom - 1.0, 1),
            "pad_left": max(RECIBO_MARGIN - paperformat.margin_left, 0.0),
            "pad_right": max(RECIBO_MARGIN - paperformat.margin_right, 0.0),
        }

    @api.model
    def _water_action_print_lots(self, lots):
        """The recibos of the reading lots' accounts for their periods, in delivery order, as one PDF: the
        accounts read in the lot and the unmetered ones of its route."""
        lots = lots.with_env(self.env)
        lots.check_access("read")
        per_lot = []
        for lot in lots:
            contracts = lot.sudo().reading_ids.contract_id | self.env["water.contract"].sudo().search(
                [("route_id", "=", lot.route_id.id)]
            )
            per_lot.append([("water_period_id", "=", lot.period_id.id), ("water_contract_id", "in", contracts.ids)])
        posted = [("move_type", "=", "out_invoice"), ("state", "=", "posted")]
        bills = self.search(expression.AND([posted, expression.OR(per_lot or [[(0, "=", 1)]])]))
        if not bills:
            raise UserError(_("The route has no posted bills for the period yet: run the billing first."))
        # config=False: the recibo does not use the company document layout, no need to configure it first
        return self.env.ref(RECIBO_REPORT).report_action(bills._water_delivery_sorted(), config=False)
