"""The payment policy: the boolean "surcharges first" of the cashier window becomes the company's order of the
surcharges for every payment (first / date / last), filled before the field exists so that Odoo does not put its
default on every company."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_company' AND column_name = 'water_cash_surcharges_first'
        """
    )
    had_boolean = bool(cr.fetchone())
    cr.execute("ALTER TABLE res_company ADD COLUMN IF NOT EXISTS water_payment_surcharges varchar")
    if had_boolean:
        cr.execute(
            """
            UPDATE res_company
               SET water_payment_surcharges = CASE WHEN water_cash_surcharges_first THEN 'first' ELSE 'date' END
             WHERE water_payment_surcharges IS NULL
            """
        )
    cr.execute("UPDATE res_company SET water_payment_surcharges = 'date' WHERE water_payment_surcharges IS NULL")
