# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Collections",
    "summary": "Cashier sessions, receipts, daily collection entry, surcharges, arrears, agreements, cuts",
    "version": "18.0.0.1.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["water_billing"],
    "data": [
        "security/water_collections_security.xml",
        "security/ir.model.access.csv",
        "security/water_collections_rules.xml",
        "data/product_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/water_collections_menus.xml",
        "views/water_payment_file_views.xml",
        "views/water_surcharge_views.xml",
        "views/water_forgiveness_views.xml",
        "wizards/water_payment_import_views.xml",
        "views/water_payment_file_menus.xml",
    ],
    "demo": ["demo/water_payment_file_demo.xml"],
}
