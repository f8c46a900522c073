# pylint: disable=consider-merging-classes-inherited
# (the payment agreements' part of the account statement keeps its own file beside the ledger's part)
from odoo import models
from odoo.tools import SQL, format_date

from odoo.addons.water_billing.utils import ledger
from odoo.addons.water_billing.utils import statement as statement_utils


class WaterContract(models.Model):
    _inherit = "water.contract"

    def _water_statement(self, date_from, date_to):
        """The agreements' entries read as what they are, not as payments or their reversals: the entry that
        activates an agreement is its debts covered (a credit) and one charge per instalment with its due date;
        the entry that breaks one says so. Two more queries whatever the number of accounts."""
        result = super()._water_statement(date_from, date_to)
        move_ids = list({line["move_id"] for stmt in result.values() for line in stmt.lines})
        if not move_ids:
            return result
        self.env["water.payment.agreement"].flush_model(["name", "instalment_count", "move_id", "breach_move_id"])
        self.env["water.payment.agreement.line"].flush_model(["number"])
        agreements = {
            row["move_id"]: row
            for row in self.env.execute_query_dict(
                SQL(
                    """
                SELECT m.id AS move_id, a.name AS agreement, a.instalment_count,
                       a.move_id = m.id AS activation, a.breach_move_id = m.id AS breach
                  FROM account_move m
                  JOIN water_payment_agreement a ON a.id = m.water_agreement_id
                 WHERE m.id = ANY(%s) AND m.move_type = 'entry'
                    """,
                    move_ids,
                )
            )
        }
        if not agreements:
            return result
        activations = [move_id for move_id, row in agreements.items() if row["activation"]]
        instalments = {}
        if activations:
            for row in self.env.execute_query_dict(
                SQL(
                    """
                SELECT l.move_id, l.water_contract_id AS contract_id, l.date, l.debit, al.number, l.date_maturity
                  FROM account_move_line l
                  JOIN water_payment_agreement_line al ON al.id = l.water_agreement_line_id
                 WHERE l.move_id = ANY(%s) AND %s
              ORDER BY al.number
                    """,
                    activations,
                    self._water_ledger_lines_condition(),
                )
            ):
                instalments.setdefault((row["move_id"], row["contract_id"], row["date"]), []).append(row)
        _ = self.env._
        concept = _("Payment agreement")
        for contract_id, stmt in result.items():
            if not any(line["move_id"] in agreements for line in stmt.lines):
                continue
            lines = []
            for line in stmt.lines:
                info = agreements.get(line["move_id"])
                if not info:
                    lines.append(line)
                    continue
                name = info["agreement"]
                if info["breach"]:
                    lines.append(
                        dict(
                            line,
                            kind="agreement_broken",
                            concept=_("Agreement broken"),
                            description=_("%s: the instalments left are cancelled, what is still owed is due", name),
                        )
                    )
                    continue
                own = instalments.get((line["move_id"], contract_id, line["date"]), []) if info["activation"] else []
                if not own:
                    lines.append(dict(line, kind="agreement", concept=concept, description=name))
                    continue
                charged = sum(row["debit"] for row in own)
                lines.append(
                    dict(
                        line,
                        kind="agreement",
                        concept=concept,
                        description=_("%s: debts covered", name),
                        charge=line["charge"] - ledger.money(charged),
                    )
                )
                count = info["instalment_count"] or len(own)
                for row in own:
                    lines.append(
                        dict(
                            line,
                            kind="agreement_instalment",
                            concept=_("Instalment %(number)s of %(count)s", number=row["number"], count=count),
                            description=_(
                                "due %(date)s · %(name)s",
                                name=name,
                                date=format_date(self.env, row["date_maturity"]),
                            ),
                            charge=row["debit"],
                            credit=0,
                        )
                    )
            result[contract_id] = statement_utils.build(stmt.opening, lines, stmt.date_from, stmt.date_to)
        return result
