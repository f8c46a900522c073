import base64
import logging
import random
import time
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..utils import demo_data
from ..utils.padron import validate_rows

_logger = logging.getLogger(__name__)
DEMO_LOGINS = ["gerente", "padron", "consulta", "lecturista", "supervisor", "facturacion"]
PORTAL_DEMO_LOGINS = ["ciudadano", "vecina"]
DEMO_TZ = "America/Mexico_City"
# a one-page PDF with a line of text: the proof of the demo discount request
DEMO_PROOF_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 120]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 55>>stream\nBT /F1 14 Tf 20 60 Td (Credencial INAPAM - demo) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class WaterDemoGenerator(models.AbstractModel):
    _name = "water.demo.generator"
    _description = "Deterministic demo utility generator"

    @api.model
    def load_demo(self, n_contracts=1500):
        """The registry's demo (data XML): the utility with ``n_contracts`` accounts, Spanish for the
        demo users and the portal's citizens. Only the administrator (the install) runs it."""
        self._check_demo_allowed()
        # a utility with a history: its accounts and meters in service since the first month of the billing
        # demo's year (the tests' own fixtures are dated before it)
        self._generate(n_contracts, activation_date=fields.Date.context_today(self) - relativedelta(months=12, day=1))
        self._set_demo_language()
        self._generate_portal_demo()
        return True

    @api.model
    def _check_demo_allowed(self):
        """The guard of every public entry point of the demo: the demo writes as the administrator."""
        if not self.env.is_superuser():
            raise AccessError(_("Only the administrator generates demo data."))

    @api.model
    def _generate(self, n_contracts=1500, seed=2026, batch_size=1000, commit=False, extras=True, activation_date=None):
        """Make a believable utility: sectors, routes, employees, n contracts with meters, activated and
        installed on ``activation_date`` (today by default).

        Rows are produced and created batch by batch (flat memory); with commit=True
        each batch is committed and the caches emptied, for 100,000+ contracts.
        """
        started = time.time()
        routes = self._ensure_sectors_and_routes(n_contracts)
        self._ensure_employees(routes)
        importer = self.env["water.padron.import"]
        known = importer._known([])
        batch, created = [], 0
        for row in demo_data.padron_rows(n_contracts, seed):
            batch.append(row)
            if len(batch) >= batch_size:
                created += self._create_batch(importer, known, batch, commit, activation_date)
                batch = []
        if batch:
            created += self._create_batch(importer, known, batch, commit, activation_date)
        if extras:
            self._demo_discounts(seed)
            self._demo_requests(seed)
        _logger.info("Demo utility: %s contracts in %.1f s", created, time.time() - started)
        return created

    @api.model
    def _set_demo_language(self, lang="es_MX"):
        """Install Spanish (Mexico) with the translations of the installed modules, for the demo users."""
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search([("state", "=", "installed")])._update_translations([lang])
        users = self.env.ref("base.user_admin") | self.env["res.users"].search([("login", "in", DEMO_LOGINS)])
        users.write({"lang": lang, "tz": DEMO_TZ})
        # the utility's day is Mexico's: its own time zone for the scheduled jobs (OdooBot) and new users
        self.env.company.partner_id.write({"lang": lang, "tz": DEMO_TZ})
        self.env.ref("base.user_root").tz = DEMO_TZ
        return True

    @api.model
    def _generate_portal_demo(self, lang="es_MX"):
        """Two citizens on the portal: ``ciudadano`` holds the first metered account (billed by the
        billing demo) and follows another one; ``vecina`` holds a third one. ``ciudadano`` filed a leak
        report, answered by the staff, and a discount request with its proof. Runs once."""
        Users = self.env["res.users"].with_context(no_reset_password=True)
        if Users.search_count([("login", "in", PORTAL_DEMO_LOGINS)]):
            return False
        contracts = self.env["water.contract"].search(
            [("state", "=", "active"), ("is_metered", "=", True), ("company_id", "=", self.env.company.id)],
            order="number",
            limit=3,
        )
        if len(contracts) < 3:
            return False
        held, followed, neighbour = contracts
        portal = self.env.ref("base.group_portal")
        active_lang = self.env["res.lang"]._lang_get(lang)
        users = Users.create(
            [
                {
                    "login": login,
                    "password": login,
                    "partner_id": contract.partner_id.id,
                    "groups_id": [(6, 0, portal.ids)],
                }
                for login, contract in zip(PORTAL_DEMO_LOGINS, (held, neighbour), strict=True)
            ]
        )
        users.write({"tz": DEMO_TZ, **({"lang": lang} if active_lang else {})})
        citizen = users[0].partner_id
        followed.portal_partner_ids = [(4, citizen.id)]
        Request = self.env["water.request"]
        leak = Request._portal_create(
            citizen,
            self.env.ref("water_registry.request_type_leak"),
            held,
            "Hay una fuga en el cuadro del medidor desde hace dos días; se desperdicia mucha agua.",
            [],
        )
        leak.action_start()
        leak.answer = (
            "Gracias por su reporte. La cuadrilla reparó la fuga del cuadro del medidor; "
            "si vuelve a presentarse, responda en esta conversación."
        )
        clerk = self.env["res.users"].search([("login", "=", "padron")], limit=1)
        (leak.with_user(clerk) if clerk else leak).action_answer()
        Request._portal_create(
            citizen,
            self.env.ref("water_registry.request_type_discount"),
            held,
            "Solicito el descuento de persona adulta mayor; anexo mi credencial del INAPAM.",
            [("credencial_inapam.pdf", DEMO_PROOF_PDF, "application/pdf")],
        )
        return True

    def _create_batch(self, importer, known, rows, commit, activation_date=None):
        clean, errors = validate_rows(rows, known)
        if errors:
            raise ValueError(f"demo rows invalid: {errors[:3]}")
        count = len(importer._create_rows(clean, activation_date))
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()
        return count

    def _ensure_sectors_and_routes(self, n_contracts):
        Sector, Route = self.env["water.sector"], self.env["water.route"]
        sectors = {s.code: s for s in Sector.search([("company_id", "=", self.env.company.id)])}
        missing = [s for s in demo_data.SECTORS if s[0] not in sectors]
        for sector in Sector.create([{"code": code, "name": name} for code, name, _c in missing]):
            sectors[sector.code] = sector
        existing = {
            (r.sector_id.code, r.code) for r in Route.search([("sector_id", "in", [s.id for s in sectors.values()])])
        }
        Route.create(
            [
                {"sector_id": sectors[sector].id, "code": code, "name": name}
                for sector, code, name in demo_data.routes(n_contracts)
                if (sector, code) not in existing
            ]
        )
        return Route.search([("sector_id", "in", [s.id for s in sectors.values()])], order="sector_id, code")

    def _ensure_employees(self, routes):
        """Field staff of the company (once) and a reader on every route that lacks one."""
        Employee = self.env["hr.employee"]
        company = self.env.company
        if not Employee.search_count([("water_role", "!=", False), ("company_id", "=", company.id)]):
            roles = dict(Employee._fields["water_role"]._description_selection(self.env))
            Employee.create(
                [
                    {"name": name, "water_role": role, "job_title": roles[role], "company_id": company.id}
                    for name, role in demo_data.employees(len(routes))
                ]
            )
        readers = Employee.search([("water_role", "=", "reader"), ("company_id", "=", company.id)], order="id")
        for index, route in enumerate(routes.filtered(lambda r: not r.reader_id)):
            route.reader_id = readers[index % len(readers)]

    def _demo_discounts(self, seed):
        """About 5% of domestic holders with a social discount: verified, pending, expiring, expired."""
        rng = random.Random(seed + 2)
        domestic = self.env.ref("water_registry.service_class_domestic")
        contracts = self.env["water.contract"].search(
            [("service_class_id", "=", domestic.id), ("state", "=", "active")], order="number"
        )
        chosen = contracts.filtered(lambda c: rng.random() < 0.05)
        today = fields.Date.context_today(self)
        manager = self.env.ref("water_registry.user_demo_manager", raise_if_not_found=False) or self.env.user
        kinds = [k for k, _label in self.env["water.discount.eligibility"]._fields["discount_type"].selection]
        vals_list = []
        for contract in chosen:
            kind = rng.choice(kinds)
            valid_from = today - timedelta(days=rng.randint(30, 700))
            valid_until = today + timedelta(days=rng.choice([-20, -5, 10, 25, 120, 200, 365]))
            valid_until = max(valid_until, valid_from)
            proof = self.env["ir.attachment"].create(
                {
                    "name": f"credencial_{kind}_{contract.number}.txt",
                    "datas": base64.b64encode(f"Credencial {kind} de {contract.partner_id.name}".encode()),
                    "res_model": "water.contract",
                    "res_id": contract.id,
                }
            )
            pending = rng.random() < 0.15
            vals_list.append(
                {
                    "contract_id": contract.id,
                    "discount_type": kind,
                    "document_number": f"{kind[:3].upper()}-{rng.randint(100000, 999999)}",
                    "proof_attachment_ids": [(6, 0, proof.ids)],
                    "valid_from": valid_from,
                    "valid_until": valid_until,
                    "state": "pending" if pending else "verified",
                    "verified_by_id": False if pending else manager.id,
                    "verified_date": False if pending else valid_from,
                }
            )
        self.env["water.discount.eligibility"].with_context(tracking_disable=True).create(vals_list)

    def _demo_requests(self, seed):
        rng = random.Random(seed + 3)
        types = self.env["water.request.type"].search([])
        contracts = self.env["water.contract"].search([("state", "=", "active")], limit=40, order="number desc")
        texts = {
            "complaint": "El recibo llegó con un consumo que no corresponde.",
            "discount_request": "Solicito el descuento de jubilado; anexo credencial.",
            "consumption_review": "Pido revisión del consumo del último periodo, la casa estuvo sola.",
            "leak_report": "Fuga en la banqueta frente al domicilio.",
            "holder_change": "Cambio de nombre por compraventa del predio.",
        }
        states = ["new", "new", "in_progress", "answered", "closed"]
        vals_list = []
        for contract in contracts:
            request_type = rng.choice(types)
            state = rng.choice(states)
            vals_list.append(
                {
                    "request_type_id": request_type.id,
                    "channel": rng.choice(["window", "phone", "portal", "field"]),
                    "contract_id": contract.id,
                    "partner_id": contract.partner_id.id,
                    "description": texts.get(request_type.code, "Solicitud del usuario."),
                    "date": fields.Datetime.now() - timedelta(days=rng.randint(0, 30)),
                    "state": state,
                    "answer": "Se atendió la solicitud." if state in ("answered", "closed") else False,
                }
            )
        self.env["water.request"].create(vals_list)
