# Copyright 2026 Water Utility Suite contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Water Utility Registry",
    "summary": "Customer registry (padrón de usuarios) of a water utility: "
    "service points, contracts, meters, social discounts, requests",
    "version": "18.0.1.1.0",
    "category": "Services/Water Utility",
    "website": "https://github.com/water-utility/water-utility",
    "author": "Water Utility Suite contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "hr", "contacts", "portal"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/water_registry_security.xml",
        "security/ir.model.access.csv",
        "security/water_registry_rules.xml",
        "security/water_registry_portal_rules.xml",
        "data/ir_sequence_data.xml",
        "data/water_service_class_data.xml",
        "data/water_request_type_data.xml",
        "data/ir_cron_data.xml",
        "views/water_sector_views.xml",
        "views/water_route_views.xml",
        "views/water_service_class_views.xml",
        "views/water_service_point_views.xml",
        "views/water_meter_views.xml",
        "views/water_contract_views.xml",
        "views/water_discount_eligibility_views.xml",
        "views/water_connection_request_views.xml",
        "views/water_request_views.xml",
        "views/hr_employee_views.xml",
        "wizards/water_contract_state_wizard_views.xml",
        "wizards/water_meter_change_wizard_views.xml",
        "wizards/water_padron_import_views.xml",
        "views/water_registry_menus.xml",
        "views/water_portal_templates.xml",
    ],
    "demo": [
        "demo/water_registry_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "water_registry/static/tests/tours/*.js",
        ],
    },
}
