/** @odoo-module **/
import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatDateTime, deserializeDateTime } from "@web/core/l10n/dates";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";

const MODEL = "water.report.kpi";
const PERCENT_KEYS = new Set([
    "eficiencia_comercial",
    "eficiencia_fisica",
    "eficiencia_global",
    "micromedicion",
    "readings_measured_pct",
    "paid_on_time_pct",
    "requests_on_time_pct",
]);
const MONEY_PARTS = new Set(["eficiencia_comercial", "overdue_over_billing"]);
const COLORS = ["#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#17becf"];

function iso(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function monthRange(offset) {
    const today = new Date();
    const start = new Date(today.getFullYear(), today.getMonth() + offset, 1);
    const end = new Date(today.getFullYear(), today.getMonth() + offset + 1, 0);
    return [iso(start), iso(end)];
}

export class WaterKpiDashboard extends Component {
    static template = "water_reports.KpiDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const [dateFrom, dateTo] = monthRange(-1);
        this.state = useState({ dateFrom, dateTo, data: null, loading: true });
        this.charts = [];
        this.canvasRefs = {
            efficiency: useRef("chartEfficiency"),
            service: useRef("chartService"),
            activity: useRef("chartActivity"),
            overdue: useRef("chartOverdue"),
        };
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        onMounted(() => this.renderCharts());
        onWillUnmount(() => this.destroyCharts());
    }

    get presets() {
        const today = new Date();
        const year = today.getFullYear();
        const quarter = Math.floor(today.getMonth() / 3);
        return [
            { label: _t("This month"), range: monthRange(0) },
            { label: _t("Last month"), range: monthRange(-1) },
            {
                label: _t("This quarter"),
                range: [iso(new Date(year, quarter * 3, 1)), iso(new Date(year, quarter * 3 + 3, 0))],
            },
            { label: _t("Last 12 months"), range: [monthRange(-12)[0], monthRange(-1)[1]] },
            { label: _t("This year"), range: [iso(new Date(year, 0, 1)), iso(new Date(year, 11, 31))] },
        ];
    }

    async load() {
        this.state.loading = true;
        this.state.data = await this.orm.call(MODEL, "water_kpi_dashboard", [
            this.state.dateFrom,
            this.state.dateTo,
        ]);
        this.state.loading = false;
    }

    async recompute() {
        this.state.loading = true;
        this.state.data = await this.orm.call(MODEL, "water_kpi_refresh", [
            this.state.dateFrom,
            this.state.dateTo,
        ]);
        this.state.loading = false;
        this.renderCharts();
    }

    get computedAt() {
        return formatDateTime(deserializeDateTime(this.state.data.computed_at));
    }

    async applyPreset(preset) {
        [this.state.dateFrom, this.state.dateTo] = preset.range;
        await this.refresh();
    }

    async onDateChange(field, ev) {
        if (!ev.target.value) {
            return;
        }
        this.state[field] = ev.target.value;
        if (this.state.dateFrom <= this.state.dateTo) {
            await this.refresh();
        }
    }

    async refresh() {
        await this.load();
        this.renderCharts();
    }

    get periodMonths() {
        const [fromYear, fromMonth] = this.state.data.date_from.split("-").map(Number);
        const [toYear, toMonth] = this.state.data.date_to.split("-").map(Number);
        return (toYear - fromYear) * 12 + toMonth - fromMonth + 1;
    }

    get figures() {
        const data = this.state.data;
        return data ? data.keys.map((key) => data.figures[key]) : [];
    }

    isPercent(figure) {
        return PERCENT_KEYS.has(figure.key);
    }

    formatValue(figure) {
        if (figure.value === null || figure.value === undefined) {
            return "—";
        }
        const digits = Number.isInteger(figure.value) && !this.isPercent(figure) ? 0 : 2;
        const text = formatFloat(figure.value, { digits: [false, digits] });
        return this.isPercent(figure) ? `${text} %` : text;
    }

    formatPart(figure, value) {
        if (value === null || value === undefined) {
            return "—";
        }
        if (figure.key === "eficiencia_global") {
            return `${formatFloat(value, { digits: [false, 2] })} %`;
        }
        const digits = MONEY_PARTS.has(figure.key) || figure.key === "eficiencia_fisica" ? 2 : 0;
        const text = formatFloat(value, { digits: [false, digits] });
        if (MONEY_PARTS.has(figure.key)) {
            return `${this.state.data.currency} ${text}`;
        }
        return figure.key === "eficiencia_fisica" ? `${text} m³` : text;
    }

    hasParts(figure) {
        return figure.numerator !== null && figure.numerator !== undefined;
    }

    breakdown(figure) {
        const labels = figure.breakdown_labels || {};
        return Object.entries(figure.breakdown || {}).map(([state, count]) => ({
            state,
            label: labels[state] || state,
            count,
        }));
    }

    async drill(figure, side) {
        const action = await this.orm.call(MODEL, "water_kpi_action", [
            figure.key,
            this.state.dateFrom,
            this.state.dateTo,
            side,
        ]);
        await this.action.doAction(action);
    }

    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        this.destroyCharts();
        const data = this.state.data;
        if (!data || !window.Chart) {
            return;
        }
        const labels = data.trend.map((row) => row.label);
        const label = (key) => data.figures[key].label;
        const series = (keys, type = "line") =>
            keys.map((key, index) => ({
                label: label(key),
                data: data.trend.map((row) => row[key]),
                borderColor: COLORS[index % COLORS.length],
                backgroundColor: type === "bar" ? COLORS[index % COLORS.length] : "transparent",
                spanGaps: true,
                tension: 0.2,
            }));
        const specs = [
            ["efficiency", "line", ["eficiencia_comercial", "eficiencia_fisica", "eficiencia_global"]],
            [
                "service",
                "line",
                ["micromedicion", "readings_measured_pct", "paid_on_time_pct", "requests_on_time_pct"],
            ],
            ["activity", "bar", ["new_contracts", "cuts", "reconnections"]],
            ["overdue", "line", ["overdue_over_billing"]],
        ];
        for (const [ref, type, keys] of specs) {
            const canvas = this.canvasRefs[ref].el;
            if (!canvas) {
                continue;
            }
            this.charts.push(
                new window.Chart(canvas, {
                    type,
                    data: { labels, datasets: series(keys, type) },
                    options: {
                        maintainAspectRatio: false,
                        animation: false,
                        plugins: { legend: { position: "bottom" } },
                        scales: { y: { beginAtZero: true } },
                    },
                })
            );
        }
    }
}

registry.category("actions").add("water_reports.kpi_dashboard", WaterKpiDashboard);
