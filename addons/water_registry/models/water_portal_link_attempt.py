from datetime import timedelta

from odoo import api, fields, models

from ..utils import portal_link

KEEP_DAYS = 365


class WaterPortalLinkAttempt(models.Model):
    """One try of a citizen to link a water account to the portal login with the bill's secret.
    Kept to limit guessing (per login and per IP address) and for the commercial manager to audit.
    The typed secret is never stored."""

    _name = "water.portal.link.attempt"
    _description = "Attempt to link a water account on the portal"
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", string="Portal user", required=True, index=True, ondelete="cascade")
    ip_address = fields.Char(string="IP address", index=True)
    account_number = fields.Char(string="Typed account number")
    contract_id = fields.Many2one("water.contract", string="Linked account", ondelete="set null")
    success = fields.Boolean(index=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)

    @api.model
    def _failures_since(self, user, ip_address):
        """Failed attempts of the login and of the address in the limiting window (one query each)."""
        since = fields.Datetime.now() - timedelta(hours=portal_link.WINDOW_HOURS)
        base = [("success", "=", False), ("date", ">=", since)]
        user_failures = self.sudo().search_count(base + [("user_id", "=", user.id)])
        ip_failures = self.sudo().search_count(base + [("ip_address", "=", ip_address)]) if ip_address else 0
        return user_failures, ip_failures

    @api.model
    def _limit_reached(self, user, ip_address):
        return portal_link.limit_reached(*self._failures_since(user, ip_address))

    @api.autovacuum
    def _gc_old_attempts(self):
        """Attempts older than a year are of no use for limits nor audit anymore."""
        self.sudo().search([("date", "<", fields.Datetime.now() - timedelta(days=KEEP_DAYS))]).unlink()

    @api.model
    def _record(self, user, ip_address, account_number, contract=None):
        """Write down an attempt (in sudo: the portal user has no access to this model)."""
        return self.sudo().create(
            {
                "user_id": user.id,
                "ip_address": ip_address,
                "account_number": (account_number or "")[:64],
                "contract_id": contract.id if contract else False,
                "success": bool(contract),
            }
        )
