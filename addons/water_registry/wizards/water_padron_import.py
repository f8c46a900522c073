from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..utils.account_number import normalize_account_number
from ..utils.padron import Known, map_headers, normalize_serial, validate_rows
from ..utils.tables import cell_text, plain

_lt = LazyTranslate(__name__)

ERROR_MESSAGES = {
    "account_missing": _lt("the account number is missing"),
    "account_invalid": _lt("invalid account number «%(account)s» (letters, digits and dashes only, 20 at most)"),
    "account_exists": _lt("account %(account)s already exists in the registry"),
    "account_repeated": _lt("account %(account)s is repeated (also in row %(row)s)"),
    "holder_missing": _lt("the holder's name is missing"),
    "street_missing": _lt("the street is missing"),
    "sector_missing": _lt("the sector is missing"),
    "sector_unknown": _lt("sector «%(sector)s» does not exist"),
    "route_missing": _lt("the route is missing"),
    "route_unknown": _lt("route «%(route)s» does not exist in sector %(sector)s"),
    "class_missing": _lt("the service class (use) is missing"),
    "class_unknown": _lt("service class «%(service_class)s» does not exist"),
    "service_unknown": _lt("unknown service: %(services)s (use agua, drenaje, saneamiento)"),
    "key_exists": _lt("cadastral key %(key)s already exists in the registry"),
    "key_repeated": _lt("cadastral key %(key)s is repeated (also in row %(row)s)"),
    "not_a_number": _lt("column %(column)s: «%(value)s» is not a number (%(reason)s)"),
    "reading_negative": _lt("the initial reading cannot be negative"),
    "volume_negative": _lt("the assumed volume cannot be negative"),
    "digits_range": _lt("the meter digits must be between 3 and 10"),
    "serial_invalid": _lt("invalid meter serial «%(serial)s» (3 to 20 letters, digits, dashes or slashes)"),
    "brand_missing": _lt("the brand of meter %(serial)s is missing"),
    "meter_exists": _lt("meter %(serial)s of brand %(brand)s already exists"),
    "meter_repeated": _lt("meter %(serial)s is repeated (also in row %(row)s)"),
    "diameter_unknown": _lt('unknown meter diameter «%(diameter)s» (use 1/2", 3/4", 1", 1 1/2", 2", 3" or 4")'),
    "unmetered_unknown": _lt("unknown unmetered billing «%(value)s» (use cuota fija or volumen)"),
    "assumed_volume_missing": _lt("the account is billed by assumed volume but the volume is missing"),
}
BATCH_SIZE = 1000


class WaterPadronImport(models.TransientModel):
    _name = "water.padron.import"
    _description = "Import of an existing padrón (CSV or XLSX)"
    _inherit = ["water.import.mixin"]
    _import_title = _lt("Import padrón")
    _import_file_prompt = _lt("Choose the CSV or XLSX file of the padrón to import.")
    _import_error_messages = ERROR_MESSAGES

    created_count = fields.Integer(string="Accounts created", readonly=True)
    line_ids = fields.One2many("water.padron.import.line", "import_id", string="Problems found", readonly=True)

    def action_open_contracts(self):
        return self.env["ir.actions.act_window"]._for_xml_id("water_registry.action_water_contract")

    # ---------------------------------------------------------------- reading
    def _read_rows(self):
        headers, data = self._read_table()
        mapping, missing, _unknown = map_headers(headers)
        if missing:
            raise UserError(
                _(
                    "The file lacks the required columns: %(missing)s. Columns found: %(found)s.",
                    missing=", ".join(missing),
                    found=", ".join(h for h in headers if h),
                )
            )
        return [{mapping[i]: cell for i, cell in enumerate(row) if i in mapping} for row in data]

    # ---------------------------------------------------------------- validation
    @api.model
    def _known(self, rows):
        """What the database holds for the values of these rows: a few batched queries."""
        company = self.env.company
        accounts = list({normalize_account_number(r.get("account_number")) for r in rows} - {""})
        keys = list({cell_text(r.get("cadastral_key")).upper() for r in rows} - {""})
        serials = list({normalize_serial(cell_text(r.get("meter_serial"))) for r in rows} - {""})
        known = Known()
        contracts = (
            self.env["water.contract"]
            .sudo()
            .search_read([("number", "in", accounts), ("company_id", "=", company.id)], ["number"])
        )
        known.accounts = {c["number"] for c in contracts}
        meters = (
            self.env["water.meter"]
            .sudo()
            .with_context(active_test=False)
            .search_read([("serial", "in", serials), ("company_id", "=", company.id)], ["serial", "brand_id"])
        )
        known.meters = {(plain(m["brand_id"][1]), m["serial"]) for m in meters}
        points = (
            self.env["water.service.point"]
            .sudo()
            .with_context(active_test=False)
            .search_read([("cadastral_key", "in", keys), ("company_id", "=", company.id)], ["cadastral_key"])
        )
        known.cadastral_keys = {p["cadastral_key"].upper() for p in points}
        known.sectors = set(self._sector_ids())
        known.routes = set(self._route_ids())
        known.classes = set(self._class_ids())
        return known

    @api.model
    def _sector_ids(self):
        sectors = self.env["water.sector"].search([("company_id", "=", self.env.company.id)])
        return {s.code.upper(): s.id for s in sectors}

    @api.model
    def _route_ids(self):
        routes = self.env["water.route"].search([("company_id", "=", self.env.company.id)])
        return {(r.sector_id.code.upper(), r.code.upper()): r.id for r in routes}

    @api.model
    def _class_ids(self):
        """Classes by code and by name in every installed language ('Domestic', 'Doméstico')."""
        result = {}
        classes = self.env["water.service.class"].search([])
        for lang, _name in self.env["res.lang"].get_installed():
            for service_class in classes.with_context(lang=lang):
                result[plain(service_class.name)] = service_class.id
        result.update({c.code.upper(): c.id for c in classes})
        return result

    def _validate(self):
        rows = self._read_rows()
        return validate_rows(rows, self._known(rows))

    def _valid_summary(self, clean):
        return _("All %s rows are valid: press Import to create the accounts.", len(clean))

    # ---------------------------------------------------------------- creation
    def _import_rows(self, clean):
        contracts = self._create_rows(clean)
        return {
            "created_count": len(contracts),
            "summary": _("%(count)s accounts imported from %(file)s.", count=len(contracts), file=self.file_name or ""),
        }

    @api.model
    def _create_rows(self, clean, activation_date=None):
        """Create partners, service points, meters, installations and active contracts, in batches."""
        contracts = self.env["water.contract"]
        activation_date = activation_date or fields.Date.context_today(self)
        for start in range(0, len(clean), BATCH_SIZE):
            contracts |= self._create_batch(clean[start : start + BATCH_SIZE], activation_date)
            # write the batch and drop it from the cache: memory stays flat whatever the file size
            self.env.flush_all()
            self.env.invalidate_all()
        return contracts

    @api.model
    def _create_batch(self, rows, activation_date):
        env = self.env(context=dict(self.env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
        company = env.company
        sectors, routes, classes = self._sector_ids(), self._route_ids(), self._class_ids()
        brands = self._brand_ids({r["meter_brand"] for r in rows if r["meter_serial"]})
        partners = self._partner_ids(env, rows)
        metered = [r for r in rows if r["meter_serial"]]
        meters = env["water.meter"].create(
            [
                {
                    "serial": r["meter_serial"],
                    "brand_id": brands[r["meter_brand_key"]],
                    "diameter": r["meter_diameter"] or "half",
                    "digits": r["meter_digits"] or 5,
                    "initial_reading": r["initial_reading"] or 0.0,
                    "state": "working",
                    "company_id": company.id,
                }
                for r in metered
            ]
        )
        meter_by_row = {r["row_no"]: meter.id for r, meter in zip(metered, meters, strict=True)}
        points = env["water.service.point"].create(
            [
                {
                    "cadastral_key": r["cadastral_key"] or False,
                    "street": r["street"],
                    "street_number": r["street_number"],
                    "colonia": r["colonia"],
                    "zip": r["zip"],
                    "sector_id": sectors[r["sector"]],
                    "route_id": routes[(r["sector"], r["route"])],
                    "route_sequence": r["route_position"] or 0,
                    "meter_id": meter_by_row.get(r["row_no"], False),
                    "company_id": company.id,
                }
                for r in rows
            ]
        )
        env["water.meter.install"].create(
            [
                {
                    "meter_id": meter_by_row[r["row_no"]],
                    "service_point_id": point.id,
                    "install_date": activation_date,
                    "install_reading": r["initial_reading"] or 0.0,
                }
                for r, point in zip(rows, points, strict=True)
                if r["row_no"] in meter_by_row
            ]
        )
        return env["water.contract"].create(
            [
                {
                    "number": r["account_number"],
                    "partner_id": partners[r["row_no"]],
                    "service_point_id": point.id,
                    "service_class_id": classes.get(r["service_class"].upper()) or classes[plain(r["service_class"])],
                    "service_water": "water" in r["services"],
                    "service_drainage": "drainage" in r["services"],
                    "service_sanitation": "sanitation" in r["services"],
                    "own_well": "water" not in r["services"],
                    "unmetered_billing": (r["unmetered_billing"] or False) if not r["meter_serial"] else False,
                    "assumed_volume": r["assumed_volume"] or 0.0,
                    "state": "active",
                    "date_contract": activation_date,
                    "date_activated": activation_date,
                    "company_id": company.id,
                }
                for r, point in zip(rows, points, strict=True)
            ]
        )

    @api.model
    def _brand_ids(self, names):
        brands = {plain(b.name): b.id for b in self.env["water.meter.brand"].with_context(active_test=False).search([])}
        missing = {}
        for name in names:
            if plain(name) not in brands:
                missing.setdefault(plain(name), name.strip())
        if missing:
            created = self.env["water.meter.brand"].create([{"name": name} for name in missing.values()])
            brands.update({plain(b.name): b.id for b in created})
        return brands

    @api.model
    def _partner_ids(self, env, rows):
        """Holder per row: the existing partner with the same RFC, or a new one."""
        vats = list({r["holder_vat"].upper() for r in rows if r["holder_vat"]})
        existing = {}
        if vats:
            for partner in env["res.partner"].search([("vat", "in", vats)]):
                existing.setdefault(partner.vat.upper(), partner.id)
        mexico = env.ref("base.mx", raise_if_not_found=False)
        new_rows = [r for r in rows if r["holder_vat"].upper() not in existing]
        created = env["res.partner"].create(
            [
                {
                    "name": r["holder_name"],
                    "vat": r["holder_vat"] or False,
                    "phone": r["holder_phone"] or False,
                    "email": r["holder_email"] or False,
                    "street": " ".join(p for p in (r["street"], r["street_number"]) if p),
                    "street2": r["colonia"] or False,
                    "zip": r["zip"] or False,
                    "city": env.company.city or False,
                    "state_id": env.company.state_id.id or False,
                    "country_id": mexico.id if mexico else False,
                }
                for r in new_rows
            ]
        )
        result = {r["row_no"]: existing[r["holder_vat"].upper()] for r in rows if r["holder_vat"].upper() in existing}
        result.update({r["row_no"]: partner.id for r, partner in zip(new_rows, created, strict=True)})
        return result
