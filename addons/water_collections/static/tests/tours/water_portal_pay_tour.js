/** @odoo-module **/

import { registry } from "@web/core/registry";

// A citizen opens the account, clicks "Pay online", pays the balance with the demo provider
// and lands back on the account: balance at zero, the online payment listed.
registry.category("web_tour.tours").add("water_portal_pay_tour", {
    steps: () => [
        {
            content: "The account owes something: pay online",
            trigger: "#water_pay_online",
            run: "click",
        },
        {
            content: "The pay page lists the open bills and the total",
            trigger: "#water_pay_bills #water_pay_total",
        },
        {
            content: "Choose the demo payment method",
            trigger: "input[name='o_payment_radio'][data-provider-code='demo']",
            run: "click",
        },
        {
            content: "Type the card details",
            trigger: "#customer_input",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: "button[name='o_payment_submit_button']:not(:disabled)",
            run: "click",
        },
        {
            content: "Back on the account: the payment was received",
            trigger: "#water_payment_status.alert-success",
            timeout: 20000,
        },
        {
            content: "Nothing left to pay",
            trigger: "#water_pay_online_nothing",
        },
        {
            content: "The online payment is listed",
            trigger: ".o_water_payments .o_water_payment_online",
        },
    ],
});
