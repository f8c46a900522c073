import base64

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..utils.tables import TableError, read_table

_lt = LazyTranslate(__name__)

MAX_REPORTED_ERRORS = 5000
# why a cell is not a number (the codes of utils.tables.NUMBER_REASONS), for the problem lines
NUMBER_REASONS = {
    "not_a_number": _lt("it is not a number"),
    "grouping": _lt("the thousands are not grouped by three digits"),
    "ambiguous": _lt("the separators can be read more than one way"),
    "not_integer": _lt("a whole number is expected"),
    "decimal_places": _lt("it has too many decimal places"),
}


class WaterImportLineMixin(models.AbstractModel):
    """A problem found in a row of an imported file; each wizard's line model adds ``import_id``."""

    _name = "water.import.line.mixin"
    _description = "Problem found in a row of an imported file"
    _order = "row_number, id"

    row_number = fields.Integer(string="Row")
    message = fields.Char(string="Problem")


class WaterImportMixin(models.AbstractModel):
    """What the file import wizards share: the file, the check (a dry run) and the import (all or
    nothing), the counts and summary, the problems listed by row, the wizard reopened on its result.

    A wizard using it has ``line_ids`` (its problem lines, a ``water.import.line.mixin`` with
    ``import_id``), names its title in ``_import_title``, what to ask for when no file is given
    in ``_import_file_prompt`` and the message of each error code in ``_import_error_messages``
    (LazyTranslate), and implements:

    - ``_validate()`` -> ``(clean rows, errors)``, errors ``(row_no, code, params)``: row 0 is
      the file itself, row 1 its header, from 2 on its data rows;
    - ``_valid_summary(clean)``: what a check of a file without problems says;
    - ``_import_rows(clean)``: does the import and returns the values to write on the wizard
      (``summary`` among them); it runs in a savepoint: whatever fails leaves nothing behind;

    and may override ``_check_allowed()``, ``_error_params(params)``, ``_report_values(clean)``
    and ``_import_failure(exc)``.
    """

    _name = "water.import.mixin"
    _description = "File import wizard"
    _import_title = None
    _import_file_prompt = None
    _import_error_messages = None

    file_data = fields.Binary(string="File", attachment=False)
    file_name = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("checked", "Checked"), ("done", "Imported")], default="upload", required=True
    )
    row_count = fields.Integer(string="Rows read", readonly=True)
    valid_count = fields.Integer(string="Valid rows", readonly=True)
    error_count = fields.Integer(string="Problems", readonly=True)
    summary = fields.Text(readonly=True)

    # ---------------------------------------------------------------- actions
    def action_check(self):
        """Dry run: validate every row and report, write nothing."""
        self.ensure_one()
        self._check_allowed()
        clean, errors = self._validate()
        self._report(clean, errors, dry_run=True)
        return self._reopen()

    def action_import(self):
        """Validate every row; import every row, or nothing when any row is wrong."""
        self.ensure_one()
        self._check_allowed()
        clean, errors = self._validate()
        if errors or not clean:
            self._report(clean, errors, dry_run=False)
            return self._reopen()
        try:
            with self.env.cr.savepoint():
                values = self._import_rows(clean)
                self.env.flush_all()
        except Exception as exc:
            raise UserError(self._import_failure(exc)) from exc
        self.write({"state": "done", "row_count": len(clean), "valid_count": len(clean), "error_count": 0, **values})
        self.line_ids.unlink()
        return self._reopen()

    # ---------------------------------------------------------------- hooks
    def _check_allowed(self):
        """Raise when the user may not import this file (the model's access rights aside)."""

    def _validate(self):
        raise NotImplementedError

    def _valid_summary(self, clean):
        raise NotImplementedError

    def _import_rows(self, clean):
        raise NotImplementedError

    def _report_values(self, clean):
        """Further values written on the wizard by a check."""
        return {}

    def _import_failure(self, exc):
        """The message of an import that failed half-way (everything was rolled back)."""
        return _("The import failed and nothing was saved: %s", exc)

    # ---------------------------------------------------------------- the file
    def _content(self):
        return base64.b64decode(self.file_data)

    def _read_table(self):
        """(headers, data rows) of the file; a clear error when there is none or it is not a table."""
        if not self.file_data:
            raise UserError(self.env._(self._import_file_prompt))
        try:
            return read_table(self._content(), self.file_name)
        except TableError as exc:
            raise UserError(str(exc)) from exc

    # ---------------------------------------------------------------- messages
    def _error_text(self, code, params):
        """The translated message of an error."""
        return self.env._(self._import_error_messages[code]) % self._error_params(params)

    def _error_params(self, params):
        """The values of an error's message: the reason a cell is not a number (``reason``) translated."""
        reason = NUMBER_REASONS.get(params.get("reason"))
        return dict(params, reason=self.env._(reason)) if reason else params

    # ---------------------------------------------------------------- the report
    def _report(self, clean, errors, dry_run):
        """Write the counts, the summary and the problem lines of a checked file."""
        bad_rows = {row_no for row_no, _code, _params in errors if row_no > 1}
        more = self._list_problems(errors)
        whole_file = [self._error_text(code, params) for row_no, code, params in errors if row_no <= 1]
        if whole_file:
            summary = _("Nothing can be imported: %s.", "; ".join(whole_file))
        elif errors:
            summary = self._problems_summary(len(bad_rows), len(clean), dry_run)
        elif not clean:
            summary = _("The file has no rows to import.")
        else:
            summary = self._valid_summary(clean)
        self.write(
            {
                "state": "checked",
                "row_count": len(clean) + len(bad_rows),
                "valid_count": len(clean),
                "error_count": len(errors),
                "summary": summary + more,
                **self._report_values(clean),
            }
        )

    def _list_problems(self, errors):
        """List the errors ``(row_no, code, params)`` in place of the previous ones (the first
        MAX_REPORTED_ERRORS); return what to add to the summary when some are left out."""
        self.line_ids.unlink()
        self.env[self._fields["line_ids"].comodel_name].create(
            [
                {"import_id": self.id, "row_number": row_no, "message": self._error_text(code, params)}
                for row_no, code, params in errors[:MAX_REPORTED_ERRORS]
            ]
        )
        if len(errors) > MAX_REPORTED_ERRORS:
            return " " + _("Only the first %s problems are listed.", MAX_REPORTED_ERRORS)
        return ""

    def _problems_summary(self, bad, good, dry_run):
        """The summary of a file with bad rows: a dry run tells what to correct, an import that
        kept nothing says so."""
        if dry_run:
            return _(
                "%(bad)s rows have problems and %(good)s are valid. Correct the file and check it again.",
                bad=bad,
                good=good,
            )
        return _(
            "Nothing was imported: %(bad)s rows have problems. Correct them and import the whole file again.",
            bad=bad,
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._(self._import_title),
        }
