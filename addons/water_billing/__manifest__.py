# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Billing",
    "summary": "Billing calendar, meter reading lots, capture, validation and estimation; "
    "tariffs, bill run and the bill (recibo)",
    "version": "18.0.1.0.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["water_registry", "account", "queue_job"],
    "external_dependencies": {"python": ["num2words", "python-barcode"]},
    "data": [
        "security/water_billing_security.xml",
        "security/ir.model.access.csv",
        "security/water_billing_rules.xml",
        "data/ir_sequence_data.xml",
        "data/water_observation_code_data.xml",
        "data/product_data.xml",
        "data/queue_job_data.xml",
        "report/water_recibo_report.xml",
        "views/water_billing_period_views.xml",
        "views/water_reading_lot_views.xml",
        "views/water_reading_views.xml",
        "views/water_work_order_views.xml",
        "views/water_billing_menus.xml",
        "views/water_tariff_views.xml",
        "views/water_bill_run_views.xml",
        "views/water_reading_report_views.xml",
        "report/water_reading_lot_report.xml",
        "report/water_reading_lot_templates.xml",
        "report/water_recibo_templates.xml",
        "wizards/water_reading_import_views.xml",
    ],
    "demo": ["demo/water_tariff_demo.xml", "demo/water_billing_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "water_billing/static/tests/tours/*.js",
        ],
    },
}
