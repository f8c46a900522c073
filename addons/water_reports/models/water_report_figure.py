from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..utils import government
from .water_report_kpi import KPI_KEYS

_lt = LazyTranslate(__name__)

PADRON_SOURCE = _lt("Padrón (accounts, classes, meter installations, billing mode) and posted bills")
BILLS_AND_COLLECTIONS = _lt("Posted bills and collection entries (accounting)")
# where each indicator of water.report.kpi reads its figures, printed beside it
KPI_SOURCES = {
    "eficiencia_comercial": BILLS_AND_COLLECTIONS,
    "eficiencia_fisica": _lt("Posted bills and the macro-meters of the sources"),
    "eficiencia_global": _lt("Posted bills, collection entries and macro-meters"),
    "micromedicion": _lt("Padrón (accounts and meter installations)"),
    "readings_measured_pct": _lt("Readings of the billing periods"),
    "paid_on_time_pct": _lt("Posted bills and their payments (reconciliations)"),
    "overdue_over_billing": _lt("Arrears snapshot (cartera vencida) and posted bills"),
    "accounts_by_state": _lt("Padrón (accounts)"),
    "new_contracts": _lt("Padrón (accounts)"),
    "cuts": _lt("Suspension orders"),
    "reconnections": _lt("Reconnection orders"),
    "requests_on_time_pct": _lt("Requests and complaints"),
}
# the figures of the reports to government that are not indicators: {key: (family, label, unit, formula, source)}
# a family reads all its figures in one query; keys marked by_class also exist as key:CLASS_CODE
OWN_FIGURES = {
    "tomas_by_class": (
        "_water_figures_padron",
        _lt("Tomas registered of the class"),
        _lt("tomas"),
        _lt(
            "Accounts of the class in service at the end of the period (activated by then and not cancelled by "
            "then), as the indicators count the tomas registered"
        ),
        PADRON_SOURCE,
    ),
    "tomas_metered": (
        "_water_figures_padron",
        _lt("Tomas with a working meter"),
        _lt("tomas"),
        _lt(
            "Tomas registered with a meter installed at the end of the period that was working (removed since, or "
            "working now)"
        ),
        PADRON_SOURCE,
    ),
    "tomas_unmetered": (
        "_water_figures_padron",
        _lt("Tomas without a working meter"),
        _lt("tomas"),
        _lt("Tomas registered − tomas with a working meter"),
        PADRON_SOURCE,
    ),
    "tomas_fixed_quota": (
        "_water_figures_padron",
        _lt("Tomas on fixed quota (cuota fija)"),
        _lt("tomas"),
        _lt("Tomas without a working meter whose account is billed by fixed quota"),
        PADRON_SOURCE,
    ),
    "tomas_assumed_volume": (
        "_water_figures_padron",
        _lt("Tomas on an assumed volume"),
        _lt("tomas"),
        _lt("Tomas without a working meter whose account is billed by an assumed volume"),
        PADRON_SOURCE,
    ),
    "tomas_billed": (
        "_water_figures_padron",
        _lt("Tomas with billing"),
        _lt("tomas"),
        _lt("Tomas registered with at least one posted bill of a billing period invoiced in the period"),
        PADRON_SOURCE,
    ),
    "tomas_not_billed": (
        "_water_figures_padron",
        _lt("Tomas without billing"),
        _lt("tomas"),
        _lt("Tomas registered − tomas with billing"),
        PADRON_SOURCE,
    ),
    "volume_paid": (
        "_water_figures_volume_paid",
        _lt("Volume paid"),
        "m³",
        _lt(
            "Σ over the collections applied in the period to bills (cashier receipts, payment files, online "
            "payments, as the income report): amount applied ÷ bill total × m³ of the bill (at most the bill's m³)"
        ),
        _lt("Reconciliations of the collection entries with the bills (accounting)"),
    ),
    "operating_cost": (
        "_water_figures_accounting",
        _lt("Operating cost"),
        "MXN",
        _lt(
            "Balance in the period of the expense and direct cost accounts (posted journal items, by date; "
            "depreciation left out)"
        ),
        _lt("Accounting: journal items of the expense accounts"),
    ),
    "depreciation": (
        "_water_figures_accounting",
        _lt("Depreciation"),
        "MXN",
        _lt("Balance in the period of the depreciation accounts (posted journal items, by date)"),
        _lt("Accounting: journal items of the depreciation accounts"),
    ),
    "total_cost": (
        "_water_figures_accounting",
        _lt("Total cost"),
        "MXN",
        _lt("Operating cost + depreciation of the period"),
        _lt("Accounting: journal items of the expense, direct cost and depreciation accounts"),
    ),
    "total_cost_per_m3_produced": (
        "_water_figures_accounting",
        _lt("Total cost per m³ produced"),
        "MXN/m³",
        _lt("Total cost of the period (depreciation included) ÷ volume produced by the sources in the period"),
        _lt("Accounting (expense and depreciation accounts) and macro-meters"),
    ),
    "income_per_m3": (
        "_water_figures_accounting",
        _lt("Income per m³ billed"),
        "MXN/m³",
        _lt("Amount collected in the period ÷ volume billed in the period"),
        _lt("Collection entries (income report) and posted bills"),
    ),
    "cost_per_m3_produced": (
        "_water_figures_accounting",
        _lt("Cost per m³ produced"),
        "MXN/m³",
        _lt("Operating cost of the period ÷ volume produced by the sources in the period"),
        _lt("Accounting (expense accounts) and macro-meters"),
    ),
    "cost_per_m3_billed": (
        "_water_figures_accounting",
        _lt("Cost per m³ billed"),
        "MXN/m³",
        _lt("Operating cost of the period ÷ volume billed in the period"),
        _lt("Accounting (expense accounts) and posted bills"),
    ),
}
BY_CLASS = {"tomas_by_class", "tomas_metered", "tomas_unmetered", "tomas_fixed_quota", "tomas_billed"}
COST_ACCOUNT_TYPES = ("expense", "expense_direct_cost")
DEPRECIATION_ACCOUNT_TYPES = ("expense_depreciation",)


class _Scope:
    """The period, the company and the indicators of one computation, read once."""

    def __init__(self, model, date_from, date_to, company):
        self.model, self.date_from, self.date_to, self.company = model, date_from, date_to, company
        self._kpis = None

    def kpis(self):
        if self._kpis is None:
            self._kpis = self.model.env["water.report.kpi"]._water_kpis(self.date_from, self.date_to, self.company)
        return self._kpis


class WaterReportFigure(models.AbstractModel):
    """The registry of the figures the reports to government print: figure key → value, formula, unit, source.

    The indicators (eficiencia comercial, física, micromedición...) are ``water.report.kpi``'s, read as they are
    (``eficiencia_fisica``) or by part (``eficiencia_fisica.denominator`` is the volume produced); the padrón
    counts by class, meter and billing, the volume paid and the accounting figures are computed here, each
    family in one query."""

    _name = "water.report.figure"
    _description = "Figures of the reports to government"

    @api.model
    def _water_figure_registry(self):
        """{base key: {"family", "label", "unit", "formula", "source", "by_class"}}; other addons extend it."""
        registry = {
            key: {
                "family": "_water_figures_kpi",
                "label": None,
                "unit": None,
                "formula": None,
                "source": KPI_SOURCES[key],
            }
            for key in KPI_KEYS
        }
        for key, (family, label, unit, formula, source) in OWN_FIGURES.items():
            registry[key] = {"family": family, "label": label, "unit": unit, "formula": formula, "source": source}
        for key, entry in registry.items():
            entry["by_class"] = key in BY_CLASS
        return registry

    @api.model
    def _water_check_key(self, key):
        """The error (a translated sentence) of a figure key no family knows, or None."""
        try:
            base, param, part = government.parse_key(key)
        except ValueError:
            return self.env._("“%s” is not a figure key: write name, name:CLASS or name.part.", key)
        entry = self._water_figure_registry().get(base)
        if not entry:
            return self.env._("“%s” is not a known figure.", base)
        if param and not entry["by_class"]:
            return self.env._("The figure “%s” has no breakdown by class.", base)
        if param and not self._water_class_codes().get(param.upper()):
            return self.env._("There is no service class with code “%s”.", param)
        if part not in government.PARTS and base != "accounts_by_state":
            return self.env._("“%(part)s” is not a part of the figure %(key)s.", part=part, key=base)
        return None

    @api.model
    def _water_class_codes(self):
        classes = self.env["water.service.class"].sudo().with_context(active_test=False).search([])
        return {cls.code.upper(): cls for cls in classes if cls.code}

    @api.model
    def _water_figures(self, keys, date_from, date_to, company=None):
        """{key: {"value", "numerator", "denominator", "formula", "unit", "label", "source"}} for the keys in
        the period [date_from, date_to]; each family of figures is read once. A key that cannot be computed
        has value None and ``error``."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        scope = _Scope(self, date_from, date_to, company or self.env.company)
        registry = self._water_figure_registry()
        families, parsed = {}, {}
        for key in keys:
            error = self._water_check_key(key)
            if error:
                parsed[key] = error
                continue
            base, param, part = government.parse_key(key)
            parsed[key] = (base, param.upper() if param else None, part)
            families.setdefault(registry[base]["family"], None)
        computed = {}
        for family in families:
            computed.update(getattr(self, family)(scope))
        result = {}
        for key, spec in parsed.items():
            if isinstance(spec, str):
                result[key] = {"value": None, "numerator": None, "denominator": None, "error": spec}
                result[key].update({"formula": "", "unit": "", "label": key, "source": ""})
                continue
            base, param, part = spec
            entry = registry[base]
            figure = computed.get(f"{base}:{param}" if param else base) or {}
            value = government.figure_part(figure, part)
            formula = figure.get("formula") or self._water_text(entry["formula"])
            if part != "value":
                formula = government.formula_part(formula, part) or self.env._(
                    "%(part)s of: %(formula)s", part=part, formula=formula
                )
            unit = figure.get("unit") if part == "value" else None
            if unit is None:
                unit = self._water_text(entry["unit"])
            result[key] = {
                "value": value,
                "numerator": figure.get("numerator") if part == "value" else None,
                "denominator": figure.get("denominator") if part == "value" else None,
                "formula": formula,
                "unit": unit or "",
                "label": figure.get("label") or self._water_text(entry["label"]) or key,
                "source": self._water_text(entry["source"]),
            }
        return result

    @api.model
    def _water_text(self, text):
        """A registry text in the user's language (plain strings, such as units, as they are)."""
        if not text:
            return ""
        return text if isinstance(text, str) else self.env._(text)

    # ------------------------------------------------------------------ the families
    @api.model
    def _water_figures_kpi(self, scope):
        return dict(scope.kpis())

    @api.model
    def _water_figures_padron(self, scope):
        """The tomas registered at the end of the period by class, working meter, billing mode and billing in the
        period: one grouped query. "Registered" and "working meter" are the indicators' conditions (accounts in
        service and micro-metering of ``water.report.kpi._water_kpi_service``), so the breakdowns add up to them."""
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH svc AS (
                    SELECT c.id, c.service_point_id, c.service_class_id, c.unmetered_billing
                      FROM water_contract c
                     WHERE c.company_id = %(company)s AND c.state != 'draft' AND c.date_activated <= %(day)s
                       AND (c.date_cancelled IS NULL OR c.date_cancelled > %(day)s)
                       AND (c.state != 'cancelled' OR c.date_cancelled IS NOT NULL)
                )
                SELECT svc.service_class_id AS class_id, svc.unmetered_billing AS mode,
                       EXISTS (SELECT 1 FROM water_meter_install i JOIN water_meter mt ON mt.id = i.meter_id
                                WHERE i.service_point_id = svc.service_point_id AND i.install_date <= %(day)s
                                  AND (i.removal_date IS NULL OR i.removal_date > %(day)s)
                                  AND (i.removal_date IS NOT NULL OR mt.state = 'working')) AS metered,
                       EXISTS (SELECT 1 FROM account_move m
                                WHERE m.water_contract_id = svc.id AND m.state = 'posted'
                                  AND m.move_type = 'out_invoice' AND m.water_period_id IS NOT NULL
                                  AND NOT COALESCE(m.water_is_surcharge, FALSE)
                                  AND m.invoice_date BETWEEN %(date_from)s AND %(day)s) AS billed,
                       COUNT(*) AS tomas
                  FROM svc GROUP BY 1, 2, 3, 4
                """,
                company=scope.company.id,
                day=scope.date_to,
                date_from=scope.date_from,
            )
        )
        codes = {cls.id: code for code, cls in self._water_class_codes().items()}
        keys = ("tomas_by_class", "tomas_metered", "tomas_unmetered", "tomas_fixed_quota", "tomas_billed")
        totals = {key: 0 for key in (*keys, "tomas_assumed_volume", "tomas_not_billed")}
        by_class = {(key, code): 0 for key in keys for code in codes.values()}
        for row in rows:
            code = codes.get(row["class_id"])
            counts = {
                "tomas_by_class": row["tomas"],
                "tomas_metered": row["tomas"] if row["metered"] else 0,
                "tomas_unmetered": 0 if row["metered"] else row["tomas"],
                "tomas_fixed_quota": row["tomas"] if not row["metered"] and row["mode"] == "fixed_quota" else 0,
                "tomas_assumed_volume": row["tomas"] if not row["metered"] and row["mode"] == "assumed_volume" else 0,
                "tomas_billed": row["tomas"] if row["billed"] else 0,
                "tomas_not_billed": 0 if row["billed"] else row["tomas"],
            }
            for key, count in counts.items():
                totals[key] += count
                if code and key in keys:
                    by_class[(key, code)] += count
        result = {key: {"value": count} for key, count in totals.items()}
        result.update({f"{key}:{code}": {"value": count} for (key, code), count in by_class.items()})
        return result

    @api.model
    def _water_figures_volume_paid(self, scope):
        """m³ paid in the period: each reconciliation dated in the period of a collection item (the indicators'
        condition on ``l`` and ``m``) with a bill pays the bill's m³ in proportion to the amount applied.
        Index: account_partial_reconcile (credit_move_id)."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(SUM(COALESCE(b.water_volume, 0)
                                    * LEAST(pr.amount / NULLIF(b.amount_total_signed, 0), 1)), 0),
                       COALESCE(SUM(pr.amount), 0)
                  FROM account_partial_reconcile pr
                  JOIN account_move_line l ON l.id = pr.credit_move_id
                  JOIN account_move m ON m.id = l.move_id
                  JOIN account_move_line dl ON dl.id = pr.debit_move_id
                  JOIN account_move b ON b.id = dl.move_id
                 WHERE %(condition)s AND l.company_id = %(company)s
                   AND b.state = 'posted' AND b.move_type = 'out_invoice' AND b.water_contract_id IS NOT NULL
                   AND pr.max_date BETWEEN %(date_from)s AND %(date_to)s
                """,
                condition=self.env["water.report.kpi"]._water_kpi_collected_condition(),
                company=scope.company.id,
                date_from=scope.date_from,
                date_to=scope.date_to,
            )
        )
        volume, amount = rows[0]
        return {
            "volume_paid": {
                "value": government.quantize(volume, 2),
                "numerator": float(amount),
                "denominator": None,
            }
        }

    @api.model
    def _water_figures_accounting(self, scope):
        """The operating cost (expense accounts' balance in the period), the depreciation and the total cost (one
        read_group) and the figures per m³ from them, the amount collected and the volumes of the indicators."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", scope.company.id),
                    ("parent_state", "=", "posted"),
                    ("date", ">=", scope.date_from),
                    ("date", "<=", scope.date_to),
                    ("account_id.account_type", "in", COST_ACCOUNT_TYPES + DEPRECIATION_ACCOUNT_TYPES),
                ],
                ["account_id"],
                ["balance:sum"],
            )
        )
        balances = {}
        for account, balance in groups:
            balances[account.account_type] = balances.get(account.account_type, 0.0) + (balance or 0.0)
        cost = government.quantize(sum(balances.get(kind, 0.0) for kind in COST_ACCOUNT_TYPES), 2)
        depreciation = government.quantize(sum(balances.get(kind, 0.0) for kind in DEPRECIATION_ACCOUNT_TYPES), 2)
        total = government.quantize(cost + depreciation, 2)
        kpis = scope.kpis()
        collected = kpis["eficiencia_comercial"]["numerator"]
        billed_volume = kpis["eficiencia_fisica"]["numerator"]
        produced = kpis["eficiencia_fisica"]["denominator"]

        def per_m3(amount, volume):
            return {"value": government.per_unit(amount, volume), "numerator": amount, "denominator": volume}

        return {
            "operating_cost": {"value": cost},
            "depreciation": {"value": depreciation},
            "total_cost": {"value": total},
            "total_cost_per_m3_produced": per_m3(total, produced),
            "income_per_m3": per_m3(collected, billed_volume),
            "cost_per_m3_produced": per_m3(cost, produced),
            "cost_per_m3_billed": per_m3(cost, billed_volume),
        }
