/** @odoo-module **/

import { registry } from "@web/core/registry";

// A registry clerk creates a contract through the UI and activates it.
registry.category("web_tour.tours").add("water_contract_create_tour", {
    url: "/odoo/action-water_registry.action_water_contract",
    steps: () => [
        {
            content: "Create a new contract",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Holder",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Titular",
        },
        {
            content: "Choose the holder",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains(Tour Titular Uno)",
            run: "click",
        },
        {
            content: "Service point",
            trigger: ".o_field_widget[name=service_point_id] input",
            run: "edit Calle del Tour",
        },
        {
            content: "Choose the service point",
            trigger: ".o_field_widget[name=service_point_id] .o-autocomplete--dropdown-item a:contains(Calle del Tour)",
            run: "click",
        },
        {
            content: "The meter of the service point is shown",
            trigger: ".o_field_widget[name=meter_id]:contains(TOUR-0001)",
        },
        {
            content: "Class",
            trigger: ".o_field_widget[name=service_class_id] input",
            run: "edit Tour class",
        },
        {
            content: "Choose the class",
            trigger: ".o_field_widget[name=service_class_id] .o-autocomplete--dropdown-item a:contains(Tour class)",
            run: "click",
        },
        {
            content: "Mark as large consumer",
            trigger: ".o_field_widget[name=large_consumer] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the account number was assigned",
            trigger: ".o_form_saved .o_field_widget[name=number]:not(:contains(New))",
        },
        {
            content: "Activate",
            trigger: "button[name=action_activate]",
            run: "click",
        },
        {
            content: "The contract is active",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=active]",
        },
    ],
});
