# pylint: disable=consider-merging-classes-inherited
# (the collections officer authorises the extraordinary charges: works and materials reported for an account)
from odoo import _, fields, models

OFFICER_GROUP = "water_collections.group_water_collections_officer"
MANAGER_GROUP = "water_registry.group_water_manager"
APPROVAL_ACTIVITY = "water_collections.mail_activity_charge_approval"


class WaterCharge(models.Model):
    _inherit = "water.charge"

    def _water_approver_groups(self):
        return (*super()._water_approver_groups(), OFFICER_GROUP)

    def _water_approval_users(self, company):
        """Who is asked to authorise: the company's collections officers (the commercial manager when it has none)."""
        officers = (
            self.env.ref(OFFICER_GROUP)
            .sudo()
            .users.filtered(lambda user: company in user.company_ids and not user.share)
        )
        return (officers - self.env.ref(MANAGER_GROUP).sudo().users) or officers

    def _water_confirm(self):
        result = super()._water_confirm()
        self.filtered(lambda c: c.state == "to_approve")._water_ask_approval()
        return result

    def _water_ask_approval(self):
        """A to-do for the officers on each charge waiting for their authorisation (one create for all)."""
        if not self:
            return
        activity_type = self.env.ref(APPROVAL_ACTIVITY)
        model = self.env["ir.model"]._get_id("water.charge")
        today = fields.Date.context_today(self)
        users = {}
        values = []
        for charge in self:
            company = charge.company_id
            if company.id not in users:
                users[company.id] = self._water_approval_users(company)
            summary = _(
                "Authorise %(item)s of %(account)s",
                item=charge.charge_type_id.name,
                account=charge.contract_id.display_name or charge.partner_id.display_name,
            )
            values += [
                {
                    "res_model_id": model,
                    "res_id": charge.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for user in users[company.id]
            ]
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(values)

    def _water_close_approval(self):
        """The officers' to-dos end when the charge is authorised or rejected (the chatter keeps who and why)."""
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "water.charge"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self.env.ref(APPROVAL_ACTIVITY).id),
            ]
        ).unlink()

    def action_approve(self):
        result = super().action_approve()
        for charge in self:
            charge.message_post(body=_("Authorised by %s.", self.env.user.name))
        self._water_close_approval()
        return result

    def _water_cancel(self, reason):
        result = super()._water_cancel(reason)
        self._water_close_approval()
        return result

    def action_reject(self):
        """Reject a charge waiting for authorisation: cancelled with its reason (the cancellation wizard)."""
        return self.action_cancel()
