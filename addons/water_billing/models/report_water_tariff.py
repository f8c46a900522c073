from odoo import api, models
from odoo.tools.misc import formatLang

from ..utils import tariff as engine

MONTHS = range(1, 13)


def volume(value):
    """m³ as the laws write them: 10, 10.5, 10.01."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class ReportWaterTariffSheet(models.AbstractModel):
    """The tariff sheet: a tariff's table as the Ley de Ingresos publishes it, one tariff a page."""

    _name = "report.water_billing.report_tariff_sheet"
    _description = "Tariff sheet (PDF)"

    @api.model
    def _ranges(self, blocks, uma=False, limits=engine.CLOSED):
        """The ranges of a component as the law writes them: from (more than the previous limit, the next
        whole m³, or the limit itself, by the tariff's limits) to, the price per m³ (and by month when it
        varies), the fixed charge; in UMA when the tariff's amounts are."""
        rows, lower = [], 0.0
        price_field, fixed_field = ("price_uma", "fixed_charge_uma") if uma else ("price", "fixed_charge")
        for block in blocks.sorted("sequence"):
            price = block[price_field]
            months = {line.month: line[price_field] for line in block.month_price_ids}
            rows.append(
                {
                    "lower": volume(lower + 1 if limits == engine.WHOLE and rows else lower),
                    "first": not rows,
                    "more_than": limits == engine.CLOSED,
                    "upper": volume(block.upper) if block.upper else None,
                    "price": price,
                    "fixed_charge": block[fixed_field],
                    "months": [months.get(month, price) for month in MONTHS],
                    "varies": any(value != price for value in months.values()),
                }
            )
            lower = block.upper
        return rows

    @api.model
    def _amount_formatter(self, tariff):
        """Amounts as the sheet prints them: pesos with their currency, UMA with four decimals."""
        if tariff.amount_unit == engine.UMA:
            return lambda value: f"{value:,.4f} UMA"
        return lambda value: formatLang(self.env, value, currency_obj=tariff.company_id.currency_id)

    @api.model
    def _sheet(self, tariff):
        uma = tariff.amount_unit == engine.UMA
        water = self._ranges(tariff.block_ids, uma, tariff.range_limits)
        drainage = self._ranges(tariff.drainage_block_ids, uma, tariff.range_limits)
        address = tariff.company_id.partner_id._display_address(without_company=True)
        return {
            "tariff": tariff,
            "company": tariff.company_id,
            "address": ", ".join(part.strip(" ,") for part in address.splitlines() if part.strip(" ,")),
            "method": dict(tariff._fields["method"]._description_selection(self.env)).get(tariff.method),
            "uma": uma,
            "amount": self._amount_formatter(tariff),
            "number": (lambda value: f"{value:.4f}") if uma else (lambda value: f"{value:.2f}"),
            "base_fee": tariff.base_fee_uma if uma else tariff.base_fee,
            "fixed_quota": tariff.fixed_quota_uma if uma else tariff.fixed_quota,
            "uma_value": uma and self.env["water.uma.value"]._water_value_on(tariff.date_from),
            "water": water,
            "drainage": drainage,
            "water_months": any(row["varies"] for row in water),
            "drainage_months": any(row["varies"] for row in drainage),
            "water_fixed": any(row["fixed_charge"] for row in water),
            "drainage_fixed": any(row["fixed_charge"] for row in drainage),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        tariffs = self.env["water.tariff"].browse(docids)
        tariffs.check_access("read")
        # the booklet's order: by validity, then class and sectors
        tariffs = tariffs.sorted(lambda t: (t.date_from, t.service_class_id.sequence, t.service_class_id.id, t.id))
        years = sorted({t.date_from.year for t in tariffs})
        return {
            "doc_ids": tariffs.ids,
            "doc_model": "water.tariff",
            "docs": tariffs,
            "sheets": [self._sheet(tariff) for tariff in tariffs],
            "years": years,
            "booklet": False,
            "month_labels": self._month_labels(),
            "m3": volume,
        }

    @api.model
    def _month_labels(self):
        _ = self.env._
        return [_("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
                _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec")]  # fmt: skip


class ReportWaterTariffBooklet(models.AbstractModel):
    """The year's booklet: a cover with the index of the tariffs, then every tariff's sheet."""

    _name = "report.water_billing.report_tariff_booklet"
    _inherit = "report.water_billing.report_tariff_sheet"
    _description = "Tariff booklet (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return dict(super()._get_report_values(docids, data), booklet=True)
