from odoo import api, fields, models, tools
from odoo.tools import SQL

PADRON_MODELS = [
    ("water.contract", "Account"),
    ("water.service.point", "Service point"),
    ("water.meter", "Meter"),
]


class WaterReportPadronChange(models.Model):
    """Every tracked change of the padrón (accounts, service points, meters): what changed, from what to
    what, who changed it and when, from the chatter's tracking values."""

    _name = "water.report.padron.change"
    _description = "Padrón changes report"
    _inherit = ["water.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "field_name"
    _water_report_date_field = "day"
    _depends = {
        "mail.tracking.value": ["field_id", "mail_message_id"],
        "mail.message": ["model", "res_id", "date"],
        "water.contract": ["service_point_id", "sector_id", "meter_id", "company_id"],
        "water.service.point": ["sector_id", "meter_id", "company_id"],
    }
    _water_report_columns = [
        "date",
        "res_model",
        "field_name",
        "old_value",
        "new_value",
        "user_id",
        "contract_id",
        "service_point_id",
        "meter_id",
        "sector_id",
    ]

    date = fields.Datetime(string="Changed on", readonly=True)
    day = fields.Date(readonly=True)
    res_model = fields.Selection(PADRON_MODELS, string="Record", readonly=True)
    res_id = fields.Integer(string="Record ID", readonly=True, aggregator=None)
    field_name = fields.Selection(
        selection="_selection_field_name", string="Field", readonly=True, help="The field of the padrón that changed."
    )
    old_value = fields.Char(string="Old value", readonly=True)
    new_value = fields.Char(string="New value", readonly=True)
    user_id = fields.Many2one("res.users", string="Changed by", readonly=True)
    contract_id = fields.Many2one("water.contract", string="Account", readonly=True)
    service_point_id = fields.Many2one("water.service.point", string="Service point", readonly=True)
    meter_id = fields.Many2one("water.meter", readonly=True)
    sector_id = fields.Many2one("water.sector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    message_id = fields.Many2one("mail.message", readonly=True)

    @api.model
    def _selection_field_name(self):
        """The tracked fields of accounts, service points and meters, by their label in the user's language."""
        labels = {}
        for model, _label in PADRON_MODELS:
            for name, field in self.env[model]._fields.items():
                if getattr(field, "tracking", None) and name not in labels:
                    labels[name] = field._description_string(self.env)
        return sorted(labels.items(), key=lambda item: item[1])

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        value = """COALESCE(v.{side}_value_char, v.{side}_value_text,
                            to_char(v.{side}_value_datetime, 'YYYY-MM-DD'),
                            CASE WHEN f.ttype IN ('float', 'monetary') THEN v.{side}_value_float::text END,
                            CASE WHEN f.ttype = 'integer' THEN v.{side}_value_integer::text END,
                            CASE WHEN f.ttype = 'boolean' THEN (v.{side}_value_integer = 1)::text END)"""
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
                SELECT v.id, m.date, m.date::date AS day, m.model AS res_model, m.res_id, f.name AS field_name,
                       %(old)s AS old_value, %(new)s AS new_value, m.create_uid AS user_id, m.id AS message_id,
                       COALESCE(c.id, pc.id) AS contract_id,
                       COALESCE(sp.id, c.service_point_id, mp.id) AS service_point_id,
                       CASE WHEN m.model = 'water.meter' THEN m.res_id ELSE COALESCE(sp.meter_id, c.meter_id) END
                           AS meter_id,
                       COALESCE(sp.sector_id, c.sector_id, mp.sector_id) AS sector_id,
                       COALESCE(c.company_id, sp.company_id, wm.company_id) AS company_id
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                  LEFT JOIN ir_model_fields f ON f.id = v.field_id
                  LEFT JOIN water_contract c ON m.model = 'water.contract' AND c.id = m.res_id
                  LEFT JOIN water_service_point sp ON m.model = 'water.service.point' AND sp.id = m.res_id
                  LEFT JOIN water_meter wm ON m.model = 'water.meter' AND wm.id = m.res_id
                  LEFT JOIN water_service_point mp ON mp.meter_id = wm.id
                  LEFT JOIN LATERAL (
                        SELECT pc.id FROM water_contract pc
                         WHERE pc.service_point_id = COALESCE(sp.id, mp.id)
                      ORDER BY pc.state = 'cancelled', pc.id DESC LIMIT 1) pc ON c.id IS NULL
                 WHERE m.model IN ('water.contract', 'water.service.point', 'water.meter')
            )
            """,
                table=SQL.identifier(self._table),
                old=SQL(value.format(side="old")),
                new=SQL(value.format(side="new")),
            )
        )
