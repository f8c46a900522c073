import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.water_registry.utils.account_number import normalize_account_number

from ..utils.reading_file import LotKnown, validate_reading_rows

_lt = LazyTranslate(__name__)

ERROR_MESSAGES = {
    "account_column_missing": _lt("the file has no account column (cuenta or account). Columns found: %(found)s"),
    "capture_columns_missing": _lt(
        "the file has neither a reading column (lectura or reading) nor an observation column "
        "(clave, observacion or observation). Columns found: %(found)s"
    ),
    "account_missing": _lt("the account number is missing"),
    "account_not_in_lot": _lt("account %(account)s is not in this reading lot (%(lot)s)"),
    "account_repeated": _lt("account %(account)s is repeated (also in row %(row)s)"),
    "observation_unknown": _lt("unknown observation code «%(code)s»"),
    "nothing_captured": _lt("the row has neither a reading nor an observation code"),
    "date_invalid": _lt("«%(value)s» is not a date (use dd/mm/yyyy hh:mm or yyyy-mm-dd hh:mm)"),
}
IMPORT_LOT_STATES = ("field", "captured")
CAPTURED_FIELDS = [
    "reading_text",
    "observation_id",
    "reader_note",
    "state",
    "anomaly",
    "capture_channel",
    "capture_date",
    "captured_by_id",
]
SQL_BATCH = 1000


class WaterReadingImport(models.TransientModel):
    _name = "water.reading.import"
    _description = "Import of the readings of a lot from a handheld file (CSV or XLSX)"
    _inherit = ["water.import.mixin"]
    _import_title = _lt("Import handheld file")
    _import_file_prompt = _lt("Choose the CSV or XLSX file exported by the handheld.")
    _import_error_messages = ERROR_MESSAGES

    lot_id = fields.Many2one(
        "water.reading.lot", string="Reading lot", required=True, readonly=True, ondelete="cascade"
    )
    captured_count = fields.Integer(string="Readings captured", readonly=True)
    unchanged_count = fields.Integer(
        string="Readings unchanged", readonly=True, help="Already captured with the same values: left as they were."
    )
    pending_count = fields.Integer(string="Readings still pending", readonly=True)
    line_ids = fields.One2many("water.reading.import.line", "import_id", string="Problems found", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "lot_id" in fields_list and not values.get("lot_id") and context.get("active_model") == "water.reading.lot":
            values["lot_id"] = context.get("active_id")
        return values

    def action_open_readings(self):
        self.ensure_one()
        return self.lot_id.action_open_capture()

    # ---------------------------------------------------------------- checks
    def _check_allowed(self):
        if not self.env.su and not self.env.user.has_group("water_billing.group_water_reading_supervisor"):
            raise AccessError(_("Only the reading supervisor imports handheld files."))
        lot = self.lot_id
        if lot.state not in IMPORT_LOT_STATES:
            state = dict(lot._fields["state"]._description_selection(self.env))[lot.state]
            raise UserError(
                _(
                    "Lot %(lot)s is %(state)s: a handheld file can only be imported while the lot is in the field "
                    "or captured.",
                    lot=lot.name,
                    state=state,
                )
            )
        lot.check_access("write")

    # ---------------------------------------------------------------- reading and validation
    def _lot_readings(self):
        """The lot's readings by account number: id and what is captured now (one query)."""
        Reading = self.env["water.reading"]
        Reading.check_access("write")
        readings = Reading.search([("lot_id", "=", self.lot_id.id)])
        readings.check_access("write")
        Reading.flush_model(["lot_id", "contract_id", *CAPTURED_FIELDS])
        self.env.cr.execute(
            SQL(
                """
            SELECT c.number, r.id, COALESCE(r.reading_text, ''), o.code, r.reader_note, r.state
              FROM water_reading r
              JOIN water_contract c ON c.id = r.contract_id
              LEFT JOIN water_observation_code o ON o.id = r.observation_id
             WHERE r.id = ANY(%s)
            """,
                readings.ids,
            )
        )
        return {
            normalize_account_number(number): {
                "id": rid,
                "reading": text,
                "observation": code,
                "note": note,
                "state": state,
            }
            for number, rid, text, code, note, state in self.env.cr.fetchall()
        }

    def _observation_ids(self):
        codes = self.env["water.observation.code"].search_read([], ["code"])
        return {c["code"]: c["id"] for c in codes}

    def _validate(self):
        """The rows of the file, each with the lot's reading it captures (``reading_id``) and whether
        that reading already has the same values (``unchanged``)."""
        headers, data = self._read_table()
        readings = self._lot_readings()
        known = LotKnown(accounts=set(readings), observations=set(self._observation_ids()))
        clean, errors = validate_reading_rows(headers, data, known)
        for row in clean:
            current = readings[row["account"]]
            row.update(reading_id=current["id"], unchanged=self._unchanged(row, current))
        return clean, errors

    @api.model
    def _unchanged(self, row, current):
        """Already captured with the values of the row: importing the same file twice changes nothing."""
        return (
            current["state"] != "pending"
            and current["reading"] == row["reading"]
            and current["observation"] == row["observation"]
            and (row["note"] is None or row["note"] == current["note"])
        )

    def _error_params(self, params):
        return dict(super()._error_params(params), lot=self.lot_id.name)

    def _valid_summary(self, clean):
        unchanged = len([row for row in clean if row["unchanged"]])
        return _(
            "All %(count)s rows are valid: %(new)s readings will be captured, %(unchanged)s already have the same "
            "values. Press Import to capture them.",
            count=len(clean),
            new=len(clean) - unchanged,
            unchanged=unchanged,
        )

    def _report_values(self, clean):
        return {"unchanged_count": len([row for row in clean if row["unchanged"]])}

    # ---------------------------------------------------------------- capture
    def _import_rows(self, clean):
        changed = [row for row in clean if not row["unchanged"]]
        self._capture(changed)
        pending = self.env["water.reading"].search_count([("lot_id", "=", self.lot_id.id), ("state", "=", "pending")])
        summary = _(
            "%(captured)s readings captured from %(file)s, %(unchanged)s already had the same values.",
            captured=len(changed),
            file=self.file_name or _("the file"),
            unchanged=len(clean) - len(changed),
        )
        if pending:
            summary += " " + _("%s readings of the lot still have neither a reading nor an observation code.", pending)
        self.lot_id.message_post(
            body=_("Handheld file %(file)s imported: %(summary)s", file=self.file_name or "", summary=summary)
        )
        return {
            "captured_count": len(changed),
            "unchanged_count": len(clean) - len(changed),
            "pending_count": pending,
            "summary": summary,
        }

    def _to_utc(self, local):
        """The handheld's clock is local time: store it in UTC like every Odoo datetime."""
        tz_name = self.env.context.get("tz") or self.env.user.tz or self.env.company.partner_id.tz or "UTC"
        try:
            zone = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        return zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _capture(self, rows):
        """Capture the rows in a few SQL updates, like a reader would (state captured, anomaly cleared)."""
        if not rows:
            return
        observation_ids = self._observation_ids()
        now = fields.Datetime.now()
        Reading = self.env["water.reading"]
        records = Reading.browse([row["reading_id"] for row in rows])
        records.modified(CAPTURED_FIELDS, before=True)
        for start in range(0, len(rows), SQL_BATCH):
            values = SQL(", ").join(
                SQL(
                    "(%s, %s, %s::integer, %s, %s::timestamp)",
                    row["reading_id"],
                    row["reading"] or None,
                    observation_ids[row["observation"]] if row["observation"] else None,
                    row["note"],
                    self._to_utc(row["date"]) if row["date"] else now,
                )
                for row in rows[start : start + SQL_BATCH]
            )
            self.env.cr.execute(
                SQL(
                    """
                UPDATE water_reading r
                   SET reading_text = v.reading, observation_id = v.observation,
                       reader_note = COALESCE(v.note, r.reader_note),
                       state = 'captured', anomaly = NULL, capture_channel = 'import',
                       capture_date = v.capture_date, captured_by_id = %s,
                       write_uid = %s, write_date = (now() at time zone 'UTC')
                  FROM (VALUES %s) AS v(id, reading, observation, note, capture_date)
                 WHERE r.id = v.id AND r.state != 'billed'
                    """,
                    self.env.uid,
                    self.env.uid,
                    values,
                )
            )
            if self.env.cr.rowcount != len(rows[start : start + SQL_BATCH]):
                raise UserError(_("Some readings of the lot were billed meanwhile: import the file again."))
        records.invalidate_recordset([*CAPTURED_FIELDS, "write_uid", "write_date"])
        records.modified(CAPTURED_FIELDS)
