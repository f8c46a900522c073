from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTimeZone(TransactionCase):
    def test_new_users_take_the_utility_time_zone(self):
        self.env.company.partner_id.tz = "America/Mexico_City"
        clerk = new_test_user(self.env, "t_tz_clerk", groups="water_registry.group_water_clerk")
        self.assertEqual(clerk.tz, "America/Mexico_City")
        given = new_test_user(self.env, "t_tz_given", groups="base.group_user", tz="America/Tijuana")
        self.assertEqual(given.tz, "America/Tijuana", "a time zone given is kept")
        citizen = self.env["res.partner"].create({"name": "Vecina", "tz": "America/Cancun"})
        portal = new_test_user(self.env, "t_tz_portal", groups="base.group_portal", partner_id=citizen.id)
        self.assertEqual(portal.tz, "America/Cancun", "a user made for a contact keeps the contact's")
