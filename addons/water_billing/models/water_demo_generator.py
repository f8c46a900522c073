import logging
import random
import time
from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as dtime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# m³ a month of a typical account of the class
DEMO_CLASS_CONSUMPTION = {"DOM": 18.0, "COM": 35.0, "MIX": 25.0, "IND": 120.0, "PUB": 60.0}
# the estimate of the classes for accounts without history (domestic keeps the field's default, 15)
DEMO_CLASS_DEFAULTS = {"COM": 35.0, "MIX": 25.0, "IND": 120.0, "PUB": 60.0}
# more water in the hot, dry months before the rains (April-June)
DEMO_SEASON = {1: 0.9, 2: 0.92, 3: 1.0, 4: 1.18, 5: 1.28, 6: 1.2, 7: 1.02, 8: 1.0, 9: 0.96, 10: 0.95, 11: 0.92, 12: 0.9}
# anomalies made on purpose in every period: kind -> how many
DEMO_ANOMALIES = (
    ("obs_02", 3),  # damaged meter: estimated, meter repair order
    ("obs_03", 3),  # dangerous dog: estimated
    ("obs_04", 2),  # buried meter: estimated, inspection order
    ("obs_01", 4),  # empty house: measured, zero is fine
    ("lower", 3),  # reading lower than the previous one
    ("text", 3),  # not a number
    ("zero", 3),  # zero consumption on an occupied house
    ("high", 3),  # about 5 x the average (a leak inside the house)
)
DEMO_NOTES = {
    "obs_02": "Carátula rota",
    "obs_03": "Perro suelto, no se pudo leer",
    "obs_04": "Medidor cubierto de tierra",
    "obs_01": "Casa deshabitada",
}
DEMO_READER_LOGIN = "lecturista"
DEMO_SUPERVISOR_LOGIN = "supervisor"
# capture hours: 8:00 to 15:00 in San Isidro (UTC-6), stored in UTC
WORK_START_UTC, WORK_HOURS = 14, 7


class WaterDemoGenerator(models.AbstractModel):
    _inherit = "water.demo.generator"

    @api.model
    def load_billing_demo(self, months=13):
        """Billing's demo (data XML): ``months`` months of readings, all but the current one billed.
        Only the administrator (the install) runs it."""
        self._check_demo_allowed()
        self._generate_readings(months)
        self._generate_bills()
        return True

    @api.model
    def _generate_readings(self, months=12, seed=2026):
        """A year of monthly readings of the demo utility, period after period.

        Every period: lots per route, sent to the field, readings written in batch SQL
        with seasonal consumption and a few anomalies of each kind, captured over the
        sector's reading window, validated, and the review queue decided. The last
        period (the current month) stays open: lots in the field or captured and
        readings waiting for the supervisor. Runs once: nothing is done when the
        company already has readings.
        """
        started = time.time()
        company = self.env.company
        Reading = self.env["water.reading"]
        if Reading.search_count([("company_id", "=", company.id)], limit=1):
            return 0
        company.water_billing_frequency = "monthly"
        self._demo_class_defaults()
        self._demo_link_reader()
        periods = self._demo_periods(months, company)
        rng = random.Random(seed)
        meters, factors = {}, {}
        admin = self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user
        supervisor = self.env["res.users"].search([("login", "=", DEMO_SUPERVISOR_LOGIN)], limit=1) or admin
        Lot = self.env["water.reading.lot"].with_context(tracking_disable=True)
        routes = self.env["water.route"].search([("company_id", "=", company.id)])
        total = 0
        for index, period in enumerate(periods):
            last = index == len(periods) - 1
            lots = Lot.browse(Lot._generate(period, routes).ids).sorted(
                lambda lot: (lot.sector_id.code, lot.route_id.code)
            )
            lots.action_send_to_field()
            if last:
                # a third of the routes still in the field (the demo reader's first one among them),
                # two captured and waiting for validation, the rest validated with their review queue
                position = {lot.id: pos for pos, lot in enumerate(lots)}
                in_field = lots.filtered(lambda lot, pos=position: lot.route_id == routes[:1] or pos[lot.id] % 3 == 0)
                captured_only = (lots - in_field)[-2:]
                to_validate = lots - in_field - captured_only
            else:
                in_field, to_validate, captured_only = Lot, lots, Lot
            total += self._demo_capture(period, lots, in_field, rng, meters, factors, admin)
            (to_validate | captured_only).action_mark_captured()
            to_validate.action_validate()
            if not last:
                self._demo_review(period, supervisor)
        self._demo_lot_dates(periods)
        self._demo_close_work_orders(periods[:-2])
        self.env.invalidate_all()
        _logger.info("Demo readings: %s readings in %s periods in %.1f s", total, len(periods), time.time() - started)
        return total

    @api.model
    def _generate_bills(self):
        """Bill every validated period of the demo, sector by sector on its calendar's billing and
        due dates, through the bill run (the bulk writer), oldest first. Runs once.

        Nothing is dated after today: a sector whose billing date is after today is billed today
        (its due date stays the calendar's, after today)."""
        started = time.time()
        company = self.env.company
        if self.env["water.bill.run"].search_count([("company_id", "=", company.id)], limit=1):
            return 0
        journal = self.env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            _logger.warning("Demo bills skipped: the company has no chart of accounts yet (see scripts/create_db.py)")
            return 0
        periods = self.env["water.billing.period"].search([("company_id", "=", company.id)], order="date_start")
        Run = self.env["water.bill.run"].with_context(tracking_disable=True, mail_notrack=True)
        today = fields.Date.context_today(self)
        bills = 0
        for period in periods:
            if not period.lot_ids or any(lot.state not in ("validated", "billed") for lot in period.lot_ids):
                continue
            for line in period.calendar_ids.sorted("billing_date"):
                run = Run.create(
                    {
                        "period_id": period.id,
                        "sector_ids": [(6, 0, line.sector_id.ids)],
                        "invoice_date": min(line.billing_date, today),
                        "due_date": max(line.due_date, min(line.billing_date, today)),
                        "journal_id": journal.id,
                    }
                )
                run._run()
                bills += run.bill_count
        self.env.invalidate_all()
        _logger.info("Demo bills: %s bills in %.1f s", bills, time.time() - started)
        return bills

    @api.model
    def _recompute_previous_balances(self):
        """The previous balance of each demo bill as it was on the bill's date: what earlier
        bills of the account still owed after the payments and credit notes made by then.

        The demo bills all periods first and pays them afterwards (collections' demo), so the
        balances stored by the bill run would count every earlier bill as unpaid."""
        self.env.flush_all()
        bills = self.env["account.move"].search_read(
            [
                ("water_contract_id", "!=", False),
                ("water_period_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.env.company.id),
            ],
            ["water_contract_id", "water_period_id", "invoice_date"],
        )
        groups = defaultdict(list)
        for bill in bills:
            groups[(bill["invoice_date"], bill["water_period_id"][0])].append(bill)
        updated = 0
        for (day, period_id), group in groups.items():
            contracts = self.env["water.contract"].browse({bill["water_contract_id"][0] for bill in group})
            balances = contracts._water_balances(
                date=day, exclude_period=self.env["water.billing.period"].browse(period_id)
            )
            self.env.cr.execute(
                SQL(
                    """
                UPDATE account_move m SET water_previous_balance = v.amount
                  FROM (VALUES %s) AS v(id, amount)
                 WHERE m.id = v.id
                    """,
                    SQL(", ").join(
                        SQL("(%s, %s::numeric)", bill["id"], balances.get(bill["water_contract_id"][0], 0.0))
                        for bill in group
                    ),
                )
            )
            updated += self.env.cr.rowcount
        self.env["account.move"].invalidate_model(["water_previous_balance"])
        return updated

    # ------------------------------------------------------------------ set-up
    def _demo_class_defaults(self):
        """Estimates of the big classes for accounts without history, so that their first period is not 'high'."""
        for service_class in self.env["water.service.class"].search([("code", "in", list(DEMO_CLASS_DEFAULTS))]):
            service_class.default_consumption = DEMO_CLASS_DEFAULTS[service_class.code]

    def _demo_link_reader(self):
        """The demo reader's user reads the first route; both demo users speak Spanish when it is installed."""
        Users = self.env["res.users"]
        users = Users.search([("login", "in", [DEMO_READER_LOGIN, DEMO_SUPERVISOR_LOGIN, "facturacion"])])
        reader_user = users.filtered(lambda u: u.login == DEMO_READER_LOGIN)
        route = self.env["water.route"].search([("company_id", "=", self.env.company.id)], limit=1)
        if reader_user and route.reader_id and not route.reader_id.user_id:
            linked = self.env["hr.employee"].search([("user_id", "=", reader_user.id)])
            linked.user_id = False
            route.reader_id.user_id = reader_user
        if users and self.env["res.lang"].search_count([("code", "=", "es_MX")]):
            users.write({"lang": "es_MX", "tz": "America/Mexico_City"})

    def _demo_periods(self, months, company):
        """Monthly periods of the last `months` months up to the current one, with their calendar.

        generate_year makes whole years: the months before the first one are dropped (the
        utility started reading with this system then); later months stay planned.
        """
        today = fields.Date.context_today(self)
        last_start = today.replace(day=1)
        first_start = last_start - relativedelta(months=months - 1)
        Period = self.env["water.billing.period"]
        created = Period
        for year in range(first_start.year, last_start.year + 1):
            created |= Period.generate_year(year, "monthly", company)
        created.filtered(lambda p: p.date_start < first_start and not p.lot_ids).unlink()
        return Period.search(
            [("company_id", "=", company.id), ("date_start", ">=", first_start), ("date_start", "<=", last_start)],
            order="date_start",
        )

    # ------------------------------------------------------------------ capture
    def _demo_capture(self, period, lots, in_field, rng, meters, factors, admin):
        """Write every reading of the period (some left pending in `in_field` lots) in one SQL update."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT r.id, r.lot_id, r.contract_id, r.previous_reading, r.average_consumption, sc.code,
                   r.reader_user_id, cal.reading_date_start, cal.reading_date_end
              FROM water_reading r
              JOIN water_contract c ON c.id = r.contract_id
              JOIN water_service_class sc ON sc.id = c.service_class_id
              JOIN water_reading_lot l ON l.id = r.lot_id
              LEFT JOIN water_billing_calendar cal ON cal.period_id = l.period_id AND cal.sector_id = l.sector_id
             WHERE r.lot_id = ANY(%s)
          ORDER BY l.sector_id, l.route_id, r.route_sequence, r.id
            """,
                lots.ids,
            )
        )
        rows = self.env.cr.fetchall()
        # lots still in the field: the reader has done the first two thirds of the route
        by_lot = {}
        for row in rows:
            by_lot.setdefault(row[1], []).append(row)
        skipped = set()
        for lot_id in in_field.ids:
            lot_rows = by_lot.get(lot_id, [])
            skipped.update(row[0] for row in lot_rows[int(len(lot_rows) * 0.65) :])
        captured = [row for row in rows if row[0] not in skipped]
        special = self._demo_pick_anomalies(captured, rng, meters)
        obs = {code: self.env.ref(f"water_billing.observation_{code}").id for code in ("01", "02", "03", "04")}
        season = DEMO_SEASON[period.date_start.month]
        now = fields.Datetime.now()
        channels = {}
        values = []
        for reading_id, lot_id, contract_id, previous, average, class_code, user_id, day_from, day_to in rows:
            base = DEMO_CLASS_CONSUMPTION.get(class_code, 18.0)
            if contract_id not in factors:
                factors[contract_id] = rng.uniform(0.67, 1.39) if class_code == "DOM" else rng.uniform(0.6, 1.6)
            if contract_id not in meters:
                meters[contract_id] = int(previous or 0)
            kind = special.get(reading_id)
            used = max(1, round(base * factors[contract_id] * season * rng.gauss(1.0, 0.1)))
            if kind in ("zero", "obs_01"):
                used = rng.choice([0, 0, 1]) if kind == "obs_01" else 0
            elif kind == "high":
                used = max(used, round(5 * (average or base) * rng.uniform(0.95, 1.15)))
            meters[contract_id] += used  # the meter turns whether or not it is read
            if reading_id in skipped:
                continue
            text, observation = str(meters[contract_id]), None
            if kind in ("obs_02", "obs_03", "obs_04"):
                text, observation = None, obs[kind[-2:]]
            elif kind == "obs_01":
                observation = obs["01"]
            elif kind == "lower":
                text = str(max(0, int(previous) - rng.randint(8, 60)))
            elif kind == "text":
                text = rng.choice(["s/l", "S/L", "ilegible"])
            if lot_id not in channels:
                channels[lot_id] = "mobile" if user_id else rng.choice(["list", "list", "import"])
            capture_date = self._demo_capture_date(rng, day_from or period.date_end, day_to or period.date_end, now)
            user = user_id or admin.id
            values.append((reading_id, text, observation, DEMO_NOTES.get(kind), capture_date, user, channels[lot_id]))
        self._demo_write_captures(values)
        return len(rows)

    @api.model
    def _demo_pick_anomalies(self, rows, rng, meters):
        """{reading id: kind} for a few readings of each kind, never two kinds on one reading.

        A lower reading needs a previous one to go below; a high one an average; a zero an
        account whose last period was read (not estimated), so that the meter shows zero.
        """
        pool = list(rows)
        rng.shuffle(pool)
        special = {}
        for kind, count in DEMO_ANOMALIES:
            picked = 0
            for row in pool:
                if picked == count:
                    break
                reading_id, contract_id, previous, average = row[0], row[2], row[3] or 0.0, row[4] or 0.0
                if (
                    reading_id in special
                    or (kind == "lower" and previous < 70)
                    or (kind == "high" and not average)
                    or (kind == "zero" and meters.get(contract_id, int(previous)) != int(previous))
                ):
                    continue
                special[reading_id] = kind
                picked += 1
        return special

    @api.model
    def _demo_capture_date(self, rng, day_from, day_to, now):
        """A working hour of a day of the reading window; a window that ends after today ends today."""
        today = now.date()
        if day_to > today:
            day_from, day_to = today - timedelta(days=min(2, (day_to - day_from).days)), today
        day = day_from + timedelta(days=rng.randint(0, max(0, (day_to - day_from).days)))
        moment = datetime.combine(day, dtime(WORK_START_UTC)) + timedelta(seconds=rng.randint(0, WORK_HOURS * 3600))
        while moment > now:  # today's working hours are not over (or not begun): the day before
            moment -= timedelta(days=1)
        return moment

    def _demo_write_captures(self, values):
        if not values:
            return
        rows = SQL(", ").join(SQL("(%s, %s, %s::integer, %s, %s::timestamp, %s::integer, %s)", *row) for row in values)
        self.env.cr.execute(
            SQL(
                """
            UPDATE water_reading r
               SET reading_text = v.text, observation_id = v.observation, reader_note = v.note,
                   capture_date = v.moment, captured_by_id = v.user_id, capture_channel = v.channel,
                   state = 'captured', anomaly = NULL, write_uid = %s, write_date = (now() at time zone 'UTC')
              FROM (VALUES %s) AS v(id, text, observation, note, moment, user_id, channel)
             WHERE r.id = v.id
            """,
                self.env.uid,
                rows,
            )
        )
        self.env["water.reading"].invalidate_model()

    # ------------------------------------------------------------------ review and closing
    def _demo_review(self, period, supervisor):
        """The supervisor decides the queue: measured for high and zero consumption, estimate for the rest."""
        Reading = self.env["water.reading"].with_user(supervisor).with_context(tracking_disable=True)
        queue = Reading.search([("period_id", "=", period.id), ("state", "=", "to_review")])
        accept = queue.filtered(lambda r: r.anomaly in ("high_consumption", "zero_occupied"))
        if accept:
            accept.action_accept_measured()
        if queue - accept:
            (queue - accept).action_use_estimate()

    def _demo_lot_dates(self, periods):
        """Lot dates on the sector's calendar instead of the moment the demo was made.

        Sent the day before the reading window, captured at its end, validated the day after;
        never in the future and never after the lot's first capture (for a window that ends after today).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            UPDATE water_reading_lot l
               SET date_sent = LEAST(c.reading_date_start - interval '1 day' + interval '13 hours',
                                     r.first_capture - interval '2 hours', l.date_sent),
                   date_captured = CASE WHEN l.date_captured IS NOT NULL
                       THEN LEAST(c.reading_date_end + interval '22 hours', l.date_captured,
                                  GREATEST(r.last_capture + interval '1 hour', l.date_captured - interval '1 hour'))
                       END,
                   date_validated = CASE WHEN l.date_validated IS NOT NULL
                       THEN LEAST(c.reading_date_end + interval '1 day' + interval '16 hours', l.date_validated) END
              FROM water_billing_calendar c,
                   (SELECT lot_id, min(capture_date) AS first_capture, max(capture_date) AS last_capture
                      FROM water_reading WHERE period_id = ANY(%s) GROUP BY lot_id) r
             WHERE c.period_id = l.period_id AND c.sector_id = l.sector_id AND r.lot_id = l.id
            """,
                periods.ids,
            )
        )
        self.env["water.reading.lot"].invalidate_model()

    def _demo_close_work_orders(self, periods):
        """Work orders of the older periods were done a few days after the reading."""
        orders = self.env["water.work.order"].search(
            [("reading_id.period_id", "in", periods.ids), ("state", "=", "open")]
        )
        for period in periods:
            done = orders.filtered(lambda o, p=period: o.reading_id.period_id == p)
            if done:
                done.with_context(tracking_disable=True).write(
                    {"state": "done", "date_done": period.date_end + timedelta(days=5), "date": period.date_end}
                )
