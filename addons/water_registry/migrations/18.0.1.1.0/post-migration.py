from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The new portal_secret column was filled with one default value for every existing account:
    give each account its own secret."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["water.contract"].with_context(active_test=False).search([])._portal_regenerate_secrets()
