import logging
import random
from datetime import timedelta

from odoo import _, api, fields, models

from odoo.addons.queue_job.job import Job

from ..utils import writeoff as writeoff_utils

_logger = logging.getLogger(__name__)

# 2 UMA of 2025 (113.14 pesos a day): the minimum of the enforcement costs the demo utility's law states
DEMO_COST_MINIMUM = 226.28
DEMO_WRITEOFF_THRESHOLD = 50000.0
DEMO_EXECUTOR_LOGIN = "ejecutor"
DEMO_LEGAL = {
    "water_pae_legal_determination": "Con fundamento en los artículos 4, 6 y 150 del Código Fiscal de la Federación, "
    "en el Código Fiscal del Estado y en la Ley de Ingresos del Municipio, se determina el crédito fiscal a cargo "
    "del usuario por derechos de agua potable, drenaje y saneamiento no pagados, sus recargos y los gastos de "
    "ejecución.",
    "water_pae_legal_requirement": "Con fundamento en el artículo 151 del Código Fiscal de la Federación se le "
    "requiere el pago del crédito determinado en el acto de esta diligencia; de no hacerlo se procederá al embargo "
    "de bienes suficientes para cubrirlo.",
    "water_pae_legal_mandate": "Con fundamento en los artículos 145 y 151 del Código Fiscal de la Federación se "
    "ordena al ejecutor designado requerir el pago y, en su caso, embargar bienes suficientes del deudor.",
    "water_pae_legal_seizure": "Con fundamento en los artículos 152 a 157 del Código Fiscal de la Federación se "
    "levanta la presente acta de embargo de los bienes señalados, que quedan bajo la guarda del depositario.",
}


class WaterDemoGenerator(models.AbstractModel):
    _inherit = "water.demo.generator"

    @api.model
    def demo_enqueue_pae_writeoffs(self):
        """Collections' PAE and write-off demo (data XML): it needs the demo's payment history, made by queue jobs
        after the install, so it is a job of its own that waits for them (or runs now when they are done)."""
        self._check_demo_allowed()
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("method_name", "=", "_recompute_previous_balances"),
                    ("state", "not in", ("done", "cancelled", "failed")),
                ],
                order="id desc",
                limit=1,
            )
        )
        delayable = self.delayable(description=_("Demo: PAE cases and a write-off"))._demo_pae_writeoffs()
        if not waiting:
            delayable.delay()
            return True
        job = delayable._build_job()
        parent = Job.load(self.env, waiting.uuid)
        job.graph_uuid = parent.graph_uuid
        job.add_depends({parent})
        job.store()
        parent.store()
        return True

    @api.model
    def _demo_pae_settings(self, company):
        values = dict(DEMO_LEGAL, water_pae_cost_rate=2.0, water_pae_cost_minimum=DEMO_COST_MINIMUM)
        values["water_writeoff_threshold"] = DEMO_WRITEOFF_THRESHOLD
        if not company.water_writeoff_journal_id:
            values["water_writeoff_journal_id"] = company._water_cash_journal(
                "general", "CINC", "Cancelación de cuentas incobrables"
            ).id
        if not company.water_writeoff_account_id:
            values["water_writeoff_account_id"] = company._water_cash_account(
                ("115.01.01", "Estimación de cuentas incobrables", "asset_current", False)
            ).id
        company.write(values)

    @api.model
    def _demo_executor(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        executor = Users.search([("login", "=", DEMO_EXECUTOR_LOGIN)], limit=1)
        if not executor:
            executor = Users.create(
                {
                    "name": "Ejecutor Fiscal (demo)",
                    "login": DEMO_EXECUTOR_LOGIN,
                    "password": DEMO_EXECUTOR_LOGIN,
                    "lang": "es_MX",
                    "tz": "America/Mexico_City",
                    "groups_id": [
                        (
                            6,
                            0,
                            [
                                self.env.ref("base.group_user").id,
                                self.env.ref("water_collections.group_water_executor").id,
                            ],
                        )
                    ],
                }
            )
        return executor

    @api.model
    def _demo_pae_writeoffs(self):
        """A PAE case at the seizure step, one closed (paid), and a posted write-off, on the demo's accounts with
        the largest and oldest debts (from ``_water_arrears``). Runs once."""
        if self.env["water.pae.case"].search_count([], limit=1) or self.env["water.writeoff"].search_count([], limit=1):
            return False
        company = self.env.company
        self._demo_pae_settings(company)
        executor = self._demo_executor()
        officer = self.env.ref("water_collections.user_demo_collections", raise_if_not_found=False) or self.env.user
        manager = self.env.ref("water_registry.user_demo_manager", raise_if_not_found=False) or self.env.user
        today = fields.Date.context_today(self)
        arrears = self.env["water.contract"].search([("company_id", "=", company.id)])._water_arrears()
        ranked = sorted(arrears, key=lambda cid: (-arrears[cid]["months_owed"], -arrears[cid]["overdue"], cid))
        if len(ranked) < 4:
            _logger.info("demo: too few accounts in arrears for the PAE and write-off demo")
            return False
        stage = self.env.ref("water_collections.collection_stage_pae")
        Case = self.env["water.pae.case"].with_user(officer)
        # the case at the seizure step: determined 40 days ago, each step ten days after the previous
        seized = Case._water_open({ranked[1]: arrears[ranked[1]]}, stage, day=today - timedelta(days=40))
        seized.executor_id = executor
        seized = seized.with_user(executor)
        seized._water_step("required", today - timedelta(days=30))
        seized._water_step("mandate", today - timedelta(days=20))
        seized.seizure_note = (
            "Camioneta pick-up blanca modelo 2012, placas de ejemplo; un refrigerador de dos puertas. "
            "Depositario: el propio deudor."
        )
        seized._water_step("seizure", today - timedelta(days=10))
        # the closed case: determined 25 days ago, its demand served, then paid in full at the window
        paid = Case._water_open({ranked[2]: arrears[ranked[2]]}, stage, day=today - timedelta(days=25))
        paid.executor_id = executor
        paid.with_user(executor)._water_step("required", today - timedelta(days=20))
        self._demo_pay_in_full(paid.contract_id, today - timedelta(days=1))
        self.env["water.pae.case"]._cron_water_pae_close()
        # the write-off: the oldest debts, approved by the commercial manager and posted
        writeoff = (
            self.env["water.writeoff"]
            .with_user(officer)
            .create(
                {
                    "date": today,
                    "default_reason": "not_found",
                    "note": "Usuarios no localizados en tres visitas del notificador; predios deshabitados.",
                }
            )
        )
        balances = self.env["water.contract"].browse([ranked[0], ranked[3]])._water_balances()
        self.env["water.writeoff.line"].create(
            [
                {
                    "writeoff_id": writeoff.id,
                    "contract_id": contract_id,
                    "reason": reason,
                    "amount": balances[contract_id],
                    "overdue": arrears[contract_id]["overdue"],
                    "months_owed": arrears[contract_id]["months_owed"],
                    "oldest_due": arrears[contract_id]["oldest_due"],
                    "age_months": writeoff_utils.debt_age_months(arrears[contract_id]["oldest_due"], today),
                }
                for contract_id, reason in ((ranked[0], "not_found"), (ranked[3], "property_gone"))
            ]
        )
        writeoff.action_submit()
        writeoff.with_user(manager).action_approve()
        if writeoff.state != "approved":  # above the board's amount: a second manager with the minute
            writeoff.board_minute = "JG-03/2026"
            writeoff.with_user(self.env.ref("base.user_admin")).action_approve()
        writeoff.with_user(officer).action_post()
        _logger.info("demo: PAE cases %s, write-off %s", ", ".join((seized | paid).mapped("name")), writeoff.name)
        return True

    @api.model
    def _demo_pay_in_full(self, contract, day):
        """The account pays what it owes at the demo cashier's window on ``day`` (a closed session)."""
        owed = contract._water_balances()[contract.id]
        if owed <= 0:
            return
        cashier = self.env.ref("water_collections.user_demo_cashier", raise_if_not_found=False) or self.env.user
        methods = {
            m.code: m for m in self.env["water.cash.method"].search([("company_id", "=", contract.company_id.id)])
        }
        self.env["water.cash.session"]._demo_pay_day(
            day, [(day, contract.id, owed)], cashier, methods, random.Random(1)
        )
