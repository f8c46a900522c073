from odoo import api, fields, models

from ..utils import statement

STATEMENT_PDF = "water_billing.action_report_statement"
# the page's geometry in millimetres (see report/water_statement_templates.xml): one-line rows of ROW mm; the
# first page opens with the utility's header and the account's boxes, the others with a short header; every
# page has the table's header, a first row (the opening balance, the balance brought forward) and the footer
ROW = 5.0
HEAD_FIRST = 24.0 + 3.0 + 31.0 + 3.0
HEAD_OTHER = 13.0 + 3.0
TABLE_HEAD = 6.5
FOOTER = 9.0
TOTALS_ROWS = 4  # the room the totals take on the last page, in rows


class ReportWaterStatement(models.AbstractModel):
    _name = "report.water_billing.report_statement"
    _description = "Account statement (PDF)"

    @api.model
    def _water_geometry(self):
        paperformat = self.env["ir.actions.report"]._get_report(STATEMENT_PDF).get_paperformat()
        # one millimetre to spare: a page a hair too tall spills an empty page
        height = round(
            (paperformat.print_page_height or 279.4) - paperformat.margin_top - paperformat.margin_bottom - 1.0, 1
        )
        return {
            "height": height,
            "first": int((height - HEAD_FIRST - TABLE_HEAD - ROW - FOOTER) // ROW),
            "other": int((height - HEAD_OTHER - TABLE_HEAD - ROW - FOOTER) // ROW),
            "reserve": TOTALS_ROWS,
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        documents = self.env["water.contract"]._water_statement_report_documents(docids, data)
        geometry = self._water_geometry()
        for document in documents:
            lines = [
                dict(line, charge=float(line["charge"]), credit=float(line["credit"]), balance=float(line["balance"]))
                for line in document["statement"].lines
            ]
            opening = float(document["statement"].opening)
            slices = statement.paginate(len(lines), geometry["first"], geometry["other"], geometry["reserve"])
            document["totals"] = {
                "opening": opening,
                "charges": float(document["statement"].charges),
                "credits": float(document["statement"].credits),
                "closing": float(document["statement"].closing),
            }
            document["pages"] = [
                {
                    "number": number,
                    "lines": lines[start:stop],
                    "brought_forward": lines[start - 1]["balance"] if start else opening,
                    "first": number == 1,
                    "last": number == len(slices),
                }
                for number, (start, stop) in enumerate(slices, 1)
            ]
        contracts = self.env["water.contract"].browse([document["contract"].id for document in documents])
        return {
            "doc_ids": contracts.ids,
            "doc_model": "water.contract",
            "docs": contracts.sudo(),
            "documents": documents,
            "geometry": geometry,
            "issued": fields.Date.context_today(self),
            "statement_lang": documents[0]["lang"] if documents else self.env.lang,
        }
