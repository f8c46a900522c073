/** @odoo-module **/

import { registry } from "@web/core/registry";

// The collections officer at the window: a new receipt, the account owes overdue debt, a payment agreement made from
// the receipt (6 monthly instalments, a down payment of 500), signed; the receipt then collects the down payment and
// the agreement becomes active.
registry.category("web_tour.tours").add("water_agreement_window_tour", {
    steps: () => {
        const firstDue = luxon.DateTime.now().plus({ days: 10 }).toFormat("MM/dd/yyyy");
        return [
            {
                content: "The officer's open session: new receipt",
                trigger: ".o_form_view button[name=action_new_receipt]",
                run: "click",
            },
            {
                content: "Type the account number",
                trigger: ".o_field_widget[name=search_term] input",
                run: "edit 55443322",
            },
            {
                content: "Leave the box: the account is found",
                trigger: ".o_field_widget[name=search_term] input",
                run: "press Tab",
            },
            {
                content: "The whole debt is proposed first",
                trigger: ".o_field_widget[name=amount] input:value(1,600.00)",
            },
            {
                content: "The account owes overdue debt: make a payment agreement",
                trigger: "div[name=water_agreement_offer] button[name=action_water_new_agreement]",
                run: "click",
            },
            {
                content: "The agreement opens over the receipt: its debts covered",
                trigger: ".modal .o_notebook a[name=debts]",
                run: "click",
            },
            {
                content: "Every overdue debt of the account, oldest first",
                trigger: ".modal .o_field_widget[name=debt_line_ids] .o_data_row:nth-child(3)",
            },
            {
                content: "Back to the schedule",
                trigger: ".modal .o_notebook a[name=schedule]",
                run: "click",
            },
            {
                content: "Six instalments",
                trigger: ".modal .o_field_widget[name=instalment_count] input",
                run: "edit 6",
            },
            {
                content: "Monthly",
                trigger: ".modal .o_field_widget[name=frequency] select",
                run: 'select "monthly"',
            },
            {
                content: "The first one due in ten days",
                trigger: ".modal .o_field_widget[name=first_due_date] input",
                run: `edit ${firstDue}`,
            },
            {
                content: "Out of the date",
                trigger: ".modal .o_field_widget[name=forgiveness_source]",
                run: "click",
            },
            {
                content: "A down payment of 500",
                trigger: ".modal .o_field_widget[name=amount_down_payment] input",
                run: "edit 500",
            },
            {
                content: "Out of the amount",
                trigger: ".modal .o_field_widget[name=forgiveness_source]",
                run: "click",
            },
            {
                content: "The rest is financed",
                trigger: ".modal .o_field_widget[name=amount_financed]:contains(1,025.00)",
            },
            {
                content: "The schedule preview: six instalments, the first on its date",
                trigger: `.modal .o_field_widget[name=line_ids] .o_data_row:first-child .o_data_cell[name=date_due]:contains(${firstDue})`,
            },
            {
                content: "The last one absorbs the rounding",
                trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:nth-child(6) .o_data_cell[name=amount]:contains(170.85)",
            },
            {
                content: "Sign the agreement",
                trigger: ".modal button[name=action_confirm]",
                run: "click",
            },
            {
                content: "Back on the receipt: the agreement waits for its down payment",
                trigger: "body:not(:has(.modal)) div[name=water_agreement] .o_field_widget[name=water_agreement_state]:contains(Waiting)",
            },
            {
                content: "The receipt proposes the down payment",
                trigger: ".o_field_widget[name=amount] input:value(500.00)",
            },
            {
                content: "What is left of it is shown",
                trigger: "div[name=water_agreement_down_payment] .o_field_widget[name=water_agreement_down_payment]:contains(500.00)",
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
            {
                content: "The agreement is active; its first instalment is next",
                trigger: "div[name=water_agreement] .o_field_widget[name=water_agreement_state]:contains(Active)",
            },
            {
                content: "The next instalment",
                trigger: "div[name=water_agreement_next] .o_field_widget[name=water_agreement_next_label]:contains(Instalment 1 of 6)",
            },
        ];
    },
});
