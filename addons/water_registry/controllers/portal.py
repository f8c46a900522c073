from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class WaterPortal(CustomerPortal):
    """The citizen's water accounts under /my. Billing and collections add their sections to the
    account page by extending ``_water_account_values`` and the ``portal_water_account`` template."""

    def _water_contracts_domain(self):
        return request.env["water.contract"]._portal_domain(request.env.user.partner_id)

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "water_account_count" in counters:
            Contract = request.env["water.contract"]
            values["water_account_count"] = (
                Contract.search_count(self._water_contracts_domain()) if Contract.has_access("read") else 0
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
        values.update({"page_name": "water_account", "contract": contract_sudo})
        return values

    @http.route("/my/water", type="http", auth="user", website=True)
    def portal_my_water_accounts(self, **kwargs):
        Contract = request.env["water.contract"]
        contracts = Contract.search(self._water_contracts_domain()) if Contract.has_access("read") else Contract
        return request.render("water_registry.portal_my_water_accounts", self._water_accounts_values(contracts.sudo()))

    @http.route("/my/water/<int:contract_id>", type="http", auth="user", website=True)
    def portal_my_water_account(self, contract_id, **kwargs):
        try:
            contract_sudo = self._water_contract_check_access(contract_id)
        except (AccessError, MissingError):
            return request.redirect("/my/water")
        return request.render(
            "water_registry.portal_water_account", self._water_account_values(contract_sudo, **kwargs)
        )
