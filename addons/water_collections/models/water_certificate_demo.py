import logging
import random
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.queue_job.exception import RetryableJobError

from .water_payment_agreement_demo import demo_today, workday

_logger = logging.getLogger(__name__)

# the demo jobs the certificates wait for: the payment history, the collection process and the agreements
DEMO_JOBS = ("_demo_pay_bills", "_recompute_previous_balances", "_demo_process", "_demo_agreements_job")
# (key, kind, days ago requested, days ago issued (None: still requested), days ago revoked (None: not revoked))
DEMO_CERTIFICATES = (
    ("expired", "no_debt", 75, 73, None),
    ("revoked", "no_debt", 25, 24, 10),
    ("valid", "no_debt", 6, 5, None),
    ("valid_today", "no_debt", 1, 0, None),
    ("requested", "no_debt", 0, None, None),
    ("letter", "non_existence", 4, 3, None),
)
DEMO_LETTER = ("99-900-0417", "Camino a San Isidro s/n, lote 17, La Loma")


class WaterCertificate(models.Model):
    _inherit = "water.certificate"

    @api.model
    def demo_enqueue_certificates(self):
        """The demo's certificates need accounts that owe nothing once its payment history and agreements are made
        (queue jobs after the install): a queue job that waits for them."""
        self.env["water.demo.generator"]._check_demo_allowed()
        self.delayable(description=self.env._("Demo: no-debt certificates"))._demo_certificates_job().delay()
        return True

    @api.model
    def _demo_certificates_job(self):
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search_count([("method_name", "in", DEMO_JOBS), ("state", "not in", ("done", "cancelled", "failed"))])
        )
        if waiting:
            raise RetryableJobError(
                "the demo's payments and agreements are not done yet", seconds=60, ignore_retry=True
            )
        self._demo_certificates()
        return True

    @api.model
    def _demo_candidates(self, company):
        """Active accounts that owe nothing and have no agreement in force, the lowest numbers first."""
        contracts = self.env["water.contract"].search(
            [("company_id", "=", company.id), ("state", "=", "active")], order="number"
        )
        busy = set(
            self.env["water.payment.agreement"]
            .search([("contract_id", "in", contracts.ids), ("state", "in", ("to_approve", "waiting", "active"))])
            .contract_id.ids
        )
        balances = contracts._water_balances()
        return [c for c in contracts if c.id not in busy and balances.get(c.id, 0.0) <= 0.0]

    @api.model
    def _demo_certificates(self):
        """Certificates in every status, requested, paid at the window (the letter's fee paid on its invoice) and
        issued by the collections officer on the days they happened: one expired, one revoked, two valid, one
        waiting for its fee, and a letter of non-existence. Runs once."""
        company = self.env.company
        if self.search_count([("company_id", "=", company.id)], limit=1):
            return False
        today = fields.Date.context_today(self)
        officer = self.env.ref("water_collections.user_demo_collections", raise_if_not_found=False) or self.env.user
        cashier = self.env.ref("water_collections.user_demo_cashier", raise_if_not_found=False) or self.env.user
        company._water_cash_setup()
        methods = {m.code: m for m in self.env["water.cash.method"].search([("company_id", "=", company.id)])}
        rng = random.Random(2026)
        candidates = iter(self._demo_candidates(company))
        notary = self.env["res.partner"].create({"name": "Notaría Pública No. 7, Lic. Ana Ruiz Campos"})
        made = {}
        for key, kind, requested_ago, issued_ago, revoked_ago in DEMO_CERTIFICATES:
            values = {"kind": kind, "applicant_id": notary.id, "purpose": self.env._("Sale before a notary")}
            if kind == "no_debt":
                contract = next(candidates, None)
                if not contract:
                    _logger.info("demo: no account owes nothing for the certificate %s", key)
                    continue
                values["contract_id"] = contract.id
            else:
                values.update({"cadastral_key": DEMO_LETTER[0], "property_address": DEMO_LETTER[1]})
            requested = workday(today - timedelta(days=requested_ago))
            values["date_request"] = requested
            with demo_today(requested):
                certificate = self.with_user(cashier).create(values)
                if issued_ago is not None:
                    certificate._demo_pay_fee(requested, cashier, methods, rng, officer)
            if issued_ago is not None:
                with demo_today(workday(today - timedelta(days=issued_ago))):
                    certificate.with_user(officer).action_issue()
            if revoked_ago is not None:
                with demo_today(today - timedelta(days=revoked_ago)):
                    certificate.with_user(officer)._water_revoke(
                        self.env._("Issued on the seller's old account: a new certificate was requested.")
                    )
            made[key] = certificate
        _logger.info("demo: certificates %s", ", ".join(f"{c.name} {c.status}" for c in self.search([], order="id")))
        return made

    def _demo_pay_fee(self, day, cashier, methods, rng, officer):
        """The fee paid on ``day``: at the demo cashier's window for an account, on its invoice for a letter."""
        self.ensure_one()
        move = self.fee_move_id
        if self.contract_id:
            self.env["water.cash.session"]._demo_pay_day(
                day, [(day, self.contract_id.id, round(move.amount_residual, 2))], cashier, methods, rng
            )
        else:
            self.env["account.payment.register"].with_user(officer).with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": day}).action_create_payments()
