import logging
import random

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# planted in the demo readings: kind -> (accounts, periods changed, share of the usual consumption per period)
DEMO_PLANTS = (
    ("leak", 4, 3, lambda step: 3.0),
    ("slow_leak", 2, 6, lambda step: 1 + 0.4 * (step + 1)),
    ("stopped", 3, 4, lambda step: 0.0),
    ("tampering", 2, 3, lambda step: 0.25),
    ("flat", 1, 7, None),  # the same figure every period
)
DEMO_NEIGHBOURS = 5  # an illegal connection: neighbours on one route at 30 % of their usual
DEMO_NOTES = {
    "leak": "Fuga en la cisterna, se notificó al usuario",
    "slow_leak": "Fuga en el tinaco: el flotador no cierra",
    "stopped": "Medidor frenado, se cambió",
    "tampering": "Medidor con el sello roto y la carátula manipulada",
    "flat": "El lecturista copiaba la lectura: medidor enterrado",
    "neighbours": "Toma clandestina en la esquina que alimenta a los vecinos",
}


class WaterDemoGenerator(models.AbstractModel):
    _inherit = "water.demo.generator"

    @api.model
    def load_anomaly_demo(self, seed=2615):
        """Plant loss and anomaly cases in the demo readings, score them and record a few inspections.

        Readings of planted accounts are rewritten in SQL (consumption, reading and the next periods' previous
        readings); their bills keep the volume they were billed for. Runs once."""
        self._check_demo_allowed()
        if self.env["water.anomaly.run"].search_count([], limit=1):
            return False
        planted = self._demo_plant_anomalies(random.Random(seed))
        if not planted:
            return False
        run = self.env["water.anomaly.run"].create({"period_count": 24})
        run._run_now()
        self._demo_inspections(run, planted)
        _logger.info("Demo anomalies: %s planted, %s cases", len(planted), run.case_count)
        return True

    def _demo_readings(self):
        """{contract id: [(reading id, period start, state, basis, consumption, previous, value)]} of the active
        domestic metered accounts whose validated readings are all measured."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT r.contract_id, r.id, p.date_start, r.state, r.basis, r.consumption, r.previous_reading,
                   r.reading_value, c.route_id, c.route_sequence
              FROM water_reading r
              JOIN water_billing_period p ON p.id = r.period_id
              JOIN water_contract c ON c.id = r.contract_id
              JOIN water_service_class sc ON sc.id = c.service_class_id
             WHERE c.company_id = %s AND c.state = 'active' AND c.is_metered AND sc.code = 'DOM'
               AND NOT EXISTS (SELECT 1 FROM water_reading o
                                WHERE o.contract_id = c.id AND o.state IN ('valid', 'billed', 'to_review')
                                  AND (o.basis IS DISTINCT FROM 'measured' OR o.state = 'to_review'))
          ORDER BY c.route_id, c.route_sequence, r.contract_id, p.date_start
            """,
                self.env.company.id,
            )
        )
        readings, places = {}, {}
        for contract_id, *row, route_id, sequence in self.env.cr.fetchall():
            readings.setdefault(contract_id, []).append(tuple(row))
            places[contract_id] = (route_id, sequence)
        return readings, places

    def _demo_plant_anomalies(self, rng):
        readings, places = self._demo_readings()
        full = max((len(rows) for rows in readings.values()), default=0)
        candidates = [cid for cid, rows in readings.items() if len(rows) == full and full >= 10]
        if len(candidates) < 40:
            return {}
        planted, changes = {}, {}
        # the neighbours: the first accounts in consecutive positions of a route, all of them candidates
        neighbours = self._demo_neighbours(set(candidates))
        if not neighbours:
            return {}
        route = places[neighbours[0]][0]
        for contract_id in neighbours:
            planted[contract_id] = "neighbours"
            changes[contract_id] = (3, lambda step: 0.3)
        pool = [cid for cid in candidates if places[cid][0] != route]
        rng.shuffle(pool)
        for kind, count, periods, share in DEMO_PLANTS:
            for contract_id in pool[:count]:
                planted[contract_id] = kind
                changes[contract_id] = (periods, share)
            pool = pool[count:]
        values = []
        for contract_id, (periods, share) in changes.items():
            rows = readings[contract_id]
            validated = [i for i, row in enumerate(rows) if row[2] in ("valid", "billed")]
            usual = sorted(row[4] for row in rows if row[2] in ("valid", "billed"))[len(validated) // 2]
            targets = validated[-periods:]
            previous = rows[0][5] or 0.0
            for position, (reading_id, _start, state, _basis, consumption, _prev, _value) in enumerate(rows):
                if position in targets:
                    step = targets.index(position)
                    consumption = round(usual) if share is None else round(usual * share(step))
                if state in ("valid", "billed"):
                    value = previous + (consumption or 0.0)
                    values.append((reading_id, previous, consumption, value))
                    previous = value
                else:  # the current period, still in the field or to validate
                    values.append((reading_id, previous, None, None))
        rows = SQL(", ").join(SQL("(%s, %s::numeric, %s::numeric, %s::numeric)", *row) for row in values)
        self.env.cr.execute(
            SQL(
                """
            UPDATE water_reading r
               SET previous_reading = v.previous,
                   consumption = COALESCE(v.consumption, r.consumption),
                   measured_consumption = COALESCE(v.consumption, r.measured_consumption),
                   reading_value = COALESCE(v.value, r.reading_value),
                   reading_text = CASE WHEN v.value IS NULL THEN r.reading_text ELSE round(v.value)::text END
              FROM (VALUES %s) AS v(id, previous, consumption, value)
             WHERE r.id = v.id
            """,
                rows,
            )
        )
        self.env["water.reading"].invalidate_model()
        return planted

    def _demo_neighbours(self, candidates):
        self.env.cr.execute(
            SQL(
                """
            SELECT c.id, c.route_id FROM water_contract c
             WHERE c.company_id = %s AND c.is_metered AND c.state IN ('active', 'suspended', 'cut')
          ORDER BY c.route_id DESC, c.route_sequence, c.id
                """,
                self.env.company.id,
            )
        )
        run, route = [], None
        for contract_id, route_id in self.env.cr.fetchall():
            if route_id != route or contract_id not in candidates:
                run, route = [], route_id
                if contract_id not in candidates:
                    continue
            run.append(contract_id)
            if len(run) == DEMO_NEIGHBOURS:
                return run
        return []

    def _demo_inspections(self, run, planted):
        """The first cases sent to inspection; the inspectors' findings on most of them."""
        cases = run.case_ids.sorted("rank")[:16]
        cases.action_order_inspection()
        for index, case in enumerate(cases):
            kind = planted.get(case.contract_id.id)
            if index % 5 == 4:
                continue  # still in the field
            if kind is None:
                case.outcome_note = "Sin anomalía: consumo por visitas en temporada"
                case.action_nothing_found()
            elif kind in ("leak", "slow_leak"):
                case.outcome_note = DEMO_NOTES[kind]
                case.action_confirm_leak()
            else:
                case.outcome_note = DEMO_NOTES[kind]
                case.action_confirm_tampering()
