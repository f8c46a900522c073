/** @odoo-module **/

import { registry } from "@web/core/registry";

// A notifier, on a phone, opens his notices in delivery order, records the first one as
// delivered in hand (to whom) and sees it recorded.
registry.category("web_tour.tours").add("water_notice_delivery_tour", {
    steps: () => [
        {
            content: "His notices, the first one to deliver on top",
            trigger: ".o_kanban_record:first-child:contains(Calle Lectura 2)",
            run: "click",
        },
        {
            content: "The big form: what he found at the address",
            trigger: ".o_field_widget[name=outcome] input[data-value=delivered]",
            run: "click",
        },
        {
            content: "To whom",
            trigger: ".o_field_widget[name=received_by] input",
            run: "edit Rosa Martínez",
        },
        {
            content: "The relation",
            trigger: ".o_field_widget[name=received_relation] select",
            run: "select \"family\"",
        },
        {
            content: "Record it",
            trigger: "button[name=action_water_record_delivery]",
            run: "click",
        },
        {
            content: "Recorded: the time shows and the button is gone",
            trigger: ".o_field_widget[name=outcome_time]:not(:empty)",
        },
        {
            content: "No more recording",
            trigger: ".o_form_view:not(:has(button[name=action_water_record_delivery]))",
        },
    ],
});
