/** @odoo-module **/

import { registry } from "@web/core/registry";

// A citizen links an account with the bill's secret, opens it and reports a leak.
registry.category("web_tour.tours").add("water_portal_link_and_request_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the water accounts",
            trigger: "#portal_water_category a[href='/my/water']",
            run: "click",
        },
        {
            content: "Link an account",
            trigger: "#water_accounts_actions a[href='/my/water/link']",
            run: "click",
        },
        {
            content: "Account number printed on the bill",
            trigger: "#water_link_account_number",
            run: "edit TOUR-0042",
        },
        {
            content: "Secret typed in lower case",
            trigger: "#water_link_secret",
            run: "edit tqrs-2345",
        },
        {
            content: "Link it",
            trigger: "#water_link_form button[type=submit]",
            run: "click",
        },
        {
            content: "The account page says it is linked",
            trigger: ".o_water_account:has(#water_account_linked):contains(TOUR-0042)",
        },
        {
            content: "File a new request on the account",
            trigger: "#water_account_requests a.o_water_new_request",
            run: "click",
        },
        {
            content: "The account is chosen",
            trigger: "#water_request_contract:has(option[selected]:contains(TOUR-0042))",
        },
        {
            content: "A leak report",
            trigger: "#water_request_form input[data-code=leak_report]",
            run: "click",
        },
        {
            content: "Describe the leak",
            trigger: "#water_request_description",
            run: "edit Fuga frente a mi casa desde ayer",
        },
        {
            content: "Send it",
            trigger: "#water_request_submit",
            run: "click",
        },
        {
            content: "The request was received",
            trigger: "#water_request_created",
        },
        {
            content: "Go to the list of requests",
            trigger: ".o_portal_submenu a[href='/my/water/requests']",
            run: "click",
        },
        {
            content: "The leak report is in the list",
            trigger: "#water_requests_list .o_water_request_card:contains(Fuga frente a mi casa desde ayer)",
        },
    ],
});
