from odoo import _, models

MAX_REPORTED_ERRORS = 5000


class WaterImportMixin(models.AbstractModel):
    """What the file import wizards share: the problems listed by row, and the wizard reopened on its result.

    A wizard using it has ``line_ids`` (its problem lines: ``import_id``, ``row_number``, ``message``),
    names their model in ``_import_line_model``, its title in ``_import_title`` (a LazyTranslate) and
    turns an error code into a message with ``_error_text(code, params)``.
    """

    _name = "water.import.mixin"
    _description = "File import wizard: problems by row"
    _import_line_model = None
    _import_title = None

    def _list_problems(self, errors):
        """List the errors ``(row_no, code, params)`` in place of the previous ones (the first
        MAX_REPORTED_ERRORS); return what to add to the summary when some are left out."""
        self.line_ids.unlink()
        self.env[self._import_line_model].create(
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

    def _error_text(self, code, params):
        raise NotImplementedError

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._(self._import_title),
        }
