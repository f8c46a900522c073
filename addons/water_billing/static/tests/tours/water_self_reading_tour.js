/** @odoo-module **/

import { registry } from "@web/core/registry";

// A tiny PNG standing for the photo a phone would take of the meter
const PHOTO_PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

// A citizen sends the reading of the meter with a photo from the account page
registry.category("web_tour.tours").add("water_self_reading_tour", {
    steps: () => [
        {
            content: "Type the reading shown by the meter",
            trigger: ".o_water_self_reading_form input[name=reading_value]",
            run: "edit 1040",
        },
        {
            content: "Attach the photo of the meter",
            trigger: ".o_water_self_reading_form input[name=photo]",
            run() {
                const bytes = Uint8Array.from(atob(PHOTO_PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "medidor.png", { type: "image/png" }));
                const input = document.querySelector(".o_water_self_reading_form input[name=photo]");
                input.files = transfer.files;
            },
        },
        {
            content: "Send the reading",
            trigger: ".o_water_self_reading_submit",
            run: "click",
        },
        {
            content: "The reading waits for the supervisor's review",
            trigger: ".o_water_self_reading_pending:contains(1040)",
        },
    ],
});
