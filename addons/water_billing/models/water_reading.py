from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import tariff as tariff_engine
from ..utils.reading import ReadingInput, assess, estimate, expected_range

READING_STATES = [
    ("pending", "Not captured"),
    ("captured", "Captured"),
    ("to_review", "To review"),
    ("valid", "Valid"),
    ("billed", "Billed"),
]
ANOMALIES = [
    ("not_captured", "Not captured"),
    ("not_a_number", "Not a number"),
    ("negative", "Negative reading"),
    ("lower_than_previous", "Lower than the previous reading"),
    ("zero_occupied", "Zero consumption on an occupied property"),
    ("high_consumption", "High consumption"),
]
BASES = [
    ("measured", "Measured"),
    ("estimated", "Estimated"),
    ("minimum", "Minimum"),
    ("none", "Nothing"),
]
CAPTURE_FIELDS = {"reading_text", "observation_id", "photo", "capture_channel", "reader_note"}
HISTORY_DEPTH = 24
VALIDATE_BATCH = 5000


class WaterReading(models.Model):
    _name = "water.reading"
    _description = "Meter reading of an account in a period"
    _order = "lot_id, route_sequence, id"
    _rec_name = "contract_id"

    lot_id = fields.Many2one("water.reading.lot", required=True, index=True, ondelete="cascade")
    period_id = fields.Many2one(related="lot_id.period_id", store=True, index=True, precompute=True)
    company_id = fields.Many2one(related="lot_id.company_id", store=True, precompute=True)
    reader_user_id = fields.Many2one(related="lot_id.reader_user_id", store=True, precompute=True)
    reader_id = fields.Many2one(related="lot_id.reader_id", store=True, precompute=True, string="Route reader")
    lot_state = fields.Selection(related="lot_id.state", string="Lot state")
    contract_id = fields.Many2one("water.contract", string="Account", required=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="contract_id.partner_id", string="Holder")
    service_point_id = fields.Many2one("water.service.point", required=True, ondelete="restrict")
    address = fields.Char(related="service_point_id.name", string="Address")
    route_sequence = fields.Integer(string="Pos.", aggregator=None)
    meter_id = fields.Many2one("water.meter", ondelete="restrict")
    digits = fields.Integer(default=5, aggregator=None)
    previous_reading = fields.Float(digits=(12, 2), readonly=True, aggregator=None)
    previous_date = fields.Date(readonly=True)
    average_consumption = fields.Float(string="Estimate (m³)", digits=(12, 2), readonly=True, aggregator=None)
    estimated_since = fields.Float(
        string="Estimated since last real reading",
        digits=(12, 2),
        readonly=True,
        help="Consumption billed by estimate since the last real reading; the next real reading discounts it.",
    )
    minimum_volume = fields.Float(digits=(12, 2), readonly=True, aggregator=None)
    expected_min = fields.Float(digits=(12, 2), readonly=True, aggregator=None)
    expected_max = fields.Float(digits=(12, 2), readonly=True, aggregator=None)
    reading_text = fields.Char(string="Reading", help="As typed by the reader or sent by the handheld.")
    reading_value = fields.Float(digits=(12, 2), readonly=True, aggregator=None)
    observation_id = fields.Many2one("water.observation.code")
    photo = fields.Image(max_width=1600, max_height=1600, attachment=True)
    reader_note = fields.Char()
    capture_channel = fields.Selection(
        [
            ("list", "Office capture"),
            ("mobile", "Field (phone)"),
            ("import", "Handheld file"),
            ("portal", "Citizen self-reading"),
        ],
        readonly=True,
    )
    capture_date = fields.Datetime(readonly=True, index=True)
    captured_by_id = fields.Many2one("res.users", readonly=True)
    state = fields.Selection(READING_STATES, default="pending", required=True, index=True, readonly=True)
    anomaly = fields.Selection(ANOMALIES, readonly=True, index=True)
    basis = fields.Selection(BASES, string="Billed as", readonly=True)
    consumption = fields.Float(string="Consumption (m³)", digits=(12, 2), readonly=True)
    measured_consumption = fields.Float(digits=(12, 2), readonly=True)
    correction = fields.Float(string="Estimate discounted", digits=(12, 2), readonly=True)
    rolled_over = fields.Boolean(readonly=True)
    meter_changed = fields.Boolean(readonly=True)
    old_meter_final = fields.Float(
        string="Final reading of the removed meter", digits=(12, 2), readonly=True, aggregator=None
    )
    new_meter_initial = fields.Float(
        string="Initial reading of the new meter", digits=(12, 2), readonly=True, aggregator=None
    )
    is_estimated = fields.Boolean(compute="_compute_is_estimated", store=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    review_note = fields.Char()
    work_order_ids = fields.One2many("water.work.order", "reading_id", string="Work orders")

    _sql_constraints = [
        ("lot_contract_uniq", "unique(lot_id, contract_id)", "The account is already in this reading lot."),
    ]

    @api.depends("basis")
    def _compute_is_estimated(self):
        for reading in self:
            reading.is_estimated = reading.basis == "estimated"

    # ------------------------------------------------------------------ generation
    @api.model
    def _history_for(self, contract_ids, period):
        """Per contract, its valid readings before the period, newest first (batched SQL)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT contract_id, basis, consumption, reading_value, date_end
              FROM (SELECT r.contract_id, r.basis, r.consumption, r.reading_value, p.date_end,
                           row_number() OVER (PARTITION BY r.contract_id ORDER BY p.date_start DESC) AS rn
                      FROM water_reading r JOIN water_billing_period p ON p.id = r.period_id
                     WHERE r.contract_id = ANY(%s) AND r.state IN ('valid', 'billed') AND p.date_start < %s) h
             WHERE rn <= %s
          ORDER BY contract_id, rn
            """,
                list(contract_ids),
                period.date_start,
                HISTORY_DEPTH,
            )
        )
        history = {}
        for contract_id, basis, consumption, value, date_end in self.env.cr.fetchall():
            history.setdefault(contract_id, []).append((basis, consumption, value, date_end))
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, i.install_reading, i.install_date, m.digits, sc.default_consumption, sc.minimum_volume
              FROM water_contract c
              JOIN water_service_point sp ON sp.id = c.service_point_id
              LEFT JOIN water_meter_install i ON i.service_point_id = sp.id AND i.removal_date IS NULL
              LEFT JOIN water_meter m ON m.id = i.meter_id
              JOIN water_service_class sc ON sc.id = c.service_class_id
             WHERE c.id = ANY(%s)
            """,
                list(contract_ids),
            )
        )
        meters = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        periods = period.company_id.water_estimation_periods or 6
        factor = period.company_id.water_high_consumption_factor or 3.0
        result = {}
        for contract_id in contract_ids:
            install_reading, install_date, digits, class_default, minimum = meters.get(contract_id, (0, None, 5, 0, 0))
            rows = history.get(contract_id, [])
            measured = [consumption for basis, consumption, _v, _d in rows if basis == "measured"]
            average = estimate(measured, periods, class_default)
            estimated_since, previous, previous_date = 0.0, install_reading or 0.0, install_date
            for basis, consumption, value, date_end in rows:
                if basis == "measured":
                    previous, previous_date = value, date_end
                    break
                estimated_since += consumption or 0.0
            low, high = expected_range(previous, average, factor)
            result[contract_id] = {
                "previous_reading": previous,
                "previous_date": previous_date,
                "average_consumption": average,
                "estimated_since": estimated_since,
                "digits": digits or 5,
                "minimum_volume": minimum or 0.0,
                "expected_min": low,
                "expected_max": high,
            }
        return result

    @api.model
    def _generation_values(self, contract, lot_id, history):
        return {
            "lot_id": lot_id,
            "contract_id": contract["id"],
            "service_point_id": contract["service_point_id"],
            "meter_id": contract["meter_id"],
            "route_sequence": contract["route_sequence"],
            **history[contract["id"]],
        }

    # ------------------------------------------------------------------ capture
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reading_text") or vals.get("observation_id"):
                vals.update(self._capture_values(vals.get("capture_channel")))
        return super().create(vals_list)

    def write(self, vals):
        if CAPTURE_FIELDS & set(vals):
            self._check_capture_allowed(vals)
            if {"reading_text", "observation_id"} & set(vals):
                vals = dict(vals, **self._capture_values(vals.get("capture_channel")))
        return super().write(vals)

    def _capture_values(self, channel=None):
        return {
            "state": "captured",
            "anomaly": False,
            "capture_date": fields.Datetime.now(),
            "captured_by_id": self.env.uid,
            "capture_channel": channel or self.env.context.get("water_capture_channel", "list"),
        }

    def _check_capture_allowed(self, vals):
        supervisor = self.env.user.has_group("water_billing.group_water_reading_supervisor")
        for reading in self:
            if reading.state == "billed":
                raise UserError(_("The reading of %s is already billed.", reading.contract_id.number))
            if not supervisor:
                if reading.lot_id.state != "field":
                    raise UserError(
                        _("Lot %s is not in the field: readings can no longer be changed.", reading.lot_id.name)
                    )
                if not CAPTURE_FIELDS.issuperset(vals):
                    raise AccessError(_("Meter readers only capture readings, observations and photos."))

    # ------------------------------------------------------------------ validation
    def _validate(self):
        """Assess every reading in batches (SQL read and write); anomalies go to review."""
        factor = self.env.company.water_high_consumption_factor or 3.0
        self.env.flush_all()
        validated = 0
        for start in range(0, len(self.ids), VALIDATE_BATCH):
            ids = self.ids[start : start + VALIDATE_BATCH]
            rows = [self._assessment_row(row, factor) for row in self._validation_rows(ids)]
            self._write_assessments(rows)
            validated += len(rows)
        self.env.invalidate_all()  # SQL wrote readings: lots' counts and cached readings are stale
        self._create_work_orders()
        return validated

    def _validation_rows(self, ids):
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT ON (r.id)
                   r.id, r.reading_text, r.previous_reading, r.digits, r.average_consumption, r.estimated_since,
                   r.minimum_volume, o.billing_mode, COALESCE(o.unoccupied, FALSE),
                   old.removal_reading, cur.install_reading, old_meter.digits, cur.meter_id
              FROM water_reading r
              LEFT JOIN water_observation_code o ON o.id = r.observation_id
              LEFT JOIN water_meter_install cur
                     ON cur.service_point_id = r.service_point_id AND cur.removal_date IS NULL
                    AND cur.install_date > r.previous_date
              LEFT JOIN water_meter_install old
                     ON old.service_point_id = r.service_point_id AND old.id != cur.id
                    AND old.removal_date > r.previous_date
              LEFT JOIN water_meter old_meter ON old_meter.id = old.meter_id
             WHERE r.id = ANY(%s)
          ORDER BY r.id, old.removal_date DESC NULLS LAST
            """,
                ids,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _assessment_row(self, row, factor):
        (
            reading_id,
            text,
            previous,
            digits,
            average,
            estimated_since,
            minimum,
            mode,
            unoccupied,
            old_final,
            new_initial,
            old_digits,
            new_meter_id,
        ) = row
        changed = old_final is not None and new_meter_id is not None
        result = assess(
            ReadingInput(
                text=text,
                previous=previous or 0.0,
                digits=digits or 5,
                average=average or 0.0,
                estimated_since=estimated_since or 0.0,
                observation_mode=mode,
                unoccupied=unoccupied,
                minimum=minimum or 0.0,
                high_factor=factor,
                old_meter_final=old_final if changed else None,
                new_meter_initial=new_initial if changed else None,
                old_meter_digits=old_digits,
            )
        )
        return (
            reading_id,
            "to_review" if result.anomaly else "valid",
            result.anomaly,
            result.basis,
            result.consumption,
            result.value,
            result.measured,
            result.correction,
            result.rolled_over,
            changed,
            old_final if changed else None,
            new_initial if changed else None,
            new_meter_id if changed else None,
        )

    def _write_assessments(self, rows):
        if not rows:
            return
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s::boolean, %s::boolean,"
                " %s::numeric, %s::numeric, %s::integer)",
                *row,
            )
            for row in rows
        )
        self.env.cr.execute(
            SQL(
                """
            UPDATE water_reading r
               SET state = v.state, anomaly = v.anomaly, basis = v.basis, consumption = v.consumption,
                   reading_value = v.value, measured_consumption = v.measured, correction = v.correction,
                   rolled_over = v.rolled, meter_changed = v.changed, is_estimated = (v.basis = 'estimated'),
                   old_meter_final = v.old_final, new_meter_initial = v.new_initial,
                   meter_id = COALESCE(v.new_meter, r.meter_id),
                   write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES %s) AS v(id, state, anomaly, basis, consumption, value, measured, correction, rolled,
                                   changed, old_final, new_initial, new_meter)
             WHERE r.id = v.id
            """,
                self.env.uid,
                values,
            )
        )

    def _create_work_orders(self):
        """One work order per valid reading whose observation asks for it (damaged meter, buried meter...)."""
        readings = self.search(
            [
                ("id", "in", self.ids),
                ("state", "=", "valid"),
                ("observation_id.work_order_type", "!=", False),
                ("work_order_ids", "=", False),
            ]
        )
        if readings:
            self.env["water.work.order"]._create_from_readings(readings)

    # ------------------------------------------------------------------ review
    def _check_supervisor(self):
        if not self.env.user.has_group("water_billing.group_water_reading_supervisor"):
            raise AccessError(_("Only the reading supervisor reviews readings."))
        if self.filtered(lambda r: r.state != "to_review"):
            raise UserError(_("Only readings waiting for review can be decided."))

    def action_accept_measured(self):
        """The supervisor confirms the meter: bill what it measured."""
        self._check_supervisor()
        for reading in self:
            if reading.anomaly not in ("zero_occupied", "high_consumption"):
                raise UserError(
                    _(
                        "Account %s has no usable measured consumption: correct the reading or estimate it.",
                        reading.contract_id.number,
                    )
                )
        for reading in self:
            reading.sudo().write(
                {
                    "state": "valid",
                    "basis": "measured",
                    "consumption": reading.measured_consumption - reading.correction,
                    "reviewed_by_id": self.env.uid,
                }
            )
        self.lot_id._close_if_reviewed()

    def action_use_estimate(self):
        """The supervisor bills the period by estimate (average of the last periods)."""
        self._check_supervisor()
        for reading in self:
            reading.sudo().write(
                {
                    "state": "valid",
                    "basis": "estimated",
                    "consumption": reading.average_consumption,
                    "reviewed_by_id": self.env.uid,
                }
            )
        self.lot_id._close_if_reviewed()

    def action_revalidate(self):
        """After correcting the reading, validate it again."""
        if not self.env.user.has_group("water_billing.group_water_reading_supervisor"):
            raise AccessError(_("Only the reading supervisor validates readings."))
        self.filtered(lambda r: r.state in ("captured", "to_review", "pending"))._validate()
        self.write({"reviewed_by_id": self.env.uid})
        self.lot_id._close_if_reviewed()

    # ------------------------------------------------------------------ pricing
    def _priced_lines(self):
        """Priced lines of this valid reading by the tariff in force at the end of its period.

        The month's prices are those of the month the period ends in.
        """
        self.ensure_one()
        if self.state not in ("valid", "billed"):
            raise UserError(_("Only valid readings are priced (account %s).", self.contract_id.number))
        contract, period = self.contract_id, self.period_id
        tariff = self.env["water.tariff"]._find(
            contract.service_class_id, contract.sector_id, period.date_end, self.company_id
        )
        if not tariff:
            raise UserError(
                _(
                    "There is no tariff for class %(cls)s on %(date)s.",
                    cls=contract.service_class_id.name,
                    date=period.date_end,
                )
            )
        services = contract._service_names()
        return tariff_engine.price(
            tariff._engine_on(period.date_end),
            self.consumption,
            services,
            metered=True,
            eligible=contract.has_valid_discount,
        )
