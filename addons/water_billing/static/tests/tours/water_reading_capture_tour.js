/** @odoo-module **/

import { registry } from "@web/core/registry";

// A clerk opens a lot, captures readings in route order with the keyboard alone
// (type, Enter goes down to the next account) and sets an observation code.
registry.category("web_tour.tours").add("water_reading_capture_tour", {
    steps: () => [
        {
            content: "Open the capture list of the lot",
            trigger: "button[name=action_open_capture]",
            run: "click",
        },
        {
            content: "The accounts are listed in route order",
            trigger: ".o_data_row:first-child .o_data_cell[name=route_sequence]:contains(1)",
        },
        {
            content: "Click the reading of the first account",
            trigger: ".o_data_row:nth-child(1) .o_data_cell[name=reading_text]",
            run: "click",
        },
        {
            content: "Type the first reading",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=reading_text] input",
            run: "edit 1011",
        },
        {
            content: "Enter goes to the next account",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=reading_text] input",
            run: "press Enter",
        },
        {
            content: "Second account selected",
            trigger: ".o_data_row:nth-child(2).o_selected_row .o_field_widget[name=reading_text] input",
            run: "edit 1012",
        },
        {
            content: "Enter",
            trigger: ".o_data_row:nth-child(2).o_selected_row .o_field_widget[name=reading_text] input",
            run: "press Enter",
        },
        {
            content: "Third account: type a reading",
            trigger: ".o_data_row:nth-child(3).o_selected_row .o_field_widget[name=reading_text] input",
            run: "edit 1013",
        },
        {
            content: "Tab to the observation of the same account",
            trigger: ".o_data_row:nth-child(3).o_selected_row .o_field_widget[name=reading_text] input",
            run: "press Tab",
        },
        {
            content: "Type the observation code",
            trigger: ".o_data_row:nth-child(3).o_selected_row .o_field_widget[name=observation_id] input",
            run: "edit Dangerous",
        },
        {
            content: "Choose it",
            trigger: ".o_field_widget[name=observation_id] .o-autocomplete--dropdown-item a:contains(Dangerous dog)",
            run: "click",
        },
        {
            content: "Save the list",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "Saved: the captured rows show their state",
            trigger: ".o_data_row:nth-child(3) .o_data_cell[name=state]:contains(Captured)",
        },
    ],
});
