import csv
import io
from datetime import datetime

import xlsxwriter

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


def csv_file(rows, *, headers, delimiter=","):
    """A CSV file (UTF-8) with the header line and the rows, as an import wizard receives it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(list(headers))
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows, *, headers, sheet_name="Hoja1"):
    """An XLSX file with the header line and the rows: datetimes as date cells, None and "" as blank cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet(sheet_name)
    date_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, headers)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(index, column, value, date_format)
            elif value not in (None, ""):
                sheet.write(index, column, value)
    book.close()
    return buffer.getvalue()


class WaterRegistryCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.sector = cls.env["water.sector"].create({"code": "t1", "name": "Prueba Uno"})
        cls.sector2 = cls.env["water.sector"].create({"code": "T2", "name": "Prueba Dos"})
        cls.route = cls.env["water.route"].create({"code": "r1", "name": "Ruta uno", "sector_id": cls.sector.id})
        cls.route2 = cls.env["water.route"].create({"code": "R2", "name": "Ruta dos", "sector_id": cls.sector2.id})
        cls.domestic = cls.env.ref("water_registry.service_class_domestic")
        cls.commercial = cls.env.ref("water_registry.service_class_commercial")
        cls.brand = cls.env["water.meter.brand"].create({"name": "Marca Prueba"})
        cls.holder = cls.env["res.partner"].create({"name": "Rosa Méndez Ruiz"})
        cls.holder2 = cls.env["res.partner"].create({"name": "Pedro Castro Díaz"})
        cls.viewer = new_test_user(cls.env, "t_viewer", groups="base.group_user,water_registry.group_water_user")
        cls.clerk = new_test_user(cls.env, "t_clerk", groups="base.group_user,water_registry.group_water_clerk")
        cls.manager = new_test_user(cls.env, "t_manager", groups="base.group_user,water_registry.group_water_manager")

    @classmethod
    def make_point(cls, **vals):
        values = {"street": "Calle Prueba", "street_number": "10", "sector_id": cls.sector.id, "route_id": cls.route.id}
        values.update(vals)
        return cls.env["water.service.point"].create(values)

    @classmethod
    def make_meter(cls, serial, **vals):
        values = {"serial": serial, "brand_id": cls.brand.id, "digits": 5}
        values.update(vals)
        return cls.env["water.meter"].create(values)

    @classmethod
    def install_meter(cls, point, meter, reading=0.0, date=None):
        vals = {"service_point_id": point.id, "new_meter_id": meter.id, "new_meter_initial_reading": reading}
        if date:
            vals["date"] = date
        cls.env["water.meter.change.wizard"].create(vals).action_confirm()

    @classmethod
    def make_contract(cls, point=None, **vals):
        values = {
            "partner_id": cls.holder.id,
            "service_point_id": (point or cls.make_point()).id,
            "service_class_id": cls.domestic.id,
        }
        values.update(vals)
        return cls.env["water.contract"].create(values)

    def end_transaction(self):
        """Run what Odoo runs at commit: tracking is written then, and never for records
        created in the same transaction (their creation message stands for it)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def tracked_fields(self, record):
        """Names of the fields whose changes are tracked in the record's chatter."""
        self.end_transaction()
        messages = self.env["mail.message"].search([("model", "=", record._name), ("res_id", "=", record.id)])
        return set(messages.tracking_value_ids.field_id.mapped("name"))
