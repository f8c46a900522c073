"""Create an Odoo database for a Mexican utility: base installed with the company in Mexico.

    python3 scripts/create_db.py [odoo options: -c, --addons-path, --db_host...] -d NAME

The company's country is set to Mexico (currency MXN) before any other module is
installed, so that installing accounting brings Odoo's Mexican chart of
accounts (l10n_mx) instead of the generic one. Demo data is loaded unless
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
    registry = odoo.modules.registry.Registry(name)
    with registry.cursor() as cr:
        cr.execute(
            "SELECT c.code FROM res_company rc JOIN res_partner p ON p.id = rc.partner_id"
            " JOIN res_country c ON c.id = p.country_id WHERE rc.id = 1"
        )
        row = cr.fetchone()
    if not row or row[0] != "MX":
        sys.exit(f"create_db: database {name} was not initialised (see the log above)")
    print(f"create_db: {name} created, company in Mexico")


if __name__ == "__main__":
    main()
