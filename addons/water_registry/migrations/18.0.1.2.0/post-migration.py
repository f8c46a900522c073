from odoo import SUPERUSER_ID, api

# code -> (requires an account, requires proof)
PORTAL_TYPES = {
    "complaint": (False, False),
    "discount_request": (True, True),
    "consumption_review": (True, False),
    "leak_report": (False, False),
    "holder_change": (True, True),
}


def migrate(cr, version):
    """The request types of the data file (noupdate) become available on the new citizen portal."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    types = env["water.request.type"].with_context(active_test=False).search([("code", "in", list(PORTAL_TYPES))])
    for request_type in types:
        requires_account, requires_attachment = PORTAL_TYPES[request_type.code]
        request_type.write(
            {
                "portal_available": True,
                "portal_requires_account": requires_account,
                "portal_requires_attachment": requires_attachment,
            }
        )
