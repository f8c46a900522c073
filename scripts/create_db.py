"""Create an Odoo database for a Mexican utility: base installed with the company in Mexico.

    python3 scripts/create_db.py [odoo options: -c, --addons-path, --db_host...] -d NAME

The company's country is set to Mexico (currency MXN) before any other module is
installed; then accounting and Odoo's Mexican chart of accounts (l10n_mx) are
installed on their own, so that journals, accounts and IVA taxes exist before
the water addons install (their demo bills need them). Demo data is loaded unless
--without-demo is given.
"""

import sys

import odoo
from odoo.service import db


def main():
    odoo.tools.config.parse_config(sys.argv[1:])
    name = odoo.tools.config["db_name"]
    if not name or "," in name:
        sys.exit("create_db: give one database name with -d")
    db._create_empty_database(name)
    demo = not odoo.tools.config["without_demo"]
    db._initialize_db(None, name, demo, "en_US", user_password="admin", login="admin", country_code="mx")
    # the chart is loaded when the registry is complete, so in a pass of its own
    odoo.tools.config["init"] = dict.fromkeys(["account", "l10n_mx"], 1)
    registry = odoo.modules.registry.Registry.new(name, update_module=True)
    with registry.cursor() as cr:
        cr.execute(
            "SELECT c.code, rc.chart_template FROM res_company rc JOIN res_partner p ON p.id = rc.partner_id"
            " JOIN res_country c ON c.id = p.country_id WHERE rc.id = 1"
        )
        row = cr.fetchone()
    if not row or row != ("MX", "mx"):
        sys.exit(f"create_db: database {name} was not initialised with the Mexican chart (see the log above)")
    print(f"create_db: {name} created, company in Mexico with the l10n_mx chart")


if __name__ == "__main__":
    main()
