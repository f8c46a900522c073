# pylint: disable=consider-merging-classes-inherited
# (what the agreement prints keeps its own file beside the agreement's workflow)
from datetime import timedelta

from odoo import fields, models
from odoo.tools import format_amount, format_date, is_html_empty


class WaterPaymentAgreement(models.Model):
    """The agreement's document for both signatures: the parties, the debt covered, the forgiveness, the terms, the
    schedule and the clauses."""

    _inherit = "water.payment.agreement"

    debt_amounts = fields.Json(
        string="Debts as signed",
        readonly=True,
        copy=False,
        help="What each covered debt owed when the agreement was signed (journal item id: amount), as printed.",
    )

    def _water_start(self):
        """Keep what each covered debt owes as signed, before the forgiveness and the down payment reach them."""
        for agreement in self:
            lines = agreement.debt_line_ids.sudo()
            agreement.sudo().debt_amounts = {str(line.id): line.amount_residual for line in lines}
        return super()._water_start()

    # ------------------------------------------------------------------ what the document prints
    def _water_print_lang(self):
        """The holder's language, else the utility's."""
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or self.env.lang or "en_US"

    def _water_debt_rows(self):
        """The covered debts as the document prints them, oldest first: document, concept, period or detail, due
        date and amount (as signed; the draft's as it stands)."""
        self.ensure_one()
        lines = self.debt_line_ids.sudo()
        signed = self.debt_amounts or {}
        instalment_count = {agreement.id: len(agreement.line_ids) for agreement in lines.water_agreement_id}
        rows = []
        for line in lines:
            move = line.move_id
            previous = line.water_agreement_id
            if previous and line.water_agreement_line_id:
                concept = self.env._("Earlier agreement %s", previous.name)
                detail = self.env._(
                    "Instalment %(number)s of %(count)s",
                    number=line.water_agreement_line_id.number,
                    count=previous.instalment_count or instalment_count.get(previous.id, 0),
                )
            elif previous and move.move_type == "entry":
                concept = self.env._("Earlier agreement %s", previous.name)
                detail = self.env._("What was still owed")
            elif move.water_is_surcharge:
                concept = self.env._("Surcharge")
                detail = move.invoice_line_ids[:1].name or move.ref or ""
            elif move.water_period_id:
                concept = self.env._("Water bill")
                detail = move.water_period_id.name
            else:
                concept = self.env._("Other charge")
                detail = move.invoice_line_ids[:1].name or move.ref or ""
            if str(line.id) in signed:
                amount = signed[str(line.id)]
            else:
                amount = line.amount_residual
            if amount <= 0:
                continue
            rows.append(
                {
                    "document": move.name,
                    "concept": concept,
                    "detail": detail if detail != move.name else "",
                    "date_due": line.date_maturity or move.invoice_date_due or line.date,
                    "amount": amount,
                    "is_surcharge": move.water_is_surcharge,
                }
            )
        rows.sort(key=lambda row: (row["date_due"] or fields.Date.today(), row["document"] or ""))
        return rows

    def _water_forgiveness_by(self):
        """Who grants the forgiveness, as the document says it."""
        self.ensure_one()
        if self.forgiveness_source == "campaign" and self.campaign_id:
            return self.env._("the forgiveness campaign %s", self.campaign_id.name)
        if self.forgiveness_source == "manual":
            return self.env._("the utility's authorisation")
        if self.instalment_count:
            return self.env._("the utility's policy for agreements in instalments")
        return self.env._("the utility's policy for a single payment")

    def _water_print_terms(self):
        """The terms as the document prints them: [(label, amount, css class)] in the environment's language, the
        forgiveness as a negative amount."""
        self.ensure_one()
        _ = self.env._
        lang = self.env.lang
        selection = {
            name: dict(self._fields[name]._description_selection(self.env)) for name in ("frequency", "method")
        }
        forgiveness_pct = f"{self.forgiveness_pct:g}"
        interest_rate = f"{self.interest_rate:g}"
        rows = [(_("Debt covered"), self.amount_debt, "")]
        if self.amount_forgiven:
            rows.append(
                (
                    _(
                        "Surcharges forgiven: %(pct)s%% (by %(by)s)",
                        pct=forgiveness_pct,
                        by=self._water_forgiveness_by(),
                    ),
                    -self.amount_forgiven,
                    "o_water_agreement_forgiveness",
                )
            )
        if self.instalment_count:
            label = _("Down payment")
        else:
            label = _("Single payment")
        if self.date_down_payment_due and self.state in ("draft", "to_approve", "waiting"):
            label = _(
                "%(label)s (pay by %(date)s)",
                label=label,
                date=format_date(self.env, self.date_down_payment_due, lang_code=lang),
            )
        rows.append((label, self.amount_down_payment, "o_water_agreement_down_payment"))
        if self.instalment_count:
            rows.append(
                (
                    _(
                        "Amount financed in %(count)s instalments (%(frequency)s)",
                        count=self.instalment_count,
                        frequency=selection["frequency"].get(self.frequency, "").lower(),
                    ),
                    self.amount_financed,
                    "o_water_agreement_financed",
                )
            )
            if self.amount_interest:
                label = _(
                    "Financing interest: %(rate)s%% a month, %(method)s amortisation",
                    rate=interest_rate,
                    method=selection["method"].get(self.method, "").lower(),
                )
            else:
                label = _("Financing interest: none")
            rows.append((label, self.amount_interest, "o_water_agreement_interest"))
        return rows

    def _water_print_place(self):
        """Where and when the parties sign, as the document says it."""
        self.ensure_one()
        company = self.company_id
        place = ", ".join(part for part in (company.city, company.state_id.name) if part) or company.name
        day = self.date_confirmed or fields.Date.context_today(self)
        return self.env._(
            "Signed in %(place)s on %(date)s by the parties, who agree to its terms.",
            place=place,
            date=format_date(self.env, day, lang_code=self.env.lang),
        )

    def _water_standard_clauses(self):
        """The standard clauses, with the utility's figures, printed when the utility wrote none: a list of
        (title, text) in the language of the agreement's environment."""
        self.ensure_one()
        _ = self.env._
        company = self.company_id
        currency = self.currency_id
        lang = self.env.lang

        def money(value):
            return format_amount(self.env, value, currency, lang_code=lang)

        def day(value):
            return format_date(self.env, value, lang_code=lang) if value else ""

        holder, number = self.partner_id.name or "", self.contract_id.number or ""
        # the percentages as typed (75, 1.47), outside the calls the translations are extracted from
        forgiveness_pct = f"{self.forgiveness_pct:g}"
        interest_rate = f"{self.interest_rate:g}"
        surcharge_rate = f"{company.water_surcharge_rate:g}"
        clauses = [
            (
                _("Acknowledgement of the debt"),
                _(
                    "%(holder)s, holder of account %(account)s, acknowledges owing the utility %(debt)s for the "
                    "documents listed above and agrees to pay it as this agreement sets out.",
                    holder=holder,
                    account=number,
                    debt=money(self.amount_debt),
                ),
            )
        ]
        if self.amount_forgiven:
            clauses.append(
                (
                    _("Forgiveness"),
                    _(
                        "By %(by)s the utility forgives %(pct)s%% of the surcharges covered, %(amount)s, on the "
                        "condition that the agreement is kept.",
                        by=self._water_forgiveness_by(),
                        pct=forgiveness_pct,
                        amount=money(self.amount_forgiven),
                    ),
                )
            )
        if self.instalment_count:
            due = self.date_down_payment_due or fields.Date.context_today(self) + timedelta(
                days=company.water_agreement_down_payment_days
            )
            clauses.append(
                (
                    _("Down payment"),
                    _(
                        "The agreement comes into force when the down payment of %(down)s is paid, by %(date)s at "
                        "the latest (%(days)s days after the signature); otherwise it lapses and the surcharges "
                        "forgiven are charged back.",
                        down=money(self.amount_down_payment),
                        date=day(due),
                        days=company.water_agreement_down_payment_days,
                    ),
                )
            )
            clauses.append(
                (
                    _("Instalments"),
                    _(
                        "The remaining %(financed)s is paid in %(count)s instalments on the dates of the schedule. "
                        "Each instalment is charged on the account's bill (recibo) from %(notice)s days before its "
                        "due date and is paid at the utility's windows, at banks and stores with the bill's "
                        "reference, or online. The water consumed keeps being billed and paid as usual.",
                        financed=money(self.amount_financed),
                        count=self.instalment_count,
                        notice=company.water_agreement_notice_days,
                    ),
                )
            )
            if self.amount_interest:
                method = dict(self._fields["method"]._description_selection(self.env)).get(self.method, "")
                clauses.append(
                    (
                        _("Financing interest"),
                        _(
                            "The amount financed bears an interest of %(rate)s%% a month, %(interest)s in all, "
                            "included in the instalments (%(method)s amortisation).",
                            rate=interest_rate,
                            interest=money(self.amount_interest),
                            method=method.lower(),
                        ),
                    )
                )
            breach = _(
                "An instalment still unpaid %(days)s days after its due date breaks the agreement without further "
                "notice: the instalments left are cancelled and everything still owed is due at once as one debt.",
                days=company.water_agreement_breach_days,
            )
            if company.water_agreement_restore_forgiveness and self.amount_forgiven:
                breach += " " + _(
                    "The surcharges forgiven, %(amount)s, are charged back to the account.",
                    amount=money(self.amount_forgiven),
                )
            if company.water_surcharge_rate:
                breach += " " + _(
                    "What is overdue bears the surcharges of %(rate)s%% a month set by the law of revenues.",
                    rate=surcharge_rate,
                )
            breach += " " + _(
                "The account returns to the collection process, which may lead to the restriction or the "
                "suspension of the service."
            )
            clauses.append((_("Breach"), breach))
            if company.water_agreement_max_restructures:
                restructure = _(
                    "At the holder's request the utility may restructure an active or broken agreement into a new "
                    "one over what remains, %(max)s times at most.",
                    max=company.water_agreement_max_restructures,
                )
            else:
                restructure = _("The agreement cannot be restructured.")
            clauses.append((_("Restructuring"), restructure))
            clauses.append(
                (
                    _("Early payment"),
                    _(
                        "The holder may pay ahead of the schedule at any time: what is paid beyond the instalments "
                        "due is applied to the next instalments."
                    ),
                )
            )
        return clauses

    def _water_clauses_html(self):
        """The utility's own clauses: as they were when the agreement was signed, else the company's today."""
        self.ensure_one()
        for clauses in (self.clauses, self.company_id.water_agreement_clauses):
            if not is_html_empty(clauses):
                return clauses
        return False
