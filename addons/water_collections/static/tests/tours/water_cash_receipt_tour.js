/** @odoo-module **/

import { registry } from "@web/core/registry";

// A cashier opens the session with a float, finds the account by its number at the window,
// sees the debts oldest first, pays with a 1,000 bill and collects (the receipt is printed).
registry.category("web_tour.tours").add("water_cash_receipt_tour", {
    steps: () => [
        {
            content: "A new session: type the opening float",
            trigger: ".o_form_view .o_field_widget[name=opening_float] input",
            run: "edit 500",
        },
        {
            content: "Save the session",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The session is open: new receipt",
            trigger: ".o_form_saved button[name=action_new_receipt]",
            run: "click",
        },
        {
            content: "Type the account number in the search box",
            trigger: ".o_field_widget[name=search_term] input",
            run: "edit 99887766",
        },
        {
            content: "Leave the box: the account is found",
            trigger: ".o_field_widget[name=search_term] input",
            run: "press Tab",
        },
        {
            content: "The oldest debt comes first",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first-child .o_data_cell[name=date_due]:contains(01/20/2025)",
        },
        {
            content: "Then the next one",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:nth-child(2) .o_data_cell[name=date_due]:contains(02/20/2025)",
        },
        {
            content: "The whole debt is proposed",
            trigger: ".o_field_widget[name=amount] input:value(750.00)",
        },
        {
            content: "Cash by default: the customer gives 1,000",
            trigger: ".o_field_widget[name=payment_ids] .o_data_row:first-child .o_data_cell[name=amount]",
            run: "click",
        },
        {
            content: "Type what was received",
            trigger: ".o_field_widget[name=payment_ids] .o_selected_row .o_field_widget[name=amount] input",
            run: "edit 1000",
        },
        {
            content: "Out of the line",
            trigger: ".o_field_widget[name=amount_words]",
            run: "click",
        },
        {
            content: "The change is shown",
            trigger: ".o_field_widget[name=amount_change]:contains(250.00)",
        },
        {
            content: "Collect and print",
            trigger: "button[name=action_post]",
            run: "click",
        },
        {
            content: "The receipt is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Posted)",
        },
    ],
});
