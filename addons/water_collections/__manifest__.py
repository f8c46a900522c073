# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Collections",
    "summary": "Cashier sessions, receipts, daily collection entry, surcharges, arrears, agreements, cuts",
    "version": "18.0.0.2.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["water_billing"],
    "data": [
        "security/water_collections_security.xml",
        "security/ir.model.access.csv",
        "security/water_cash_rules.xml",
        "data/water_cash_data.xml",
        "views/water_cash_method_views.xml",
        "views/water_cash_session_views.xml",
        "views/water_cash_receipt_views.xml",
        "wizards/water_cash_receipt_cancel_views.xml",
        "report/water_cash_report.xml",
        "report/water_cash_templates.xml",
        "views/water_collections_menus.xml",
        "views/water_cash_menus.xml",
    ],
    "demo": ["demo/water_cash_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "water_collections/static/tests/tours/*.js",
        ],
    },
}
