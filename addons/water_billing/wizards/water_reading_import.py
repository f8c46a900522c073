import base64

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.water_registry.utils.tables import TableError, read_table

from ..utils.reading_file import LotKnown, normalize_account, validate_reading_rows

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
    _import_line_model = "water.reading.import.line"
    _import_title = _lt("Import handheld file")

    lot_id = fields.Many2one(
        "water.reading.lot", string="Reading lot", required=True, readonly=True, ondelete="cascade"
    )
    file_data = fields.Binary(string="File", attachment=False)
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Imported")], default="upload", required=True
    )
    row_count = fields.Integer(string="Rows read", readonly=True)
    valid_count = fields.Integer(string="Valid rows", readonly=True)
    error_count = fields.Integer(string="Problems", readonly=True)
    captured_count = fields.Integer(string="Readings captured", readonly=True)
    unchanged_count = fields.Integer(
        string="Readings unchanged", readonly=True, help="Already captured with the same values: left as they were."
    )
    pending_count = fields.Integer(string="Readings still pending", readonly=True)
    summary = fields.Text(readonly=True)
    line_ids = fields.One2many("water.reading.import.line", "import_id", string="Problems found", readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if "lot_id" in fields_list and not values.get("lot_id") and context.get("active_model") == "water.reading.lot":
            values["lot_id"] = context.get("active_id")
        return values

    # ---------------------------------------------------------------- actions
    def action_check(self):
        """Dry run: validate every row and report, write nothing."""
        self.ensure_one()
        self._check_allowed()
        (clean, errors), readings = self._validate()
        self._report(clean, errors, readings, dry_run=True)
        return self._reopen()

    def action_import(self):
        """Validate every row; capture every reading, or nothing when any row is wrong."""
        self.ensure_one()
        self._check_allowed()
        (clean, errors), readings = self._validate()
        if errors:
            self._report(clean, errors, readings, dry_run=False)
            return self._reopen()
        changed = [row for row in clean if not self._unchanged(row, readings[row["account"]])]
        try:
            with self.env.cr.savepoint():
                self._capture(changed, readings)
        except Exception as exc:
            raise UserError(_("The import failed and nothing was saved: %s", exc)) from exc
        pending = self.env["water.reading"].search_count([("lot_id", "=", self.lot_id.id), ("state", "=", "pending")])
        summary = _(
            "%(captured)s readings captured from %(file)s, %(unchanged)s already had the same values.",
            captured=len(changed),
            file=self.file_name or _("the file"),
            unchanged=len(clean) - len(changed),
        )
        if pending:
            summary += " " + _("%s readings of the lot still have neither a reading nor an observation code.", pending)
        self.write(
            {
                "state": "done",
                "row_count": len(clean),
                "valid_count": len(clean),
                "error_count": 0,
                "captured_count": len(changed),
                "unchanged_count": len(clean) - len(changed),
                "pending_count": pending,
                "summary": summary,
            }
        )
        self.line_ids.unlink()
        self.lot_id.message_post(
            body=_("Handheld file %(file)s imported: %(summary)s", file=self.file_name or "", summary=summary)
        )
        return self._reopen()

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
    def _read_table(self):
        if not self.file_data:
            raise UserError(_("Choose the CSV or XLSX file exported by the handheld."))
        try:
            return read_table(base64.b64decode(self.file_data), self.file_name)
        except TableError as exc:
            raise UserError(str(exc)) from exc

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
            normalize_account(number): {"id": rid, "reading": text, "observation": code, "note": note, "state": state}
            for number, rid, text, code, note, state in self.env.cr.fetchall()
        }

    def _observation_ids(self):
        codes = self.env["water.observation.code"].search_read([], ["code"])
        return {c["code"]: c["id"] for c in codes}

    def _validate(self):
        headers, data = self._read_table()
        readings = self._lot_readings()
        known = LotKnown(accounts=set(readings), observations=set(self._observation_ids()))
        return validate_reading_rows(headers, data, known), readings

    @api.model
    def _unchanged(self, row, current):
        """Already captured with the values of the row: importing the same file twice changes nothing."""
        return (
            current["state"] != "pending"
            and current["reading"] == row["reading"]
            and current["observation"] == row["observation"]
            and (row["note"] is None or row["note"] == current["note"])
        )

    def _error_text(self, code, params):
        return self.env._(ERROR_MESSAGES[code]) % dict(params, lot=self.lot_id.name)

    def _report(self, clean, errors, readings, dry_run):
        bad_rows = {row_no for row_no, _code, _params in errors if row_no > 1}
        more = self._list_problems(errors)
        unchanged = len([row for row in clean if self._unchanged(row, readings[row["account"]])])
        if not errors:
            summary = _(
                "All %(count)s rows are valid: %(new)s readings will be captured, %(unchanged)s already have the same "
                "values. Press Import to capture them.",
                count=len(clean),
                new=len(clean) - unchanged,
                unchanged=unchanged,
            )
        else:
            summary = self._problems_summary(len(bad_rows), len(clean), dry_run)
        if any(row_no == 1 for row_no, _code, _params in errors):
            summary = _("Nothing can be imported: the columns of the file are not those of a handheld file.")
        summary += more
        self.write(
            {
                "state": "checked",
                "row_count": len(clean) + len(bad_rows),
                "valid_count": len(clean),
                "error_count": len(errors),
                "unchanged_count": unchanged,
                "summary": summary,
            }
        )

    # ---------------------------------------------------------------- capture
    def _to_utc(self, local):
        """The handheld's clock is local time: store it in UTC like every Odoo datetime."""
        tz_name = self.env.context.get("tz") or self.env.user.tz or self.env.company.partner_id.tz or "UTC"
        try:
            zone = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        return zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _capture(self, rows, readings):
        """Capture the rows in a few SQL updates, like a reader would (state captured, anomaly cleared)."""
        if not rows:
            return
        observation_ids = self._observation_ids()
        now = fields.Datetime.now()
        Reading = self.env["water.reading"]
        records = Reading.browse([readings[row["account"]]["id"] for row in rows])
        records.modified(CAPTURED_FIELDS, before=True)
        for start in range(0, len(rows), SQL_BATCH):
            values = SQL(", ").join(
                SQL(
                    "(%s, %s, %s::integer, %s, %s::timestamp)",
                    readings[row["account"]]["id"],
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
