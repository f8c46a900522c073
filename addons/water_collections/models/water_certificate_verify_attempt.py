from datetime import timedelta

from odoo import api, fields, models

from ..utils import certificate as certificate_utils

KEEP_DAYS = 90


class WaterCertificateVerifyAttempt(models.Model):
    """One look-up on the public certificate verification page, kept to limit guessing per IP address (failures
    only count, as for linking an account on the portal: water.portal.link.attempt). The typed code is never
    stored."""

    _name = "water.certificate.verify.attempt"
    _description = "Look-up on the certificate verification page"
    _order = "date desc, id desc"

    ip_address = fields.Char(string="IP address", index=True)
    certificate_id = fields.Many2one("water.certificate", string="Certificate found", ondelete="set null")
    success = fields.Boolean(index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)

    @api.model
    def _limit_reached(self, ip_address):
        """True when the address used up its failed look-ups in the window (one query)."""
        since = fields.Datetime.now() - timedelta(hours=certificate_utils.WINDOW_HOURS)
        failures = self.sudo().search_count(
            [("success", "=", False), ("date", ">=", since), ("ip_address", "=", ip_address or False)]
        )
        return certificate_utils.limit_reached(failures)

    @api.model
    def _record(self, ip_address, certificate=None):
        """Write down a look-up (sudo: the public user has no access to this model)."""
        return self.sudo().create(
            {
                "ip_address": ip_address or False,
                "certificate_id": certificate.id if certificate else False,
                "success": bool(certificate),
            }
        )

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]).unlink()
