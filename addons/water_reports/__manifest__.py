# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Reports",
    "summary": "Income, billing, arrears, readings, padrón, orders and requests reports; macro-meters; KPI "
    "dashboard; CEA, CONAGUA, INEGI and Presidencia reports; loss and anomaly detection",
    "version": "18.0.1.0.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["water_collections", "report_xlsx", "queue_job"],
    "data": [
        "security/water_reports_security.xml",
        "security/ir.model.access.csv",
        "security/water_reports_rules.xml",
        "views/water_reports_menus.xml",
        "views/water_report_income_views.xml",
        "views/water_report_bill_views.xml",
        "views/water_report_arrears_menus.xml",
        "wizards/water_report_export_views.xml",
        "data/water_anomaly_data.xml",
        "views/water_anomaly_case_views.xml",
        "views/water_anomaly_run_views.xml",
        "views/water_report_anomaly_views.xml",
        "security/water_source_security.xml",
        "views/water_source_views.xml",
        "views/water_kpi_dashboard_views.xml",
        "security/water_report_government_security.xml",
        "report/water_report_government_report.xml",
        "views/water_report_government_views.xml",
        "data/water_report_template_data.xml",
    ],
    "demo": [
        "demo/water_source_demo.xml",
        "demo/water_anomaly_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "water_reports/static/src/kpi_dashboard/**/*",
        ],
        "web.assets_tests": [
            "water_reports/static/tests/tours/**/*",
        ],
    },
}
