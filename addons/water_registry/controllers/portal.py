from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..utils import portal_upload

MAX_DESCRIPTION = 5000
REQUESTS_PER_PAGE = 20


class WaterPortal(CustomerPortal):
    """The citizen's water accounts under /my. Billing and collections add their sections to the
    account page by extending ``_water_account_values`` and the ``portal_water_account`` template."""

    def _water_contracts_domain(self):
        return request.env["water.contract"]._portal_domain(request.env.user.partner_id)

    def _water_visible_contracts(self):
        """The accounts the logged-in citizen may see (none for users without access)."""
        Contract = request.env["water.contract"]
        return Contract.search(self._water_contracts_domain()) if Contract.has_access("read") else Contract

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "water_account_count" in counters:
            Contract = request.env["water.contract"]
            values["water_account_count"] = (
                Contract.search_count(self._water_contracts_domain()) if Contract.has_access("read") else 0
            )
        if "water_request_count" in counters:
            Request = request.env["water.request"]
            values["water_request_count"] = (
                Request.search_count(self._water_requests_domain()) if Request.has_access("read") else 0
            )
        return values

    def _water_contract_check_access(self, contract_id):
        """The account if the logged-in citizen may see it, in sudo for display; AccessError otherwise.
        Ids that do not exist and ids of other citizens' accounts fail alike."""
        Contract = request.env["water.contract"]
        if not Contract.has_access("read"):
            raise AccessError(_("You cannot see this account."))
        contract = Contract.search([("id", "=", int(contract_id))] + self._water_contracts_domain(), limit=1)
        if not contract:
            raise AccessError(_("You cannot see this account."))
        return contract.sudo()

    def _water_accounts_values(self, contracts_sudo):
        """Values of the accounts list; other addons add theirs (balances...)."""
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "water_accounts", "contracts": contracts_sudo})
        return values

    def _water_account_values(self, contract_sudo, **kwargs):
        """Values of one account's page; other addons add their sections' values."""
        values = self._prepare_portal_layout_values()
        partner = request.env.user.partner_id
        Request = request.env["water.request"]
        requests = (
            Request.search([("contract_id", "=", contract_sudo.id)] + self._water_requests_domain(), limit=5)
            if Request.has_access("read")
            else Request
        )
        values.update(
            {
                "page_name": "water_account",
                "contract": contract_sudo,
                "water_linked": kwargs.get("linked"),
                "water_requests": requests.sudo(),
                "water_can_unfollow": partner in contract_sudo.portal_partner_ids
                and contract_sudo.partner_id != partner.commercial_partner_id,
            }
        )
        return values

    @http.route("/my/water", type="http", auth="user", website=True)
    def portal_my_water_accounts(self, **kwargs):
        contracts_sudo = self._water_visible_contracts().sudo()
        return request.render("water_registry.portal_my_water_accounts", self._water_accounts_values(contracts_sudo))

    @http.route("/my/water/<int:contract_id>", type="http", auth="user", website=True)
    def portal_my_water_account(self, contract_id, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        return request.render(
            "water_registry.portal_water_account", self._water_account_values(contract_sudo, **kwargs)
        )

    # ------------------------------------------------------------------ linking an account

    def _water_link_errors(self):
        return {
            "missing": _("Type the account number and the secret printed on your bill."),
            "invalid": _(
                "The account number or the secret does not match. Check both on your latest bill "
                "(the secret looks like ABCD-2345)."
            ),
            "state": _(
                "This account cannot be linked on the portal: it is not active yet or it was cancelled. "
                "Please go to the window of the water utility."
            ),
            "limit": _(
                "Too many failed attempts. For your security try again tomorrow, or go to the window of the "
                "water utility with your bill and an ID."
            ),
        }

    @http.route("/my/water/link", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_my_water_link(self, account_number="", secret="", **kwargs):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "water_link", "account_number": account_number, "error": False})
        if request.httprequest.method == "POST":
            if not account_number.strip() or not secret.strip():
                values["error"] = self._water_link_errors()["missing"]
            else:
                contract, error = request.env["water.contract"]._portal_link_with_secret(
                    request.env.user, account_number, secret, request.httprequest.remote_addr
                )
                if not error:
                    return request.redirect(f"/my/water/{contract.id}?linked=1")
                values["error"] = self._water_link_errors()[error]
        return request.render("water_registry.portal_water_link", values)

    @http.route("/my/water/<int:contract_id>/unfollow", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_water_unfollow(self, contract_id, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        contract_sudo._portal_unfollow(request.env.user.partner_id)
        return request.redirect("/my/water")

    # ------------------------------------------------------------------ requests

    def _water_requests_domain(self):
        partner = request.env.user.partner_id
        return [
            "|",
            ("partner_id", "=", partner.id),
            ("contract_id.partner_id", "=", partner.commercial_partner_id.id),
        ]

    @http.route(["/my/water/requests", "/my/water/requests/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_water_requests(self, page=1, **kwargs):
        Request = request.env["water.request"]
        values = self._prepare_portal_layout_values()
        requests, pager = Request, False
        if Request.has_access("read"):
            domain = self._water_requests_domain()
            pager = portal_pager(
                url="/my/water/requests", total=Request.search_count(domain), page=page, step=REQUESTS_PER_PAGE
            )
            requests = Request.search(domain, limit=REQUESTS_PER_PAGE, offset=pager["offset"])
        values.update({"page_name": "water_requests", "water_requests": requests.sudo(), "pager": pager})
        return request.render("water_registry.portal_my_water_requests", values)

    def _water_request_form_values(self, **kwargs):
        values = self._prepare_portal_layout_values()
        types = request.env["water.request.type"].sudo().search([("portal_available", "=", True)])
        values.update(
            {
                "page_name": "water_request_new",
                "request_types": types,
                "contracts": self._water_visible_contracts().sudo(),
                "form": kwargs,
                "errors": [],
                "files_help": _(
                    "PDF, JPG or PNG, up to %(files)s files of %(size)s MB each.",
                    files=portal_upload.MAX_FILES,
                    size=portal_upload.MAX_FILE_SIZE >> 20,
                ),
            }
        )
        return values

    def _water_request_read_files(self, uploads, errors):
        """The uploaded files as (name, content, mimetype), adding a message to errors for each bad one."""
        files = []
        uploads = [upload for upload in uploads if upload and upload.filename]
        if len(uploads) > portal_upload.MAX_FILES:
            errors.append(_("Attach at most %s files.", portal_upload.MAX_FILES))
            return files
        for upload in uploads:
            name = portal_upload.clean_filename(upload.filename)
            content = upload.read(portal_upload.MAX_FILE_SIZE + 1)
            mimetype, error = portal_upload.check_file(name, content)
            if error == portal_upload.TOO_BIG:
                errors.append(
                    _("%(name)s is too big: at most %(size)s MB.", name=name, size=portal_upload.MAX_FILE_SIZE >> 20)
                )
            elif error == portal_upload.EMPTY:
                errors.append(_("%s is empty.", name))
            elif error:
                errors.append(_("%s is not a PDF, JPG or PNG file.", name))
            else:
                files.append((name, content, mimetype))
        return files

    @http.route("/my/water/requests/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_my_water_request_new(self, **kwargs):
        values = self._water_request_form_values(**kwargs)
        if request.httprequest.method != "POST":
            return request.render("water_registry.portal_water_request_form", values)
        errors = values["errors"]
        request_type = values["request_types"].filtered(lambda t: str(t.id) == kwargs.get("request_type_id"))
        contract = values["contracts"].filtered(lambda c: str(c.id) == kwargs.get("contract_id"))
        description = (kwargs.get("description") or "").strip()
        if not request_type:
            errors.append(_("Choose the type of request."))
        if kwargs.get("contract_id") and not contract:
            errors.append(_("Choose one of your accounts."))
        elif request_type.portal_requires_account and not contract:
            errors.append(_("Choose the account of the request."))
        if not description:
            errors.append(_("Describe your request."))
        elif len(description) > MAX_DESCRIPTION:
            errors.append(_("The description is too long: at most %s characters.", MAX_DESCRIPTION))
        files = self._water_request_read_files(request.httprequest.files.getlist("attachments"), errors)
        if request_type.portal_requires_attachment and not files and not errors:
            errors.append(_("Attach the proof for this request (PDF, JPG or PNG)."))
        if errors:
            if files:
                errors.append(_("Choose your files again."))
            return request.render("water_registry.portal_water_request_form", values)
        water_request = request.env["water.request"]._portal_create(
            request.env.user.partner_id, request_type, contract, description, files
        )
        return request.redirect(f"/my/water/requests/{water_request.id}?created=1")

    @http.route("/my/water/requests/<int:request_id>", type="http", auth="public", website=True)
    def portal_my_water_request(self, request_id, access_token=None, **kwargs):
        try:
            request_sudo = self._document_check_access("water.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "water_request",
                "water_request": request_sudo,
                "attachments": request_sudo._portal_attachments(),
                "attachment_token": bool(access_token),
                "created": kwargs.get("created"),
            }
        )
        values = self._get_page_view_values(
            request_sudo, access_token, values, "my_water_requests_history", False, **kwargs
        )
        return request.render("water_registry.portal_water_request", values)
