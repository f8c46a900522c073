from datetime import datetime, time, timedelta

import pytz

from odoo import api, models

from ..utils.operations import share


class WaterReportActivity(models.AbstractModel):
    """The figures of the billing department's weekly and the commercial department's monthly activity
    reports, read from the reporting facts by grouped reads (one query per table of the report)."""

    _name = "water.report.activity"
    _description = "Activity report figures"

    @api.model
    def _water_group(self, model, domain, groupby, aggregates):
        """Rows of a grouped read as dicts: {'key': display name of the group (or ''), aggregate: value}."""
        Fact = self.env[model]
        rows = []
        for group in Fact._read_group(domain, groupby, aggregates):
            keys, values = group[: len(groupby)], group[len(groupby) :]
            row = {
                "key": " / ".join(self._water_label(Fact, spec, key) for spec, key in zip(groupby, keys, strict=True))
            }
            row.update(dict(zip(aggregates, values, strict=True)))
            rows.append(row)
        return rows

    @api.model
    def _water_label(self, Fact, spec, key):
        field = Fact._fields[spec.split(":")[0]]
        if isinstance(key, models.BaseModel):
            return key.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(key, "") if key else ""
        if field.type == "boolean":
            return self.env._("Yes") if key else self.env._("No")
        return str(key) if key not in (None, False) else ""

    @api.model
    def _water_utc_bounds(self, date_from, date_to, company):
        """The naive UTC datetimes of the first instant of ``date_from`` and of the day after ``date_to``, in the
        time zone of the company (the reporting views' own)."""
        zone = pytz.timezone(self.env["water.report.reading"]._water_tz())
        start = zone.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        stop = zone.localize(datetime.combine(date_to + timedelta(days=1), time.min)).astimezone(pytz.utc)
        return start, stop.replace(tzinfo=None)

    @api.model
    def _water_totals(self, model, domain, aggregates):
        return dict(zip(aggregates, self.env[model]._read_group(domain, [], aggregates)[0], strict=True))

    # ------------------------------------------------------------------ facts
    @api.model
    def _water_readings(self, date_from, date_to, company):
        # on the stored capture time (indexed), the local days turned into UTC bounds
        start, stop = self._water_utc_bounds(date_from, date_to, company)
        domain = [("company_id", "=", company.id), ("capture_date", ">=", start), ("capture_date", "<", stop)]
        aggregates = [
            "__count",
            "measured_count:sum",
            "estimated_count:sum",
            "minimum_count:sum",
            "anomaly_count:sum",
            "observation_count:sum",
            "consumption:sum",
        ]
        rows = self._water_group("water.report.reading", domain, ["sector_id"], aggregates)
        total = self._water_totals("water.report.reading", domain, aggregates)
        for row in rows + [total]:
            decided = row["measured_count:sum"] + row["estimated_count:sum"] + row["minimum_count:sum"]
            # no decided (or captured) reading: no share, printed as a dash rather than 0 %
            row["measured_pct"] = share(row["measured_count:sum"], decided) if decided else None
            row["anomaly_pct"] = share(row["anomaly_count:sum"], row["__count"]) if row["__count"] else None
        anomalies = self._water_group(
            "water.report.reading", domain + [("anomaly", "!=", False)], ["anomaly"], ["__count"]
        )
        to_review = self.env["water.report.reading"].search_count(
            [("company_id", "=", company.id), ("state", "=", "to_review")]
        )
        _ = self.env._
        columns = [
            (_("Captured"), "__count", "int"),
            (_("Measured"), "measured_count:sum", "int"),
            (_("Estimated"), "estimated_count:sum", "int"),
            (_("Minimum"), "minimum_count:sum", "int"),
            (_("Measured %"), "measured_pct", "pct"),
            (_("With anomaly"), "anomaly_count:sum", "int"),
            (_("Anomaly %"), "anomaly_pct", "pct"),
            (_("Consumption (m³)"), "consumption:sum", "float"),
        ]
        return {
            "by_sector": rows,
            "total": total,
            "anomalies": anomalies,
            "to_review": to_review,
            "columns": columns,
            "anomaly_columns": [(_("Readings"), "__count", "int")],
        }

    @api.model
    def _water_orders(self, date_from, date_to, company, source=None):
        base = [("company_id", "=", company.id)] + ([("source", "=", source)] if source else [])
        issued = base + [("date", ">=", date_from), ("date", "<=", date_to)]
        done = base + [("date_done", ">=", date_from), ("date_done", "<=", date_to)]
        rows = {
            row["key"]: {"type": row["key"], "issued": row["__count"], "done": 0, "days": None}
            for row in self._water_group("water.report.work.order", issued, ["order_type"], ["__count"])
        }
        for row in self._water_group("water.report.work.order", done, ["order_type"], ["__count", "days_to_done:avg"]):
            entry = rows.setdefault(row["key"], {"type": row["key"], "issued": 0, "done": 0, "days": None})
            entry.update(done=row["__count"], days=row["days_to_done:avg"])
        overdue = self.env["water.report.work.order"].search_count(base + [("is_overdue", "=", True)])
        _ = self.env._
        return {
            "by_type": [dict(row, key=row["type"]) for row in sorted(rows.values(), key=lambda row: row["type"])],
            "overdue": overdue,
            "columns": [
                (_("Issued"), "issued", "int"),
                (_("Executed"), "done", "int"),
                (_("Average days to execute"), "days", "float"),
            ],
        }

    @api.model
    def _water_contracts(self, date_from, date_to, company):
        domain = [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<=", date_to)]
        aggregates = ["new_count:sum", "cancelled_count:sum", "net_count:sum"]
        return {
            "by_class": self._water_group("water.report.contract.event", domain, ["service_class_id"], aggregates),
            "total": self._water_totals("water.report.contract.event", domain, aggregates),
            "columns": [
                (self.env._("New contracts"), "new_count:sum", "int"),
                (self.env._("Cancellations"), "cancelled_count:sum", "int"),
                (self.env._("Net change"), "net_count:sum", "int"),
            ],
        }

    @api.model
    def _water_padron(self, date_from, date_to, company):
        domain = [("company_id", "=", company.id), ("day", ">=", date_from), ("day", "<=", date_to)]
        return {
            "by_field": self._water_group(
                "water.report.padron.change", domain, ["res_model", "field_name"], ["__count"]
            ),
            "total": {"__count": self.env["water.report.padron.change"].search_count(domain)},
            "columns": [(self.env._("Changes"), "__count", "int")],
        }

    @api.model
    def _water_requests(self, date_from, date_to, company):
        filed = [("company_id", "=", company.id), ("day", ">=", date_from), ("day", "<=", date_to)]
        aggregates = ["__count", "answered_count:sum", "on_time_count:sum", "days_to_answer:avg"]
        rows = self._water_group("water.report.request", filed, ["request_type_id"], aggregates)
        total = self._water_totals("water.report.request", filed, aggregates)
        for row in rows + [total]:
            answered = row["answered_count:sum"]
            row["on_time_pct"] = share(row["on_time_count:sum"], answered) if answered else None
        overdue = self.env["water.report.request"].search_count(
            [("company_id", "=", company.id), ("is_overdue", "=", True)]
        )
        _ = self.env._
        columns = [
            (_("Filed"), "__count", "int"),
            (_("Answered"), "answered_count:sum", "int"),
            (_("On time"), "on_time_count:sum", "int"),
            (_("On time %"), "on_time_pct", "pct"),
            (_("Average days to answer"), "days_to_answer:avg", "float"),
        ]
        return {"by_type": rows, "total": total, "overdue": overdue, "columns": columns}

    @api.model
    def _water_surveys(self, date_from, date_to, company):
        Link = self.env["water.request.survey"]
        start, stop = self._water_utc_bounds(date_from, date_to, company)
        sent_domain = [("company_id", "=", company.id), ("date_sent", ">=", start), ("date_sent", "<", stop)]
        sent = Link.search_count(sent_domain)
        answered = Link.search_count(sent_domain + [("state", "=", "done")])
        domain = [
            ("company_id", "=", company.id),
            ("day", ">=", date_from),
            ("day", "<=", date_to),
            ("score", "!=", False),
        ]
        by_question = self._water_group("water.report.survey.answer", domain, ["question_id"], ["__count", "score:avg"])
        return {
            "sent": sent,
            "answered": answered,
            "rate": share(answered, sent),
            "by_question": by_question,
            "columns": [(self.env._("Answers"), "__count", "int"), (self.env._("Average score"), "score:avg", "float")],
        }

    # ------------------------------------------------------------------ billing and income (core facts)
    @api.model
    def _water_bills(self, date_from, date_to, company):
        """Bills issued (invoice date in the period), by class: count, volume, total."""
        domain = [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<=", date_to)]
        aggregates = ["bill_count:sum", "volume:sum", "amount_total:sum"]
        _ = self.env._
        return {
            "by_class": self._water_group("water.report.bill", domain, ["service_class_id"], aggregates),
            "total": self._water_totals("water.report.bill", domain, aggregates),
            "columns": [
                (_("Bills"), "bill_count:sum", "int"),
                (_("Volume (m³)"), "volume:sum", "float"),
                (_("Amount billed"), "amount_total:sum", "money"),
            ],
        }

    @api.model
    def _water_income(self, date_from, date_to, company):
        """Money collected in the period, by concept and by channel."""
        domain = [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<=", date_to)]
        return {
            "by_concept": self._water_group("water.report.income", domain, ["concept"], ["amount:sum"]),
            "by_channel": self._water_group("water.report.income", domain, ["channel"], ["amount:sum"]),
            "total": self._water_totals("water.report.income", domain, ["amount:sum"]),
            "columns": [(self.env._("Collected"), "amount:sum", "money")],
        }
