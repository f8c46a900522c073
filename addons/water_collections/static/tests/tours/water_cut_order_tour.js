/** @odoo-module **/

import { registry } from "@web/core/registry";

// A cortador, on a phone, opens his open order, records the seal and cuts at the box.
registry.category("web_tour.tours").add("water_cut_order_tour", {
    steps: () => [
        {
            content: "His open orders in delivery order",
            trigger: ".o_kanban_record:contains(Calle Lectura 1)",
            run: "click",
        },
        {
            content: "A commercial account: restriction and both cuts are offered",
            trigger: ".o_form_view:has(button[name=action_water_restrict]):has(button[name=action_water_cut_network])",
        },
        {
            content: "The seal he put",
            trigger: ".o_field_widget[name=seal_number] input",
            run: "edit S-123",
        },
        {
            content: "Cut at the box",
            trigger: "button[name=action_water_cut_box]",
            run: "click",
        },
        {
            content: "Done: the time shows",
            trigger: ".o_field_widget[name=time_done]:not(:empty)",
        },
        {
            content: "No more buttons",
            trigger: ".o_form_view:not(:has(button[name=action_water_cut_box]))",
        },
    ],
});

// The debt was paid since the order was issued: the phone says so and only offers to close it.
registry.category("web_tour.tours").add("water_cut_order_blocked_tour", {
    steps: () => [
        {
            content: "The card warns him",
            trigger: ".o_kanban_record:contains(Calle Lectura 1):contains(overdue debt was paid)",
            run: "click",
        },
        {
            content: "The banner before he acts",
            trigger: ".o_water_cut_block:contains(overdue debt was paid)",
        },
        {
            content: "No cut is offered",
            trigger: ".o_form_view:not(:has(button[name=action_water_cut_box])):not(:has(button[name=action_water_restrict]))",
        },
        {
            content: "Close it: paid",
            trigger: "button[name=action_water_close_settled]",
            run: "click",
        },
        {
            content: "Closed",
            trigger: ".o_field_widget[name=time_done]:not(:empty)",
        },
    ],
});
