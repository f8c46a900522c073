/** @odoo-module **/
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("water_reports_kpi_dashboard", {
    url: "/odoo/action-water_reports.action_water_kpi_dashboard",
    steps: () => [
        {
            content: "The dashboard shows the commercial efficiency with its formula",
            trigger: ".o_water_kpi_eficiencia_comercial .o_water_kpi_formula",
        },
        {
            content: "Every figure is there, with the trend charts",
            trigger: ".o_water_kpi_requests_on_time_pct .o_water_kpi_value, .o_water_kpi_chart canvas",
        },
        {
            content: "The closed months say when they were computed",
            trigger: ".o_water_kpi_computed",
        },
        {
            content: "Recompute them from the records",
            trigger: "button.o_water_kpi_recompute:enabled",
            run: "click",
        },
        {
            content: "The figures are back after the recomputation",
            trigger: "button.o_water_kpi_recompute:enabled",
        },
        {
            content: "Pick the last 12 months",
            trigger: "button.o_water_kpi_preset[data-preset='3']",
            run: "click",
        },
        {
            content: "The period is reloaded",
            trigger: ".o_water_kpi_period[data-months='12']",
        },
        {
            content: "Open the bills behind the commercial efficiency's denominator",
            trigger: ".o_water_kpi_eficiencia_comercial .o_water_kpi_denominator",
            run: "click",
        },
        {
            content: "The list of the bills billed in the period opens, the dashboard in the breadcrumbs",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb .breadcrumb-item",
        },
        {
            trigger: ".o_list_view .o_data_row, .o_view_nocontent",
        },
    ],
});
